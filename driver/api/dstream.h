#ifndef SLUICE_DRIVER_API_DSTREAM_H_
#define SLUICE_DRIVER_API_DSTREAM_H_

// DStream<T>: a stream of batches of T, as in Spark Streaming. Each operation adds a node to the context's
// graph. User functions must be callable as const (they run on many partitions at once) and must not depend
// on anything but their arguments and captures, because every worker rebuilds the graph from the job library.
//
// The operations by family, in the order below (README.md's "API" section has a table of each, with examples):
//   narrow     map, flatMap, filter, mapPartitions, glom, repartition, union_, Union, transform, transformWith
//   aggregate  count, reduce, countByValue
//   pair       mapValues, flatMapValues, combineByKey, reduceByKey, groupByKey
//   window     window, countByWindow, reduceByWindow, countByValueAndWindow, reduceByKeyAndWindow,
//              groupByKeyAndWindow
//   state      updateStateByKey, mapWithState (and MapWithStateDStream::stateSnapshots)
//   join       cogroup, join, leftOuterJoin, rightOuterJoin, fullOuterJoin
//   output     pprint, print, foreachRDD, saveAsTextFiles
// The pair, state and join operations, and the windows by key, need a stream of pairs (KeyValuePair). RDD<T>
// (driver/api/rdd.h) is one batch of a stream, inside transform. The nodes the operations add are the runtime's
// (runtime/*_nodes.h); their checks and builders are driver/api/internal/dstream_builders.h.

#include <concepts>
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
#include "driver/api/foreach_rdd.h"
#include "driver/api/internal/dstream_builders.h"
#include "driver/api/state.h"
#include "runtime/job_graph.h"
#include "runtime/map_with_state_nodes.h"
#include "runtime/narrow_nodes.h"
#include "runtime/output_nodes.h"
#include "runtime/shuffle_nodes.h"
#include "runtime/state_nodes.h"
#include "runtime/text_file_output.h"

namespace sluice {

namespace dstream_internal {

// The parts of a record type that is a (key, value) pair. For any other type the parts are a placeholder, so
// that the signatures of the pair operations may name them; those operations require KeyValuePair.
struct NotAPair {};
template <class T>
struct PairParts {
  static constexpr bool kIsPair = false;
  using Key = NotAPair;
  using Value = NotAPair;
};
template <class K, class V>
struct PairParts<std::pair<K, V>> {
  static constexpr bool kIsPair = true;
  using Key = K;
  using Value = V;
};

}  // namespace dstream_internal

// A record type std::pair<K, V>: what the pair, window-by-key, state and join operations need.
template <class T>
concept KeyValuePair = dstream_internal::PairParts<T>::kIsPair;

// The key and value types of a pair stream's records.
template <class T>
using KeyOf = typename dstream_internal::PairParts<T>::Key;
template <class T>
using ValueOf = typename dstream_internal::PairParts<T>::Value;

// The second argument of the incremental reduceByWindow and reduceByKeyAndWindow (f, inverse, length, slide):
// a function, which tells them from the plain ones (f, length, slide).
template <class G>
concept InverseReduceFunction = !std::is_convertible_v<G, Duration>;

// What a user function returns, as a record type (mapValues, combineByKey).
template <class F, class... Args>
using ResultOf = std::decay_t<std::invoke_result_t<const F&, Args...>>;

// The element type of the container a user function returns (flatMap, mapPartitions, flatMapValues).
template <class R>
using ElementOf = std::decay_t<decltype(*std::begin(std::declval<R&>()))>;

template <class K, class V, class S, class M>
class MapWithStateDStream;
template <class T>
class RDD;

template <class T>
class DStream {
 public:
  using value_type = T;

  DStream(std::shared_ptr<GraphBuilder> graph, int32_t id) : graph_(std::move(graph)), id_(id) {}

  int32_t id() const { return id_; }
  // The graph this stream belongs to, for what builds on a stream from outside this class (the builders,
  // driver/api/testing/collect.h).
  const std::shared_ptr<GraphBuilder>& graph() const { return graph_; }
  // The interval at which this stream has a data set: the batch interval, or a window's slide.
  Duration slideDuration() const { return graph_->slide_duration(id_); }

  // ---- Narrow: per record or per partition, without a shuffle (but repartition, which deals records out).

  // Applies f to every record.
  template <class F, class U = std::decay_t<std::invoke_result_t<const F&, T&&>>>
  DStream<U> map(F f) const {
    auto step = [f = std::move(f)](T&& value, Sink<U>& out) { out.Push(std::invoke(f, std::move(value))); };
    return dstream_internal::AddStep<U>(*this, "map", std::move(step));
  }

