#ifndef SLUICE_WORKER_BLOCK_REPLICATOR_H_
#define SLUICE_WORKER_BLOCK_REPLICATOR_H_

#include <string>
#include <vector>

#include "common/mutex.h"
#include "rpc/block_replica_client.h"
#include "wire/worker_messages.h"

namespace sluice {

// Stores copies of a received block on other workers before the block is reported (receiver.replication, Spark's
// MEMORY_AND_DISK_SER_2): a batch whose block's worker died reads a copy. The peers are the live workers the
// master lists in its registration and heartbeat answers. Which peers hold a block's copies is chosen from the
// block id, so that copies spread over the cluster, the same way on every run; a peer that fails is passed over
// for the next. Thread-safe: the control loop sets the peers, receivers' threads replicate.
class BlockReplicator {
 public:
  struct Outcome {
    std::vector<std::string> replica_worker_ids;  // the workers that now hold a copy
    std::vector<std::string> errors;              // of the peers that did not take one
    size_t peers = 0;                             // other workers known when it was tried
  };

  // `client` must outlive the replicator.
  BlockReplicator(std::string self_id, BlockReplicaClient* client);

  // The live workers (this one may be among them; it is left out).
  void SetPeers(std::vector<WorkerPeer> peers);
  // Stores `copies - 1` copies of `block` on as many other workers, blocking until they answer. Fewer when
  // fewer peers are known or take one; `copies` <= 1 stores none.
  Outcome Replicate(const BlockReplica& block, int copies) const;

 private:
  std::vector<WorkerPeer> Peers() const;

  const std::string self_id_;
  BlockReplicaClient* const client_;
  mutable Mutex mu_;  // data plane: receivers' threads read the peers the control loop writes
  std::vector<WorkerPeer> peers_ ABSL_GUARDED_BY(mu_);  // sorted by id, without this worker
};

}  // namespace sluice

#endif  // SLUICE_WORKER_BLOCK_REPLICATOR_H_
