#ifndef SLUICE_TESTS_SPARK_VECTORS_SPARK_CASE_H_
#define SLUICE_TESTS_SPARK_VECTORS_SPARK_CASE_H_

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "gtest/gtest.h"

namespace sluice::spark_vectors {

// One run of Spark's TestSuiteBase.testOperation, transcribed (see data/README.md).
struct SparkCase {
  std::string test;
  std::string operation;
  int64_t batch_ms = 1000;
  // window_s, slide_s, input_partitions, ... (an object even in a hand-made case, so the accessors below work)
  nlohmann::json params = nlohmann::json::object();
  nlohmann::json inputs;    // batches; a null batch means no data set at all
  nlohmann::json inputs2;   // the second stream of two-stream operations, or null
  nlohmann::json expected;  // output batches, one per time the stream emits
  int num_batches_run = 0;
  bool order_matters = true;
  std::string output_type;
  std::string expected_error;  // error cases: the run must fail
  // Custom cases that check partitioning (repartition): the partitions every output batch must have, and each
  // batch's elements as a set (null unless the case has them).
  int expected_num_partitions = 0;
  nlohmann::json expected_element_sets;

  int input_partitions() const { return params.value("input_partitions", 2); }
  // The stream's slide: outputs come at its multiples.
  int64_t slide_ms() const { return params.contains("slide_s") ? params["slide_s"].get<int64_t>() * 1000 : batch_ms; }
  int64_t window_ms() const { return params.value("window_s", int64_t{0}) * 1000; }
};

// The file data/<file> in the test's runfiles.
std::string VectorsPath(const std::string& file);

// The case named `test` in data/<file>, among its "cases" (or "custom_cases" and "error_cases").
absl::StatusOr<SparkCase> LoadCase(const std::string& file, const std::string& test);

// LoadCase for a test: a case that cannot be loaded is a test failure, and an empty case comes back.
SparkCase LoadCaseOrAddFailure(const std::string& file, const std::string& test);

// One collected output batch: its time and its records as the vectors write them.
struct OutputBatch {
  int64_t time_ms = 0;
  nlohmann::json records = nlohmann::json::array();
};

// The suite's comparison: as many output batches as expected, at the stream's times (slide, 2 * slide, ...),
// each equal in order or, when order does not matter, as a set (order and duplicates ignored; lists nested
// in an element stay ordered, except the value groups of a "set<...>" output, which are sets).
::testing::AssertionResult MatchesSpark(const SparkCase& spark_case, const std::vector<OutputBatch>& actual);

// The repartition cases' check, on output batches whose records are the batch's partitions (as glom gives them):
// one batch per expected element set, at the stream's times, each with expected_num_partitions partitions whose
// elements together equal the set (how they are spread over the partitions is not checked).
::testing::AssertionResult MatchesSparkPartitions(const SparkCase& spark_case,
                                                  const std::vector<OutputBatch>& partitioned);

}  // namespace sluice::spark_vectors

#endif  // SLUICE_TESTS_SPARK_VECTORS_SPARK_CASE_H_
