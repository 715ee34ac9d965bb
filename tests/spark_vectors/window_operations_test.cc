// Spark's WindowOperationsSuite cases (data/window_operations.json) through the real engine in local mode, one
// test per case, named after it. The incremental forms (with an inverse function) are in
// inverse_window_operations_test.cc.
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

constexpr char kFile[] = "window_operations.json";

SparkCase Case(const std::string& test) { return LoadCaseOrAddFailure(kFile, test); }

// Runs `test`'s case with `build(stream, window, slide)` over its input stream of In and compares the output
// as Spark's suite does.
template <class In, class Build>
void ExpectAsSpark(const std::string& test, Build build) {
  SparkCase spark_case = Case(test);
  Duration window = Milliseconds(spark_case.window_ms());
  Duration slide = Milliseconds(spark_case.slide_ms());
  ExpectCaseAsSpark<In>(spark_case, [&](const DStream<In>& s) { return build(s, window, slide); });
}

int32_t Sum(int32_t a, int32_t b) { return a + b; }

template <class In>
auto Window() {
  return [](const DStream<In>& s, Duration window, Duration slide) { return s.window(window, slide); };
}

auto ReduceByKeyAndWindow() {
  return [](const DStream<Count>& s, Duration window, Duration slide) {
    return s.reduceByKeyAndWindow(Sum, window, slide);
  };
}

TEST(WindowOperations, WindowBasicWindow) { ExpectAsSpark<int32_t>("window - basic window", Window<int32_t>()); }

TEST(WindowOperations, WindowTumblingWindow) {
  ExpectAsSpark<int32_t>("window - tumbling window", Window<int32_t>());
}

TEST(WindowOperations, WindowLargerWindow) { ExpectAsSpark<int32_t>("window - larger window", Window<int32_t>()); }

TEST(WindowOperations, WindowNonOverlappingWindow) {
  ExpectAsSpark<int32_t>("window - non-overlapping window", Window<int32_t>());
}

TEST(WindowOperations, ReduceByKeyAndWindowBasicReduction) {
  ExpectAsSpark<Count>("reduceByKeyAndWindow - basic reduction", ReduceByKeyAndWindow());
}

TEST(WindowOperations, ReduceByKeyAndWindowKeyAlreadyInWindow) {
  ExpectAsSpark<Count>("reduceByKeyAndWindow - key already in window and new value added into window",
                       ReduceByKeyAndWindow());
}

TEST(WindowOperations, ReduceByKeyAndWindowNewKeyAddedIntoWindow) {
  ExpectAsSpark<Count>("reduceByKeyAndWindow - new key added into window", ReduceByKeyAndWindow());
}

TEST(WindowOperations, ReduceByKeyAndWindowKeyRemovedFromWindow) {
  ExpectAsSpark<Count>("reduceByKeyAndWindow - key removed from window", ReduceByKeyAndWindow());
}

TEST(WindowOperations, ReduceByKeyAndWindowLargerSlideTime) {
  ExpectAsSpark<Count>("reduceByKeyAndWindow - larger slide time", ReduceByKeyAndWindow());
}

TEST(WindowOperations, ReduceByKeyAndWindowBigTest) {
  ExpectAsSpark<Count>("reduceByKeyAndWindow - big test", ReduceByKeyAndWindow());
}

TEST(WindowOperations, GroupByKeyAndWindow) {
  ExpectAsSpark<Count>("groupByKeyAndWindow", [](const DStream<Count>& s, Duration window, Duration slide) {
    return s.groupByKeyAndWindow(window, slide);
  });
}

TEST(WindowOperations, CountByWindow) {
  ExpectAsSpark<int32_t>("countByWindow", [](const DStream<int32_t>& s, Duration window, Duration slide) {
    return s.countByWindow(window, slide).map([](int64_t count) { return static_cast<int32_t>(count); });
  });
}

TEST(WindowOperations, CountByValueAndWindow) {
  ExpectAsSpark<std::string>("countByValueAndWindow", [](const DStream<std::string>& s, Duration window,
                                                         Duration slide) {
    return s.countByValueAndWindow(window, slide).map([](std::pair<std::string, int64_t> counted) {
      return Count(std::move(counted.first), static_cast<int32_t>(counted.second));
    });
  });
}

// Not one of Spark's vectors: a window over a batch without a data set (a null queue item) still has one, made
// of its parent's data sets in the window (Spark's WindowedDStream unions those its parent has).
TEST(WindowOperations, AWindowOverABatchWithoutADataSetHasTheOthers) {
  StreamingContext ssc(SluiceConf()
                           .setMaster("local[2]")
                           .setAppName("window over a missing data set")
                           .set("worker.work_dir", ::testing::TempDir() + "/sluice-spark-vectors")
                           .set("app.clock", "manual")
                           .set("app.manual_clock.batches", "3"),
                       Seconds(1));
  using Ints = std::vector<int32_t>;
  std::vector<std::optional<Ints>> items = {Ints{1, 2}, std::nullopt, Ints{3}};
  auto collected = CollectBatches(ssc.queueStream(items).window(Seconds(2)));
  ssc.start();
  ssc.awaitTermination();
  EXPECT_EQ(collected->records(), (std::vector<Ints>{{1, 2}, {1, 2}, {3}}));
  EXPECT_EQ(collected->times(), (std::vector<Time>{Time(1000), Time(2000), Time(3000)}));
}

