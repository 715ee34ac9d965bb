#include "master/task_dispatcher.h"

#include <functional>
#include <future>
#include <map>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "rpc/testing/fake_worker_clients.h"

namespace sluice {
namespace {

constexpr int kMaxAttempts = 3;  // of each task: master.task_max_attempts's default

constexpr int64_t kBatchMs = 1000;

// One stage of `tasks` tasks that read queued data, so that no task needs a particular worker.
BatchPlan OneStagePlan(int32_t tasks) {
  BatchPlan plan;
  PlannedStage stage;
  stage.id = 0;
  stage.terminal_node = 1;
  for (int32_t p = 0; p < tasks; ++p) stage.tasks.push_back({p, 0, EncodedPartition{}, {{1, 0}}});
  plan.stages = {stage};
  plan.output_stages = {0};
  return plan;
}

// The one application "app", whose running batch is `run`; runnable tasks go straight back to the dispatcher.
class OneApplication final : public TaskDispatcher::Batches {
 public:
  explicit OneApplication(BatchRun* run) : run_(run) {}
  void set_dispatcher(TaskDispatcher* dispatcher) { dispatcher_ = dispatcher; }

  BatchRun* RunningBatch(const std::string& app_id, int64_t batch_ms) override {
    return app_id == "app" && run_->batch_ms() == batch_ms ? run_ : nullptr;
  }
  void EnqueueRunnable(const std::string& app_id) override {
    for (TaskLaunch& launch : run_->TakeRunnable()) dispatcher_->Enqueue({app_id, "lib", std::move(launch), ""});
  }
  void BatchMayBeDone(const std::string& app_id) override { maybe_done.push_back(app_id); }

  std::vector<std::string> maybe_done;

 private:
  BatchRun* run_;
  TaskDispatcher* dispatcher_ = nullptr;
};

class TaskDispatcherTest : public ::testing::Test {
 protected:
  void SetUp() override {
    loop_.Start();
    batches_.set_dispatcher(&dispatcher_);
  }
  void TearDown() override { loop_.Stop(); }

  void AddWorker(const std::string& id, int cores) {
    registry_.Register(id, "address-of-" + id, cores, WorkerRegistry::Clock::now(), 0);
  }
  // The batch's runnable tasks, each changed by `adjust` before it is queued.
  void EnqueueRunnable(const std::function<void(TaskLaunch&)>& adjust = [](TaskLaunch&) {}) {
    for (TaskLaunch& launch : run_.TakeRunnable()) {
      adjust(launch);
      dispatcher_.Enqueue({"app", "lib", std::move(launch), ""});
    }
  }
  // The batch's task, as one that reads block b0 held by `worker` and copied to `replicas`.
  void EnqueueBlockTask(const std::string& worker, std::vector<std::string> replicas = {}) {
    EnqueueRunnable([&](TaskLaunch& launch) {
      launch.required_worker = worker;
      launch.replica_workers = replicas;
      launch.required_data = "block b0";
    });
  }
  // Waits until what the loop has been given (a launch's failure) has run.
  void DrainLoop() {
    std::promise<void> drained;
    loop_.Post([&] { drained.set_value(); });
    drained.get_future().wait();
  }
  TaskReport Report(const std::string& worker_id, int32_t partition, int32_t attempt = 0) {
    TaskResult result;
    result.app_id = "app";
    result.batch_ms = kBatchMs;
    result.partition = partition;
    result.attempt = attempt;
    result.state = TaskState::kSucceeded;
    return TaskReport{worker_id, std::move(result)};
  }
  int UsedSlots(const std::string& worker_id) { return registry_.Find(worker_id)->used_slots; }

