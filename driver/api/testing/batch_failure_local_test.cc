// A batch that fails through the real engine in local mode under the manual clock: as in Spark, the failure is
// thrown by awaitTermination (once) and the later batches still run; a failure of what later batches need (a
// state) fails the application, naming the operator.
#include <stdlib.h>

#include <optional>
#include <stdexcept>
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

using Ints = std::vector<int>;
using Count = std::pair<std::string, int64_t>;

SluiceConf ManualClockConf(int batches) { return sluice::ManualClockConf("BatchFailureLocalTest", batches); }

// Waits for the application to end, keeping what awaitTermination threw on the way.
std::vector<std::string> AwaitCollectingFailures(StreamingContext& ssc) {
  std::vector<std::string> failures;
  while (true) {
    try {
      if (ssc.awaitTerminationOrTimeout(60'000)) return failures;
      ADD_FAILURE() << "the application did not end";
      return failures;
    } catch (const JobFailedError& e) {
      failures.push_back(e.what());
    }
  }
}

// Spark's outputs for this job are [0] [2] [3].
TEST(BatchFailureLocalTest, AMapThatThrowsOnOneBatchLeavesTheOthersCounted) {
  StreamingContext ssc(ManualClockConf(4), Seconds(1));
  auto numbers = ssc.queueStream<int>({{0}, {1}, {2}, {3}}, true, 1);
  auto collected = CollectBatches(numbers.map([](int x) {
    if (x == 1) throw std::runtime_error("no ones here");
    return x;
  }));
  ssc.start();
  std::vector<std::string> failures = AwaitCollectingFailures(ssc);

  EXPECT_EQ(collected->records(), (std::vector<Ints>{{0}, {2}, {3}}));
  EXPECT_EQ(collected->times(), (std::vector<Time>{Time(1000), Time(3000), Time(4000)}));
  ASSERT_EQ(failures.size(), 1u);
  EXPECT_NE(failures[0].find("batch 2000 ms failed"), std::string::npos) << failures[0];
  EXPECT_NE(failures[0].find("no ones here"), std::string::npos) << failures[0];
  EXPECT_NE(failures[0].find("in map"), std::string::npos) << "names the operator: " << failures[0];
}

TEST(BatchFailureLocalTest, AForeachRDDThatThrowsOnOneBatchStillRunsForTheNext) {
  StreamingContext ssc(ManualClockConf(3), Seconds(1));
  auto numbers = ssc.queueStream<int>({{1}, {2}, {3}}, true, 1);
  std::vector<int> seen;  // written on the driver's output thread only; read after the end
  numbers.foreachRDD([&seen](const BatchRDD<int>& rdd) {
    int value = rdd.collect().front();
    if (value == 2) throw std::runtime_error("no twos here");
    seen.push_back(value);
  });
  ssc.start();
  std::vector<std::string> failures = AwaitCollectingFailures(ssc);

  EXPECT_EQ(seen, (std::vector<int>{1, 3}));
  ASSERT_EQ(failures.size(), 1u);
  EXPECT_NE(failures[0].find("batch 2000 ms failed: output operation foreachRDD"), std::string::npos) << failures[0];
  EXPECT_NE(failures[0].find("no twos here"), std::string::npos) << failures[0];
}

// The state at 2000 ms is never computed: no later batch can run, and the application says why.
TEST(BatchFailureLocalTest, AStateThatCannotBeComputedFailsTheApplicationNamingIt) {
  std::string dir = ::testing::TempDir() + "/batch_failure_local_test.XXXXXX";
  ASSERT_NE(::mkdtemp(dir.data()), nullptr);
  StreamingContext ssc(ManualClockConf(4), Seconds(1));
  ssc.checkpoint(dir);
  auto pairs = ssc.queueStream<std::string>({{"a"}, {"a"}, {"a"}, {"a"}}, true, 1).map([](std::string w) {
    return Count(std::move(w), 1);
  });
  auto totals = pairs.updateStateByKey<int64_t>(
      [](const std::vector<int64_t>& values, const std::optional<int64_t>& state) -> std::optional<int64_t> {
        if (state.has_value() && !values.empty()) throw std::runtime_error("cannot add to a total");
        int64_t sum = state.value_or(0);
        for (int64_t v : values) sum += v;
        return sum;
      },
      1);
  auto collected = CollectBatches(totals);
  ssc.start();
  std::string failure;
  try {
    ssc.awaitTermination();
  } catch (const JobFailedError& e) {
    failure = e.what();
  }
  EXPECT_NE(failure.find("batch 2000 ms failed: cannot add to a total"), std::string::npos) << failure;
  EXPECT_NE(failure.find("no later batch can run without what it computes for updateStateByKey (node " +
                         std::to_string(totals.id()) + ")"),
            std::string::npos)
      << failure;
  EXPECT_EQ(collected->records(), (std::vector<std::vector<Count>>{{{"a", 1}}}));
}

}  // namespace
}  // namespace sluice
