#ifndef SLUICE_RPC_STATUS_H_
#define SLUICE_RPC_STATUS_H_

#include <string>

#include <grpcpp/grpcpp.h>

#include "absl/status/status.h"

namespace sluice {

// absl::Status and grpc::Status meet here only: a handler's Status becomes the call's (codes are the same
// numbers in both), and a client's grpc::Status becomes a Status that names the call.

inline grpc::Status ToGrpcStatus(const absl::Status& status) {
  if (status.ok()) return grpc::Status::OK;
  return grpc::Status(static_cast<grpc::StatusCode>(status.code()), std::string(status.message()));
}

// `what` names the call, so an error says which peer and which RPC failed.
inline absl::Status FromGrpcStatus(const grpc::Status& status, const std::string& what = "") {
  if (status.ok()) return absl::OkStatus();
  std::string message = what.empty() ? status.error_message() : what + ": " + status.error_message();
  return absl::Status(static_cast<absl::StatusCode>(status.error_code()), message);
}

}  // namespace sluice

#endif  // SLUICE_RPC_STATUS_H_
