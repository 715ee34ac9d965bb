// queueStream -> operations -> CollectBatches under the manual clock, through the real engine in local mode
// (master and worker in this process, over loopback): the results are exactly what Spark's own test cases
// expect (../shared/spark-vectors/basic_operations.json), at batch times 1000, 2000, ... ms.
#include <algorithm>
#include <mutex>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "common/codec.h"
#include "common/hash.h"
#include "driver/api/errors.h"
#include "driver/api/streaming_context.h"
#include "driver/api/testing/collect.h"
#include "driver/api/testing/manual_clock_conf.h"
#include "gtest/gtest.h"

namespace sluice {
namespace {

using Strings = std::vector<std::string>;
using Ints = std::vector<int>;

// What Spark's TestSuiteBase runs a case with: local[2], a manual clock, as many batches as expected outputs.
SluiceConf ManualClockConf(int batches) { return sluice::ManualClockConf("QueueStreamLocalTest", batches); }

std::vector<Time> BatchTimes(int n) {
  std::vector<Time> times;
  for (int k = 1; k <= n; ++k) times.push_back(Time(1000 * k));
  return times;
}

TEST(QueueStreamLocalTest, MapAsInSparksBasicOperations) {
  StreamingContext ssc(ManualClockConf(3), Seconds(1));
  auto stream = ssc.queueStream<int>({{1, 2, 3, 4}, {5, 6, 7, 8}, {9, 10, 11, 12}});
  auto collected = CollectBatches(stream.map([](int x) { return std::to_string(x); }));
  ssc.start();
  ssc.awaitTermination();
  EXPECT_EQ(collected->records(),
            (std::vector<Strings>{{"1", "2", "3", "4"}, {"5", "6", "7", "8"}, {"9", "10", "11", "12"}}));
  EXPECT_EQ(collected->times(), BatchTimes(3));
}

TEST(QueueStreamLocalTest, FlatMapKeepsThePartitionOrder) {
  StreamingContext ssc(ManualClockConf(3), Seconds(1));
  auto stream = ssc.queueStream<int>({{1, 2, 3, 4}, {5, 6, 7, 8}, {9, 10, 11, 12}});
  auto collected = CollectBatches(stream.flatMap([](int x) { return Ints{x, x * 2}; }));
  ssc.start();
  ssc.awaitTermination();
  EXPECT_EQ(
      collected->records(),
      (std::vector<Ints>{{1, 2, 2, 4, 3, 6, 4, 8}, {5, 10, 6, 12, 7, 14, 8, 16}, {9, 18, 10, 20, 11, 22, 12, 24}}));
  EXPECT_EQ(collected->times(), BatchTimes(3));
}

TEST(QueueStreamLocalTest, ReduceByKeyWithAnEmptyBatch) {
  using Count = std::pair<std::string, int>;
  StreamingContext ssc(ManualClockConf(3), Seconds(1));
  auto stream = ssc.queueStream<std::string>({{"a", "a", "b"}, {"", ""}, {}});
  auto collected = CollectBatches(
      stream.map([](std::string s) { return Count(std::move(s), 1); }).reduceByKey([](int a, int b) { return a + b; }));
  ssc.start();
  ssc.awaitTermination();
  // The case's order_matters is false (Spark compares sets); a multiset also catches a key output twice.
  std::vector<std::multiset<Count>> unordered;
  for (const auto& batch : collected->records()) unordered.emplace_back(batch.begin(), batch.end());
  EXPECT_EQ(unordered, (std::vector<std::multiset<Count>>{{{"a", 2}, {"b", 1}}, {{"", 2}}, {}}));
  EXPECT_EQ(collected->times(), BatchTimes(3)) << "an empty batch is still an output batch";
}

// Every reduce partition of a keyed shuffle gets its share of the keys, and each key is in the partition that the
// pinned partitioner (common/hash_test.cc) names: the map side really partitions by the key's hash.
TEST(QueueStreamLocalTest, AKeyedShuffleUsesEveryReducePartition) {
  using Count = std::pair<std::string, int>;
  constexpr int kKeys = 2000;
  constexpr int kPartitions = 8;
  std::vector<std::string> keys;
  for (int i = 0; i < kKeys; ++i) keys.push_back("key-" + std::to_string(i));
  StreamingContext ssc(ManualClockConf(1), Seconds(1));
  auto pairs = ssc.queueStream<std::string>({keys}).map([](std::string s) { return Count(std::move(s), 1); });
  auto partitions = CollectBatches(pairs.reduceByKey([](int a, int b) { return a + b; }, kPartitions).glom());
  ssc.start();
  ssc.awaitTermination();
  ASSERT_EQ(partitions->records().size(), 1u);
  const std::vector<std::vector<Count>> batch = partitions->records()[0];
  ASSERT_EQ(batch.size(), static_cast<size_t>(kPartitions));
  std::multiset<std::string> seen;
  for (int p = 0; p < kPartitions; ++p) {
    EXPECT_GT(batch[p].size(), kKeys / kPartitions / 2) << "reduce partition " << p << " got too few keys";
    for (const Count& count : batch[p]) {
      seen.insert(count.first);
      EXPECT_EQ(count.second, 1) << count.first;
      std::string encoded;
      EncodeRecord(count.first, &encoded);
      EXPECT_EQ(PartitionOfEncodedKey(encoded, kPartitions), static_cast<uint32_t>(p)) << count.first;
    }
  }
  EXPECT_EQ(seen, std::multiset<std::string>(keys.begin(), keys.end()));
}

TEST(QueueStreamLocalTest, PartitionsAreSlicedAsSparksParallelize) {
  StreamingContext ssc(ManualClockConf(2), Seconds(1));
  auto stream = ssc.queueStream<std::string>({{"a", "a", "b"}}, /*one_at_a_time=*/true, /*num_partitions=*/2);
  auto collected = CollectBatches(stream.glom());
  ssc.start();
  ssc.awaitTermination();
  // Past the queue, a batch has two empty partitions, as Spark's TestInputStream gives.
  EXPECT_EQ(collected->records(), (std::vector<std::vector<Strings>>{{{"a"}, {"a", "b"}}, {{}, {}}}));
}

TEST(QueueStreamLocalTest, ABatchWithoutADataSetHasNoOutput) {
  StreamingContext ssc(ManualClockConf(3), Seconds(1));
  std::vector<std::optional<Ints>> items = {Ints{1, 2}, std::nullopt, Ints{3}};
  auto collected = CollectBatches(ssc.queueStream(items).map([](int x) { return x * 10; }));
  ssc.start();
  ssc.awaitTermination();
  EXPECT_EQ(collected->records(), (std::vector<Ints>{{10, 20}, {30}}));
  EXPECT_EQ(collected->times(), (std::vector<Time>{Time(1000), Time(3000)})) << "Spark runs no job at 2000 ms";
}

// error_cases "union with input stream return None": Spark's job fails with a SparkException.
TEST(QueueStreamLocalTest, AUnionOverABatchWithoutADataSetFailsTheJob) {
  StreamingContext ssc(ManualClockConf(4), Seconds(1));
  std::vector<std::optional<Ints>> items = {Ints{1, 2, 3, 4}, Ints{101, 102, 103, 104}, Ints{201, 202, 203, 204},
                                            std::nullopt};
  auto stream = ssc.queueStream(items);
  auto collected = CollectBatches(stream.union_(stream.map([](int x) { return x + 4; })));
  ssc.start();
  try {
    ssc.awaitTermination();
    FAIL() << "the application should have failed";
  } catch (const JobFailedError& e) {
    EXPECT_NE(std::string(e.what()).find("batch 4000 ms failed: union"), std::string::npos) << e.what();
  }
  EXPECT_EQ(collected->records(), (std::vector<Ints>{{1, 2, 3, 4, 5, 6, 7, 8},
                                                     {101, 102, 103, 104, 105, 106, 107, 108},
                                                     {201, 202, 203, 204, 205, 206, 207, 208}}));
}

TEST(QueueStreamLocalTest, NotOneAtATimeTheFirstBatchGetsEveryItem) {
  StreamingContext ssc(ManualClockConf(2), Seconds(1));
  auto collected = CollectBatches(ssc.queueStream<int>({{1, 2}, {3, 4}}, /*one_at_a_time=*/false));
  ssc.start();
  ssc.awaitTermination();
  EXPECT_EQ(collected->records(), (std::vector<Ints>{{1, 2, 3, 4}, {}}));
}

// An output node that logs its calls, to see the order the driver's output thread calls them in.
class CallLogNode final : public TypedNode<int> {
 public:
  CallLogNode(NodeDescription description, std::string name, std::shared_ptr<std::vector<std::string>> log)
      : TypedNode<int>(std::move(description)), name_(std::move(name)), log_(std::move(log)) {}
  std::unique_ptr<AnySink> MakeResultSink(int, const OutputTaskContext& /*task*/, ResultBuffer& out) const override {
    return std::make_unique<ResultSink<int>>(out);
  }
  bool OnDriverResults(Time batch_time, std::string_view) const override {
    log_->push_back(name_ + "@" + batch_time.toString());  // only the driver's output thread calls this
    return true;
  }

