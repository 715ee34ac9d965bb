#ifndef SLUICE_RPC_TESTING_FAKE_BLOCK_REPLICA_CLIENT_H_
#define SLUICE_RPC_TESTING_FAKE_BLOCK_REPLICA_CLIENT_H_

#include <set>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "common/mutex.h"
#include "rpc/block_replica_client.h"

namespace sluice::testing {

// A BlockReplicaClient that keeps every copy it is given, by address; an address the test made unreachable answers
// UNAVAILABLE, as a dead worker's does, and keeps nothing. Thread-safe.
class FakeBlockReplicaClient final : public BlockReplicaClient {
 public:
  struct Stored {
    std::string address;
    BlockReplica replica;
  };

  absl::Status StoreReplica(const std::string& address, const BlockReplica& replica) override {
    MutexLock lock(&mu_);
    attempts_.push_back(address);
    if (unreachable_.contains(address)) return absl::UnavailableError("connection refused by " + address);
    stored_.push_back({address, replica});
    return absl::OkStatus();
  }

  void MakeUnreachable(const std::string& address) {
    MutexLock lock(&mu_);
    unreachable_.insert(address);
  }
  std::vector<Stored> stored() const {
    MutexLock lock(&mu_);
    return stored_;
  }
  // Every address a copy was sent to, in order, those that refused it included.
  std::vector<std::string> attempts() const {
    MutexLock lock(&mu_);
    return attempts_;
  }

 private:
  mutable Mutex mu_;
  std::set<std::string> unreachable_ ABSL_GUARDED_BY(mu_);
  std::vector<Stored> stored_ ABSL_GUARDED_BY(mu_);
  std::vector<std::string> attempts_ ABSL_GUARDED_BY(mu_);
};

}  // namespace sluice::testing

#endif  // SLUICE_RPC_TESTING_FAKE_BLOCK_REPLICA_CLIENT_H_
