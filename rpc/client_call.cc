#include "rpc/client_call.h"

#include <chrono>

#include "rpc/status.h"

namespace sluice {

void SetDeadline(grpc::ClientContext* context, int64_t timeout_ms) {
  context->set_deadline(std::chrono::system_clock::now() + std::chrono::milliseconds(timeout_ms));
}

InjectedFailure PrepareCall(FailureInjector* injector, absl::string_view method, grpc::ClientContext* context) {
  if (injector == nullptr) return InjectedFailure::kNone;
  InjectedFailure failure = injector->ForCall(method);
  // Cancelled before it starts, a call sends nothing and ends at once.
  if (failure == InjectedFailure::kDropRequest) context->TryCancel();
  return failure;
}

grpc::Status CallOutcome(InjectedFailure failure, absl::string_view method, const grpc::Status& status) {
  if (failure == InjectedFailure::kNone) return status;
  return ToGrpcStatus(FailureInjector::InjectedError(method, failure));
}

}  // namespace sluice
