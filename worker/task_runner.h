#ifndef SLUICE_WORKER_TASK_RUNNER_H_
#define SLUICE_WORKER_TASK_RUNNER_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "common/config.h"
#include "runtime/job_graph.h"
#include "worker/block_store.h"
#include "rpc/shuffle_fetcher.h"
#include "worker/keyed_state_store.h"
#include "worker/shuffle_reader.h"
#include "worker/shuffle_store.h"
#include "wire/task.h"

namespace sluice {

// Runs one task against its job graph: builds the chain of sinks from the terminal back to the input, feeds
// the input through it, and keeps what the terminal produced (shuffle output in the ShuffleStore; result
// records in the TaskResult). Never throws: user code that throws fails the task with the message.
// Thread-safe: one runner serves every task thread.
class TaskRunner {
 public:
  // `worker_id` tells local map outputs from remote ones.
  TaskRunner(std::string worker_id, const Config& config, BlockStore* blocks, ShuffleStore* shuffles,
             KeyedStateStore* keyed_states, ShuffleFetcher* fetcher);

  TaskResult Run(const TaskSpec& task, const JobGraph& graph) const;

 private:
  // Chains the sinks; sinks[0] receives the input's records.
  struct Pipeline;
  absl::Status Validate(const TaskSpec& task, const JobGraph& graph) const;
  absl::Status BuildPipeline(const TaskSpec& task, const JobGraph& graph, Pipeline* pipeline) const;
  absl::Status FeedInput(const TaskSpec& task, const JobGraph& graph, AnySink& head, TaskResult* result) const;
  // A reader of materialized partitions, local ones from the store and the others fetched from their workers.
  std::unique_ptr<ShuffleReader> MaterializedReader(const TaskSpec& task,
                                                    const std::vector<MaterializedPart>& parts) const;
  absl::Status ReadState(const TaskSpec& task, const ShuffleReadInput& shuffle, const Node& input,
                         ShuffleReader& new_values, AnySink& head) const;
  // mapWithState: applies the new values to the partition's table, which must be here.
  absl::Status ApplyToKeyedState(const TaskSpec& task, const ShuffleReadInput& shuffle, const Node& input,
                                 ShuffleReader& new_values, AnySink& head) const;
  // stateSnapshots: reads the partition's table as of the task's batch.
  absl::Status ReadKeyedState(const TaskSpec& task, const KeyedStateInput& snapshot, const Node& input,
                              AnySink& head) const;
  absl::Status ReadWindowDelta(const TaskSpec& task, const WindowDeltaInput& delta, const Node& input,
                               AnySink& head) const;
  absl::Status ReadMaterialized(const TaskSpec& task, const MaterializedInput& materialized, const Node& input,
                                AnySink& head) const;

  const std::string worker_id_;
  const Config& config_;
  BlockStore* const blocks_;
  ShuffleStore* const shuffles_;
  KeyedStateStore* const keyed_states_;
  ShuffleFetcher* const fetcher_;
};

}  // namespace sluice

#endif  // SLUICE_WORKER_TASK_RUNNER_H_
