#ifndef SLUICE_RUNTIME_REDUCED_WINDOW_NODE_H_
#define SLUICE_RUNTIME_REDUCED_WINDOW_NODE_H_

// The incremental reduceByKeyAndWindow (Spark's ReducedWindowedDStream). Its parent is the stream reduced per
// batch and partitioned by key; task p at T merges the window's own partition p at T - slide with partition p of
// the reduced batches that entered the window, (T - slide, T], and, through the inverse function, of those that
// left it, (T - length - slide, T - length]. Its cost is that of the slide's batches, not the window's. As in
// Spark, a key stays (with the value its inverse leaves, e.g. a count of 0) once its values left the window,
// unless the filter drops it.

#include <functional>
#include <optional>
#include <stdexcept>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "runtime/node.h"
#include "runtime/shuffle_nodes.h"

namespace sluice {

template <class K, class V>
class ReducedWindowNode final : public TypedNode<std::pair<K, V>> {
 public:
  using Record = std::pair<K, V>;
  using Reduce = std::function<V(V&&, V&&)>;

  // `filter` may be empty: every key is kept.
  ReducedWindowNode(NodeDescription description, Reduce reduce, Reduce inverse,
                    std::function<bool(const Record&)> filter)
      : TypedNode<Record>(std::move(description)),
        reduce_(std::move(reduce)),
        inverse_(std::move(inverse)),
        filter_(std::move(filter)) {}

  bool ReadWindowDelta(ShuffleInput& previous, ShuffleInput& added, ShuffleInput& removed,
                       AnySink& downstream) const override {
    std::vector<K> keys;  // in the order first seen, so that a task's output does not depend on hashing
    absl::flat_hash_map<K, Slots> slots;
    auto slot_of = [&](const K& key) -> Slots& {
      auto [it, added_key] = slots.try_emplace(key);
      if (added_key) keys.push_back(key);
      return it->second;
    };
    bool intact =
        ReadShuffleRecords<Record>(previous, [&](Record&& r) { slot_of(r.first).previous = std::move(r.second); }) &&
        ReadShuffleRecords<Record>(removed,
                                   [&](Record&& r) { Merge(slot_of(r.first).removed, std::move(r.second)); }) &&
        ReadShuffleRecords<Record>(added, [&](Record&& r) { Merge(slot_of(r.first).added, std::move(r.second)); });
    if (!intact) return false;
    auto& sink = static_cast<Sink<Record>&>(downstream);
    for (const K& key : keys) {
      Record record(key, Value(std::move(slots[key])));
      if (!filter_ || filter_(record)) sink.Push(std::move(record));
    }
    sink.Finish();
    return true;
  }

 private:
  struct Slots {
    std::optional<V> previous;
    std::optional<V> added;    // the entering batches' values, reduced
    std::optional<V> removed;  // the leaving batches' values, reduced
  };

  void Merge(std::optional<V>& into, V&& value) const {
    into = into ? reduce_(std::move(*into), std::move(value)) : std::move(value);
  }

  // Spark's mergeValues, with its error for a key that is in neither the previous window nor the new batches.
  V Value(Slots&& slot) const {
    if (!slot.previous) {
      if (!slot.added) {
        throw std::runtime_error(
            "Neither previous window has value for key, nor new values found. Are you sure your key class hashes "
            "consistently?");
      }
      return std::move(*slot.added);
    }
    V value = std::move(*slot.previous);
    if (slot.removed) value = inverse_(std::move(value), std::move(*slot.removed));
    if (slot.added) value = reduce_(std::move(value), std::move(*slot.added));
    return value;
  }

  Reduce reduce_;
  Reduce inverse_;
  std::function<bool(const Record&)> filter_;
};

}  // namespace sluice

#endif  // SLUICE_RUNTIME_REDUCED_WINDOW_NODE_H_
