#ifndef SLUICE_WORKER_RECEIVER_RECEIVED_BLOCK_H_
#define SLUICE_WORKER_RECEIVER_RECEIVED_BLOCK_H_

#include <cstdint>
#include <string>

#include "common/time.h"

namespace sluice {

// One block of received input: the unit a receiver hands to the block store and a batch later reads.
struct ReceivedBlock {
  // Stable across the run: "input-<source_node>-<origin>-<seq>", seq counting from 0 per generator (the master
  // de-duplicates repeated reports by it: proto/sluice.proto, BlockRef).
  std::string block_id;
  int32_t source_node = 0;
  int64_t records = 0;
  // The records encoded back to back with sluice::Codec (for text: Codec<std::string>).
  std::string data;
  // Wall-clock time the block was cut.
  Time created;
};

}  // namespace sluice

#endif  // SLUICE_WORKER_RECEIVER_RECEIVED_BLOCK_H_
