#ifndef SLUICE_DRIVER_API_DSTREAM_H_
#define SLUICE_DRIVER_API_DSTREAM_H_

// DStream<T>: a stream of batches of T, as in Spark Streaming. Each operation adds a node to the context's
// graph. User functions must be callable as const (they run on many partitions at once) and must not depend
// on anything but their arguments and captures, because every worker rebuilds the graph from the job library.

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

#include "driver/api/errors.h"
#include "driver/api/foreach_rdd.h"
#include "runtime/aggregate_nodes.h"
#include "runtime/cogroup_nodes.h"
#include "runtime/job_graph.h"
#include "runtime/map_with_state_nodes.h"
#include "runtime/narrow_nodes.h"
#include "runtime/output_nodes.h"
#include "runtime/reduced_window_node.h"
#include "runtime/shuffle_nodes.h"
#include "runtime/state_nodes.h"
#include "runtime/text_file_output.h"

namespace sluice {

template <class T>
struct IsPair : std::false_type {};
template <class K, class V>
struct IsPair<std::pair<K, V>> : std::true_type {};

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
  // The graph this stream belongs to, for operations defined outside this class (driver/api/testing/collect.h).
  const std::shared_ptr<GraphBuilder>& graph() const { return graph_; }
  // The interval at which this stream has a data set: the batch interval, or a window's slide.
  Duration slideDuration() const { return graph_->slide_duration(id_); }

  // Applies f to every record.
  template <class F, class U = std::decay_t<std::invoke_result_t<const F&, T&&>>>
  DStream<U> map(F f) const {
    auto step = [f = std::move(f)](T&& value, Sink<U>& out) { out.Push(std::invoke(f, std::move(value))); };
    return AddStep<U>("map", std::move(step));
  }

  // Applies f to every record; f returns a container whose elements all become records.
  template <class F, class R = std::invoke_result_t<const F&, T&&>, class U = ElementOf<R>>
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

  // Applies f once per partition: f takes the partition's records (std::vector<T>) and returns a container
  // whose elements all become records. f runs for empty partitions too.
  template <class F, class R = std::invoke_result_t<const F&, std::vector<T>&&>, class U = ElementOf<R>>
  DStream<U> mapPartitions(F f) const {
    auto step = [f = std::move(f)](std::vector<T>&& records, Sink<U>& out) {
      R results = std::invoke(f, std::move(records));
      for (auto& result : results) out.Push(U(std::move(result)));
    };
    return AddPartitionStep<U>("mapPartitions", std::move(step));
  }

  // One record per partition: the partition's records, in order (an empty partition gives an empty vector).
  DStream<std::vector<T>> glom() const {
    auto step = [](std::vector<T>&& records, Sink<std::vector<T>>& out) { out.Push(std::move(records)); };
    return AddPartitionStep<std::vector<T>>("glom", step);
  }

  // Exactly n partitions, the records dealt to them in turn (a shuffle without a key).
  DStream<T> repartition(int num_partitions) const {
    if (num_partitions <= 0) {
      throw IllegalArgumentError("requirement failed: Number of partitions (" + std::to_string(num_partitions) +
                                 ") must be positive.");
    }
    NodeDescription description = Describe(NodeKind::kShuffle, "repartition");
    description.num_partitions = num_partitions;
    return AddNode<T>(std::make_unique<RepartitionNode<T>>(std::move(description)));
  }

  // The records of this stream and of `other`: this stream's partitions, then the other's.
  DStream<T> union_(const DStream<T>& other) const { return Union({*this, other}); }

  // Spark's StreamingContext.union: the records of every stream, partitions in the order of the streams. The
  // streams must belong to one context and have the same slide duration.
  static DStream<T> Union(const std::vector<DStream<T>>& streams) {
    if (streams.empty()) throw IllegalArgumentError("requirement failed: List of DStreams to union is empty");
    const DStream<T>& first = streams.front();
    NodeDescription description = first.Describe(NodeKind::kNarrow, "union");
    description.parents.clear();
    for (const DStream<T>& stream : streams) {
      if (stream.graph_ != first.graph_) {
        throw IllegalArgumentError("requirement failed: Some of the DStreams have different contexts");
      }
      if (stream.slideDuration() != first.slideDuration()) {
        throw IllegalArgumentError("requirement failed: Some of the DStreams have different slide durations");
      }
      description.parents.push_back(stream.id_);
    }
    return first.AddNode<T>(MakePassThroughNode<T>(std::move(description)));
  }

