// updateStateByKey's node as a worker runs it: the map side buckets (key, value) by key, and reduce task p merges
// bucket p with its previous state partition (or, the first time, the initial state's keys of partition p).
#include <gtest/gtest.h>

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "driver/api/errors.h"
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

std::optional<int> SumOrRemove(const std::vector<int>& values, const std::optional<int>& state) {
  if (values.empty()) return std::nullopt;  // a key without new values goes
  int total = state.value_or(0);
  for (int value : values) total += value;
  return total;
}

std::vector<Count> RunState(const JobGraph& graph, int32_t node, const std::string& new_values,
                            std::vector<std::string> previous, StateTaskContext context, int* finishes = nullptr) {
  MemoryShuffleInput values({new_values});
  MemoryShuffleInput state(std::move(previous));
  CollectingSink<Count> out;
  if (!graph.node(node).ReadState(values, state, context, out)) ADD_FAILURE() << "corrupt data";
  if (finishes != nullptr) *finishes = out.finishes;
  return std::move(out.records);
}

TEST(StateNodesTest, TheFirstTimeEachPartitionTakesTheInitialStateKeysItsMapSideWouldSendIt) {
  auto graph_builder = std::make_shared<GraphBuilder>(Seconds(1));
  DStream<Count> state =
      AddTestSource<Count>(graph_builder).updateStateByKey<int>(SumOrRemove, 2, {{"a", 10}, {"c", 5}, {"d", 7}});
  auto graph = graph_builder->Build();
  MemoryShuffleOutput map_output =
      RunMapSide<Count>(*graph, {}, Step{state.id(), 0}, 2, {{"a", 1}, {"b", 1}, {"a", 1}, {"c", 2}, {"d", 1}});
  std::map<std::string, int> merged;
  for (int32_t p = 0; p < 2; ++p) {
    std::vector<Count> out = RunState(*graph, state.id(), map_output.buckets[p], {},
                                      StateTaskContext{.partition = p, .num_partitions = 2, .first_batch = true});
    for (const auto& [key, value] : out) EXPECT_TRUE(merged.emplace(key, value).second) << key << " twice";
  }
  EXPECT_EQ(merged, (std::map<std::string, int>{{"a", 12}, {"b", 1}, {"c", 7}, {"d", 8}}));
}

TEST(StateNodesTest, MergesThePreviousStateAndRemovesKeysTheUpdateDrops) {
  auto graph_builder = std::make_shared<GraphBuilder>(Seconds(1));
  DStream<Count> state = AddTestSource<Count>(graph_builder).updateStateByKey<int>(SumOrRemove, 1);
  auto graph = graph_builder->Build();
  std::string previous;
  EncodeRecord(Count("a", 1), &previous);
  EncodeRecord(Count("x", 3), &previous);
  MemoryShuffleOutput map_output = RunMapSide<Count>(*graph, {}, Step{state.id(), 0}, 1, {{"a", 2}, {"a", 4}});
  int finishes = 0;
  std::vector<Count> out = RunState(*graph, state.id(), map_output.buckets[0], {previous},
                                    StateTaskContext{.partition = 0, .num_partitions = 1}, &finishes);
  EXPECT_EQ(out, (std::vector<Count>{{"a", 7}}));
  EXPECT_EQ(finishes, 1);
}

TEST(StateNodesTest, TheTimeAwareFormGetsTheBatchTimeAndTheKey) {
  auto graph_builder = std::make_shared<GraphBuilder>(Seconds(1));
  auto update = [](Time time, const std::string& key, const std::vector<int>& values,
                   const std::optional<int64_t>& state) -> std::optional<int64_t> {
    return state.value_or(0) + time.milliseconds() * static_cast<int64_t>(values.size()) + (key == "b" ? 1 : 0);
  };
  auto state = AddTestSource<Count>(graph_builder).updateStateByKey<int64_t>(update, 1, false);
  auto graph = graph_builder->Build();
  MemoryShuffleOutput map_output = RunMapSide<Count>(*graph, {}, Step{state.id(), 0}, 1, {{"a", 1}, {"b", 1}});
  MemoryShuffleInput values({map_output.buckets[0]});
  MemoryShuffleInput previous({});
  CollectingSink<std::pair<std::string, int64_t>> out;
  ASSERT_TRUE(graph->node(state.id())
                  .ReadState(values, previous, StateTaskContext{.batch_time = Time(3000), .first_batch = true}, out));
  std::map<std::string, int64_t> states(out.records.begin(), out.records.end());
  EXPECT_EQ(states, (std::map<std::string, int64_t>{{"a", 3000}, {"b", 3001}}));
}

TEST(StateNodesTest, NegativePartitionCountsAreRefused) {
  auto graph_builder = std::make_shared<GraphBuilder>(Seconds(1));
  EXPECT_THROW(AddTestSource<Count>(graph_builder).updateStateByKey<int>(SumOrRemove, -1), IllegalArgumentError);
}

}  // namespace
}  // namespace sluice