  // Applies f to every record; f returns a container whose elements all become records.
  template <class F, class R = std::invoke_result_t<const F&, T&&>, class U = ElementOf<R>>
  DStream<U> flatMap(F f) const {
    auto step = [f = std::move(f)](T&& value, Sink<U>& out) {
      R results = std::invoke(f, std::move(value));
      for (auto& result : results) out.Push(U(std::move(result)));
    };
    return dstream_internal::AddStep<U>(*this, "flatMap", std::move(step));
  }

  // Keeps the records for which f is true.
  template <class F>
  DStream<T> filter(F f) const {
    auto step = [f = std::move(f)](T&& value, Sink<T>& out) {
      if (std::invoke(f, static_cast<const T&>(value))) out.Push(std::move(value));
    };
    return dstream_internal::AddStep<T>(*this, "filter", std::move(step));
  }

  // Applies f once per partition: f takes the partition's records (std::vector<T>) and returns a container
  // whose elements all become records. f runs for empty partitions too.
  template <class F, class R = std::invoke_result_t<const F&, std::vector<T>&&>, class U = ElementOf<R>>
  DStream<U> mapPartitions(F f) const {
    auto step = [f = std::move(f)](std::vector<T>&& records, Sink<U>& out) {
      R results = std::invoke(f, std::move(records));
      for (auto& result : results) out.Push(U(std::move(result)));
    };
    return dstream_internal::AddPartitionStep<U>(*this, "mapPartitions", std::move(step));
  }

  // One record per partition: the partition's records, in order (an empty partition gives an empty vector).
  DStream<std::vector<T>> glom() const {
    auto step = [](std::vector<T>&& records, Sink<std::vector<T>>& out) { out.Push(std::move(records)); };
    return dstream_internal::AddPartitionStep<std::vector<T>>(*this, "glom", step);
  }

  // Exactly n partitions, the records dealt to them in turn (a shuffle without a key).
  DStream<T> repartition(int num_partitions) const {
    dstream_internal::CheckPositivePartitions(num_partitions);
    NodeDescription description = dstream_internal::Describe(*this, NodeKind::kShuffle, "repartition");
    description.num_partitions = num_partitions;
    return dstream_internal::AddNode<T>(graph_, std::make_unique<RepartitionNode<T>>(std::move(description)));
  }

  // The records of this stream and of `other`: this stream's partitions, then the other's.
  DStream<T> union_(const DStream<T>& other) const { return Union({*this, other}); }

  // Spark's StreamingContext.union: the records of every stream, partitions in the order of the streams. The
  // streams must belong to one context and have the same slide duration.
  static DStream<T> Union(const std::vector<DStream<T>>& streams) {
    if (streams.empty()) throw IllegalArgumentError("requirement failed: List of DStreams to union is empty");
    return dstream_internal::AddUnion(streams);
  }

  // Spark's transform: f(RDD<T> batch[, Time batch_time]) -> RDD<U> describes what to do with each batch's data
  // set (driver/api/rdd.h). The stream needs a data set from this one every batch. Defined in rdd.h.
  template <class F>
  auto transform(F f) const;
  // Spark's transformWith: f(RDD<T>, RDD<W>[, Time]) -> RDD<U> of the two streams' batches (same context and slide).
  template <class W, class F>
  auto transformWith(const DStream<W>& other, F f) const;

  // ---- Aggregate: one record per batch, from a single reduce partition.

  // How many records the batch has (0 for an empty batch).
  DStream<int64_t> count() const {
    return dstream_internal::AddAggregate<int64_t>(*this, "count", dstream_internal::CountAggregator<T>());
  }

  // The batch's records merged with an associative and commutative f; nothing for an empty batch.
  template <class F>
  DStream<T> reduce(F f) const {
    return dstream_internal::AddAggregate<T>(*this, "reduce", dstream_internal::ReduceAggregator<T>(f));
  }

  // (value, number of occurrences in the batch). num_partitions 0 uses the application's default parallelism.
  DStream<std::pair<T, int64_t>> countByValue(int num_partitions = 0) const {
    using Counted = std::pair<T, int64_t>;
    auto with_one = [](T&& value, Sink<Counted>& out) { out.Push(Counted(std::move(value), 1)); };
    return dstream_internal::AddCombineByKey(dstream_internal::AddStep<Counted>(*this, "countByValue", with_one),
                                             "countByValue", std::identity(), dstream_internal::kAddCounts,
                                             dstream_internal::kAddCounts, num_partitions, /*map_side_combine=*/true);
  }

