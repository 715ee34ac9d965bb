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

}  // namespace sluice
