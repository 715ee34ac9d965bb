// The master's own tunables reach what they tune: master.task_max_attempts the batches the master runs,
// master.max_tick_interval_ms its periodic checks.
#include <atomic>

#include "gtest/gtest.h"
#include "master/testing/master_test_env.h"

namespace sluice {
namespace {

Config WithTaskAttempts(int attempts) {
  Config config;
  config.task_max_attempts = attempts;
  return config;
}

// The fake worker fails every task.
class MasterTaskAttemptsTest : public testing::MasterTestEnv {
 protected:
  MasterTaskAttemptsTest() : MasterTestEnv(WithTaskAttempts(2)) {}

  TaskReport RunTask(const TaskSpec& task) override {
    ++runs_;
    TaskReport report = SucceededReport(task, "", 0);
    report.result.state = TaskState::kFailed;
    report.result.error = "boom";
    return report;
  }

  // One queueStream item in one partition, printed: one task in one batch.
  static Submission OneTaskSpec() {
    Submission spec;
    spec.name = "one-task";
    spec.library_hash = "local-test";
    spec.graph.batch_ms = 1000;
    spec.graph.nodes.push_back(
        {0, NodeKind::kQueueSource, "queueStream", {}, {{"one_at_a_time", "true"}, {"num_partitions", "1"}}, 0, ""});
    spec.graph.nodes.push_back({1, NodeKind::kOutput, "collectBatches", {0}, {}, 0, ""});
    spec.queue_sources = {QueueSourceData{0, {QueuedDataSet(std::vector<EncodedPartition>{{std::string(1, '\x01'), 1}})}}};
    spec.clock = BatchClockSpec{.manual = true, .manual_batches = 1};
    return spec;
  }

  std::atomic<int> runs_{0};
};

TEST_F(MasterTaskAttemptsTest, AFailingTaskRunsAsOftenAsTheSettingSaysThenFailsItsBatch) {
  auto submitted = OnLoop([&] { return master_->Submit(OneTaskSpec()); });
  ASSERT_TRUE(submitted.ok()) << submitted.status();
  std::vector<AppEvent> events = EventsUntilFinished(submitted->app_id);
  EXPECT_EQ(runs_, 2) << "master.task_max_attempts=2";
  bool batch_failed = false;
  for (const AppEvent& event : events) {
    EXPECT_NE(event.kind, AppEvent::Kind::kError) << "a failed task fails its batch, not the application";
    if (event.kind == AppEvent::Kind::kBatchFailed) {
      batch_failed = event.message == "batch 1000 ms failed: boom" && event.batch_ms == 1000;
    }
  }
  EXPECT_TRUE(batch_failed) << "the batch fails with the task's error";
}

TEST(MasterTickIntervalTest, IsTheHeartbeatIntervalCappedByTheSetting) {
  Config config;
  EXPECT_EQ(MasterTickInterval(config), std::chrono::milliseconds(500)) << "the defaults: 1000 ms capped at 500";
  config.heartbeat_interval_ms = 200;
  EXPECT_EQ(MasterTickInterval(config), std::chrono::milliseconds(200));
  config.heartbeat_interval_ms = 5000;
  config.max_tick_interval_ms = 2000;
  EXPECT_EQ(MasterTickInterval(config), std::chrono::milliseconds(2000));
}

}  // namespace
}  // namespace sluice
