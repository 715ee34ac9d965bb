#ifndef SLUICE_RPC_WORKER_CLIENTS_H_
#define SLUICE_RPC_WORKER_CLIENTS_H_

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "wire/data_refs.h"
#include "wire/task.h"

namespace sluice {

// The master's calls to its workers (WorkerService), by worker address. Every call is asynchronous; `done` runs on
// an RPC thread, so callers post back to their own loop. Implementations: rpc/grpc_worker_clients.h, and for
// tests rpc/testing/fake_worker_clients.h.
class WorkerClients {
 public:
  using Done = std::function<void(absl::Status)>;
  virtual ~WorkerClients() = default;

  virtual void LaunchTask(const std::string& address, const TaskSpec& task, Done done) = 0;
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

#endif  // SLUICE_RPC_WORKER_CLIENTS_H_
