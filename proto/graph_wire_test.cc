#include "proto/graph_wire.h"

#include "gtest/gtest.h"

namespace sluice {
namespace {

TEST(GraphWireTest, RoundTripsEveryField) {
  GraphDescription graph;
  graph.batch_ms = 1000;
  graph.nodes.push_back({0, NodeKind::kReceiverSource, "socketTextStream", {}, {{"host", "h"}, {"port", "1"}}, 0, "s"});
  graph.nodes.push_back({1, NodeKind::kNarrow, "flatMap", {0}, {}, 0, "s"});
  graph.nodes.push_back({2, NodeKind::kShuffle, "reduceByKey", {1}, {}, 4, "p"});
  graph.nodes.push_back({3, NodeKind::kOutput, "pprint", {2}, {{"num", "10"}}, 0, "p"});
  graph.nodes.push_back({4, NodeKind::kFileSource, "textFileStream", {}, {{"directory", "/d"}}, 0, "s"});
  graph.nodes.push_back({5, NodeKind::kQueueSource, "queueStream", {}, {{"one_at_a_time", "true"}}, 0, "i"});
  proto::GraphSpec spec;
  GraphToProto(graph, &spec);
  EXPECT_EQ(spec.fingerprint(), graph.Fingerprint());
  GraphDescription back = GraphFromProto(spec);
  EXPECT_EQ(back, graph);
  EXPECT_EQ(back.FirstDifference(graph), "");
  back.nodes[2].num_partitions = 5;
  EXPECT_NE(back.Fingerprint(), graph.Fingerprint());
  EXPECT_NE(back.FirstDifference(graph), "");
}

}  // namespace
}  // namespace sluice
