#ifndef SLUICE_RUNTIME_AGGREGATE_NODES_H_
#define SLUICE_RUNTIME_AGGREGATE_NODES_H_

// reduce and count: one value per batch over all of its records. Each map task folds its partition into at most
// one partial value and sends it to the single reduce partition, which folds the partials and pushes the result.
// A batch without records yields the aggregate's empty result if it has one (count's 0, which Spark gets by
// adding a (null, 0L) record to every batch) and nothing otherwise (reduce, as in Spark).

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>

#include "runtime/node.h"
#include "runtime/shuffle_nodes.h"

namespace sluice {

template <class T, class A>
struct Aggregator {
  std::function<A(T&&)> create;
  std::function<void(A&, T&&)> merge_value;
  std::function<void(A&, A&&)> merge_partials;
  std::optional<A> empty_result;
};

template <class T, class A>
class PartialAggregateWriter final : public Sink<T> {
 public:
  PartialAggregateWriter(const Aggregator<T, A>& aggregator, ShuffleOutput& out)
      : aggregator_(aggregator), out_(out) {}

  void Push(T&& value) override {
    if (partial_) {
      aggregator_.merge_value(*partial_, std::move(value));
    } else {
      partial_.emplace(aggregator_.create(std::move(value)));
    }
  }

  // Every partial goes to partition 0: the node has exactly one reduce partition.
  void Finish() override {
    if (partial_) EncodeRecord(*partial_, &out_.bucket(0));
    partial_.reset();
  }

 private:
  const Aggregator<T, A>& aggregator_;
  ShuffleOutput& out_;
  std::optional<A> partial_;
};

template <class T, class A>
class AggregateNode final : public TypedNode<A> {
 public:
  // `description.num_partitions` must be 1.
  AggregateNode(NodeDescription description, Aggregator<T, A> aggregator)
      : TypedNode<A>(std::move(description)), aggregator_(std::move(aggregator)) {}

  std::unique_ptr<AnySink> MakeShuffleWriter(int /*parent_index*/, ShuffleOutput& out) const override {
    return std::make_unique<PartialAggregateWriter<T, A>>(aggregator_, out);
  }

  bool ReadShuffle(ShuffleInput& in, AnySink& downstream) const override {
    std::optional<A> total;
    bool intact = ReadShuffleRecords<A>(in, [&](A&& partial) {
      if (total) {
        aggregator_.merge_partials(*total, std::move(partial));
      } else {
        total.emplace(std::move(partial));
      }
    });
    if (!intact) return false;
    if (!total) total = aggregator_.empty_result;
    auto& sink = static_cast<Sink<A>&>(downstream);
    if (total) sink.Push(std::move(*total));
    sink.Finish();
    return true;
  }

 private:
  Aggregator<T, A> aggregator_;
};

}  // namespace sluice

#endif  // SLUICE_RUNTIME_AGGREGATE_NODES_H_
