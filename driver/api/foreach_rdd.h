#ifndef SLUICE_DRIVER_API_FOREACH_RDD_H_
#define SLUICE_DRIVER_API_FOREACH_RDD_H_

// foreachRDD: a function run on the driver for every batch with the batch's data set, which stays on the workers
// that computed it; the function brings to the driver what it asks for (collect, take, first), nothing more. The
// output node that calls it is the runtime's (ForeachRDDNode, runtime/output_nodes.h).

#include <cstdint>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "common/codec.h"
#include "common/time.h"
#include "driver/api/errors.h"
#include "runtime/runtime.h"

namespace sluice {

// One batch's data set as foreachRDD's function sees it: counts are known at once; records cross to the driver
// only when asked for. Valid during the call only.
template <Encodable T>
class BatchRDD {
 public:
  BatchRDD(Time time, const std::vector<HeldPartition>& partitions, PartitionFetcher& fetcher)
      : time_(time), partitions_(partitions), fetcher_(fetcher) {}

  Time time() const { return time_; }
  int getNumPartitions() const { return static_cast<int>(partitions_.size()); }
  int64_t count() const {
    int64_t records = 0;
    for (const HeldPartition& partition : partitions_) records += partition.records;
    return records;
  }
  bool isEmpty() const { return count() == 0; }

  // Every record, in partition order.
  std::vector<T> collect() const { return take(count()); }
  // The records of partition p.
  std::vector<T> collectPartition(int p) const {
    std::vector<T> records;
    FetchInto(partitions_.at(static_cast<size_t>(p)), -1, &records);
    return records;
  }
  // The first n records in partition order, fetching partitions only until there are n.
  std::vector<T> take(int64_t n) const {
    std::vector<T> records;
    for (const HeldPartition& partition : partitions_) {
      if (static_cast<int64_t>(records.size()) >= n) break;
      if (partition.records > 0) FetchInto(partition, n, &records);
    }
    return records;
  }
  T first() const {
    std::vector<T> one = take(1);
    if (one.empty()) throw UnsupportedOperationError("empty collection");
    return std::move(one.front());
  }

 private:
  // Appends the partition's records to `out`, up to `limit` records in all (< 0: every one).
  void FetchInto(const HeldPartition& partition, int64_t limit, std::vector<T>* out) const {
    std::string encoded, error;
    if (!fetcher_.Fetch(partition, &encoded, &error)) {
      throw SluiceError("cannot read partition " + std::to_string(partition.partition) + " of the batch at " +
                        time_.toString() + ": " + error);
    }
    bool intact = DecodeRecords<T>(encoded, [&](T&& record) {
      if (limit < 0 || static_cast<int64_t>(out->size()) < limit) out->push_back(std::move(record));
    });
    if (!intact) throw SluiceError("corrupt data in partition " + std::to_string(partition.partition));
  }

  Time time_;
  const std::vector<HeldPartition>& partitions_;
  PartitionFetcher& fetcher_;
};

template <Encodable T>
using ForeachRDDFunction = std::function<void(const BatchRDD<T>& rdd, Time batch_time)>;

}  // namespace sluice

#endif  // SLUICE_DRIVER_API_FOREACH_RDD_H_
