#ifndef SLUICE_RPC_GRPC_WORKER_CLIENTS_H_
#define SLUICE_RPC_GRPC_WORKER_CLIENTS_H_

#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <vector>

#include "common/config.h"
#include "rpc/failure_injection.h"
#include "rpc/worker_clients.h"

namespace sluice {

// The deadline of StartReceiver: rpc.start_receiver_timeout_factor times rpc.timeout_ms, since the worker may
// first have to fetch and load the job library.
int64_t StartReceiverTimeoutMs(const Config& config);

// WorkerClients over gRPC's callback API: one channel per worker, every call with a deadline.
class GrpcWorkerClients final : public WorkerClients {
 public:
  explicit GrpcWorkerClients(const Config& config);
  ~GrpcWorkerClients() override;  // waits for calls in flight (each ends by its deadline)

  void LaunchTask(const std::string& address, const TaskSpec& task, Done done) override;
  void StartReceiver(const std::string& address, const std::string& app_id, int32_t source_node,
                     const std::string& library_hash, Done done) override;
  void StopReceivers(const std::string& address, const std::string& app_id, Done done) override;
  void ReleaseBatch(const std::string& address, const std::string& app_id, int64_t batch_ms,
                    const std::vector<std::string>& block_ids) override;
  void ReleaseMaterialized(const std::string& address, const std::string& app_id,
                           const std::vector<MaterializedKey>& keys) override;
  void EndApplication(const std::string& address, const std::string& app_id) override;
  void Forget(const std::string& address) override;

 private:
  // `name` (a literal) names the method for rpc.inject_failures.
  template <class Request, class Reply, class Method>
  void Call(const std::string& address, Request request, absl::string_view name, Method method, Done done,
            int64_t timeout_ms);
  // The stub for a call about to start, counted in flight: it stays in stubs_ or forgotten_ until the call ended.
  class Stub;  // the generated stub, which this header does not show
  Stub* StubForNewCall(const std::string& address);

  const Config config_;
  const std::unique_ptr<FailureInjector> injector_;  // rpc.inject_failures; null: none
  std::mutex mu_;
  std::condition_variable idle_;
  int in_flight_ = 0;
  std::map<std::string, std::unique_ptr<Stub>> stubs_;
  // Stubs of forgotten workers, kept while calls are in flight (a channel must not die in a gRPC callback).
  std::vector<std::unique_ptr<Stub>> forgotten_;
};

}  // namespace sluice

#endif  // SLUICE_RPC_GRPC_WORKER_CLIENTS_H_
