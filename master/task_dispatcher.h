#ifndef SLUICE_MASTER_TASK_DISPATCHER_H_
#define SLUICE_MASTER_TASK_DISPATCHER_H_

#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <string>
#include <tuple>

#include "absl/status/status.h"
#include "common/event_loop.h"
#include "master/batch_run.h"
#include "master/task_spec_builder.h"
#include "rpc/worker_clients.h"
#include "master/worker_registry.h"
#include "wire/task.h"

namespace sluice {

// The placement of the running batches' tasks on worker slots: the queue of tasks waiting for a slot, the tasks
// running on each worker, and the workers' reports. It knows an application only by its id and its running
// batch; what follows from a batch's progress is the master's (Batches). Every method runs on the master's loop.
class TaskDispatcher {
 public:
  // What the dispatcher asks of the applications; the master implements it.
  class Batches {
   public:
    virtual ~Batches() = default;
    // The application's running batch if it is the one at `batch_ms`; null once the application ended or has
    // moved on to another batch.
    virtual BatchRun* RunningBatch(const std::string& app_id, int64_t batch_ms) = 0;
    // A task of the running batch is waiting again: the batch's runnable tasks go to the queue (Enqueue).
    virtual void EnqueueRunnable(const std::string& app_id) = 0;
    // The running batch may be complete, or failed (a task used its last attempt), or its last running task of a
    // failed batch may have ended.
    virtual void BatchMayBeDone(const std::string& app_id) = 0;
  };

  // `registry` is shared with the master's other users of slots (receivers); `clients`' callbacks post to `loop`.
  TaskDispatcher(WorkerRegistry* registry, WorkerClients* clients, EventLoop* loop, Batches* batches);

  // Queues a task of an application's running batch until a worker has a free slot for it.
  void Enqueue(TaskAssignment task);
  // Hands queued tasks to workers with free slots; drops those whose batch is over or failed.
  void Dispatch();
  // A worker's report of a task. A report of a task not running there, or of another attempt than the one running
  // (a stale attempt, or a report the worker repeated because it got no reply), is ignored.
  void ReportTask(TaskReport report);
  // The tasks that were running on the lost worker are waiting again in their batches, without using an attempt.
  void OnWorkerLost(const std::string& worker_id);
  // The application ended: its queued tasks are dropped (its running ones still give their slots back).
  void DropQueued(const std::string& app_id);
  // A task of the batch is on a worker still (launched, not reported, its worker not lost).
  bool HasRunningTasks(const std::string& app_id, int64_t batch_ms) const;

 private:
  struct RunningTask {
    std::string worker_id;
    int32_t attempt = 0;
  };
  using TaskKey = std::tuple<std::string, int64_t, int32_t, int32_t>;  // app, batch, stage, partition

  std::optional<std::string> PreferredOrLeastLoaded(const TaskLaunch& launch) const;
  // Where a task that reads data held by named workers can run: the first of them (its own worker, then the
  // replicas') alive, not suspect and with a free slot; else the first alive and not suspect, to wait for; else a
  // suspect one; else none.
  std::optional<std::string> LiveHolder(const TaskLaunch& launch) const;
  // Every worker that held what the task must read is gone: so is its batch.
  void FailForLostRequiredWorker(const TaskLaunch& launch, BatchRun* run);
  void Launch(const TaskAssignment& task, const std::string& worker_id);
  void OnLaunchFailed(const TaskKey& key, const std::string& worker_id, const absl::Status& status);
  void OnInputLost(const TaskResult& result, BatchRun* run);

  WorkerRegistry* registry_;
  WorkerClients* clients_;
  EventLoop* loop_;
  Batches* batches_;
  std::deque<TaskAssignment> pending_;
  std::map<TaskKey, RunningTask> running_;
};

}  // namespace sluice

#endif  // SLUICE_MASTER_TASK_DISPATCHER_H_
