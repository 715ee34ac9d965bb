// The planner with windows: the parent of a window is materialized at every time of its slide, a window reads
// the parent's partitions of every time in its interval (earlier ones where the index says, this batch's from
// the stage that materializes them), and outputs downstream of a window run only at multiples of its slide.
#include "master/batch_plan.h"
#include "master/batch_run.h"

#include "gtest/gtest.h"

namespace sluice {
namespace {

constexpr int kMaxAttempts = 3;  // of each task: master.task_max_attempts's default

NodeDescription Node(int32_t id, NodeKind kind, std::string op, std::vector<int32_t> parents, int64_t slide_ms,
                     int32_t num_partitions = 0) {
  NodeDescription node;
  node.id = id;
  node.kind = kind;
  node.op = std::move(op);
  node.parents = std::move(parents);
  node.slide_ms = slide_ms;
  node.num_partitions = num_partitions;
  return node;
}

// 0 queueStream -> 1 map -> 2 window(2 s, 2 s) -> 3 collect
GraphDescription MapWindowGraph() {
  GraphDescription graph;
  graph.batch_ms = 1000;
  graph.nodes.push_back(Node(0, NodeKind::kQueueSource, "queueStream", {}, 1000));
  graph.nodes.push_back(Node(1, NodeKind::kNarrow, "map", {0}, 1000));
  graph.nodes.push_back(Node(2, NodeKind::kNarrow, "window", {1}, 2000));
  graph.nodes[2].params["window_ms"] = "2000";
  graph.nodes.push_back(Node(3, NodeKind::kOutput, "collectBatches", {2}, 2000));
  return graph;
}

// 0 queueStream -> 1 reduceByKey -> 2 window(2 s, 1 s) -> 3 reduceByKey -> 4 collect
GraphDescription ReduceWindowGraph() {
  GraphDescription graph;
  graph.batch_ms = 1000;
  graph.nodes.push_back(Node(0, NodeKind::kQueueSource, "queueStream", {}, 1000));
  graph.nodes.push_back(Node(1, NodeKind::kShuffle, "reduceByKey", {0}, 1000, 2));
  graph.nodes.push_back(Node(2, NodeKind::kNarrow, "window", {1}, 1000));
  graph.nodes[2].params["window_ms"] = "2000";
  graph.nodes.push_back(Node(3, NodeKind::kShuffle, "reduceByKey", {2}, 1000, 2));
  graph.nodes.push_back(Node(4, NodeKind::kOutput, "collectBatches", {3}, 1000));
  return graph;
}

BatchInputs InputsAt(int64_t batch_ms, MaterializedIndex materialized = {}) {
  BatchInputs inputs;
  inputs.batch_ms = batch_ms;
  inputs.zero_ms = 0;
  inputs.queued[0] = {{"a", 1}, {"b", 1}};
  inputs.materialized = std::move(materialized);
  return inputs;
}

const MaterializedInput& ReadOf(const PlannedTask& task) { return std::get<MaterializedInput>(task.input); }

TEST(BatchPlanWindowTest, MaterializesTheParentButRunsNoOutputBetweenWindowTimes) {
  BatchPlan plan = PlanBatch(MapWindowGraph(), InputsAt(1000), 2);
  EXPECT_TRUE(plan.output_stages.empty());
  ASSERT_EQ(plan.stages.size(), 1u);
  const PlannedStage& stage = plan.stages[0];
  EXPECT_TRUE(stage.writes_partition);
  EXPECT_EQ(stage.terminal_node, 1);
  EXPECT_EQ(plan.materialize_stage_of(1), 0);
  ASSERT_EQ(stage.tasks.size(), 2u);
  EXPECT_EQ(stage.tasks[1].input_node, 0);
  EXPECT_EQ(stage.tasks[1].steps, (std::vector<PipelineStepRef>{{1, 0}}));
}

TEST(BatchPlanWindowTest, AWindowReadsEarlierAndCurrentPartitionsInTimeThenPartitionOrder) {
  MaterializedIndex earlier;
  earlier[MaterializedKey{1, 1000, 0}] = MaterializedSite{"w1", "h:1"};
  earlier[MaterializedKey{1, 1000, 1}] = MaterializedSite{"w2", "h:2"};
  earlier[MaterializedKey{1, 0, 0}] = MaterializedSite{"w1", "h:1"};  // not in (0 s, 2 s]
  BatchPlan plan = PlanBatch(MapWindowGraph(), InputsAt(2000, earlier), 2);
  ASSERT_EQ(plan.output_stages.size(), 1u);
  const PlannedStage& window = plan.stages[plan.output_stages[0]];
  EXPECT_EQ(window.parent_stages, (std::vector<int32_t>{plan.materialize_stage_of(1)}));
  ASSERT_EQ(window.tasks.size(), 4u);
  std::vector<MaterializedKey> keys;
  for (const PlannedTask& task : window.tasks) {
    ASSERT_EQ(ReadOf(task).partitions.size(), 1u);
    keys.push_back(ReadOf(task).partitions[0].key);
    EXPECT_EQ(task.input_node, 1);
    EXPECT_EQ(task.steps, (std::vector<PipelineStepRef>{{2, 0}, {3, 0}}));
  }
  EXPECT_EQ(keys, (std::vector<MaterializedKey>{{1, 1000, 0}, {1, 1000, 1}, {1, 2000, 0}, {1, 2000, 1}}));
  EXPECT_EQ(ReadOf(window.tasks[1]).partitions[0].site.worker_address, "h:2");
  EXPECT_TRUE(ReadOf(window.tasks[2]).partitions[0].site.worker_id.empty());  // known once this batch ran it
}

TEST(BatchPlanWindowTest, AMaterializedShuffleIsStoredAsItsReduceSideReadsIt) {
  BatchPlan plan = PlanBatch(ReduceWindowGraph(), InputsAt(1000), 2);
  int32_t materialize = plan.materialize_stage_of(1);
  ASSERT_GE(materialize, 0);
  const PlannedStage& stage = plan.stages[materialize];
  EXPECT_EQ(stage.parent_stages, (std::vector<int32_t>{plan.shuffle_stage_of(1)}));
  ASSERT_EQ(stage.tasks.size(), 2u);
  EXPECT_TRUE(stage.tasks[0].steps.empty());
  EXPECT_EQ(std::get<ReducePartitionInput>(stage.tasks[1].input).reduce_partition, 1);
  // The second reduceByKey's map side reads the window: at 1 s only the batch at 1 s.
  const PlannedStage& second_map = plan.stages[plan.shuffle_stage_of(3)];
  EXPECT_EQ(second_map.parent_stages, (std::vector<int32_t>{materialize}));
  EXPECT_EQ(second_map.tasks.size(), 2u);
  ASSERT_EQ(plan.output_stages.size(), 1u);
}

TEST(BatchPlanWindowTest, AParentWithoutDataThisBatchAddsNoCurrentPartitions) {
  BatchInputs inputs = InputsAt(2000);
  inputs.queued.clear();
  inputs.nodes_without_data = {0, 1};
  BatchPlan plan = PlanBatch(MapWindowGraph(), inputs, 2);
  EXPECT_EQ(plan.materialize_stage_of(1), -1);
  ASSERT_EQ(plan.output_stages.size(), 1u);
  EXPECT_TRUE(plan.stages[plan.output_stages[0]].tasks.empty());
}

TEST(BatchRunWindowTest, LaunchesWindowTasksWithTheSitesOfThisBatchsPartitionsAndReportsThem) {
  BatchRun run(2000, PlanBatch(MapWindowGraph(), InputsAt(2000), 2), kMaxAttempts);
  int32_t materialize = run.plan().materialize_stage_of(1);
  std::vector<TaskLaunch> first = run.TakeRunnable();
  ASSERT_EQ(first.size(), 2u);  // the window waits for its parent
  for (const TaskLaunch& launch : first) EXPECT_EQ(launch.stage_id, materialize);
  run.OnTaskSucceeded(materialize, 0, "w1", "h:1", "", 0);
  EXPECT_TRUE(run.TakeRunnable().empty());
  run.OnTaskSucceeded(materialize, 1, "w2", "h:2", "", 0);
  std::vector<TaskLaunch> window = run.TakeRunnable();
  ASSERT_EQ(window.size(), 2u);
  ASSERT_EQ(window[1].materialized.size(), 1u);
  EXPECT_EQ(window[1].materialized[0].key, (MaterializedKey{1, 2000, 1}));
  EXPECT_EQ(window[1].materialized[0].site, (MaterializedSite{"w2", "h:2"}));
  EXPECT_EQ(window[1].preferred_worker, "w2") << "the task runs where its data is, when that worker has a slot";
  auto stored = run.MaterializedPartitions();
  ASSERT_EQ(stored.size(), 2u);
  EXPECT_EQ(stored[0].first, (MaterializedKey{1, 2000, 0}));
  EXPECT_EQ(stored[0].second, (MaterializedSite{"w1", "h:1"}));
}

// Later batches read what this one materializes: a partition lost with its worker before the batch completed is
// computed again elsewhere, and the index gets the new site.
TEST(BatchRunWindowTest, AMaterializedPartitionLostWithItsWorkerIsComputedAgain) {
  BatchRun run(2000, PlanBatch(MapWindowGraph(), InputsAt(2000), 2), kMaxAttempts);
  run.TakeRunnable();
  int32_t materialize = run.plan().materialize_stage_of(1);
  run.OnTaskSucceeded(materialize, 0, "w1", "h:1", "", 0);
  EXPECT_EQ(run.OnWorkerLost("w1"), 1);
  EXPECT_FALSE(run.failed());
  bool again = false;
  for (const TaskLaunch& launch : run.TakeRunnable()) {
    again = again || (launch.stage_id == materialize && launch.task->partition == 0);
  }
  EXPECT_TRUE(again) << "the partition's task runs again";
  run.OnTaskSucceeded(materialize, 0, "w2", "h:2", "", 0);
  bool moved = false;
  for (const auto& [key, site] : run.MaterializedPartitions()) {
    if (key.node == 1 && key.partition == 0) moved = site == MaterializedSite{"w2", "h:2"};
  }
  EXPECT_TRUE(moved);
}

}  // namespace
}  // namespace sluice
