#ifndef SLUICE_MASTER_QUEUE_INPUT_H_
#define SLUICE_MASTER_QUEUE_INPUT_H_

#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace sluice {

// One partition of data a driver sent with its submission (queueStream): encoded records of the source's type.
struct QueuedPartition {
  std::string records;
  int64_t count = 0;
};

// The data set of one batch, partition by partition. No value: no data set at all (Spark's input stream
// returning no RDD), which is not an empty data set.
using QueuedDataSet = std::optional<std::vector<QueuedPartition>>;

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