  // Spark's transform: f(RDD<T> batch[, Time batch_time]) -> RDD<U> describes what to do with each batch's data
  // set (driver/api/rdd.h). The stream needs a data set from this one every batch. Defined in rdd.h.
  template <class F>
  auto transform(F f) const;
  // Spark's transformWith: f(RDD<T>, RDD<W>[, Time]) -> RDD<U> of the two streams' batches (same context and slide).
  template <class W, class F>
  auto transformWith(const DStream<W>& other, F f) const;

  // One record per batch: how many records the batch has (0 for an empty batch).
  DStream<int64_t> count() const {
    Aggregator<T, int64_t> counter{
        .create = [](T&&) { return int64_t{1}; },
        .merge_value = [](int64_t& total, T&&) { ++total; },
        .merge_partials = [](int64_t& total, int64_t&& partial) { total += partial; },
        .empty_result = 0,
    };
    return AddAggregate<int64_t>("count", std::move(counter));
  }

  // One record per batch: the batch's records merged with an associative and commutative f; nothing for an
  // empty batch.
  template <class F>
  DStream<T> reduce(F f) const {
    Aggregator<T, T> reducer{
        .create = [](T&& value) { return std::move(value); },
        .merge_value = [f](T& acc, T&& value) { acc = std::invoke(f, std::move(acc), std::move(value)); },
        .merge_partials = [f](T& acc, T&& value) { acc = std::invoke(f, std::move(acc), std::move(value)); },
        .empty_result = std::nullopt,
    };
    return AddAggregate<T>("reduce", std::move(reducer));
  }

  // (value, number of occurrences in the batch). num_partitions 0 uses the application's default parallelism.
  DStream<std::pair<T, int64_t>> countByValue(int num_partitions = 0) const {
    using Counted = std::pair<T, int64_t>;
    auto with_one = [](T&& value, Sink<Counted>& out) { out.Push(Counted(std::move(value), 1)); };
    auto plus = [](int64_t a, int64_t b) { return a + b; };
    return AddStep<Counted>("countByValue", with_one)
        .AddCombineByKey("countByValue", std::identity(), plus, plus, num_partitions, /*map_side_combine=*/true);
  }

  // ---- Windows (Spark's window operations). Window lengths and slides must be multiples of this stream's
  // slide; a windowed stream has data only at multiples of its slide. num_partitions 0: the default.

  // The records of the batches in (T - window_length, T], at every multiple T of the slide (default: this
  // stream's slide), in time order, then partition order.
  DStream<T> window(Duration window_length) const { return window(window_length, slideDuration()); }
  DStream<T> window(Duration window_length, Duration slide) const {
    CheckWindow(window_length, slide);
    NodeDescription description = Describe(NodeKind::kNarrow, "window");
    description.params["window_ms"] = std::to_string(window_length.milliseconds());
    description.slide_ms = slide.milliseconds();
    return AddNode<T>(MakePassThroughNode<T>(std::move(description)));
  }

  // One record per window, incrementally (needs ssc.checkpoint(dir)): how many records it has. As Spark's
  // map(_ => 1L).reduceByWindow(_ + _, _ - _): nothing until a window has had a record, then the running count,
  // 0 included, even for a window whose batches have no data set.
  DStream<int64_t> countByWindow(Duration window_length, Duration slide) const {
    return map([](const T&) { return int64_t{1}; })
        .reduceByWindow([](int64_t a, int64_t b) { return a + b; }, [](int64_t a, int64_t b) { return a - b; },
                        window_length, slide);
  }

  // One record per window: its records merged with f (nothing for an empty window); reduced per batch first.
  template <class F>
  DStream<T> reduceByWindow(F f, Duration window_length, Duration slide) const {
    return reduce(f).window(window_length, slide).reduce(f);
  }

