#ifndef SLUICE_WORKER_CHECKPOINT_WRITER_H_
#define SLUICE_WORKER_CHECKPOINT_WRITER_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "runtime/node.h"
#include "worker/keyed_state_store.h"
#include "worker/shuffle_store.h"
#include "wire/task.h"

namespace sluice {

// Writes the materialized partition `key` held in `store` to its checkpoint file under `checkpoint_dir`
// (common/checkpoint_file.h) and returns the file's path. The store's chunks are written as they are, without
// copying; the partition stays readable meanwhile and a concurrent release cannot pull it away. `type_name` is
// the node's record type (NodeDescription::type_name); `record_count` the records the partition holds (the
// records_out of the task that materialized it). InvalidArgument for a key that is not a materialized
// partition; NotFound if this worker does not hold it; otherwise the writer's errors.
absl::StatusOr<std::string> CheckpointStoredPartition(const ShuffleStore& store, const ShuffleKey& key,
                                                      const std::string& checkpoint_dir, const std::string& type_name,
                                                      int64_t record_count);

// Writes a mapWithState node's table of one partition as of its latest batch (every key with its state and last
// update time, encoded by the node) to its checkpoint file, and returns the file's path.
absl::StatusOr<std::string> CheckpointKeyedState(const Node& node, const KeyedStateTable& table,
                                                 const std::string& checkpoint_dir, const std::string& app_id,
                                                 int64_t batch_ms, int32_t partition);

// The checkpoint a partition write at a checkpoint time asks for (`task.sink` carries the directory): the stored
// partition, or for a mapWithState node its table; then, from partition 0's task, the node's checkpoints before
// the previous checkpoint time are removed (the last two stay: a recovery may find the newest incomplete).
absl::Status WriteTaskCheckpoint(const TaskSpec& task, const Node& node, int64_t record_count,
                                 const ShuffleStore& store, KeyedStateStore& keyed_states);

}  // namespace sluice

#endif  // SLUICE_WORKER_CHECKPOINT_WRITER_H_
