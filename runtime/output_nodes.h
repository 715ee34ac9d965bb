#ifndef SLUICE_RUNTIME_OUTPUT_NODES_H_
#define SLUICE_RUNTIME_OUTPUT_NODES_H_

#include <charconv>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/time.h"
#include "driver/api/foreach_rdd.h"
#include "runtime/narrow_nodes.h"
#include "runtime/node.h"
#include "runtime/printed_output.h"

namespace sluice {

// Encodes up to `limit` records into the task's result and counts the rest.
template <class T>
class ResultSink final : public Sink<T> {
 public:
  explicit ResultSink(ResultBuffer& out) : out_(out) {}
  void Push(T&& value) override {
    ++out_.seen;
    if (out_.limit >= 0 && out_.count >= out_.limit) return;
    EncodeRecord(value, &out_.records);
    ++out_.count;
  }
  void Finish() override {}

 private:
  ResultBuffer& out_;
};

// pprint: the tasks return the first num + 1 records of each partition (the master's plan sets the limit from
// the "num" parameter) and the driver prints the first num of the batch in Spark's format, "..." if there were
// more. Its records are its parent's.
template <class T>
class CollectingOutputNode final : public TypedNode<T> {
 public:
  using TypedNode<T>::TypedNode;

  std::unique_ptr<AnySink> MakeResultSink(int /*parent_index*/, const OutputTaskContext& /*task*/,
                                          ResultBuffer& out) const override {
    return std::make_unique<ResultSink<T>>(out);
  }

  bool OnDriverResults(Time batch_time, std::string_view encoded_records) const override {
    std::vector<std::string> lines;
    bool intact = this->FormatRecords(encoded_records, &lines);
    PrintBatchOnDriver(batch_time, lines, num());
    return intact;
  }

 private:
  int num() const {
    int num = 10;
    auto it = this->description().params.find("num");
    if (it != this->description().params.end()) {
      std::from_chars(it->second.data(), it->second.data() + it->second.size(), num);
    }
    return num;
  }
};

// foreachRDD's output: its tasks store the parent's partitions where they run (a partition write of this node, whose
// records are its parent's), and the driver calls the user's function with them as a BatchRDD.
template <Encodable T>
class ForeachRDDNode final : public TypedNode<T> {
 public:
  ForeachRDDNode(NodeDescription description, ForeachRDDFunction<T> function)
      : TypedNode<T>(std::move(description)), function_(std::move(function)) {}

  std::unique_ptr<AnySink> MakeTransformSink(int /*parent_index*/, AnySink& downstream) const override {
    return std::make_unique<PassOnSink<T>>(downstream);
  }

  void OnDriverHeldOutput(Time batch_time, const std::vector<HeldPartition>& partitions,
                          PartitionFetcher& fetcher) const override {
    BatchRDD<T> rdd(batch_time, partitions, fetcher);
    function_(rdd, batch_time);
  }

 private:
  ForeachRDDFunction<T> function_;
};

}  // namespace sluice

#endif  // SLUICE_RUNTIME_OUTPUT_NODES_H_
