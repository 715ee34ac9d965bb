#ifndef SLUICE_DRIVER_API_RDD_H_
#define SLUICE_DRIVER_API_RDD_H_

// RDD<T>: one batch's data set, as a transform function (transform, transformWith, ssc.transform) sees it. It
// offers the per-batch operations of a DStream plus sortBy, sortByKey, take, distinct, keys and values. As in
// Spark the function runs for every batch, with the batch's time; unlike Spark it only describes what to do with
// the data (it cannot look at the data), so it must build the same operations every batch. Its functions may use
// the time.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "driver/api/dstream.h"
#include "driver/api/errors.h"
#include "driver/api/internal/dstream_builders.h"
#include "runtime/job_graph.h"
#include "runtime/narrow_nodes.h"

namespace sluice {

template <class T>
class RDD;

namespace rdd_internal {

template <class A>
struct IsRDD : std::false_type {};
template <class T>
struct IsRDD<RDD<T>> : std::true_type {};

// An RDD argument of a forwarded operation is the DStream under it; anything else passes as it is.
template <class A>
decltype(auto) Unwrap(A&& argument) {
  if constexpr (IsRDD<std::decay_t<A>>::value) {
    return argument.stream();
  } else {
    return std::forward<A>(argument);
  }
}

}  // namespace rdd_internal

// A per-batch operation of DStream, on the data set of one batch.
#define SLUICE_RDD_OPERATION(name)                                                            \
  template <class... Args>                                                                    \
  auto name(Args&&... args) const {                                                           \
    return Wrap(stream().name(rdd_internal::Unwrap(std::forward<Args>(args))...));            \
  }

template <class T>
class RDD {
 public:
  using value_type = T;

  // A null RDD: a transform function that returns one fails the batch, as in Spark.
  RDD() = default;
  RDD(std::nullptr_t) {}  // NOLINT: Spark's functions return null
  explicit RDD(DStream<T> stream) : stream_(std::move(stream)) {}

  bool isNull() const { return !stream_.has_value(); }
  int32_t id() const { return stream().id(); }
  // The node this RDD is, for the operations it forwards to.
  const DStream<T>& stream() const {
    if (!stream_) throw IllegalArgumentError("an operation on a null RDD");
    return *stream_;
  }

  SLUICE_RDD_OPERATION(map)
  SLUICE_RDD_OPERATION(flatMap)
  SLUICE_RDD_OPERATION(filter)
  SLUICE_RDD_OPERATION(mapPartitions)
  SLUICE_RDD_OPERATION(glom)
  SLUICE_RDD_OPERATION(repartition)
  SLUICE_RDD_OPERATION(union_)
  SLUICE_RDD_OPERATION(count)
  SLUICE_RDD_OPERATION(reduce)
  SLUICE_RDD_OPERATION(countByValue)
  SLUICE_RDD_OPERATION(mapValues)
  SLUICE_RDD_OPERATION(flatMapValues)
  SLUICE_RDD_OPERATION(combineByKey)
  SLUICE_RDD_OPERATION(reduceByKey)
  SLUICE_RDD_OPERATION(groupByKey)
  SLUICE_RDD_OPERATION(cogroup)
  SLUICE_RDD_OPERATION(join)
  SLUICE_RDD_OPERATION(leftOuterJoin)
  SLUICE_RDD_OPERATION(rightOuterJoin)
  SLUICE_RDD_OPERATION(fullOuterJoin)

  // The records without repeats, each once (in no particular order).
  RDD<T> distinct(int num_partitions = 0) const {
    return map([](T value) { return std::pair<T, bool>(std::move(value), true); })
        .reduceByKey([](bool a, bool) { return a; }, num_partitions)
        .map([](std::pair<T, bool> kept) { return std::move(kept.first); });
  }

  // Every record in one partition, ordered by key(record) (ascending or not); equal keys keep their order.
  template <class Key>
  RDD<T> sortBy(Key key, bool ascending = true) const {
    return repartition(1).mapPartitions([key = std::move(key), ascending](std::vector<T> records) {
      std::stable_sort(records.begin(), records.end(), [&key, ascending](const T& a, const T& b) {
        return ascending ? std::invoke(key, a) < std::invoke(key, b) : std::invoke(key, b) < std::invoke(key, a);
      });
      return records;
    });
  }

  // Pair RDDs: sorted by key.
  RDD<T> sortByKey(bool ascending = true) const
    requires KeyValuePair<T>
  {
    return sortBy([](const T& record) { return record.first; }, ascending);
  }

  // The first n records, in partition order, in one partition (Spark's take, kept as a data set).
  RDD<T> take(int64_t n) const {
    auto first_n = [n](std::vector<T> records) {
      if (static_cast<int64_t>(records.size()) > n) records.resize(static_cast<size_t>(std::max<int64_t>(n, 0)));
      return records;
    };
    return mapPartitions(first_n).repartition(1).mapPartitions(first_n);
  }

  // Pair RDDs: the keys, the values.
  RDD<KeyOf<T>> keys() const
    requires KeyValuePair<T>
  {
    return map([](T record) { return std::move(record.first); });
  }
  RDD<ValueOf<T>> values() const
    requires KeyValuePair<T>
  {
    return map([](T record) { return std::move(record.second); });
  }

 private:
  template <class U>
  static RDD<U> Wrap(DStream<U> stream) {
    return RDD<U>(std::move(stream));
  }