  // (value, occurrences in the window).
  DStream<std::pair<T, int64_t>> countByValueAndWindow(Duration window_length, Duration slide,
                                                       int num_partitions = 0) const {
    graph_->RequireCheckpoint();  // Spark builds it on the inverse reduceByKeyAndWindow
    return countByValue(num_partitions)
        .reduceByKeyAndWindow([](int64_t a, int64_t b) { return a + b; }, window_length, slide, num_partitions);
  }

  // Pair streams: each key's values in the window merged with f: reduceByKey per batch, window, reduceByKey.
  template <class F, class P = T>
    requires IsPair<P>::value
  DStream<T> reduceByKeyAndWindow(F f, Duration window_length) const {
    return reduceByKeyAndWindow(std::move(f), window_length, slideDuration());
  }
  template <class F, class P = T>
    requires IsPair<P>::value
  DStream<T> reduceByKeyAndWindow(F f, Duration window_length, Duration slide, int num_partitions = 0) const {
    return reduceByKey(f, num_partitions).window(window_length, slide).reduceByKey(f, num_partitions);
  }

  // Pair streams, incrementally (needs ssc.checkpoint(dir)): the window at T is the one at T - slide, with the
  // per-batch reduced values that left it taken out by inverse(a, b) (which undoes f) and those that entered
  // merged in by f. A key stays, with the value the inverse leaves, once its values left the window, unless
  // filter (optional) drops it. num_partitions 0: the default.
  template <class F, class G, class P = T>
    requires IsPair<P>::value && (!std::is_convertible_v<G, Duration>)
  DStream<T> reduceByKeyAndWindow(F f, G inverse, Duration window_length, Duration slide, int num_partitions = 0,
                                  std::function<bool(const T&)> filter = nullptr) const {
    using K = typename P::first_type;
    using V = typename P::second_type;
    CheckWindow(window_length, slide);
    graph_->RequireCheckpoint();
    DStream<T> reduced = reduceByKey(f, num_partitions);
    NodeDescription description = reduced.Describe(NodeKind::kNarrow, "reducedWindow");
    description.params["window_ms"] = std::to_string(window_length.milliseconds());
    description.slide_ms = slide.milliseconds();
    auto as_reduce = [](auto function) {
      return [function = std::move(function)](V&& a, V&& b) -> V {
        return std::invoke(function, std::move(a), std::move(b));
      };
    };
    return reduced.template AddNode<T>(std::make_unique<ReducedWindowNode<K, V>>(
        std::move(description), as_reduce(std::move(f)), as_reduce(std::move(inverse)), std::move(filter)));
  }

  // One record per window, incrementally (needs ssc.checkpoint(dir)): as reduceByKeyAndWindow on a single key.
  template <class F, class G>
    requires(!std::is_convertible_v<G, Duration>)
  DStream<T> reduceByWindow(F f, G inverse, Duration window_length, Duration slide) const {
    using Keyed = std::pair<int32_t, T>;
    return map([](T value) { return Keyed(1, std::move(value)); })
        .reduceByKeyAndWindow(std::move(f), std::move(inverse), window_length, slide, 1)
        .map([](Keyed keyed) { return std::move(keyed.second); });
  }

  // Pair streams: (key, its values in the window): groupByKey per batch, window, then the groups concatenated.
  template <class P = T>
    requires IsPair<P>::value
  auto groupByKeyAndWindow(Duration window_length) const {
    return groupByKeyAndWindow(window_length, slideDuration());
  }
  template <class P = T>
    requires IsPair<P>::value
  auto groupByKeyAndWindow(Duration window_length, Duration slide, int num_partitions = 0) const {
    using Group = std::vector<typename P::second_type>;
    auto concatenate = [](Group group, Group&& more) {
      group.insert(group.end(), std::make_move_iterator(more.begin()), std::make_move_iterator(more.end()));
      return group;
    };
    return groupByKey(num_partitions)
        .window(window_length, slide)
        .combineByKey(std::identity(), concatenate, concatenate, num_partitions);
  }

  // ---- State (Spark's updateStateByKey; needs ssc.checkpoint(dir)). The state is kept per key across batches,
  // partitioned by key into num_partitions (0: the default); update runs every batch for every key with state
  // or new values (an empty list when it has none) and returns the new state, or nullopt to remove the key.
  // initial_state: the (key, state) pairs the first batch starts from (Spark's initialRDD).

