#ifndef SLUICE_RPC_GRPC_MASTER_CLIENT_H_
#define SLUICE_RPC_GRPC_MASTER_CLIENT_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "common/config.h"
#include "common/mutex.h"
#include "rpc/failure_injection.h"
#include "rpc/master_client.h"

namespace grpc {
class ClientContext;
class Status;
}

namespace sluice {

// MasterClient over gRPC, each call with a deadline of rpc.timeout_ms. Reports are tried worker.report_attempts
// times, with a doubling backoff from worker.report_backoff_ms, and then logged. The master takes a report it gets
// twice once (docs/rpc.md says by which id).
class GrpcMasterClient final : public MasterClient {
 public:
  GrpcMasterClient(std::string master_address, const Config& config);
  ~GrpcMasterClient() override;

  const std::string& master_address() const override { return master_address_; }
  void Register(const WorkerRegistration& registration, Done<RegistrationAnswer> done) override;
  void Heartbeat(const std::string& worker_id, int32_t running_tasks, Done<HeartbeatAnswer> done) override;
  absl::StatusOr<JobLibrary> GetLibrary(const std::string& library_hash) override;
  void ReportBlocks(const std::string& app_id, const std::vector<BlockRef>& blocks) override;
  void ReportReceiver(const ReceiverEvent& event) override;
  void ReportTask(const TaskReport& report) override;
  bool shut_down() const override;
  // Cancels calls in flight.
  void Shutdown() override;

 private:
  class Stub;
  template <class Request, class Reply>
  class AsyncCall;
  // Starts an asynchronous call; `done` gets the reply or the error.
  template <class Request, class Reply, class Method>
  void StartAsync(Request request, absl::string_view name, Method method,
                  std::function<void(const grpc::Status&, const Reply&)> done);
  // An asynchronous call ended, its call object gone: its context goes too (with the context, a reference to the
  // channel, whose last reference must not drop inside a gRPC callback, grpc/grpc#32584), and only then is the
  // call counted out, for Shutdown may be waiting for the last one and the client, with the channel, go after it.
  void EndAsync(std::shared_ptr<grpc::ClientContext> context);
  // Runs `call` with a fresh context until it succeeds, up to worker.report_attempts times; logs the last failure.
  template <class Call>
  void Report(const std::string& what, absl::string_view method, Call call);
  // A context with the deadline, registered for Shutdown to cancel; nullptr after Shutdown.
  std::unique_ptr<grpc::ClientContext> NewContext();
  void Forget(grpc::ClientContext* context);
  // Waits before retry number `attempt` + 1: worker.report_backoff_ms << attempt; false if Shutdown came first.
  bool Backoff(int attempt);

  const std::string master_address_;
  const Config& config_;
  std::unique_ptr<Stub> stub_;
  const std::unique_ptr<FailureInjector> injector_;  // rpc.inject_failures; null: none

  // Shared by every thread that calls the master: task threads, receivers' threads, the control loop.
  mutable Mutex mu_;
  CondVar changed_;  // shut down, or the last asynchronous call ended
  bool shut_down_ ABSL_GUARDED_BY(mu_) = false;
  // Synchronous calls, for Shutdown to cancel (under the lock: their contexts go once they are forgotten).
  std::set<grpc::ClientContext*> in_flight_ ABSL_GUARDED_BY(mu_);
  // Asynchronous calls, which Shutdown cancels without the lock (gRPC may run a call's end, which takes it, inside
  // the cancel) and so shares.
  std::set<std::shared_ptr<grpc::ClientContext>> async_in_flight_ ABSL_GUARDED_BY(mu_);
  int async_calls_ ABSL_GUARDED_BY(mu_) = 0;  // started and not yet ended, contexts included
};

}  // namespace sluice

#endif  // SLUICE_RPC_GRPC_MASTER_CLIENT_H_
