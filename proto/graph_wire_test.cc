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
  graph.nodes.push_back({5, NodeKind::kQueueSource, "queueStream", {}, {{"one_at_a_time", "true"}}, 0, "i", 1000});
  graph.nodes.push_back({6, NodeKind::kNarrow, "window", {5}, {{"window_ms", "4000"}}, 0, "i", 2000});
  proto::GraphSpec spec;
  GraphToProto(graph, &spec);
  EXPECT_EQ(spec.fingerprint(), graph.Fingerprint());
  GraphDescription back = GraphFromProto(spec);
  EXPECT_EQ(back, graph);
  EXPECT_EQ(back.FirstDifference(graph), "");
  back.nodes[2].num_partitions = 5;
  EXPECT_NE(back.Fingerprint(), graph.Fingerprint());
  EXPECT_NE(back.FirstDifference(graph), "");
  back = GraphFromProto(spec);
  back.nodes[6].slide_ms = 1000;  // a window's slide changes what runs when
  EXPECT_NE(back.Fingerprint(), graph.Fingerprint());
  EXPECT_NE(back.FirstDifference(graph), "");
}

TEST(GraphDescriptionTest, TheParentsOfWindowsAreMaterialized) {
  GraphDescription graph;
  graph.batch_ms = 1000;
  graph.nodes.push_back({0, NodeKind::kQueueSource, "queueStream", {}, {}, 0, "i", 1000});
  graph.nodes.push_back({1, NodeKind::kNarrow, "map", {0}, {}, 0, "i", 1000});
  graph.nodes.push_back({2, NodeKind::kNarrow, "window", {1}, {{"window_ms", "2000"}}, 0, "i", 1000});
  graph.nodes.push_back({3, NodeKind::kNarrow, "window", {1}, {{"window_ms", "4000"}}, 0, "i", 2000});
  graph.nodes.push_back({4, NodeKind::kNarrow, "window", {3}, {{"window_ms", "4000"}}, 0, "i", 4000});
  EXPECT_EQ(graph.MaterializedNodes(), (std::vector<int32_t>{1, 3}));
  EXPECT_EQ(graph.WindowsOver(1), (std::vector<int32_t>{2, 3}));
  EXPECT_TRUE(graph.WindowsOver(0).empty());
}

}  // namespace
}  // namespace sluice
