#include "worker/receiver/block_generator.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "common/codec.h"
#include "worker/testing/block_collector.h"
#include "worker/testing/eventually.h"

namespace sluice {
namespace {

using ::testing::ElementsAre;

using ::sluice::testing::BlockCollector;
using ::sluice::testing::Eventually;

std::string Encoded(const std::string& value) {
  std::string out;
  EncodeRecord(value, &out);
  return out;
}

TEST(BlockGeneratorTest, RecordsFromTwoThreadsArriveCompleteAndInOrder) {
  BlockCollector collector;
  BlockGenerator generator(3, "w1", Milliseconds(5), collector.Sink());
  generator.Start();
  constexpr int kPerThread = 20000;
  auto produce = [&](const std::string& prefix) {
    for (int i = 0; i < kPerThread; ++i) {
      generator.AddEncodedRecord(Encoded(prefix + std::to_string(i)));
      if (i % 1000 == 0) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
  };
  std::thread a(produce, "a");
  std::thread b(produce, "b");
  a.join();
  b.join();
  generator.StopAndFlush();

  std::vector<ReceivedBlock> blocks = collector.blocks();
  ASSERT_GT(blocks.size(), 1u);
  int64_t counted = 0;
  for (const ReceivedBlock& block : blocks) {
    EXPECT_GT(block.records, 0);
    EXPECT_EQ(block.source_node, 3);
    int64_t decoded = 0;
    EXPECT_TRUE(DecodeRecords<std::string>(block.data, [&](std::string) { ++decoded; }));
    EXPECT_EQ(decoded, block.records);
    counted += block.records;
  }
  EXPECT_EQ(counted, 2 * kPerThread);

  std::map<char, int> next_of;  // per producer: the index the next record must carry
  for (const std::string& record : collector.Records<std::string>()) {
    int index = std::stoi(record.substr(1));
    ASSERT_EQ(index, next_of[record[0]]) << record;
    ++next_of[record[0]];
  }
  EXPECT_EQ(next_of['a'], kPerThread);
  EXPECT_EQ(next_of['b'], kPerThread);
}

TEST(BlockGeneratorTest, BlockIdsAreStableAndSequential) {
  BlockCollector collector;
  BlockGenerator generator(7, "worker-2", Milliseconds(10), collector.Sink());
  generator.Start();
  for (int i = 0; i < 3; ++i) {
    int before = static_cast<int>(collector.blocks().size());
    generator.AddEncodedRecord(Encoded("r" + std::to_string(i)));
    ASSERT_TRUE(collector.WaitFor([&](const auto& blocks) { return static_cast<int>(blocks.size()) > before; }));
  }
  generator.StopAndFlush();
  std::vector<std::string> ids;
  for (const ReceivedBlock& block : collector.blocks()) ids.push_back(block.block_id);
  EXPECT_THAT(ids, ElementsAre("input-7-worker-2-0", "input-7-worker-2-1", "input-7-worker-2-2"));
  EXPECT_EQ(generator.blocks_cut(), 3);
}

TEST(BlockGeneratorTest, IdleIntervalsCutNoBlock) {
  BlockCollector collector;
  BlockGenerator generator(1, "w", Milliseconds(10), collector.Sink());
  generator.Start();
  std::this_thread::sleep_for(std::chrono::milliseconds(200));  // ~20 empty intervals
  generator.StopAndFlush();
  EXPECT_TRUE(collector.blocks().empty());
  EXPECT_EQ(generator.blocks_cut(), 0);
}

TEST(BlockGeneratorTest, StopFlushesThePartialBlock) {
  BlockCollector collector;
  BlockGenerator generator(1, "w", Minutes(60), collector.Sink());
  generator.Start();
  generator.AddEncodedRecord(Encoded("x"));
  generator.AddEncodedRecord(Encoded("y"));
  generator.AddEncodedRecord(Encoded(""));
  auto started = std::chrono::steady_clock::now();
  generator.StopAndFlush();
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(5));  // not the 60-minute interval
  ASSERT_EQ(collector.blocks().size(), 1u);
  EXPECT_EQ(collector.blocks()[0].records, 3);
  EXPECT_EQ(collector.blocks()[0].block_id, "input-1-w-0");
  EXPECT_THAT(collector.Records<std::string>(), ElementsAre("x", "y", ""));
}

TEST(BlockGeneratorTest, StopIsIdempotentAndLaterRecordsAreDropped) {
  BlockCollector collector;
  BlockGenerator generator(1, "w", Minutes(60), collector.Sink());
  generator.Start();
  generator.AddEncodedRecord(Encoded("kept"));
  generator.StopAndFlush();
  generator.StopAndFlush();
  generator.AddEncodedRecord(Encoded("late"));
  generator.StopAndFlush();
  EXPECT_THAT(collector.Records<std::string>(), ElementsAre("kept"));
  EXPECT_EQ(generator.blocks_cut(), 1);
}

TEST(BlockGeneratorTest, DestructorStopsAndFlushes) {
  BlockCollector collector;
  {
    BlockGenerator generator(1, "w", Minutes(60), collector.Sink());
    generator.Start();
    generator.AddEncodedRecord(Encoded("last"));
  }
  EXPECT_THAT(collector.Records<std::string>(), ElementsAre("last"));
}

TEST(BlockGeneratorTest, DestructorWithoutStartIsClean) {
  BlockCollector collector;
  { BlockGenerator generator(1, "w", Milliseconds(10), collector.Sink()); }
  EXPECT_TRUE(collector.blocks().empty());
}

TEST(BlockGeneratorTest, RecordsAddedWithoutStartAreFlushedOnStop) {
  BlockCollector collector;
  BlockGenerator generator(1, "w", Milliseconds(10), collector.Sink());
  generator.AddEncodedRecord(Encoded("early"));
  generator.StopAndFlush();
  EXPECT_THAT(collector.Records<std::string>(), ElementsAre("early"));
}

TEST(BlockGeneratorTest, CutsFollowTheInterval) {
  BlockCollector collector;
  BlockGenerator generator(1, "w", Milliseconds(50), collector.Sink());
  generator.Start();
  // Records keep coming until the interval has cut two blocks (not the final flush: the generator still runs).
  EXPECT_TRUE(Eventually([&] {
    generator.AddEncodedRecord(Encoded("tick"));
    return collector.blocks().size() > 1;
  }));
  generator.StopAndFlush();
}

TEST(BlockGeneratorTest, BlocksCarryTheirCutTime) {
  BlockCollector collector;
  BlockGenerator generator(1, "w", Minutes(60), collector.Sink());
  int64_t before =
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
          .count();
  generator.Start();
  generator.AddEncodedRecord(Encoded("t"));
  generator.StopAndFlush();
  int64_t after =
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
          .count();
  ASSERT_EQ(collector.blocks().size(), 1u);
  EXPECT_GE(collector.blocks()[0].created.milliseconds(), before);
  EXPECT_LE(collector.blocks()[0].created.milliseconds(), after);
}

}  // namespace
}  // namespace sluice
