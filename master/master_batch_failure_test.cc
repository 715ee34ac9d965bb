// A batch that cannot complete is reported and the application goes on with the next batch, as in Spark; unless
// the batch computes what later batches read (a state, a window's parent), which fails the application.
#include <chrono>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "master/testing/master_test_env.h"

namespace sluice {
namespace {

using std::chrono::milliseconds;
using std::chrono::steady_clock;

QueuedDataSet OneRecord(char record) { return std::vector<EncodedPartition>{{std::string(1, record), 1}}; }

// queueStream (one record per batch, `partitions` partitions) -> [op] -> output, for `batches` batches.
Submission Spec(int64_t batches, int partitions, const std::string& middle_op = "") {
  Submission spec;
  spec.name = "batch-failure";
  spec.library_hash = "local-test";
  spec.graph.batch_ms = 1000;
  spec.graph.nodes.push_back({0, NodeKind::kQueueSource, "queueStream", {},
                              {{"one_at_a_time", "true"}, {"num_partitions", std::to_string(partitions)}}, 0, ""});
  int32_t last = 0;
  if (!middle_op.empty()) {
    spec.graph.nodes.push_back({1, NodeKind::kShuffle, middle_op, {0}, {}, 2, ""});
    last = 1;
  }
  spec.graph.nodes.push_back({last + 1, NodeKind::kOutput, "collectBatches", {last}, {}, 0, ""});
  std::vector<QueuedDataSet> items;
  for (int64_t i = 0; i < batches; ++i) {
    std::vector<EncodedPartition> parts(partitions, EncodedPartition{std::string(1, static_cast<char>('0' + i)), 1});
    items.push_back(parts);
  }
  spec.queue_sources = {QueueSourceData{0, std::move(items)}};
  spec.clock = BatchClockSpec{.manual = true, .manual_batches = batches};
  return spec;
}

// The fake worker fails every task of batch 2000 (each attempt) and returns the others' input records.
class MasterBatchFailureTest : public testing::MasterTestEnv {
 protected:
  static constexpr int64_t kFailingBatch = 2000;

  TaskReport RunTask(const TaskSpec& task) override {
    {
      std::lock_guard<std::mutex> lock(mu_);
      launches_.push_back({task.batch_ms, task.partition, steady_clock::now()});
    }
    const auto* queued = std::get_if<EncodedPartition>(&task.input);
    TaskReport report = SucceededReport(task, queued ? queued->records : "", queued ? queued->count : 0);
    if (task.batch_ms == kFailingBatch && fail_partitions_.contains(task.partition)) {
      report.result.state = TaskState::kFailed;
      report.result.error = "boom (in map, node 0)";
    }
    return report;
  }

  struct Launched {
    int64_t batch_ms;
    int32_t partition;
    steady_clock::time_point at;
  };
  std::vector<Launched> Launches() {
    std::lock_guard<std::mutex> lock(mu_);
    return launches_;
  }

  std::set<int32_t> fail_partitions_ = {0, 1};
  std::mutex mu_;
  std::vector<Launched> launches_;
};

TEST_F(MasterBatchFailureTest, AFailedBatchIsReportedAndTheNextBatchesRun) {
  auto submitted = OnLoop([&] { return master_->Submit(Spec(4, 1)); });
  ASSERT_TRUE(submitted.ok()) << submitted.status();
  std::vector<AppEvent> events = EventsUntilFinished(submitted->app_id);

  EXPECT_EQ(Outputs(events),
            (std::vector<std::pair<int64_t, std::string>>{{1000, "0"}, {3000, "2"}, {4000, "3"}}));
  std::vector<AppEvent> failures;
  for (const AppEvent& event : events) {
    EXPECT_NE(event.kind, AppEvent::Kind::kError) << event.message;
    if (event.kind == AppEvent::Kind::kBatchFailed) failures.push_back(event);
  }
  ASSERT_EQ(failures.size(), 1u);
  EXPECT_EQ(failures[0].batch_ms, kFailingBatch);
  EXPECT_EQ(failures[0].message, "batch 2000 ms failed: boom (in map, node 0)");
  MasterView view = OnLoop([&] { return master_->View(); });
  ASSERT_EQ(view.applications.size(), 1u);
  EXPECT_EQ(view.applications[0].state, "FINISHED");
  EXPECT_EQ(view.applications[0].completed_batches, 4) << "the failed batch counts as done";
}

// Its tasks still running end first: the batch's data is released after them, and the next batch starts then.
TEST_F(MasterBatchFailureTest, AFailedBatchEndsOnlyOnceItsRunningTasksHave) {
  constexpr milliseconds kSlowTask{300};
  fail_partitions_ = {0};
  workers_.set_report_delay([&](const TaskSpec& task) {
    return task.batch_ms == kFailingBatch && task.partition == 1 ? kSlowTask : milliseconds(0);
  });
  auto submitted = OnLoop([&] { return master_->Submit(Spec(3, 2)); });
  ASSERT_TRUE(submitted.ok()) << submitted.status();
  EventsUntilFinished(submitted->app_id);

  steady_clock::time_point slow_launched{}, next_batch_launched{};
  for (const Launched& launch : Launches()) {
    if (launch.batch_ms == kFailingBatch && launch.partition == 1) slow_launched = launch.at;
    if (launch.batch_ms == 3000 && next_batch_launched == steady_clock::time_point{}) next_batch_launched = launch.at;
  }
  ASSERT_NE(slow_launched, steady_clock::time_point{});
  ASSERT_NE(next_batch_launched, steady_clock::time_point{});
  EXPECT_GE(next_batch_launched - slow_launched, kSlowTask)
      << "the next batch started while the failed batch still had a task on a worker";
}

// updateStateByKey at 2000 ms is never computed, and every later batch reads it.
TEST_F(MasterBatchFailureTest, AFailedBatchOfAStateFailsTheApplicationNamingTheOperator) {
  auto submitted = OnLoop([&] { return master_->Submit(Spec(4, 1, "updateStateByKey")); });
  ASSERT_TRUE(submitted.ok()) << submitted.status();
  std::vector<AppEvent> events = EventsUntilFinished(submitted->app_id);
  ASSERT_GE(events.size(), 2u);
  const AppEvent& error = events[events.size() - 2];
  ASSERT_EQ(error.kind, AppEvent::Kind::kError);
  EXPECT_EQ(error.message,
            "batch 2000 ms failed: boom (in map, node 0); no later batch can run without what it computes for "
            "updateStateByKey (node 1)");
  for (const auto& [batch_ms, records] : Outputs(events)) EXPECT_LT(batch_ms, kFailingBatch);
}

}  // namespace
}  // namespace sluice
