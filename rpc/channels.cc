#include "rpc/channels.h"

#include <algorithm>
#include <climits>

namespace sluice {

std::shared_ptr<grpc::Channel> MakeDaemonChannel(const std::string& address, const Config& config) {
  grpc::ChannelArguments args;
  int max_bytes = static_cast<int>(std::min<int64_t>(config.max_message_bytes, INT_MAX));
  args.SetMaxReceiveMessageSize(max_bytes);
  args.SetMaxSendMessageSize(max_bytes);
  // Fixed, not settings: gRPC's reconnect backoff (up to 120 s by default) is held to about a second, so that a
  // daemon that comes back is reached again about as soon as the callers' own retries ask for it.
  args.SetInt(GRPC_ARG_INITIAL_RECONNECT_BACKOFF_MS, 500);
  args.SetInt(GRPC_ARG_MIN_RECONNECT_BACKOFF_MS, 500);
  args.SetInt(GRPC_ARG_MAX_RECONNECT_BACKOFF_MS, 1000);
  return grpc::CreateCustomChannel(address, grpc::InsecureChannelCredentials(), args);
}

std::shared_ptr<grpc::Channel> PeerChannels::Get(const std::string& address) {
  MutexLock lock(&mu_);
  std::shared_ptr<grpc::Channel>& channel = channels_[address];
  if (!channel) channel = MakeDaemonChannel(address, config_);
  return channel;
}

}  // namespace sluice