  // ---- Pair: streams of std::pair<K, V>, per batch. num_partitions 0 uses the application's default parallelism.

  // Applies f to every value, keeping the keys.
  template <class F>
    requires KeyValuePair<T>
  DStream<std::pair<KeyOf<T>, ResultOf<F, ValueOf<T>&&>>> mapValues(F f) const {
    using Out = std::pair<KeyOf<T>, ResultOf<F, ValueOf<T>&&>>;
    auto step = [f = std::move(f)](T&& record, Sink<Out>& out) {
      out.Push(Out(std::move(record.first), std::invoke(f, std::move(record.second))));
    };
    return dstream_internal::AddStep<Out>(*this, "mapValues", std::move(step));
  }

  // f returns a container for every value; each of its elements becomes a record with the key.
  template <class F>
    requires KeyValuePair<T>
  DStream<std::pair<KeyOf<T>, ElementOf<std::invoke_result_t<const F&, ValueOf<T>&&>>>> flatMapValues(F f) const {
    using R = std::invoke_result_t<const F&, ValueOf<T>&&>;
    using W = ElementOf<R>;
    using Out = std::pair<KeyOf<T>, W>;
    auto step = [f = std::move(f)](T&& record, Sink<Out>& out) {
      R results = std::invoke(f, std::move(record.second));
      for (auto& result : results) out.Push(Out(record.first, W(std::move(result))));
    };
    return dstream_internal::AddStep<Out>(*this, "flatMapValues", std::move(step));
  }

  // Spark's combineByKey. create makes a combiner C from a key's first value in a partition, merge_value(C, V) -> C
  // adds a value, merge_combiners(C, C) -> C merges the combiners of two partitions. With map_side_combine false
  // every record crosses the shuffle as (key, create(value)).
  template <class Create, class MergeValue, class MergeCombiners>
    requires KeyValuePair<T>
  DStream<std::pair<KeyOf<T>, ResultOf<Create, ValueOf<T>&&>>> combineByKey(Create create, MergeValue merge_value,
                                                                            MergeCombiners merge_combiners,
                                                                            int num_partitions = 0,
                                                                            bool map_side_combine = true) const {
    return dstream_internal::AddCombineByKey(*this, "combineByKey", std::move(create), std::move(merge_value),
                                             std::move(merge_combiners), num_partitions, map_side_combine);
  }

  // Merges the values of each key with an associative and commutative f.
  template <class F>
    requires KeyValuePair<T>
  DStream<T> reduceByKey(F f, int num_partitions = 0) const {
    return dstream_internal::AddCombineByKey(*this, "reduceByKey", std::identity(), f, f, num_partitions,
                                             /*map_side_combine=*/true);
  }

  // (key, every value of the key in the batch). No map-side combining, as in Spark: it would not make less data
  // cross the shuffle.
  DStream<std::pair<KeyOf<T>, std::vector<ValueOf<T>>>> groupByKey(int num_partitions = 0) const
    requires KeyValuePair<T>
  {
    using V = ValueOf<T>;
    return dstream_internal::AddCombineByKey(*this, "groupByKey", dstream_internal::NewGroup<V>(),
                                             dstream_internal::AppendToGroup<V>(),
                                             dstream_internal::ConcatenateGroups<V>(), num_partitions,
                                             /*map_side_combine=*/false);
  }

  // ---- Window (Spark's window operations). Window lengths and slides must be multiples of this stream's slide;
  // a windowed stream has data only at multiples of its slide. num_partitions 0: the default.

  // The records of the batches in (T - window_length, T], at every multiple T of the slide (default: this
  // stream's slide), in time order, then partition order.
  DStream<T> window(Duration window_length) const { return window(window_length, slideDuration()); }
  DStream<T> window(Duration window_length, Duration slide) const {
    dstream_internal::CheckWindow(window_length, slide, slideDuration());
    NodeDescription description = dstream_internal::Describe(*this, NodeKind::kNarrow, "window");
    dstream_internal::DescribeWindow(description, window_length, slide);
    return dstream_internal::AddNode<T>(graph_, MakePassThroughNode<T>(std::move(description)));
  }

