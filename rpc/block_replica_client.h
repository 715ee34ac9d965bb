#ifndef SLUICE_RPC_BLOCK_REPLICA_CLIENT_H_
#define SLUICE_RPC_BLOCK_REPLICA_CLIENT_H_

#include <string>

#include "absl/status/status.h"
#include "wire/worker_messages.h"

namespace sluice {

// A worker's call to another worker's StoreBlockReplica: a copy of a received block, stored before the block is
// reported. Synchronous, for the receiver's block thread, which waits for it (a block is reported only with the
// copies it has). Idempotent: a block stored again under its id replaces the first copy. Thread-safe.
// Implementations: rpc/grpc_block_replica_client.h, and for tests rpc/testing/fake_block_replica_client.h.
class BlockReplicaClient {
 public:
  virtual ~BlockReplicaClient() = default;
  virtual absl::Status StoreReplica(const std::string& address, const BlockReplica& replica) = 0;
};

}  // namespace sluice

#endif  // SLUICE_RPC_BLOCK_REPLICA_CLIENT_H_
