#ifndef SLUICE_DRIVER_API_DSTREAM_H_
#define SLUICE_DRIVER_API_DSTREAM_H_

// DStream<T>: a stream of batches of T, as in Spark Streaming. Each operation adds a node to the context's
// graph. User functions must be callable as const (they run on many partitions at once) and must not depend
// on anything but their arguments and captures, because every worker rebuilds the graph from the job library.

#include <functional>
#include <iterator>
#include <memory>
#include <string>
#include <type_traits>
#include <utility>

#include "driver/api/job_graph.h"
#include "driver/api/narrow_nodes.h"
#include "driver/api/output_nodes.h"
#include "driver/api/shuffle_nodes.h"

namespace sluice {

template <class T>
struct IsPair : std::false_type {};
template <class K, class V>
struct IsPair<std::pair<K, V>> : std::true_type {};

template <class T>
class DStream {
 public:
  using value_type = T;

  DStream(std::shared_ptr<GraphBuilder> graph, int32_t id) : graph_(std::move(graph)), id_(id) {}

  int32_t id() const { return id_; }
  Duration slideDuration() const { return graph_->batch_duration(); }

  // Applies f to every record.
  template <class F, class U = std::decay_t<std::invoke_result_t<const F&, T&&>>>
  DStream<U> map(F f) const {
    auto step = [f = std::move(f)](T&& value, Sink<U>& out) { out.Push(std::invoke(f, std::move(value))); };
    return AddStep<U>("map", std::move(step));
  }

  // Applies f to every record; f returns a container whose elements all become records.
  template <class F, class R = std::invoke_result_t<const F&, T&&>,
            class U = std::decay_t<decltype(*std::begin(std::declval<R&>()))>>
  DStream<U> flatMap(F f) const {
    auto step = [f = std::move(f)](T&& value, Sink<U>& out) {
      R results = std::invoke(f, std::move(value));
      for (auto& result : results) out.Push(U(std::move(result)));
    };
    return AddStep<U>("flatMap", std::move(step));
  }

  // Keeps the records for which f is true.
  template <class F>
  DStream<T> filter(F f) const {
    auto step = [f = std::move(f)](T&& value, Sink<T>& out) {
      if (std::invoke(f, static_cast<const T&>(value))) out.Push(std::move(value));
    };
    return AddStep<T>("filter", std::move(step));
  }

  // Pair streams: merges the values of each key with an associative and commutative f.
  // num_partitions 0 uses the application's default parallelism.
  template <class F, class P = T>
    requires IsPair<P>::value
  DStream<T> reduceByKey(F f, int num_partitions = 0) const {
    using K = typename P::first_type;
    using V = typename P::second_type;
    Combiner<K, V, V> combiner{
        .create = [](V&& v) { return std::move(v); },
        .merge_value = [f](V& acc, V&& v) { acc = std::invoke(f, std::move(acc), std::move(v)); },
        .merge_combiners = [f](V& acc, V&& v) { acc = std::invoke(f, std::move(acc), std::move(v)); },
        .map_side_combine = true,
    };
    NodeDescription description = Describe(NodeKind::kShuffle, "reduceByKey");
    description.num_partitions = num_partitions;
    graph_->Add(std::make_unique<CombineByKeyNode<K, V, V>>(std::move(description), std::move(combiner)));
    return DStream<T>(graph_, graph_->NextId() - 1);
  }

  // Prints the first `num` records of every batch on the driver, in Spark's format.
  void pprint(int num = 10) const {
    NodeDescription description = Describe(NodeKind::kOutput, "pprint");
    description.params["num"] = std::to_string(num);
    graph_->Add(std::make_unique<CollectingOutputNode<T>>(std::move(description)));
  }
  void print(int num = 10) const { pprint(num); }

 private:
  NodeDescription Describe(NodeKind kind, std::string op) const {
    NodeDescription description;
    description.id = graph_->NextId();
    description.kind = kind;
    description.op = std::move(op);
    description.parents = {id_};
    return description;
  }

  template <class U, class Step>
  DStream<U> AddStep(std::string op, Step step) const {
    NodeDescription description = Describe(NodeKind::kNarrow, std::move(op));
    int32_t id = description.id;
    graph_->Add(MakeStepNode<T, U>(std::move(description), std::move(step)));
    return DStream<U>(graph_, id);
  }

  std::shared_ptr<GraphBuilder> graph_;
  int32_t id_;
};

}  // namespace sluice

#endif  // SLUICE_DRIVER_API_DSTREAM_H_
