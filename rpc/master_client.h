#ifndef SLUICE_RPC_MASTER_CLIENT_H_
#define SLUICE_RPC_MASTER_CLIENT_H_

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "wire/task.h"
#include "wire/worker_messages.h"

namespace sluice {

// A worker's calls to its master (MasterService). Membership's calls (Register, Heartbeat) are asynchronous,
// because the control loop that makes them must never wait on the master; the others are synchronous, for the
// threads that may wait (task threads, receivers' threads, receiver-ops). Reports are never raised: losing one is
// the master's to notice (a worker is declared dead), and a worker must not fail because its master is briefly
// away. Thread-safe. Implementations: rpc/grpc_master_client.h, and for tests rpc/testing/fake_master_client.h.
class MasterClient {
 public:
  virtual ~MasterClient() = default;

  virtual const std::string& master_address() const = 0;

  // `done` runs on another thread once the call is over, or at once (with CANCELLED) after Shutdown.
  template <class T>
  using Done = std::function<void(absl::StatusOr<T>)>;
  // Gives `done` the heartbeat interval the master wants and the live workers.
  virtual void Register(const WorkerRegistration& registration, Done<RegistrationAnswer> done) = 0;
  // Gives `done` whether the master asks the worker to register again, and the live workers.
  virtual void Heartbeat(const std::string& worker_id, int32_t running_tasks, Done<HeartbeatAnswer> done) = 0;
  virtual absl::StatusOr<JobLibrary> GetLibrary(const std::string& library_hash) = 0;

  virtual void ReportBlocks(const std::string& app_id, const std::vector<BlockRef>& blocks) = 0;
  virtual void ReportReceiver(const ReceiverEvent& event) = 0;
  virtual void ReportTask(const TaskReport& report) = 0;

  // True once Shutdown was called: a call that failed since failed for that (a master that went away cancels calls
  // too, and those are worth trying again).
  virtual bool shut_down() const = 0;
  // Makes every later call fail at once and ends those in flight: the worker is going away. Returns once every
  // asynchronous call's `done` has returned, so that what they use may go. Idempotent.
  virtual void Shutdown() = 0;
};

}  // namespace sluice

#endif  // SLUICE_RPC_MASTER_CLIENT_H_
