#include "worker/task_executor.h"

#include <algorithm>
#include <string>

#include "common/logging.h"
#include "common/thread_name.h"

namespace sluice {

TaskExecutor::TaskExecutor(int threads, JobCatalog* catalog, const TaskRunner* runner, ResultReporter reporter)
    : threads_(std::max(threads, 1)), catalog_(catalog), runner_(runner), reporter_(std::move(reporter)) {}

TaskExecutor::~TaskExecutor() { Shutdown(); }

void TaskExecutor::Start() {
  MutexLock lock(&mu_);
  if (started_ || shutting_down_) return;
  started_ = true;
  for (int i = 0; i < threads_; ++i) {
    pool_.emplace_back([this, i] {
      NameCurrentThread("task-" + std::to_string(i));
      RunThread();
    });
  }
}

TaskExecutor::TaskIdentity TaskExecutor::IdentityOf(const TaskSpec& task) {
  return {task.app_id, task.batch_ms, task.stage_id, task.partition, task.attempt};
}

bool TaskExecutor::Submit(TaskSpec task) {
  MutexLock lock(&mu_);
  if (shutting_down_) return false;
  if (!queued_or_running_.insert(IdentityOf(task)).second) {
    Logger(LogComponent::kWorker).Info("{} is already here; launched again, it runs once", task.Name());
    return true;
  }
  queue_.push_back(std::move(task));
  work_.Signal();
  return true;
}

int32_t TaskExecutor::pending_tasks() const {
  MutexLock lock(&mu_);
  return static_cast<int32_t>(queue_.size()) + running_;
}

void TaskExecutor::Shutdown() {
  size_t dropped;
  std::vector<std::thread> threads;
  {
    MutexLock lock(&mu_);
    shutting_down_ = true;
    dropped = queue_.size();
    queue_.clear();
    queued_or_running_.clear();
    threads.swap(pool_);
    work_.SignalAll();
  }
  for (std::thread& thread : threads) thread.join();
  if (dropped > 0) Logger(LogComponent::kWorker).Info("dropped {} queued tasks at shutdown", dropped);
}

void TaskExecutor::RunThread() {
  TaskSpec task;
  while (Take(&task)) {
    TaskResult result = Execute(task);
    {
      // Forgotten before the report: a launch that comes once the result is known runs the task again (it gives
      // the same result, and the master takes one report of the attempt).
      MutexLock lock(&mu_);
      queued_or_running_.erase(IdentityOf(task));
    }
    reporter_(result);
    MutexLock lock(&mu_);
    --running_;
  }
}

bool TaskExecutor::Take(TaskSpec* task) {
  MutexLock lock(&mu_);
  while (!shutting_down_ && queue_.empty()) work_.Wait(&mu_);
  if (shutting_down_) return false;
  *task = std::move(queue_.front());
  queue_.pop_front();
  ++running_;
  return true;
}

TaskResult TaskExecutor::Execute(const TaskSpec& task) {
  auto graph = catalog_->Get(task.library_hash);
  if (!graph.ok()) {
    TaskResult result = TaskResult::For(task);
    result.state = TaskState::kFailed;
    result.error = std::string(graph.status().message());
    Logger(LogComponent::kWorker).Warn("{} failed: {}", task.Name(), result.error);
    return result;
  }
  TaskResult result = runner_->Run(task, **graph);
  if (result.state == TaskState::kFailed) {
    Logger(LogComponent::kWorker).Warn("{} failed: {}", task.Name(), result.error);
  } else {
    Logger(LogComponent::kWorker)
        .Debug("{} succeeded: {} records in, {} out", task.Name(), result.records_in, result.records_out);
  }
  return result;
}

}  // namespace sluice