  // update(const std::vector<V>& values, const std::optional<S>& state) -> std::optional<S>.
  template <class S, class F, class P = T>
    requires IsPair<P>::value && std::is_invocable_r_v<std::optional<S>, const F&,
                                                        const std::vector<typename P::second_type>&,
                                                        const std::optional<S>&>
  DStream<std::pair<typename P::first_type, S>> updateStateByKey(
      F update, int num_partitions = 0, std::vector<std::pair<typename P::first_type, S>> initial_state = {}) const {
    using K = typename P::first_type;
    using V = typename P::second_type;
    return AddState<S, K, V>(PerKeyStateUpdate<K, V, S>(std::move(update)), num_partitions, std::move(initial_state));
  }
  // update(Time batch_time, const K& key, const std::vector<V>& values, const std::optional<S>& state)
  // -> std::optional<S>; or Spark's iterator form, update(std::vector<StateEntry<K, V, S>>&&) ->
  // std::vector<std::pair<K, S>>, every (key, values, state) of a partition in, the states to keep out.
  // remember_partitioner has no effect: the state always stays partitioned by key.
  template <class S, class F, class P = T>
    requires IsPair<P>::value
  DStream<std::pair<typename P::first_type, S>> updateStateByKey(
      F update, int num_partitions, bool /*remember_partitioner*/,
      std::vector<std::pair<typename P::first_type, S>> initial_state = {}) const {
    using K = typename P::first_type;
    using V = typename P::second_type;
    if constexpr (std::is_invocable_v<const F&, Time, const K&, const std::vector<V>&, const std::optional<S>&>) {
      return AddState<S, K, V>(TimedStateUpdate<K, V, S>(std::move(update)), num_partitions, std::move(initial_state));
    } else {
      return AddState<S, K, V>(PartitionWideStateUpdate<K, V, S>(std::move(update)), num_partitions,
                               std::move(initial_state));
    }
  }

  // Pair streams (needs ssc.checkpoint(dir)): Spark's mapWithState. The spec's function runs once for every
  // record of the batch, with the key's state, and what it returns is the stream's record; a key idle for longer
  // than the spec's timeout gets one more call (no value, isTimingOut()) and is removed, in the first batch after
  // the timeout (Spark checks only at checkpoints). A batch costs in proportion to the keys it touches: each
  // partition's state stays on one worker. stateSnapshots() is every (key, state) after each batch.
  template <class S, class M, class P = T>
    requires IsPair<P>::value
  MapWithStateDStream<typename P::first_type, typename P::second_type, S, M> mapWithState(
      StateSpec<typename P::first_type, typename P::second_type, S, M> spec) const {
    using K = typename P::first_type;
    using V = typename P::second_type;
    NodeDescription description = Describe(NodeKind::kShuffle, "mapWithState");
    description.num_partitions = spec.num_partitions();
    if (spec.timeout()) description.params["timeout_ms"] = std::to_string(spec.timeout()->milliseconds());
    graph_->RequireCheckpoint();
    int32_t id = description.id;
    graph_->Add(std::make_unique<MapWithStateNode<K, V, S, M>>(std::move(description), std::move(spec)));
    return MapWithStateDStream<K, V, S, M>(graph_, id);
  }

  // Pair streams: applies f to every value, keeping the keys.
  template <class F, class P = T, class W = std::decay_t<std::invoke_result_t<const F&, typename P::second_type&&>>>
    requires IsPair<P>::value
  DStream<std::pair<typename P::first_type, W>> mapValues(F f) const {
    using Out = std::pair<typename P::first_type, W>;
    auto step = [f = std::move(f)](T&& record, Sink<Out>& out) {
      out.Push(Out(std::move(record.first), std::invoke(f, std::move(record.second))));
    };
    return AddStep<Out>("mapValues", std::move(step));
  }