  // One record per window, incrementally (needs ssc.checkpoint(dir)): how many records it has. As Spark's
  // map(_ => 1L).reduceByWindow(_ + _, _ - _): nothing until a window has had a record, then the running count,
  // 0 included, even for a window whose batches have no data set.
  DStream<int64_t> countByWindow(Duration window_length, Duration slide) const {
    return map([](const T&) { return int64_t{1}; })
        .reduceByWindow(dstream_internal::kAddCounts, dstream_internal::kSubtractCounts, window_length, slide);
  }

  // One record per window: its records merged with f (nothing for an empty window); reduced per batch first.
  template <class F>
  DStream<T> reduceByWindow(F f, Duration window_length, Duration slide) const {
    return reduce(f).window(window_length, slide).reduce(f);
  }

  // One record per window, incrementally (needs ssc.checkpoint(dir)): as reduceByKeyAndWindow on a single key.
  template <class F, InverseReduceFunction G>
  DStream<T> reduceByWindow(F f, G inverse, Duration window_length, Duration slide) const {
    using Keyed = std::pair<int32_t, T>;
    return map([](T value) { return Keyed(1, std::move(value)); })
        .reduceByKeyAndWindow(std::move(f), std::move(inverse), window_length, slide, 1)
        .map([](Keyed keyed) { return std::move(keyed.second); });
  }

  // (value, occurrences in the window).
  DStream<std::pair<T, int64_t>> countByValueAndWindow(Duration window_length, Duration slide,
                                                       int num_partitions = 0) const {
    graph_->RequireCheckpoint();  // Spark builds it on the inverse reduceByKeyAndWindow
    return countByValue(num_partitions)
        .reduceByKeyAndWindow(dstream_internal::kAddCounts, window_length, slide, num_partitions);
  }

  // Pair streams: each key's values in the window merged with f: reduceByKey per batch, window, reduceByKey.
  template <class F>
    requires KeyValuePair<T>
  DStream<T> reduceByKeyAndWindow(F f, Duration window_length) const {
    return reduceByKeyAndWindow(std::move(f), window_length, slideDuration());
  }
  template <class F>
    requires KeyValuePair<T>
  DStream<T> reduceByKeyAndWindow(F f, Duration window_length, Duration slide, int num_partitions = 0) const {
    return reduceByKey(f, num_partitions).window(window_length, slide).reduceByKey(f, num_partitions);
  }

  // Pair streams, incrementally (needs ssc.checkpoint(dir)): the window at T is the one at T - slide, with the
  // per-batch reduced values that left it taken out by inverse(a, b) (which undoes f) and those that entered
  // merged in by f. A key stays, with the value the inverse leaves, once its values left the window, unless
  // filter (optional) drops it.
  template <class F, InverseReduceFunction G>
    requires KeyValuePair<T>
  DStream<T> reduceByKeyAndWindow(F f, G inverse, Duration window_length, Duration slide, int num_partitions = 0,
                                  std::function<bool(const T&)> filter = nullptr) const {
    dstream_internal::CheckWindow(window_length, slide, slideDuration());
    graph_->RequireCheckpoint();
    DStream<T> reduced = reduceByKey(f, num_partitions);
    return dstream_internal::AddReducedWindow(reduced, std::move(f), std::move(inverse), window_length, slide,
                                              std::move(filter));
  }

  // Pair streams: (key, its values in the window): groupByKey per batch, window, then the groups concatenated.
  DStream<std::pair<KeyOf<T>, std::vector<ValueOf<T>>>> groupByKeyAndWindow(Duration window_length) const
    requires KeyValuePair<T>
  {
    return groupByKeyAndWindow(window_length, slideDuration());
  }
  DStream<std::pair<KeyOf<T>, std::vector<ValueOf<T>>>> groupByKeyAndWindow(Duration window_length, Duration slide,
                                                                            int num_partitions = 0) const
    requires KeyValuePair<T>
  {
    auto concatenate = dstream_internal::ConcatenateGroups<ValueOf<T>>();
    return groupByKey(num_partitions)
        .window(window_length, slide)
        .combineByKey(std::identity(), concatenate, concatenate, num_partitions);
  }

  // ---- State (needs ssc.checkpoint(dir)); pair streams. The types are driver/api/state.h's.
  //
  // Spark's updateStateByKey: the state is kept per key across batches, partitioned by key into num_partitions
  // (0: the default); update runs every batch for every key with state or new values (an empty list when it has
  // none) and returns the new state, or nullopt to remove the key. initial_state: the (key, state) pairs the
  // first batch starts from (Spark's initialRDD).

