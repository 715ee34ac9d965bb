#ifndef SLUICE_RPC_CHANNELS_H_
#define SLUICE_RPC_CHANNELS_H_

#include <map>
#include <memory>
#include <string>

#include <grpcpp/grpcpp.h>

#include "common/config.h"
#include "common/mutex.h"

namespace sluice {

// The one way a Sluice process opens a channel to another daemon (the master, a worker, a peer): message sizes up
// to rpc.max_message_bytes, and a reconnect backoff capped at about a second, so that a daemon that comes up late
// or restarts is reached again promptly instead of after gRPC's default backoff of up to two minutes.
std::shared_ptr<grpc::Channel> MakeDaemonChannel(const std::string& address, const Config& config);

// One channel per peer worker address, shared by every task that fetches from it. Thread-safe: task threads
// ask for channels concurrently.
class PeerChannels {
 public:
  explicit PeerChannels(const Config& config) : config_(config) {}
  std::shared_ptr<grpc::Channel> Get(const std::string& address);

 private:
  const Config& config_;
  Mutex mu_;  // data plane: every task thread that reads a remote shuffle
  std::map<std::string, std::shared_ptr<grpc::Channel>> channels_ ABSL_GUARDED_BY(mu_);
};

}  // namespace sluice

#endif  // SLUICE_RPC_CHANNELS_H_
