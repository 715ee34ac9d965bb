#ifndef SLUICE_RPC_GRPC_SHUFFLE_FETCHER_H_
#define SLUICE_RPC_GRPC_SHUFFLE_FETCHER_H_

#include <memory>
#include <string>

#include "common/config.h"
#include "rpc/channels.h"
#include "rpc/failure_injection.h"
#include "rpc/shuffle_fetcher.h"

namespace sluice {

// FetchShuffle over gRPC: one channel per worker address (PeerChannels), one server stream per fetch, cancelled
// if the reader abandons it. rpc.inject_failures applies to it as to every client.
class GrpcShuffleFetcher final : public ShuffleFetcher {
 public:
  explicit GrpcShuffleFetcher(const Config& config);
  std::unique_ptr<ChunkStream> Fetch(const std::string& address, const ShuffleKey& key, int32_t partition,
                                     Duration timeout, std::string what) override;

 private:
  PeerChannels channels_;
  const std::unique_ptr<FailureInjector> injector_;  // null: none
};

}  // namespace sluice

#endif  // SLUICE_RPC_GRPC_SHUFFLE_FETCHER_H_