  // update(const std::vector<V>& values, const std::optional<S>& state) -> std::optional<S>.
  template <class S, class F>
    requires KeyValuePair<T> &&
             std::is_invocable_r_v<std::optional<S>, const F&, const std::vector<ValueOf<T>>&, const std::optional<S>&>
  DStream<std::pair<KeyOf<T>, S>> updateStateByKey(F update, int num_partitions = 0,
                                                   std::vector<std::pair<KeyOf<T>, S>> initial_state = {}) const {
    using K = KeyOf<T>;
    using V = ValueOf<T>;
    return dstream_internal::AddState<S, K, V>(*this, PerKeyStateUpdate<K, V, S>(std::move(update)), num_partitions,
                                               std::move(initial_state));
  }
  // update(Time batch_time, const K& key, const std::vector<V>& values, const std::optional<S>& state)
  // -> std::optional<S>; or Spark's iterator form, update(std::vector<StateEntry<K, V, S>>&&) ->
  // std::vector<std::pair<K, S>>, every (key, values, state) of a partition in, the states to keep out.
  // remember_partitioner has no effect: the state always stays partitioned by key.
  template <class S, class F>
    requires KeyValuePair<T>
  DStream<std::pair<KeyOf<T>, S>> updateStateByKey(F update, int num_partitions, bool /*remember_partitioner*/,
                                                   std::vector<std::pair<KeyOf<T>, S>> initial_state = {}) const {
    using K = KeyOf<T>;
    using V = ValueOf<T>;
    if constexpr (std::is_invocable_v<const F&, Time, const K&, const std::vector<V>&, const std::optional<S>&>) {
      return dstream_internal::AddState<S, K, V>(*this, TimedStateUpdate<K, V, S>(std::move(update)), num_partitions,
                                                 std::move(initial_state));
    } else {
      return dstream_internal::AddState<S, K, V>(*this, PartitionWideStateUpdate<K, V, S>(std::move(update)),
                                                 num_partitions, std::move(initial_state));
    }
  }

  // Spark's mapWithState. The spec's function runs once for every record of the batch, with the key's state, and
  // what it returns is the stream's record; a key idle for longer than the spec's timeout gets one more call (no
  // value, isTimingOut()) and is removed, in the first batch after the timeout (Spark checks only at
  // checkpoints). A batch costs in proportion to the keys it touches: each partition's state stays on one
  // worker. stateSnapshots() is every (key, state) after each batch.
  template <class K, class V, class S, class M>
    requires KeyValuePair<T> && std::same_as<T, std::pair<K, V>>
  MapWithStateDStream<K, V, S, M> mapWithState(StateSpec<K, V, S, M> spec) const {
    return dstream_internal::AddMapWithState(*this, std::move(spec));
  }

  // ---- Join: two pair streams with one key type, of one context and slide, per batch (Spark's cogroup and
  // joins). Each is one shuffle of both streams by key, into num_partitions partitions (0: the application's
  // default parallelism); a join is a narrow step after it. Throws IllegalArgumentError, with Spark's message,
  // when the streams differ in context or slide duration. A batch for which either stream has no data set fails
  // the job, as in Spark.

  // (key, (this stream's values of the key, the other's)), for every key of either stream; a side without
  // values has an empty vector.
  template <class K, class W>
    requires KeyValuePair<T> && std::same_as<K, KeyOf<T>>
  DStream<Cogrouped<K, ValueOf<T>, W>> cogroup(const DStream<std::pair<K, W>>& other, int num_partitions = 0) const {
    return dstream_internal::AddCogroup(*this, other, num_partitions);
  }

  // (key, (v, w)) for every v of this stream and w of the other with that key.
  template <class K, class W>
    requires KeyValuePair<T> && std::same_as<K, KeyOf<T>>
  DStream<std::pair<K, std::pair<ValueOf<T>, W>>> join(const DStream<std::pair<K, W>>& other,
                                                       int num_partitions = 0) const {
    return dstream_internal::AddJoin<ValueOf<T>, W>(cogroup(other, num_partitions), "join");
  }

  // As join, and (key, (v, None)) for the keys the other stream lacks.
  template <class K, class W>
    requires KeyValuePair<T> && std::same_as<K, KeyOf<T>>
  DStream<std::pair<K, std::pair<ValueOf<T>, std::optional<W>>>> leftOuterJoin(const DStream<std::pair<K, W>>& other,
                                                                               int num_partitions = 0) const {
    return dstream_internal::AddJoin<ValueOf<T>, std::optional<W>>(cogroup(other, num_partitions), "leftOuterJoin");
  }