// Not one of Spark's vectors (its suite tests only the inverse form): reduced per batch, windowed, reduced again;
// a window without records gives an empty batch.
TEST(WindowOperations, ReduceByWindow) {
  StreamingContext ssc(SluiceConf()
                           .setMaster("local[2]")
                           .setAppName("reduceByWindow")
                           .set("worker.work_dir", ::testing::TempDir() + "/sluice-spark-vectors")
                           .set("app.clock", "manual")
                           .set("app.manual_clock.batches", "4"),
                       Seconds(1));
  using Ints = std::vector<int32_t>;
  auto collected = CollectBatches(
      ssc.queueStream(std::vector<Ints>{{1, 2}, {3}, {}, {}}).reduceByWindow(Sum, Seconds(2), Seconds(1)));
  ssc.start();
  ssc.awaitTermination();
  EXPECT_EQ(collected->records(), (std::vector<Ints>{{3}, {6}, {3}, {}}));
}

// Not one of Spark's vectors: a window over a window reads its parent's data sets at the parent's slide.
TEST(WindowOperations, AWindowOfAWindow) {
  StreamingContext ssc(SluiceConf()
                           .setMaster("local[2]")
                           .setAppName("window of a window")
                           .set("worker.work_dir", ::testing::TempDir() + "/sluice-spark-vectors")
                           .set("app.clock", "manual")
                           .set("app.manual_clock.batches", "8"),
                       Seconds(1));
  using Ints = std::vector<int32_t>;
  auto collected = CollectBatches(ssc.queueStream(std::vector<Ints>{{0}, {1}, {2}, {3}, {4}, {5}, {6}, {7}})
                                      .window(Seconds(2), Seconds(2))
                                      .map([](int32_t x) { return x * 10; })
                                      .window(Seconds(4), Seconds(4)));
  ssc.start();
  ssc.awaitTermination();
  EXPECT_EQ(collected->records(), (std::vector<Ints>{{0, 10, 20, 30}, {40, 50, 60, 70}}));
  EXPECT_EQ(collected->times(), (std::vector<Time>{Time(4000), Time(8000)}));
}

// Spark's checks when a window is defined, with its messages.
TEST(WindowOperations, WindowLengthMustBeAMultipleOfTheParentsSlide) {
  StreamingContext ssc(SluiceConf().setMaster("local[1]").setAppName("window checks"), Seconds(1));
  DStream<int32_t> input = ssc.queueStream(std::vector<std::vector<int32_t>>{});
  try {
    input.window(Milliseconds(1500), Seconds(1));
    FAIL() << "a window of 1500 ms over batches of 1 s was accepted";
  } catch (const IllegalArgumentError& e) {
    EXPECT_STREQ(e.what(),
                 "The window duration of windowed DStream (1500 ms) must be a multiple of the slide duration of "
                 "parent DStream (1000 ms)");
  }
}

TEST(WindowOperations, SlideMustBeAMultipleOfTheParentsSlide) {
  StreamingContext ssc(SluiceConf().setMaster("local[1]").setAppName("window checks"), Seconds(1));
  DStream<int32_t> windowed = ssc.queueStream(std::vector<std::vector<int32_t>>{}).window(Seconds(4), Seconds(2));
  EXPECT_EQ(windowed.slideDuration(), Seconds(2));
  EXPECT_EQ(windowed.map([](int32_t x) { return x; }).slideDuration(), Seconds(2));
  try {
    windowed.window(Seconds(6), Seconds(3));
    FAIL() << "a slide of 3 s over a stream sliding by 2 s was accepted";
  } catch (const IllegalArgumentError& e) {
    EXPECT_STREQ(e.what(),
                 "The slide duration of windowed DStream (3000 ms) must be a multiple of the slide duration of "
                 "parent DStream (2000 ms)");
  }
}

TEST(WindowOperations, UnionNeedsEqualSlides) {
  StreamingContext ssc(SluiceConf().setMaster("local[1]").setAppName("window checks"), Seconds(1));
  DStream<int32_t> input = ssc.queueStream(std::vector<std::vector<int32_t>>{});
  EXPECT_THROW(input.union_(input.window(Seconds(2), Seconds(2))), IllegalArgumentError);
}

}  // namespace
}  // namespace sluice::spark_vectors
