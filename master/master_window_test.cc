// The master with a window on a manual clock: the window's parent is materialized at every batch, the window's
// output comes only at multiples of its slide and reads the parent's partitions of the batches in its window,
// and each materialized partition is released, by key, once no later window reads it. The workers are a fake
// that runs every task at once; a window task returns one byte per partition it read: the partition's batch
// in seconds.
#include <chrono>
#include <future>
#include <thread>

#include "gtest/gtest.h"
#include "master/master.h"

namespace sluice {
namespace {

class FakeWorkers final : public WorkerClients {
 public:
  FakeWorkers(EventLoop* loop, Master** master) : loop_(loop), master_(master) {}

  void LaunchTask(const std::string& /*address*/, const TaskAssignment& task, Done done) override {
    if (const auto* reduce = std::get_if<ReducePartitionInput>(&task.launch.task->input); reduce && reduce->state) {
      std::lock_guard<std::mutex> lock(mu_);
      for (const MaterializedPart& part : task.launch.materialized) state_reads_.push_back(part.key);
    }
    std::string records;
    for (const MaterializedPart& part : task.launch.materialized) {
      EXPECT_EQ(part.site.worker_id, "w1") << "every site is known when the task goes out";
      records += static_cast<char>(part.key.batch_ms / 1000);
    }
    TaskReport report{.worker_id = "w1",
                      .app_id = task.app_id,
                      .batch_ms = task.launch.batch_ms,
                      .stage_id = task.launch.stage_id,
                      .partition = task.launch.task->partition,
                      .succeeded = true,
                      .result_records = records,
                      .result_count = static_cast<int64_t>(records.size())};
    done(absl::OkStatus());
    loop_->PostAfter(report_delay_, [this, report] { (*master_)->ReportTask(report); });
  }
  void StartReceiver(const std::string&, const std::string&, int32_t, const std::string&, Done done) override {
    done(absl::OkStatus());
  }
  void StopReceivers(const std::string&, const std::string&, Done done) override { done(absl::OkStatus()); }
  void ReleaseBatch(const std::string&, const std::string&, int64_t, const std::vector<std::string>&) override {}
  void ReleaseMaterialized(const std::string& address, const std::string&,
                           const std::vector<MaterializedKey>& keys) override {
    std::lock_guard<std::mutex> lock(mu_);
    EXPECT_EQ(address, "127.0.0.1:1");
    released_.insert(released_.end(), keys.begin(), keys.end());
  }
  void EndApplication(const std::string&, const std::string&) override {}
  void Forget(const std::string&) override {}

  // Tasks take this long: batches fall behind a fast system clock and queue up.
  void set_report_delay(std::chrono::milliseconds delay) { report_delay_ = delay; }

  std::vector<MaterializedKey> released() {
    std::lock_guard<std::mutex> lock(mu_);
    return released_;
  }
  // The previous states that state tasks read.
  std::vector<MaterializedKey> state_reads() {
    std::lock_guard<std::mutex> lock(mu_);
    return state_reads_;
  }

 private:
  EventLoop* loop_;
  Master** master_;
  std::mutex mu_;
  std::vector<MaterializedKey> released_;
  std::vector<MaterializedKey> state_reads_;
  std::chrono::milliseconds report_delay_{0};
};

class MasterWindowTest : public ::testing::Test {
 protected:
  template <class Fn>
  auto OnLoop(Fn fn) {
    std::packaged_task<decltype(fn())()> task(std::move(fn));
    auto result = task.get_future();
    loop_.Post([&task] { task(); });
    return result.get();
  }

  void SetUp() override {
    loop_.Start();
    master_ = &master_storage_;
    OnLoop([&] { master_->RegisterWorker("w1", "127.0.0.1:1", 2); });
  }
  void TearDown() override {
    OnLoop([&] { master_->Shutdown(); });
    loop_.Stop();
  }