  // As join, and (key, (None, w)) for the keys this stream lacks.
  template <class K, class W>
    requires KeyValuePair<T> && std::same_as<K, KeyOf<T>>
  DStream<std::pair<K, std::pair<std::optional<ValueOf<T>>, W>>> rightOuterJoin(const DStream<std::pair<K, W>>& other,
                                                                                int num_partitions = 0) const {
    return dstream_internal::AddJoin<std::optional<ValueOf<T>>, W>(cogroup(other, num_partitions), "rightOuterJoin");
  }

  // As join, and (key, (v, None)) or (key, (None, w)) for the keys only one stream has.
  template <class K, class W>
    requires KeyValuePair<T> && std::same_as<K, KeyOf<T>>
  DStream<std::pair<K, std::pair<std::optional<ValueOf<T>>, std::optional<W>>>> fullOuterJoin(
      const DStream<std::pair<K, W>>& other, int num_partitions = 0) const {
    return dstream_internal::AddJoin<std::optional<ValueOf<T>>, std::optional<W>>(cogroup(other, num_partitions),
                                                                                  "fullOuterJoin");
  }

  // ---- Output: what becomes of every batch. An application needs at least one.

  // Prints the first `num` records of every batch on the driver, in Spark's format.
  void pprint(int num = 10) const {
    NodeDescription description = dstream_internal::Describe(*this, NodeKind::kOutput, "pprint");
    description.params["num"] = std::to_string(num);
    graph_->Add(std::make_unique<CollectingOutputNode<T>>(std::move(description)));
  }
  void print(int num = 10) const { pprint(num); }

  // Runs f(const BatchRDD<T>& rdd[, Time batch_time]) on the driver for every batch, in batch order and after the
  // output operations defined before it. The batch's data set stays on the workers: f brings to the driver what
  // it collects (rdd.collect(), take(n), first()); rdd.count() is known without moving data (foreach_rdd.h).
  template <class F>
  void foreachRDD(F f) const {
    ForeachRDDFunction<T> function;
    if constexpr (std::is_invocable_v<const F&, const BatchRDD<T>&, Time>) {
      function = std::move(f);
    } else {
      function = [f = std::move(f)](const BatchRDD<T>& rdd, Time) { std::invoke(f, rdd); };
    }
    graph_->Add(std::make_unique<ForeachRDDNode<T>>(dstream_internal::Describe(*this, NodeKind::kOutput, "foreachRDD"),
                                                    std::move(function)));
  }

  // Writes every batch to the directory prefix-<ms>.suffix (prefix-<ms> without a suffix): one text file per
  // partition (part-00000, ...) with one record per line, and _SUCCESS. A batch's directory appears complete or
  // not at all. The prefix must be on a file system that the driver and the workers share
  // (runtime/text_file_output.h).
  void saveAsTextFiles(const std::string& prefix, const std::string& suffix = "") const {
    if (prefix.empty()) throw IllegalArgumentError("saveAsTextFiles: the prefix of the output directories is empty");
    NodeDescription description = dstream_internal::Describe(*this, NodeKind::kOutput, "saveAsTextFiles");
    description.params["prefix"] = prefix;
    description.params["suffix"] = suffix;
    graph_->Add(std::make_unique<TextFileOutputNode<T>>(std::move(description)));
  }

 private:
  std::shared_ptr<GraphBuilder> graph_;
  int32_t id_;
};

// What mapWithState returns: the stream of mapped records, and the state itself.
template <class K, class V, class S, class M>
class MapWithStateDStream final : public DStream<M> {
 public:
  using DStream<M>::DStream;

  // Every (key, state) after each batch.
  DStream<std::pair<K, S>> stateSnapshots() const {
    NodeDescription description = dstream_internal::Describe(*this, NodeKind::kNarrow, "stateSnapshots");
    return dstream_internal::AddNode<std::pair<K, S>>(
        this->graph(), std::make_unique<StateSnapshotsNode<K, S>>(std::move(description)));
  }
};

}  // namespace sluice

// RDD and the definitions of transform and transformWith, at the end and not at the top: RDD<T> holds a
// DStream<T>, so it needs the class above complete, and transform's body needs RDD<T> complete. Included here so
// that dstream.h alone gives a DStream whose every operation is defined.
#include "driver/api/rdd.h"  // IWYU pragma: export

#endif  // SLUICE_DRIVER_API_DSTREAM_H_
