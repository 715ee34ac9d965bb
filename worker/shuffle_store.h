#ifndef SLUICE_WORKER_SHUFFLE_STORE_H_
#define SLUICE_WORKER_SHUFFLE_STORE_H_

#include <compare>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "common/mutex.h"
#include "worker/chunked_shuffle_output.h"

#include "wire/data_refs.h"

namespace sluice {

// One reduce partition of a map output: its chunks of whole records.
using PartitionChunks = std::vector<std::string>;

// The map outputs written on this worker, kept until their batch is released. Thread-safe: task threads write
// and read outputs, FetchShuffle's gRPC threads read them, the control loop releases them. Readers get shared,
// immutable data, so a release never pulls data from under a running read.
class ShuffleStore {
 public:
  // Replaces an earlier output of the same key (a re-run map task).
  void Put(const ShuffleKey& key, MapOutput output);
  // NotFound naming the output if it is not here; OutOfRange if the output has no such partition.
  absl::StatusOr<std::shared_ptr<const PartitionChunks>> Get(const ShuffleKey& key, int32_t partition) const;
  // Drops the app's map outputs of batch_ms and every earlier batch; materialized partitions stay.
  void ReleaseUpTo(const std::string& app_id, int64_t batch_ms);
  // Drops these materialized partitions (or any other keys).
  void Release(const std::vector<ShuffleKey>& keys);
  void RemoveApp(const std::string& app_id);

  size_t size() const;

 private:
  mutable Mutex mu_;  // data plane: task threads, FetchShuffle's gRPC threads and the control loop
  std::map<ShuffleKey, std::shared_ptr<const MapOutput>> outputs_ ABSL_GUARDED_BY(mu_);
};

}  // namespace sluice

#endif  // SLUICE_WORKER_SHUFFLE_STORE_H_
