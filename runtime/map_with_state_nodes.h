#ifndef SLUICE_RUNTIME_MAP_WITH_STATE_NODES_H_
#define SLUICE_RUNTIME_MAP_WITH_STATE_NODES_H_

// mapWithState (Spark's MapWithStateDStream; the user's StateSpec and State are driver/api/state.h's): a keyed
// exchange whose reduce task p applies the batch's records of partition p, one by one, to the partition's keyed
// state table, which stays on the worker that has it (runtime/keyed_state_table.h). stateSnapshots reads the
// tables.

#include <algorithm>
#include <memory>
#include <optional>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "common/time.h"
#include "driver/api/state.h"
#include "runtime/keyed_state_table.h"
#include "runtime/narrow_nodes.h"
#include "runtime/node.h"
#include "runtime/shuffle_nodes.h"
#include "runtime/state_nodes.h"

namespace sluice {

template <class K, class V, class S, class M>
class MapWithStateNode final : public TypedNode<M> {
 public:
  using Table = MappedStateTable<K, S>;

  MapWithStateNode(NodeDescription description, StateSpec<K, V, S, M> spec)
      : TypedNode<M>(std::move(description)), spec_(std::move(spec)) {}

  std::unique_ptr<AnySink> MakeShuffleWriter(int /*parent_index*/, ShuffleOutput& out) const override {
    return std::make_unique<KeyedValueShuffleWriter<K, V>>(out);
  }
  // The reduce side never runs without its table.
  bool ReadShuffle(ShuffleInput& /*in*/, AnySink& /*downstream*/) const override { return false; }

  std::unique_ptr<KeyedStateTable> MakeKeyedStateTable() const override {
    return std::make_unique<Table>(spec_.timeout().has_value());
  }

  // Spark's MapWithStateRDDRecord.updateRecordWithData: the function runs once per record, in the order the
  // records arrive; then once more for every key idle since before batch_time - timeout, which is removed.
  bool ApplyToKeyedState(ShuffleInput& new_values, KeyedStateTable& table, const StateTaskContext& context,
                         AnySink& downstream) const override {
    auto& states = static_cast<Table&>(table);
    auto& out = static_cast<Sink<M>&>(downstream);
    const int64_t now = context.batch_time.milliseconds();
    if (context.first_batch) AddInitialState(context, states);
    State<S> state;
    bool intact = ReadShuffleRecords<std::pair<K, V>>(new_values, [&](std::pair<K, V>&& record) {
      const auto* entry = states.Find(record.first);
      state.Wrap(entry != nullptr ? std::optional<S>(entry->state) : std::nullopt, false);
      std::optional<M> mapped = spec_.mapping()(context.batch_time, record.first, std::move(record.second), state);
      if (state.removed_) {
        states.Remove(record.first);
      } else if (state.updated_ || (state.exists() && spec_.timeout())) {
        states.Put(record.first, std::move(*state.value_), now);
      }
      if (mapped) out.Push(std::move(*mapped));
    });
    if (!intact) return false;
    if (spec_.timeout()) TimeOut(context.batch_time, now - spec_.timeout()->milliseconds(), states, out);
    out.Finish();
    return true;
  }

  EncodedRecords EncodeKeyedState(const KeyedStateTable& table) const override {
    using Checkpointed = std::tuple<K, S, int64_t>;
    EncodedRecords out{.type_name = TypeName<Checkpointed>()};
    static_cast<const Table&>(table).ForEach([&out](const K& key, const typename Table::Entry& entry) {
      EncodeRecord(Checkpointed(key, entry.state, entry.updated_ms), &out.records);
      ++out.count;
    });
    return out;
  }

  void ReadKeyedState(const KeyedStateTable& table, AnySink& downstream) const override {
    auto& out = static_cast<Sink<std::pair<K, S>>&>(downstream);
    static_cast<const Table&>(table).ForEach(
        [&out](const K& key, const typename Table::Entry& entry) { out.Push(std::pair<K, S>(key, entry.state)); });
    out.Finish();
  }

 private:
  void AddInitialState(const StateTaskContext& context, Table& states) const {
    std::string key_scratch;
    const uint32_t partitions = static_cast<uint32_t>(std::max(context.num_partitions, 1));
    for (const auto& [key, value] : spec_.initial_state()) {
      key_scratch.clear();
      EncodeRecord(key, &key_scratch);
      if (PartitionOfEncodedKey(key_scratch, partitions) == static_cast<uint32_t>(context.partition)) {
        states.Put(key, value, context.batch_time.milliseconds());
      }
    }
  }

  void TimeOut(Time batch_time, int64_t threshold_ms, Table& states, Sink<M>& out) const {
    std::vector<std::pair<K, S>> idle;
    states.ForEachUpdatedBefore(threshold_ms, [&idle](const K& key, const typename Table::Entry& entry) {
      idle.emplace_back(key, entry.state);
    });
    State<S> state;
    for (auto& [key, value] : idle) {
      state.Wrap(std::move(value), true);
      std::optional<M> mapped = spec_.mapping()(batch_time, key, std::nullopt, state);
      states.Remove(key);
      if (mapped) out.Push(std::move(*mapped));
    }
    states.set_index_horizon(threshold_ms);
  }

  StateSpec<K, V, S, M> spec_;
};

// stateSnapshots: every (key, state) of the mapWithState node after each batch. Its tasks read the tables where
// they are; the node passes the pairs on.
template <class K, class S>
class StateSnapshotsNode final : public TypedNode<std::pair<K, S>> {
 public:
  using TypedNode<std::pair<K, S>>::TypedNode;

  std::unique_ptr<AnySink> MakeTransformSink(int /*parent_index*/, AnySink& downstream) const override {
    return std::make_unique<PassOnSink<std::pair<K, S>>>(downstream);
  }
};

}  // namespace sluice

#endif  // SLUICE_RUNTIME_MAP_WITH_STATE_NODES_H_
