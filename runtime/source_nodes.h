#ifndef SLUICE_RUNTIME_SOURCE_NODES_H_
#define SLUICE_RUNTIME_SOURCE_NODES_H_

#include <string>
#include <utility>
#include <vector>

#include "runtime/node.h"
#include "runtime/queue_items.h"

namespace sluice {

// socketTextStream and textFileStream: lines of text. The receiver or the file reader on the worker does the
// reading; the node only turns a line into a record.
class TextSourceNode final : public TypedNode<std::string> {
 public:
  using TypedNode<std::string>::TypedNode;

  void FeedLine(std::string_view line, AnySink& downstream) const override {
    static_cast<Sink<std::string>&>(downstream).Push(std::string(line));
  }
};

// queueStream: the driver encoded every item when the stream was defined and sends them with the submission;
// the master hands each batch's partitions to its tasks, which decode them with this node's type.
template <Encodable T>
class QueueSourceNode final : public TypedNode<T> {
 public:
  QueueSourceNode(NodeDescription description, std::vector<EncodedQueueItem> items)
      : TypedNode<T>(std::move(description)), items_(std::move(items)) {}

  const std::vector<EncodedQueueItem>* QueueItems() const override { return &items_; }

 private:
  std::vector<EncodedQueueItem> items_;
};

}  // namespace sluice

#endif  // SLUICE_RUNTIME_SOURCE_NODES_H_
