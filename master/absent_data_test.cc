#include "master/absent_data.h"

#include "gtest/gtest.h"

namespace sluice {
namespace {

// 0 queueStream -> 1 map -> 2 reduceByKey -> 3 output;  0 -> 4 output;  5 queueStream -> 6 output
GraphDescription TwoSources() {
  GraphDescription graph;
  graph.batch_ms = 1000;
  graph.nodes.push_back({0, NodeKind::kQueueSource, "queueStream", {}, {}, 0, ""});
  graph.nodes.push_back({1, NodeKind::kNarrow, "map", {0}, {}, 0, ""});
  graph.nodes.push_back({2, NodeKind::kShuffle, "reduceByKey", {1}, {}, 0, ""});
  graph.nodes.push_back({3, NodeKind::kOutput, "collectBatches", {2}, {}, 0, ""});
  graph.nodes.push_back({4, NodeKind::kOutput, "pprint", {0}, {}, 0, ""});
  graph.nodes.push_back({5, NodeKind::kQueueSource, "queueStream", {}, {}, 0, ""});
  graph.nodes.push_back({6, NodeKind::kOutput, "pprint", {5}, {}, 0, ""});
  return graph;
}

TEST(AbsentDataTest, OneStreamOperationsPassTheAbsenceOnToTheirOutputs) {
  auto absent = NodesWithoutData(TwoSources(), {0}, 4000);
  ASSERT_TRUE(absent.ok()) << absent.status();
  EXPECT_EQ(*absent, (std::set<int32_t>{0, 1, 2, 3, 4}));
  auto nothing = NodesWithoutData(TwoSources(), {}, 4000);
  ASSERT_TRUE(nothing.ok());
  EXPECT_TRUE(nothing->empty());
}

TEST(AbsentDataTest, UnionNeedsADataSetFromEveryParent) {
  GraphDescription graph = TwoSources();
  graph.nodes.push_back({7, NodeKind::kNarrow, "union", {0, 5}, {}, 0, ""});
  graph.nodes.push_back({8, NodeKind::kOutput, "pprint", {7}, {}, 0, ""});
  auto absent = NodesWithoutData(graph, {5}, 4000);
  EXPECT_EQ(absent.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_NE(absent.status().message().find("union (node 7) could not get a data set from its parent queueStream "
                                           "(node 5) for the batch at 4000 ms"),
            absl::string_view::npos)
      << absent.status();
}

TEST(AbsentDataTest, TransformNeedsADataSetEvenFromItsOnlyParent) {
  GraphDescription graph = TwoSources();
  graph.nodes.push_back({7, NodeKind::kNarrow, "transform", {5}, {}, 0, ""});
  graph.nodes.push_back({8, NodeKind::kOutput, "pprint", {7}, {}, 0, ""});
  EXPECT_FALSE(NodesWithoutData(graph, {5}, 3000).ok());
  EXPECT_TRUE(NodesWithoutData(graph, {0}, 3000).ok()) << "the transform's own parent has data";
}

TEST(AbsentDataTest, AWindowHasADataSetWhenItsParentHasNone) {
  GraphDescription graph = TwoSources();
  graph.nodes.push_back({7, NodeKind::kNarrow, "window", {1}, {{"window_ms", "2000"}}, 0, ""});
  graph.nodes.push_back({8, NodeKind::kOutput, "pprint", {7}, {}, 0, ""});
  auto absent = NodesWithoutData(graph, {0}, 4000);
  ASSERT_TRUE(absent.ok()) << absent.status();
  EXPECT_TRUE(absent->contains(1));
  EXPECT_FALSE(absent->contains(7));
  EXPECT_FALSE(absent->contains(8));
}

TEST(AbsentDataTest, AStartedStateHasADataSetWhenItsParentHasNone) {
  GraphDescription graph = TwoSources();
  graph.nodes.push_back({7, NodeKind::kShuffle, "updateStateByKey", {1}, {}, 0, ""});
  graph.nodes.push_back({8, NodeKind::kOutput, "pprint", {7}, {}, 0, ""});
  auto absent = NodesWithoutData(graph, {0}, 4000, /*started_states=*/{7});
  ASSERT_TRUE(absent.ok()) << absent.status();
  EXPECT_TRUE(absent->contains(1));
  EXPECT_FALSE(absent->contains(7));
  EXPECT_FALSE(absent->contains(8));
}

// Spark's StateDStream: no previous state and no data set from the parent give no data set at all.
TEST(AbsentDataTest, AStateThatHasNotStartedWaitsForADataSetFromItsParent) {
  GraphDescription graph = TwoSources();
  graph.nodes.push_back({7, NodeKind::kShuffle, "updateStateByKey", {1}, {}, 0, ""});
  graph.nodes.push_back({8, NodeKind::kOutput, "pprint", {7}, {}, 0, ""});
  graph.nodes.push_back({9, NodeKind::kShuffle, "mapWithState", {1}, {}, 0, ""});
  auto absent = NodesWithoutData(graph, {0}, 1000);
  ASSERT_TRUE(absent.ok()) << absent.status();
  EXPECT_TRUE(absent->contains(7));
  EXPECT_TRUE(absent->contains(8));
  EXPECT_FALSE(absent->contains(9)) << "mapWithState starts at once, as Spark's";
}

}  // namespace
}  // namespace sluice
