#ifndef SLUICE_RUNTIME_QUEUE_ITEMS_H_
#define SLUICE_RUNTIME_QUEUE_ITEMS_H_

// The data of a queueStream as the driver sends it to the master: each item is the data set of one batch, cut
// into partitions the way Spark's parallelize cuts a collection, each partition encoded.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "common/codec.h"
#include "wire/data_refs.h"  // EncodedPartition

namespace sluice {

// No value: the batch has no data set at all (Spark's input stream returning no RDD), which makes union and
// transform fail; an empty vector of partitions, or empty partitions, are an empty data set.
using EncodedQueueItem = std::optional<std::vector<EncodedPartition>>;

// Spark's ParallelCollectionRDD.slice: partition i of p holds positions [floor(i*n/p), floor((i+1)*n/p)), so
// [1,2,3,4] in two is [1,2] [3,4] and ["a","a","b"] is ["a"] ["a","b"]. The products stay within 64 bits for any
// collection that fits in memory.
inline std::vector<std::pair<size_t, size_t>> ParallelizeSlices(size_t n, int num_partitions) {
  std::vector<std::pair<size_t, size_t>> slices;
  const uint64_t p = static_cast<uint64_t>(num_partitions);
  for (uint64_t i = 0; i < p; ++i) {
    slices.emplace_back(static_cast<size_t>(i * n / p), static_cast<size_t>((i + 1) * n / p));
  }
  return slices;
}

template <Encodable T>
std::vector<EncodedPartition> EncodePartitions(const std::vector<T>& data, int num_partitions) {
  std::vector<EncodedPartition> partitions;
  for (const auto& [begin, end] : ParallelizeSlices(data.size(), num_partitions)) {
    EncodedPartition partition;
    for (size_t i = begin; i < end; ++i) EncodeRecord(data[i], &partition.records);
    partition.count = static_cast<int64_t>(end - begin);
    partitions.push_back(std::move(partition));
  }
  return partitions;
}

template <Encodable T>
std::vector<EncodedQueueItem> EncodeQueueItems(const std::vector<std::optional<std::vector<T>>>& items,
                                               int num_partitions) {
  std::vector<EncodedQueueItem> encoded;
  encoded.reserve(items.size());
  for (const std::optional<std::vector<T>>& item : items) {
    if (item) {
      encoded.emplace_back(EncodePartitions(*item, num_partitions));
    } else {
      encoded.emplace_back(std::nullopt);
    }
  }
  return encoded;
}

}  // namespace sluice

#endif  // SLUICE_RUNTIME_QUEUE_ITEMS_H_
