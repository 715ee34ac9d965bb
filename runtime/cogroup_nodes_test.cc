// cogroup of two pair streams and the joins on it, run as a batch's map tasks (of both parents) and reduce tasks
// would run them. Expected values are those of Spark's BasicOperationsSuite where it has the case; like the
// suite, keyed results are compared as sets.
#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <optional>
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
using testing::MemoryShuffleInput;
using testing::MemoryShuffleOutput;
using testing::RunMapSide;
using testing::RunNarrow;
using testing::RunReduceSide;
using testing::Step;
using testing::NewGraph;
using Words = std::vector<std::string>;
using Ones = std::pair<std::string, int>;
using Marks = std::pair<std::string, std::string>;
using Groups = Cogrouped<std::string, int, std::string>;

// The suite's two streams: s1.map(x => (x, 1)) and s2.map(x => (x, "x")). Nodes 0 -> 1 and 2 -> 3.
struct TwoStreams {
  std::shared_ptr<GraphBuilder> graph = NewGraph();
  DStream<Ones> left = AddTestSource<std::string>(graph).map([](std::string w) { return Ones(std::move(w), 1); });
  DStream<Marks> right =
      AddTestSource<std::string>(graph).map([](std::string w) { return Marks(std::move(w), "x"); });
};
constexpr int32_t kLeftSource = 0, kLeftMap = 1, kRightSource = 2, kRightMap = 3, kCogroup = 4, kJoin = 5;

// One batch through a cogroup fed by the maps of TwoStreams: a map task per partition of either side (the left
// side's parent index 0, the right's 1), then every reduce partition; the records of all reduce partitions.
template <class Out = Groups>
std::vector<std::vector<Out>> RunCogroup(const JobGraph& graph, uint32_t num_partitions,
                                         const std::vector<Words>& left_partitions,
                                         const std::vector<Words>& right_partitions) {
  std::vector<MemoryShuffleOutput> map_outputs;
  for (const Words& partition : left_partitions) {
    map_outputs.push_back(RunMapSide<std::string>(graph, {{kLeftMap, 0}}, {kCogroup, 0}, num_partitions, partition));
  }
  for (const Words& partition : right_partitions) {
    map_outputs.push_back(
        RunMapSide<std::string>(graph, {{kRightMap, 0}}, {kCogroup, 1}, num_partitions, partition));
  }
  std::vector<std::vector<Out>> reduced;
  for (uint32_t p = 0; p < num_partitions; ++p) reduced.push_back(RunReduceSide<Out>(graph, kCogroup, p, map_outputs));
  return reduced;
}

template <class T>
std::set<T> AsSet(const std::vector<T>& records) {
  return std::set<T>(records.begin(), records.end());
}

TEST(CogroupTest, IsOneShuffleWithBothStreamsAsParents) {
  TwoStreams s;
  auto grouped = s.left.cogroup(s.right, 3);
  auto graph = s.graph->Build();
  const NodeDescription& node = graph->node(grouped.id()).description();
  EXPECT_EQ(grouped.id(), kCogroup);
  EXPECT_EQ(node.kind, NodeKind::kShuffle);
  EXPECT_EQ(node.op, "cogroup");
  EXPECT_EQ(node.parents, (std::vector<int32_t>{kLeftMap, kRightMap}));
  EXPECT_EQ(node.num_partitions, 3);
  MemoryShuffleOutput out(3);
  EXPECT_EQ(graph->node(kCogroup).MakeShuffleWriter(2, out), nullptr) << "a cogroup has two parents";
}

// Spark's "cogroup" case, first two batches, in two partitions per side.
TEST(CogroupTest, GroupsBothSidesValuesPerKeyAsSpark) {
  TwoStreams s;
  s.left.cogroup(s.right, 3);
  auto graph = s.graph->Build();

  auto first = RunCogroup(*graph, 3, {{"a"}, {"a", "b"}}, {{"a"}, {"a", "b"}});
  EXPECT_EQ(AsSet(Flatten(first)), (std::set<Groups>{{"a", {{1, 1}, {"x", "x"}}}, {"b", {{1}, {"x"}}}}));

  auto second = RunCogroup(*graph, 3, {{"a"}, {""}}, {{"b"}, {""}});
  EXPECT_EQ(AsSet(Flatten(second)),
            (std::set<Groups>{{"a", {{1}, {}}}, {"b", {{}, {"x"}}}, {"", {{1}, {"x"}}}}))
      << "a key of one side only gets an empty group on the other";

  std::map<std::string, int> partition_of;
  for (uint32_t p = 0; p < first.size(); ++p) {
    for (const Groups& group : first[p]) EXPECT_TRUE(partition_of.emplace(group.first, p).second) << group.first;
  }
  EXPECT_EQ(partition_of.size(), 2u) << "each key is in exactly one reduce partition";
}

