#ifndef SLUICE_RUNTIME_PIPELINE_TEST_UTIL_H_
#define SLUICE_RUNTIME_PIPELINE_TEST_UTIL_H_

// Test helpers that run a graph's nodes the way a worker does (a chain of sinks per partition, Finish() at the
// end of each, map outputs bucketed per reduce partition), in memory and without the engine around them.

#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "driver/api/dstream.h"
#include "gtest/gtest.h"
#include "runtime/job_graph.h"

namespace sluice::testing {

// Where a test's records enter: a receiver-kind source node of T.
template <class T>
class TestSourceNode final : public TypedNode<T> {
 public:
  using TypedNode<T>::TypedNode;
};

template <class T>
DStream<T> AddTestSource(const std::shared_ptr<GraphBuilder>& graph) {
  NodeDescription description;
  description.id = graph->NextId();
  description.kind = NodeKind::kReceiverSource;
  description.op = "testSource";
  graph->Add(std::make_unique<TestSourceNode<T>>(description));
  return DStream<T>(graph, description.id);
}

template <class T>
class CollectingSink final : public Sink<T> {
 public:
  void Push(T&& value) override { records.push_back(std::move(value)); }
  void Finish() override { ++finishes; }

  std::vector<T> records;
  int finishes = 0;
};

// A map task's output: one bucket of encoded records per reduce partition.
class MemoryShuffleOutput final : public ShuffleOutput {
 public:
  explicit MemoryShuffleOutput(uint32_t num_partitions) : buckets(num_partitions) {}
  uint32_t num_partitions() const override { return static_cast<uint32_t>(buckets.size()); }
  std::string& bucket(uint32_t partition) override {
    ++records_written;
    return buckets.at(partition);
  }

  std::vector<std::string> buckets;
  int64_t records_written = 0;
};

class MemoryShuffleInput final : public ShuffleInput {
 public:
  explicit MemoryShuffleInput(std::vector<std::string> chunks) : chunks_(std::move(chunks)) {}
  bool Next(std::string_view* chunk) override {
    if (next_ >= chunks_.size()) return false;
    *chunk = chunks_[next_++];
    return true;
  }

 private:
  std::vector<std::string> chunks_;
  size_t next_ = 0;
};

// One step of a task's pipeline: a narrow node and which of its parents feeds it.
struct Step {
  int32_t node = 0;
  int parent_index = 0;
};

// The sinks of `steps` chained in front of `terminal`; back() receives the input.
inline std::vector<std::unique_ptr<AnySink>> ChainSteps(const JobGraph& graph, const std::vector<Step>& steps,
                                                        std::unique_ptr<AnySink> terminal) {
  std::vector<std::unique_ptr<AnySink>> sinks;
  sinks.push_back(std::move(terminal));
  for (auto step = steps.rbegin(); step != steps.rend(); ++step) {
    sinks.push_back(graph.node(step->node).MakeTransformSink(step->parent_index, *sinks.back()));
  }
  return sinks;
}

// Pushes one partition through `steps` and returns what came out (and how often Finish arrived).
template <class In, class Out>
std::vector<Out> RunNarrow(const JobGraph& graph, const std::vector<Step>& steps, std::vector<In> partition,
                           int* finishes = nullptr) {
  auto collector = std::make_unique<CollectingSink<Out>>();
  CollectingSink<Out>* out = collector.get();
  std::vector<std::unique_ptr<AnySink>> sinks = ChainSteps(graph, steps, std::move(collector));
  auto& head = static_cast<Sink<In>&>(*sinks.back());
  for (In& record : partition) head.Push(std::move(record));
  head.Finish();
  if (finishes != nullptr) *finishes = out->finishes;
  return std::move(out->records);
}

// The map side of `shuffle_node` for one input partition, after `steps`.
template <class In>
MemoryShuffleOutput RunMapSide(const JobGraph& graph, const std::vector<Step>& steps, Step shuffle,
                               uint32_t num_partitions, std::vector<In> partition) {
  MemoryShuffleOutput output(num_partitions);
  std::vector<std::unique_ptr<AnySink>> sinks = ChainSteps(
      graph, steps, graph.node(shuffle.node).MakeShuffleWriter(shuffle.parent_index, output));
  auto& head = static_cast<Sink<In>&>(*sinks.back());
  for (In& record : partition) head.Push(std::move(record));
  head.Finish();
  return output;
}

// The reduce side of `shuffle_node` for one partition: what it pushes, given every map output in order.
template <class Out>
std::vector<Out> RunReduceSide(const JobGraph& graph, int32_t shuffle_node, uint32_t reduce_partition,
                               const std::vector<MemoryShuffleOutput>& map_outputs, int* finishes = nullptr) {
  std::vector<std::string> chunks;
  for (const MemoryShuffleOutput& output : map_outputs) chunks.push_back(output.buckets.at(reduce_partition));
  MemoryShuffleInput input(std::move(chunks));
  CollectingSink<Out> out;
  if (!graph.node(shuffle_node).ReadShuffle(input, out)) ADD_FAILURE() << "corrupt shuffle data";
  if (finishes != nullptr) *finishes = out.finishes;
  return std::move(out.records);
}

// A whole batch through a shuffle fed straight from the source (node 0): every input partition's map side, then
// every reduce partition, outputs per reduce partition.
template <class In, class Out>
std::vector<std::vector<Out>> RunShuffle(const JobGraph& graph, int32_t shuffle_node, uint32_t num_partitions,
                                         const std::vector<std::vector<In>>& input_partitions,
                                         const std::vector<Step>& steps = {}) {
  std::vector<MemoryShuffleOutput> map_outputs;
  for (const std::vector<In>& partition : input_partitions) {
    map_outputs.push_back(RunMapSide<In>(graph, steps, Step{shuffle_node, 0}, num_partitions, partition));
  }
  std::vector<std::vector<Out>> reduced;
  for (uint32_t p = 0; p < num_partitions; ++p) reduced.push_back(RunReduceSide<Out>(graph, shuffle_node, p, map_outputs));
  return reduced;
}

// A graph with 1 s batches, as the operators' tests build theirs.
inline std::shared_ptr<GraphBuilder> NewGraph() { return std::make_shared<GraphBuilder>(Seconds(1)); }

// Spark's test harness: a batch cut into `n` contiguous partitions.
inline std::vector<std::vector<int>> SplitLikeSpark(const std::vector<int>& batch, size_t n) {
  std::vector<std::vector<int>> partitions;
  for (size_t i = 0; i < n; ++i) {
    partitions.emplace_back(batch.begin() + i * batch.size() / n, batch.begin() + (i + 1) * batch.size() / n);
  }
  return partitions;
}

template <class T>
std::vector<T> Flatten(const std::vector<std::vector<T>>& partitions) {
  std::vector<T> all;
  for (const auto& partition : partitions) all.insert(all.end(), partition.begin(), partition.end());
  return all;
}

}  // namespace sluice::testing

#endif  // SLUICE_RUNTIME_PIPELINE_TEST_UTIL_H_
