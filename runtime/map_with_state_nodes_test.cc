// mapWithState's node as a worker runs it: reduce task p applies its bucket of the map side, record by record, to
// its keyed state table, and stateSnapshots reads the table.
#include "runtime/map_with_state_nodes.h"

#include <gtest/gtest.h>

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "runtime/pipeline_test_util.h"

namespace sluice {
namespace {

using testing::AddTestSource;
using testing::CollectingSink;
using testing::MemoryShuffleInput;
using testing::MemoryShuffleOutput;
using testing::RunMapSide;
using testing::Step;
using Count = std::pair<std::string, int>;
using Total = std::pair<std::string, int64_t>;

// Spark's StatefulNetworkWordCount: the running total of each word, emitted with every record.
Total RunningTotal(const std::string& word, std::optional<int> one, State<int64_t>& state) {
  int64_t total = state.getOption().value_or(0) + one.value_or(0);
  state.update(total);
  return Total(word, total);
}

// One mapWithState node over a test source, with a table per partition, run batch by batch.
template <class M>
class MapWithStateHarness {
 public:
  template <class Spec>
  explicit MapWithStateHarness(Spec spec) {
    auto builder = std::make_shared<GraphBuilder>(Seconds(1));
    auto mapped = AddTestSource<Count>(builder).mapWithState(std::move(spec));
    node_ = mapped.id();
    snapshots_ = mapped.stateSnapshots().id();
    graph_ = builder->Build();
    for (int p = 0; p < partitions(); ++p) tables_.push_back(graph_->node(node_).MakeKeyedStateTable());
  }

  int partitions() const { return std::max(graph_->node(node_).description().num_partitions, 1); }

  // Runs batch `batch_ms` (the previous one was `batch_ms` - 1000 ms) and returns the mapped records.
  std::vector<M> RunBatch(int64_t batch_ms, std::vector<Count> records, bool first = false) {
    MemoryShuffleOutput map_output = RunMapSide<Count>(*graph_, {}, Step{node_, 0}, partitions(), std::move(records));
    std::vector<M> mapped;
    for (int p = 0; p < partitions(); ++p) {
      std::optional<int64_t> previous = first ? std::nullopt : std::optional<int64_t>(batch_ms - 1000);
      EXPECT_EQ(tables_[p]->BeginBatch(batch_ms, previous), "");
      MemoryShuffleInput values({map_output.buckets[p]});
      CollectingSink<M> out;
      StateTaskContext context{Time(batch_ms), p, partitions(), first};
      EXPECT_TRUE(graph_->node(node_).ApplyToKeyedState(values, *tables_[p], context, out));
      EXPECT_EQ(out.finishes, 1);
      mapped.insert(mapped.end(), out.records.begin(), out.records.end());
    }
    return mapped;
  }

  std::map<std::string, int64_t> Snapshot() const {
    std::map<std::string, int64_t> state;
    for (const auto& table : tables_) {
      CollectingSink<Total> out;
      auto pass = graph_->node(snapshots_).MakeTransformSink(0, out);
      graph_->node(node_).ReadKeyedState(*table, *pass);
      for (const auto& [key, value] : out.records) EXPECT_TRUE(state.emplace(key, value).second) << key;
    }
    return state;
  }

  KeyedStateTable& table(int p) { return *tables_[p]; }