  // Pair streams: f returns a container for every value; each of its elements becomes a record with the key.
  template <class F, class P = T, class R = std::invoke_result_t<const F&, typename P::second_type&&>,
            class W = ElementOf<R>>
    requires IsPair<P>::value
  DStream<std::pair<typename P::first_type, W>> flatMapValues(F f) const {
    using Out = std::pair<typename P::first_type, W>;
    auto step = [f = std::move(f)](T&& record, Sink<Out>& out) {
      R results = std::invoke(f, std::move(record.second));
      for (auto& result : results) out.Push(Out(record.first, W(std::move(result))));
    };
    return AddStep<Out>("flatMapValues", std::move(step));
  }

  // Pair streams: Spark's combineByKey. create makes a combiner C from a key's first value in a partition,
  // merge_value(C, V) -> C adds a value, merge_combiners(C, C) -> C merges the combiners of two partitions.
  // With map_side_combine false every record crosses the shuffle as (key, create(value)).
  template <class Create, class MergeValue, class MergeCombiners, class P = T,
            class C = std::decay_t<std::invoke_result_t<const Create&, typename P::second_type&&>>>
    requires IsPair<P>::value
  DStream<std::pair<typename P::first_type, C>> combineByKey(Create create, MergeValue merge_value,
                                                              MergeCombiners merge_combiners, int num_partitions = 0,
                                                              bool map_side_combine = true) const {
    return AddCombineByKey("combineByKey", std::move(create), std::move(merge_value), std::move(merge_combiners),
                           num_partitions, map_side_combine);
  }

  // Pair streams: merges the values of each key with an associative and commutative f.
  // num_partitions 0 uses the application's default parallelism.
  template <class F, class P = T>
    requires IsPair<P>::value
  DStream<T> reduceByKey(F f, int num_partitions = 0) const {
    return AddCombineByKey("reduceByKey", std::identity(), f, f, num_partitions, /*map_side_combine=*/true);
  }

  // Pair streams: (key, every value of the key in the batch). No map-side combining, as in Spark: it would not
  // make less data cross the shuffle.
  template <class P = T>
    requires IsPair<P>::value
  DStream<std::pair<typename P::first_type, std::vector<typename P::second_type>>> groupByKey(
      int num_partitions = 0) const {
    using V = typename P::second_type;
    using Group = std::vector<V>;
    auto create = [](V&& value) { return Group{std::move(value)}; };
    auto append = [](Group group, V&& value) {
      group.push_back(std::move(value));
      return group;
    };
    auto concatenate = [](Group group, Group&& more) {
      group.insert(group.end(), std::make_move_iterator(more.begin()), std::make_move_iterator(more.end()));
      return group;
    };
    return AddCombineByKey("groupByKey", create, append, concatenate, num_partitions, /*map_side_combine=*/false);
  }

  // ---- Two pair streams of one context and slide, per batch (Spark's cogroup and joins). Each is one shuffle
  // of both streams by key, into num_partitions partitions (0: the application's default parallelism); a join
  // is a narrow step after it. Throws IllegalArgumentError, with Spark's message, when the streams differ in
  // context or slide duration. A batch for which either stream has no data set fails the job, as in Spark.

  // (key, (this stream's values of the key, the other's)), for every key of either stream; a side without
  // values has an empty vector.
  template <class K, class W, class P = T, class V = typename P::second_type>
    requires std::same_as<P, std::pair<K, V>>
  DStream<Cogrouped<K, V, W>> cogroup(const DStream<std::pair<K, W>>& other, int num_partitions = 0) const {
    if (other.graph_ != graph_) {
      throw IllegalArgumentError("requirement failed: Some of the DStreams have different contexts");
    }
    if (other.slideDuration() != slideDuration()) {
      throw IllegalArgumentError("requirement failed: Some of the DStreams have different slide durations");
    }
    if (num_partitions < 0) {
      throw IllegalArgumentError("requirement failed: Number of partitions (" + std::to_string(num_partitions) +
                                 ") cannot be negative.");
    }
    NodeDescription description = Describe(NodeKind::kShuffle, "cogroup");
    description.parents.push_back(other.id_);
    description.num_partitions = num_partitions;
    return AddNode<Cogrouped<K, V, W>>(std::make_unique<CogroupNode<K, V, W>>(std::move(description)));
  }

