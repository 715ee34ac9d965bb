// The planner and a batch's run with a state node (updateStateByKey): it is materialized at every batch, its
// task p reads partition p of its parent's shuffle and its own partition p one slide earlier (or, the first
// time, the initial state), and what reads the state reads its partitions of this batch.
#include "gtest/gtest.h"
#include "master/batch_plan.h"
#include "master/batch_run.h"

namespace sluice {
namespace {

constexpr int kMaxAttempts = 3;  // of each task: master.task_max_attempts's default

NodeDescription Node(int32_t id, NodeKind kind, std::string op, std::vector<int32_t> parents,
                     int32_t num_partitions = 0) {
  NodeDescription node;
  node.id = id;
  node.kind = kind;
  node.op = std::move(op);
  node.parents = std::move(parents);
  node.slide_ms = 1000;
  node.num_partitions = num_partitions;
  return node;
}

// 0 queueStream -> 1 map -> 2 updateStateByKey (2 partitions) -> 3 collect
GraphDescription StateGraph() {
  GraphDescription graph;
  graph.batch_ms = 1000;
  graph.nodes.push_back(Node(0, NodeKind::kQueueSource, "queueStream", {}));
  graph.nodes.push_back(Node(1, NodeKind::kNarrow, "map", {0}));
  graph.nodes.push_back(Node(2, NodeKind::kShuffle, "updateStateByKey", {1}, 2));
  graph.nodes.push_back(Node(3, NodeKind::kOutput, "collectBatches", {2}));
  return graph;
}

BatchInputs InputsAt(int64_t batch_ms, MaterializedIndex materialized = {}) {
  BatchInputs inputs;
  inputs.batch_ms = batch_ms;
  inputs.zero_ms = 0;
  inputs.queued[0] = {{"a", 1}, {"b", 1}, {"c", 1}};
  inputs.materialized = std::move(materialized);
  if (batch_ms > 1000) inputs.started_states = {2};  // the first batch computed the state
  return inputs;
}

const StateRead& StateOf(const PlannedTask& task) { return *std::get<ReducePartitionInput>(task.input).state; }

TEST(BatchPlanStateTest, MapsTheParentThenMaterializesTheStateWhichTheOutputReads) {
  EXPECT_EQ(StateGraph().MaterializedNodes(), (std::vector<int32_t>{2}));
  BatchPlan plan = PlanBatch(StateGraph(), InputsAt(1000), 4);
  ASSERT_EQ(plan.stages.size(), 3u);
  const PlannedStage& map = plan.stages[plan.shuffle_stage_of(2)];
  EXPECT_EQ(map.tasks.size(), 3u);
  const PlannedStage& state = plan.stages[plan.materialize_stage_of(2)];
  EXPECT_EQ(state.parent_stages, (std::vector<int32_t>{map.id}));
  ASSERT_EQ(state.tasks.size(), 2u);  // the state's own partition count, not the default
  for (int32_t p = 0; p < 2; ++p) {
    EXPECT_TRUE(state.tasks[p].steps.empty());
    EXPECT_EQ(std::get<ReducePartitionInput>(state.tasks[p].input).reduce_partition, p);
    EXPECT_TRUE(StateOf(state.tasks[p]).first_batch);  // starts from the initial state
    EXPECT_EQ(StateOf(state.tasks[p]).num_partitions, 2);
    EXPECT_TRUE(StateOf(state.tasks[p]).previous.empty());
  }
  ASSERT_EQ(plan.output_stages.size(), 1u);
  const PlannedStage& output = plan.stages[plan.output_stages[0]];
  EXPECT_EQ(output.parent_stages, (std::vector<int32_t>{state.id}));
  ASSERT_EQ(output.tasks.size(), 2u);
  EXPECT_EQ(std::get<MaterializedInput>(output.tasks[1].input).partitions,
            (std::vector<MaterializedPart>{{MaterializedKey{2, 1000, 1}, MaterializedSite{}}}));
  EXPECT_EQ(output.tasks[1].steps, (std::vector<PipelineStepRef>{{3, 0}}));
}

TEST(BatchPlanStateTest, LaterBatchesReadTheirOwnPartitionOneSlideEarlier) {
  MaterializedIndex earlier;
  earlier[MaterializedKey{2, 1000, 0}] = MaterializedSite{"w1", "h:1"};
  earlier[MaterializedKey{2, 1000, 1}] = MaterializedSite{"w2", "h:2"};
  BatchPlan plan = PlanBatch(StateGraph(), InputsAt(2000, earlier), 4);
  const PlannedStage& state = plan.stages[plan.materialize_stage_of(2)];
  ASSERT_EQ(state.tasks.size(), 2u);
  EXPECT_FALSE(StateOf(state.tasks[1]).first_batch);
  EXPECT_EQ(StateOf(state.tasks[1]).previous,
            (std::vector<MaterializedPart>{{MaterializedKey{2, 1000, 1}, MaterializedSite{"w2", "h:2"}}}));

  BatchRun run(2000, std::move(plan), kMaxAttempts);
  std::vector<TaskLaunch> maps = run.TakeRunnable();
  ASSERT_EQ(maps.size(), 3u);  // only the map stage can run
  for (const TaskLaunch& map : maps) run.OnTaskSucceeded(map.stage_id, map.task->partition, "w3", "h:3", "", 0);
  std::vector<TaskLaunch> states = run.TakeRunnable();
  ASSERT_EQ(states.size(), 2u);
  EXPECT_EQ(states[1].map_outputs.size(), 3u);
  ASSERT_EQ(states[1].materialized.size(), 1u);
  EXPECT_EQ(states[1].materialized[0].key, (MaterializedKey{2, 1000, 1}));
  EXPECT_EQ(states[1].preferred_worker, "w2");  // where the state is
  for (const TaskLaunch& state_task : states) {
    run.OnTaskSucceeded(state_task.stage_id, state_task.task->partition, "w1", "h:1", "", 0);
  }
  std::vector<TaskLaunch> outputs = run.TakeRunnable();
  ASSERT_EQ(outputs.size(), 2u);
  EXPECT_EQ(outputs[0].materialized[0].site, (MaterializedSite{"w1", "h:1"}));
  for (const TaskLaunch& output : outputs)
    run.OnTaskSucceeded(output.stage_id, output.task->partition, "w1", "h:1", "", 0);
  EXPECT_TRUE(run.complete());
  auto materialized = run.MaterializedPartitions();
  ASSERT_EQ(materialized.size(), 2u);
  EXPECT_EQ(materialized[0].first, (MaterializedKey{2, 2000, 0}));
}

TEST(BatchPlanStateTest, AStateThatIsNowhereFailsTheBatch) {
  BatchRun run(2000, PlanBatch(StateGraph(), InputsAt(2000), 4), kMaxAttempts);
  for (const TaskLaunch& map : run.TakeRunnable()) {
    run.OnTaskSucceeded(map.stage_id, map.task->partition, "w3", "h:3", "", 0);
  }
  EXPECT_TRUE(run.TakeRunnable().empty());
  ASSERT_TRUE(run.failed());
  EXPECT_TRUE(run.fatal()) << "a lost state fails the application, not only the batch";
  EXPECT_NE(run.failure().find("the state of node 2 at 1000 ms"), std::string::npos) << run.failure();
}

// 0 queueStream -> 1 mapWithState (2 partitions) -> 2 collectBatches; 1 -> 3 stateSnapshots -> 4 collectBatches
GraphDescription MapWithStateGraph() {
  GraphDescription graph;
  graph.batch_ms = 1000;
  graph.nodes.push_back(Node(0, NodeKind::kQueueSource, "queueStream", {}));
  graph.nodes.push_back(Node(1, NodeKind::kShuffle, "mapWithState", {0}, 2));
  graph.nodes.push_back(Node(2, NodeKind::kOutput, "collectBatches", {1}));
  graph.nodes.push_back(Node(3, NodeKind::kNarrow, "stateSnapshots", {1}));
  graph.nodes.push_back(Node(4, NodeKind::kOutput, "collectBatches", {3}));
  return graph;
}

TEST(BatchPlanStateTest, MapWithStateTasksRunWhereTheirTablesAreAndSnapshotsReadThem) {
  MaterializedIndex earlier;
  earlier[MaterializedKey{1, 1000, 0}] = MaterializedSite{"w1", "h:1"};
  earlier[MaterializedKey{1, 1000, 1}] = MaterializedSite{"w2", "h:2"};
  BatchInputs inputs = InputsAt(2000, earlier);
  inputs.started_states = {1};
  BatchRun run(2000, PlanBatch(MapWithStateGraph(), inputs, 4), kMaxAttempts);
  for (const TaskLaunch& map : run.TakeRunnable()) {
    run.OnTaskSucceeded(map.stage_id, map.task->partition, "w3", "h:3", "", 0);
  }
  std::vector<TaskLaunch> tables = run.TakeRunnable();
  ASSERT_EQ(tables.size(), 2u);
  EXPECT_EQ(tables[1].required_worker, "w2") << "the table of partition 1 is on w2";
  EXPECT_TRUE(tables[1].required_for_state);
  run.OnTaskSucceeded(tables[0].stage_id, 0, "w1", "h:1", "", 0);
  run.OnTaskSucceeded(tables[1].stage_id, 1, "w2", "h:2", "", 0);
  std::vector<TaskLaunch> reads = run.TakeRunnable();
  int snapshots = 0;
  for (const TaskLaunch& read : reads) {
    if (const auto* table = std::get_if<KeyedStateInput>(&read.task->input)) {
      ++snapshots;
      EXPECT_EQ(table->table.key, (MaterializedKey{1, 2000, read.task->partition}));
      EXPECT_EQ(read.required_worker, read.task->partition == 0 ? "w1" : "w2");
    }
  }
  EXPECT_EQ(snapshots, 2);
}

TEST(BatchPlanStateTest, ABatchWithoutParentDataStillUpdatesAStartedState) {
  BatchInputs inputs = InputsAt(2000);
  inputs.queued.clear();
  inputs.nodes_without_data = {0, 1};
  BatchPlan plan = PlanBatch(StateGraph(), inputs, 4);
  EXPECT_TRUE(plan.stages[plan.shuffle_stage_of(2)].tasks.empty());
  EXPECT_EQ(plan.stages[plan.materialize_stage_of(2)].tasks.size(), 2u);
  EXPECT_EQ(plan.output_stages.size(), 1u);
}

// 0 queueStream -> 1 reduceByKey (2 partitions) -> 2 reducedWindow(3 s, 1 s) -> 3 collect
GraphDescription IncrementalWindowGraph() {
  GraphDescription graph;
  graph.batch_ms = 1000;
  graph.nodes.push_back(Node(0, NodeKind::kQueueSource, "queueStream", {}));
  graph.nodes.push_back(Node(1, NodeKind::kShuffle, "reduceByKey", {0}, 2));
  graph.nodes.push_back(Node(2, NodeKind::kNarrow, "reducedWindow", {1}));
  graph.nodes[2].params["window_ms"] = "3000";
  graph.nodes.push_back(Node(3, NodeKind::kOutput, "collectBatches", {2}));
  return graph;
}

TEST(BatchPlanStateTest, AnIncrementalWindowReadsItsPreviousResultAndTheBatchesThatEnteredAndLeft) {
  GraphDescription graph = IncrementalWindowGraph();
  EXPECT_EQ(graph.MaterializedNodes(), (std::vector<int32_t>{1, 2}));
  MaterializedIndex earlier;
  for (int64_t t : {1000, 2000, 3000, 4000}) {
    for (int32_t p = 0; p < 2; ++p) earlier[MaterializedKey{1, t, p}] = MaterializedSite{"w1", "h:1"};
  }
  earlier[MaterializedKey{2, 4000, 0}] = MaterializedSite{"w3", "h:3"};
  earlier[MaterializedKey{2, 4000, 1}] = MaterializedSite{"w2", "h:2"};
  BatchPlan plan = PlanBatch(graph, InputsAt(5000, earlier), 4);
  const PlannedStage& window = plan.stages[plan.materialize_stage_of(2)];
  EXPECT_EQ(window.parent_stages, (std::vector<int32_t>{plan.materialize_stage_of(1)}));
  ASSERT_EQ(window.tasks.size(), 2u);
  const auto& read = std::get<WindowDeltaInput>(window.tasks[1].input);
  EXPECT_EQ(window.tasks[1].input_node, 2);
  EXPECT_TRUE(window.tasks[1].steps.empty());
  EXPECT_EQ(read.previous,
            (std::vector<MaterializedPart>{{MaterializedKey{2, 4000, 1}, MaterializedSite{"w2", "h:2"}}}));
  // Entered: (4 s, 5 s], this batch's; left: (1 s, 2 s].
  EXPECT_EQ(read.added, (std::vector<MaterializedPart>{{MaterializedKey{1, 5000, 1}, MaterializedSite{}}}));
  EXPECT_EQ(read.removed,
            (std::vector<MaterializedPart>{{MaterializedKey{1, 2000, 1}, MaterializedSite{"w1", "h:1"}}}));
  const PlannedStage& output = plan.stages[plan.output_stages.at(0)];
  EXPECT_EQ(std::get<MaterializedInput>(output.tasks[0].input).partitions[0].key, (MaterializedKey{2, 5000, 0}));

  BatchRun run(5000, std::move(plan), kMaxAttempts);
  std::vector<TaskLaunch> launches;
  while (!run.complete() && !run.failed()) {
    std::vector<TaskLaunch> runnable = run.TakeRunnable();
    ASSERT_FALSE(runnable.empty());
    for (const TaskLaunch& launch : runnable) {
      launches.push_back(launch);
      run.OnTaskSucceeded(launch.stage_id, launch.task->partition, "w4", "h:4", "", 0);
    }
  }
  ASSERT_FALSE(run.failed()) << run.failure();
  for (const TaskLaunch& launch : launches) {
    if (!launch.window_delta) continue;
    EXPECT_EQ(launch.window_delta->added.at(0).site, (MaterializedSite{"w4", "h:4"}));
    if (launch.task->partition == 0) EXPECT_EQ(launch.preferred_worker, "w3");
  }
}

TEST(BatchPlanStateTest, AnIncrementalWindowsFirstTimeHasNoPreviousResultNorLeavingBatches) {
  BatchPlan plan = PlanBatch(IncrementalWindowGraph(), InputsAt(1000), 4);
  const auto& read = std::get<WindowDeltaInput>(plan.stages[plan.materialize_stage_of(2)].tasks[0].input);
  EXPECT_TRUE(read.previous.empty());
  EXPECT_TRUE(read.removed.empty());
  EXPECT_EQ(read.added.size(), 1u);
  // Later, without the previous result anywhere, the batch fails rather than start the window afresh.
  BatchRun run(2000, PlanBatch(IncrementalWindowGraph(), InputsAt(2000), 4), kMaxAttempts);
  while (!run.failed()) {
    std::vector<TaskLaunch> runnable = run.TakeRunnable();
    if (runnable.empty()) break;
    for (const TaskLaunch& launch : runnable) {
      run.OnTaskSucceeded(launch.stage_id, launch.task->partition, "w4", "h:4", "", 0);
    }
  }
  ASSERT_TRUE(run.failed());
  EXPECT_NE(run.failure().find("node 2 at 1000 ms"), std::string::npos) << run.failure();
}

}  // namespace
}  // namespace sluice
