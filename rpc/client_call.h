#ifndef SLUICE_RPC_CLIENT_CALL_H_
#define SLUICE_RPC_CLIENT_CALL_H_

// What every client does to a call before it starts and after it ends: its deadline, and the failure
// rpc.inject_failures makes it suffer (rpc/failure_injection.h).

#include <cstdint>
#include "absl/strings/string_view.h"

#include <grpcpp/grpcpp.h>

#include "rpc/failure_injection.h"

namespace sluice {

// The call ends `timeout_ms` from now.
void SetDeadline(grpc::ClientContext* context, int64_t timeout_ms);

// Decides the injected failure of a call of `method` about to start with `context` (none without an injector).
// A dropped request's context is cancelled, so that the call ends without being sent.
InjectedFailure PrepareCall(FailureInjector* injector, absl::string_view method, grpc::ClientContext* context);

// What the client sees of a call that ended with `status`: the injected failure's error, if it had one.
grpc::Status CallOutcome(InjectedFailure failure, absl::string_view method, const grpc::Status& status);

}  // namespace sluice

#endif  // SLUICE_RPC_CLIENT_CALL_H_
