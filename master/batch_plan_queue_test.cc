// The planner with driver data (queueStream): a task per queued partition, and no output for a batch whose
// stream has no data set at all.
#include "master/batch_plan.h"

#include "gtest/gtest.h"

namespace sluice {
namespace {

// 0 queueStream -> 1 map -> 2 collect;  0 -> 3 reduceByKey -> 4 collect
GraphDescription QueueGraph() {
  GraphDescription graph;
  graph.batch_ms = 1000;
  graph.nodes.push_back({0, NodeKind::kQueueSource, "queueStream", {}, {}, 0, ""});
  graph.nodes.push_back({1, NodeKind::kNarrow, "map", {0}, {}, 0, ""});
  graph.nodes.push_back({2, NodeKind::kOutput, "collectBatches", {1}, {}, 0, ""});
  graph.nodes.push_back({3, NodeKind::kShuffle, "reduceByKey", {0}, {}, 2, ""});
  graph.nodes.push_back({4, NodeKind::kOutput, "collectBatches", {3}, {}, 0, ""});
  return graph;
}

TEST(BatchPlanQueueTest, MakesATaskPerQueuedPartitionInOrder) {
  BatchInputs inputs;
  inputs.queued[0] = {{"ab", 2}, {"c", 1}};
  BatchPlan plan = PlanBatch(QueueGraph(), inputs, 2);
  ASSERT_EQ(plan.output_stages.size(), 2u);
  const PlannedStage& map_output = plan.stages[plan.output_stages[0]];
  ASSERT_EQ(map_output.tasks.size(), 2u);
  EXPECT_EQ(map_output.record_limit, -1);
  EXPECT_EQ(map_output.tasks[0].input_node, 0);
  EXPECT_EQ(std::get<EncodedPartition>(map_output.tasks[0].input).records, "ab");
  EXPECT_EQ(std::get<EncodedPartition>(map_output.tasks[1].input).count, 1);
  EXPECT_EQ(map_output.tasks[1].steps, (std::vector<PipelineStepRef>{{1, 0}, {2, 0}}));
  const PlannedStage& shuffle = plan.stages[plan.shuffle_stage_of(3)];
  EXPECT_EQ(shuffle.tasks.size(), 2u);
}

TEST(BatchPlanQueueTest, OutputsWithoutDataAreNotPlanned) {
  BatchInputs inputs;
  inputs.nodes_without_data = {0, 1, 2, 3, 4};
  BatchPlan plan = PlanBatch(QueueGraph(), inputs, 2);
  EXPECT_TRUE(plan.output_stages.empty());
  EXPECT_TRUE(plan.stages.empty());
}

}  // namespace
}  // namespace sluice
