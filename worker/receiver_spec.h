#ifndef SLUICE_WORKER_RECEIVER_SPEC_H_
#define SLUICE_WORKER_RECEIVER_SPEC_H_

#include <cstdint>
#include <string>

namespace sluice {

// A receiver the master places on this worker: the source node of an application's graph.
struct ReceiverSpec {
  std::string app_id;
  int32_t source_node = 0;
  std::string library_hash;
  int64_t block_interval_ms = 0;  // 0: the worker's configured interval
};

}  // namespace sluice

#endif  // SLUICE_WORKER_RECEIVER_SPEC_H_
