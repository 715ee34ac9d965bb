// The master's handlers called twice with the same request, as a worker's retry after a lost reply calls them:
// nothing is taken or counted twice. The workers are a fake that runs every task at once (MasterTestEnv).
#include <chrono>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "gtest/gtest.h"
#include "master/testing/master_test_env.h"

namespace sluice {
namespace {

// Polls `condition` for up to 10 s.
bool PollUntil(const std::function<bool()>& condition) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (std::chrono::steady_clock::now() < deadline) {
    if (condition()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return condition();
}

BlockRef Block(int64_t seq, int64_t records, const std::string& worker = "w1") {
  return BlockRef{"input-0-app-" + worker + "-" + std::to_string(seq), 0, worker, records, records * 10};
}

class MasterRepeatedCallsTest : public testing::MasterTestEnv {
 protected:
  // A block's task returns as many records as the block holds; the fake remembers which blocks and attempts it ran.
  // With fail_first_attempts_, attempt 0 fails, and its failure is reported twice more while attempt 1 runs.
  TaskReport RunTask(const TaskSpec& task) override {
    const auto* block = std::get_if<BlockRef>(&task.input);
    {
      std::lock_guard<std::mutex> lock(mu_);
      launched_attempts_.push_back(task.attempt);
      if (block != nullptr) launched_blocks_.push_back(block->block_id);
    }
    TaskReport report = SucceededReport(task, "", block ? block->records : 0);
    if (block != nullptr) report.worker_id = block->worker_id;  // a block's task runs where the block is
    if (fail_first_attempts_ && task.attempt == 0) {
      report.result.state = TaskState::kFailed;
      report.result.error = "boom";
      // The loop runs timers by due time: these come after the failure (due at the report delay) and before
      // attempt 1's report, which is due a report delay after the failure arrived.
      for (auto after : {kReportDelay * 3 / 2, kReportDelay * 7 / 4}) {
        loop_.PostAfter(after, [this, report] { master_->ReportTask(report); });
      }
    }
    return report;
  }

  std::vector<int32_t> LaunchedAttempts() {
    std::lock_guard<std::mutex> lock(mu_);
    return launched_attempts_;
  }

  std::vector<std::string> LaunchedBlocks() {
    std::lock_guard<std::mutex> lock(mu_);
    return launched_blocks_;
  }

  // 0 socketTextStream -> 1 output, batches of 100 ms on the wall clock (receivers cannot run on a manual one).
  static Submission ReceiverSpec() {
    Submission spec;
    spec.name = "receiver";
    spec.library_hash = "local-test";
    spec.graph.batch_ms = 100;
    spec.graph.nodes.push_back(
        {0, NodeKind::kReceiverSource, "socketTextStream", {}, {{"host", "h"}, {"port", "1"}}, 0, ""});
    spec.graph.nodes.push_back({1, NodeKind::kOutput, "collectBatches", {0}, {}, 0, ""});
    return spec;
  }

  std::string Submit(Submission spec) {
    auto submitted = OnLoop([&] { return master_->Submit(std::move(spec)); });
    EXPECT_TRUE(submitted.ok()) << submitted.status();
    return submitted.ok() ? submitted->app_id : "";
  }

  ApplicationView ViewOf(const std::string& app_id) {
    MasterView view = OnLoop([&] { return master_->View(); });
    for (const ApplicationView& app : view.applications) {
      if (app.id == app_id) return app;
    }
    ADD_FAILURE() << "no application " << app_id;
    return {};
  }

  // 0 socketTextStream -> 2 output, 1 socketTextStream -> 3 output.
  static Submission TwoReceiversSpec() {
    Submission spec = ReceiverSpec();
    spec.graph.nodes = {{0, NodeKind::kReceiverSource, "socketTextStream", {}, {{"host", "h"}, {"port", "1"}}, 0, ""},
                        {1, NodeKind::kReceiverSource, "socketTextStream", {}, {{"host", "h"}, {"port", "2"}}, 0, ""},
                        {2, NodeKind::kOutput, "collectBatches", {0}, {}, 0, ""},
                        {3, NodeKind::kOutput, "collectBatches", {1}, {}, 0, ""}};
    return spec;
  }

  // The events after `after_seq`, as one poll answers them.
  std::vector<int64_t> SeqsAfter(const std::string& app_id, int64_t after_seq) {
    auto promise = std::make_shared<std::promise<std::vector<int64_t>>>();
    auto future = promise->get_future();
    absl::Status polled = OnLoop([&] {
      return master_->PollEvents(app_id, after_seq, [promise](std::vector<AppEvent> events) {
        std::vector<int64_t> seqs;
        for (const AppEvent& event : events) seqs.push_back(event.seq);
        promise->set_value(seqs);
      });
    });
    EXPECT_TRUE(polled.ok()) << polled;
    if (future.wait_for(std::chrono::seconds(1)) != std::future_status::ready) return {};
    return future.get();
  }

  // 0 queueStream (one item of one partition) -> 1 output, one batch on the manual clock.
  static Submission QueueSpec() {
    Submission spec;
    spec.name = "queue";
    spec.library_hash = "local-test";
    spec.graph.batch_ms = 1000;
    spec.graph.nodes.push_back(
        {0, NodeKind::kQueueSource, "queueStream", {}, {{"one_at_a_time", "true"}, {"num_partitions", "1"}}, 0, ""});
    spec.graph.nodes.push_back({1, NodeKind::kOutput, "collectBatches", {0}, {}, 0, ""});
    spec.queue_sources = {QueueSourceData{0, {QueuedDataSet{{{"x", 1}}}}}};
    spec.clock = BatchClockSpec{.manual = true, .manual_batches = 1};
    return spec;
  }

  static constexpr std::chrono::milliseconds kReportDelay{200};
  bool fail_first_attempts_ = false;
  // The used slots of `worker_id`, or -1 if the master does not know it.
  int UsedSlots(const std::string& worker_id) {
    for (const WorkerInfo& worker : master_->View().workers) {
      if (worker.id == worker_id) return worker.used_slots;
    }
    return -1;
  }

  std::mutex mu_;
  std::vector<std::string> launched_blocks_;
  std::vector<int32_t> launched_attempts_;
};

TEST_F(MasterRepeatedCallsTest, ABlockReportedAgainIsAllocatedOnceAndCountedOnce) {
  std::string app = Submit(ReceiverSpec());
  BlockRef first = Block(0, 3);
  OnLoop([&] {
    master_->ReportBlocks(app, {first, first});  // twice in one request
    master_->ReportBlocks(app, {first});         // and in another, before a batch took it
  });
  ASSERT_TRUE(PollUntil([&] { return ViewOf(app).total_records > 0; })) << "no batch took the block";

  BlockRef second = Block(1, 5);
  OnLoop([&] { master_->ReportBlocks(app, {first, second}); });  // again after its batch ran, with a new one
  ASSERT_TRUE(PollUntil([&] { return ViewOf(app).total_records >= 8; }));

  EXPECT_EQ(LaunchedBlocks(), (std::vector<std::string>{first.block_id, second.block_id}));
  ApplicationView view = ViewOf(app);
  EXPECT_EQ(view.received_records, 8);
  EXPECT_EQ(view.total_records, 8);
  for (const BatchSummary& batch : view.recent_batches) {
    EXPECT_TRUE(batch.records == 0 || batch.records == 3 || batch.records == 5) << batch.records;
  }
}

TEST_F(MasterRepeatedCallsTest, TheSameSequenceFromAReceiverPlacedAgainOnAnotherWorkerIsAnotherBlock) {
  OnLoop([&] { master_->RegisterWorker("w2", "127.0.0.1:2", 2); });
  std::string app = Submit(ReceiverSpec());
  OnLoop([&] { master_->ReportBlocks(app, {Block(0, 3, "w1"), Block(0, 5, "w2"), Block(0, 3, "w1")}); });
  ASSERT_TRUE(PollUntil([&] { return ViewOf(app).total_records >= 8; }));
  EXPECT_EQ(ViewOf(app).received_records, 8);
  EXPECT_EQ(LaunchedBlocks().size(), 2u);
}

TEST_F(MasterRepeatedCallsTest, AFailureReportedAgainWhileTheNextAttemptRunsUsesOneAttempt) {
  fail_first_attempts_ = true;
  workers_.set_report_delay(kReportDelay);
  std::string app = Submit(QueueSpec());
  std::vector<AppEvent> events = EventsUntilFinished(app);
  for (const AppEvent& event : events) EXPECT_NE(event.kind, AppEvent::Kind::kError) << event.message;
  EXPECT_EQ(Outputs(events), (std::vector<std::pair<int64_t, std::string>>{{1000, ""}}));
  EXPECT_EQ(LaunchedAttempts(), (std::vector<int32_t>{0, 1}));
}

// Membership registers again every second until it gets a reply, so a registration whose reply was lost comes again.
TEST_F(MasterRepeatedCallsTest, ARegistrationRepeatedKeepsTheSlotsInUse) {
  std::string app = Submit(ReceiverSpec());
  auto [before, after] = OnLoop([&] {
    int before = UsedSlots("w1");
    master_->RegisterWorker("w1", "127.0.0.1:1", 2);
    return std::pair(before, UsedSlots("w1"));
  });
  EXPECT_EQ(before, 1) << "the receiver holds a slot";
  EXPECT_EQ(after, 1);
  EXPECT_EQ(ViewOf(app).receivers, (std::vector<std::pair<int32_t, std::string>>{{0, "w1"}}));
}

// A stopped receiver gives its slot back once, however often its STOPPED comes.
TEST_F(MasterRepeatedCallsTest, AReceiverStoppedTwiceReleasesItsSlotOnce) {
  std::string app = Submit(TwoReceiversSpec());
  auto [before, after] = OnLoop([&] {
    int before = UsedSlots("w1");
    for (int i = 0; i < 2; ++i) master_->ReportReceiver(app, 0, "w1", ReceiverEventKind::kStopped, "stopped");
    return std::pair(before, UsedSlots("w1"));
  });
  EXPECT_EQ(before, 2) << "each receiver holds a slot";
  EXPECT_EQ(after, 1) << "the other receiver still holds its slot";
}

TEST_F(MasterRepeatedCallsTest, AReceiverFailedTwiceFailsTheApplicationOnce) {
  std::string app = Submit(ReceiverSpec());
  OnLoop([&] {
    for (int i = 0; i < 2; ++i) master_->ReportReceiver(app, 0, "w1", ReceiverEventKind::kFailed, "gave up");
  });
  std::vector<AppEvent> events = EventsUntilFinished(app);
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0].kind, AppEvent::Kind::kError);
  EXPECT_EQ(events[0].message, "receiver of socketTextStream h:1 failed: gave up");
  EXPECT_EQ(events[1].kind, AppEvent::Kind::kFinished);
  EXPECT_EQ(OnLoop([&] { return UsedSlots("w1"); }), 0);
}

// The driver polls again after a failed poll, with the same after_seq: it gets the same events.
TEST_F(MasterRepeatedCallsTest, APollRepeatedGetsTheSameEvents) {
  std::string app = Submit(ReceiverSpec());
  OnLoop([&] { master_->ReportReceiver(app, 0, "w1", ReceiverEventKind::kFailed, "gave up"); });
  ASSERT_EQ(SeqsAfter(app, 0), (std::vector<int64_t>{1, 2}));
  EXPECT_EQ(SeqsAfter(app, 0), (std::vector<int64_t>{1, 2}));
  EXPECT_EQ(SeqsAfter(app, 1), std::vector<int64_t>{2});
  EXPECT_EQ(SeqsAfter(app, 1), std::vector<int64_t>{2});
}

// The driver does not retry StopApplication or ReleaseOutput; a second call is harmless all the same.
TEST_F(MasterRepeatedCallsTest, AStopRepeatedEndsTheApplicationOnce) {
  std::string app = Submit(ReceiverSpec());
  for (bool graceful : {true, true, false, false}) {
    absl::Status stopped = OnLoop([&] { return master_->Stop(app, graceful); });
    EXPECT_TRUE(stopped.ok()) << stopped;
  }
  std::vector<AppEvent> events = EventsUntilFinished(app);
  ASSERT_EQ(events.size(), 1u) << "no warning, no error: only the end";
  EXPECT_EQ(events[0].kind, AppEvent::Kind::kFinished);
  EXPECT_EQ(OnLoop([&] { return UsedSlots("w1"); }), 0);
}

TEST_F(MasterRepeatedCallsTest, AnOutputReleasedTwiceIsReleasedOnce) {
  Submission spec = QueueSpec();
  spec.graph.nodes[1].op = "foreachRDD";  // its partitions stay on the worker until the driver releases them
  std::string app = Submit(std::move(spec));
  EventsUntilFinished(app);
  for (int i = 0; i < 2; ++i) {
    absl::Status released = OnLoop([&] { return master_->ReleaseOutput(app, 1000, 1); });
    EXPECT_TRUE(released.ok()) << released;
  }
  EXPECT_EQ(workers_.released_keys(), (std::vector<MaterializedKey>{{1, 1000, 0}}));
}

}  // namespace
}  // namespace sluice
