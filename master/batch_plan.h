#ifndef SLUICE_MASTER_BATCH_PLAN_H_
#define SLUICE_MASTER_BATCH_PLAN_H_

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <variant>
#include <vector>

#include "common/graph_description.h"
#include "master/file_stream/split_planner.h"
#include "master/checkpoint_schedule.h"
#include "master/materialized.h"
#include "master/queue_input.h"
#include "wire/task.h"

namespace sluice {

// What a batch reads: the blocks allocated to it, the file splits that appeared in its interval and the
// driver's data sets (queueStream).
struct BatchInputs {
  std::map<int32_t, std::vector<BlockRef>> blocks;        // by source node
  std::map<int32_t, std::vector<FileSplit>> splits;    // by source node
  std::map<int32_t, std::vector<EncodedPartition>> queued;  // by source node
  // Nodes with no data set at all in this batch (master/absent_data.h): outputs among them are not planned.
  std::set<int32_t> nodes_without_data;
  // The batch time and Spark's zero time: a node runs only at the multiples of its slide since the zero time.
  int64_t batch_ms = 0;
  int64_t zero_ms = 0;
  // The materialized partitions of earlier batches, which windows read.
  MaterializedIndex materialized;
  // Where and how often self-dependent nodes are checkpointed.
  CheckpointSpec checkpoint;
  // The state nodes that have a state (an earlier batch computed them); the others start from their initial state.
  std::set<int32_t> started_states;
};

// What a state node's task reads besides partition p of its parent's shuffle: its own partition p one slide
// earlier, or, at its first time, the initial state (which the node holds).
struct StateRead {
  bool first_batch = false;
  int32_t num_partitions = 0;
  // mapWithState: the state is a table on the worker that ran the previous task, which the task must run on.
  bool keyed_table = false;
  // An empty site: the previous state is nowhere, and the batch fails.
  std::vector<MaterializedPart> previous;
};

struct ReducePartitionInput {
  int32_t reduce_partition = 0;
  std::optional<StateRead> state;  // only where a state node's reduce side is materialized
};

struct PipelineStepRef {
  int32_t node = 0;
  int32_t parent_index = 0;
  bool operator==(const PipelineStepRef&) const = default;
};

struct PlannedTask {
  int32_t partition = 0;   // position in the stage; the order of a result stage's output
  int32_t input_node = 0;  // a source node, the shuffle node whose output is read, or a materialized node
  std::variant<BlockRef, FileSplit, ReducePartitionInput, EncodedPartition, MaterializedInput, WindowDeltaInput,
               KeyedStateInput>
      input;
  // The last one is the stage's terminal node. Empty only in a stage that materializes its input node as is.
  std::vector<PipelineStepRef> steps;
};

struct PlannedStage {
  int32_t id = 0;
  int32_t terminal_node = 0;
  bool writes_shuffle = false;       // else: an output operation returning records, or:
  bool writes_partition = false;     // materializes terminal_node: task p stores its partition p
  // A self-dependent node's state at a checkpoint time: task p also writes its partition p to the checkpoint
  // directory; the node's checkpoints before previous_checkpoint_ms are no longer needed.
  bool checkpoint = false;
  int64_t previous_checkpoint_ms = 0;
  int32_t num_output_partitions = 0; // shuffle stages
  int64_t record_limit = -1;         // output stages
  std::vector<int32_t> parent_stages;
  std::vector<PlannedTask> tasks;
};

// The stages of one batch in an order where parents come before children, and the stage of each output
// operation in the order the operations were defined.
struct BatchPlan {
  std::vector<PlannedStage> stages;
  std::vector<int32_t> output_stages;
  int32_t shuffle_stage_of(int32_t shuffle_node) const;
  int32_t materialize_stage_of(int32_t node) const;  // -1 if the batch does not materialize it
};

// Cuts the graph into stages at every shuffle and makes a task per input partition: a block, a file split
// or a reduce partition. A state node's task p also reads its own partition p one slide earlier, and what reads
// a state node reads its materialized partitions of this batch. Every materialized node that has data at this batch
// gets a stage that stores it; a window gets a task per (parent time in the window, parent partition), in time then
// partition order. Outputs run only at the multiples of their slide. Deterministic: the same inputs give the same plan,
// with the same ids.
BatchPlan PlanBatch(const GraphDescription& graph, const BatchInputs& inputs, int32_t default_parallelism);

}  // namespace sluice

#endif  // SLUICE_MASTER_BATCH_PLAN_H_
