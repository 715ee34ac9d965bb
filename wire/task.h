#ifndef SLUICE_WIRE_TASK_H_
#define SLUICE_WIRE_TASK_H_

// A task as the master sends it and a worker runs it: what to read, which nodes to apply, where the records go;
// and what comes back. The master plans with its own types (master/batch_plan.h) and builds a TaskSpec when it
// launches a task (master/task_spec_builder.h); the worker runs the TaskSpec it gets (worker/task_runner.h).

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "wire/data_refs.h"

namespace sluice {

// A state node's own partition one slide earlier, or (first_batch) the initial state the node holds, taking the
// keys of partition reduce_partition of num_partitions.
struct StateReadInput {
  bool first_batch = false;
  int32_t num_partitions = 0;
  std::vector<MaterializedPart> previous;
  bool operator==(const StateReadInput&) const = default;
};

// Partition reduce_partition of every map output of a shuffle.
struct ShuffleReadInput {
  int32_t shuffle_node = 0;
  int32_t reduce_partition = 0;
  std::vector<MapOutputLocation> map_outputs;
  std::optional<StateReadInput> state;  // state nodes only
  bool operator==(const ShuffleReadInput&) const = default;
};

// Materialized partitions of the input node, read in order (a window reads its parent's of several batches).
struct MaterializedInput {
  std::vector<MaterializedPart> partitions;
  bool operator==(const MaterializedInput&) const = default;
};

// An incremental window's partition p: its own one slide earlier (none at its first time), and partition p of its
// parent's batches that entered the window and of those that left it, oldest first.
struct WindowDeltaInput {
  std::vector<MaterializedPart> previous;
  std::vector<MaterializedPart> added;
  std::vector<MaterializedPart> removed;
  bool operator==(const WindowDeltaInput&) const = default;
};

// stateSnapshots: the keyed state table of one partition of a mapWithState node, kept on the task's worker.
struct KeyedStateInput {
  MaterializedPart table;
  bool operator==(const KeyedStateInput&) const = default;
};

// What a task reads. The order of the alternatives is the planner's too (master/batch_plan.h).
using TaskInput = std::variant<BlockRef, FileSplit, ShuffleReadInput, EncodedPartition, MaterializedInput,
                               WindowDeltaInput, KeyedStateInput>;

struct ShuffleWriteSpec {
  int32_t map_index = 0;
  int32_t num_partitions = 0;
  bool operator==(const ShuffleWriteSpec&) const = default;
};

// Stores the terminal node's records as its partition `partition` at the task's batch time.
struct PartitionWriteSpec {
  int32_t partition = 0;
  // Non-empty at a checkpoint time: the partition, or a mapWithState's table, is also written there
  // (common/checkpoint_file.h), and the node's checkpoints before previous_checkpoint_ms are removed.
  std::string checkpoint_dir;
  int64_t previous_checkpoint_ms = 0;
  bool operator==(const PartitionWriteSpec&) const = default;
};

struct ResultSpec {
  int64_t record_limit = -1;  // < 0: every record
  bool operator==(const ResultSpec&) const = default;
};

using TaskSink = std::variant<ShuffleWriteSpec, ResultSpec, PartitionWriteSpec>;

struct PipelineStep {
  int32_t node = 0;
  int32_t parent_index = 0;  // which of the node's parents the records come from
  bool operator==(const PipelineStep&) const = default;
};

struct TaskSpec {
  std::string app_id;
  int64_t batch_ms = 0;
  int32_t stage_id = 0;
  int32_t partition = 0;
  int32_t attempt = 0;
  std::string library_hash;
  int32_t input_node = 0;  // the source whose data, the shuffle whose output, or the materialized node it reads
  TaskInput input;
  // Applied in order after the input; the last one is the terminal. Empty only for a partition write of the
  // input node itself (a materialized source or shuffle).
  std::vector<PipelineStep> steps;
  TaskSink sink;

  bool operator==(const TaskSpec&) const = default;

  // The node whose records a partition write stores.
  int32_t terminal_node() const { return steps.empty() ? input_node : steps.back().node; }

  // "task <stage>.<partition> attempt <n> of batch <ms> (app <id>)", for logs and errors.
  std::string Name() const {
    return "task " + std::to_string(stage_id) + "." + std::to_string(partition) + " attempt " +
           std::to_string(attempt) + " of batch " + std::to_string(batch_ms) + " ms (app " + app_id + ")";
  }
};

enum class TaskState { kSucceeded, kFailed };

struct TaskResult {
  std::string app_id;
  int64_t batch_ms = 0;
  int32_t stage_id = 0;
  int32_t partition = 0;
  int32_t attempt = 0;
  TaskState state = TaskState::kFailed;
  std::string error;
  int64_t records_in = 0;   // records that entered the pipeline from a block or a file split
  int64_t records_out = 0;  // records that reached the terminal
  std::string result_records;  // result tasks: encoded records, up to the limit
  int64_t result_count = 0;
  // Failed because it could not read its input from this worker (Spark's FetchFailed): what that worker held is
  // to be computed again, not the task's code to blame. Empty for any other failure.
  std::string lost_input_worker;

  bool operator==(const TaskResult&) const = default;
  bool succeeded() const { return state == TaskState::kSucceeded; }

  static TaskResult For(const TaskSpec& spec) {
    TaskResult result;
    result.app_id = spec.app_id;
    result.batch_ms = spec.batch_ms;
    result.stage_id = spec.stage_id;
    result.partition = spec.partition;
    result.attempt = spec.attempt;
    return result;
  }
};

// A worker's report of a task it ran (ReportTask).
struct TaskReport {
  std::string worker_id;
  TaskResult result;
  bool operator==(const TaskReport&) const = default;
};

}  // namespace sluice

#endif  // SLUICE_WIRE_TASK_H_
