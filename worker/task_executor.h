#ifndef SLUICE_WORKER_TASK_EXECUTOR_H_
#define SLUICE_WORKER_TASK_EXECUTOR_H_

#include <cstdint>
#include <deque>
#include <functional>
#include <set>
#include <string>
#include <thread>
#include <tuple>
#include <vector>

#include "common/mutex.h"
#include "worker/job_catalog.h"
#include "worker/task_runner.h"
#include "wire/task.h"

namespace sluice {

// A fixed pool of task threads ("task-<i>", one per core) fed from a queue. Each finished task, successful
// or not, goes to the reporter (the master), on its task thread. Thread-safe: gRPC threads submit (LaunchTask),
// task threads take, the control loop counts (heartbeats).
class TaskExecutor {
 public:
  using ResultReporter = std::function<void(const TaskResult&)>;

  TaskExecutor(int threads, JobCatalog* catalog, const TaskRunner* runner, ResultReporter reporter);
  ~TaskExecutor();  // Shutdown()s

  void Start();
  // Queues the task and returns at once; false once shut down. A task already queued or running (the same
  // application, batch, stage, partition and attempt) is not queued again: the master sends a launch again when it
  // took the first for undelivered, and the one here reports for both.
  bool Submit(TaskSpec task);
  // Queued and running.
  int32_t pending_tasks() const;
  // Queued tasks are dropped (the master re-runs the tasks of a worker that left); running ones finish and
  // are reported. Joins every thread. Idempotent.
  void Shutdown();

 private:
  // Application, batch, stage, partition, attempt.
  using TaskIdentity = std::tuple<std::string, int64_t, int32_t, int32_t, int32_t>;
  static TaskIdentity IdentityOf(const TaskSpec& task);

  void RunThread();
  // The next task for a task thread; false once shutting down.
  bool Take(TaskSpec* task);
  TaskResult Execute(const TaskSpec& task);

  const int threads_;
  JobCatalog* const catalog_;
  const TaskRunner* const runner_;
  const ResultReporter reporter_;

  mutable Mutex mu_;  // data plane: the queue between LaunchTask's gRPC threads and the task threads
  CondVar work_;      // a task was queued, or shutdown began
  std::deque<TaskSpec> queue_ ABSL_GUARDED_BY(mu_);
  std::set<TaskIdentity> queued_or_running_ ABSL_GUARDED_BY(mu_);
  int32_t running_ ABSL_GUARDED_BY(mu_) = 0;
  bool shutting_down_ ABSL_GUARDED_BY(mu_) = false;
  bool started_ ABSL_GUARDED_BY(mu_) = false;
  std::vector<std::thread> pool_ ABSL_GUARDED_BY(mu_);
};

}  // namespace sluice

#endif  // SLUICE_WORKER_TASK_EXECUTOR_H_
