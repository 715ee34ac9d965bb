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

// Spark's lineage: the map output lost with its worker is computed again (here from the block's copy) and the
// reduce tasks read the new one; the batch completes.
TEST(BatchRunTest, AMapOutputLostWithItsWorkerIsComputedAgain) {
  BatchPlan plan = TwoStagePlan();
  std::get<BlockRef>(plan.stages[0].tasks[0].input).replica_worker_ids = {"w2"};
  BatchRun run(1000, std::move(plan), kMaxAttempts);
  run.TakeRunnable();
  run.OnTaskSucceeded(0, 0, "w1", "host:1", "", 0);
  EXPECT_EQ(run.OnWorkerLost("w3"), 0) << "it held nothing of the batch";
  EXPECT_EQ(run.OnWorkerLost("w1"), 1);
  EXPECT_FALSE(run.failed());
  std::vector<TaskLaunch> again = run.TakeRunnable();
  ASSERT_EQ(again.size(), 1u) << "the map task again, and no reduce task before it is done";
  EXPECT_EQ(again[0].stage_id, 0);
  EXPECT_EQ(again[0].attempt, 0) << "a lost output uses no attempt";
  EXPECT_EQ(again[0].replica_workers, std::vector<std::string>{"w2"});
  run.OnTaskSucceeded(0, 0, "w2", "host:2", "", 0);
  std::vector<TaskLaunch> reduces = run.TakeRunnable();
  ASSERT_EQ(reduces.size(), 2u);
  EXPECT_EQ(reduces[0].map_outputs[0].worker_address, "host:2") << "they read the new output";
  run.OnTaskSucceeded(1, 0, "w2", "host:2", "", 0);
  run.OnTaskSucceeded(1, 1, "w2", "host:2", "", 0);
  EXPECT_TRUE(run.complete());
  EXPECT_EQ(run.recomputed_tasks(), 1);
}

// Once every stage that reads a map output has read it, its loss changes nothing.
TEST(BatchRunTest, AMapOutputNoStageStillReadsIsNotComputedAgain) {
  BatchRun run(1000, TwoStagePlan(), kMaxAttempts);
  run.TakeRunnable();
  run.OnTaskSucceeded(0, 0, "w1", "host:1", "", 0);
  run.TakeRunnable();
  run.OnTaskSucceeded(1, 0, "w2", "host:2", "", 0);
  run.OnTaskSucceeded(1, 1, "w2", "host:2", "", 0);
  EXPECT_EQ(run.OnWorkerLost("w1"), 0);
  EXPECT_TRUE(run.complete());
}

// A reduce task that could not fetch from a worker (FetchFailed) waits, without using an attempt, for the map
// output there to be computed again; a second reduce task reporting the same loss waits too.
TEST(BatchRunTest, AFetchFailureComputesTheLostOutputAgainWithoutUsingAnAttempt) {
  BatchRun run(1000, TwoStagePlan(), kMaxAttempts);
  run.TakeRunnable();
  run.OnTaskSucceeded(0, 0, "w1", "host:1", "", 0);
  ASSERT_EQ(run.TakeRunnable().size(), 2u);
  run.OnInputLost(1, 0, "w1", "fetching from w1: connection refused");
  run.OnInputLost(1, 1, "w1", "fetching from w1: connection refused");
  EXPECT_FALSE(run.failed());
  std::vector<TaskLaunch> again = run.TakeRunnable();
  ASSERT_EQ(again.size(), 1u);
  EXPECT_EQ(again[0].stage_id, 0);
  run.OnTaskSucceeded(0, 0, "w2", "host:2", "", 0);
  std::vector<TaskLaunch> reduces = run.TakeRunnable();
  ASSERT_EQ(reduces.size(), 2u);
  for (const TaskLaunch& reduce : reduces) EXPECT_EQ(reduce.attempt, 0) << "no attempt was used";
}

// An input that this batch cannot compute again (an earlier batch's partition on the lost worker) is the task's
// failure, and so is a loss that keeps coming back: the batch ends.
TEST(BatchRunTest, AnInputLostForGoodFailsTheTaskAfterItsAttempts) {
  BatchRun run(1000, TwoStagePlan(), kMaxAttempts);
  run.TakeRunnable();
  run.OnTaskSucceeded(0, 0, "w1", "host:1", "", 0);
  run.TakeRunnable();
  for (int attempt = 0; attempt < kMaxAttempts; ++attempt) {
    run.OnInputLost(1, 0, "w9", "partition 0 of node 2 at 0 ms is not on w9");  // nothing of this batch was there
    run.TakeRunnable();
  }
  EXPECT_TRUE(run.failed());
  EXPECT_EQ(run.failure(), "partition 0 of node 2 at 0 ms is not on w9");

  BatchRun flaky(1000, TwoStagePlan(), kMaxAttempts);
  flaky.TakeRunnable();
  for (int loss = 0; loss <= kMaxAttempts * kMaxAttempts && !flaky.failed(); ++loss) {
    flaky.OnTaskSucceeded(0, 0, "w1", "host:1", "", 0);
    flaky.TakeRunnable();
    flaky.OnInputLost(1, 0, "w1", "lost again");
    flaky.TakeRunnable();
  }
  EXPECT_TRUE(flaky.failed()) << "a loss that keeps coming back ends the batch";
}

}  // namespace
}  // namespace sluice
