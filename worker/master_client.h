#ifndef SLUICE_WORKER_MASTER_CLIENT_H_
#define SLUICE_WORKER_MASTER_CLIENT_H_

#include <cstdint>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "common/config.h"
#include "common/mutex.h"
#include "worker/master_messages.h"
#include "worker/task_spec.h"

namespace grpc {
class ClientContext;
}

namespace sluice {

// The worker's calls to the master: synchronous, each with a deadline of rpc.timeout_ms. Reports are tried
// worker.report_attempts times, with a doubling backoff from worker.report_backoff_ms, and then logged, never
// raised: losing one is the master's to notice (a worker is declared dead), and a worker must not fail because its
// master is briefly away. The master takes a report it gets twice once (docs/rpc.md says by which id). Thread-safe.
class MasterClient {
 public:
  MasterClient(std::string master_address, const Config& config);
  ~MasterClient();

  const std::string& master_address() const { return master_address_; }

  // The heartbeat interval the master wants, in ms.
  absl::StatusOr<int64_t> Register(const WorkerRegistration& registration);
  // True if the master asks the worker to register again.
  absl::StatusOr<bool> Heartbeat(const std::string& worker_id, int32_t running_tasks);
  absl::StatusOr<JobLibrary> GetLibrary(const std::string& library_hash);

  void ReportBlocks(const std::string& app_id, const std::string& worker_id, const std::vector<BlockReport>& blocks);
  void ReportReceiver(const std::string& worker_id, const ReceiverEvent& event);
  void ReportTask(const std::string& worker_id, const TaskResult& result);

  // Cancels calls in flight and makes every later call fail at once: the worker is going away.
  void Shutdown();

 private:
  class Stub;
  // Runs `call` with a fresh context until it succeeds, up to worker.report_attempts times; logs the last failure.
  template <class Call>
  void Report(const std::string& what, Call call);
  // A context with the deadline, registered for Shutdown to cancel; nullptr after Shutdown.
  std::unique_ptr<grpc::ClientContext> NewContext();
  void Forget(grpc::ClientContext* context);
  // Waits before retry number `attempt` + 1: worker.report_backoff_ms << attempt; false if Shutdown came first.
  bool Backoff(int attempt);

  const std::string master_address_;
  const Config& config_;
  std::unique_ptr<Stub> stub_;

  // Shared by every thread that calls the master: task threads, receivers' threads, membership.
  Mutex mu_;
  CondVar shutdown_cv_;
  bool shut_down_ ABSL_GUARDED_BY(mu_) = false;
  std::set<grpc::ClientContext*> in_flight_ ABSL_GUARDED_BY(mu_);  // for Shutdown to cancel
};

}  // namespace sluice

#endif  // SLUICE_WORKER_MASTER_CLIENT_H_
