#ifndef SLUICE_MASTER_WORKER_CLIENTS_H_
#define SLUICE_MASTER_WORKER_CLIENTS_H_

#include <functional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "master/batch_run.h"
#include "master/materialized.h"

namespace sluice {

// A task as the master sends it.
struct TaskAssignment {
  std::string app_id;
  std::string library_hash;
  TaskLaunch launch;
  std::string checkpoint_dir;  // where partition writes at a checkpoint time write their checkpoint
};

// The master's calls to its workers. Every call is asynchronous; `done` runs on an RPC thread, so callers
// post back to their own loop.
class WorkerClients {
 public:
  using Done = std::function<void(absl::Status)>;
  virtual ~WorkerClients() = default;

  virtual void LaunchTask(const std::string& address, const TaskAssignment& task, Done done) = 0;
  virtual void StartReceiver(const std::string& address, const std::string& app_id, int32_t source_node,
                             const std::string& library_hash, Done done) = 0;
  virtual void StopReceivers(const std::string& address, const std::string& app_id, Done done) = 0;
  virtual void ReleaseBatch(const std::string& address, const std::string& app_id, int64_t batch_ms,
                            const std::vector<std::string>& block_ids) = 0;
  // Materialized partitions are released by key: ReleaseBatch leaves them alone.
  virtual void ReleaseMaterialized(const std::string& address, const std::string& app_id,
                                   const std::vector<MaterializedKey>& keys) = 0;
  virtual void EndApplication(const std::string& address, const std::string& app_id) = 0;
  // Drops the channel of a worker that left.
  virtual void Forget(const std::string& address) = 0;
};

}  // namespace sluice

#endif  // SLUICE_MASTER_WORKER_CLIENTS_H_
