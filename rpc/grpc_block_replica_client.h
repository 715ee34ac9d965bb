#ifndef SLUICE_RPC_GRPC_BLOCK_REPLICA_CLIENT_H_
#define SLUICE_RPC_GRPC_BLOCK_REPLICA_CLIENT_H_

#include <memory>
#include <string>

#include "common/config.h"
#include "rpc/block_replica_client.h"
#include "rpc/channels.h"
#include "rpc/failure_injection.h"

namespace sluice {

// StoreBlockReplica over gRPC: one channel per peer address (PeerChannels), a deadline of rpc.timeout_ms per call,
// rpc.inject_failures applied as to every client. `config` must outlive the client.
class GrpcBlockReplicaClient final : public BlockReplicaClient {
 public:
  explicit GrpcBlockReplicaClient(const Config& config);
  absl::Status StoreReplica(const std::string& address, const BlockReplica& replica) override;

 private:
  const Config& config_;
  PeerChannels channels_;
  const std::unique_ptr<FailureInjector> injector_;  // null: none
};

}  // namespace sluice

#endif  // SLUICE_RPC_GRPC_BLOCK_REPLICA_CLIENT_H_
