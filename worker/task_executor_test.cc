#include "worker/task_executor.h"

#include <gtest/gtest.h>

#include <chrono>
#include <set>

#include "common/codec.h"
#include "common/mutex.h"
#include "driver/api/dstream.h"
#include "rpc/grpc_shuffle_fetcher.h"
#include "runtime/source_nodes.h"

namespace sluice {
namespace {

// 0 source -> 1 pprint
std::shared_ptr<const JobGraph> PrintGraph() {
  auto g = std::make_shared<GraphBuilder>(Seconds(1));
  NodeDescription source;
  source.kind = NodeKind::kReceiverSource;
  source.op = "socketTextStream";
  g->Add(std::make_unique<TextSourceNode>(source));
  DStream<std::string>(g, 0).pprint();
  return g->Build();
}

class TaskExecutorTest : public ::testing::Test {
 protected:
  TaskExecutorTest() { catalog_.RegisterLocal("local", PrintGraph()); }

  static TaskSpec PrintTask(int32_t partition, const std::string& block_id, const std::string& library = "local") {
    TaskSpec task;
    task.app_id = "app";
    task.partition = partition;
    task.library_hash = library;
    task.input = BlockRef{block_id};
    task.steps = {{1, 0}};
    task.sink = ResultSpec{};
    return task;
  }

  void Report(const TaskResult& result) {
    MutexLock lock(&mu_);
    results_.push_back(result);
    reported_.SignalAll();
  }

  std::vector<TaskResult> results() {
    MutexLock lock(&mu_);
    return results_;
  }

  bool AwaitResults(size_t n) {
    MutexLock lock(&mu_);
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (results_.size() < n) {
      if (reported_.WaitUntil(&mu_, deadline)) return results_.size() >= n;
    }
    return true;
  }

  std::string worker_id_ = "w";
  Config config_;
  BlockStore blocks_;
  ShuffleStore shuffles_;
  KeyedStateStore keyed_states_;
  GrpcShuffleFetcher peers_{config_};
  JobCatalog catalog_{::testing::TempDir(), [](const std::string& hash) -> absl::StatusOr<JobLibrary> {
                        return absl::UnavailableError("no master for " + hash);
                      }};
  TaskRunner runner_{worker_id_, config_, &blocks_, &shuffles_, &keyed_states_, &peers_};
  Mutex mu_;  // the task threads report while the test waits
  CondVar reported_;
  std::vector<TaskResult> results_ ABSL_GUARDED_BY(mu_);
};

TEST_F(TaskExecutorTest, RunsEveryTaskAndReportsEachResult) {
  std::string data;
  EncodeRecord(std::string("line"), &data);
  blocks_.Put("app", "b", data, 1);
  TaskExecutor executor(2, &catalog_, &runner_, [this](const TaskResult& r) { Report(r); });
  executor.Start();
  for (int32_t p = 0; p < 6; ++p) ASSERT_TRUE(executor.Submit(PrintTask(p, "b")));
  ASSERT_TRUE(AwaitResults(6));
  std::set<int32_t> partitions;
  for (const TaskResult& result : results()) {
    EXPECT_EQ(result.state, TaskState::kSucceeded) << result.error;
    EXPECT_EQ(result.result_count, 1);
    partitions.insert(result.partition);
  }
  EXPECT_EQ(partitions.size(), 6u);
  executor.Shutdown();
  EXPECT_EQ(executor.pending_tasks(), 0);
}

TEST_F(TaskExecutorTest, ATaskWhoseJobCannotBeLoadedIsReportedFailed) {
  TaskExecutor executor(1, &catalog_, &runner_, [this](const TaskResult& r) { Report(r); });
  executor.Start();
  ASSERT_TRUE(executor.Submit(PrintTask(0, "b", "unknown-library")));
  ASSERT_TRUE(AwaitResults(1));
  EXPECT_EQ(results()[0].state, TaskState::kFailed);
  EXPECT_EQ(results()[0].error, "cannot get the job library unknown-library from the master: no master for "
                                "unknown-library");
}

TEST_F(TaskExecutorTest, ShutdownDropsQueuedTasksAndRefusesNewOnes) {
  // Not started: tasks stay queued.
  TaskExecutor executor(1, &catalog_, &runner_, [this](const TaskResult& r) { Report(r); });
  ASSERT_TRUE(executor.Submit(PrintTask(0, "b")));
  EXPECT_EQ(executor.pending_tasks(), 1);
  executor.Shutdown();
  executor.Shutdown();
  EXPECT_EQ(executor.pending_tasks(), 0);
  EXPECT_FALSE(executor.Submit(PrintTask(1, "b")));
  EXPECT_TRUE(results().empty());
}

TEST_F(TaskExecutorTest, ATaskSubmittedAgainWhileQueuedIsQueuedOnce) {
  TaskExecutor executor(1, &catalog_, &runner_, [this](const TaskResult& r) { Report(r); });  // not started
  ASSERT_TRUE(executor.Submit(PrintTask(0, "b")));
  ASSERT_TRUE(executor.Submit(PrintTask(0, "b")));
  EXPECT_EQ(executor.pending_tasks(), 1);
  TaskSpec next_attempt = PrintTask(0, "b");
  next_attempt.attempt = 1;
  ASSERT_TRUE(executor.Submit(next_attempt));
  EXPECT_EQ(executor.pending_tasks(), 2) << "another attempt is another task";
  executor.Shutdown();
}

}  // namespace
}  // namespace sluice
