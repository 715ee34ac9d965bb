#include "master/task_wire.h"

#include "gtest/gtest.h"

namespace sluice {
namespace {

TEST(TaskWireTest, SendsQueuedPartitionsInline) {
  PlannedStage stage;
  stage.id = 0;
  stage.terminal_node = 2;
  stage.record_limit = -1;
  PlannedTask task{1, 0, QueuedPartition{"\x02\x04", 2}, {{1, 0}, {2, 0}}};
  TaskAssignment assignment{"app-1", "hash", TaskLaunch{.batch_ms = 3000, .stage = &stage, .task = &task}};
  proto::TaskSpec spec;
  TaskToProto(assignment, &spec);
  EXPECT_EQ(spec.batch_ms(), 3000);
  EXPECT_EQ(spec.partition(), 1);
  EXPECT_EQ(spec.input_node(), 0);
  ASSERT_TRUE(spec.input().has_inline_partition());
  EXPECT_EQ(spec.input().inline_partition().records(), "\x02\x04");
  EXPECT_EQ(spec.input().inline_partition().count(), 2);
  EXPECT_EQ(spec.result().record_limit(), -1);
  EXPECT_EQ(spec.steps_size(), 2);
}

TEST(TaskWireTest, SendsMaterializedReadsWithTheirSitesAndPartitionWrites) {
  PlannedStage window;
  window.terminal_node = 3;
  MaterializedPart part{MaterializedKey{1, 1000, 2}, MaterializedSite{"w1", "h:1"}};
  PlannedTask read{0, 1, MaterializedRead{{part}}, {{2, 0}, {3, 0}}};
  TaskAssignment assignment{"app-1", "hash",
                            TaskLaunch{.batch_ms = 2000, .stage = &window, .task = &read, .materialized = {part}}};
  proto::TaskSpec spec;
  TaskToProto(assignment, &spec);
  ASSERT_EQ(spec.input().materialized().partitions_size(), 1);
  const proto::MaterializedPartition& sent = spec.input().materialized().partitions(0);
  EXPECT_EQ(sent.node(), 1);
  EXPECT_EQ(sent.batch_ms(), 1000);
  EXPECT_EQ(sent.partition(), 2);
  EXPECT_EQ(sent.worker_address(), "h:1");

  PlannedStage materialize;
  materialize.terminal_node = 0;
  materialize.writes_partition = true;
  PlannedTask store{1, 0, QueuedPartition{"", 0}, {}};
  TaskAssignment write{"app-1", "hash", TaskLaunch{.batch_ms = 2000, .stage = &materialize, .task = &store}};
  spec.Clear();
  TaskToProto(write, &spec);
  ASSERT_TRUE(spec.has_partition_write());
  EXPECT_EQ(spec.partition_write().partition(), 1);
  EXPECT_EQ(spec.steps_size(), 0);
}

TEST(TaskWireTest, SendsAStateTasksPreviousStateWithItsShuffleRead) {
  PlannedStage state;
  state.terminal_node = 2;
  state.writes_partition = true;
  MaterializedPart previous{MaterializedKey{2, 1000, 1}, MaterializedSite{"w2", "h:2"}};
  PlannedTask task{
      1, 2, ReducePartitionInput{1, StateRead{.first_batch = false, .num_partitions = 2, .previous = {previous}}}, {}};
  TaskAssignment assignment{"app-1", "hash",
                            TaskLaunch{.batch_ms = 2000, .stage = &state, .task = &task, .materialized = {previous}}};
  proto::TaskSpec spec;
  TaskToProto(assignment, &spec);
  ASSERT_TRUE(spec.input().shuffle().has_state());
  const proto::StateRead& sent = spec.input().shuffle().state();
  EXPECT_FALSE(sent.first_batch());
  EXPECT_EQ(sent.num_partitions(), 2);
  ASSERT_EQ(sent.previous_size(), 1);
  EXPECT_EQ(sent.previous(0).batch_ms(), 1000);
  EXPECT_EQ(sent.previous(0).worker_address(), "h:2");

  PlannedTask plain{1, 2, ReducePartitionInput{1}, {{3, 0}}};
  spec.Clear();
  TaskToProto(TaskAssignment{"app-1", "hash", TaskLaunch{.batch_ms = 2000, .stage = &state, .task = &plain}}, &spec);
  EXPECT_FALSE(spec.input().shuffle().has_state());
}

TEST(TaskWireTest, SendsAnIncrementalWindowsLocatedParts) {
  PlannedStage window;
  window.terminal_node = 2;
  window.writes_partition = true;
  MaterializedPart previous{MaterializedKey{2, 1000, 0}, MaterializedSite{"w2", "h:2"}};
  MaterializedPart entered{MaterializedKey{1, 2000, 0}, MaterializedSite{}};
  PlannedTask task{0, 2, WindowDeltaRead{{previous}, {entered}, {}}, {}};
  MaterializedPart located = entered;
  located.site = MaterializedSite{"w1", "h:1"};
  TaskAssignment assignment{"app-1", "hash",
                            TaskLaunch{.batch_ms = 2000,
                                       .stage = &window,
                                       .task = &task,
                                       .window_delta = WindowDeltaRead{{previous}, {located}, {}}}};
  proto::TaskSpec spec;
  TaskToProto(assignment, &spec);
  ASSERT_TRUE(spec.input().has_window_delta());
  const proto::WindowDeltaRead& sent = spec.input().window_delta();
  ASSERT_EQ(sent.previous_size(), 1);
  EXPECT_EQ(sent.previous(0).node(), 2);
  ASSERT_EQ(sent.added_size(), 1);
  EXPECT_EQ(sent.added(0).worker_address(), "h:1");
  EXPECT_EQ(sent.removed_size(), 0);
  EXPECT_TRUE(spec.has_partition_write());
}

// The attempt tells a repeated report of an earlier attempt from one of the attempt that runs now.
TEST(TaskWireTest, AReportKeepsItsTasksIdentityWithTheAttempt) {
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
  TaskReport report = TaskReportFromProto(request);
  EXPECT_EQ(report.worker_id, "w1");
  EXPECT_EQ(report.app_id, "app-1");
  EXPECT_EQ(report.batch_ms, 2000);
  EXPECT_EQ(report.stage_id, 1);
  EXPECT_EQ(report.partition, 3);
  EXPECT_EQ(report.attempt, 2);
  EXPECT_FALSE(report.succeeded);
  EXPECT_EQ(report.error, "boom");
}

}  // namespace
}  // namespace sluice
