#ifndef SLUICE_RUNTIME_RECEIVER_SOURCE_NODE_H_
#define SLUICE_RUNTIME_RECEIVER_SOURCE_NODE_H_

#include <memory>
#include <utility>

#include "driver/api/receiver.h"
#include "runtime/node.h"

namespace sluice {

// receiverStream: the worker runs the receiver the user's factory (ReceiverFactory, driver/api/receiver.h) makes
// and cuts what it stores into blocks of records encoded with Codec<T>, which batches decode with this node's type.
template <Encodable T>
class ReceiverSourceNode final : public TypedNode<T> {
 public:
  ReceiverSourceNode(NodeDescription description, ReceiverFactory<T> factory)
      : TypedNode<T>(std::move(description)), factory_(std::move(factory)) {}

  std::unique_ptr<ReceiverBase> MakeReceiver() const override { return factory_(); }

 private:
  ReceiverFactory<T> factory_;
};

}  // namespace sluice

#endif  // SLUICE_RUNTIME_RECEIVER_SOURCE_NODE_H_
