// transform and RDD<T> through the real engine in local mode under the manual clock: the per-batch operations
// only RDDs have (sortBy, sortByKey, take, distinct, keys, values), the batch time reaching the function's
// closures, and a function that builds other operations for some batch failing that batch clearly.
#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "driver/api/errors.h"
#include "driver/api/streaming_context.h"
#include "driver/api/testing/collect.h"
#include "driver/api/testing/manual_clock_conf.h"
#include "gtest/gtest.h"

namespace sluice {
namespace {

using Count = std::pair<std::string, int64_t>;

SluiceConf ManualClockConf(int batches) { return sluice::ManualClockConf("TransformLocalTest", batches); }

TEST(TransformLocalTest, SortByTakeAndDistinctWorkOnEachBatch) {
  StreamingContext ssc(ManualClockConf(2), Seconds(1));
  auto numbers = ssc.queueStream<int>({{5, 3, 9, 3, 1, 9, 7}, {2, 2, 8}}, true, 3);
  auto sorted = CollectBatches(numbers.transform([](RDD<int> rdd) { return rdd.sortBy([](int x) { return -x; }); }));
  auto top_two =
      CollectBatches(numbers.transform([](RDD<int> rdd) { return rdd.sortBy(std::identity(), false).take(2); }));
  auto first_three = CollectBatches(numbers.transform([](RDD<int> rdd) { return rdd.take(3); }));
  auto distinct = CollectBatches(numbers.transform([](RDD<int> rdd) { return rdd.distinct(); }));
  ssc.start();
  ssc.awaitTermination();

  EXPECT_EQ(sorted->records(), (std::vector<std::vector<int>>{{9, 9, 7, 5, 3, 3, 1}, {8, 2, 2}}));
  EXPECT_EQ(top_two->records(), (std::vector<std::vector<int>>{{9, 9}, {8, 2}}));
  EXPECT_EQ(first_three->records(), (std::vector<std::vector<int>>{{5, 3, 9}, {2, 2, 8}}))
      << "take keeps the partition order";
  std::vector<std::vector<int>> distinct_sorted = distinct->records();
  for (auto& batch : distinct_sorted) std::sort(batch.begin(), batch.end());
  EXPECT_EQ(distinct_sorted, (std::vector<std::vector<int>>{{1, 3, 5, 7, 9}, {2, 8}}));
}

TEST(TransformLocalTest, PairRddsSortByKeyAndSplitIntoKeysAndValues) {
  StreamingContext ssc(ManualClockConf(1), Seconds(1));
  auto words = ssc.queueStream<std::string>({{"b", "a", "c", "a"}}, true, 2);
  auto counts = words.transform([](RDD<std::string> rdd) {
    return rdd.map([](std::string w) { return Count(std::move(w), 1); })
        .reduceByKey([](int64_t a, int64_t b) { return a + b; })
        .sortByKey();
  });
  auto sorted = CollectBatches(counts);
  auto keys = CollectBatches(counts.transform([](RDD<Count> rdd) { return rdd.keys(); }));
  auto values = CollectBatches(counts.transform([](RDD<Count> rdd) { return rdd.values(); }));
  ssc.start();
  ssc.awaitTermination();
  EXPECT_EQ(sorted->records(), (std::vector<std::vector<Count>>{{{"a", 2}, {"b", 1}, {"c", 1}}}));
  EXPECT_EQ(keys->records(), (std::vector<std::vector<std::string>>{{"a", "b", "c"}}));
  EXPECT_EQ(values->records(), (std::vector<std::vector<int64_t>>{{2, 1, 1}}));
}

// The function runs for every batch on the workers too, so a closure that captured the time sees each batch's.
TEST(TransformLocalTest, TheFunctionsClosuresSeeEachBatchsTime) {
  StreamingContext ssc(ManualClockConf(3), Seconds(1));
  auto numbers = ssc.queueStream<int>({{1, 2}, {3}, {4}}, true, 2);
  auto stamped = CollectBatches(numbers.transform([](RDD<int> rdd, Time time) {
    return rdd.map([time](int x) { return std::pair<int64_t, int>(time.milliseconds(), x); });
  }));
  ssc.start();
  ssc.awaitTermination();
  using Stamped = std::pair<int64_t, int>;
  EXPECT_EQ(stamped->records(), (std::vector<std::vector<Stamped>>{{{1000, 1}, {1000, 2}}, {{2000, 3}}, {{3000, 4}}}));
}

TEST(TransformLocalTest, AFunctionThatBuildsOtherOperationsForABatchFailsThatBatch) {
  StreamingContext ssc(ManualClockConf(3), Seconds(1));
  auto numbers = ssc.queueStream<int>({{1}, {2}, {3}}, true, 1);
  CollectBatches(numbers.transform([](RDD<int> rdd, Time time) {
    return time.milliseconds() == 2000 ? rdd.filter([](int) { return true; }) : rdd.map([](int x) { return x; });
  }));
  ssc.start();
  try {
    ssc.awaitTermination();
    ADD_FAILURE() << "the application should have failed";
  } catch (const JobFailedError& e) {
    EXPECT_NE(std::string(e.what()).find("built other operations for the batch at 2000 ms"), std::string::npos)
        << e.what();
  }
}

TEST(TransformLocalTest, StreamsOfDifferentSlidesCannotBeTransformedTogether) {
  StreamingContext ssc(ManualClockConf(1), Seconds(1));
  auto numbers = ssc.queueStream<int>({{1}});
  auto windowed = numbers.window(Seconds(2), Seconds(2));
  EXPECT_THROW(numbers.transformWith(windowed, [](RDD<int> a, RDD<int> b) { return a.union_(b); }),
               IllegalArgumentError);
  EXPECT_THROW(ssc.transform(std::vector<DStream<int>>{}, [](std::vector<RDD<int>> rdds) { return rdds[0]; }),
               IllegalArgumentError);
}

}  // namespace
}  // namespace sluice
