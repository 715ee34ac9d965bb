#include "worker/block_replicator.h"

#include <algorithm>
#include <utility>

#include "common/hash.h"

namespace sluice {

BlockReplicator::BlockReplicator(std::string self_id, BlockReplicaClient* client)
    : self_id_(std::move(self_id)), client_(client) {}

void BlockReplicator::SetPeers(std::vector<WorkerPeer> peers) {
  std::erase_if(peers, [&](const WorkerPeer& peer) { return peer.worker_id == self_id_; });
  std::sort(peers.begin(), peers.end(),
            [](const WorkerPeer& a, const WorkerPeer& b) { return a.worker_id < b.worker_id; });
  MutexLock lock(&mu_);
  peers_ = std::move(peers);
}

std::vector<WorkerPeer> BlockReplicator::Peers() const {
  MutexLock lock(&mu_);
  return peers_;
}

BlockReplicator::Outcome BlockReplicator::Replicate(const BlockReplica& block, int copies) const {
  Outcome outcome;
  if (copies <= 1) return outcome;
  const std::vector<WorkerPeer> peers = Peers();
  outcome.peers = peers.size();
  if (peers.empty()) return outcome;
  const size_t wanted = static_cast<size_t>(copies - 1);
  const size_t first = StableHash64(block.block_id) % peers.size();
  for (size_t i = 0; i < peers.size() && outcome.replica_worker_ids.size() < wanted; ++i) {
    const WorkerPeer& peer = peers[(first + i) % peers.size()];
    if (absl::Status status = client_->StoreReplica(peer.address, block); !status.ok()) {
      outcome.errors.push_back(std::string(status.message()));
      continue;
    }
    outcome.replica_worker_ids.push_back(peer.worker_id);
  }
  return outcome;
}

}  // namespace sluice