  // (key, (v, w)) for every v of this stream and w of the other with that key.
  template <class K, class W, class P = T, class V = typename P::second_type>
    requires std::same_as<P, std::pair<K, V>>
  DStream<std::pair<K, std::pair<V, W>>> join(const DStream<std::pair<K, W>>& other, int num_partitions = 0) const {
    using Join = JoinStep<K, V, W, V, W>;
    return cogroup(other, num_partitions).template AddStep<typename Join::Out>("join", Join());
  }

  // As join, and (key, (v, None)) for the keys the other stream lacks.
  template <class K, class W, class P = T, class V = typename P::second_type>
    requires std::same_as<P, std::pair<K, V>>
  DStream<std::pair<K, std::pair<V, std::optional<W>>>> leftOuterJoin(const DStream<std::pair<K, W>>& other,
                                                                      int num_partitions = 0) const {
    using Join = JoinStep<K, V, W, V, std::optional<W>>;
    return cogroup(other, num_partitions).template AddStep<typename Join::Out>("leftOuterJoin", Join());
  }

  // As join, and (key, (None, w)) for the keys this stream lacks.
  template <class K, class W, class P = T, class V = typename P::second_type>
    requires std::same_as<P, std::pair<K, V>>
  DStream<std::pair<K, std::pair<std::optional<V>, W>>> rightOuterJoin(const DStream<std::pair<K, W>>& other,
                                                                       int num_partitions = 0) const {
    using Join = JoinStep<K, V, W, std::optional<V>, W>;
    return cogroup(other, num_partitions).template AddStep<typename Join::Out>("rightOuterJoin", Join());
  }

  // As join, and (key, (v, None)) or (key, (None, w)) for the keys only one stream has.
  template <class K, class W, class P = T, class V = typename P::second_type>
    requires std::same_as<P, std::pair<K, V>>
  DStream<std::pair<K, std::pair<std::optional<V>, std::optional<W>>>> fullOuterJoin(
      const DStream<std::pair<K, W>>& other, int num_partitions = 0) const {
    using Join = JoinStep<K, V, W, std::optional<V>, std::optional<W>>;
    return cogroup(other, num_partitions).template AddStep<typename Join::Out>("fullOuterJoin", Join());
  }

  // Prints the first `num` records of every batch on the driver, in Spark's format.
  void pprint(int num = 10) const {
    NodeDescription description = Describe(NodeKind::kOutput, "pprint");
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
    graph_->Add(std::make_unique<ForeachRDDNode<T>>(Describe(NodeKind::kOutput, "foreachRDD"), std::move(function)));
  }

  // Writes every batch to the directory prefix-<ms>.suffix (prefix-<ms> without a suffix): one text file per
  // partition (part-00000, ...) with one record per line, and _SUCCESS. A batch's directory appears complete or
  // not at all. The prefix must be on a file system that the driver and the workers share (text_file_output.h).
  void saveAsTextFiles(const std::string& prefix, const std::string& suffix = "") const {
    if (prefix.empty()) throw IllegalArgumentError("saveAsTextFiles: the prefix of the output directories is empty");
    NodeDescription description = Describe(NodeKind::kOutput, "saveAsTextFiles");
    description.params["prefix"] = prefix;
    description.params["suffix"] = suffix;
    graph_->Add(std::make_unique<TextFileOutputNode<T>>(std::move(description)));
  }

 private:
  // Spark's WindowedDStream checks, with its messages.
  void CheckWindow(Duration window_length, Duration slide) const {
    const int64_t parent = slideDuration().milliseconds();
    if (window_length.milliseconds() <= 0 || window_length.milliseconds() % parent != 0) {
      throw IllegalArgumentError("The window duration of windowed DStream (" + window_length.toString() +
                                 ") must be a multiple of the slide duration of parent DStream (" +
                                 slideDuration().toString() + ")");
    }
    if (slide.milliseconds() <= 0 || slide.milliseconds() % parent != 0) {
      throw IllegalArgumentError("The slide duration of windowed DStream (" + slide.toString() +
                                 ") must be a multiple of the slide duration of parent DStream (" +
                                 slideDuration().toString() + ")");
    }
  }

  NodeDescription Describe(NodeKind kind, std::string op) const {
    NodeDescription description;
    description.id = graph_->NextId();
    description.kind = kind;
    description.op = std::move(op);
    description.parents = {id_};
    return description;
  }

