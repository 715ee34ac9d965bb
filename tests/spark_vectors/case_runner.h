#ifndef SLUICE_TESTS_SPARK_VECTORS_CASE_RUNNER_H_
#define SLUICE_TESTS_SPARK_VECTORS_CASE_RUNNER_H_

// Runs a Spark vector case through the real engine the way Spark's TestSuiteBase runs it: an in-process local[2]
// cluster, a manual clock that runs num_batches_run batches, the inputs as a queueStream (one item per batch, cut
// into input_partitions slices, null items without a data set), and every output batch collected on the driver.
//
//   absl::StatusOr<std::vector<OutputBatch>> out =
//       RunCase<int>(spark_case, [](const DStream<int>& s) { return s.map(...); });
//   EXPECT_TRUE(MatchesSpark(spark_case, *out));
//
// Every context has a checkpoint directory set, as in Spark's TestSuiteBase. The build function gets the input stream,
// or (StreamingContext&, input stream) when it needs the context; RunTwoStreamCase gives it the streams of "inputs" and
// "inputs2".

#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "driver/api/errors.h"
#include "driver/api/streaming_context.h"
#include "driver/api/testing/collect.h"
#include "gtest/gtest.h"
#include "tests/spark_vectors/json_values.h"
#include "tests/spark_vectors/spark_case.h"

namespace sluice::spark_vectors {

// A run fails with kAborted when the application failed (awaitTermination threw JobFailedError): what Spark's
// error cases expect. Any other error means the run could not be set up or did not end.
inline bool IsJobFailure(const absl::Status& status) { return status.code() == absl::StatusCode::kAborted; }

namespace case_runner_internal {

// Generous: a case runs in milliseconds, but a loaded machine must not fail it; a hang still ends the test.
constexpr int64_t kRunTimeoutMs = 60'000;

// Set on every context, as Spark's TestSuiteBase does, so that operations that need checkpoints can start.
inline std::string CheckpointDir() { return ::testing::TempDir() + "/sluice-spark-vectors-checkpoints"; }

inline SluiceConf CaseConf(const SparkCase& spark_case) {
  return SluiceConf()
      .setMaster("local[2]")
      .setAppName("SparkVectors " + spark_case.test)
      .set("worker.work_dir", ::testing::TempDir() + "/sluice-spark-vectors")
      .set("app.clock", "manual")
      .set("app.manual_clock.batches", std::to_string(spark_case.num_batches_run));
}

template <class T>
DStream<T> InputStream(StreamingContext& ssc, const SparkCase& spark_case, const nlohmann::json& inputs) {
  return ssc.queueStream(InputBatches<T>(inputs), /*one_at_a_time=*/true, spark_case.input_partitions());
}

template <class T>
std::vector<OutputBatch> ToOutputBatches(const CollectedBatches<T>& collected) {
  std::vector<OutputBatch> batches;
  for (const auto& batch : collected.batches()) {
    OutputBatch out{.time_ms = batch.time.milliseconds()};
    for (const T& record : batch.records) out.records.push_back(ToJson(record));
    batches.push_back(std::move(out));
  }
  return batches;
}

// Collects `output`, runs the context to its end and returns what was collected.
template <class Out>
absl::StatusOr<std::vector<OutputBatch>> CollectAndRun(StreamingContext& ssc, const DStream<Out>& output) {
  auto collected = CollectBatches(output);
  try {
    ssc.start();
    if (!ssc.awaitTerminationOrTimeout(kRunTimeoutMs)) {
      ssc.stop();
      return absl::DeadlineExceededError(absl::StrCat("the run did not end within ", kRunTimeoutMs, " ms"));
    }
  } catch (const JobFailedError& e) {
    return absl::AbortedError(e.what());
  }
  return ToOutputBatches(*collected);
}

// Turns the API's exceptions (a refused graph or start) into a status, as at every boundary.
template <class Run>
auto CatchingSluiceErrors(Run run) -> decltype(run()) {
  try {
    return run();
  } catch (const SluiceError& e) {
    return absl::FailedPreconditionError(e.what());
  }
}

}  // namespace case_runner_internal

// Runs a one-stream case: `build` makes the stream to collect from the input stream of element type In.
template <class In, class Build>
absl::StatusOr<std::vector<OutputBatch>> RunCase(const SparkCase& spark_case, Build build) {
  using namespace case_runner_internal;
  return CatchingSluiceErrors([&]() -> absl::StatusOr<std::vector<OutputBatch>> {
    StreamingContext ssc(CaseConf(spark_case), Milliseconds(spark_case.batch_ms));
    ssc.checkpoint(CheckpointDir());
    DStream<In> input = InputStream<In>(ssc, spark_case, spark_case.inputs);
    if constexpr (std::is_invocable_v<Build&, StreamingContext&, const DStream<In>&>) {
      return CollectAndRun(ssc, build(ssc, input));
    } else {
      return CollectAndRun(ssc, build(input));
    }
  });
}

// Runs a two-stream case: `build` makes the stream to collect from the streams of "inputs" (In1) and "inputs2"
// (In2), defined in that order.
template <class In1, class In2, class Build>
absl::StatusOr<std::vector<OutputBatch>> RunTwoStreamCase(const SparkCase& spark_case, Build build) {
  using namespace case_runner_internal;
  return CatchingSluiceErrors([&]() -> absl::StatusOr<std::vector<OutputBatch>> {
    StreamingContext ssc(CaseConf(spark_case), Milliseconds(spark_case.batch_ms));
    ssc.checkpoint(CheckpointDir());
    DStream<In1> first = InputStream<In1>(ssc, spark_case, spark_case.inputs);
    DStream<In2> second = InputStream<In2>(ssc, spark_case, spark_case.inputs2);
    return CollectAndRun(ssc, build(first, second));
  });
}

// Runs a one-stream case and compares its output with the case's as Spark's suite does.
template <class In, class Build>
void ExpectCaseAsSpark(const SparkCase& spark_case, Build build) {
  absl::StatusOr<std::vector<OutputBatch>> output = RunCase<In>(spark_case, std::move(build));
  ASSERT_TRUE(output.ok()) << output.status();
  EXPECT_TRUE(MatchesSpark(spark_case, *output));
}

// The input's words paired with 1, as the suite's key-value cases start.
inline DStream<std::pair<std::string, int32_t>> WordOnes(const DStream<std::string>& words) {
  return words.map([](std::string word) { return std::pair<std::string, int32_t>(std::move(word), 1); });
}

}  // namespace sluice::spark_vectors

#endif  // SLUICE_TESTS_SPARK_VECTORS_CASE_RUNNER_H_
