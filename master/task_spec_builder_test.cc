#include "master/task_spec_builder.h"

#include "gtest/gtest.h"
#include "wire/proto_conversion.h"

namespace sluice {
namespace {

// The task the worker gets for `assignment`: built on the master, sent as the worker receives it (through the
// bytes), and converted back as the worker converts it. The round trip loses nothing.
TaskSpec SentToWorker(const TaskAssignment& assignment) {
  const TaskSpec built = BuildTaskSpec(assignment);
  proto::LaunchTaskRequest request;
  ToProto(built, request.mutable_task());
  proto::LaunchTaskRequest received;
  EXPECT_TRUE(received.ParseFromString(request.SerializeAsString()));
  absl::StatusOr<TaskSpec> task = FromProto(received.task());
  EXPECT_TRUE(task.ok()) << task.status();
  if (!task.ok()) return TaskSpec{};
  EXPECT_EQ(*task, built) << "the master -> worker round trip changed the task";
  return *task;
}

TEST(TaskSpecBuilderTest, SendsQueuedPartitionsInline) {
  PlannedStage stage;
  stage.id = 0;
  stage.terminal_node = 2;
  stage.record_limit = -1;
  PlannedTask task{1, 0, EncodedPartition{"\x02\x04", 2}, {{1, 0}, {2, 0}}};
  TaskSpec spec = SentToWorker(
      TaskAssignment{"app-1", "hash", TaskLaunch{.batch_ms = 3000, .attempt = 2, .stage = &stage, .task = &task}});
  EXPECT_EQ(spec.app_id, "app-1");
  EXPECT_EQ(spec.library_hash, "hash");
  EXPECT_EQ(spec.batch_ms, 3000);
  EXPECT_EQ(spec.partition, 1);
  EXPECT_EQ(spec.attempt, 2);
  EXPECT_EQ(spec.input_node, 0);
  EXPECT_EQ(std::get<EncodedPartition>(spec.input), (EncodedPartition{"\x02\x04", 2}));
  EXPECT_EQ(std::get<ResultSpec>(spec.sink).record_limit, -1);
  EXPECT_EQ(spec.steps, (std::vector<PipelineStep>{{1, 0}, {2, 0}}));
}

TEST(TaskSpecBuilderTest, SendsBlocksAndFileSplitsAsPlanned) {
  PlannedStage stage;
  stage.writes_shuffle = true;
  stage.num_output_partitions = 4;
  BlockRef block{"input-0-app-1-w1-3", 0, "w1", 10, 120};
  PlannedTask read_block{2, 0, block, {{1, 0}}};
  TaskSpec spec = SentToWorker(TaskAssignment{"app-1", "hash", TaskLaunch{.stage = &stage, .task = &read_block}});
  EXPECT_EQ(std::get<BlockRef>(spec.input), block);
  EXPECT_EQ(std::get<ShuffleWriteSpec>(spec.sink), (ShuffleWriteSpec{2, 4}));

  FileSplit split{"/in/a.txt", 128, 64};
  PlannedTask read_split{0, 0, split, {{1, 0}}};
  spec = SentToWorker(TaskAssignment{"app-1", "hash", TaskLaunch{.stage = &stage, .task = &read_split}});
  EXPECT_EQ(std::get<FileSplit>(spec.input), split);
}

TEST(TaskSpecBuilderTest, SendsMaterializedReadsWithTheirSitesAndPartitionWrites) {
  PlannedStage window;
  window.terminal_node = 3;
  MaterializedPart part{MaterializedKey{1, 1000, 2}, MaterializedSite{"w1", "h:1"}};
  PlannedTask read{0, 1, MaterializedInput{{part}}, {{2, 0}, {3, 0}}};
  TaskSpec spec = SentToWorker(TaskAssignment{
      "app-1", "hash", TaskLaunch{.batch_ms = 2000, .stage = &window, .task = &read, .materialized = {part}}});
  const auto& sent = std::get<MaterializedInput>(spec.input);
  ASSERT_EQ(sent.partitions.size(), 1u);
  EXPECT_EQ(sent.partitions[0], part);

  PlannedStage materialize;
  materialize.terminal_node = 0;
  materialize.writes_partition = true;
  PlannedTask store{1, 0, EncodedPartition{"", 0}, {}};
  spec = SentToWorker(
      TaskAssignment{"app-1", "hash", TaskLaunch{.batch_ms = 2000, .stage = &materialize, .task = &store}});
  EXPECT_EQ(std::get<PartitionWriteSpec>(spec.sink), (PartitionWriteSpec{1, "", 0}));
  EXPECT_TRUE(spec.steps.empty());
}

TEST(TaskSpecBuilderTest, APartitionWriteAtACheckpointTimeNamesTheCheckpoint) {
  PlannedStage state;
  state.terminal_node = 2;
  state.writes_partition = true;
  state.checkpoint = true;
  state.previous_checkpoint_ms = 1000;
  PlannedTask task{1, 2, ReducePartitionInput{1}, {}};
  TaskSpec spec = SentToWorker(TaskAssignment{
      "app-1", "hash", TaskLaunch{.batch_ms = 11000, .stage = &state, .task = &task}, "/checkpoints"});
  EXPECT_EQ(std::get<PartitionWriteSpec>(spec.sink), (PartitionWriteSpec{1, "/checkpoints", 1000}));
  state.checkpoint = false;
  spec = SentToWorker(TaskAssignment{
      "app-1", "hash", TaskLaunch{.batch_ms = 12000, .stage = &state, .task = &task}, "/checkpoints"});
  EXPECT_EQ(std::get<PartitionWriteSpec>(spec.sink), (PartitionWriteSpec{1, "", 0}));
}

TEST(TaskSpecBuilderTest, SendsAStateTasksPreviousStateWithItsShuffleRead) {
  PlannedStage state;
  state.terminal_node = 2;
  state.writes_partition = true;
  MaterializedPart previous{MaterializedKey{2, 1000, 1}, MaterializedSite{"w2", "h:2"}};
  std::vector<MapOutputLocation> map_outputs = {{"w1", "h:1", 0}, {"w2", "h:2", 1}};
  PlannedTask task{
      1, 2, ReducePartitionInput{1, StateRead{.first_batch = false, .num_partitions = 2, .previous = {previous}}}, {}};
  TaskSpec spec = SentToWorker(TaskAssignment{"app-1", "hash",
                                              TaskLaunch{.batch_ms = 2000,
                                                         .stage = &state,
                                                         .task = &task,
                                                         .map_outputs = map_outputs,
                                                         .materialized = {previous}}});
  const auto& read = std::get<ShuffleReadInput>(spec.input);
  EXPECT_EQ(read.shuffle_node, 2);
  EXPECT_EQ(read.reduce_partition, 1);
  EXPECT_EQ(read.map_outputs, map_outputs);
  ASSERT_TRUE(read.state.has_value());
  EXPECT_FALSE(read.state->first_batch);
  EXPECT_EQ(read.state->num_partitions, 2);
  EXPECT_EQ(read.state->previous, std::vector<MaterializedPart>{previous});

  PlannedTask plain{1, 2, ReducePartitionInput{1}, {{3, 0}}};
  spec = SentToWorker(TaskAssignment{"app-1", "hash", TaskLaunch{.batch_ms = 2000, .stage = &state, .task = &plain}});
  EXPECT_FALSE(std::get<ShuffleReadInput>(spec.input).state.has_value());
}

TEST(TaskSpecBuilderTest, SendsAnIncrementalWindowsLocatedParts) {
  PlannedStage window;
  window.terminal_node = 2;
  window.writes_partition = true;
  MaterializedPart previous{MaterializedKey{2, 1000, 0}, MaterializedSite{"w2", "h:2"}};
  MaterializedPart entered{MaterializedKey{1, 2000, 0}, MaterializedSite{}};
  PlannedTask task{0, 2, WindowDeltaInput{{previous}, {entered}, {}}, {}};
  MaterializedPart located = entered;
  located.site = MaterializedSite{"w1", "h:1"};
  TaskSpec spec = SentToWorker(TaskAssignment{"app-1", "hash",
                                              TaskLaunch{.batch_ms = 2000,
                                                         .stage = &window,
                                                         .task = &task,
                                                         .window_delta = WindowDeltaInput{{previous}, {located}, {}}}});
  const auto& sent = std::get<WindowDeltaInput>(spec.input);
  EXPECT_EQ(sent.previous, std::vector<MaterializedPart>{previous});
  EXPECT_EQ(sent.added, std::vector<MaterializedPart>{located});
  EXPECT_TRUE(sent.removed.empty());
  EXPECT_TRUE(std::holds_alternative<PartitionWriteSpec>(spec.sink));
}

TEST(TaskSpecBuilderTest, SendsAStateSnapshotsTable) {
  PlannedStage snapshots;
  snapshots.terminal_node = 4;
  MaterializedPart table{MaterializedKey{3, 2000, 1}, MaterializedSite{"w1", "h:1"}};
  PlannedTask task{1, 3, KeyedStateInput{table}, {{4, 0}}};
  TaskSpec spec = SentToWorker(
      TaskAssignment{"app-1", "hash", TaskLaunch{.batch_ms = 2000, .stage = &snapshots, .task = &task,
                                                 .materialized = {table}}});
  EXPECT_EQ(std::get<KeyedStateInput>(spec.input).table, table);
}

// The attempt tells a repeated report of an earlier attempt from one of the attempt that runs now.
TEST(TaskSpecBuilderTest, AReportKeepsItsTasksIdentityWithTheAttempt) {
  proto::ReportTaskRequest request;
  request.set_worker_id("w1");
  proto::TaskResult* result = request.mutable_result();
  result->set_app_id("app-1");
  result->set_batch_ms(2000);
  result->set_stage_id(1);
  result->set_partition(3);
  result->set_attempt(2);
  result->set_state(proto::TASK_FAILED);
  result->set_error("boom");
  TaskReport report = FromProto(request);
  EXPECT_EQ(report.worker_id, "w1");
  EXPECT_EQ(report.result.app_id, "app-1");
  EXPECT_EQ(report.result.batch_ms, 2000);
  EXPECT_EQ(report.result.stage_id, 1);
  EXPECT_EQ(report.result.partition, 3);
  EXPECT_EQ(report.result.attempt, 2);
  EXPECT_FALSE(report.result.succeeded());
  EXPECT_EQ(report.result.error, "boom");
}

}  // namespace
}  // namespace sluice
