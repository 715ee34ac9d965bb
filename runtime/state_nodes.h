#ifndef SLUICE_RUNTIME_STATE_NODES_H_
#define SLUICE_RUNTIME_STATE_NODES_H_

// updateStateByKey: a keyed exchange whose reduce side also reads the node's own result one slide earlier. The
// map side writes every (key, value) to the bucket its encoded key hashes to; the reduce task p merges them with
// its state partition p (co-partitioned: the same hash and partition count), or at the first time with the keys
// of the initial state that hash to p, and calls the update for every key with state or new values.

#include <algorithm>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "driver/api/state.h"
#include "runtime/node.h"
#include "runtime/shuffle_nodes.h"

namespace sluice {

// The update of one partition, as every form of updateStateByKey reduces to it: the entries in (StateEntry,
// driver/api/state.h), the kept (key, state) pairs pushed to `out`.
template <class K, class V, class S>
using PartitionStateUpdate =
    std::function<void(Time batch_time, std::vector<StateEntry<K, V, S>>&& entries, Sink<std::pair<K, S>>& out)>;

// Spark's update(values, state) -> Option[state]: nullopt removes the key.
template <class K, class V, class S, class F>
PartitionStateUpdate<K, V, S> PerKeyStateUpdate(F update) {
  return [update = std::move(update)](Time, std::vector<StateEntry<K, V, S>>&& entries, Sink<std::pair<K, S>>& out) {
    for (auto& [key, values, state] : entries) {
      std::optional<S> next = std::invoke(update, std::as_const(values), std::as_const(state));
      if (next) out.Push(std::pair<K, S>(std::move(key), std::move(*next)));
    }
  };
}

// Spark's update(time, key, values, state) -> Option[state].
template <class K, class V, class S, class F>
PartitionStateUpdate<K, V, S> TimedStateUpdate(F update) {
  return
      [update = std::move(update)](Time time, std::vector<StateEntry<K, V, S>>&& entries, Sink<std::pair<K, S>>& out) {
        for (auto& [key, values, state] : entries) {
          std::optional<S> next =
              std::invoke(update, time, std::as_const(key), std::as_const(values), std::as_const(state));
          if (next) out.Push(std::pair<K, S>(std::move(key), std::move(*next)));
        }
      };
}

// Spark's iterator form: every entry of the partition in, the states to keep out.
template <class K, class V, class S, class F>
PartitionStateUpdate<K, V, S> PartitionWideStateUpdate(F update) {
  return [update = std::move(update)](Time, std::vector<StateEntry<K, V, S>>&& entries, Sink<std::pair<K, S>>& out) {
    for (auto& kept : std::invoke(update, std::move(entries))) out.Push(std::pair<K, S>(std::move(kept)));
  };
}

template <class K, class V>
class KeyedValueShuffleWriter final : public Sink<std::pair<K, V>> {
 public:
  explicit KeyedValueShuffleWriter(ShuffleOutput& out) : out_(out) {}
  void Push(std::pair<K, V>&& record) override { WritePartitioned(record.first, record.second, out_, key_scratch_); }
  void Finish() override {}

 private:
  ShuffleOutput& out_;
  std::string key_scratch_;
};

template <class K, class V, class S>
class UpdateStateByKeyNode final : public TypedNode<std::pair<K, S>> {
 public:
  using Entry = StateEntry<K, V, S>;

  UpdateStateByKeyNode(NodeDescription description, PartitionStateUpdate<K, V, S> update,
                       std::vector<std::pair<K, S>> initial_state)
      : TypedNode<std::pair<K, S>>(std::move(description)),
        update_(std::move(update)),
        initial_state_(std::move(initial_state)) {}

  std::unique_ptr<AnySink> MakeShuffleWriter(int /*parent_index*/, ShuffleOutput& out) const override {
    return std::make_unique<KeyedValueShuffleWriter<K, V>>(out);
  }

  // The reduce side never runs without its state.
  bool ReadShuffle(ShuffleInput& /*in*/, AnySink& /*downstream*/) const override { return false; }

  bool ReadState(ShuffleInput& new_values, ShuffleInput& previous_state, const StateTaskContext& context,
                 AnySink& downstream) const override {
    std::vector<Entry> entries;
    absl::flat_hash_map<K, size_t> position;
    auto entry_of = [&](const K& key) -> Entry& {
      auto [it, added] = position.try_emplace(key, entries.size());
      if (added) entries.emplace_back(key, std::vector<V>{}, std::nullopt);
      return entries[it->second];
    };
    if (context.first_batch) {
      AddInitialState(context, entry_of);
    } else if (!ReadShuffleRecords<std::pair<K, S>>(previous_state, [&](std::pair<K, S>&& record) {
                 std::get<2>(entry_of(record.first)) = std::move(record.second);
               })) {
      return false;
    }
    if (!ReadShuffleRecords<std::pair<K, V>>(new_values, [&](std::pair<K, V>&& record) {
          std::get<1>(entry_of(record.first)).push_back(std::move(record.second));
        })) {
      return false;
    }
    auto& sink = static_cast<Sink<std::pair<K, S>>&>(downstream);
    update_(context.batch_time, std::move(entries), sink);
    sink.Finish();
    return true;
  }

 private:
  // The initial state's keys of this partition, found as the map side finds a key's partition.
  template <class EntryOf>
  void AddInitialState(const StateTaskContext& context, EntryOf& entry_of) const {
    std::string key_scratch;
    for (const auto& [key, state] : initial_state_) {
      key_scratch.clear();
      EncodeRecord(key, &key_scratch);
      uint32_t partitions = static_cast<uint32_t>(std::max(context.num_partitions, 1));
      if (PartitionOfEncodedKey(key_scratch, partitions) != static_cast<uint32_t>(context.partition)) {
        continue;
      }
      std::get<2>(entry_of(key)) = state;
    }
  }

  PartitionStateUpdate<K, V, S> update_;
  std::vector<std::pair<K, S>> initial_state_;
};

}  // namespace sluice

#endif  // SLUICE_RUNTIME_STATE_NODES_H_
