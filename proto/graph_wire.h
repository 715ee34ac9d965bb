#ifndef SLUICE_PROTO_GRAPH_WIRE_H_
#define SLUICE_PROTO_GRAPH_WIRE_H_

#include "common/graph_description.h"
#include "proto/sluice.pb.h"

namespace sluice {

// The graph description on the wire, shared by the three processes that send or receive it.
void GraphToProto(const GraphDescription& graph, proto::GraphSpec* out);
GraphDescription GraphFromProto(const proto::GraphSpec& spec);

}  // namespace sluice

#endif  // SLUICE_PROTO_GRAPH_WIRE_H_