  // 0 queueStream (2 partitions a batch) -> 1 window(4 s, 2 s) -> 2 output, on a manual clock.
  static ApplicationSpec Spec(int64_t batches) {
    ApplicationSpec spec;
    spec.name = "window";
    spec.library_hash = "local-test";
    spec.graph.batch_ms = 1000;
    spec.graph.nodes.push_back({0,
                                NodeKind::kQueueSource,
                                "queueStream",
                                {},
                                {{"one_at_a_time", "true"}, {"num_partitions", "2"}},
                                0,
                                "",
                                1000});
    spec.graph.nodes.push_back({1, NodeKind::kNarrow, "window", {0}, {{"window_ms", "4000"}}, 0, "", 2000});
    spec.graph.nodes.push_back({2, NodeKind::kOutput, "collectBatches", {1}, {}, 0, "", 2000});
    for (int64_t b = 0; b < batches; ++b) spec.queue_data[0].push_back(QueuedDataSet{{{"x", 1}, {"y", 1}}});
    spec.clock = BatchClockSpec{.manual = true, .manual_batches = batches};
    return spec;
  }

  // 0 queueStream -> 1 updateStateByKey (2 partitions) -> 2 output, on a manual clock.
  static ApplicationSpec StateSpec(int64_t batches) {
    ApplicationSpec spec = Spec(batches);
    spec.name = "state";
    spec.graph.nodes[1] = {1, NodeKind::kShuffle, "updateStateByKey", {0}, {}, 2, "", 1000};
    spec.graph.nodes[2] = {2, NodeKind::kOutput, "collectBatches", {1}, {}, 0, "", 1000};
    return spec;
  }

