#ifndef SLUICE_DRIVER_API_OUTPUT_NODES_H_
#define SLUICE_DRIVER_API_OUTPUT_NODES_H_

#include <memory>

#include "driver/api/node.h"

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

// An output operation whose records go back to the driver (pprint). Its records are its parent's.
template <class T>
class CollectingOutputNode final : public TypedNode<T> {
 public:
  using TypedNode<T>::TypedNode;

  std::unique_ptr<AnySink> MakeResultSink(int /*parent_index*/, ResultBuffer& out) const override {
    return std::make_unique<ResultSink<T>>(out);
  }
};

}  // namespace sluice

#endif  // SLUICE_DRIVER_API_OUTPUT_NODES_H_
