#ifndef SLUICE_DRIVER_API_NARROW_NODES_H_
#define SLUICE_DRIVER_API_NARROW_NODES_H_

// Per-partition transformations. Each builds a sink that applies the user's function to every record and
// pushes the results on, so a chain of them runs without encoding in between.

#include <memory>
#include <utility>

#include "driver/api/node.h"

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

}  // namespace sluice

#endif  // SLUICE_DRIVER_API_NARROW_NODES_H_
