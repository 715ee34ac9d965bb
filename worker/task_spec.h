#ifndef SLUICE_WORKER_TASK_SPEC_H_
#define SLUICE_WORKER_TASK_SPEC_H_

// A task as the worker's core sees it (converted from the wire in wire.h): what to read, which nodes to
// apply, where the records go; and what comes back.

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace sluice {

struct BlockInput {
  std::string block_id;
};

struct FileSplitInput {
  std::string path;
  int64_t start = 0;
  int64_t length = 0;
};

// Data the driver sent with its submission (queueStream), handed over by the master with the task.
struct InlineInput {
  std::string records;  // encoded records of the input node's type
  int64_t count = 0;
};

// Where one map task's output lives.
struct MapOutputLocation {
  std::string worker_id;
  std::string worker_address;
  int32_t map_index = 0;
};

// One partition of a materialized node at one batch time (stored by the task that computed it) and where it is.
struct MaterializedPartitionRef {
  int32_t node = 0;
  int64_t batch_ms = 0;
  int32_t partition = 0;
  std::string worker_id;
  std::string worker_address;
};

// A state node's own partition one slide earlier, or (first_batch) the initial state the node holds.
struct StateReadInput {
  bool first_batch = false;
  int32_t num_partitions = 0;
  std::vector<MaterializedPartitionRef> previous;
};

struct ShuffleReadInput {
  int32_t shuffle_node = 0;
  int32_t reduce_partition = 0;
  std::vector<MapOutputLocation> map_outputs;
  std::optional<StateReadInput> state;  // state nodes only
};

// Materialized partitions of the input node, read in order (a window reads its parent's of several batches).
struct MaterializedInput {
  std::vector<MaterializedPartitionRef> partitions;
};

// An incremental window's partition: its own one slide earlier, and its parent's of the batches that entered the
// window and of those that left it.
struct WindowDeltaInput {
  std::vector<MaterializedPartitionRef> previous;
  std::vector<MaterializedPartitionRef> added;
  std::vector<MaterializedPartitionRef> removed;
};

// stateSnapshots: the keyed state table of one partition of a mapWithState node, kept on this worker.
struct KeyedStateInput {
  MaterializedPartitionRef table;
};

struct ShuffleWriteSpec {
  int32_t map_index = 0;
  int32_t num_partitions = 0;
};

// Stores the terminal node's records as its partition `partition` at the task's batch time.
struct PartitionWriteSpec {
  int32_t partition = 0;
  // Non-empty at a checkpoint time: the partition, or a mapWithState's table, is also written there
  // (common/checkpoint_file.h), and the node's checkpoints before previous_checkpoint_ms are removed.
  std::string checkpoint_dir;
  int64_t previous_checkpoint_ms = 0;
};

struct ResultSpec {
  int64_t record_limit = -1;  // < 0: every record
};

struct PipelineStep {
  int32_t node = 0;
  int32_t parent_index = 0;  // which of the node's parents the records come from
};

struct TaskSpec {
  std::string app_id;
  int64_t batch_ms = 0;
  int32_t stage_id = 0;
  int32_t partition = 0;
  int32_t attempt = 0;
  std::string library_hash;
  int32_t input_node = 0;  // the source whose data, or the shuffle whose output, the task reads
  std::variant<BlockInput, FileSplitInput, ShuffleReadInput, InlineInput, MaterializedInput, WindowDeltaInput,
               KeyedStateInput>
      input;
  // Applied in order after the input; the last one is the terminal. Empty only for a partition write of the
  // input node itself (a materialized source or shuffle).
  std::vector<PipelineStep> steps;
  std::variant<ShuffleWriteSpec, ResultSpec, PartitionWriteSpec> sink;

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

}  // namespace sluice

#endif  // SLUICE_WORKER_TASK_SPEC_H_
