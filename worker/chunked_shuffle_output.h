#ifndef SLUICE_WORKER_CHUNKED_SHUFFLE_OUTPUT_H_
#define SLUICE_WORKER_CHUNKED_SHUFFLE_OUTPUT_H_

#include <cstdint>
#include <string>
#include <vector>

#include "runtime/runtime.h"

namespace sluice {

// The output of one map task: per reduce partition, chunks of whole encoded records. Records carry no framing
// of their own, so chunk boundaries are the only record boundaries anyone knows about; a chunk therefore is
// the unit in which shuffle data moves.
struct MapOutput {
  std::vector<std::vector<std::string>> partitions;  // [partition][chunk]
};

// A ShuffleOutput that cuts each partition's bucket into chunks of about `chunk_bytes`. A shuffle writer
// asks for bucket(p) once per record and appends exactly that record, so starting a new chunk inside
// bucket() -- when the current one has reached the size -- always cuts between records.
class ChunkedShuffleOutput final : public ShuffleOutput {
 public:
  ChunkedShuffleOutput(uint32_t num_partitions, int64_t chunk_bytes);

  uint32_t num_partitions() const override { return static_cast<uint32_t>(partitions_.size()); }
  // Valid until the next call.
  std::string& bucket(uint32_t partition) override;

  // Records written so far (calls of bucket()).
  int64_t records_written() const { return records_written_; }
  // Hands the chunks over, without empty ones; the output is empty afterwards.
  MapOutput TakeOutput();

 private:
  const size_t chunk_bytes_;
  std::vector<std::vector<std::string>> partitions_;
  int64_t records_written_ = 0;
};

}  // namespace sluice

#endif  // SLUICE_WORKER_CHUNKED_SHUFFLE_OUTPUT_H_
