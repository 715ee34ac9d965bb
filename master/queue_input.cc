#include "master/queue_input.h"

#include <iterator>
#include <utility>

#include "absl/strings/numbers.h"

namespace sluice {

QueueSourceState MakeQueueSource(const std::map<std::string, std::string>& params,
                                 std::vector<QueuedDataSet> items) {
  QueueSourceState queue;
  queue.items.assign(std::make_move_iterator(items.begin()), std::make_move_iterator(items.end()));
  if (auto it = params.find("one_at_a_time"); it != params.end()) queue.one_at_a_time = it->second != "false";
  if (auto it = params.find("num_partitions"); it != params.end()) {
    int32_t partitions = 0;
    if (absl::SimpleAtoi(it->second, &partitions) && partitions > 0) queue.num_partitions = partitions;
  }
  return queue;
}

QueuedDataSet TakeNextBatch(QueueSourceState* queue) {
  if (queue->items.empty()) return std::vector<EncodedPartition>(queue->num_partitions);
  if (queue->one_at_a_time) {
    QueuedDataSet next = std::move(queue->items.front());
    queue->items.pop_front();
    return next;
  }
  std::vector<EncodedPartition> all;
  for (QueuedDataSet& item : queue->items) {
    if (!item) continue;
    all.insert(all.end(), std::make_move_iterator(item->begin()), std::make_move_iterator(item->end()));
  }
  queue->items.clear();
  return all;
}

}  // namespace sluice
