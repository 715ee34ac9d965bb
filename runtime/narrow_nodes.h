#ifndef SLUICE_RUNTIME_NARROW_NODES_H_
#define SLUICE_RUNTIME_NARROW_NODES_H_

// Per-partition transformations. Each builds a sink that applies the user's function to every record (or to
// the whole partition) and pushes the results on, so a chain of them runs without encoding in between.

#include <memory>
#include <utility>
#include <vector>

#include "runtime/node.h"

namespace sluice {

// A sink of `In` records that forwards to a downstream sink of `Out` records through `Step`, a callable
// `(In&&, Sink<Out>&)` that pushes zero or more results.
template <class In, class Out, class Step>
class StepSink final : public Sink<In> {
 public:
  StepSink(const Step& step, AnySink& downstream) : step_(step), downstream_(static_cast<Sink<Out>&>(downstream)) {}
  void Push(In&& value) override { step_(std::move(value), downstream_); }
  void Finish() override { downstream_.Finish(); }

 private:
  const Step& step_;
  Sink<Out>& downstream_;
};

template <class In, class Out, class Step>
class StepNode final : public TypedNode<Out> {
 public:
  StepNode(NodeDescription description, Step step) : TypedNode<Out>(std::move(description)), step_(std::move(step)) {}

  std::unique_ptr<AnySink> MakeTransformSink(int /*parent_index*/, AnySink& downstream) const override {
    return std::make_unique<StepSink<In, Out, Step>>(step_, downstream);
  }

 private:
  Step step_;
};

template <class In, class Out, class Step>
std::unique_ptr<Node> MakeStepNode(NodeDescription description, Step step) {
  return std::make_unique<StepNode<In, Out, Step>>(std::move(description), std::move(step));
}

// A sink that gathers the whole partition and hands it to `PartitionStep`, a callable
// `(std::vector<In>&&, Sink<Out>&)`, when the partition ends: the step runs once per partition, even an empty one.
template <class In, class Out, class PartitionStep>
class PartitionSink final : public Sink<In> {
 public:
  PartitionSink(const PartitionStep& step, AnySink& downstream)
      : step_(step), downstream_(static_cast<Sink<Out>&>(downstream)) {}
  void Push(In&& value) override { records_.push_back(std::move(value)); }
  void Finish() override {
    step_(std::exchange(records_, {}), downstream_);
    downstream_.Finish();
  }

 private:
  const PartitionStep& step_;
  Sink<Out>& downstream_;
  std::vector<In> records_;
};

template <class In, class Out, class PartitionStep>
class PartitionStepNode final : public TypedNode<Out> {
 public:
  PartitionStepNode(NodeDescription description, PartitionStep step)
      : TypedNode<Out>(std::move(description)), step_(std::move(step)) {}

  std::unique_ptr<AnySink> MakeTransformSink(int /*parent_index*/, AnySink& downstream) const override {
    return std::make_unique<PartitionSink<In, Out, PartitionStep>>(step_, downstream);
  }

 private:
  PartitionStep step_;
};

template <class In, class Out, class PartitionStep>
std::unique_ptr<Node> MakePartitionStepNode(NodeDescription description, PartitionStep step) {
  return std::make_unique<PartitionStepNode<In, Out, PartitionStep>>(std::move(description), std::move(step));
}

// A node whose records are its parents' unchanged: union (a task reads one parent's partition, and the union's
// partitions are its parents', in the order of the parents), window (its parent's partitions of several batches)
// and the inputs of a transform.
template <class T>
std::unique_ptr<Node> MakePassThroughNode(NodeDescription description) {
  auto forward = [](T&& value, Sink<T>& out) { out.Push(std::move(value)); };
  return MakeStepNode<T, T>(std::move(description), forward);
}

// Passes records on unchanged, for nodes of their own kind whose records are what their input gives them.
template <class T>
class PassOnSink final : public Sink<T> {
 public:
  explicit PassOnSink(AnySink& next) : next_(static_cast<Sink<T>&>(next)) {}
  void Push(T&& record) override { next_.Push(std::move(record)); }
  void Finish() override { next_.Finish(); }

 private:
  Sink<T>& next_;
};

}  // namespace sluice

#endif  // SLUICE_RUNTIME_NARROW_NODES_H_
