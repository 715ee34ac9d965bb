#include "worker/checkpoint_writer.h"

#include <memory>
#include <string_view>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/checkpoint_file.h"

namespace sluice {

absl::StatusOr<std::string> CheckpointStoredPartition(const ShuffleStore& store, const ShuffleKey& key,
                                                      const std::string& checkpoint_dir, const std::string& type_name,
                                                      int64_t record_count) {
  if (!key.materialized) {
    return absl::InvalidArgumentError(
        absl::StrCat("only materialized partitions are checkpointed, not ", key.ToString()));
  }
  absl::StatusOr<std::string> path =
      CheckpointPartitionPath(checkpoint_dir, key.app_id, key.shuffle_node, key.batch_ms, key.map_index);
  if (!path.ok()) return path.status();
  // A materialized partition is a map output with one partition; holding it keeps the bytes alive while the
  // views below point into them.
  absl::StatusOr<std::shared_ptr<const PartitionChunks>> chunks = store.Get(key, 0);
  if (!chunks.ok()) return chunks.status();
  const std::vector<std::string_view> views((*chunks)->begin(), (*chunks)->end());
  const CheckpointHeader header{key.shuffle_node, key.batch_ms, key.map_index, record_count, type_name};
  if (absl::Status status = WriteCheckpointPartition(*path, header, views); !status.ok()) return status;
  return path;
}

absl::StatusOr<std::string> CheckpointKeyedState(const Node& node, const KeyedStateTable& table,
                                                 const std::string& checkpoint_dir, const std::string& app_id,
                                                 int64_t batch_ms, int32_t partition) {
  absl::StatusOr<std::string> path = CheckpointPartitionPath(checkpoint_dir, app_id, node.id(), batch_ms, partition);
  if (!path.ok()) return path.status();
  EncodedRecords state = node.EncodeKeyedState(table);
  const CheckpointHeader header{node.id(), batch_ms, partition, state.count, state.type_name};
  if (absl::Status status = WriteCheckpointPartition(*path, header, {state.records}); !status.ok()) return status;
  return path;
}

absl::Status WriteTaskCheckpoint(const TaskSpec& task, const Node& node, int64_t record_count,
                                 const ShuffleStore& store, KeyedStateStore& keyed_states) {
  const auto& write = std::get<PartitionWriteSpec>(task.sink);
  absl::StatusOr<std::string> path;
  if (node.description().IsKeyedState()) {
    KeyedStateStore::Lease lease = keyed_states.Acquire(task.app_id, node.id(), write.partition);
    if (lease.table() == nullptr) {
      return absl::FailedPreconditionError(
          absl::StrCat("no state table of partition ", write.partition, " of node ", node.id(), " to checkpoint"));
    }
    path = CheckpointKeyedState(node, *lease.table(), write.checkpoint_dir, task.app_id, task.batch_ms,
                                write.partition);
  } else {
    ShuffleKey key = ShuffleKey::Materialized(task.app_id, task.batch_ms, node.id(), write.partition);
    path = CheckpointStoredPartition(store, key, write.checkpoint_dir, node.description().type_name, record_count);
  }
  if (!path.ok()) {
    return absl::Status(path.status().code(), absl::StrCat("cannot checkpoint: ", path.status().message()));
  }
  if (write.partition != 0) return absl::OkStatus();
  return RemoveCheckpointsBefore(write.checkpoint_dir, task.app_id, node.id(), write.previous_checkpoint_ms);
}

}  // namespace sluice
