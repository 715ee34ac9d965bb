// Spark's two-stream pair operations of BasicOperationsSuite (data/basic_operations.json: cogroup, join and the
// outer joins) through the real engine in local mode, one test per case, named after it; then what the suite
// does not cover: a stream joined with itself, a join with a shuffle upstream on one side, and a batch for which
// one of the streams has no data set.
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/spark_vectors/case_runner.h"
#include "tests/spark_vectors/spark_case.h"

namespace sluice::spark_vectors {
namespace {

using ::testing::HasSubstr;
using Ones = std::pair<std::string, int32_t>;
using Marks = std::pair<std::string, std::string>;
using Words = DStream<std::string>;

constexpr char kFile[] = "basic_operations.json";

SparkCase Case(const std::string& test) { return LoadCaseOrAddFailure(kFile, test); }

// The suite's two streams: s1.map(x => (x, 1)) (WordOnes) and s2.map(x => (x, "x")).
DStream<Marks> WordMarks(const Words& words) {
  return words.map([](std::string word) { return Marks(std::move(word), "x"); });
}

// Runs `test`'s case with `join` applied to the suite's two streams and compares as Spark's suite does.
template <class Join>
void ExpectAsSpark(const std::string& test, Join join) {
  SparkCase spark_case = Case(test);
  absl::StatusOr<std::vector<OutputBatch>> output = RunTwoStreamCase<std::string, std::string>(
      spark_case, [&join](const Words& first, const Words& second) { return join(WordOnes(first), WordMarks(second)); });
  ASSERT_TRUE(output.ok()) << output.status();
  EXPECT_TRUE(MatchesSpark(spark_case, *output));
}

TEST(JoinOperations, cogroup) {
  ExpectAsSpark("cogroup", [](const DStream<Ones>& a, const DStream<Marks>& b) { return a.cogroup(b); });
}

TEST(JoinOperations, join) {
  ExpectAsSpark("join", [](const DStream<Ones>& a, const DStream<Marks>& b) { return a.join(b); });
}

TEST(JoinOperations, leftOuterJoin) {
  ExpectAsSpark("leftOuterJoin", [](const DStream<Ones>& a, const DStream<Marks>& b) { return a.leftOuterJoin(b); });
}

TEST(JoinOperations, rightOuterJoin) {
  ExpectAsSpark("rightOuterJoin",
                [](const DStream<Ones>& a, const DStream<Marks>& b) { return a.rightOuterJoin(b); });
}

TEST(JoinOperations, fullOuterJoin) {
  ExpectAsSpark("fullOuterJoin", [](const DStream<Ones>& a, const DStream<Marks>& b) { return a.fullOuterJoin(b); });
}

// A case of our own, run and compared as the suite's (as sets per batch: the records below are all distinct,
// so none can hide behind another).
SparkCase OwnCase(const std::string& test, nlohmann::json inputs, nlohmann::json inputs2, nlohmann::json expected) {
  SparkCase spark_case;
  spark_case.test = test;
  spark_case.params = {{"input_partitions", 2}};
  spark_case.inputs = std::move(inputs);
  spark_case.inputs2 = std::move(inputs2);
  spark_case.expected = std::move(expected);
  spark_case.num_batches_run = static_cast<int>(spark_case.expected.size());
  spark_case.order_matters = false;
  return spark_case;
}

using Pair = std::pair<std::string, int32_t>;
using Json = nlohmann::json;

// Both sides of the cogroup read the same partitions: the map stage runs each of them once per side.
TEST(JoinOperations, AStreamJoinedWithItselfPairsEveryValueOfAKeyWithEvery) {
  SparkCase spark_case = OwnCase("self join", Json::parse(R"([[["a", 1], ["a", 2], ["b", 3]], [["c", 4]]])"),
                                 Json(), Json::parse(R"([
    [["a", [1, 1]], ["a", [1, 2]], ["a", [2, 1]], ["a", [2, 2]], ["b", [3, 3]]],
    [["c", [4, 4]]]])"));
  absl::StatusOr<std::vector<OutputBatch>> output =
      RunCase<Pair>(spark_case, [](const DStream<Pair>& pairs) { return pairs.join(pairs, 3); });
  ASSERT_TRUE(output.ok()) << output.status();
  EXPECT_TRUE(MatchesSpark(spark_case, *output));
}

// The cogroup's map stage reads a reduceByKey's output on one side and the driver's data on the other.
TEST(JoinOperations, AJoinWithAShuffleUpstreamOfOneSide) {
  SparkCase spark_case = OwnCase("join after reduceByKey", Json::parse(R"([[["a", 1], ["a", 2], ["b", 3]], [["c", 1]]])"),
                                 Json::parse(R"([[["a", 10], ["a", 20], ["c", 5]], [["c", 7], ["c", 8]]])"),
                                 Json::parse(R"([[["a", [3, 10]], ["a", [3, 20]]], [["c", [1, 7]], ["c", [1, 8]]]])"));
  absl::StatusOr<std::vector<OutputBatch>> output =
      RunTwoStreamCase<Pair, Pair>(spark_case, [](const DStream<Pair>& first, const DStream<Pair>& second) {
        return first.reduceByKey([](int32_t a, int32_t b) { return a + b; }).join(second, 3);
      });
  ASSERT_TRUE(output.ok()) << output.status();
  EXPECT_TRUE(MatchesSpark(spark_case, *output));
}

// As Spark's "transformWith with input stream return None": the job fails at the batch whose second stream has
// no data set (node 1, mapped by node 3), however the first stream fares.
TEST(JoinOperations, AJoinOverABatchWithoutADataSetOnOneSideFailsTheJob) {
  SparkCase spark_case = Case("join");
  spark_case.inputs2[1] = nullptr;
  absl::StatusOr<std::vector<OutputBatch>> output = RunTwoStreamCase<std::string, std::string>(
      spark_case, [](const Words& first, const Words& second) { return WordOnes(first).join(WordMarks(second)); });
  ASSERT_FALSE(output.ok());
  EXPECT_TRUE(IsJobFailure(output.status())) << output.status();
  EXPECT_THAT(std::string(output.status().message()),
              HasSubstr("batch 2000 ms failed: cogroup (node 4) could not get a data set from its parent map (node 3)"));
}

}  // namespace
}  // namespace sluice::spark_vectors
