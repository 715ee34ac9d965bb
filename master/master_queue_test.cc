// The master with queueStream data on a manual clock: it keeps the driver's items, gives item k to batch k in
// tasks of their own, generates the next batch as soon as one completes and stops after the last. The workers
// are a fake that runs every task at once and returns its input records, as an identity pipeline would.
#include <mutex>

#include "gtest/gtest.h"
#include "master/testing/master_test_env.h"

namespace sluice {
namespace {

struct LaunchedTask {
  int64_t batch_ms = 0;
  std::string records;
};

std::string Encode(const std::vector<int>& values) {
  std::string out;
  for (int value : values) out += static_cast<char>(value);  // one byte per record is all the fake needs
  return out;
}

QueuedDataSet DataSet(const std::vector<std::vector<int>>& partitions) {
  std::vector<EncodedPartition> out;
  for (const auto& partition : partitions) {
    out.push_back({Encode(partition), static_cast<int64_t>(partition.size())});
  }
  return out;
}

// The fake worker returns each task's queued input records, as an identity pipeline would, and remembers them.
class MasterQueueTest : public testing::MasterTestEnv {
 protected:
  TaskReport RunTask(const TaskSpec& task) override {
    const auto* queued = std::get_if<EncodedPartition>(&task.input);
    TaskReport report = SucceededReport(task, queued ? queued->records : "", queued ? queued->count : 0);
    std::lock_guard<std::mutex> lock(mu_);
    launched_.push_back({task.batch_ms, report.result.result_records});
    return report;
  }

  std::vector<LaunchedTask> Launched() {
    std::lock_guard<std::mutex> lock(mu_);
    return launched_;
  }

  // 0 queueStream -> 1 output, or 0 -> 1 map, union(0, 1) -> 2 -> 3 output.
  static Submission Spec(bool with_union, std::vector<QueuedDataSet> items, int64_t batches,
                              bool one_at_a_time = true) {
    Submission spec;
    spec.name = "queue";
    spec.library_hash = "local-test";
    spec.graph.batch_ms = 1000;
    std::map<std::string, std::string> params = {{"one_at_a_time", one_at_a_time ? "true" : "false"},
                                                 {"num_partitions", "2"}};
    spec.graph.nodes.push_back({0, NodeKind::kQueueSource, "queueStream", {}, params, 0, ""});
    if (with_union) {
      spec.graph.nodes.push_back({1, NodeKind::kNarrow, "map", {0}, {}, 0, ""});
      spec.graph.nodes.push_back({2, NodeKind::kNarrow, "union", {0, 1}, {}, 0, ""});
    }
    int32_t last = static_cast<int32_t>(spec.graph.nodes.size()) - 1;
    spec.graph.nodes.push_back({last + 1, NodeKind::kOutput, "collectBatches", {last}, {}, 0, ""});
    spec.queue_sources = {QueueSourceData{0, std::move(items)}};
    spec.clock = BatchClockSpec{.manual = true, .manual_batches = batches};
    return spec;
  }

