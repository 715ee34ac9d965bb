#ifndef SLUICE_DRIVER_API_TESTING_COLLECT_H_
#define SLUICE_DRIVER_API_TESTING_COLLECT_H_

// Test support, as Spark's TestOutputStream: an output operation that brings every record of every batch back
// to the driver and keeps them for the test to read, typically after awaitTermination() under app.clock=manual.

#include <cstddef>
#include <memory>
#include <mutex>
#include <string_view>
#include <utility>
#include <vector>

#include "common/codec.h"
#include "common/time.h"
#include "driver/api/dstream.h"
#include "runtime/output_nodes.h"

namespace sluice {

// The batches one output collected, in batch order. Thread-safe: the driver's output thread appends while the
// test may read.
template <class T>
class CollectedBatches {
 public:
  struct Batch {
    Time time;
    std::vector<T> records;  // the partitions' records concatenated in partition order
  };

  void Append(Time time, std::vector<T> records) {
    std::lock_guard<std::mutex> lock(mu_);
    batches_.push_back(Batch{time, std::move(records)});
  }

  std::vector<Batch> batches() const {
    std::lock_guard<std::mutex> lock(mu_);
    return batches_;
  }
  // Only the records, batch by batch: the shape of Spark's expected output.
  std::vector<std::vector<T>> records() const {
    std::lock_guard<std::mutex> lock(mu_);
    std::vector<std::vector<T>> out;
    for (const Batch& batch : batches_) out.push_back(batch.records);
    return out;
  }
  std::vector<Time> times() const {
    std::lock_guard<std::mutex> lock(mu_);
    std::vector<Time> out;
    for (const Batch& batch : batches_) out.push_back(batch.time);
    return out;
  }
  size_t size() const {
    std::lock_guard<std::mutex> lock(mu_);
    return batches_.size();
  }

 private:
  mutable std::mutex mu_;
  std::vector<Batch> batches_;
};

// The output node of CollectBatches: its tasks return every record (no "num" parameter, so no limit) and the
// driver decodes them into the store.
template <Encodable T>
class CollectBatchesNode final : public TypedNode<T> {
 public:
  CollectBatchesNode(NodeDescription description, std::shared_ptr<CollectedBatches<T>> store)
      : TypedNode<T>(std::move(description)), store_(std::move(store)) {}

  std::unique_ptr<AnySink> MakeResultSink(int /*parent_index*/, const OutputTaskContext& /*task*/,
                                          ResultBuffer& out) const override {
    return std::make_unique<ResultSink<T>>(out);
  }

  bool OnDriverResults(Time batch_time, std::string_view encoded_records) const override {
    std::vector<T> records;
    if (!DecodeRecords<T>(encoded_records, [&records](T&& value) { records.push_back(std::move(value)); })) {
      return false;
    }
    // A batch without records is kept too: Spark's TestOutputStream collects every RDD its stream produced,
    // empty ones included, and Spark's test cases compare the number of output batches exactly (reduceByKey's
    // third expected batch is []). A batch for which the stream had no data set at all never gets here: like
    // Spark, which runs no job for it, the master plans no output for it.
    store_->Append(batch_time, std::move(records));
    return true;
  }

 private:
  std::shared_ptr<CollectedBatches<T>> store_;
};

// Adds an output operation to `stream` whose every batch lands in the returned store, on the driver.
template <Encodable T>
std::shared_ptr<CollectedBatches<T>> CollectBatches(const DStream<T>& stream) {
  auto store = std::make_shared<CollectedBatches<T>>();
  const std::shared_ptr<GraphBuilder>& graph = stream.graph();
  NodeDescription description;
  description.id = graph->NextId();
  description.kind = NodeKind::kOutput;
  description.op = "collectBatches";
  description.parents = {stream.id()};
  graph->Add(std::make_unique<CollectBatchesNode<T>>(std::move(description), store));
  return store;
}

}  // namespace sluice

#endif  // SLUICE_DRIVER_API_TESTING_COLLECT_H_