TEST(CogroupTest, AnEmptyBatchGivesNothingAndEachPartitionFinishesOnce) {
  TwoStreams s;
  s.left.cogroup(s.right, 2);
  auto graph = s.graph->Build();
  std::vector<MemoryShuffleOutput> map_outputs = {
      RunMapSide<std::string>(*graph, {{kLeftMap, 0}}, {kCogroup, 0}, 2, {}),
      RunMapSide<std::string>(*graph, {{kRightMap, 0}}, {kCogroup, 1}, 2, {})};
  int finishes = 0;
  EXPECT_TRUE(RunReduceSide<Groups>(*graph, kCogroup, 1, map_outputs, &finishes).empty());
  EXPECT_EQ(finishes, 1);
}

// With V and W of one type, only the tag written on the map side tells which stream a value came from.
TEST(CogroupTest, SidesOfTheSameTypeStayApart) {
  using Pair = std::pair<std::string, int>;
  using Same = Cogrouped<std::string, int, int>;
  auto g = NewGraph();
  auto left = AddTestSource<Pair>(g);
  auto right = AddTestSource<Pair>(g);
  auto grouped = left.cogroup(right, 1);
  auto graph = g->Build();
  std::vector<MemoryShuffleOutput> map_outputs = {
      RunMapSide<Pair>(*graph, {}, {grouped.id(), 0}, 1, {{"k", 1}, {"k", 2}}),
      RunMapSide<Pair>(*graph, {}, {grouped.id(), 1}, 1, {{"k", 10}})};
  EXPECT_EQ(RunReduceSide<Same>(*graph, grouped.id(), 0, map_outputs), (std::vector<Same>{{"k", {{1, 2}, {10}}}}));
}

// s.join(s): both parents are the same stream, which the map side reads twice, once as each side.
TEST(CogroupTest, AStreamJoinedWithItselfPairsEveryValueWithEvery) {
  using Pair = std::pair<std::string, int>;
  using Joined = std::pair<std::string, std::pair<int, int>>;
  auto g = NewGraph();
  auto stream = AddTestSource<Pair>(g);
  auto joined = stream.join(stream, 1);
  auto graph = g->Build();
  const int32_t cogroup = joined.id() - 1;
  EXPECT_EQ(graph->node(cogroup).description().parents, (std::vector<int32_t>{stream.id(), stream.id()}));
  std::vector<Pair> partition = {{"k", 1}, {"k", 2}};
  std::vector<MemoryShuffleOutput> map_outputs = {RunMapSide<Pair>(*graph, {}, {cogroup, 0}, 1, partition),
                                                  RunMapSide<Pair>(*graph, {}, {cogroup, 1}, 1, partition)};
  auto groups = RunReduceSide<Cogrouped<std::string, int, int>>(*graph, cogroup, 0, map_outputs);
  EXPECT_EQ((RunNarrow<Cogrouped<std::string, int, int>, Joined>(*graph, {{joined.id(), 0}}, groups)),
            (std::vector<Joined>{{"k", {1, 1}}, {"k", {1, 2}}, {"k", {2, 1}}, {"k", {2, 2}}}));
}

TEST(CogroupTest, ARecordTaggedWithBothSidesOrNeitherIsCorrupt) {
  TwoStreams s;
  s.left.cogroup(s.right, 1);
  auto graph = s.graph->Build();
  for (const SideTaggedRecord<std::string, int, std::string>& record :
       {SideTaggedRecord<std::string, int, std::string>{"a", {1, "x"}},
        SideTaggedRecord<std::string, int, std::string>{"a", {std::nullopt, std::nullopt}}}) {
    std::string bytes;
    EncodeRecord(record, &bytes);
    MemoryShuffleInput input({bytes});
    testing::CollectingSink<Groups> out;
    EXPECT_FALSE(graph->node(kCogroup).ReadShuffle(input, out));
  }
}

