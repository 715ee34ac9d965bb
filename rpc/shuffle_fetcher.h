#ifndef SLUICE_RPC_SHUFFLE_FETCHER_H_
#define SLUICE_RPC_SHUFFLE_FETCHER_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "common/time.h"
#include "wire/data_refs.h"

namespace sluice {

// One stored partition's chunks (whole encoded records), as they arrive.
class ChunkStream {
 public:
  virtual ~ChunkStream() = default;
  // `chunk` stays valid until the next call; false at the end or on an error.
  virtual bool Next(std::string_view* chunk) = 0;
  // Why Next returned false: OK at the end of the data.
  virtual absl::Status Finish() = 0;
};

// Reads partition `partition` of the map output (or materialized partition) `key` from the worker at `address`
// (FetchShuffle). Used by task threads and the driver at once: thread-safe. Implementations:
// rpc/grpc_shuffle_fetcher.h, and for tests rpc/testing/fake_shuffle_fetcher.h.
class ShuffleFetcher {
 public:
  virtual ~ShuffleFetcher() = default;
  // `what` names the fetch in the stream's error. The stream ends within `timeout`.
  virtual std::unique_ptr<ChunkStream> Fetch(const std::string& address, const ShuffleKey& key, int32_t partition,
                                             Duration timeout, std::string what) = 0;
};

}  // namespace sluice

#endif  // SLUICE_RPC_SHUFFLE_FETCHER_H_
