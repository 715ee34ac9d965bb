#include "tests/spark_vectors/spark_case.h"

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <set>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace sluice::spark_vectors {
namespace {

absl::StatusOr<nlohmann::json> ReadJson(const std::string& path) {
  std::ifstream in(path);
  if (!in) return absl::NotFoundError(absl::StrCat("cannot open ", path));
  nlohmann::json json = nlohmann::json::parse(in, nullptr, /*allow_exceptions=*/false);
  if (json.is_discarded()) return absl::InvalidArgumentError(absl::StrCat(path, " is not valid JSON"));
  return json;
}

SparkCase FromJsonCase(const nlohmann::json& json) {
  SparkCase c;
  c.test = json.value("test", "");
  c.operation = json.value("operation", "");
  c.batch_ms = json.value("batch_duration_s", int64_t{1}) * 1000;
  c.params = json.value("params", nlohmann::json::object());
  c.inputs = json.contains("inputs") ? json["inputs"] : json.value("inputs1", nlohmann::json());
  c.inputs2 = json.value("inputs2", nlohmann::json());
  c.expected = json.value("expected", nlohmann::json::array());
  c.num_batches_run = json.value("num_batches_run", static_cast<int>(c.expected.size()));
  c.order_matters = json.value("order_matters", true);
  if (json.contains("types")) c.output_type = json["types"].value("output", "");
  c.expected_error = json.value("expected_error", "");
  c.expected_num_partitions = json.value("expected_num_partitions_per_batch", 0);
  c.expected_element_sets = json.value("expected_elements_as_set", nlohmann::json());
  return c;
}

// A record with every "set<...>" group made a sorted set: [key, [values]] -> [key, sorted unique values].
nlohmann::json WithSetGroups(nlohmann::json record) {
  if (record.is_array() && record.size() == 2 && record[1].is_array()) {
    std::set<std::string> seen;
    nlohmann::json unique = nlohmann::json::array();
    std::vector<nlohmann::json> values(record[1].begin(), record[1].end());
    std::sort(values.begin(), values.end());
    for (nlohmann::json& value : values) {
      if (seen.insert(value.dump()).second) unique.push_back(std::move(value));
    }
    record[1] = std::move(unique);
  }
  return record;
}

// The elements in any order, each as often as it occurs.
std::multiset<std::string> AsMultiset(const nlohmann::json& elements) {
  std::multiset<std::string> multiset;
  for (const nlohmann::json& element : elements) multiset.insert(element.dump());
  return multiset;
}

// As many batches as `expected`, at the stream's times (slide, 2 * slide, ...).
::testing::AssertionResult HasBatchesAtSparksTimes(const SparkCase& spark_case, size_t expected,
                                                   const std::vector<OutputBatch>& actual) {
  if (actual.size() != expected) {
    auto failure = ::testing::AssertionFailure()
                   << "expected " << expected << " output batches, got " << actual.size() << ":";
    for (const OutputBatch& batch : actual) failure << "\n  " << batch.time_ms << " ms: " << batch.records.dump();
    return failure;
  }
  for (size_t i = 0; i < actual.size(); ++i) {
    int64_t expected_time = static_cast<int64_t>(i + 1) * spark_case.slide_ms();
    if (actual[i].time_ms != expected_time) {
      return ::testing::AssertionFailure()
             << "output batch " << i << " is at " << actual[i].time_ms << " ms, expected " << expected_time << " ms";
    }
  }
  return ::testing::AssertionSuccess();
}

// The batch as the comparison sees it: in order, or sorted (a multiset) when order does not matter.
std::vector<std::string> Comparable(const SparkCase& spark_case, const nlohmann::json& batch) {
  const bool set_groups = absl::StrContains(spark_case.output_type, "set<");
  std::vector<std::string> records;
  for (const nlohmann::json& record : batch) records.push_back((set_groups ? WithSetGroups(record) : record).dump());
  // Spark's TestSuiteBase compares such batches as sets; a sorted multiset is stricter: a record output twice
  // where Spark outputs it once fails here.
  if (!spark_case.order_matters) std::sort(records.begin(), records.end());
  return records;
}

}  // namespace

std::string VectorsPath(const std::string& file) {
  const char* srcdir = std::getenv("TEST_SRCDIR");
  std::string relative = "tests/spark_vectors/data/" + file;
  if (srcdir == nullptr) return relative;
  const char* workspace = std::getenv("TEST_WORKSPACE");
  return absl::StrCat(srcdir, "/", workspace ? workspace : "sluice", "/", relative);
}

absl::StatusOr<SparkCase> LoadCase(const std::string& file, const std::string& test) {
  absl::StatusOr<nlohmann::json> json = ReadJson(VectorsPath(file));
  if (!json.ok()) return json.status();
  for (const char* section : {"cases", "custom_cases", "error_cases"}) {
    if (!json->contains(section)) continue;
    for (const nlohmann::json& entry : (*json)[section]) {
      if (entry.value("test", "") == test) return FromJsonCase(entry);
    }
  }
  return absl::NotFoundError(absl::StrCat("no case '", test, "' in ", file));
}

SparkCase LoadCaseOrAddFailure(const std::string& file, const std::string& test) {
  absl::StatusOr<SparkCase> spark_case = LoadCase(file, test);
  EXPECT_TRUE(spark_case.ok()) << spark_case.status();
  return spark_case.ok() ? *std::move(spark_case) : SparkCase{};
}

::testing::AssertionResult MatchesSpark(const SparkCase& spark_case, const std::vector<OutputBatch>& actual) {
  const nlohmann::json& expected = spark_case.expected;
  if (auto times = HasBatchesAtSparksTimes(spark_case, expected.size(), actual); !times) return times;
  for (size_t i = 0; i < actual.size(); ++i) {
    if (Comparable(spark_case, actual[i].records) != Comparable(spark_case, expected[i])) {
      return ::testing::AssertionFailure()
             << "batch at " << actual[i].time_ms << " ms" << (spark_case.order_matters ? "" : " (in any order)")
             << ": expected " << expected[i].dump() << ", got " << actual[i].records.dump();
    }
  }
  return ::testing::AssertionSuccess();
}

::testing::AssertionResult MatchesSparkPartitions(const SparkCase& spark_case,
                                                  const std::vector<OutputBatch>& partitioned) {
  const nlohmann::json& expected = spark_case.expected_element_sets;
  if (!expected.is_array()) return ::testing::AssertionFailure() << spark_case.test << " has no element sets";
  if (auto times = HasBatchesAtSparksTimes(spark_case, expected.size(), partitioned); !times) return times;
  for (size_t i = 0; i < partitioned.size(); ++i) {
    const nlohmann::json& partitions = partitioned[i].records;
    if (partitions.size() != static_cast<size_t>(spark_case.expected_num_partitions)) {
      return ::testing::AssertionFailure()
             << "batch at " << partitioned[i].time_ms << " ms has " << partitions.size() << " partitions, expected "
             << spark_case.expected_num_partitions << ": " << partitions.dump();
    }
    nlohmann::json elements = nlohmann::json::array();
    for (const nlohmann::json& partition : partitions)
      elements.insert(elements.end(), partition.begin(), partition.end());
    if (AsMultiset(elements) != AsMultiset(expected[i])) {
      return ::testing::AssertionFailure() << "batch at " << partitioned[i].time_ms << " ms: expected the elements "
                                           << expected[i].dump() << ", got " << elements.dump();
    }
  }
  return ::testing::AssertionSuccess();
}

}  // namespace sluice::spark_vectors
