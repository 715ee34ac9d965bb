// The keyed exchanges (combineByKey and what is built on it: reduceByKey, groupByKey, countByValue) and
// repartition, run as a batch of map tasks and reduce tasks would run them. Expected values are those of Spark's
// BasicOperationsSuite where it has the case; like the suite, keyed results are compared as sets.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "driver/api/errors.h"
#include "runtime/pipeline_test_util.h"

namespace sluice {
namespace {

using testing::AddTestSource;
using testing::Flatten;
using testing::MemoryShuffleOutput;
using testing::RunMapSide;
using testing::RunReduceSide;
using testing::RunShuffle;
using testing::NewGraph;
using testing::SplitLikeSpark;
using Words = std::vector<std::string>;
using Ints = std::vector<int>;

template <class T>
std::vector<std::vector<T>> SplitLikeSpark(const std::vector<T>& batch, size_t n) {
  std::vector<std::vector<T>> partitions;
  for (size_t i = 0; i < n; ++i) {
    partitions.emplace_back(batch.begin() + i * batch.size() / n, batch.begin() + (i + 1) * batch.size() / n);
  }
  return partitions;
}

template <class T>
std::multiset<T> Bag(const std::vector<T>& records) {
  return std::multiset<T>(records.begin(), records.end());
}

DStream<std::pair<std::string, int>> WordsWithOne(const std::shared_ptr<GraphBuilder>& g) {
  return AddTestSource<std::string>(g).map([](std::string w) { return std::make_pair(std::move(w), 1); });
}

// Spark's pair-operation inputs: ["a","a","b"], ["",""], [] in two partitions.
const std::vector<Words> kWordBatches = {{"a", "a", "b"}, {"", ""}, {}};

TEST(CombineByKeyTest, UsesSparksThreeFunctionsAcrossPartitions) {
  using Sum = std::pair<int64_t, int>;  // total, count
  auto g = NewGraph();
  auto input = AddTestSource<std::pair<std::string, int>>(g);
  DStream<std::pair<std::string, Sum>> averaged = input.combineByKey(
      [](int v) { return Sum{v, 1}; }, [](Sum c, int v) { return Sum{c.first + v, c.second + 1}; },
      [](Sum a, Sum b) { return Sum{a.first + b.first, a.second + b.second}; }, /*num_partitions=*/3);
  auto graph = g->Build();
  const NodeDescription& node = graph->node(averaged.id()).description();
  EXPECT_EQ(node.op, "combineByKey");
  EXPECT_EQ(node.kind, NodeKind::kShuffle);
  EXPECT_EQ(node.num_partitions, 3);

  std::vector<std::vector<std::pair<std::string, int>>> partitions = {{{"a", 1}, {"b", 2}, {"a", 3}}, {{"a", 5}}};
  auto reduced = RunShuffle<std::pair<std::string, int>, std::pair<std::string, Sum>>(*graph, 1, 3, partitions);
  std::map<std::string, Sum> results;
  for (auto& [key, sum] : Flatten(reduced)) EXPECT_TRUE(results.emplace(key, sum).second) << key << " twice";
  EXPECT_EQ(results, (std::map<std::string, Sum>{{"a", {9, 3}}, {"b", {2, 1}}}));

  MemoryShuffleOutput first = RunMapSide(*graph, {}, {1, 0}, 3, partitions[0]);
  EXPECT_EQ(first.records_written, 2) << "map-side combining writes one record per key";
}

TEST(CombineByKeyTest, WithoutMapSideCombineEveryRecordCrosses) {
  auto g = NewGraph();
  auto input = AddTestSource<std::pair<std::string, int>>(g);
  auto add = [](int a, int b) { return a + b; };
  input.combineByKey([](int v) { return v; }, add, add, 2, /*map_side_combine=*/false);
  auto graph = g->Build();
  std::vector<std::pair<std::string, int>> partition = {{"a", 1}, {"a", 2}, {"a", 3}};
  EXPECT_EQ(RunMapSide(*graph, {}, {1, 0}, 2, partition).records_written, 3);
  auto reduced = RunShuffle<std::pair<std::string, int>, std::pair<std::string, int>>(*graph, 1, 2, {partition});
  EXPECT_EQ(Flatten(reduced), (std::vector<std::pair<std::string, int>>{{"a", 6}}));
}

TEST(CombineByKeyTest, ANegativePartitionCountIsRefusedWithSparksMessage) {
  auto g = NewGraph();
  auto pairs = WordsWithOne(g);
  try {
    pairs.reduceByKey([](int a, int b) { return a + b; }, -1);
    FAIL() << "reduceByKey accepted -1 partitions";
  } catch (const IllegalArgumentError& error) {
    EXPECT_STREQ(error.what(), "requirement failed: Number of partitions (-1) cannot be negative.");
  }
  EXPECT_THROW(pairs.groupByKey(-2), IllegalArgumentError);
  EXPECT_EQ(g->description(pairs.groupByKey().id()).num_partitions, 0) << "0: the application's default";
}

TEST(ReduceByKeyTest, SparksVectors) {
  auto g = NewGraph();
  DStream<std::pair<std::string, int>> counts = WordsWithOne(g).reduceByKey([](int a, int b) { return a + b; });
  auto graph = g->Build();
  EXPECT_EQ(graph->node(counts.id()).description().op, "reduceByKey");
  using Count = std::pair<std::string, int>;
  const std::vector<std::set<Count>> expected = {{{"a", 2}, {"b", 1}}, {{"", 2}}, {}};
  for (size_t b = 0; b < kWordBatches.size(); ++b) {
    auto reduced = RunShuffle<std::string, Count>(*graph, 2, 2, SplitLikeSpark(kWordBatches[b], 2), {{1, 0}});
    std::vector<Count> all = Flatten(reduced);
    EXPECT_EQ(std::set<Count>(all.begin(), all.end()), expected[b]);
    EXPECT_EQ(all.size(), expected[b].size());
  }
}

TEST(GroupByKeyTest, SparksVectors) {
  auto g = NewGraph();
  auto grouped = WordsWithOne(g).groupByKey();
  auto graph = g->Build();
  EXPECT_EQ(graph->node(grouped.id()).description().op, "groupByKey");
  using Group = std::pair<std::string, Ints>;
  const std::vector<std::set<Group>> expected = {{{"a", {1, 1}}, {"b", {1}}}, {{"", {1, 1}}}, {}};
  for (size_t b = 0; b < kWordBatches.size(); ++b) {
    auto reduced = RunShuffle<std::string, Group>(*graph, 2, 2, SplitLikeSpark(kWordBatches[b], 2), {{1, 0}});
    std::vector<Group> all = Flatten(reduced);
    EXPECT_EQ(std::set<Group>(all.begin(), all.end()), expected[b]);
    EXPECT_EQ(all.size(), expected[b].size());
  }
}

// No map-side combine, as in Spark: each value crosses on its own, and a key's values come in the order of the
// map outputs, then of the records.
TEST(GroupByKeyTest, KeepsEveryValueInMapOutputOrder) {
  auto g = NewGraph();
  AddTestSource<std::pair<std::string, int>>(g).groupByKey(1);
  auto graph = g->Build();
  std::vector<std::vector<std::pair<std::string, int>>> partitions = {{{"k", 1}, {"j", 9}, {"k", 2}}, {{"k", 3}}};
  EXPECT_EQ(RunMapSide(*graph, {}, {1, 0}, 1, partitions[0]).records_written, 3);
  using Group = std::pair<std::string, Ints>;
  std::vector<Group> all = Flatten(RunShuffle<std::pair<std::string, int>, Group>(*graph, 1, 1, partitions));
  std::sort(all.begin(), all.end());
  EXPECT_EQ(all, (std::vector<Group>{{"j", {9}}, {"k", {1, 2, 3}}}));
}

TEST(CountByValueTest, SparksVectors) {
  auto g = NewGraph();
  DStream<std::pair<int, int64_t>> counted = AddTestSource<int>(g).countByValue();
  auto graph = g->Build();
  const NodeDescription& node = graph->node(counted.id()).description();
  EXPECT_EQ(node.op, "countByValue");
  EXPECT_EQ(node.kind, NodeKind::kShuffle);
  using Count = std::pair<int, int64_t>;
  const std::vector<Ints> batches = {{1}, {1, 1, 1}, {1, 2}, {1, 1, 2, 2}};
  const std::vector<std::set<Count>> expected = {{{1, 1}}, {{1, 3}}, {{1, 1}, {2, 1}}, {{2, 2}, {1, 2}}};
  for (size_t b = 0; b < batches.size(); ++b) {
    std::vector<Count> all =
        Flatten(RunShuffle<int, Count>(*graph, counted.id(), 2, SplitLikeSpark(batches[b], 2), {{1, 0}}));
    EXPECT_EQ(std::set<Count>(all.begin(), all.end()), expected[b]);
    EXPECT_EQ(all.size(), expected[b].size());
  }
}

TEST(CountByValueTest, TakesAPartitionCount) {
  auto g = NewGraph();
  EXPECT_EQ(g->description(AddTestSource<int>(g).countByValue(7).id()).num_partitions, 7);
}

Ints Range(int from, int to) {
  Ints out;
  for (int i = from; i <= to; ++i) out.push_back(i);
  return out;
}

// Spark's repartition tests: the output has exactly n partitions and the same elements.
TEST(RepartitionTest, MorePartitions) {
  auto g = NewGraph();
  DStream<int> spread = AddTestSource<int>(g).repartition(5);
  auto graph = g->Build();
  const NodeDescription& node = graph->node(spread.id()).description();
  EXPECT_EQ(node.op, "repartition");
  EXPECT_EQ(node.kind, NodeKind::kShuffle);
  EXPECT_EQ(node.num_partitions, 5);
  for (int b = 0; b < 3; ++b) {
    Ints batch = Range(b * 100 + 1, b * 100 + 100);
    std::vector<Ints> out = RunShuffle<int, int>(*graph, 1, 5, SplitLikeSpark(batch, 2));
    ASSERT_EQ(out.size(), 5u);
    EXPECT_EQ(Bag(Flatten(out)), Bag(batch));
    // Dealt in turn: each of the two inputs of 50 gives each partition 10.
    for (const Ints& partition : out) EXPECT_EQ(partition.size(), 20u);
  }
}

TEST(RepartitionTest, FewerPartitions) {
  auto g = NewGraph();
  AddTestSource<int>(g).repartition(2);
  auto graph = g->Build();
  Ints batch = Range(1, 100);
  std::vector<Ints> out = RunShuffle<int, int>(*graph, 1, 2, SplitLikeSpark(batch, 5));
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(Bag(Flatten(out)), Bag(batch));
  for (const Ints& partition : out) EXPECT_EQ(partition.size(), 50u);
}

// A task run again after a failure must write what the first attempt wrote.
TEST(RepartitionTest, AMapTaskWritesTheSameBucketsEveryTime) {
  auto g = NewGraph();
  AddTestSource<std::string>(g).repartition(4);
  auto graph = g->Build();
  Words partition = {"x", "y", "z", "w", "v"};
  MemoryShuffleOutput first = RunMapSide(*graph, {}, {1, 0}, 4, partition);
  MemoryShuffleOutput again = RunMapSide(*graph, {}, {1, 0}, 4, partition);
  EXPECT_EQ(first.buckets, again.buckets);
  EXPECT_EQ(first.records_written, 5);
}

// The start depends on the partition's first record, so one-record partitions do not all land in one place.
TEST(RepartitionTest, PartitionsThatStartDifferentlyStartInDifferentPlaces) {
  auto g = NewGraph();
  AddTestSource<int>(g).repartition(4);
  auto graph = g->Build();
  std::vector<Ints> single_records;
  for (int i = 0; i < 40; ++i) single_records.push_back({i});
  std::vector<Ints> out = RunShuffle<int, int>(*graph, 1, 4, single_records);
  for (const Ints& partition : out) EXPECT_FALSE(partition.empty());
}

TEST(RepartitionTest, NeedsAPositivePartitionCount) {
  auto g = NewGraph();
  auto input = AddTestSource<int>(g);
  try {
    input.repartition(0);
    FAIL() << "repartition(0) was accepted";
  } catch (const IllegalArgumentError& error) {
    EXPECT_STREQ(error.what(), "requirement failed: Number of partitions (0) must be positive.");
  }
}

TEST(ShuffleReadTest, CorruptDataFailsTheRead) {
  auto g = NewGraph();
  AddTestSource<int>(g).repartition(2);
  WordsWithOne(g).groupByKey();
  auto graph = g->Build();
  testing::CollectingSink<int> ints;
  testing::MemoryShuffleInput truncated({std::string("\x05", 1) + "\x80"});
  EXPECT_FALSE(graph->node(1).ReadShuffle(truncated, ints));
  testing::CollectingSink<std::pair<std::string, Ints>> groups;
  testing::MemoryShuffleInput bad_length({std::string("\x09" "ab", 3)});
  EXPECT_FALSE(graph->node(4).ReadShuffle(bad_length, groups));
}

}  // namespace
}  // namespace sluice
