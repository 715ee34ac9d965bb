#include "worker/block_store.h"

#include "absl/status/status.h"

namespace sluice {

void BlockStore::Put(const std::string& app_id, const std::string& block_id, std::string data, int64_t records) {
  auto shared = std::make_shared<const std::string>(std::move(data));
  MutexLock lock(&mu_);
  if (ended_apps_.contains(app_id)) return;
  StoredBlock& slot = blocks_[block_id];
  if (slot.data) bytes_ -= static_cast<int64_t>(slot.data->size());
  bytes_ += static_cast<int64_t>(shared->size());
  slot = StoredBlock{app_id, std::move(shared), records};
}

absl::StatusOr<StoredBlock> BlockStore::Get(const std::string& block_id) const {
  MutexLock lock(&mu_);
  auto it = blocks_.find(block_id);
  if (it == blocks_.end()) {
    return absl::NotFoundError("block " + block_id +
                               " is not on this worker (it was released, or the worker restarted)");
  }
  return it->second;
}

void BlockStore::Remove(const std::vector<std::string>& block_ids) {
  MutexLock lock(&mu_);
  for (const std::string& id : block_ids) {
    auto it = blocks_.find(id);
    if (it == blocks_.end()) continue;
    bytes_ -= static_cast<int64_t>(it->second.data->size());
    blocks_.erase(it);
  }
}

void BlockStore::RemoveApp(const std::string& app_id) {
  MutexLock lock(&mu_);
  ended_apps_.insert(app_id);
  for (auto it = blocks_.begin(); it != blocks_.end();) {
    if (it->second.app_id == app_id) {
      bytes_ -= static_cast<int64_t>(it->second.data->size());
      it = blocks_.erase(it);
    } else {
      ++it;
    }
  }
}

size_t BlockStore::size() const {
  MutexLock lock(&mu_);
  return blocks_.size();
}

int64_t BlockStore::bytes() const {
  MutexLock lock(&mu_);
  return bytes_;
}

}  // namespace sluice
