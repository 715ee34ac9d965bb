#include "worker/chunked_shuffle_output.h"

#include <algorithm>

namespace sluice {

ChunkedShuffleOutput::ChunkedShuffleOutput(uint32_t num_partitions, int64_t chunk_bytes)
    : chunk_bytes_(static_cast<size_t>(std::max<int64_t>(chunk_bytes, 1))), partitions_(num_partitions) {}

std::string& ChunkedShuffleOutput::bucket(uint32_t partition) {
  std::vector<std::string>& chunks = partitions_.at(partition);
  if (chunks.empty() || chunks.back().size() >= chunk_bytes_) chunks.emplace_back();
  ++records_written_;
  return chunks.back();
}

MapOutput ChunkedShuffleOutput::TakeOutput() {
  MapOutput output;
  output.partitions.resize(partitions_.size());
  for (size_t p = 0; p < partitions_.size(); ++p) {
    for (std::string& chunk : partitions_[p]) {
      if (!chunk.empty()) output.partitions[p].push_back(std::move(chunk));
    }
    partitions_[p].clear();
  }
  return output;
}

}  // namespace sluice