  std::optional<DStream<T>> stream_;
};

#undef SLUICE_RDD_OPERATION

// transform, transformWith and ssc.transform. Each input gets a pass-through node named after the operation, as
// Spark's TransformedDStream, which needs a data set from every input (a batch without one fails). The function
// runs once when the stream is defined, and again on every process that runs its nodes, for each batch time.
// `call` runs the user's function on `graph` with the batch time: it makes the input RDDs over the pass-through
// nodes by their ids.
template <class U>
using TransformCall = std::function<RDD<U>(const std::shared_ptr<GraphBuilder>& graph, Time batch_time)>;

// Runs the function once to add its nodes, and registers it to run again for each batch.
template <class U>
DStream<U> DefineTransform(const std::shared_ptr<GraphBuilder>& graph, TransformCall<U> call) {
  const int32_t first = graph->NextId();
  std::vector<NodeDescription> earlier = graph->Descriptions();
  RDD<U> result = call(graph, Time(0));
  if (result.isNull()) throw IllegalArgumentError("the transform function returned a null RDD");
  const int32_t end = graph->NextId();
  const int32_t result_id = result.id();
  if (end > first) {
    Duration batch = graph->batch_duration();
    graph->AddTransformRegion(TransformRegion{
        first, end, [call = std::move(call), earlier = std::move(earlier), batch, result_id](Time time) {
          auto again = std::make_shared<GraphBuilder>(batch, earlier);
          RDD<U> rebuilt = call(again, time);
          if (rebuilt.isNull()) {
            throw SluiceError("the transform function returned a null RDD for the batch at " + time.toString());
          }
          if (rebuilt.id() != result_id) {
            throw SluiceError("the transform function returned another data set for the batch at " +
                              time.toString() + " than when it was defined");
          }
          return again->TakeNodes();
        }});
  }
  return DStream<U>(graph, result_id);
}

// The pass-through node `op` over one input of a transform function; returns its id.
template <class T>
int32_t AddTransformInput(const DStream<T>& input, const std::string& op) {
  NodeDescription description = dstream_internal::Describe(input, NodeKind::kNarrow, op);
  const int32_t id = description.id;
  input.graph()->Add(MakePassThroughNode<T>(std::move(description)));
  return id;
}

// Calls f(rdds..., time), or f(rdds...) when f takes no time.
template <class F, class... Rdds>
auto CallTransformFunction(const F& f, Time time, Rdds&&... rdds) {
  if constexpr (std::is_invocable_v<const F&, Rdds..., Time>) {
    return std::invoke(f, std::forward<Rdds>(rdds)..., time);
  } else {
    return std::invoke(f, std::forward<Rdds>(rdds)...);
  }
}

template <class T>
template <class F>
auto DStream<T>::transform(F f) const {
  using Result = decltype(CallTransformFunction(f, Time(), std::declval<RDD<T>>()));
  using U = typename Result::value_type;
  const int32_t input = AddTransformInput(*this, "transform");
  return DefineTransform<U>(
      graph_, [f = std::move(f), input](const std::shared_ptr<GraphBuilder>& graph, Time time) -> RDD<U> {
        return CallTransformFunction(f, time, RDD<T>(DStream<T>(graph, input)));
      });
}

template <class T>
template <class W, class F>
auto DStream<T>::transformWith(const DStream<W>& other, F f) const {
  dstream_internal::CheckCombinable(*this, other);
  using Result = decltype(CallTransformFunction(f, Time(), std::declval<RDD<T>>(), std::declval<RDD<W>>()));
  using U = typename Result::value_type;
  const int32_t left = AddTransformInput(*this, "transformWith");
  const int32_t right = AddTransformInput(other, "transformWith");
  return DefineTransform<U>(
      graph_, [f = std::move(f), left, right](const std::shared_ptr<GraphBuilder>& graph, Time time) -> RDD<U> {
        return CallTransformFunction(f, time, RDD<T>(DStream<T>(graph, left)), RDD<W>(DStream<W>(graph, right)));
      });
}

// Spark's StreamingContext.transform: f(std::vector<RDD<T>>[, Time]) -> RDD<U> over the batches of every stream,
// in the order of `streams`.
template <class T, class F>
auto TransformStreams(const std::vector<DStream<T>>& streams, F f) {
  if (streams.empty()) throw IllegalArgumentError("requirement failed: List of DStreams to transform is empty");
  const std::shared_ptr<GraphBuilder>& graph = streams.front().graph();
  for (const DStream<T>& stream : streams) dstream_internal::CheckCombinable(streams.front(), stream);
  using Result = decltype(CallTransformFunction(f, Time(), std::declval<std::vector<RDD<T>>>()));
  using U = typename Result::value_type;
  std::vector<int32_t> inputs;
  for (const DStream<T>& stream : streams) inputs.push_back(AddTransformInput(stream, "transform"));
  return DefineTransform<U>(
      graph, [f = std::move(f), inputs](const std::shared_ptr<GraphBuilder>& builder, Time time) -> RDD<U> {
        std::vector<RDD<T>> rdds;
        for (int32_t input : inputs) rdds.emplace_back(DStream<T>(builder, input));
        return CallTransformFunction(f, time, std::move(rdds));
      });
}

}  // namespace sluice

#endif  // SLUICE_DRIVER_API_RDD_H_
