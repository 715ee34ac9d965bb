#ifndef SLUICE_DRIVER_SUBMISSION_H_
#define SLUICE_DRIVER_SUBMISSION_H_

#include <cstdint>
#include <string>
#include <vector>

#include "common/graph_description.h"
#include "runtime/queue_items.h"

namespace sluice {

// The data a queueStream node sends with the submission.
struct QueueSourceSubmission {
  int32_t source_node = 0;
  std::vector<EncodedQueueItem> items;
};

// What the driver sends the master to start an application.
struct Submission {
  std::string name;
  GraphDescription graph;
  std::string library;
  std::string library_hash;
  std::vector<std::string> args;
  int32_t default_parallelism = 0;
  std::vector<QueueSourceSubmission> queue_sources;
  // app.clock=manual: batches at 1..manual_clock_batches intervals, each once the previous one completed.
  bool manual_clock = false;
  int64_t manual_clock_batches = 0;
  // ssc.checkpoint(dir): where state is checkpointed (empty: nowhere), and how often (0: Spark's defaults).
  std::string checkpoint_dir;
  int64_t checkpoint_interval_ms = 0;
};

}  // namespace sluice

#endif  // SLUICE_DRIVER_SUBMISSION_H_
