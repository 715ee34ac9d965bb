#ifndef SLUICE_COMMON_CHECKPOINT_FILE_H_
#define SLUICE_COMMON_CHECKPOINT_FILE_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace sluice {

// The on-disk form of one checkpointed state partition, our own versioned format (not a memory dump):
//
//   "SLUICECK"  fixed32 version  varint body_len  body  fixed32 crc32(everything before it)  payload
//   body (version 1): fixed32 node, fixed64 batch_ms, fixed32 partition, fixed64 record_count,
//                     length-prefixed type_name, fixed64 payload_bytes, fixed32 crc32(payload)
//
// The payload is the partition's records in our codec, back to back, exactly as the worker stores them.
// Files live at dir/<app>/<node>/<batch_ms>/part-<ppppp> and appear whole or not at all (temporary name,
// fsync, rename).
inline constexpr std::string_view kCheckpointMagic = "SLUICECK";
inline constexpr uint32_t kCheckpointFormatVersion = 1;

struct CheckpointHeader {
  int32_t node = 0;
  int64_t batch_ms = 0;
  int32_t partition = 0;
  int64_t record_count = 0;
  std::string type_name;  // the record type's name (NodeDescription::type_name), checked by recovery

  bool operator==(const CheckpointHeader&) const = default;
};

struct CheckpointPartition {
  CheckpointHeader header;
  std::string payload;  // encoded records back to back
};

// InvalidArgument unless `name` can be one path component: not empty, ".", "..", no '/' or NUL.
absl::Status CheckPathComponent(std::string_view what, std::string_view name);

// dir/<app>/<node>/<batch_ms>/part-<partition, 5 digits>. InvalidArgument for an unsafe app id or a
// negative number.
absl::StatusOr<std::string> CheckpointPartitionPath(const std::string& dir, const std::string& app_id, int32_t node,
                                                    int64_t batch_ms, int32_t partition);

// Writes the header and the concatenated chunks to `path` atomically, creating parent directories. On any
// failure no file (and no temporary file) is left behind and the status names the path.
absl::Status WriteCheckpointPartition(const std::string& path, const CheckpointHeader& header,
                                      const std::vector<std::string_view>& payload_chunks);

// Reads back what WriteCheckpointPartition wrote. NotFound (or the errno's code) if it cannot be read;
// InvalidArgument for a wrong magic; FailedPrecondition for an unknown format version; DataLoss for a
// truncated, overlong or corrupt file. Every message names the file.
absl::StatusOr<CheckpointPartition> ReadCheckpointPartition(const std::string& path);

// The batch times (ascending) under dir/<app>/<node>/ whose directory holds part-00000 .. part-<n-1>, i.e.
// the checkpoints of that node that are complete. Temporary files and foreign names are ignored; a missing
// node directory means no checkpoints (an empty list).
absl::StatusOr<std::vector<int64_t>> ListCompleteCheckpointTimes(const std::string& dir, const std::string& app_id,
                                                                 int32_t node, int32_t num_partitions);

// Deletes the time directories of dir/<app>/<node>/ older than batch_ms (with whatever they hold, temporary
// files of an interrupted write included). Entries that are not time directories are left alone.
absl::Status RemoveCheckpointsBefore(const std::string& dir, const std::string& app_id, int32_t node, int64_t batch_ms);

}  // namespace sluice

#endif  // SLUICE_COMMON_CHECKPOINT_FILE_H_
