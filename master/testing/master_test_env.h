#ifndef SLUICE_MASTER_TESTING_MASTER_TEST_ENV_H_
#define SLUICE_MASTER_TESTING_MASTER_TEST_ENV_H_

#include <chrono>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "gtest/gtest.h"
#include "master/master.h"
#include "rpc/testing/fake_worker_clients.h"

namespace sluice::testing {

// Worker clients that run every task at once: `run` turns the task into the worker's report, which reaches the
// master after `report_delay`. Releases of materialized partitions are recorded; everything else succeeds.
class InstantWorkers final : public FakeWorkerClients {
 public:
  using RunTask = std::function<TaskReport(const TaskSpec&)>;

  InstantWorkers(EventLoop* loop, Master** master, RunTask run)
      : FakeWorkerClients([this](const std::string&, const TaskSpec& task, Done done) { Run(task, std::move(done)); }),
        loop_(loop),
        master_(master),
        run_(std::move(run)) {}

  void set_report_delay(std::chrono::milliseconds delay) {
    report_delay_ = [delay](const TaskSpec&) { return delay; };
  }
  void set_report_delay(std::function<std::chrono::milliseconds(const TaskSpec&)> delay) {
    report_delay_ = std::move(delay);
  }
  // The keys of the materialized partitions released so far, all on the only worker.
  std::vector<MaterializedKey> released_keys() const {
    std::vector<MaterializedKey> keys;
    for (const Released& released : released()) {
      EXPECT_EQ(released.address, "127.0.0.1:1") << "the only worker";
      keys.push_back(released.key);
    }
    return keys;
  }

 private:
  void Run(const TaskSpec& task, Done done) {
    TaskReport report = run_(task);
    done(absl::OkStatus());
    loop_->PostAfter(report_delay_(task), [this, report] { (*master_)->ReportTask(report); });
  }

  EventLoop* loop_;
  Master** master_;
  RunTask run_;
  std::function<std::chrono::milliseconds(const TaskSpec&)> report_delay_ = [](const TaskSpec&) {
    return std::chrono::milliseconds(0);
  };
};

// A real Master on its own loop with one worker, "w1" at 127.0.0.1:1 with 2 slots, whose tasks the test runs
// (RunTask), and ways to call the master on its loop and read an application's events. A fixture may give the
// master settings of its own.
class MasterTestEnv : public ::testing::Test {
 protected:
  explicit MasterTestEnv(Config config = Config()) : config_(std::move(config)) {}

  // The worker's report of one task.
  virtual TaskReport RunTask(const TaskSpec& task) = 0;

  static TaskReport SucceededReport(const TaskSpec& task, std::string records, int64_t count) {
    TaskResult result = TaskResult::For(task);
    result.state = TaskState::kSucceeded;
    result.result_records = std::move(records);
    result.result_count = count;
    return TaskReport{"w1", std::move(result)};
  }

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

  // Every event of the application so far.
  std::vector<AppEvent> EventsSoFar(const std::string& app_id) {
    auto promise = std::make_shared<std::promise<std::vector<AppEvent>>>();
    auto future = promise->get_future();
    OnLoop([&] {
      return master_->PollEvents(app_id, 0, [promise](std::vector<AppEvent> e) { promise->set_value(e); });
    });
    if (future.wait_for(std::chrono::seconds(1)) != std::future_status::ready) return {};
    return future.get();
  }

  // Every event of the application once it finished (at most 10 s).
  std::vector<AppEvent> EventsUntilFinished(const std::string& app_id) {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    std::vector<AppEvent> events;
    while (std::chrono::steady_clock::now() < deadline) {
      events = EventsSoFar(app_id);
      if (!events.empty() && events.back().kind == AppEvent::Kind::kFinished) return events;
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    ADD_FAILURE() << "the application did not finish";
    return events;
  }

  // The (batch time, records) of the output events.
  static std::vector<std::pair<int64_t, std::string>> Outputs(const std::vector<AppEvent>& events) {
    std::vector<std::pair<int64_t, std::string>> outputs;
    for (const AppEvent& event : events) {
      if (event.kind == AppEvent::Kind::kOutput)
        outputs.emplace_back(event.output.batch_ms, event.output.records);
    }
    return outputs;
  }

  Config config_;
  EventLoop loop_{"master-loop"};
  Master* master_ = nullptr;
  InstantWorkers workers_{&loop_, &master_, [this](const TaskSpec& task) { return RunTask(task); }};
  Master master_storage_{config_, &loop_, &workers_};
};

}  // namespace sluice::testing

#endif  // SLUICE_MASTER_TESTING_MASTER_TEST_ENV_H_