  EventLoop loop_{"dispatch-test"};
  WorkerRegistry registry_;
  ::sluice::testing::FakeWorkerClients clients_;
  BatchRun run_{kBatchMs, OneStagePlan(1), kMaxAttempts};
  OneApplication batches_{&run_};
  TaskDispatcher dispatcher_{&registry_, &clients_, &loop_, &batches_};
};

TEST_F(TaskDispatcherTest, AGoneRequiredWorkerFailsTheBatchWithWhatItHeld) {
  AddWorker("w1", 2);
  EnqueueBlockTask("w9");
  dispatcher_.Dispatch();
  EXPECT_TRUE(clients_.launches().empty());
  EXPECT_EQ(run_.failure(), "block b0 is on worker w9, which is gone");
  EXPECT_FALSE(run_.fatal());
  EXPECT_EQ(batches_.maybe_done, std::vector<std::string>{"app"});
}

// receiver.replication: a block whose receiver's worker died is read from a copy.
TEST_F(TaskDispatcherTest, ABlockWhoseWorkerIsGoneIsReadWhereACopyIs) {
  AddWorker("w1", 2);
  AddWorker("w2", 2);
  EnqueueBlockTask("w9", {"w8", "w2"});
  dispatcher_.Dispatch();
  ASSERT_EQ(clients_.launches().size(), 1u);
  EXPECT_EQ(clients_.launches()[0].address, "address-of-w2");
  EXPECT_FALSE(run_.failed());
}

TEST_F(TaskDispatcherTest, ABlockIsReadFromACopyWhileItsWorkerIsSuspect) {
  AddWorker("w1", 2);
  AddWorker("w2", 2);
  registry_.MarkUnreachable("w1");  // it refused a task: dead, most likely, but not declared lost yet
  EnqueueBlockTask("w1", {"w2"});
  dispatcher_.Dispatch();
  ASSERT_EQ(clients_.launches().size(), 1u);
  EXPECT_EQ(clients_.launches()[0].address, "address-of-w2");
}

// A block's copy is as local as the block: a task whose own worker is busy runs where a copy is and a slot is free.
TEST_F(TaskDispatcherTest, ABlockIsReadWhereACopyIsWhileItsOwnWorkerIsBusy) {
  AddWorker("w1", 1);
  AddWorker("w2", 1);
  ASSERT_TRUE(registry_.Acquire("w1"));  // the receiver's slot, say
  EnqueueBlockTask("w1", {"w2"});
  dispatcher_.Dispatch();
  ASSERT_EQ(clients_.launches().size(), 1u);
  EXPECT_EQ(clients_.launches()[0].address, "address-of-w2");
}

TEST_F(TaskDispatcherTest, ABlockWaitsForABusyHolderRatherThanGoingWhereNoCopyIs) {
  AddWorker("w1", 1);
  AddWorker("w3", 4);
  ASSERT_TRUE(registry_.Acquire("w1"));
  EnqueueBlockTask("w1");
  dispatcher_.Dispatch();
  EXPECT_TRUE(clients_.launches().empty()) << "w3 has slots but not the block";
  EXPECT_FALSE(run_.failed());
}

TEST_F(TaskDispatcherTest, ABlockIsReadOnItsOwnWorkerWhileThatOneLives) {
  AddWorker("w1", 2);
  AddWorker("w2", 2);
  EnqueueBlockTask("w1", {"w2"});
  dispatcher_.Dispatch();
  ASSERT_EQ(clients_.launches().size(), 1u);
  EXPECT_EQ(clients_.launches()[0].address, "address-of-w1");
}

TEST_F(TaskDispatcherTest, ABlockWhoseWorkersAreAllGoneFailsTheBatchNamingThem) {
  AddWorker("w1", 2);
  EnqueueBlockTask("w9", {"w8"});
  dispatcher_.Dispatch();
  EXPECT_TRUE(clients_.launches().empty());
  EXPECT_EQ(run_.failure(), "block b0 was on workers w9, w8, which are all gone");
  EXPECT_FALSE(run_.fatal());
}

TEST_F(TaskDispatcherTest, AGoneRequiredWorkerHoldingAStateFailsTheBatchFatally) {
  EnqueueRunnable([](TaskLaunch& launch) {
    launch.required_worker = "w9";
    launch.required_data = "the state table of partition 0 of node 4";
    launch.required_for_state = true;
  });
  dispatcher_.Dispatch();
  EXPECT_TRUE(run_.fatal());
  EXPECT_EQ(run_.failure(), "the state table of partition 0 of node 4 is on worker w9, which is gone");
}

TEST_F(TaskDispatcherTest, APreferredWorkerWithAFreeSlotIsChosenOverTheLeastLoaded) {
  AddWorker("w1", 4);
  AddWorker("w2", 1);
  EnqueueRunnable([](TaskLaunch& launch) { launch.preferred_worker = "w2"; });
  dispatcher_.Dispatch();
  ASSERT_EQ(clients_.launches().size(), 1u);
  EXPECT_EQ(clients_.launches()[0].address, "address-of-w2");
  EXPECT_EQ(UsedSlots("w2"), 1);
}

TEST_F(TaskDispatcherTest, APreferredWorkerWithoutAFreeSlotLeavesTheTaskToTheLeastLoaded) {
  AddWorker("w1", 4);
  AddWorker("w2", 1);
  ASSERT_TRUE(registry_.Acquire("w2"));
  EnqueueRunnable([](TaskLaunch& launch) { launch.preferred_worker = "w2"; });
  dispatcher_.Dispatch();
  ASSERT_EQ(clients_.launches().size(), 1u);
  EXPECT_EQ(clients_.launches()[0].address, "address-of-w1");
}

TEST_F(TaskDispatcherTest, AnUndeliveredLaunchRunsElsewhereWithoutUsingAnAttempt) {
  AddWorker("w1", 2);
  AddWorker("w2", 1);
  EnqueueRunnable();
  dispatcher_.Dispatch();
  ASSERT_EQ(clients_.launches().size(), 1u);
  ASSERT_EQ(clients_.launches()[0].address, "address-of-w1");
  clients_.launches()[0].done(absl::UnavailableError("connection refused"));
  DrainLoop();
  ASSERT_EQ(clients_.launches().size(), 2u);
  EXPECT_EQ(clients_.launches()[1].address, "address-of-w2") << "w1 is unreachable until it is heard from";
  EXPECT_EQ(clients_.launches()[1].task.attempt, 0);
  EXPECT_EQ(UsedSlots("w1"), 0);
  EXPECT_FALSE(run_.failed());
}

TEST_F(TaskDispatcherTest, ALaunchTheWorkerRefusedUsesAnAttempt) {
  AddWorker("w1", 2);
  EnqueueRunnable();
  dispatcher_.Dispatch();
  ASSERT_EQ(clients_.launches().size(), 1u);
  clients_.launches()[0].done(absl::InternalError("no such library"));
  DrainLoop();
  ASSERT_EQ(clients_.launches().size(), 2u);
  EXPECT_EQ(clients_.launches()[1].task.attempt, 1);
}

TEST_F(TaskDispatcherTest, AReportOfAStaleAttemptOrFromAnotherWorkerIsIgnored) {
  AddWorker("w1", 2);
  AddWorker("w2", 1);
  EnqueueRunnable();
  dispatcher_.Dispatch();
  clients_.launches()[0].done(absl::UnavailableError("connection refused"));
  DrainLoop();
  ASSERT_EQ(clients_.launches().size(), 2u);  // the task now runs on w2
  batches_.maybe_done.clear();

  dispatcher_.ReportTask(Report("w1", 0));  // the undelivered attempt
  dispatcher_.ReportTask(Report("w3", 0));  // a worker the task never went to
  EXPECT_FALSE(run_.complete());
  EXPECT_EQ(UsedSlots("w2"), 1);
  EXPECT_TRUE(batches_.maybe_done.empty());

  dispatcher_.ReportTask(Report("w2", 0));
  EXPECT_TRUE(run_.complete());
  EXPECT_EQ(UsedSlots("w2"), 0);
  EXPECT_EQ(batches_.maybe_done, std::vector<std::string>{"app"});
}

TEST_F(TaskDispatcherTest, ATaskOutOfAttemptsFailsTheBatchWithItsError) {
  AddWorker("w1", 2);
  EnqueueRunnable();
  dispatcher_.Dispatch();
  for (int attempt = 0; attempt < kMaxAttempts; ++attempt) {
    TaskReport failed = Report("w1", 0, attempt);
    failed.result.state = TaskState::kFailed;
    failed.result.error = "boom";
    dispatcher_.ReportTask(failed);
  }
  EXPECT_TRUE(run_.failed());
  EXPECT_EQ(run_.failure(), "boom");
  EXPECT_FALSE(run_.fatal()) << "a failed task fails its batch, not the application";
  EXPECT_EQ(batches_.maybe_done.back(), "app") << "the master looks at the failed batch";
  EXPECT_EQ(UsedSlots("w1"), 0);
}

// Spark's FetchFailed: the worker a task could not read from is suspect at once, long before its heartbeats are
// missed, and gets no new task until it is heard from again.
TEST_F(TaskDispatcherTest, AWorkerATaskCouldNotReadFromIsSuspectAtOnce) {
  AddWorker("w1", 2);
  AddWorker("w2", 2);
  EnqueueRunnable([](TaskLaunch& launch) { launch.preferred_worker = "w1"; });
  dispatcher_.Dispatch();
  TaskReport lost = Report("w1", 0);
  lost.result.state = TaskState::kFailed;
  lost.result.error = "fetching from w2: connection refused";
  lost.result.lost_input_worker = "w2";
  dispatcher_.ReportTask(lost);
  EXPECT_TRUE(registry_.Find("w2")->unreachable);
  EXPECT_FALSE(registry_.Find("w1")->unreachable);
  ASSERT_EQ(clients_.launches().size(), 2u) << "the task runs again (its input has no stage to wait for)";
  EXPECT_EQ(clients_.launches()[1].address, "address-of-w1") << "not on the suspect";
  EXPECT_EQ(clients_.launches()[1].task.attempt, 1) << "nothing of this batch was on w2: it used an attempt";
}

// A failed batch ends only when its last running task has: its data is released after that, not under it.
TEST_F(TaskDispatcherTest, KnowsWhichBatchesStillHaveTasksOnWorkers) {
  AddWorker("w1", 2);
  EnqueueRunnable();
  dispatcher_.Dispatch();
  EXPECT_TRUE(dispatcher_.HasRunningTasks("app", run_.batch_ms()));
  EXPECT_FALSE(dispatcher_.HasRunningTasks("app", run_.batch_ms() + 1000));
  EXPECT_FALSE(dispatcher_.HasRunningTasks("other", run_.batch_ms()));
  dispatcher_.ReportTask(Report("w1", 0));
  EXPECT_FALSE(dispatcher_.HasRunningTasks("app", run_.batch_ms()));
}

// A worker retries a report whose reply it did not get: the failure of attempt 0 may come again while attempt 1
// runs on the same worker. It is the same failure, not attempt 1's.
TEST_F(TaskDispatcherTest, AReportOfAnEarlierAttemptThatComesAgainIsIgnored) {
  AddWorker("w1", 1);
  EnqueueRunnable();
  dispatcher_.Dispatch();
  TaskReport failed = Report("w1", 0, /*attempt=*/0);
  failed.result.state = TaskState::kFailed;
  failed.result.error = "boom";
  dispatcher_.ReportTask(failed);
  ASSERT_EQ(clients_.launches().size(), 2u);
  ASSERT_EQ(clients_.launches()[1].task.attempt, 1);
  ASSERT_EQ(UsedSlots("w1"), 1);

  dispatcher_.ReportTask(failed);
  dispatcher_.ReportTask(failed);
  EXPECT_EQ(clients_.launches().size(), 2u) << "no attempt was used by the repeats";
  EXPECT_EQ(UsedSlots("w1"), 1) << "attempt 1 still holds its slot";
  EXPECT_FALSE(run_.failed());

  dispatcher_.ReportTask(Report("w1", 0, /*attempt=*/1));
  EXPECT_TRUE(run_.complete());
  EXPECT_EQ(UsedSlots("w1"), 0);
}

TEST_F(TaskDispatcherTest, ASuccessReportedTwiceCountsOnce) {
  AddWorker("w1", 2);
  run_ = BatchRun(kBatchMs, OneStagePlan(2), kMaxAttempts);
  EnqueueRunnable();
  dispatcher_.Dispatch();
  ASSERT_EQ(clients_.launches().size(), 2u);
  ASSERT_EQ(UsedSlots("w1"), 2);
  dispatcher_.ReportTask(Report("w1", 0));
  dispatcher_.ReportTask(Report("w1", 0));
  EXPECT_EQ(UsedSlots("w1"), 1) << "partition 1 still holds its slot";
  EXPECT_FALSE(run_.complete());
  EXPECT_EQ(batches_.maybe_done.size(), 1u);
}

TEST_F(TaskDispatcherTest, TheTasksOfALostWorkerGoBackToTheirBatch) {
  AddWorker("w1", 2);
  EnqueueRunnable();
  dispatcher_.Dispatch();
  dispatcher_.OnWorkerLost("w1");
  std::vector<TaskLaunch> again = run_.TakeRunnable();
  ASSERT_EQ(again.size(), 1u);
  EXPECT_EQ(again[0].attempt, 0);
  dispatcher_.ReportTask(Report("w1", 0));  // too late: the task is no longer running there
  EXPECT_FALSE(run_.complete());
}

// Two applications, each with a running batch of one task.
class TwoApplications final : public TaskDispatcher::Batches {
 public:
  BatchRun* RunningBatch(const std::string& app_id, int64_t batch_ms) override {
    auto it = runs.find(app_id);
    return it != runs.end() && it->second.batch_ms() == batch_ms ? &it->second : nullptr;
  }
  void EnqueueRunnable(const std::string&) override {}
  void BatchMayBeDone(const std::string& app_id) override {
    maybe_done.push_back(app_id);
    if (on_maybe_done) on_maybe_done();
  }