  template <class U>
  DStream<U> AddNode(std::unique_ptr<Node> node) const {
    int32_t id = node->id();
    graph_->Add(std::move(node));
    return DStream<U>(graph_, id);
  }

  template <class U, class Step>
  DStream<U> AddStep(std::string op, Step step) const {
    return AddNode<U>(MakeStepNode<T, U>(Describe(NodeKind::kNarrow, std::move(op)), std::move(step)));
  }

  template <class U, class PartitionStep>
  DStream<U> AddPartitionStep(std::string op, PartitionStep step) const {
    return AddNode<U>(MakePartitionStepNode<T, U>(Describe(NodeKind::kNarrow, std::move(op)), std::move(step)));
  }

  // The node under every keyed aggregation. The functions have Spark's shapes: create(V) -> C,
  // merge_value(C, V) -> C, merge_combiners(C, C) -> C.
  template <class Create, class MergeValue, class MergeCombiners>
  auto AddCombineByKey(std::string op, Create create, MergeValue merge_value, MergeCombiners merge_combiners,
                       int num_partitions, bool map_side_combine) const {
    using K = typename T::first_type;
    using V = typename T::second_type;
    using C = std::decay_t<std::invoke_result_t<const Create&, V&&>>;
    if (num_partitions < 0) {
      throw IllegalArgumentError("requirement failed: Number of partitions (" + std::to_string(num_partitions) +
                                 ") cannot be negative.");
    }
    Combiner<K, V, C> combiner{
        .create = [create = std::move(create)](V&& v) -> C { return std::invoke(create, std::move(v)); },
        .merge_value = [merge_value = std::move(merge_value)](
                           C& acc, V&& v) { acc = std::invoke(merge_value, std::move(acc), std::move(v)); },
        .merge_combiners = [merge_combiners = std::move(merge_combiners)](
                               C& acc, C&& other) { acc = std::invoke(merge_combiners, std::move(acc), std::move(other)); },
        .map_side_combine = map_side_combine,
    };
    NodeDescription description = Describe(NodeKind::kShuffle, std::move(op));
    description.num_partitions = num_partitions;
    return AddNode<std::pair<K, C>>(
        std::make_unique<CombineByKeyNode<K, V, C>>(std::move(description), std::move(combiner)));
  }

  template <class S, class K, class V>
  DStream<std::pair<K, S>> AddState(PartitionStateUpdate<K, V, S> update, int num_partitions,
                                    std::vector<std::pair<K, S>> initial_state) const {
    if (num_partitions < 0) {
      throw IllegalArgumentError("requirement failed: Number of partitions (" + std::to_string(num_partitions) +
                                 ") cannot be negative.");
    }
    NodeDescription description = Describe(NodeKind::kShuffle, "updateStateByKey");
    description.num_partitions = num_partitions;
    graph_->RequireCheckpoint();
    return AddNode<std::pair<K, S>>(std::make_unique<UpdateStateByKeyNode<K, V, S>>(
        std::move(description), std::move(update), std::move(initial_state)));
  }

  // A global aggregate has exactly one reduce partition, which sees every partial.
  template <class A>
  DStream<A> AddAggregate(std::string op, Aggregator<T, A> aggregator) const {
    NodeDescription description = Describe(NodeKind::kShuffle, std::move(op));
    description.num_partitions = 1;
    return AddNode<A>(std::make_unique<AggregateNode<T, A>>(std::move(description), std::move(aggregator)));
  }

  template <class U>
  friend class DStream;

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
    NodeDescription description;
    description.id = this->graph()->NextId();
    description.kind = NodeKind::kNarrow;
    description.op = "stateSnapshots";
    description.parents = {this->id()};
    int32_t id = description.id;
    this->graph()->Add(std::make_unique<StateSnapshotsNode<K, S>>(std::move(description)));
    return DStream<std::pair<K, S>>(this->graph(), id);
  }
};

}  // namespace sluice

// transform and RDD, which build on DStream.
#include "driver/api/rdd.h"  // IWYU pragma: export

#endif  // SLUICE_DRIVER_API_DSTREAM_H_
