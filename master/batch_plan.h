#ifndef SLUICE_MASTER_BATCH_PLAN_H_
#define SLUICE_MASTER_BATCH_PLAN_H_

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <variant>
#include <vector>

#include "common/graph_description.h"
#include "master/file_stream/split_planner.h"
#include "master/queue_input.h"

namespace sluice {

// A received block as the master tracks it: where it lives and how big it is.
struct BlockInfo {
  std::string block_id;
  int32_t source_node = 0;
  std::string worker_id;
  int64_t records = 0;
  int64_t bytes = 0;
};

// What a batch reads: the blocks allocated to it, the file splits that appeared in its interval and the
// driver's data sets (queueStream).
struct BatchInputs {
  std::map<int32_t, std::vector<BlockInfo>> blocks;        // by source node
  std::map<int32_t, std::vector<FileSplitSpec>> splits;    // by source node
  std::map<int32_t, std::vector<QueuedPartition>> queued;  // by source node
  // Nodes with no data set at all in this batch (master/absent_data.h): outputs among them are not planned.
  std::set<int32_t> nodes_without_data;
};

struct ReducePartitionInput {
  int32_t reduce_partition = 0;
};

struct PipelineStepRef {
  int32_t node = 0;
  int32_t parent_index = 0;
  bool operator==(const PipelineStepRef&) const = default;
};

struct PlannedTask {
  int32_t partition = 0;   // position in the stage; the order of a result stage's output
  int32_t input_node = 0;  // a source node, or the shuffle node whose output is read
  std::variant<BlockInfo, FileSplitSpec, ReducePartitionInput, QueuedPartition> input;
  std::vector<PipelineStepRef> steps;  // the last one is the stage's terminal node
};

struct PlannedStage {
  int32_t id = 0;
  int32_t terminal_node = 0;
  bool writes_shuffle = false;       // else: an output operation returning records
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
};

// Cuts the graph into stages at every shuffle and makes a task per input partition: a block, a file split
// or a reduce partition. Deterministic: the same inputs give the same plan, with the same ids.
BatchPlan PlanBatch(const GraphDescription& graph, const BatchInputs& inputs, int32_t default_parallelism);

}  // namespace sluice

#endif  // SLUICE_MASTER_BATCH_PLAN_H_
