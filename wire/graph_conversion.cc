#include "wire/proto_conversion.h"

// The graph on the wire, shared by the three processes that send or receive it.

namespace sluice {
namespace {

proto::NodeKind KindToProto(NodeKind kind) {
  switch (kind) {
    case NodeKind::kReceiverSource:
      return proto::RECEIVER_SOURCE;
    case NodeKind::kFileSource:
      return proto::FILE_SOURCE;
    case NodeKind::kNarrow:
      return proto::NARROW;
    case NodeKind::kShuffle:
      return proto::SHUFFLE;
    case NodeKind::kOutput:
      return proto::OUTPUT;
    case NodeKind::kQueueSource:
      return proto::QUEUE_SOURCE;
  }
  return proto::NODE_KIND_UNSPECIFIED;
}

NodeKind KindFromProto(proto::NodeKind kind) {
  switch (kind) {
    case proto::RECEIVER_SOURCE:
      return NodeKind::kReceiverSource;
    case proto::FILE_SOURCE:
      return NodeKind::kFileSource;
    case proto::SHUFFLE:
      return NodeKind::kShuffle;
    case proto::OUTPUT:
      return NodeKind::kOutput;
    case proto::QUEUE_SOURCE:
      return NodeKind::kQueueSource;
    default:
      return NodeKind::kNarrow;
  }
}

}  // namespace

void ToProto(const GraphDescription& graph, proto::GraphSpec* out) {
  out->set_batch_ms(graph.batch_ms);
  out->set_fingerprint(graph.Fingerprint());
  for (const NodeDescription& node : graph.nodes) {
    proto::NodeSpec* spec = out->add_nodes();
    spec->set_id(node.id);
    spec->set_kind(KindToProto(node.kind));
    spec->set_op(node.op);
    for (int32_t parent : node.parents) spec->add_parents(parent);
    for (const auto& [key, value] : node.params) (*spec->mutable_params())[key] = value;
    spec->set_num_partitions(node.num_partitions);
    spec->set_type_name(node.type_name);
    spec->set_slide_ms(node.slide_ms);
  }
}

GraphDescription FromProto(const proto::GraphSpec& spec) {
  GraphDescription graph;
  graph.batch_ms = spec.batch_ms();
  for (const proto::NodeSpec& node_spec : spec.nodes()) {
    NodeDescription node;
    node.id = node_spec.id();
    node.kind = KindFromProto(node_spec.kind());
    node.op = node_spec.op();
    node.parents.assign(node_spec.parents().begin(), node_spec.parents().end());
    for (const auto& [key, value] : node_spec.params()) node.params[key] = value;
    node.num_partitions = node_spec.num_partitions();
    node.type_name = node_spec.type_name();
    node.slide_ms = node_spec.slide_ms();
    graph.nodes.push_back(std::move(node));
  }
  return graph;
}

}  // namespace sluice
