// Spark's BasicOperationsSuite updateStateByKey cases (data/basic_operations.json) through the real engine in
// local mode, one test per case, named after it. Every form the cases use is expressible: the per-key update,
// the time-aware update, the per-partition (iterator) form, an initial state and a partition count.
// rememberPartitioner has no counterpart: the state always stays partitioned by key, so true and false give the
// same results (as they do in Spark), and both cases pass it through.
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "gtest/gtest.h"
#include "tests/spark_vectors/case_runner.h"
#include "tests/spark_vectors/spark_case.h"

namespace sluice::spark_vectors {
namespace {

using Count = std::pair<std::string, int32_t>;
using Counts = std::vector<int32_t>;

constexpr char kFile[] = "basic_operations.json";

SparkCase Case(const std::string& test) { return LoadCaseOrAddFailure(kFile, test); }

template <class In, class Build>
void ExpectAsSpark(const std::string& test, Build build) {
  ExpectCaseAsSpark<In>(Case(test), std::move(build));
}

int32_t Total(const Counts& values) {
  int32_t total = 0;
  for (int32_t value : values) total += value;
  return total;
}

// The suite's update: the new values' sum added to the state; the key is always kept.
std::optional<int32_t> AddToState(const Counts& values, const std::optional<int32_t>& state) {
  return Total(values) + state.value_or(0);
}

// The case's initial state and partition count, from its params.
template <class S>
std::vector<std::pair<std::string, S>> InitialState(const SparkCase& spark_case) {
  std::vector<std::pair<std::string, S>> initial;
  for (const auto& pair : spark_case.params.at("initial_state")) {
    initial.emplace_back(pair.at(0).get<std::string>(), pair.at(1).get<S>());
  }
  return initial;
}

int StatePartitions(const SparkCase& spark_case) { return spark_case.params.at("state_partitions").get<int>(); }

TEST(StateOperations, updateStateByKey) {
  ExpectAsSpark<std::string>("updateStateByKey", [](const DStream<std::string>& s) {
    return WordOnes(s).updateStateByKey<int32_t>(AddToState);
  });
}

TEST(StateOperations, updateStateByKeySimpleWithInitialValueRdd) {
  const std::string test = "updateStateByKey - simple with initial value RDD";
  SparkCase spark_case = Case(test);
  ExpectAsSpark<std::string>(test, [&](const DStream<std::string>& s) {
    return WordOnes(s).updateStateByKey<int32_t>(AddToState, StatePartitions(spark_case),
                                                 InitialState<int32_t>(spark_case));
  });
}

TEST(StateOperations, updateStateByKeyTestingTimeStampsAsInput) {
  const std::string test = "updateStateByKey - testing time stamps as input";
  SparkCase spark_case = Case(test);
  auto update = [](Time time, const std::string& /*key*/, const Counts& values,
                   const std::optional<int64_t>& state) -> std::optional<int64_t> {
    return values.empty() ? state.value_or(0) : time.milliseconds() + state.value_or(0);
  };
  ExpectAsSpark<std::string>(test, [&](const DStream<std::string>& s) {
    return WordOnes(s).updateStateByKey<int64_t>(update, StatePartitions(spark_case),
                                                 spark_case.params.at("remember_partitioner").get<bool>(),
                                                 InitialState<int64_t>(spark_case));
  });
}

TEST(StateOperations, updateStateByKeyWithInitialValueRdd) {
  const std::string test = "updateStateByKey - with initial value RDD";
  SparkCase spark_case = Case(test);
  auto update = [](std::vector<StateEntry<std::string, int32_t, int32_t>>&& entries) {
    std::vector<Count> kept;
    for (auto& [key, values, state] : entries) kept.emplace_back(std::move(key), Total(values) + state.value_or(0));
    return kept;
  };
  ExpectAsSpark<std::string>(test, [&](const DStream<std::string>& s) {
    return WordOnes(s).updateStateByKey<int32_t>(update, StatePartitions(spark_case),
                                                 spark_case.params.at("remember_partitioner").get<bool>(),
                                                 InitialState<int32_t>(spark_case));
  });
}

TEST(StateOperations, updateStateByKeyObjectLifecycle) {
  using Lifecycle = std::pair<int32_t, int32_t>;  // (counter, expireCounter)
  auto update = [](const Counts& values, const std::optional<Lifecycle>& state) -> std::optional<Lifecycle> {
    Lifecycle next = state.value_or(Lifecycle(0, 0));
    int32_t total = Total(values);
    if (total == 0) {
      ++next.second;
    } else {
      next.first += total;
      next.second = 0;
    }
    if (next.second == 2) return std::nullopt;
    return next;
  };
  ExpectAsSpark<std::string>("updateStateByKey - object lifecycle", [&](const DStream<std::string>& s) {
    return WordOnes(s).updateStateByKey<Lifecycle>(update).mapValues([](Lifecycle state) { return state.first; });
  });
}

}  // namespace
}  // namespace sluice::spark_vectors
