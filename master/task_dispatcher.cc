#include "master/task_dispatcher.h"

#include <algorithm>
#include <set>
#include <vector>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/logging.h"

namespace sluice {

TaskDispatcher::TaskDispatcher(WorkerRegistry* registry, WorkerClients* clients, EventLoop* loop, Batches* batches)
    : registry_(registry), clients_(clients), loop_(loop), batches_(batches) {}

void TaskDispatcher::Enqueue(TaskAssignment task) { pending_.push_back(std::move(task)); }

void TaskDispatcher::DropQueued(const std::string& app_id) {
  pending_.erase(
      std::remove_if(pending_.begin(), pending_.end(), [&](const TaskAssignment& t) { return t.app_id == app_id; }),
      pending_.end());
}

// A task that reads data held by one worker runs there when that worker has a free slot.
std::optional<std::string> TaskDispatcher::PreferredOrLeastLoaded(const TaskLaunch& launch) const {
  const std::optional<std::string>& preferred = launch.preferred_worker;
  if (preferred && registry_->HasFreeSlot(*preferred)) return preferred;
  return registry_->LeastLoaded();
}

std::optional<std::string> TaskDispatcher::LiveHolder(const TaskLaunch& launch) const {
  std::vector<std::string> holders = {*launch.required_worker};
  holders.insert(holders.end(), launch.replica_workers.begin(), launch.replica_workers.end());
  // Every holder reads the data from its own memory: the first with a free slot takes the task. A holder that
  // refused a task as unreachable (most often one that died and is not declared lost yet) is passed over for one
  // that is not; it is waited for only when it holds the one copy there is.
  std::optional<std::string> busy, suspect;
  for (const std::string& holder : holders) {
    const WorkerInfo* worker = registry_->Find(holder);
    if (worker == nullptr) continue;
    if (worker->unreachable) {
      if (!suspect) suspect = holder;
      continue;
    }
    if (registry_->HasFreeSlot(holder)) return holder;
    if (!busy) busy = holder;
  }
  return busy ? busy : suspect;
}

void TaskDispatcher::FailForLostRequiredWorker(const TaskLaunch& launch, BatchRun* run) {
  std::string holders = absl::StrJoin(launch.replica_workers, ", ");
  std::string lost = launch.replica_workers.empty()
                         ? absl::StrCat(launch.required_data, " is on worker ", *launch.required_worker,
                                        ", which is gone")
                         : absl::StrCat(launch.required_data, " was on workers ", *launch.required_worker, ", ",
                                        holders, ", which are all gone");
  if (launch.required_for_state) {
    run->FailFatally(lost);
  } else {
    run->Fail(lost);
  }
}

void TaskDispatcher::Dispatch() {
  // Batches that may have ended are looked at after the walk: that can start the next batch, which queues and
  // dispatches its own tasks, and must not happen while this loop holds a position in the queue.
  std::set<std::string> may_be_done;
  for (auto it = pending_.begin(); it != pending_.end();) {
    BatchRun* run = batches_->RunningBatch(it->app_id, it->launch.batch_ms);
    if (run == nullptr || run->failed()) {
      it = pending_.erase(it);
      continue;
    }
    std::optional<std::string> worker_id;
    if (it->launch.required_worker) {
      worker_id = LiveHolder(it->launch);
      if (!worker_id) {
        FailForLostRequiredWorker(it->launch, run);
        may_be_done.insert(it->app_id);
        it = pending_.erase(it);
        continue;
      }
    } else {
      worker_id = PreferredOrLeastLoaded(it->launch);
    }
    if (!worker_id || !registry_->Acquire(*worker_id)) {
      ++it;
      continue;
    }
    Launch(*it, *worker_id);
    it = pending_.erase(it);
  }
  for (const std::string& app_id : may_be_done) batches_->BatchMayBeDone(app_id);
}

void TaskDispatcher::Launch(const TaskAssignment& task, const std::string& worker_id) {
  TaskKey key{task.app_id, task.launch.batch_ms, task.launch.stage_id, task.launch.task->partition};
  running_[key] = RunningTask{worker_id, task.launch.attempt};
  auto on_failure = [this, key, worker_id](absl::Status status) {
    if (status.ok()) return;
    loop_->Post([this, key, worker_id, status] { OnLaunchFailed(key, worker_id, status); });
  };
  clients_->LaunchTask(registry_->Find(worker_id)->address, BuildTaskSpec(task), std::move(on_failure));
}

void TaskDispatcher::OnLaunchFailed(const TaskKey& key, const std::string& worker_id, const absl::Status& status) {
  auto running = running_.find(key);
  if (running == running_.end()) return;
  running_.erase(running);
  registry_->Release(worker_id);
  // A worker that cannot be reached (most often one that died and is not declared lost yet) never got
  // the task: it runs elsewhere without using an attempt, so that the batch, whose data may well be on
  // other workers, is not abandoned for it.
  bool undelivered = absl::IsUnavailable(status);
  if (undelivered) registry_->MarkUnreachable(worker_id);
  const auto& [app_id, batch_ms, stage, partition] = key;
  BatchRun* run = batches_->RunningBatch(app_id, batch_ms);
  if (run == nullptr) return;
  Logger(LogComponent::kMaster)
      .ForApp(app_id)
      .ForBatch(batch_ms)
      .Warn("could not hand a task to {}: {}", worker_id, status.ToString());
  if (undelivered) {
    run->Requeue(stage, partition);
  } else {
    run->OnTaskFailed(stage, partition, std::string(status.message()));
  }
  batches_->EnqueueRunnable(app_id);
  batches_->BatchMayBeDone(app_id);
  Dispatch();
}

void TaskDispatcher::ReportTask(TaskReport report) {
  TaskResult& result = report.result;
  TaskKey key{result.app_id, result.batch_ms, result.stage_id, result.partition};
  auto running = running_.find(key);
  if (running == running_.end() || running->second.worker_id != report.worker_id ||
      running->second.attempt != result.attempt) {
    return;  // stale, or repeated: the worker retries a report whose reply it did not get
  }
  running_.erase(running);
  registry_->Release(report.worker_id);
  if (BatchRun* run = batches_->RunningBatch(result.app_id, result.batch_ms)) {
    if (result.succeeded()) {
      const WorkerInfo* worker = registry_->Find(report.worker_id);
      run->OnTaskSucceeded(result.stage_id, result.partition, report.worker_id, worker ? worker->address : "",
                           std::move(result.result_records), result.result_count, result.records_out);
    } else if (!result.lost_input_worker.empty()) {
      OnInputLost(result, run);
    } else {
      run->OnTaskFailed(result.stage_id, result.partition, result.error);
    }
    batches_->EnqueueRunnable(result.app_id);
    batches_->BatchMayBeDone(result.app_id);
  }
  Dispatch();
}

// Spark's FetchFailed: the worker the task could not read from is suspect (it gets no new work until it is heard
// from again, which heals a false suspicion), and what the batch stored there is computed again elsewhere.
void TaskDispatcher::OnInputLost(const TaskResult& result, BatchRun* run) {
  const std::string& lost = result.lost_input_worker;
  registry_->MarkUnreachable(lost);
  int before = run->recomputed_tasks();
  run->OnInputLost(result.stage_id, result.partition, lost, result.error);
  Logger(LogComponent::kMaster)
      .ForApp(result.app_id)
      .ForBatch(result.batch_ms)
      .Warn("task {}.{} could not read its input from {} ({}); {} tasks whose outputs were there run again",
            result.stage_id, result.partition, lost, result.error, run->recomputed_tasks() - before);
}

bool TaskDispatcher::HasRunningTasks(const std::string& app_id, int64_t batch_ms) const {
  auto it = running_.lower_bound(TaskKey{app_id, batch_ms, 0, 0});
  return it != running_.end() && std::get<0>(it->first) == app_id && std::get<1>(it->first) == batch_ms;
}

void TaskDispatcher::OnWorkerLost(const std::string& worker_id) {
  for (auto it = running_.begin(); it != running_.end();) {
    if (it->second.worker_id != worker_id) {
      ++it;
      continue;
    }
    const auto& [app_id, batch_ms, stage, partition] = it->first;
    if (BatchRun* run = batches_->RunningBatch(app_id, batch_ms)) run->Requeue(stage, partition);
    it = running_.erase(it);
  }
}

}  // namespace sluice
