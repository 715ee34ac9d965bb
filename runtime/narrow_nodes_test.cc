// Per-partition operations (mapPartitions, glom, mapValues, flatMapValues, union), driven through their sinks as a
// worker drives them. Expected values are those of Spark's BasicOperationsSuite where it has the case.
#include <gtest/gtest.h>

#include <numeric>
#include <string>
#include <utility>
#include <vector>

#include "driver/api/errors.h"
#include "driver/api/streaming_context.h"
#include "runtime/graph_capture.h"
#include "runtime/pipeline_test_util.h"

namespace sluice {
namespace {

using testing::AddTestSource;
using testing::RunNarrow;
using testing::NewGraph;
using testing::SplitLikeSpark;
using Ints = std::vector<int>;
using Pair = std::pair<std::string, int>;

TEST(MapPartitionsTest, RunsOncePerPartitionOnItsRecordsInOrder) {
  auto g = NewGraph();
  AddTestSource<int>(g).mapPartitions([](std::vector<int> records) {
    return Ints{std::accumulate(records.begin(), records.end(), 0)};
  });
  auto graph = g->Build();
  EXPECT_EQ(graph->node(1).description().op, "mapPartitions");
  EXPECT_EQ(graph->node(1).description().kind, NodeKind::kNarrow);

  const std::vector<Ints> batches = {{1, 2, 3, 4}, {5, 6, 7, 8}, {9, 10, 11, 12}};
  const std::vector<Ints> expected = {{3, 7}, {11, 15}, {19, 23}};  // Spark's mapPartitions vector
  for (size_t b = 0; b < batches.size(); ++b) {
    Ints out;
    for (const Ints& partition : SplitLikeSpark(batches[b], 2)) {
      int finishes = 0;
      Ints sums = RunNarrow<int, int>(*graph, {{1, 0}}, partition, &finishes);
      EXPECT_EQ(finishes, 1);
      out.insert(out.end(), sums.begin(), sums.end());
    }
    EXPECT_EQ(out, expected[b]);
  }
}

TEST(MapPartitionsTest, ReceivesTheWholePartitionAndMayChangeTheType) {
  auto g = NewGraph();
  AddTestSource<int>(g).mapPartitions([](std::vector<int> records) {
    std::vector<std::string> out;
    for (int r : records) out.push_back(std::to_string(r) + "/" + std::to_string(records.size()));
    return out;
  });
  auto graph = g->Build();
  EXPECT_EQ((RunNarrow<int, std::string>(*graph, {{1, 0}}, {7, 8, 9})),
            (std::vector<std::string>{"7/3", "8/3", "9/3"}));
  EXPECT_EQ((RunNarrow<int, std::string>(*graph, {{1, 0}}, {})), std::vector<std::string>{});
}

TEST(MapPartitionsTest, RunsForAnEmptyPartition) {
  auto g = NewGraph();
  AddTestSource<int>(g).mapPartitions([](std::vector<int> records) { return std::vector<size_t>{records.size()}; });
  auto graph = g->Build();
  EXPECT_EQ((RunNarrow<int, size_t>(*graph, {{1, 0}}, {})), std::vector<size_t>{0});
}

TEST(GlomTest, GivesOneVectorPerPartition) {
  auto g = NewGraph();
  AddTestSource<int>(g).glom();
  auto graph = g->Build();
  EXPECT_EQ(graph->node(1).description().op, "glom");
  const std::vector<Ints> batches = {{1, 2, 3, 4}, {5, 6, 7, 8}, {9, 10, 11, 12}};
  const std::vector<std::vector<Ints>> expected = {{{1, 2}, {3, 4}}, {{5, 6}, {7, 8}}, {{9, 10}, {11, 12}}};
  for (size_t b = 0; b < batches.size(); ++b) {
    std::vector<Ints> out;
    for (const Ints& partition : SplitLikeSpark(batches[b], 2)) {
      std::vector<Ints> glommed = RunNarrow<int, Ints>(*graph, {{1, 0}}, partition);
      out.insert(out.end(), glommed.begin(), glommed.end());
    }
    EXPECT_EQ(out, expected[b]);
  }
}

TEST(GlomTest, AnEmptyPartitionGivesAnEmptyVector) {
  auto g = NewGraph();
  AddTestSource<int>(g).glom();
  auto graph = g->Build();
  EXPECT_EQ((RunNarrow<int, Ints>(*graph, {{1, 0}}, {})), std::vector<Ints>{Ints{}});
}

// The partition step sits between per-record steps: the end of the partition has to travel through them to it,
// and its output then through the rest of the chain, followed by exactly one Finish.
TEST(GlomTest, TheEndOfThePartitionReachesItInsideAChain) {
  auto g = NewGraph();
  AddTestSource<int>(g).map([](int x) { return x * 10; }).glom().map([](Ints v) { return v.size(); });
  auto graph = g->Build();
  int finishes = 0;
  EXPECT_EQ((RunNarrow<int, size_t>(*graph, {{1, 0}, {2, 0}, {3, 0}}, {1, 2, 3}, &finishes)),
            std::vector<size_t>{3});
  EXPECT_EQ(finishes, 1);
  EXPECT_EQ((RunNarrow<int, Ints>(*graph, {{1, 0}, {2, 0}}, {1, 2})), (std::vector<Ints>{Ints{10, 20}}));
}

TEST(PairNarrowTest, MapValuesKeepsTheKeys) {
  auto g = NewGraph();
  AddTestSource<Pair>(g).mapValues([](int v) { return v + 10; });
  AddTestSource<Pair>(g).mapValues([](int v) { return std::string(v, 'x'); });
  auto graph = g->Build();
  EXPECT_EQ(graph->node(1).description().op, "mapValues");
  // Spark's mapValues vector, after reduceByKey: (a,2), (b,1) -> (a,12), (b,11).
  EXPECT_EQ((RunNarrow<Pair, Pair>(*graph, {{1, 0}}, {{"a", 2}, {"b", 1}})), (std::vector<Pair>{{"a", 12}, {"b", 11}}));
  using Text = std::pair<std::string, std::string>;
  EXPECT_EQ((RunNarrow<Pair, Text>(*graph, {{3, 0}}, {{"", 2}})), (std::vector<Text>{{"", "xx"}}));
}

TEST(PairNarrowTest, FlatMapValuesMakesARecordPerElementWithTheKey) {
  auto g = NewGraph();
  AddTestSource<Pair>(g).flatMapValues([](int v) { return Ints{v, v + 10}; });
  auto graph = g->Build();
  EXPECT_EQ(graph->node(1).description().op, "flatMapValues");
  // Spark's flatMapValues vector: (a,2), (b,1) -> (a,2), (a,12), (b,1), (b,11).
  EXPECT_EQ((RunNarrow<Pair, Pair>(*graph, {{1, 0}}, {{"a", 2}, {"b", 1}})),
            (std::vector<Pair>{{"a", 2}, {"a", 12}, {"b", 1}, {"b", 11}}));
  auto empty = NewGraph();
  AddTestSource<Pair>(empty).flatMapValues([](int) { return Ints{}; });
  EXPECT_TRUE((RunNarrow<Pair, Pair>(*empty->Build(), {{1, 0}}, {{"a", 1}})).empty());
}

TEST(UnionTest, ANodeWhoseParentsAreTheStreamsInOrder) {
  auto g = NewGraph();
  DStream<int> s = AddTestSource<int>(g);
  DStream<int> plus4 = s.map([](int x) { return x + 4; });
  DStream<int> both = s.union_(plus4);
  const NodeDescription& union_node = g->description(both.id());
  EXPECT_EQ(union_node.op, "union");
  EXPECT_EQ(union_node.kind, NodeKind::kNarrow);
  EXPECT_EQ(union_node.parents, (std::vector<int32_t>{s.id(), plus4.id()}));
  EXPECT_EQ(union_node.type_name, g->description(s.id()).type_name);
  EXPECT_EQ(both.slideDuration(), s.slideDuration());
}

// A task of a union reads one parent's partition: the union passes its records unchanged, whichever parent.
TEST(UnionTest, PassesTheRecordsOfEitherParent) {
  auto g = NewGraph();
  DStream<int> s = AddTestSource<int>(g);
  s.union_(s.map([](int x) { return x + 4; }));  // 0 source, 1 map, 2 union(0, 1)
  auto graph = g->Build();
  // Spark's union vector: [1,2,3,4] in 2 partitions gives [1,2], [3,4], then [5,6], [7,8].
  Ints out;
  for (const Ints& partition : SplitLikeSpark({1, 2, 3, 4}, 2)) {
    Ints records = RunNarrow<int, int>(*graph, {{2, 0}}, partition);
    out.insert(out.end(), records.begin(), records.end());
  }
  for (const Ints& partition : SplitLikeSpark({1, 2, 3, 4}, 2)) {
    Ints records = RunNarrow<int, int>(*graph, {{1, 0}, {2, 1}}, partition);
    out.insert(out.end(), records.begin(), records.end());
  }
  EXPECT_EQ(out, (Ints{1, 2, 3, 4, 5, 6, 7, 8}));
}

// As a worker sees the graph: the union's parents are the streams, in the order given.
TEST(UnionTest, ContextUnionOfManyStreams) {
  GraphCapture capture;
  StreamingContext ssc("local[1]", "UnionTest", Seconds(1));
  DStream<std::string> lines = ssc.textFileStream(::testing::TempDir());
  DStream<std::string> marked = lines.map([](std::string s) { return s + "!"; });
  DStream<std::string> other = ssc.textFileStream(::testing::TempDir() + "/other");
  DStream<std::string> all = ssc.union_(std::vector<DStream<std::string>>{lines, marked, other});
  all.pprint();
  EXPECT_THROW(ssc.start(), GraphCaptured);
  ASSERT_NE(capture.graph(), nullptr);
  const NodeDescription& union_node = capture.graph()->description().node(all.id());
  EXPECT_EQ(union_node.op, "union");
  EXPECT_EQ(union_node.parents, (std::vector<int32_t>{lines.id(), marked.id(), other.id()}));
}

TEST(UnionTest, StreamsOfAnotherContextAreRefusedWithSparksMessage) {
  StreamingContext first("local[1]", "UnionTest", Seconds(1));
  StreamingContext second("local[1]", "UnionTest", Seconds(2));
  DStream<std::string> a = first.textFileStream(::testing::TempDir());
  DStream<std::string> b = second.textFileStream(::testing::TempDir());
  try {
    a.union_(b);
    FAIL() << "union of streams of two contexts was accepted";
  } catch (const IllegalArgumentError& error) {
    EXPECT_STREQ(error.what(), "requirement failed: Some of the DStreams have different contexts");
  }
  EXPECT_THROW(first.union_(std::vector<DStream<std::string>>{a, b}), IllegalArgumentError);
}

TEST(UnionTest, AnEmptyListIsRefused) {
  StreamingContext ssc("local[1]", "UnionTest", Seconds(1));
  try {
    ssc.union_(std::vector<DStream<int>>{});
    FAIL() << "union of no streams was accepted";
  } catch (const IllegalArgumentError& error) {
    EXPECT_STREQ(error.what(), "requirement failed: List of DStreams to union is empty");
  }
}

}  // namespace
}  // namespace sluice
