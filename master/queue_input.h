#ifndef SLUICE_MASTER_QUEUE_INPUT_H_
#define SLUICE_MASTER_QUEUE_INPUT_H_

#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "wire/application.h"

namespace sluice {

// What one queueStream still has to give. Plain data, persisted with the application.
struct QueueSourceState {
  std::deque<QueuedDataSet> items;  // not yet given to a batch, in queue order
  bool one_at_a_time = true;
  int32_t num_partitions = 2;  // of each empty batch once the queue is drained
};

// Reads the node's parameters ("one_at_a_time", "num_partitions"); the items come separately.
QueueSourceState MakeQueueSource(const std::map<std::string, std::string>& params,
                                 std::vector<QueuedDataSet> items);

// The data set of the next batch, taken off the queue: the next item, or every item (the absent ones skipped,
// partitions in item order) when not one at a time; once the queue is drained, an empty data set of
// `num_partitions` empty partitions, as Spark's TestInputStream gives past its input.
QueuedDataSet TakeNextBatch(QueueSourceState* queue);

}  // namespace sluice

#endif  // SLUICE_MASTER_QUEUE_INPUT_H_
