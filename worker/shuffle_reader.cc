#include "worker/shuffle_reader.h"

#include <chrono>

#include "absl/strings/str_cat.h"
#include "worker/lost_input.h"

namespace sluice {
namespace {

class LocalSource final : public ChunkStream {
 public:
  explicit LocalSource(std::shared_ptr<const PartitionChunks> chunks) : chunks_(std::move(chunks)) {}
  bool Next(std::string_view* chunk) override {
    if (next_ >= chunks_->size()) return false;
    *chunk = (*chunks_)[next_++];
    return true;
  }
  absl::Status Finish() override { return absl::OkStatus(); }

 private:
  std::shared_ptr<const PartitionChunks> chunks_;
  size_t next_ = 0;
};

}  // namespace

ShuffleReader::ShuffleReader(Options options, const ShuffleStore* store, ShuffleFetcher* fetcher)
    : options_(std::move(options)), pieces_(PiecesOf(options_)), store_(store), fetcher_(fetcher) {}

std::vector<ShuffleReader::Piece> ShuffleReader::PiecesOf(const Options& options) {
  std::vector<Piece> pieces;
  for (const MaterializedPart& part : options.materialized) {
    pieces.push_back(Piece{ShuffleKey::Materialized(options.app_id, part.key), 0, part.site.worker_id,
                           part.site.worker_address});
  }
  if (!pieces.empty()) return pieces;
  for (const MapOutputLocation& location : options.map_outputs) {
    pieces.push_back(Piece{ShuffleKey{options.app_id, options.batch_ms, options.shuffle_node, location.map_index},
                           options.reduce_partition, location.worker_id, location.worker_address});
  }
  return pieces;
}

ShuffleReader::~ShuffleReader() = default;

absl::StatusOr<std::unique_ptr<ChunkStream>> ShuffleReader::Open(const Piece& piece) const {
  const ShuffleKey& key = piece.key;
  if (piece.worker_id == options_.local_worker_id) {
    auto chunks = store_->Get(key, piece.partition);
    if (!chunks.ok()) {
      return absl::Status(chunks.status().code(),
                          absl::StrCat("reading shuffle data on this worker (", piece.worker_id,
                                       "): ", chunks.status().message()));
    }
    return std::unique_ptr<ChunkStream>(std::make_unique<LocalSource>(*std::move(chunks)));
  }
  std::string what = absl::StrCat("fetching partition ", piece.partition, " of shuffle output (", key.ToString(),
                                  ") from worker ", piece.worker_id, " at ", piece.worker_address);
  return fetcher_->Fetch(piece.worker_address, key, piece.partition, options_.fetch_timeout, std::move(what));
}

absl::Status ShuffleReader::MarkRemote(absl::Status status, const Piece& piece) const {
  if (piece.worker_id == options_.local_worker_id) return status;
  return WithLostInputWorker(std::move(status), piece.worker_id);
}

bool ShuffleReader::Next(std::string_view* chunk) {
  while (!done_) {
    if (current_ == nullptr) {
      if (next_output_ >= pieces_.size()) {
        done_ = true;
        break;
      }
      current_piece_ = &pieces_[next_output_++];
      auto source = Open(*current_piece_);
      if (!source.ok()) {
        status_ = MarkRemote(source.status(), *current_piece_);
        done_ = true;
        break;
      }
      current_ = *std::move(source);
    }
    if (current_->Next(chunk)) {
      ++chunks_read_;
      bytes_read_ += static_cast<int64_t>(chunk->size());
      return true;
    }
    status_ = MarkRemote(current_->Finish(), *current_piece_);
    current_.reset();
    if (!status_.ok()) done_ = true;
  }
  return false;
}

}  // namespace sluice