 private:
  int32_t node_ = 0;
  int32_t snapshots_ = 0;
  std::shared_ptr<const JobGraph> graph_;
  std::vector<std::unique_ptr<KeyedStateTable>> tables_;
};

TEST(MapWithStateNodesTest, CallsTheFunctionOncePerRecordInOrderWithTheKeysState) {
  MapWithStateHarness<Total> run(StateSpec<std::string, int, int64_t>::function(RunningTotal).numPartitions(1));
  EXPECT_EQ(run.RunBatch(1000, {{"a", 1}, {"b", 1}, {"a", 1}}, true),
            (std::vector<Total>{{"a", 1}, {"b", 1}, {"a", 2}}));
  EXPECT_EQ(run.RunBatch(2000, {{"a", 5}}), (std::vector<Total>{{"a", 7}}));
  // Keys without records are not called (unlike updateStateByKey), and keep their state.
  EXPECT_EQ(run.Snapshot(), (std::map<std::string, int64_t>{{"a", 7}, {"b", 1}}));
}

TEST(MapWithStateNodesTest, EachPartitionStartsFromTheInitialStateKeysItsMapSideWouldSendIt) {
  auto spec = StateSpec<std::string, int, int64_t>::function(RunningTotal)
                  .initialState({{"a", 10}, {"c", 5}, {"d", 7}})
                  .numPartitions(2);
  MapWithStateHarness<Total> run(spec);
  std::vector<Total> mapped = run.RunBatch(1000, {{"a", 1}, {"b", 1}}, true);
  std::map<std::string, int64_t> mapped_by_key(mapped.begin(), mapped.end());
  EXPECT_EQ(mapped_by_key, (std::map<std::string, int64_t>{{"a", 11}, {"b", 1}}));
  EXPECT_EQ(run.Snapshot(), (std::map<std::string, int64_t>{{"a", 11}, {"b", 1}, {"c", 5}, {"d", 7}}));
}

TEST(MapWithStateNodesTest, RemovingAndTheTimeAwareFormThatMayEmitNothing) {
  auto drop_on_zero = [](Time time, const std::string& key, std::optional<int> value,
                         State<int64_t>& state) -> std::optional<std::string> {
    if (value == 0) {
      state.remove();
      EXPECT_THROW(state.update(1), IllegalArgumentError);
      return std::nullopt;
    }
    state.update(state.getOption().value_or(0) + *value);
    return key + "@" + std::to_string(time.milliseconds());
  };
  MapWithStateHarness<std::string> run(StateSpec<std::string, int, int64_t>::function(drop_on_zero).numPartitions(1));
  EXPECT_EQ(run.RunBatch(1000, {{"a", 1}, {"b", 2}}, true), (std::vector<std::string>{"a@1000", "b@1000"}));
  EXPECT_EQ(run.RunBatch(2000, {{"a", 0}}), std::vector<std::string>{});
  EXPECT_EQ(run.Snapshot(), (std::map<std::string, int64_t>{{"b", 2}}));
}

TEST(MapWithStateNodesTest, StateFollowsSparksRules) {
  State<int> state;
  EXPECT_FALSE(state.exists());
  EXPECT_THROW(state.get(), NoSuchElementError);
  EXPECT_EQ(state.toString(), "<state not set>");
  state.update(3);
  EXPECT_EQ(state.get(), 3);
  EXPECT_EQ(state.toString(), "3");
  state.remove();
  EXPECT_FALSE(state.exists());
  EXPECT_THROW(state.remove(), IllegalArgumentError);
  EXPECT_THROW(state.update(4), IllegalArgumentError);
}

TEST(MapWithStateNodesTest, AKeyIdleForLongerThanTheTimeoutGetsOneLastCallAndGoes) {
  std::vector<std::string> calls;
  auto track = [&calls](const std::string& key, std::optional<int> value, State<int64_t>& state) {
    if (state.isTimingOut()) {
      calls.push_back(key + " timed out with " + state.toString());
      EXPECT_FALSE(value.has_value());
      EXPECT_THROW(state.update(0), IllegalArgumentError);
      return Total(key, -1);
    }
    // Reading a key's state without updating it still counts as activity when a timeout is set, as in Spark.
    if (*value > 0) state.update(state.getOption().value_or(0) + *value);
    return Total(key, state.getOption().value_or(0));
  };
  MapWithStateHarness<Total> run(
      StateSpec<std::string, int, int64_t>::function(track).numPartitions(1).timeout(Seconds(2)));
  // "idle" is put twice in its batch; it still times out once.
  run.RunBatch(1000, {{"idle", 1}, {"busy", 1}, {"idle", 0}}, true);
  run.RunBatch(2000, {{"busy", 0}});
  run.RunBatch(3000, {{"busy", 1}});
  EXPECT_TRUE(calls.empty());  // "idle" was last active at 1000 ms: not before 3000 - 2000
  EXPECT_EQ(run.RunBatch(4000, {{"busy", 1}}), (std::vector<Total>{{"busy", 3}, {"idle", -1}}));
  EXPECT_EQ(calls, std::vector<std::string>{"idle timed out with 1"});
  EXPECT_EQ(run.Snapshot(), (std::map<std::string, int64_t>{{"busy", 3}}));
  EXPECT_TRUE(run.RunBatch(5000, {}).empty());
  EXPECT_TRUE(run.RunBatch(6000, {}).empty());
  EXPECT_EQ(run.RunBatch(7000, {}), (std::vector<Total>{{"busy", -1}}));  // last active at 4000 ms
  EXPECT_TRUE(run.Snapshot().empty());
}

TEST(MapWithStateNodesTest, ARetriedBatchStartsAgainFromThePreviousBatchsState) {
  MapWithStateHarness<Total> run(StateSpec<std::string, int, int64_t>::function(RunningTotal).numPartitions(1));
  run.RunBatch(1000, {{"a", 1}}, true);
  run.RunBatch(2000, {{"a", 1}, {"b", 1}});
  EXPECT_EQ(run.RunBatch(2000, {{"a", 1}, {"b", 1}}), (std::vector<Total>{{"a", 2}, {"b", 1}}));
  EXPECT_EQ(run.Snapshot(), (std::map<std::string, int64_t>{{"a", 2}, {"b", 1}}));
  EXPECT_EQ(run.RunBatch(3000, {{"a", 1}}), (std::vector<Total>{{"a", 3}}));
}

TEST(MapWithStateNodesTest, ATableRefusesABatchThatDoesNotFollowItsState) {
  MapWithStateHarness<Total> run(StateSpec<std::string, int, int64_t>::function(RunningTotal).numPartitions(1));
  run.RunBatch(1000, {{"a", 1}}, true);
  EXPECT_NE(run.table(0).BeginBatch(3000, 2000), "");  // it holds 1000 ms, not 2000 ms
  run.RunBatch(2000, {{"a", 1}});
  EXPECT_NE(run.table(0).BeginBatch(2000, std::nullopt), "");                 // no longer the first batch
  EXPECT_EQ(run.RunBatch(3000, {{"a", 1}}), (std::vector<Total>{{"a", 3}}));  // and the refusal changed nothing
}

TEST(MapWithStateNodesTest, SpecArgumentsAreChecked) {
  auto spec = StateSpec<std::string, int, int64_t>::function(RunningTotal);
  EXPECT_THROW(spec.numPartitions(0), IllegalArgumentError);
  EXPECT_THROW(spec.timeout(Milliseconds(0)), IllegalArgumentError);
}

}  // namespace
}  // namespace sluice
