// Randomized state tests: random input batches from a fixed-seed generator run through the real engine (local[2],
// manual clock, queueStream) under updateStateByKey (every form, an initial state, a state partition count) and
// mapWithState (both forms, an initial state, removal, timeouts, stateSnapshots), and every output batch is compared
// with a model computed here from the input batches. Batch k (1-based) is the data set at k s.
//
// The update and mapping functions are pure functions of the test, which the engine and the model both call: the
// model checks what the engine does around them (which keys get a call, with which values and state, in which
// order; what is kept, removed or timed out; what is emitted). A key's records reach its state partition in their
// queue order (the slices of a queue item are read in partition order), so the model calls them in that order and
// a per-key sequence number in the mapped records shows it.
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "gtest/gtest.h"
#include "tests/spark_vectors/randomized_input.h"

namespace sluice::spark_vectors {
namespace {

using Values = std::vector<int32_t>;
using InitialState = std::vector<Pair>;

std::map<std::string, Values> ValuesByKey(const std::vector<Pair>& records) {
  std::map<std::string, Values> values;
  for (const auto& [key, value] : records) values[key].push_back(value);
  return values;
}

int32_t Total(const Values& values) {
  int32_t total = 0;
  for (int32_t value : values) total += value;
  return total;
}

template <class S>
std::vector<std::pair<std::string, S>> InitialStateAs(const InitialState& initial,
                                                      const std::function<S(int32_t)>& as) {
  std::vector<std::pair<std::string, S>> pairs;
  for (const auto& [key, value] : initial) pairs.emplace_back(key, as(value));
  return pairs;
}

template <class S>
std::vector<std::pair<std::string, S>> InitialStateAs(const InitialState& initial) {
  return InitialStateAs<S>(initial, [](int32_t value) { return S(value); });
}

// ---- updateStateByKey: the updates, and Spark's StateDStream as the model.

std::optional<int32_t> RunningSum(const Values& values, const std::optional<int32_t>& state) {
  return state.value_or(0) + Total(values);
}

std::optional<int32_t> SumUntilNegative(const Values& values, const std::optional<int32_t>& state) {
  int32_t sum = state.value_or(0) + Total(values);
  if (sum < 0) return std::nullopt;
  return sum;
}

// (sum, batches in a row without values): a key goes after its third idle batch, so the update must be called for
// keys without new values.
using IdleState = std::pair<int32_t, int32_t>;
constexpr int32_t kIdleBatchesKept = 2;

std::optional<IdleState> SumUntilIdle(const Values& values, const std::optional<IdleState>& state) {
  IdleState next = state.value_or(IdleState(0, 0));
  if (!values.empty()) return IdleState(next.first + Total(values), 0);
  if (++next.second > kIdleBatchesKept) return std::nullopt;
  return next;
}

// The time-aware form: values weighted by the batch's second; keys ending in an odd digit go at every 4th batch.
std::optional<int64_t> TimeWeightedSum(Time time, const std::string& key, const Values& values,
                                       const std::optional<int64_t>& state) {
  const int64_t second = time.milliseconds() / 1000;
  const bool odd_digit_last = key.back() >= '0' && key.back() <= '9' && (key.back() - '0') % 2 == 1;
  if (second % 4 == 0 && odd_digit_last) return std::nullopt;
  return state.value_or(0) + second * Total(values);
}

// The number of values so far, of a key with new values (the others go).
std::optional<int32_t> CountWhileActive(const Values& values, const std::optional<int32_t>& state) {
  if (values.empty()) return std::nullopt;
  return state.value_or(0) + static_cast<int32_t>(values.size());
}

// CountWhileActive in the iterator form.
std::vector<std::pair<std::string, int32_t>> CountsOfActiveKeys(
    std::vector<StateEntry<std::string, int32_t, int32_t>>&& entries) {
  std::vector<std::pair<std::string, int32_t>> kept;
  for (auto& [key, values, state] : entries) {
    if (std::optional<int32_t> count = CountWhileActive(values, state)) kept.emplace_back(key, *count);
  }
  return kept;
}

// An update as the model calls it: the batch, the key, its new values in arrival order and its state.
template <class S>
using ModelUpdate = std::function<std::optional<S>(int batch, const std::string& key, const Values& values,
                                                   const std::optional<S>& state)>;

template <class S>
ModelUpdate<S> PerKey(std::optional<S> (*update)(const Values&, const std::optional<S>&)) {
  return [update](int, const std::string&, const Values& values, const std::optional<S>& state) {
    return update(values, state);
  };
}

// Spark's StateDStream: no state before the first batch with a data set, which starts from the initial state; from
// then on every batch calls the update for every key with state or new values (none in a batch without a data
// set), and its output is every key the update kept.
template <class S>
std::vector<OutputBatch> UpdateStateByKeyModel(const InputModel& model,
                                               const std::vector<std::pair<std::string, S>>& initial,
                                               const ModelUpdate<S>& update) {
  std::vector<OutputBatch> out;
  std::optional<std::map<std::string, S>> state;
  for (int k = 1; k <= model.num_batches_run(); ++k) {
    if (!state) {
      if (!model.HasDataSet(k)) continue;
      state.emplace(initial.begin(), initial.end());
    }
    std::map<std::string, Values> values = ValuesByKey(model.BatchRecords(k));
    for (const auto& [key, unused] : *state) values.try_emplace(key);
    std::map<std::string, S> next;
    for (const auto& [key, new_values] : values) {
      auto it = state->find(key);
      std::optional<S> kept =
          update(k, key, new_values, it != state->end() ? std::optional<S>(it->second) : std::nullopt);
      if (kept) next.emplace(key, std::move(*kept));
    }
    *state = std::move(next);
    out.push_back(
        OutputBatch{.time_ms = k * 1000,
                    .records = ToJsonRecords(std::vector<std::pair<std::string, S>>(state->begin(), state->end()))});
  }
  return out;
}

void AddUpdateStateByKeyChecks(const DStream<Pair>& input, const InputModel& model, int partitions,
                               const InitialState& initial, std::vector<Check>& checks) {
  const std::string of = " over " + std::to_string(partitions) + " partitions";
  const auto initial32 = InitialStateAs<int32_t>(initial);
  checks.push_back(CollectCheck("updateStateByKey(running sum)" + of, /*ordered=*/false,
                                input.updateStateByKey<int32_t>(RunningSum, partitions, initial32),
                                UpdateStateByKeyModel(model, initial32, PerKey(RunningSum))));
  checks.push_back(CollectCheck("updateStateByKey(sum until negative)" + of, /*ordered=*/false,
                                input.updateStateByKey<int32_t>(SumUntilNegative, partitions, initial32),
                                UpdateStateByKeyModel(model, initial32, PerKey(SumUntilNegative))));

  const auto initial_idle = InitialStateAs<IdleState>(initial, [](int32_t value) { return IdleState(value, 0); });
  checks.push_back(CollectCheck("updateStateByKey(sum until idle)" + of, /*ordered=*/false,
                                input.updateStateByKey<IdleState>(SumUntilIdle, partitions, initial_idle),
                                UpdateStateByKeyModel(model, initial_idle, PerKey(SumUntilIdle))));

  const auto initial64 = InitialStateAs<int64_t>(initial);
  checks.push_back(CollectCheck(
      "updateStateByKey(time-weighted sum)" + of, /*ordered=*/false,
      input.updateStateByKey<int64_t>(TimeWeightedSum, partitions, /*remember_partitioner=*/false, initial64),
      UpdateStateByKeyModel<int64_t>(
          model, initial64,
          [](int batch, const std::string& key, const Values& values, const std::optional<int64_t>& state) {
            return TimeWeightedSum(Time(batch * 1000), key, values, state);
          })));

  checks.push_back(CollectCheck(
      "updateStateByKey(iterator form: counts of active keys)" + of, /*ordered=*/false,
      input.updateStateByKey<int32_t>(CountsOfActiveKeys, partitions, /*remember_partitioner=*/true, initial32),
      UpdateStateByKeyModel(model, initial32, PerKey(CountWhileActive))));
}

// ---- mapWithState: the mapping, and the model (Spark's MapWithStateRDDRecord, timing out at every batch).

using Tally = std::pair<int32_t, int32_t>;  // (the key's sequence number: values tallied, running sum)
using Mapped = std::pair<std::string, Values>;

// What the mapping does with one record, as data: the engine's function applies it to its State, the model to its
// table.
struct Step {
  enum class Action { kNone, kUpdate, kRemove };
  Mapped mapped;
  Action action = Action::kNone;
  Tally next;  // with kUpdate
};

// A value that is a multiple of 10 only reads the state; one that takes the sum below zero removes the key;
// any other updates the tally. The mapped record shows the tally with the value.
Step TallyStep(const std::string& key, int32_t value, const std::optional<Tally>& state) {
  const Tally now = state.value_or(Tally(0, 0));
  if (value % 10 == 0) return Step{.mapped = Mapped(key + " read", {now.first, now.second, value})};
  const Tally next(now.first + 1, now.second + value);
  if (next.second < 0) {
    return Step{.mapped = Mapped(key + " remove", {next.first, next.second, value}), .action = Step::Action::kRemove};
  }
  return Step{.mapped = Mapped(key, {next.first, next.second, value}), .action = Step::Action::kUpdate, .next = next};
}

Mapped TimedOut(const std::string& key, const Tally& state) {
  return Mapped(key + " timed out", {state.first, state.second});
}

// The plain form: every record and every timeout is mapped.
Mapped TallyMapping(const std::string& key, std::optional<int32_t> value, State<Tally>& state) {
  if (state.isTimingOut()) return TimedOut(key, state.get());
  if (!value) return Mapped(key + " called without a value and not timing out", {});
  Step step = TallyStep(key, *value, state.getOption());
  if (step.action == Step::Action::kUpdate) state.update(step.next);
  if (step.action == Step::Action::kRemove) state.remove();
  return step.mapped;
}

// What the time-aware form makes of the plain form's record: nothing for an odd value, else the record with the
// batch's second first.
std::optional<Mapped> WithBatchSecond(int64_t second, const std::optional<int32_t>& value, Mapped mapped) {
  if (value && *value % 2 != 0) return std::nullopt;
  mapped.second.insert(mapped.second.begin(), static_cast<int32_t>(second));
  return mapped;
}

std::optional<Mapped> TimedTallyMapping(Time time, const std::string& key, std::optional<int32_t> value,
                                        State<Tally>& state) {
  Mapped mapped = TallyMapping(key, value, state);
  return WithBatchSecond(time.milliseconds() / 1000, value, std::move(mapped));
}

// How a form presents the plain form's record at a batch (identity for the plain form).
using Present = std::function<std::optional<Mapped>(int batch, const std::optional<int32_t>& value, Mapped mapped)>;

struct MapWithStateOutputs {
  std::vector<OutputBatch> mapped;
  std::vector<OutputBatch> snapshots;
};

// The mapping runs for every record in arrival order; with a timeout, a record refreshes its key's time when the
// key has state after it, and after the records every key last refreshed before batch - timeout gets a last call
// and goes. The initial state is there from the first batch, refreshed then. Every batch has both outputs.
MapWithStateOutputs MapWithStateModel(const InputModel& model,
                                      const std::vector<std::pair<std::string, Tally>>& initial,
                                      std::optional<int> timeout, const Present& present) {
  struct Entry {
    Tally state;
    int refreshed = 0;
  };
  std::map<std::string, Entry> table;
  for (const auto& [key, state] : initial) table[key] = Entry{state, 1};
  MapWithStateOutputs outputs;
  for (int k = 1; k <= model.num_batches_run(); ++k) {
    std::vector<Mapped> mapped;
    auto emit = [&](const std::optional<int32_t>& value, Mapped record) {
      if (auto shown = present(k, value, std::move(record))) mapped.push_back(std::move(*shown));
    };
    for (const auto& [key, value] : model.BatchRecords(k)) {
      auto it = table.find(key);
      Step step = TallyStep(key, value, it != table.end() ? std::optional<Tally>(it->second.state) : std::nullopt);
      if (step.action == Step::Action::kUpdate) table[key] = Entry{step.next, k};
      if (step.action == Step::Action::kRemove) table.erase(key);
      if (step.action == Step::Action::kNone && it != table.end() && timeout) it->second.refreshed = k;
      emit(value, std::move(step.mapped));
    }
    for (auto it = table.begin(); timeout && it != table.end();) {
      if (it->second.refreshed >= k - *timeout) {
        ++it;
        continue;
      }
      emit(std::nullopt, TimedOut(it->first, it->second.state));
      it = table.erase(it);
    }
    outputs.mapped.push_back(OutputBatch{.time_ms = k * 1000, .records = ToJsonRecords(mapped)});
    std::vector<std::pair<std::string, Tally>> snapshot;
    for (const auto& [key, entry] : table) snapshot.emplace_back(key, entry.state);
    outputs.snapshots.push_back(OutputBatch{.time_ms = k * 1000, .records = ToJsonRecords(snapshot)});
  }
  return outputs;
}

void AddMappedAndSnapshotChecks(const std::string& name,
                                const MapWithStateDStream<std::string, int32_t, Tally, Mapped>& stream,
                                const MapWithStateOutputs& expected, std::vector<Check>& checks) {
  checks.push_back(CollectCheck(name + ": mapped", /*ordered=*/false, stream, expected.mapped));
  checks.push_back(
      CollectCheck(name + ": stateSnapshots", /*ordered=*/false, stream.stateSnapshots(), expected.snapshots));
}

void AddMapWithStateChecks(const DStream<Pair>& input, const InputModel& model, int partitions, int timeout,
                           const InitialState& initial, std::vector<Check>& checks) {
  using Spec = StateSpec<std::string, int32_t, Tally>;
  const auto initial_tally = InitialStateAs<Tally>(initial, [](int32_t value) { return Tally(0, value); });
  const std::string of = " over " + std::to_string(partitions) + " partitions";

  auto plain = Spec::function(TallyMapping).initialState(initial_tally).numPartitions(partitions);
  AddMappedAndSnapshotChecks(
      "mapWithState(tally)" + of, input.mapWithState(plain),
      MapWithStateModel(model, initial_tally, std::nullopt,
                        [](int, const std::optional<int32_t>&, Mapped mapped) { return mapped; }),
      checks);

  auto timed =
      Spec::function(TimedTallyMapping).initialState(initial_tally).numPartitions(partitions).timeout(Seconds(timeout));
  AddMappedAndSnapshotChecks("mapWithState(time-aware tally, timeout " + std::to_string(timeout) + " batches)" + of,
                             input.mapWithState(timed),
                             MapWithStateModel(model, initial_tally, timeout,
                                               [](int batch, const std::optional<int32_t>& value, Mapped mapped) {
                                                 return WithBatchSecond(batch, value, std::move(mapped));
                                               }),
                             checks);
}

// ---- Runs.

// "idle" never gets a record: kept, idle-counted, timed out. "k1" starts negative.
const InitialState kInitialState = {{"k0", 25}, {"k1", -4}, {"idle", 9}};

// How a run sets up the operators.
struct Setup {
  int input_partitions = 2;
  int state_partitions = 2;  // of both operators
  int timeout_batches = 2;   // of the time-aware mapWithState
  InitialState initial_state = kInitialState;
};

void ExpectModel(const std::string& name, const InputModel& model, const Setup& setup) {
  ExpectChecksMatch(name, model, setup.input_partitions, [&](const DStream<Pair>& input, std::vector<Check>& checks) {
    AddUpdateStateByKeyChecks(input, model, setup.state_partitions, setup.initial_state, checks);
    AddMapWithStateChecks(input, model, setup.state_partitions, setup.timeout_batches, setup.initial_state, checks);
  });
}

void ExpectModel(const std::string& name, const InputShape& shape, const Setup& setup) {
  ExpectModel(name, InputModel(RandomBatches(shape), shape.num_batches_run), setup);
}

TEST(RandomizedState, SmallKeySpaceOnOneStatePartition) {
  ExpectModel("small key space", {.seed = 101, .num_items = 50, .num_batches_run = 50, .num_keys = 3},
              {.input_partitions = 2, .state_partitions = 1, .timeout_batches = 1});
}

TEST(RandomizedState, LargerKeySpaceFromOneInputPartition) {
  const InputShape shape = {.seed = 202, .num_items = 40, .num_batches_run = 40, .num_keys = 30, .max_batch_size = 20};
  ExpectModel("larger key space", shape, {.input_partitions = 1, .state_partitions = 4, .timeout_batches = 3});
}

// Idle keys and timeouts: most batches are empty, and the run goes on past the queue.
TEST(RandomizedState, MostlyEmptyBatchesAndBatchesPastTheQueue) {
  InputShape shape = {.seed = 303, .num_items = 30, .num_batches_run = 40, .num_keys = 8, .empty_percent = 70};
  shape.leading_empty = 2;
  ExpectModel("mostly empty", shape, {.input_partitions = 4, .state_partitions = 3});
}

// Batches without a data set (null queue items) once the state has started (batch 1 has one, empty): the state
// goes on through them, every key's update called with no values, the timeouts checked.
TEST(RandomizedState, BatchesWithoutADataSet) {
  InputShape shape = {.seed = 404, .num_items = 40, .num_batches_run = 40, .num_keys = 6, .no_data_set_percent = 30};
  shape.leading_empty = 1;
  ExpectModel("no data sets", shape, {.input_partitions = 3, .timeout_batches = 1});
}

// Spark's StateDStream has no state, and no output, until its first batch with a data set, where the initial
// state starts; mapWithState starts at the first batch whatever it has.
TEST(RandomizedState, FirstBatchesWithoutADataSet) {
  InputShape shape = {.seed = 505, .num_items = 20, .num_batches_run = 22, .num_keys = 4, .no_data_set_percent = 20};
  shape.leading_without_data_set = 2;
  ExpectModel("first batches without a data set", shape, {.timeout_batches = 3});
}

// The smallest inputs of the two edges above.

TEST(RandomizedState, UpdateStateByKeyStartsAtTheFirstDataSet) {
  InputModel model({std::nullopt, std::vector<Pair>{{"k0", 2}}}, /*num_batches_run=*/2);
  ExpectModel("a first batch without a data set", model,
              {.input_partitions = 1, .state_partitions = 1, .initial_state = {{"k1", 4}}});
}

// A key with two records in its last batch gets one timing-out call.
TEST(RandomizedState, MapWithStateTimesOutAKeyOnce) {
  InputModel model({std::vector<Pair>{{"k0", 2}, {"k0", 4}}}, /*num_batches_run=*/3);
  ExpectModel("two records of a key that times out", model,
              {.input_partitions = 1, .state_partitions = 1, .timeout_batches = 1, .initial_state = {}});
}

}  // namespace
}  // namespace sluice::spark_vectors
