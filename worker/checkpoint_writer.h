#ifndef SLUICE_WORKER_CHECKPOINT_WRITER_H_
#define SLUICE_WORKER_CHECKPOINT_WRITER_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "worker/shuffle_store.h"

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

}  // namespace sluice

#endif  // SLUICE_WORKER_CHECKPOINT_WRITER_H_
