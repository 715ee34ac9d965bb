// Spark's WindowOperationsSuite cases of the incremental window forms (with an inverse function; data/
// window_operations.json) through the real engine in local mode, one test per case, named after it; and the
// incremental reduceByWindow, which Spark's suite has no vector for.
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "gtest/gtest.h"
#include "tests/spark_vectors/case_runner.h"
#include "tests/spark_vectors/spark_case.h"

namespace sluice::spark_vectors {
namespace {

using Count = std::pair<std::string, int32_t>;

constexpr char kFile[] = "window_operations.json";

SparkCase Case(const std::string& test) { return LoadCaseOrAddFailure(kFile, test); }

int32_t Sum(int32_t a, int32_t b) { return a + b; }
int32_t Minus(int32_t a, int32_t b) { return a - b; }

// Runs `test`'s case through reduceByKeyAndWindow(sum, minus, window, slide[, filter]) and compares the output as
// Spark's suite does. The cases' checkpoint interval (100 s, so that no checkpoint happens) is left at Sluice's
// default: writing checkpoints does not change the results.
void ExpectAsSpark(const std::string& test, std::function<bool(const Count&)> filter = nullptr) {
  SparkCase spark_case = Case(test);
  Duration window = Milliseconds(spark_case.window_ms());
  Duration slide = Milliseconds(spark_case.slide_ms());
  ExpectCaseAsSpark<Count>(spark_case, [&](const DStream<Count>& s) {
    return s.reduceByKeyAndWindow(Sum, Minus, window, slide, 0, filter);
  });
}

TEST(InverseWindowOperations, BasicReduction) {
  ExpectAsSpark("reduceByKeyAndWindow with inverse function - basic reduction");
}

TEST(InverseWindowOperations, KeyAlreadyInWindowAndNewValueAddedIntoWindow) {
  ExpectAsSpark("reduceByKeyAndWindow with inverse function - key already in window and new value added into window");
}

TEST(InverseWindowOperations, NewKeyAddedIntoWindow) {
  ExpectAsSpark("reduceByKeyAndWindow with inverse function - new key added into window");
}

TEST(InverseWindowOperations, KeyRemovedFromWindow) {
  ExpectAsSpark("reduceByKeyAndWindow with inverse function - key removed from window");
}

TEST(InverseWindowOperations, LargerSlideTime) {
  ExpectAsSpark("reduceByKeyAndWindow with inverse function - larger slide time");
}

TEST(InverseWindowOperations, BigTest) { ExpectAsSpark("reduceByKeyAndWindow with inverse function - big test"); }

TEST(InverseWindowOperations, InverseAndFilterFunctionsBigTest) {
  ExpectAsSpark("reduceByKeyAndWindow with inverse and filter functions - big test",
                [](const Count& count) { return count.second != 0; });
}

// Not one of Spark's vectors: the incremental reduceByWindow keeps its single key, so a window whose values all
// left gives the inverse's result (0), where the plain form gives nothing.
TEST(InverseWindowOperations, ReduceByWindowKeepsItsValueWhenTheWindowEmpties) {
  StreamingContext ssc(SluiceConf()
                           .setMaster("local[2]")
                           .setAppName("incremental reduceByWindow")
                           .set("worker.work_dir", ::testing::TempDir() + "/sluice-spark-vectors")
                           .set("app.clock", "manual")
                           .set("app.manual_clock.batches", "4"),
                       Seconds(1));
  ssc.checkpoint(::testing::TempDir() + "/sluice-inverse-checkpoints");
  using Ints = std::vector<int32_t>;
  auto collected = CollectBatches(
      ssc.queueStream(std::vector<Ints>{{1, 2}, {3}, {}, {}}).reduceByWindow(Sum, Minus, Seconds(2), Seconds(1)));
  ssc.start();
  ASSERT_TRUE(ssc.awaitTerminationOrTimeout(60'000));
  EXPECT_EQ(collected->records(), (std::vector<Ints>{{3}, {6}, {3}, {0}}));
}

}  // namespace
}  // namespace sluice::spark_vectors