TEST(CogroupTest, RefusesStreamsOfAnotherContextOrSlideAndNegativePartitions) {
  TwoStreams s;
  TwoStreams elsewhere;
  try {
    s.left.cogroup(elsewhere.right);
    FAIL() << "streams of two contexts were cogrouped";
  } catch (const IllegalArgumentError& e) {
    EXPECT_STREQ(e.what(), "requirement failed: Some of the DStreams have different contexts");
  }

  // A source that has a data set every other batch, as a stream windowed with a 2 s slide would.
  NodeDescription description;
  description.id = s.graph->NextId();
  description.kind = NodeKind::kReceiverSource;
  description.op = "testSource";
  description.slide_ms = 2000;
  s.graph->Add(std::make_unique<testing::TestSourceNode<Marks>>(description));
  DStream<Marks> slower(s.graph, description.id);
  try {
    s.left.join(slower);
    FAIL() << "streams of different slides were joined";
  } catch (const IllegalArgumentError& e) {
    EXPECT_STREQ(e.what(), "requirement failed: Some of the DStreams have different slide durations");
  }

  EXPECT_THROW(s.left.fullOuterJoin(s.right, -1), IllegalArgumentError);
}

// Key types must match and both streams must be pair streams: anything else does not compile.
template <class A, class B>
concept Joinable = requires(const A& a, const B& b) {
  a.cogroup(b);
  a.join(b);
  a.leftOuterJoin(b);
  a.rightOuterJoin(b);
  a.fullOuterJoin(b);
};
static_assert(Joinable<DStream<Ones>, DStream<std::pair<std::string, double>>>);
static_assert(!Joinable<DStream<Ones>, DStream<std::pair<int, int>>>);
static_assert(!Joinable<DStream<std::string>, DStream<Ones>>);
static_assert(!Joinable<DStream<Ones>, DStream<std::string>>);

// The joins of Spark's cases, on the groups of their second batch: left ["a", ""], right ["b", ""].
const std::vector<Groups> kSecondBatchGroups = {{"a", {{1}, {}}}, {"b", {{}, {"x"}}}, {"", {{1}, {"x"}}}};

template <class Out, class Joined>
std::set<Out> RunJoin(const TwoStreams& s, const Joined& joined, const std::string& op) {
  auto graph = s.graph->Build();
  EXPECT_EQ(joined.id(), kJoin);
  EXPECT_EQ(graph->node(kJoin).description().op, op);
  EXPECT_EQ(graph->node(kJoin).description().kind, NodeKind::kNarrow);
  EXPECT_EQ(graph->node(kJoin).description().parents, std::vector<int32_t>{kCogroup});
  return AsSet(RunNarrow<Groups, Out>(*graph, {{kJoin, 0}}, kSecondBatchGroups));
}

TEST(JoinTest, InnerKeepsTheKeysOfBothSides) {
  using Out = std::pair<std::string, std::pair<int, std::string>>;
  TwoStreams s;
  EXPECT_EQ(RunJoin<Out>(s, s.left.join(s.right), "join"), (std::set<Out>{{"", {1, "x"}}}));
}

TEST(JoinTest, LeftOuterKeepsTheLeftKeysWithNone) {
  using Out = std::pair<std::string, std::pair<int, std::optional<std::string>>>;
  TwoStreams s;
  EXPECT_EQ(RunJoin<Out>(s, s.left.leftOuterJoin(s.right), "leftOuterJoin"),
            (std::set<Out>{{"", {1, "x"}}, {"a", {1, std::nullopt}}}));
}

TEST(JoinTest, RightOuterKeepsTheRightKeysWithNone) {
  using Out = std::pair<std::string, std::pair<std::optional<int>, std::string>>;
  TwoStreams s;
  EXPECT_EQ(RunJoin<Out>(s, s.left.rightOuterJoin(s.right), "rightOuterJoin"),
            (std::set<Out>{{"", {1, "x"}}, {"b", {std::nullopt, "x"}}}));
}

TEST(JoinTest, FullOuterKeepsEveryKey) {
  using Out = std::pair<std::string, std::pair<std::optional<int>, std::optional<std::string>>>;
  TwoStreams s;
  EXPECT_EQ(RunJoin<Out>(s, s.left.fullOuterJoin(s.right), "fullOuterJoin"),
            (std::set<Out>{{"", {1, "x"}}, {"a", {1, std::nullopt}}, {"b", {std::nullopt, "x"}}}));
}

TEST(JoinTest, EmitsEveryCombinationLeftValuesOutermost) {
  using Out = std::pair<std::string, std::pair<int, std::string>>;
  TwoStreams s;
  s.left.join(s.right);
  auto graph = s.graph->Build();
  std::vector<Groups> groups = {{"k", {{1, 2}, {"x", "y", "z"}}}};
  EXPECT_EQ((RunNarrow<Groups, Out>(*graph, {{kJoin, 0}}, groups)),
            (std::vector<Out>{{"k", {1, "x"}}, {"k", {1, "y"}}, {"k", {1, "z"}},  //
                              {"k", {2, "x"}}, {"k", {2, "y"}}, {"k", {2, "z"}}}));
}

}  // namespace
}  // namespace sluice
