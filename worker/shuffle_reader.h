#ifndef SLUICE_WORKER_SHUFFLE_READER_H_
#define SLUICE_WORKER_SHUFFLE_READER_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "common/time.h"
#include "rpc/shuffle_fetcher.h"
#include "runtime/runtime.h"
#include "worker/shuffle_store.h"
#include "wire/task.h"

namespace sluice {

// The data of one reduce partition, gathered from every map output of a shuffle: outputs on this worker are
// read from the local store, the others streamed from their workers with FetchShuffle (one stream per map
// output, in chunks of whole records). Outputs are read one after another, in the order given. A list of
// materialized partitions (a map output with a single partition each) is read the same way.
class ShuffleReader final : public ShuffleInput {
 public:
  struct Options {
    std::string app_id;
    int64_t batch_ms = 0;
    int32_t shuffle_node = 0;
    int32_t reduce_partition = 0;
    std::vector<MapOutputLocation> map_outputs;
    std::string local_worker_id;
    // Longest a remote map output may take to arrive.
    Duration fetch_timeout = Seconds(10);
    // When not empty: read these materialized partitions instead (shuffle_node, reduce_partition and
    // map_outputs are then unused).
    std::vector<MaterializedPart> materialized;
  };

  // `store`: this worker's (null on the driver, which reads every partition remotely).
  ShuffleReader(Options options, const ShuffleStore* store, ShuffleFetcher* fetcher);
  ~ShuffleReader() override;

  // `chunk` stays valid until the next call. After false, status() says whether the end was reached.
  bool Next(std::string_view* chunk) override;
  // Names the map output, the peer and its address on failure; a failure to read from a peer carries that peer
  // (LostInputWorker, worker/lost_input.h).
  const absl::Status& status() const { return status_; }

  int64_t chunks_read() const { return chunks_read_; }
  int64_t bytes_read() const { return bytes_read_; }

 private:
  // One stored partition to read: a reduce partition of a map output, or a materialized partition.
  struct Piece {
    ShuffleKey key;
    int32_t partition = 0;
    std::string worker_id;
    std::string worker_address;
  };
  static std::vector<Piece> PiecesOf(const Options& options);
  absl::StatusOr<std::unique_ptr<ChunkStream>> Open(const Piece& piece) const;
  // A failure of a piece on another worker names that worker.
  absl::Status MarkRemote(absl::Status status, const Piece& piece) const;

  const Options options_;
  const std::vector<Piece> pieces_;
  const ShuffleStore* const store_;
  ShuffleFetcher* const fetcher_;
  size_t next_output_ = 0;
  std::unique_ptr<ChunkStream> current_;  // the map output being read
  const Piece* current_piece_ = nullptr;  // its piece
  absl::Status status_;
  bool done_ = false;
  int64_t chunks_read_ = 0;
  int64_t bytes_read_ = 0;
};

}  // namespace sluice

#endif  // SLUICE_WORKER_SHUFFLE_READER_H_