  std::mutex mu_;
  std::vector<LaunchedTask> launched_;
};

TEST_F(MasterQueueTest, GivesItemKToBatchKAndStopsAfterTheLastBatch) {
  std::vector<QueuedDataSet> items = {DataSet({{1, 2}, {3, 4}}), std::nullopt, DataSet({})};
  auto submitted = OnLoop([&] { return master_->Submit(Spec(false, std::move(items), 4)); });
  ASSERT_TRUE(submitted.ok()) << submitted.status();
  EXPECT_EQ(submitted->start_ms, 1000);

  std::vector<AppEvent> events = EventsUntilFinished(submitted->app_id);
  // 2000 ms had no data set at all: no output, as Spark runs no job. 3000 ms had an empty one (no partitions),
  // 4000 ms is past the queue: two empty partitions. Both still give an (empty) output.
  EXPECT_EQ(Outputs(events),
            (std::vector<std::pair<int64_t, std::string>>{{1000, Encode({1, 2, 3, 4})}, {3000, ""}, {4000, ""}}));
  for (const AppEvent& event : events) EXPECT_NE(event.kind, AppEvent::Kind::kError) << event.message;

  std::vector<LaunchedTask> launched = Launched();
  ASSERT_EQ(launched.size(), 4u);  // two partitions at 1000 ms, two empty ones at 4000 ms
  EXPECT_EQ(launched[0].batch_ms, 1000);
  EXPECT_EQ(launched[0].records, Encode({1, 2}));
  EXPECT_EQ(launched[1].records, Encode({3, 4}));
  EXPECT_EQ(launched[2].batch_ms, 4000);
  EXPECT_EQ(launched[3].records, "");

  MasterView view = OnLoop([&] { return master_->View(); });
  ASSERT_EQ(view.applications.size(), 1u);
  EXPECT_EQ(view.applications[0].state, "FINISHED");
  EXPECT_EQ(view.applications[0].completed_batches, 4);
  EXPECT_EQ(view.applications[0].total_records, 4);
}

TEST_F(MasterQueueTest, NotOneAtATimeTheFirstBatchGetsEverything) {
  std::vector<QueuedDataSet> items = {DataSet({{1}, {2}}), DataSet({{3}, {4}})};
  auto submitted = OnLoop([&] { return master_->Submit(Spec(false, std::move(items), 2, /*one_at_a_time=*/false)); });
  ASSERT_TRUE(submitted.ok()) << submitted.status();
  EXPECT_EQ(Outputs(EventsUntilFinished(submitted->app_id)),
            (std::vector<std::pair<int64_t, std::string>>{{1000, Encode({1, 2, 3, 4})}, {2000, ""}}));
}

TEST_F(MasterQueueTest, AUnionWithoutADataSetFailsTheApplication) {
  std::vector<QueuedDataSet> items = {DataSet({{1}, {2}}), std::nullopt, DataSet({{5}, {6}})};
  auto submitted = OnLoop([&] { return master_->Submit(Spec(true, std::move(items), 3)); });
  ASSERT_TRUE(submitted.ok()) << submitted.status();
  std::vector<AppEvent> events = EventsUntilFinished(submitted->app_id);
  ASSERT_GE(events.size(), 3u);
  EXPECT_EQ(events[0].kind, AppEvent::Kind::kOutput);
  EXPECT_EQ(events[0].output.batch_ms, 1000);
  EXPECT_EQ(events[0].output.records, Encode({1, 2, 1, 2}));  // the map is an identity in the fake
  const AppEvent& error = events[events.size() - 2];
  ASSERT_EQ(error.kind, AppEvent::Kind::kError);
  EXPECT_NE(error.message.find("batch 2000 ms failed: union (node 2) could not get a data set"), std::string::npos)
      << error.message;
  EXPECT_EQ(Outputs(events).size(), 1u) << "no batch runs after the failure";
}

TEST_F(MasterQueueTest, RefusesQueueDataForANodeThatIsNoQueueStreamAndReceiversOnAManualClock) {
  Submission wrong_node = Spec(false, {}, 1);
  wrong_node.queue_sources = {QueueSourceData{1, {DataSet({{1}})}}};
  auto refused = OnLoop([&] { return master_->Submit(std::move(wrong_node)); });
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(refused.status().message().find("node 1, which is no queueStream"), absl::string_view::npos)
      << refused.status();

  Submission socket = Spec(false, {}, 1);
  socket.graph.nodes.push_back(
      {2, NodeKind::kReceiverSource, "socketTextStream", {}, {{"host", "h"}, {"port", "1"}}, 0, ""});
  auto no_receivers = OnLoop([&] { return master_->Submit(std::move(socket)); });
  EXPECT_NE(no_receivers.status().message().find("cannot run under app.clock=manual"), absl::string_view::npos)
      << no_receivers.status();
}

}  // namespace
}  // namespace sluice
