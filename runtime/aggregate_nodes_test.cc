// reduce and count: one value per batch from a single reduce partition. Expected values are those of Spark's
// BasicOperationsSuite; its empty-batch behaviour is the point of several tests here.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "runtime/pipeline_test_util.h"

namespace sluice {
namespace {

using testing::AddTestSource;
using testing::MemoryShuffleOutput;
using testing::RunMapSide;
using testing::RunReduceSide;
using testing::RunShuffle;
using testing::NewGraph;
using testing::SplitLikeSpark;
using Ints = std::vector<int>;

TEST(ReduceTest, IsOneShuffleToASinglePartition) {
  auto g = NewGraph();
  DStream<int> sum = AddTestSource<int>(g).reduce([](int a, int b) { return a + b; });
  const NodeDescription& node = g->description(sum.id());
  EXPECT_EQ(node.op, "reduce");
  EXPECT_EQ(node.kind, NodeKind::kShuffle);
  EXPECT_EQ(node.num_partitions, 1);
}

TEST(ReduceTest, SparksVector) {
  auto g = NewGraph();
  AddTestSource<int>(g).reduce([](int a, int b) { return a + b; });
  auto graph = g->Build();
  const std::vector<Ints> batches = {{1, 2, 3, 4}, {5, 6, 7, 8}, {9, 10, 11, 12}};
  const std::vector<std::vector<Ints>> expected = {{{10}}, {{26}}, {{42}}};
  for (size_t b = 0; b < batches.size(); ++b) {
    EXPECT_EQ((RunShuffle<int, int>(*graph, 1, 1, SplitLikeSpark(batches[b], 2))), expected[b]);
  }
}

TEST(ReduceTest, EachMapTaskSendsOnePartialAndAnEmptyPartitionNone) {
  auto g = NewGraph();
  AddTestSource<std::string>(g).reduce([](std::string a, std::string b) { return a + b; });
  auto graph = g->Build();
  EXPECT_EQ(RunMapSide<std::string>(*graph, {}, {1, 0}, 1, {"a", "b", "c"}).records_written, 1);
  EXPECT_EQ(RunMapSide<std::string>(*graph, {}, {1, 0}, 1, {}).records_written, 0);
}

// Spark gives an empty batch no reduce output at all.
TEST(ReduceTest, AnEmptyBatchGivesNothing) {
  auto g = NewGraph();
  AddTestSource<int>(g).reduce([](int a, int b) { return a + b; });
  auto graph = g->Build();
  int finishes = 0;
  EXPECT_TRUE((RunReduceSide<int>(*graph, 1, 0, {}, &finishes)).empty()) << "no map task at all";
  EXPECT_EQ(finishes, 1);
  EXPECT_EQ((RunShuffle<int, int>(*graph, 1, 1, {{}, {}})), std::vector<Ints>{Ints{}}) << "empty partitions";
}

TEST(CountTest, IsOneShuffleToASinglePartition) {
  auto g = NewGraph();
  DStream<int64_t> count = AddTestSource<int>(g).count();
  const NodeDescription& node = g->description(count.id());
  EXPECT_EQ(node.op, "count");
  EXPECT_EQ(node.kind, NodeKind::kShuffle);
  EXPECT_EQ(node.num_partitions, 1);
}

// Spark's count vector: exactly one record per batch, 0 for the empty one.
TEST(CountTest, SparksVector) {
  auto g = NewGraph();
  AddTestSource<int>(g).count();
  auto graph = g->Build();
  const std::vector<Ints> batches = {{}, {1}, {1, 2}, {1, 2, 3}, {1, 2, 3, 4}};
  for (size_t b = 0; b < batches.size(); ++b) {
    EXPECT_EQ((RunShuffle<int, int64_t>(*graph, 1, 1, SplitLikeSpark(batches[b], 2))),
              std::vector<std::vector<int64_t>>{{static_cast<int64_t>(b)}});
  }
}

TEST(CountTest, ABatchWithoutAnyInputPartitionCountsZero) {
  auto g = NewGraph();
  AddTestSource<std::string>(g).count();
  auto graph = g->Build();
  int finishes = 0;
  EXPECT_EQ((RunReduceSide<int64_t>(*graph, 1, 0, {}, &finishes)), std::vector<int64_t>{0});
  EXPECT_EQ(finishes, 1);
}

TEST(CountTest, CountsPartitionsOfAnyType) {
  auto g = NewGraph();
  AddTestSource<std::string>(g).glom().count();  // 0 source, 1 glom, 2 count
  auto graph = g->Build();
  std::vector<MemoryShuffleOutput> map_outputs;
  map_outputs.push_back(RunMapSide<std::string>(*graph, {{1, 0}}, {2, 0}, 1, {"a", "b"}));
  map_outputs.push_back(RunMapSide<std::string>(*graph, {{1, 0}}, {2, 0}, 1, {}));
  map_outputs.push_back(RunMapSide<std::string>(*graph, {{1, 0}}, {2, 0}, 1, {"c"}));
  EXPECT_EQ((RunReduceSide<int64_t>(*graph, 2, 0, map_outputs)), std::vector<int64_t>{3})
      << "glom gives one record per partition, the empty one included";
}

TEST(AggregateTest, CorruptPartialsFailTheRead) {
  auto g = NewGraph();
  AddTestSource<int>(g).count();
  auto graph = g->Build();
  testing::CollectingSink<int64_t> out;
  testing::MemoryShuffleInput truncated({std::string("\x80", 1)});
  EXPECT_FALSE(graph->node(1).ReadShuffle(truncated, out));
  EXPECT_TRUE(out.records.empty());
}

}  // namespace
}  // namespace sluice