  std::map<std::string, BatchRun> runs;
  std::vector<std::string> maybe_done;
  std::function<void()> on_maybe_done;
};

// Looking at whether a batch is done may start the next batch, which queues and dispatches tasks: it happens only
// once the dispatcher has walked its whole queue.
TEST_F(TaskDispatcherTest, ABatchIsLookedAtOnlyAfterTheWholeQueueWasWalked) {
  AddWorker("w1", 2);
  TwoApplications batches;
  batches.runs.emplace("first", BatchRun(kBatchMs, OneStagePlan(1), kMaxAttempts));
  batches.runs.emplace("second", BatchRun(kBatchMs, OneStagePlan(1), kMaxAttempts));
  TaskDispatcher dispatcher{&registry_, &clients_, &loop_, &batches};
  for (auto& [app_id, run] : batches.runs) {
    for (TaskLaunch& launch : run.TakeRunnable()) {
      if (app_id == "first") {  // its data is on a worker that is gone
        launch.required_worker = "w9";
        launch.required_data = "block b0";
      }
      dispatcher.Enqueue({app_id, "lib", std::move(launch), ""});
    }
  }
  size_t launched_when_looked = 0;
  batches.on_maybe_done = [&] { launched_when_looked = clients_.launches().size(); };
  dispatcher.Dispatch();
  ASSERT_EQ(batches.maybe_done, std::vector<std::string>{"first"});
  EXPECT_EQ(launched_when_looked, 1u) << "the second application's task was handed out first";
}

}  // namespace
}  // namespace sluice
