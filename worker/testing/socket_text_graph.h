#ifndef SLUICE_WORKER_TESTING_SOCKET_TEXT_GRAPH_H_
#define SLUICE_WORKER_TESTING_SOCKET_TEXT_GRAPH_H_

#include <memory>
#include <string>

#include "common/graph_description.h"
#include "driver/api/dstream.h"
#include "proto/sluice.pb.h"
#include "runtime/source_nodes.h"

namespace sluice::testing {

// The graph of socketTextStream(127.0.0.1, port).pprint(): one receiver source, node 0.
inline std::shared_ptr<const JobGraph> SocketTextGraph(int port) {
  auto graph = std::make_shared<GraphBuilder>(Seconds(1));
  NodeDescription source;
  source.kind = NodeKind::kReceiverSource;
  source.op = "socketTextStream";
  source.params = {{"host", "127.0.0.1"}, {"port", std::to_string(port)}};
  graph->Add(std::make_unique<TextSourceNode>(source));
  DStream<std::string>(graph, 0).pprint();
  return graph->Build();
}

// A StartReceiver request for that graph's source, registered locally under `library_hash`.
inline proto::StartReceiverRequest StartSourceZero(const std::string& app_id, const std::string& library_hash) {
  proto::StartReceiverRequest start;
  start.mutable_receiver()->set_app_id(app_id);
  start.mutable_receiver()->set_source_node(0);
  start.mutable_receiver()->set_library_hash(library_hash);
  return start;
}

}  // namespace sluice::testing

#endif  // SLUICE_WORKER_TESTING_SOCKET_TEXT_GRAPH_H_