  // The outputs of the application once it finished (at most 10 s).
  std::vector<std::pair<int64_t, std::string>> OutputsUntilFinished(const std::string& app_id) {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (std::chrono::steady_clock::now() < deadline) {
      auto promise = std::make_shared<std::promise<std::vector<AppEventRecord>>>();
      auto future = promise->get_future();
      OnLoop([&] {
        return master_->PollEvents(app_id, 0, [promise](std::vector<AppEventRecord> e) { promise->set_value(e); });
      });
      if (future.wait_for(std::chrono::seconds(1)) == std::future_status::ready) {
        std::vector<AppEventRecord> events = future.get();
        if (!events.empty() && events.back().kind == AppEventRecord::Kind::kFinished) {
          std::vector<std::pair<int64_t, std::string>> outputs;
          for (const AppEventRecord& event : events) {
            if (event.kind == AppEventRecord::Kind::kOutput) {
              outputs.emplace_back(event.output.batch_ms, event.output.records);
            }
          }
          return outputs;
        }
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    ADD_FAILURE() << "the application did not finish";
    return {};
  }

  // The outputs so far of a running application.
  std::vector<std::pair<int64_t, std::string>> OutputsSoFar(const std::string& app_id) {
    auto promise = std::make_shared<std::promise<std::vector<AppEventRecord>>>();
    auto future = promise->get_future();
    OnLoop([&] {
      return master_->PollEvents(app_id, 0, [promise](std::vector<AppEventRecord> e) { promise->set_value(e); });
    });
    std::vector<std::pair<int64_t, std::string>> outputs;
    if (future.wait_for(std::chrono::seconds(2)) != std::future_status::ready) return outputs;
    for (const AppEventRecord& event : future.get()) {
      if (event.kind == AppEventRecord::Kind::kOutput)
        outputs.emplace_back(event.output.batch_ms, event.output.records);
    }
    return outputs;
  }

  EventLoop loop_{"master-loop"};
  Master* master_ = nullptr;
  FakeWorkers workers_{&loop_, &master_};
  Config config_;
  Master master_storage_{config_, &loop_, &workers_};
};

TEST_F(MasterWindowTest, WindowsFireAtTheirSlideOverTheMaterializedBatchesWhichAreThenReleased) {
  auto submitted = OnLoop([&] { return master_->Submit(Spec(6)); });
  ASSERT_TRUE(submitted.ok()) << submitted.status();
  auto outputs = OutputsUntilFinished(submitted->app_id);
  // The window at T reads (T - 4 s, T], in time then partition order.
  EXPECT_EQ(outputs,
            (std::vector<std::pair<int64_t, std::string>>{{2000, std::string("\x01\x01\x02\x02")},
                                                          {4000, std::string("\x01\x01\x02\x02\x03\x03\x04\x04")},
                                                          {6000, std::string("\x03\x03\x04\x04\x05\x05\x06\x06")}}));
  // After 4 s the next window (6 s) no longer reads 1 s and 2 s; after 6 s, 3 s and 4 s go. 5 s and 6 s would
  // go with a later window; the end of the application drops them.
  EXPECT_EQ(workers_.released(), (std::vector<MaterializedKey>{{0, 1000, 0},
                                                               {0, 1000, 1},
                                                               {0, 2000, 0},
                                                               {0, 2000, 1},
                                                               {0, 3000, 0},
                                                               {0, 3000, 1},
                                                               {0, 4000, 0},
                                                               {0, 4000, 1}}));
}

TEST_F(MasterWindowTest, AStateReadsItsPreviousPartitionsWhichAreReleasedOnceTheNextStateExists) {
  auto submitted = OnLoop([&] { return master_->Submit(StateSpec(3)); });
  ASSERT_TRUE(submitted.ok()) << submitted.status();
  auto outputs = OutputsUntilFinished(submitted->app_id);
  // Every batch has a state, which its output reads: partition by partition, of that batch.
  EXPECT_EQ(outputs,
            (std::vector<std::pair<int64_t, std::string>>{
                {1000, std::string("\x01\x01")}, {2000, std::string("\x02\x02")}, {3000, std::string("\x03\x03")}}));
  // The first batch starts from the initial state; each later one reads the state one batch before.
  EXPECT_EQ(workers_.state_reads(),
            (std::vector<MaterializedKey>{{1, 1000, 0}, {1, 1000, 1}, {1, 2000, 0}, {1, 2000, 1}}));
  EXPECT_EQ(workers_.released(),
            (std::vector<MaterializedKey>{{1, 1000, 0}, {1, 1000, 1}, {1, 2000, 0}, {1, 2000, 1}}));
}

TEST_F(MasterWindowTest, ABatchQueuedBehindASlowOneStillReadsEveryBatchOfItsWindow) {
  // 100 ms batches whose tasks take 60 ms each (two stages a batch): batches are generated while earlier ones
  // still run. Each window (400 ms, every 200 ms) must still read all 4 of its batches, 2 partitions each.
  workers_.set_report_delay(std::chrono::milliseconds(60));
  ApplicationSpec spec = Spec(40);
  spec.graph.batch_ms = 100;
  spec.graph.nodes[0].slide_ms = 100;
  spec.graph.nodes[1].params["window_ms"] = "400";
  spec.graph.nodes[1].slide_ms = 200;
  spec.graph.nodes[2].slide_ms = 200;
  spec.clock = BatchClockSpec{};
  auto submitted = OnLoop([&] { return master_->Submit(spec); });
  ASSERT_TRUE(submitted.ok()) << submitted.status();
  std::vector<std::pair<int64_t, std::string>> outputs;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (outputs.size() < 6 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    outputs = OutputsSoFar(submitted->app_id);
  }
  ASSERT_GE(outputs.size(), 6u);
  OnLoop([&] { return master_->Stop(submitted->app_id, false); });
  // The first window may begin before the application; every later one covers 4 whole batches.
  for (size_t i = 1; i < outputs.size(); ++i) {
    EXPECT_EQ(outputs[i].second.size(), 8u) << "window at " << outputs[i].first << " ms";
  }
}

}  // namespace
}  // namespace sluice
