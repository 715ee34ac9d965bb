#include "rpc/grpc_block_replica_client.h"

#include "proto/sluice.grpc.pb.h"
#include "rpc/client_call.h"
#include "rpc/status.h"
#include "wire/proto_conversion.h"

namespace sluice {

GrpcBlockReplicaClient::GrpcBlockReplicaClient(const Config& config)
    : config_(config), channels_(config), injector_(MakeFailureInjector(config.inject_failures)) {}

absl::Status GrpcBlockReplicaClient::StoreReplica(const std::string& address, const BlockReplica& replica) {
  proto::StoreBlockReplicaRequest request;
  ToProto(replica, &request);
  auto stub = proto::WorkerService::NewStub(channels_.Get(address));
  grpc::ClientContext context;
  SetDeadline(&context, config_.rpc_timeout_ms);
  InjectedFailure injected = PrepareCall(injector_.get(), "StoreBlockReplica", &context);
  proto::StoreBlockReplicaReply reply;
  grpc::Status status = CallOutcome(injected, "StoreBlockReplica", stub->StoreBlockReplica(&context, request, &reply));
  return FromGrpcStatus(status, "storing a copy of block " + replica.block_id + " on " + address);
}

}  // namespace sluice
