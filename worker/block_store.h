#ifndef SLUICE_WORKER_BLOCK_STORE_H_
#define SLUICE_WORKER_BLOCK_STORE_H_

#include <cstdint>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "common/mutex.h"

namespace sluice {

// A received block as tasks read it: shared, so that a task reads it without copying while the store may
// drop its own reference at any time.
struct StoredBlock {
  std::string app_id;
  std::shared_ptr<const std::string> data;  // records encoded back to back
  int64_t records = 0;
};

// The received blocks this worker holds, by block id, until the master releases them. Thread-safe: receivers'
// threads put blocks, task threads read them, the control loop releases them.
class BlockStore {
 public:
  // Replaces a block of the same id. A block of an application that ended here (RemoveApp) is dropped: a copy
  // from a peer or a receiver's last block may come after the end, and nothing would ever release it.
  void Put(const std::string& app_id, const std::string& block_id, std::string data, int64_t records);
  // NotFound, naming the block, if it is not here (released, or the worker restarted).
  absl::StatusOr<StoredBlock> Get(const std::string& block_id) const;
  // Unknown ids are ignored: releases may repeat.
  void Remove(const std::vector<std::string>& block_ids);
  // The application ended: its blocks go, and so does any put for it from now on.
  void RemoveApp(const std::string& app_id);

  size_t size() const;
  int64_t bytes() const;

 private:
  mutable Mutex mu_;  // data plane: receivers' threads, task threads and the control loop all use the blocks
  std::map<std::string, StoredBlock> blocks_ ABSL_GUARDED_BY(mu_);
  int64_t bytes_ ABSL_GUARDED_BY(mu_) = 0;
  std::set<std::string> ended_apps_ ABSL_GUARDED_BY(mu_);
};

}  // namespace sluice

#endif  // SLUICE_WORKER_BLOCK_STORE_H_
