#ifndef SLUICE_RPC_APP_CLIENT_H_
#define SLUICE_RPC_APP_CLIENT_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "wire/application.h"

namespace sluice {

// A driver's calls to the master (MasterService): submit, poll for events, stop. Implementation:
// rpc/grpc_app_client.h (the driver's runner is tested against a stand-in master over gRPC,
// driver/cluster_runner_test.cc).
class AppClient {
 public:
  virtual ~AppClient() = default;

  // The application's id; fails with a clear message when the master cannot be reached.
  virtual absl::StatusOr<std::string> Submit(const Submission& submission) = 0;
  // Events after `after_seq`; waits up to `wait_ms` for the first.
  virtual absl::StatusOr<std::vector<AppEvent>> Poll(const std::string& app_id, int64_t after_seq,
                                                     int64_t wait_ms) = 0;
  virtual absl::Status Stop(const std::string& app_id, bool graceful) = 0;
  // The driver is done with a foreachRDD output's batch.
  virtual absl::Status ReleaseOutput(const std::string& app_id, int64_t batch_ms, int32_t output_node) = 0;
};

}  // namespace sluice

#endif  // SLUICE_RPC_APP_CLIENT_H_
