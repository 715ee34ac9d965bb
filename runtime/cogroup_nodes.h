#ifndef SLUICE_RUNTIME_COGROUP_NODES_H_
#define SLUICE_RUNTIME_COGROUP_NODES_H_

// cogroup of two pair streams, and the joins on top of it. The cogroup is one keyed exchange with two parents:
// the map side of each parent writes every record, tagged with its side, to the bucket its encoded key hashes
// to (no map-side combining, as in Spark's CoGroupedRDD: it would not make less data cross), and the reduce side
// gathers both sides' values per key into a Cogrouped record (driver/api/state.h). A join is then a narrow step
// that emits, per key, the combinations of the two sides' values that its kind keeps.

#include <memory>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "driver/api/state.h"
#include "runtime/node.h"
#include "runtime/shuffle_nodes.h"

namespace sluice {

// A record in a cogroup's shuffle: the key, then the value in the slot of the side it came from (the other slot
// empty). The sides cannot be told apart by type, since V and W may be the same.
template <class K, class V, class W>
using SideTaggedRecord = std::pair<K, std::pair<std::optional<V>, std::optional<W>>>;

// The map side for parent `kSide` (0: the stream cogroup was called on, 1: the other one).
template <class K, class V, class W, int kSide>
class CogroupSideWriter final : public Sink<std::pair<K, std::conditional_t<kSide == 0, V, W>>> {
 public:
  using Value = std::conditional_t<kSide == 0, V, W>;

  explicit CogroupSideWriter(ShuffleOutput& out) : out_(out) {}

  void Push(std::pair<K, Value>&& record) override {
    WritePartitioned(record.first, Tagged(std::move(record.second)), out_, key_scratch_);
  }
  void Finish() override {}

 private:
  static std::pair<std::optional<V>, std::optional<W>> Tagged(Value&& value) {
    if constexpr (kSide == 0) {
      return {std::move(value), std::nullopt};
    } else {
      return {std::nullopt, std::move(value)};
    }
  }

  ShuffleOutput& out_;
  std::string key_scratch_;
};

template <class K, class V, class W>
class CogroupNode final : public TypedNode<Cogrouped<K, V, W>> {
 public:
  using Out = Cogrouped<K, V, W>;

  // `description.parents` are the two streams, in the order of the result's sides.
  explicit CogroupNode(NodeDescription description) : TypedNode<Out>(std::move(description)) {}

  std::unique_ptr<AnySink> MakeShuffleWriter(int parent_index, ShuffleOutput& out) const override {
    if (parent_index == 0) return std::make_unique<CogroupSideWriter<K, V, W, 0>>(out);
    if (parent_index == 1) return std::make_unique<CogroupSideWriter<K, V, W, 1>>(out);
    return nullptr;
  }

  // A record with both slots or neither is corrupt data, like bytes that do not decode.
  bool ReadShuffle(ShuffleInput& in, AnySink& downstream) const override {
    absl::flat_hash_map<K, std::pair<std::vector<V>, std::vector<W>>> groups;
    bool well_tagged = true;
    bool intact = ReadShuffleRecords<SideTaggedRecord<K, V, W>>(in, [&](SideTaggedRecord<K, V, W>&& record) {
      auto& [first, second] = record.second;
      if (first.has_value() == second.has_value()) {
        well_tagged = false;
        return;
      }
      auto& [firsts, seconds] = groups[std::move(record.first)];
      if (first) {
        firsts.push_back(std::move(*first));
      } else {
        seconds.push_back(std::move(*second));
      }
    });
    if (!intact || !well_tagged) return false;
    auto& sink = static_cast<Sink<Out>&>(downstream);
    for (auto& [key, values] : groups) sink.Push(Out(key, std::move(values)));
    sink.Finish();
    return true;
  }
};

template <class T>
inline constexpr bool kIsOptional = false;
template <class T>
inline constexpr bool kIsOptional<std::optional<T>> = true;

// One side of a join for a key: its values as the join's side type S, which is the value type itself (the side
// is required: a key without values there joins nothing) or std::optional of it (the key still joins, with None).
template <class S, class V>
std::vector<S> JoinSide(std::vector<V>&& values) {
  std::vector<S> side(std::make_move_iterator(values.begin()), std::make_move_iterator(values.end()));
  if constexpr (kIsOptional<S>) {
    if (side.empty()) side.emplace_back(std::nullopt);
  }
  return side;
}

// The narrow step after a cogroup that makes it a join: for each key, every (left, right) of its sides' values,
// lefts in the outer loop as Spark does. L is V or std::optional<V>, R is W or std::optional<W>: join,
// leftOuterJoin, rightOuterJoin and fullOuterJoin differ only in which sides are optional.
template <class K, class V, class W, class L, class R>
struct JoinStep {
  using Out = std::pair<K, std::pair<L, R>>;

  void operator()(Cogrouped<K, V, W>&& group, Sink<Out>& out) const {
    std::vector<L> lefts = JoinSide<L>(std::move(group.second.first));
    std::vector<R> rights = JoinSide<R>(std::move(group.second.second));
    for (const L& left : lefts) {
      for (const R& right : rights) out.Push(Out(group.first, std::pair<L, R>(left, right)));
    }
  }
};

}  // namespace sluice

#endif  // SLUICE_RUNTIME_COGROUP_NODES_H_
