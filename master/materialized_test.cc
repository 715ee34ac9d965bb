// When a window's inputs exist, and the release rule: a materialized partition goes once no later window reads it.
#include "master/materialized.h"

#include "gtest/gtest.h"

namespace sluice {
namespace {

NodeDescription Node(int32_t id, NodeKind kind, std::string op, std::vector<int32_t> parents, int64_t slide_ms,
                     std::map<std::string, std::string> params = {}) {
  NodeDescription node;
  node.id = id;
  node.kind = kind;
  node.op = std::move(op);
  node.parents = std::move(parents);
  node.params = std::move(params);
  node.slide_ms = slide_ms;
  return node;
}

// 0 queueStream (1 s) -> 1 window(length, slide) -> 2 output
GraphDescription WindowGraph(int64_t length_ms, int64_t slide_ms) {
  GraphDescription graph;
  graph.batch_ms = 1000;
  graph.nodes.push_back(Node(0, NodeKind::kQueueSource, "queueStream", {}, 1000));
  graph.nodes.push_back(
      Node(1, NodeKind::kNarrow, "window", {0}, slide_ms, {{"window_ms", std::to_string(length_ms)}}));
  graph.nodes.push_back(Node(2, NodeKind::kOutput, "collectBatches", {1}, slide_ms));
  return graph;
}

MaterializedIndex IndexOf(int32_t node, std::vector<int64_t> times, const std::string& address = "w:1") {
  MaterializedIndex index;
  for (int64_t t : times) {
    for (int32_t p = 0; p < 2; ++p) index[MaterializedKey{node, t, p}] = MaterializedSite{"w", address};
  }
  return index;
}

TEST(MaterializedTest, NodesHaveDataAtMultiplesOfTheirSlideSinceTheZeroTime) {
  NodeDescription every_two = Node(1, NodeKind::kNarrow, "window", {0}, 2000);
  EXPECT_TRUE(HasDataAt(every_two, 0, 2000));
  EXPECT_FALSE(HasDataAt(every_two, 0, 3000));
  EXPECT_TRUE(HasDataAt(every_two, 500, 2500));  // a wall clock's zero time is one batch before the first
  EXPECT_TRUE(HasDataAt(Node(0, NodeKind::kQueueSource, "queueStream", {}, 0), 0, 1234));
  EXPECT_EQ(ZeroTimeMs(5000, 1000), 4000);
}

TEST(MaterializedTest, AWindowReadsItsParentsTimesInTheHalfOpenInterval) {
  GraphDescription graph = WindowGraph(4000, 2000);
  EXPECT_EQ(WindowInputTimes(graph, graph.node(1), 0, 6000), (std::vector<int64_t>{3000, 4000, 5000, 6000}));
  // Times at or before the zero time hold no batch: early windows are partial.
  EXPECT_EQ(WindowInputTimes(graph, graph.node(1), 0, 2000), (std::vector<int64_t>{1000, 2000}));
}

TEST(MaterializedTest, KeepsWhatTheNextWindowReadsAndReleasesTheRestByWorker) {
  GraphDescription graph = WindowGraph(4000, 2000);
  MaterializedIndex index = IndexOf(0, {1000, 2000, 3000, 4000});
  index[MaterializedKey{0, 2000, 1}].worker_address = "w:2";
  // After 4 s the next window is at 6 s and reads (2 s, 6 s]: 1 s and 2 s go.
  auto released = TakeReleasable(graph, 0, 4000, &index);
  ASSERT_EQ(released.size(), 2u);
  EXPECT_EQ(released["w:1"], (std::vector<MaterializedKey>{{0, 1000, 0}, {0, 1000, 1}, {0, 2000, 0}}));
  EXPECT_EQ(released["w:2"], (std::vector<MaterializedKey>{{0, 2000, 1}}));
  EXPECT_EQ(index.size(), 4u);
  EXPECT_TRUE(index.contains(MaterializedKey{0, 3000, 0}));
  EXPECT_TRUE(index.contains(MaterializedKey{0, 4000, 1}));
}

TEST(MaterializedTest, BetweenWindowTimesKeepsWhatTheComingWindowReads) {
  GraphDescription graph = WindowGraph(4000, 2000);
  MaterializedIndex index = IndexOf(0, {1000, 2000, 3000});
  // After 3 s the next window is still at 4 s, which reads (0 s, 4 s].
  EXPECT_TRUE(TakeReleasable(graph, 0, 3000, &index).empty());
  EXPECT_EQ(index.size(), 6u);
}

TEST(MaterializedTest, ASlideLongerThanTheWindowReleasesBatchesNoWindowCovers) {
  GraphDescription graph = WindowGraph(2000, 3000);
  MaterializedIndex index = IndexOf(0, {1000});
  // The window at 3 s reads (1 s, 3 s]: the batch at 1 s is never read.
  EXPECT_EQ(TakeReleasable(graph, 0, 1000, &index).size(), 1u);
  EXPECT_TRUE(index.empty());
}

TEST(MaterializedTest, TheLongestWindowOverANodeDecides) {
  GraphDescription graph = WindowGraph(2000, 1000);
  graph.nodes.push_back(Node(3, NodeKind::kNarrow, "window", {0}, 1000, {{"window_ms", "3000"}}));
  MaterializedIndex index = IndexOf(0, {1000, 2000, 3000});
  // After 3 s the next windows are at 4 s: (2 s, 4 s] and (1 s, 4 s].
  TakeReleasable(graph, 0, 3000, &index);
  EXPECT_FALSE(index.contains(MaterializedKey{0, 1000, 0}));
  EXPECT_TRUE(index.contains(MaterializedKey{0, 2000, 0}));
}

// 0 queueStream -> 1 updateStateByKey -> 2 output
GraphDescription StateGraph() {
  GraphDescription graph;
  graph.batch_ms = 1000;
  graph.nodes.push_back(Node(0, NodeKind::kQueueSource, "queueStream", {}, 1000));
  graph.nodes.push_back(Node(1, NodeKind::kShuffle, "updateStateByKey", {0}, 1000));
  graph.nodes.push_back(Node(2, NodeKind::kOutput, "collectBatches", {1}, 1000));
  return graph;
}

TEST(MaterializedTest, AStateIsKeptUntilTheNextStateExists) {
  GraphDescription graph = StateGraph();
  EXPECT_EQ(graph.MaterializedNodes(), (std::vector<int32_t>{1}));
  MaterializedIndex index = IndexOf(1, {1000, 2000});
  // The batch at 2 s completed: the state at 1 s is no longer read; the one at 2 s is, by the batch at 3 s.
  auto released = TakeReleasable(graph, 0, 2000, &index);
  EXPECT_EQ(released["w:1"], (std::vector<MaterializedKey>{{1, 1000, 0}, {1, 1000, 1}}));
  EXPECT_EQ(index.size(), 2u);
  EXPECT_TRUE(index.contains(MaterializedKey{1, 2000, 1}));
}

TEST(MaterializedTest, AWindowOverAStateKeepsItLonger) {
  GraphDescription graph = StateGraph();
  graph.nodes.push_back(Node(3, NodeKind::kNarrow, "window", {1}, 1000, {{"window_ms", "3000"}}));
  MaterializedIndex index = IndexOf(1, {1000, 2000, 3000});
  // After 3 s the window at 4 s reads (1 s, 4 s]: the state at 2 s stays although the next state exists.
  TakeReleasable(graph, 0, 3000, &index);
  EXPECT_FALSE(index.contains(MaterializedKey{1, 1000, 0}));
  EXPECT_TRUE(index.contains(MaterializedKey{1, 2000, 0}));
}

TEST(MaterializedTest, AnIncrementalWindowKeepsTheBatchesThatLeaveItNextAndItsOwnLastResult) {
  GraphDescription graph;
  graph.batch_ms = 1000;
  graph.nodes.push_back(Node(0, NodeKind::kQueueSource, "queueStream", {}, 1000));
  graph.nodes.push_back(Node(1, NodeKind::kShuffle, "reduceByKey", {0}, 1000));
  graph.nodes.push_back(Node(2, NodeKind::kNarrow, "reducedWindow", {1}, 1000, {{"window_ms", "2000"}}));
  MaterializedIndex index = IndexOf(1, {1000, 2000, 3000});
  MaterializedIndex own = IndexOf(2, {2000, 3000});
  index.insert(own.begin(), own.end());
  // After 3 s the window at 4 s reads (2 s, 4 s] and the batch that leaves, (1 s, 2 s], and its result at 3 s.
  TakeReleasable(graph, 0, 3000, &index);
  EXPECT_FALSE(index.contains(MaterializedKey{1, 1000, 0}));
  EXPECT_TRUE(index.contains(MaterializedKey{1, 2000, 0}));
  EXPECT_FALSE(index.contains(MaterializedKey{2, 2000, 0}));
  EXPECT_TRUE(index.contains(MaterializedKey{2, 3000, 1}));
}

// foreachRDD: an output's data set held for the driver stays until the driver releases it, whatever completes.
TEST(MaterializedTest, AnOutputsHeldDataSetStaysUntilTheDriverReleasesIt) {
  GraphDescription graph;
  graph.batch_ms = 1000;
  graph.nodes.push_back(Node(0, NodeKind::kQueueSource, "queueStream", {}, 1000));
  graph.nodes.push_back(Node(1, NodeKind::kOutput, "foreachRDD", {0}, 1000));
  MaterializedIndex index;
  index[MaterializedKey{1, 1000, 0}] = MaterializedSite{"w1", "h:1"};
  index[MaterializedKey{1, 1000, 1}] = MaterializedSite{"w2", "h:2"};
  index[MaterializedKey{1, 2000, 0}] = MaterializedSite{"w1", "h:1"};
  EXPECT_TRUE(TakeReleasable(graph, 0, 5000, &index).empty());
  EXPECT_TRUE(HoldsOutputs(graph, index));

  auto released = TakeHeldOutput(1, 1000, &index);
  EXPECT_EQ(released,
            (std::map<std::string, std::vector<MaterializedKey>>{{"h:1", {{1, 1000, 0}}}, {"h:2", {{1, 1000, 1}}}}));
  EXPECT_EQ(index.size(), 1u);
  TakeHeldOutput(1, 2000, &index);
  EXPECT_FALSE(HoldsOutputs(graph, index));
}

}  // namespace
}  // namespace sluice
