// foreachRDD through the real engine in local mode under the manual clock: the function runs on the driver for
// every batch, in batch order, with the batch's time; counts come without moving data; collect, take and first
// fetch the partitions from the workers that hold them; an exception in the function fails its batch
// (batch_failure_local_test.cc: the next batches run).
#include <mutex>
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

SluiceConf ManualClockConf(int batches) { return sluice::ManualClockConf("ForeachRDDLocalTest", batches); }

struct Seen {
  int64_t time_ms = 0;
  int64_t count = 0;
  int partitions = 0;
  std::vector<int> collected;
  std::vector<int> first_two;
};

TEST(ForeachRDDLocalTest, TheFunctionGetsEachBatchAndCollectsWhatItAsksFor) {
  StreamingContext ssc(ManualClockConf(3), Seconds(1));
  auto numbers = ssc.queueStream<int>({{1, 2, 3, 4, 5}, {}, {6, 7}}, true, 2);
  std::vector<Seen> seen;  // the driver's output thread is the only writer; read after awaitTermination
  numbers.map([](int x) { return x * 10; }).foreachRDD([&seen](const BatchRDD<int>& rdd, Time time) {
    Seen batch{time.milliseconds(), rdd.count(), rdd.getNumPartitions()};
    if (!rdd.isEmpty()) {
      batch.collected = rdd.collect();
      batch.first_two = rdd.take(2);
      EXPECT_EQ(rdd.first(), batch.collected.front());
    } else {
      EXPECT_THROW(rdd.first(), UnsupportedOperationError);
    }
    seen.push_back(std::move(batch));
  });
  ssc.start();
  ssc.awaitTermination();

  ASSERT_EQ(seen.size(), 3u);
  EXPECT_EQ(seen[0].time_ms, 1000);
  EXPECT_EQ(seen[0].count, 5);
  EXPECT_EQ(seen[0].partitions, 2);
  EXPECT_EQ(seen[0].collected, (std::vector<int>{10, 20, 30, 40, 50})) << "partition order";
  EXPECT_EQ(seen[0].first_two, (std::vector<int>{10, 20}));
  EXPECT_EQ(seen[1].time_ms, 2000);
  EXPECT_EQ(seen[1].count, 0);
  EXPECT_EQ(seen[2].collected, (std::vector<int>{60, 70}));
}

TEST(ForeachRDDLocalTest, OutputsRunInTheOrderTheyWereDefined) {
  StreamingContext ssc(ManualClockConf(2), Seconds(1));
  auto numbers = ssc.queueStream<int>({{1}, {2}}, true, 1);
  std::vector<std::string> order;
  numbers.foreachRDD([&order](const BatchRDD<int>& rdd) { order.push_back("first " + std::to_string(rdd.count())); });
  auto collected = CollectBatches(numbers);
  numbers.foreachRDD([&order, collected](const BatchRDD<int>& rdd, Time time) {
    // The collector defined before this one has its batch already.
    order.push_back("third " + std::to_string(collected->size()) + " at " + time.toString());
  });
  ssc.start();
  ssc.awaitTermination();
  EXPECT_EQ(order, (std::vector<std::string>{"first 1", "third 1 at 1000 ms", "first 1", "third 2 at 2000 ms"}));
}

TEST(ForeachRDDLocalTest, AnExceptionInTheFunctionFailsItsBatch) {
  StreamingContext ssc(ManualClockConf(2), Seconds(1));
  auto numbers = ssc.queueStream<int>({{1}, {2}}, true, 1);
  numbers.foreachRDD([](const BatchRDD<int>& rdd) {
    if (rdd.collect().front() == 1) throw std::runtime_error("no ones here");
  });
  ssc.start();
  try {
    ssc.awaitTermination();
    ADD_FAILURE() << "the batch should have failed";
  } catch (const JobFailedError& e) {
    EXPECT_NE(std::string(e.what()).find("foreachRDD"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("no ones here"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace sluice
