#ifndef SLUICE_DRIVER_API_INTERNAL_DSTREAM_BUILDERS_H_
#define SLUICE_DRIVER_API_INTERNAL_DSTREAM_BUILDERS_H_

// What the operations of DStream (driver/api/dstream.h) and RDD (driver/api/rdd.h) are made of: the checks of
// their arguments, with Spark's messages (tests compare them), and the steps that describe a node of the
// runtime (runtime/*_nodes.h) and add it to the context's graph. Not for jobs: nothing here is API.

#include <cstdint>
#include <functional>
#include <iterator>
#include <memory>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "common/time.h"
#include "driver/api/errors.h"
#include "driver/api/state.h"
#include "runtime/aggregate_nodes.h"
#include "runtime/cogroup_nodes.h"
#include "runtime/job_graph.h"
#include "runtime/map_with_state_nodes.h"
#include "runtime/narrow_nodes.h"
#include "runtime/node.h"
#include "runtime/reduced_window_node.h"
#include "runtime/shuffle_nodes.h"
#include "runtime/state_nodes.h"

namespace sluice {

template <class T>
class DStream;
template <class K, class V, class S, class M>
class MapWithStateDStream;

namespace dstream_internal {

// ---- Checks

// repartition's number of partitions.
inline void CheckPositivePartitions(int num_partitions) {
  if (num_partitions <= 0) {
    throw IllegalArgumentError("requirement failed: Number of partitions (" + std::to_string(num_partitions) +
                               ") must be positive.");
  }
}

// The number of partitions of a keyed exchange, where 0 means the application's default parallelism.
inline void CheckPartitionsNotNegative(int num_partitions) {
  if (num_partitions < 0) {
    throw IllegalArgumentError("requirement failed: Number of partitions (" + std::to_string(num_partitions) +
                               ") cannot be negative.");
  }
}

// Streams that one operation combines (union, cogroup and the joins, transformWith, ssc.transform) belong to one
// context and have one slide duration. The context is checked first.
template <class A, class B>
void CheckCombinable(const DStream<A>& first, const DStream<B>& other) {
  if (other.graph() != first.graph()) {
    throw IllegalArgumentError("requirement failed: Some of the DStreams have different contexts");
  }
  if (other.slideDuration() != first.slideDuration()) {
    throw IllegalArgumentError("requirement failed: Some of the DStreams have different slide durations");
  }
}

// Spark's WindowedDStream checks: the window's length and slide are multiples of its parent's slide.
inline void CheckWindow(Duration window_length, Duration slide, Duration parent_slide) {
  const int64_t parent = parent_slide.milliseconds();
  if (window_length.milliseconds() <= 0 || window_length.milliseconds() % parent != 0) {
    throw IllegalArgumentError("The window duration of windowed DStream (" + window_length.toString() +
                               ") must be a multiple of the slide duration of parent DStream (" +
                               parent_slide.toString() + ")");
  }
  if (slide.milliseconds() <= 0 || slide.milliseconds() % parent != 0) {
    throw IllegalArgumentError("The slide duration of windowed DStream (" + slide.toString() +
                               ") must be a multiple of the slide duration of parent DStream (" +
                               parent_slide.toString() + ")");
  }
}

// ---- Nodes

// The description of a new node over `parent`: the graph's next id (which throws IllegalStateError once the
// context refuses new nodes), its kind and operation.
template <class T>
NodeDescription Describe(const DStream<T>& parent, NodeKind kind, std::string op) {
  NodeDescription description;
  description.id = parent.graph()->NextId();
  description.kind = kind;
  description.op = std::move(op);
  description.parents = {parent.id()};
  return description;
}

// A window's parameters in its node's description.
inline void DescribeWindow(NodeDescription& description, Duration window_length, Duration slide) {
  description.params["window_ms"] = std::to_string(window_length.milliseconds());
  description.slide_ms = slide.milliseconds();
}

// Adds `node` to `graph`; the stream of its records, of type U.
template <class U>
DStream<U> AddNode(const std::shared_ptr<GraphBuilder>& graph, std::unique_ptr<Node> node) {
  int32_t id = node->id();
  graph->Add(std::move(node));
  return DStream<U>(graph, id);
}

// A narrow node that pushes what `step(T&&, Sink<U>&)` makes of each record.
template <class U, class T, class Step>
DStream<U> AddStep(const DStream<T>& parent, std::string op, Step step) {
  return AddNode<U>(parent.graph(),
                    MakeStepNode<T, U>(Describe(parent, NodeKind::kNarrow, std::move(op)), std::move(step)));
}

// A narrow node that pushes what `step(std::vector<T>&&, Sink<U>&)` makes of each whole partition.
template <class U, class T, class PartitionStep>
DStream<U> AddPartitionStep(const DStream<T>& parent, std::string op, PartitionStep step) {
  return AddNode<U>(parent.graph(),
                    MakePartitionStepNode<T, U>(Describe(parent, NodeKind::kNarrow, std::move(op)), std::move(step)));
}

// union: the records of every stream, partitions in the order of the streams (at least one).
template <class T>
DStream<T> AddUnion(const std::vector<DStream<T>>& streams) {
  const DStream<T>& first = streams.front();
  NodeDescription description = Describe(first, NodeKind::kNarrow, "union");
  description.parents.clear();
  for (const DStream<T>& stream : streams) {
    CheckCombinable(first, stream);
    description.parents.push_back(stream.id());
  }
  return AddNode<T>(first.graph(), MakePassThroughNode<T>(std::move(description)));
}

// A global aggregate: exactly one reduce partition, which sees every partial.
template <class A, class T>
DStream<A> AddAggregate(const DStream<T>& parent, std::string op, Aggregator<T, A> aggregator) {
  NodeDescription description = Describe(parent, NodeKind::kShuffle, std::move(op));
  description.num_partitions = 1;
  return AddNode<A>(parent.graph(),
                    std::make_unique<AggregateNode<T, A>>(std::move(description), std::move(aggregator)));
}

// count's aggregate: how many records, 0 for an empty batch.
template <class T>
Aggregator<T, int64_t> CountAggregator() {
  return Aggregator<T, int64_t>{
      .create = [](T&&) { return int64_t{1}; },
      .merge_value = [](int64_t& total, T&&) { ++total; },
      .merge_partials = [](int64_t& total, int64_t&& partial) { total += partial; },
      .empty_result = 0,
  };
}

// reduce's aggregate: the records merged with f; none for an empty batch.
template <class T, class F>
Aggregator<T, T> ReduceAggregator(F f) {
  return Aggregator<T, T>{
      .create = [](T&& value) { return std::move(value); },
      .merge_value = [f](T& acc, T&& value) { acc = std::invoke(f, std::move(acc), std::move(value)); },
      .merge_partials = [f](T& acc, T&& value) { acc = std::invoke(f, std::move(acc), std::move(value)); },
      .empty_result = std::nullopt,
  };
}

// Counts added, and taken out of a window (countByValue, countByWindow, countByValueAndWindow).
inline constexpr auto kAddCounts = [](int64_t a, int64_t b) { return a + b; };
inline constexpr auto kSubtractCounts = [](int64_t a, int64_t b) { return a - b; };

// The node under every keyed aggregation of a pair stream. The functions have Spark's shapes: create(V) -> C,
// merge_value(C, V) -> C, merge_combiners(C, C) -> C.
template <class T, class Create, class MergeValue, class MergeCombiners>
auto AddCombineByKey(const DStream<T>& parent, std::string op, Create create, MergeValue merge_value,
                     MergeCombiners merge_combiners, int num_partitions, bool map_side_combine) {
  using K = typename T::first_type;
  using V = typename T::second_type;
  using C = std::decay_t<std::invoke_result_t<const Create&, V&&>>;
  CheckPartitionsNotNegative(num_partitions);
  Combiner<K, V, C> combiner{
      .create = [create = std::move(create)](V&& v) -> C { return std::invoke(create, std::move(v)); },
      .merge_value = [merge_value = std::move(merge_value)](C& acc, V&& v) {
        acc = std::invoke(merge_value, std::move(acc), std::move(v));
      },
      .merge_combiners = [merge_combiners = std::move(merge_combiners)](C& acc, C&& other) {
        acc = std::invoke(merge_combiners, std::move(acc), std::move(other));
      },
      .map_side_combine = map_side_combine,
  };
  NodeDescription description = Describe(parent, NodeKind::kShuffle, std::move(op));
  description.num_partitions = num_partitions;
  return AddNode<std::pair<K, C>>(
      parent.graph(), std::make_unique<CombineByKeyNode<K, V, C>>(std::move(description), std::move(combiner)));
}

// groupByKey's combiner functions: a key's values in a vector, in the order they came.
template <class V>
auto NewGroup() {
  return [](V&& value) { return std::vector<V>{std::move(value)}; };
}
template <class V>
auto AppendToGroup() {
  return [](std::vector<V> group, V&& value) {
    group.push_back(std::move(value));
    return group;
  };
}
template <class V>
auto ConcatenateGroups() {
  return [](std::vector<V> group, std::vector<V>&& more) {
    group.insert(group.end(), std::make_move_iterator(more.begin()), std::make_move_iterator(more.end()));
    return group;
  };
}

// reduceByKeyAndWindow with an inverse, over `reduced` (the parent reduced by key per batch).
template <class K, class V, class F, class G>
DStream<std::pair<K, V>> AddReducedWindow(const DStream<std::pair<K, V>>& reduced, F f, G inverse,
                                          Duration window_length, Duration slide,
                                          std::function<bool(const std::pair<K, V>&)> filter) {
  NodeDescription description = Describe(reduced, NodeKind::kNarrow, "reducedWindow");
  DescribeWindow(description, window_length, slide);
  auto as_reduce = [](auto function) {
    return [function = std::move(function)](V&& a, V&& b) -> V {
      return std::invoke(function, std::move(a), std::move(b));
    };
  };
  return AddNode<std::pair<K, V>>(
      reduced.graph(), std::make_unique<ReducedWindowNode<K, V>>(std::move(description), as_reduce(std::move(f)),
                                                                 as_reduce(std::move(inverse)), std::move(filter)));
}

// updateStateByKey, whatever the form of its update.
template <class S, class K, class V>
DStream<std::pair<K, S>> AddState(const DStream<std::pair<K, V>>& parent, PartitionStateUpdate<K, V, S> update,
                                  int num_partitions, std::vector<std::pair<K, S>> initial_state) {
  CheckPartitionsNotNegative(num_partitions);
  NodeDescription description = Describe(parent, NodeKind::kShuffle, "updateStateByKey");
  description.num_partitions = num_partitions;
  parent.graph()->RequireCheckpoint();
  return AddNode<std::pair<K, S>>(
      parent.graph(), std::make_unique<UpdateStateByKeyNode<K, V, S>>(std::move(description), std::move(update),
                                                                      std::move(initial_state)));
}

template <class K, class V, class S, class M>
MapWithStateDStream<K, V, S, M> AddMapWithState(const DStream<std::pair<K, V>>& parent, StateSpec<K, V, S, M> spec) {
  NodeDescription description = Describe(parent, NodeKind::kShuffle, "mapWithState");
  description.num_partitions = spec.num_partitions();
  if (spec.timeout()) description.params["timeout_ms"] = std::to_string(spec.timeout()->milliseconds());
  parent.graph()->RequireCheckpoint();
  int32_t id = description.id;
  parent.graph()->Add(std::make_unique<MapWithStateNode<K, V, S, M>>(std::move(description), std::move(spec)));
  return MapWithStateDStream<K, V, S, M>(parent.graph(), id);
}

// cogroup: one shuffle of both streams by key.
template <class K, class V, class W>
DStream<Cogrouped<K, V, W>> AddCogroup(const DStream<std::pair<K, V>>& parent, const DStream<std::pair<K, W>>& other,
                                       int num_partitions) {
  CheckCombinable(parent, other);
  CheckPartitionsNotNegative(num_partitions);
  NodeDescription description = Describe(parent, NodeKind::kShuffle, "cogroup");
  description.parents.push_back(other.id());
  description.num_partitions = num_partitions;
  return AddNode<Cogrouped<K, V, W>>(parent.graph(), std::make_unique<CogroupNode<K, V, W>>(std::move(description)));
}

// A join: the narrow step after a cogroup that pairs each key's values, L and R being each side's value type or
// std::optional of it (outer joins).
template <class L, class R, class K, class V, class W>
DStream<std::pair<K, std::pair<L, R>>> AddJoin(const DStream<Cogrouped<K, V, W>>& cogrouped, std::string op) {
  using Join = JoinStep<K, V, W, L, R>;
  return AddStep<typename Join::Out>(cogrouped, std::move(op), Join());
}

}  // namespace dstream_internal
}  // namespace sluice

#endif  // SLUICE_DRIVER_API_INTERNAL_DSTREAM_BUILDERS_H_
