#include "master/batch_run.h"

#include "common/codec.h"
#include "gtest/gtest.h"

namespace sluice {
namespace {

constexpr int kMaxAttempts = 3;  // of each task: master.task_max_attempts's default

BatchPlan TwoStagePlan() {
  BatchPlan plan;
  PlannedStage map_stage;
  map_stage.id = 0;
  map_stage.terminal_node = 3;
  map_stage.writes_shuffle = true;
  map_stage.num_output_partitions = 2;
  map_stage.tasks.push_back({0, 0, BlockRef{"b0", 0, "w1", 1, 1}, {{3, 0}}});
  PlannedStage result_stage;
  result_stage.id = 1;
  result_stage.terminal_node = 4;
  result_stage.parent_stages = {0};
  result_stage.tasks.push_back({0, 3, ReducePartitionInput{0}, {{4, 0}}});
  result_stage.tasks.push_back({1, 3, ReducePartitionInput{1}, {{4, 0}}});
  plan.stages = {map_stage, result_stage};
  plan.output_stages = {1};
  return plan;
}

TEST(BatchRunTest, StagesRunInOrderAndOutputsConcatenateInPartitionOrder) {
  BatchRun run(1000, TwoStagePlan(), kMaxAttempts);
  auto first = run.TakeRunnable();
  ASSERT_EQ(first.size(), 1u);
  EXPECT_EQ(first[0].required_worker, "w1");
  EXPECT_TRUE(run.TakeRunnable().empty());
  run.OnTaskSucceeded(0, 0, "w1", "host:1", "", 0);
  auto second = run.TakeRunnable();
  ASSERT_EQ(second.size(), 2u);
  ASSERT_EQ(second[0].map_outputs.size(), 1u);
  EXPECT_EQ(second[0].map_outputs[0].worker_address, "host:1");
  std::string a, b;
  EncodeRecord(std::string("a"), &a);
  EncodeRecord(std::string("b"), &b);
  run.OnTaskSucceeded(1, 1, "w2", "host:2", b, 1);
  EXPECT_FALSE(run.complete());
  run.OnTaskSucceeded(1, 0, "w1", "host:1", a, 1);
  EXPECT_TRUE(run.complete());
  auto outputs = run.Outputs();
  ASSERT_EQ(outputs.size(), 1u);
  EXPECT_EQ(outputs[0].records, a + b);
  EXPECT_EQ(outputs[0].count, 2);
}

// foreachRDD: the output stage stores its partitions where it runs; the output event says where and how many.
TEST(BatchRunTest, AHeldOutputTellsWhereEachPartitionIsAndItsRecords) {
  BatchPlan plan = TwoStagePlan();
  plan.stages[1].writes_partition = true;
  BatchRun run(1000, std::move(plan), kMaxAttempts);
  run.TakeRunnable();
  run.OnTaskSucceeded(0, 0, "w1", "host:1", "", 0);
  run.TakeRunnable();
  run.OnTaskSucceeded(1, 0, "w1", "host:1", "", 0, /*records_out=*/3);
  run.OnTaskSucceeded(1, 1, "w2", "host:2", "", 0, /*records_out=*/4);
  auto outputs = run.Outputs();
  ASSERT_EQ(outputs.size(), 1u);
  EXPECT_TRUE(outputs[0].records.empty());
  EXPECT_EQ(outputs[0].count, 7);
  EXPECT_EQ(outputs[0].held, (std::vector<HeldPartition>{{0, "w1", "host:1", 3}, {1, "w2", "host:2", 4}}));
  EXPECT_EQ(run.MaterializedPartitions().size(), 2u) << "the master keeps them in its index until released";
}

TEST(BatchRunTest, FailedTaskIsRetriedThenFailsTheBatch) {
  BatchRun run(1000, TwoStagePlan(), kMaxAttempts);
  for (int attempt = 0; attempt < kMaxAttempts; ++attempt) {
    auto launches = run.TakeRunnable();
    ASSERT_EQ(launches.size(), 1u) << attempt;
    EXPECT_EQ(launches[0].attempt, attempt);
    run.OnTaskFailed(0, 0, "boom");
  }
  EXPECT_TRUE(run.failed());
  EXPECT_EQ(run.failure(), "boom");
  EXPECT_TRUE(run.TakeRunnable().empty());
}

// master.task_max_attempts reaches the run: one attempt fails the batch at the first failure, five take five.
TEST(BatchRunTest, ATaskRunsAsManyTimesAsItsRunAllows) {
  for (int max_attempts : {1, 5}) {
    BatchRun run(1000, TwoStagePlan(), max_attempts);
    int launched = 0;
    for (std::vector<TaskLaunch> launches = run.TakeRunnable(); !launches.empty(); launches = run.TakeRunnable()) {
      ASSERT_EQ(launches.size(), 1u);
      EXPECT_EQ(launches[0].attempt, launched);
      ++launched;
      run.OnTaskFailed(0, 0, "boom");
    }
    EXPECT_EQ(launched, max_attempts);
    EXPECT_TRUE(run.failed());
  }
}

TEST(BatchRunTest, LosingTheWorkerWithShuffleOutputFailsTheBatch) {
  BatchRun run(1000, TwoStagePlan(), kMaxAttempts);
  run.TakeRunnable();
  run.OnTaskSucceeded(0, 0, "w1", "host:1", "", 0);
  run.OnWorkerLost("w2");
  EXPECT_FALSE(run.failed());
  run.OnWorkerLost("w1");
  EXPECT_TRUE(run.failed());
}

}  // namespace
}  // namespace sluice
