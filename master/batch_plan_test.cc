#include "master/batch_plan.h"

#include "gtest/gtest.h"

namespace sluice {
namespace {

// socketTextStream -> flatMap -> map -> reduceByKey -> pprint
GraphDescription WordCount() {
  GraphDescription graph;
  graph.batch_ms = 1000;
  graph.nodes.push_back({0, NodeKind::kReceiverSource, "socketTextStream", {}, {}, 0, ""});
  graph.nodes.push_back({1, NodeKind::kNarrow, "flatMap", {0}, {}, 0, ""});
  graph.nodes.push_back({2, NodeKind::kNarrow, "map", {1}, {}, 0, ""});
  graph.nodes.push_back({3, NodeKind::kShuffle, "reduceByKey", {2}, {}, 0, ""});
  graph.nodes.push_back({4, NodeKind::kOutput, "pprint", {3}, {{"num", "10"}}, 0, ""});
  return graph;
}

TEST(BatchPlanTest, CutsAtTheShuffleAndMakesATaskPerBlockAndPartition) {
  BatchInputs inputs;
  inputs.blocks[0] = {{"b0", 0, "w1", 3, 30}, {"b1", 0, "w2", 4, 40}};
  BatchPlan plan = PlanBatch(WordCount(), inputs, 3);
  ASSERT_EQ(plan.stages.size(), 2u);
  const PlannedStage& map_stage = plan.stages[0];
  EXPECT_TRUE(map_stage.writes_shuffle);
  EXPECT_EQ(map_stage.terminal_node, 3);
  EXPECT_EQ(map_stage.num_output_partitions, 3);
  ASSERT_EQ(map_stage.tasks.size(), 2u);
  EXPECT_EQ(map_stage.tasks[1].input_node, 0);
  EXPECT_EQ(std::get<BlockRef>(map_stage.tasks[1].input).block_id, "b1");
  std::vector<PipelineStepRef> expected_steps = {{1, 0}, {2, 0}, {3, 0}};
  EXPECT_EQ(map_stage.tasks[0].steps, expected_steps);

  const PlannedStage& result_stage = plan.stages[1];
  EXPECT_FALSE(result_stage.writes_shuffle);
  EXPECT_EQ(result_stage.parent_stages, std::vector<int32_t>{0});
  EXPECT_EQ(result_stage.record_limit, 11);
  ASSERT_EQ(result_stage.tasks.size(), 3u);
  EXPECT_EQ(std::get<ReducePartitionInput>(result_stage.tasks[2].input).reduce_partition, 2);
  EXPECT_EQ(result_stage.tasks[0].steps, (std::vector<PipelineStepRef>{{4, 0}}));
  EXPECT_EQ(plan.output_stages, std::vector<int32_t>{1});
  EXPECT_EQ(plan.shuffle_stage_of(3), 0);
}

TEST(BatchPlanTest, EmptyBatchStillHasItsStagesAndExplicitPartitionsWin) {
  GraphDescription graph = WordCount();
  graph.nodes[3].num_partitions = 5;
  BatchPlan plan = PlanBatch(graph, BatchInputs{}, 2);
  ASSERT_EQ(plan.stages.size(), 2u);
  EXPECT_TRUE(plan.stages[0].tasks.empty());
  EXPECT_EQ(plan.stages[1].tasks.size(), 5u);
}

TEST(BatchPlanTest, FileSplitsAndTwoOutputsShareOneShuffle) {
  GraphDescription graph;
  graph.batch_ms = 1000;
  graph.nodes.push_back({0, NodeKind::kFileSource, "textFileStream", {}, {}, 0, ""});
  graph.nodes.push_back({1, NodeKind::kShuffle, "reduceByKey", {0}, {}, 2, ""});
  graph.nodes.push_back({2, NodeKind::kOutput, "pprint", {1}, {{"num", "3"}}, 0, ""});
  graph.nodes.push_back({3, NodeKind::kOutput, "pprint", {0}, {}, 0, ""});
  BatchInputs inputs;
  inputs.splits[0] = {{"/a", 0, 10}, {"/b", 0, 5}};
  BatchPlan plan = PlanBatch(graph, inputs, 2);
  ASSERT_EQ(plan.stages.size(), 3u);
  EXPECT_EQ(plan.output_stages, (std::vector<int32_t>{1, 2}));
  EXPECT_EQ(std::get<FileSplit>(plan.stages[2].tasks[1].input).path, "/b");
  EXPECT_EQ(plan.stages[1].record_limit, 4);
}

// union of a received stream and a mapped file stream: a narrow node whose parents come from different sources.
// Its tasks are the first parent's partitions, then the second's, each pipeline entering the union through the
// parent it comes from.
TEST(BatchPlanTest, AUnionOfTwoSourcesReadsTheFirstParentThenTheSecond) {
  GraphDescription graph;
  graph.batch_ms = 1000;
  graph.nodes.push_back({0, NodeKind::kReceiverSource, "socketTextStream", {}, {}, 0, ""});
  graph.nodes.push_back({1, NodeKind::kFileSource, "textFileStream", {}, {}, 0, ""});
  graph.nodes.push_back({2, NodeKind::kNarrow, "map", {1}, {}, 0, ""});
  graph.nodes.push_back({3, NodeKind::kNarrow, "union", {0, 2}, {}, 0, ""});
  graph.nodes.push_back({4, NodeKind::kOutput, "pprint", {3}, {}, 0, ""});
  BatchInputs inputs;
  inputs.blocks[0] = {{"b0", 0, "w1", 1, 10}, {"b1", 0, "w1", 1, 10}};
  inputs.splits[1] = {{"/a", 0, 10}, {"/b", 0, 5}};
  BatchPlan plan = PlanBatch(graph, inputs, 2);
  ASSERT_EQ(plan.stages.size(), 1u);
  const std::vector<PlannedTask>& tasks = plan.stages[0].tasks;
  ASSERT_EQ(tasks.size(), 4u);
  for (int32_t i = 0; i < 4; ++i) EXPECT_EQ(tasks[i].partition, i);
  EXPECT_EQ(std::get<BlockRef>(tasks[0].input).block_id, "b0");
  EXPECT_EQ(std::get<BlockRef>(tasks[1].input).block_id, "b1");
  EXPECT_EQ(std::get<FileSplit>(tasks[2].input).path, "/a");
  EXPECT_EQ(std::get<FileSplit>(tasks[3].input).path, "/b");
  EXPECT_EQ(tasks[0].input_node, 0);
  EXPECT_EQ(tasks[2].input_node, 1);
  EXPECT_EQ(tasks[1].steps, (std::vector<PipelineStepRef>{{3, 0}, {4, 0}}));
  EXPECT_EQ(tasks[3].steps, (std::vector<PipelineStepRef>{{2, 0}, {3, 1}, {4, 0}}));
}

// s.union(s.map(f)) after a shuffle: both parents read the same shuffle, which is still one parent stage.
TEST(BatchPlanTest, AUnionReadingOneShuffleTwiceHasItOnceAsParent) {
  GraphDescription graph;
  graph.batch_ms = 1000;
  graph.nodes.push_back({0, NodeKind::kReceiverSource, "socketTextStream", {}, {}, 0, ""});
  graph.nodes.push_back({1, NodeKind::kShuffle, "reduceByKey", {0}, {}, 2, ""});
  graph.nodes.push_back({2, NodeKind::kNarrow, "map", {1}, {}, 0, ""});
  graph.nodes.push_back({3, NodeKind::kNarrow, "union", {1, 2}, {}, 0, ""});
  graph.nodes.push_back({4, NodeKind::kOutput, "pprint", {3}, {}, 0, ""});
  BatchInputs inputs;
  inputs.blocks[0] = {{"b0", 0, "w1", 1, 10}};
  BatchPlan plan = PlanBatch(graph, inputs, 2);
  ASSERT_EQ(plan.stages.size(), 2u);
  EXPECT_EQ(plan.stages[1].parent_stages, std::vector<int32_t>{0});
  const std::vector<PlannedTask>& tasks = plan.stages[1].tasks;
  ASSERT_EQ(tasks.size(), 4u);
  EXPECT_EQ(std::get<ReducePartitionInput>(tasks[1].input).reduce_partition, 1);
  EXPECT_EQ(tasks[1].steps, (std::vector<PipelineStepRef>{{3, 0}, {4, 0}}));
  EXPECT_EQ(std::get<ReducePartitionInput>(tasks[2].input).reduce_partition, 0);
  EXPECT_EQ(tasks[2].steps, (std::vector<PipelineStepRef>{{2, 0}, {3, 1}, {4, 0}}));
}

// A union feeding a shuffle: the map stage has a task per partition of either parent, so map indexes are unique.
TEST(BatchPlanTest, AUnionBeforeAShuffleMapsEveryParentsPartitions) {
  GraphDescription graph;
  graph.batch_ms = 1000;
  graph.nodes.push_back({0, NodeKind::kReceiverSource, "socketTextStream", {}, {}, 0, ""});
  graph.nodes.push_back({1, NodeKind::kFileSource, "textFileStream", {}, {}, 0, ""});
  graph.nodes.push_back({2, NodeKind::kNarrow, "union", {1, 0}, {}, 0, ""});
  graph.nodes.push_back({3, NodeKind::kShuffle, "count", {2}, {}, 1, ""});
  graph.nodes.push_back({4, NodeKind::kOutput, "pprint", {3}, {}, 0, ""});
  BatchInputs inputs;
  inputs.blocks[0] = {{"b0", 0, "w1", 1, 10}};
  inputs.splits[1] = {{"/a", 0, 10}};
  BatchPlan plan = PlanBatch(graph, inputs, 2);
  ASSERT_EQ(plan.stages.size(), 2u);
  const PlannedStage& map_stage = plan.stages[0];
  ASSERT_EQ(map_stage.tasks.size(), 2u);
  EXPECT_EQ(map_stage.tasks[0].input_node, 1);
  EXPECT_EQ(map_stage.tasks[1].input_node, 0);
  EXPECT_EQ(map_stage.tasks[1].partition, 1);
  EXPECT_EQ(map_stage.tasks[1].steps, (std::vector<PipelineStepRef>{{2, 1}, {3, 0}}));
  EXPECT_EQ(plan.stages[1].tasks.size(), 1u);
}

}  // namespace
}  // namespace sluice
