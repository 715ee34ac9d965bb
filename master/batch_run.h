#ifndef SLUICE_MASTER_BATCH_RUN_H_
#define SLUICE_MASTER_BATCH_RUN_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "master/app_events.h"
#include "master/batch_plan.h"
#include "wire/task.h"

namespace sluice {

// One task ready to go to a worker: what to run and where it may run.
struct TaskLaunch {
  int64_t batch_ms = 0;
  int32_t stage_id = 0;
  int32_t attempt = 0;
  const PlannedStage* stage = nullptr;
  const PlannedTask* task = nullptr;
  std::optional<std::string> required_worker;  // blocks and keyed state tables live on one worker
  std::vector<std::string> replica_workers;    // blocks: the other workers that hold a copy, if that one is gone
  std::string required_data;                   // what is there, for the error when that worker is gone
  bool required_for_state = false;             // that data is a state: its loss fails the application
  std::optional<std::string> preferred_worker;  // materialized reads: the worker that holds the first part
  std::vector<MapOutputLocation> map_outputs;  // shuffle reads: every map output of the shuffle read
  std::optional<WindowDeltaInput> window_delta;  // incremental windows: the parts, every site known
  std::vector<MaterializedPart> materialized;   // materialized reads: the parts, every site known; state
                                                // tasks: the previous state's part (empty at the first time);
                                                // stateSnapshots: the table's part
};

// The execution of one batch's plan: which tasks may run, which ran where, and the outputs. Stages start when
// their parents are complete; a failed task runs again until it has failed `max_attempts` times
// (master.task_max_attempts).
class BatchRun {
 public:
  BatchRun(int64_t batch_ms, BatchPlan plan, int max_attempts);

  int64_t batch_ms() const { return batch_ms_; }
  int max_attempts() const { return max_attempts_; }
  const BatchPlan& plan() const { return plan_; }

  // The tasks that can run now and were not handed out yet; they count as running from here on.
  std::vector<TaskLaunch> TakeRunnable();
  // `records_out`: the records the task's terminal produced (what a held output's partition holds).
  void OnTaskSucceeded(int32_t stage_id, int32_t partition, const std::string& worker_id,
                       const std::string& worker_address, std::string result_records, int64_t result_count,
                       int64_t records_out = 0);
  // A failed task runs again unless it has used its attempts; then the batch fails with `error`.
  void OnTaskFailed(int32_t stage_id, int32_t partition, const std::string& error);
  // A task that could not be delivered or whose worker died goes back to the queue (it does not use an attempt).
  void Requeue(int32_t stage_id, int32_t partition);
  // The worker is gone, and what this batch's tasks stored there with it: the tasks whose outputs are still to be
  // read (map outputs a stage of this batch has not read yet, partitions this batch materializes) run again,
  // elsewhere, from their own inputs (Spark's lineage). Returns how many. (A block task whose block's workers are
  // all gone fails when it is dispatched.)
  int OnWorkerLost(const std::string& worker_id);
  // A task could not read its input from `worker_id` (Spark's FetchFailed): what this batch stored there is
  // computed again, as if the worker were lost, and the task waits for it without using an attempt. Input that
  // cannot be computed again here (an earlier batch's partition), or a task whose input was lost more than
  // `max_attempts` times, fails as OnTaskFailed does.
  void OnInputLost(int32_t stage_id, int32_t partition, const std::string& worker_id, const std::string& error);
  // How many tasks ran again because their outputs were lost.
  int recomputed_tasks() const { return recomputed_tasks_; }
  // A task's required worker is gone: the batch cannot complete.
  void Fail(const std::string& error);
  // The batch cannot complete, nor can any later one: a state it reads is lost (recovering state from
  // checkpoints is a later step), so the application fails.
  void FailFatally(const std::string& error);
  bool fatal() const { return fatal_; }

  bool complete() const;
  bool failed() const { return !failure_.empty(); }
  const std::string& failure() const { return failure_; }
  // The records of each output operation, in definition order and partition order.
  std::vector<BatchOutputEvent> Outputs() const;
  int64_t input_records() const;
  // The partitions this batch materialized and where they are (once complete).
  std::vector<std::pair<MaterializedKey, MaterializedSite>> MaterializedPartitions() const;
  // The nodes this batch materializes for later batches to read (states, windows' parents, incremental windows;
  // not foreachRDD's partitions, which only its driver reads): a failed batch leaves them without this batch.
  std::vector<int32_t> NodesKeptForLaterBatches() const;

 private:
  enum class TaskState { kWaiting, kRunning, kSucceeded };
  struct TaskStatus {
    TaskState state = TaskState::kWaiting;
    int32_t attempts = 0;
    std::string worker_id;
    std::string worker_address;
    std::string result_records;
    int64_t result_count = 0;
    int64_t records_out = 0;
    int32_t input_losses = 0;  // failures to read input that was then computed again; they use no attempt
  };

  bool StageComplete(int32_t stage_id) const;
  // Whether what the stage's tasks stored is still to be read in this batch, or kept for later batches.
  bool OutputStillNeeded(const PlannedStage& stage) const;
  std::vector<MapOutputLocation> MapOutputsOf(int32_t stage_id) const;
  // Fills in the sites of the parts this batch computed.
  std::vector<MaterializedPart> Located(const MaterializedInput& read) const;
  std::vector<MaterializedPart> Located(std::vector<MaterializedPart> parts) const;
  // Every part of an incremental window's read, located; false (and the batch failed) if one is nowhere.
  bool LocateDelta(const WindowDeltaInput& read, WindowDeltaInput* located);
  static void RequireTableSite(const MaterializedPart& part, TaskLaunch* launch);

  int64_t batch_ms_;
  BatchPlan plan_;
  int max_attempts_;
  std::vector<std::vector<TaskStatus>> status_;  // [stage][partition]
  std::string failure_;
  bool fatal_ = false;
  int recomputed_tasks_ = 0;
};

}  // namespace sluice

#endif  // SLUICE_MASTER_BATCH_RUN_H_
