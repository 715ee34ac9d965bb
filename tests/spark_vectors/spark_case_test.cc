#include "tests/spark_vectors/spark_case.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/spark_vectors/json_values.h"

namespace sluice::spark_vectors {
namespace {

using ::testing::HasSubstr;

TEST(SparkCaseTest, LoadsACaseByItsTestName) {
  absl::StatusOr<SparkCase> c = LoadCase("basic_operations.json", "map");
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_EQ(c->input_partitions(), 2);
  EXPECT_EQ(c->num_batches_run, 3);
  EXPECT_TRUE(c->order_matters);
  EXPECT_EQ(FromJson<std::vector<int>>(c->inputs[0]), (std::vector<int>{1, 2, 3, 4}));
  EXPECT_EQ(c->slide_ms(), 1000);
}

TEST(SparkCaseTest, LoadsWindowAndErrorCases) {
  absl::StatusOr<SparkCase> window = LoadCase("window_operations.json", "window - tumbling window");
  ASSERT_TRUE(window.ok()) << window.status();
  EXPECT_EQ(window->slide_ms(), 2000);
  EXPECT_EQ(window->window_ms(), 2000);
  EXPECT_FALSE(window->order_matters);
  absl::StatusOr<SparkCase> error = LoadCase("basic_operations.json", "transform with NULL");
  ASSERT_TRUE(error.ok()) << error.status();
  EXPECT_EQ(error->expected_error, "SparkException");
  EXPECT_FALSE(LoadCase("basic_operations.json", "no such test").ok());
}

TEST(SparkCaseTest, NullInputBatchesHaveNoDataSet) {
  auto batches = InputBatches<int>(nlohmann::json::parse("[[1, 2], null, []]"));
  ASSERT_EQ(batches.size(), 3u);
  EXPECT_EQ(*batches[0], (std::vector<int>{1, 2}));
  EXPECT_FALSE(batches[1].has_value());
  EXPECT_TRUE(batches[2]->empty());
}

TEST(SparkCaseTest, ValuesRoundTripThroughTheVectorsConventions) {
  using Record = std::pair<std::string, std::pair<std::optional<int>, std::vector<std::string>>>;
  nlohmann::json json = nlohmann::json::parse(R"(["a", [null, ["x", "y"]]])");
  Record record = FromJson<Record>(json);
  EXPECT_EQ(record.first, "a");
  EXPECT_FALSE(record.second.first.has_value());
  EXPECT_EQ(ToJson(record), json);
}

SparkCase InOrderCase() {
  SparkCase c;
  c.expected = nlohmann::json::parse("[[1, 2], [3]]");
  return c;
}

TEST(SparkCaseTest, InOrderComparisonChecksOrderTimesAndBatchCount) {
  SparkCase c = InOrderCase();
  EXPECT_TRUE(MatchesSpark(c, {{1000, {1, 2}}, {2000, {3}}}));
  EXPECT_FALSE(MatchesSpark(c, {{1000, {2, 1}}, {2000, {3}}}));
  EXPECT_FALSE(MatchesSpark(c, {{1000, {1, 2}}, {3000, {3}}}));
  auto fewer = MatchesSpark(c, {{1000, {1, 2}}});
  EXPECT_FALSE(fewer);
  EXPECT_THAT(fewer.message(), HasSubstr("expected 2 output batches, got 1"));
}

TEST(SparkCaseTest, UnorderedComparisonIgnoresOrderButNotDuplicatesNorNestedOrder) {
  SparkCase c;
  c.order_matters = false;
  c.expected = nlohmann::json::parse(R"([[["a", [1, 2]], ["b", [3]]]])");
  EXPECT_TRUE(MatchesSpark(c, {{1000, nlohmann::json::parse(R"([["b", [3]], ["a", [1, 2]]])")}}));
  EXPECT_FALSE(MatchesSpark(c, {{1000, nlohmann::json::parse(R"([["b", [3]], ["a", [1, 2]], ["b", [3]]])")}}))
      << "a record output twice";
  EXPECT_FALSE(MatchesSpark(c, {{1000, nlohmann::json::parse(R"([["a", [2, 1]], ["b", [3]]])")}}));
  c.output_type = "(string, set<int>)";
  EXPECT_TRUE(MatchesSpark(c, {{1000, nlohmann::json::parse(R"([["a", [2, 1, 1]], ["b", [3]]])")}}));
}

TEST(SparkCaseTest, AHandMadeCaseHasSparksDefaults) {
  SparkCase c;
  EXPECT_EQ(c.input_partitions(), 2);
  EXPECT_EQ(c.slide_ms(), 1000);
  EXPECT_EQ(c.window_ms(), 0);
}

TEST(SparkCaseTest, LoadsTheRepartitionChecks) {
  absl::StatusOr<SparkCase> c = LoadCase("basic_operations.json", "repartition (fewer partitions)");
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_EQ(c->input_partitions(), 5);
  EXPECT_EQ(c->expected_num_partitions, 2);
  ASSERT_EQ(c->expected_element_sets.size(), 3u);
  EXPECT_EQ(c->expected_element_sets[2].size(), 100u);
  EXPECT_EQ(c->num_batches_run, 3);
}

TEST(SparkCaseTest, PartitionCheckCountsPartitionsAndComparesElementsInAnyOrder) {
  SparkCase c;
  c.expected_num_partitions = 2;
  c.expected_element_sets = nlohmann::json::parse("[[1, 2, 3], [4]]");
  auto batches = [](const char* first, const char* second) {
    return std::vector<OutputBatch>{{1000, nlohmann::json::parse(first)}, {2000, nlohmann::json::parse(second)}};
  };
  EXPECT_TRUE(MatchesSparkPartitions(c, batches("[[3, 1], [2]]", "[[], [4]]")));
  EXPECT_FALSE(MatchesSparkPartitions(c, batches("[[3, 1, 2]]", "[[], [4]]"))) << "one partition";
  EXPECT_FALSE(MatchesSparkPartitions(c, batches("[[3], [2]]", "[[], [4]]"))) << "an element missing";
  EXPECT_FALSE(MatchesSparkPartitions(c, batches("[[3, 1], [2]]", "[[5], [4]]"))) << "an element too many";
  EXPECT_FALSE(MatchesSparkPartitions(c, batches("[[3, 1], [2]]", "[[4], [4]]"))) << "an element twice";
  EXPECT_FALSE(MatchesSparkPartitions(c, {{1000, nlohmann::json::parse("[[1, 2], [3]]")}})) << "a batch missing";
  SparkCase without_sets;
  EXPECT_FALSE(MatchesSparkPartitions(without_sets, {}));
}

}  // namespace
}  // namespace sluice::spark_vectors
