#ifndef SLUICE_DRIVER_APP_CLIENT_H_
#define SLUICE_DRIVER_APP_CLIENT_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "common/config.h"
#include "rpc/failure_injection.h"
#include "wire/application.h"

namespace sluice {

// The driver's calls to the master: submit, poll for events, stop.
class AppClient {
 public:
  AppClient(const std::string& master_address, const Config& config);
  ~AppClient();

  // Fails with a clear message when the master cannot be reached.
  absl::StatusOr<std::string> Submit(const Submission& submission);
  // Events after `after_seq`; waits up to `wait_ms` for the first.
  absl::StatusOr<std::vector<AppEvent>> Poll(const std::string& app_id, int64_t after_seq, int64_t wait_ms);
  absl::Status Stop(const std::string& app_id, bool graceful);
  // The driver is done with a foreachRDD output's batch.
  absl::Status ReleaseOutput(const std::string& app_id, int64_t batch_ms, int32_t output_node);

 private:
  // A unary call whose reply carries nothing, with the RPC deadline; `what` names it in errors.
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

#endif  // SLUICE_DRIVER_APP_CLIENT_H_