 private:
  std::string name_;
  std::shared_ptr<std::vector<std::string>> log_;
};

void AddCallLog(const DStream<int>& stream, const std::string& name, std::shared_ptr<std::vector<std::string>> log) {
  NodeDescription description;
  description.id = stream.graph()->NextId();
  description.kind = NodeKind::kOutput;
  description.op = "callLog";
  description.parents = {stream.id()};
  stream.graph()->Add(std::make_unique<CallLogNode>(std::move(description), name, std::move(log)));
}

TEST(QueueStreamLocalTest, OutputsAreDeliveredInBatchOrderThenDefinitionOrderAndPprintPrints) {
  StreamingContext ssc(ManualClockConf(2), Seconds(1));
  auto stream = ssc.queueStream<int>({{1, 2, 3}, {4}});
  auto log = std::make_shared<std::vector<std::string>>();
  AddCallLog(stream.map([](int x) { return x + 1; }), "second-defined-first", log);
  stream.pprint(2);
  AddCallLog(stream, "defined-last", log);
  ::testing::internal::CaptureStdout();
  ssc.start();
  ssc.awaitTermination();
  std::string printed = ::testing::internal::GetCapturedStdout();
  EXPECT_EQ(*log, (Strings{"second-defined-first@1000 ms", "defined-last@1000 ms", "second-defined-first@2000 ms",
                           "defined-last@2000 ms"}));
  const std::string dashes(43, '-');
  EXPECT_EQ(printed, dashes + "\nTime: 1000 ms\n" + dashes + "\n1\n2\n...\n\n" +  //
                         dashes + "\nTime: 2000 ms\n" + dashes + "\n4\n\n");
}

// An output whose driver hook throws, as a user's foreachRDD may.
class ThrowingOutputNode final : public TypedNode<int> {
 public:
  using TypedNode<int>::TypedNode;
  std::unique_ptr<AnySink> MakeResultSink(int, const OutputTaskContext& /*task*/, ResultBuffer& out) const override {
    return std::make_unique<ResultSink<int>>(out);
  }
  bool OnDriverResults(Time, std::string_view) const override { throw std::runtime_error("no room on the driver"); }
};

TEST(QueueStreamLocalTest, AnOutputThatThrowsOnTheDriverFailsItsBatch) {
  StreamingContext ssc(ManualClockConf(3), Seconds(1));
  auto stream = ssc.queueStream<int>({{1}, {2}, {3}});
  NodeDescription description;
  description.id = stream.graph()->NextId();
  description.kind = NodeKind::kOutput;
  description.op = "throwing";
  description.parents = {stream.id()};
  stream.graph()->Add(std::make_unique<ThrowingOutputNode>(std::move(description)));
  ssc.start();
  try {
    ssc.awaitTermination();
    FAIL() << "the batch should have failed";
  } catch (const JobFailedError& e) {
    EXPECT_NE(std::string(e.what()).find("batch 1000 ms failed: output operation throwing (node 1) failed on the "
                                         "driver: no room on the driver"),
              std::string::npos)
        << e.what();
  }
}

TEST(QueueStreamLocalTest, TheManualClockRefusesReceiversAtStart) {
  StreamingContext ssc(ManualClockConf(2), Seconds(1));
  CollectBatches(ssc.socketTextStream("127.0.0.1", 9));
  try {
    ssc.start();
    FAIL() << "start() should refuse a receiver under the manual clock";
  } catch (const SluiceError& e) {
    EXPECT_NE(std::string(e.what()).find("socketTextStream (node 0) cannot run under app.clock=manual"),
              std::string::npos)
        << e.what();
  }
  EXPECT_EQ(ssc.getState(), StreamingContextState::STOPPED);
}

TEST(QueueStreamLocalTest, AQueueStreamNeedsAPartition) {
  StreamingContext ssc(ManualClockConf(1), Seconds(1));
  EXPECT_THROW(ssc.queueStream<int>({{1}}, true, 0), IllegalArgumentError);
}

}  // namespace
}  // namespace sluice
