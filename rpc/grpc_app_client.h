#ifndef SLUICE_RPC_GRPC_APP_CLIENT_H_
#define SLUICE_RPC_GRPC_APP_CLIENT_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "common/config.h"
#include "rpc/failure_injection.h"
#include "rpc/app_client.h"

namespace sluice {

// AppClient over gRPC, each call with the RPC deadline (a poll's: its wait and rpc.timeout_ms).
class GrpcAppClient final : public AppClient {
 public:
  GrpcAppClient(const std::string& master_address, const Config& config);
  ~GrpcAppClient() override;

  absl::StatusOr<std::string> Submit(const Submission& submission) override;
  absl::StatusOr<std::vector<AppEvent>> Poll(const std::string& app_id, int64_t after_seq, int64_t wait_ms) override;
  absl::Status Stop(const std::string& app_id, bool graceful) override;
  absl::Status ReleaseOutput(const std::string& app_id, int64_t batch_ms, int32_t output_node) override;

 private:
  class Stub;  // the generated stub, which this header does not show
  // A unary call (`method`, a member of the generated stub) whose reply carries nothing, with the RPC deadline;
  // `what` names it in errors.
  template <class Reply, class Method, class Request>
  absl::Status CallWithoutReply(Method method, absl::string_view name, const Request& request,
                                const std::string& what);

  const std::string master_address_;
  const Config config_;
  const std::unique_ptr<Stub> stub_;
  const std::unique_ptr<FailureInjector> injector_;  // rpc.inject_failures; null: none
};

}  // namespace sluice

#endif  // SLUICE_RPC_GRPC_APP_CLIENT_H_
