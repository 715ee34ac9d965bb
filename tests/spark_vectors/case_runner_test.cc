// The case runner itself, on hand-made cases: two input streams, input batches without a data set, and a
// graph the API refuses.
#include "tests/spark_vectors/case_runner.h"

#include <cstdint>
#include <vector>

#include "gtest/gtest.h"

namespace sluice::spark_vectors {
namespace {

SparkCase HandMadeCase(const char* inputs, const char* inputs2, int num_batches_run) {
  SparkCase spark_case;
  spark_case.test = "hand-made";
  spark_case.inputs = nlohmann::json::parse(inputs);
  if (inputs2 != nullptr) spark_case.inputs2 = nlohmann::json::parse(inputs2);
  spark_case.num_batches_run = num_batches_run;
  return spark_case;
}

std::vector<int64_t> Times(const std::vector<OutputBatch>& batches) {
  std::vector<int64_t> times;
  for (const OutputBatch& batch : batches) times.push_back(batch.time_ms);
  return times;
}

TEST(CaseRunnerTest, TwoStreamCasesGetInputsThenInputs2EachCutIntoInputPartitions) {
  SparkCase spark_case = HandMadeCase("[[1, 2, 3], [4]]", R"([["a"], ["b", "c"]])", 2);
  spark_case.params["input_partitions"] = 2;
  auto output = RunTwoStreamCase<int32_t, std::string>(
      spark_case, [](const DStream<int32_t>& numbers, const DStream<std::string>& letters) {
        return numbers.map([](int32_t x) { return std::to_string(x); }).union_(letters).glom();
      });
  ASSERT_TRUE(output.ok()) << output.status();
  ASSERT_EQ(output->size(), 2u);
  EXPECT_EQ((*output)[0].records, nlohmann::json::parse(R"([["1"], ["2", "3"], [], ["a"]])"));
  EXPECT_EQ((*output)[1].records, nlohmann::json::parse(R"([[], ["4"], ["b"], ["c"]])"));
}

TEST(CaseRunnerTest, AnInputBatchWithoutADataSetHasNoOutputBatchAndAnEmptyOneHas) {
  SparkCase spark_case = HandMadeCase("[[1], null, []]", nullptr, 4);
  auto output =
      RunCase<int32_t>(spark_case, [](const DStream<int32_t>& s) { return s.map([](int32_t x) { return x; }); });
  ASSERT_TRUE(output.ok()) << output.status();
  EXPECT_EQ(Times(*output), (std::vector<int64_t>{1000, 3000, 4000})) << "past the inputs, batches are empty";
  EXPECT_EQ((*output)[0].records, nlohmann::json::parse("[1]"));
  EXPECT_EQ((*output)[1].records, nlohmann::json::array());
}

TEST(CaseRunnerTest, AGraphTheApiRefusesIsAnErrorButNotAJobFailure) {
  SparkCase spark_case = HandMadeCase("[[1]]", nullptr, 1);
  auto output = RunCase<int32_t>(spark_case, [](const DStream<int32_t>& s) { return s.repartition(0); });
  ASSERT_FALSE(output.ok());
  EXPECT_FALSE(IsJobFailure(output.status())) << output.status();
  EXPECT_EQ(output.status().code(), absl::StatusCode::kFailedPrecondition) << output.status();
}

}  // namespace
}  // namespace sluice::spark_vectors
