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

}  // namespace
}  // namespace sluice
