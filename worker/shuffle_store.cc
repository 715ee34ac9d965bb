#include "worker/shuffle_store.h"

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace sluice {

void ShuffleStore::Put(const ShuffleKey& key, MapOutput output) {
  auto shared = std::make_shared<const MapOutput>(std::move(output));
  MutexLock lock(&mu_);
  outputs_[key] = std::move(shared);
}

absl::StatusOr<std::shared_ptr<const PartitionChunks>> ShuffleStore::Get(const ShuffleKey& key,
                                                                          int32_t partition) const {
  std::shared_ptr<const MapOutput> output;
  {
    MutexLock lock(&mu_);
    auto it = outputs_.find(key);
    if (it == outputs_.end()) {
      return absl::NotFoundError(absl::StrCat("shuffle output (", key.ToString(), ") is not on this worker"));
    }
    output = it->second;
  }
  if (partition < 0 || static_cast<size_t>(partition) >= output->partitions.size()) {
    return absl::OutOfRangeError(absl::StrCat("shuffle output (", key.ToString(), ") has ",
                                              output->partitions.size(), " partitions, not partition ", partition));
  }
  // Aliasing: the partition keeps the whole map output alive.
  return std::shared_ptr<const PartitionChunks>(output, &output->partitions[partition]);
}

void ShuffleStore::ReleaseUpTo(const std::string& app_id, int64_t batch_ms) {
  MutexLock lock(&mu_);
  for (auto it = outputs_.begin(); it != outputs_.end();) {
    if (it->first.app_id == app_id && it->first.batch_ms <= batch_ms && !it->first.materialized) {
      it = outputs_.erase(it);
    } else {
      ++it;
    }
  }
}

void ShuffleStore::Release(const std::vector<ShuffleKey>& keys) {
  MutexLock lock(&mu_);
  for (const ShuffleKey& key : keys) outputs_.erase(key);
}

void ShuffleStore::RemoveApp(const std::string& app_id) {
  MutexLock lock(&mu_);
  for (auto it = outputs_.begin(); it != outputs_.end();) {
    it = it->first.app_id == app_id ? outputs_.erase(it) : std::next(it);
  }
}

size_t ShuffleStore::size() const {
  MutexLock lock(&mu_);
  return outputs_.size();
}

}  // namespace sluice
