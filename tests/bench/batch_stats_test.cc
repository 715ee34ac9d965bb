#include "tests/bench/batch_stats.h"

#include "gtest/gtest.h"

namespace sluice::bench {
namespace {

nlohmann::json Status() {
  return nlohmann::json::parse(R"({"applications": [
    {"id": "app-2", "batches": [{"batch_ms": 1000, "records": 9, "scheduling_delay_ms": 0, "processing_ms": 1}]},
    {"id": "app-1", "batches": [
      {"batch_ms": 3000, "records": 0, "scheduling_delay_ms": 900, "processing_ms": 5},
      {"batch_ms": 2000, "records": 20, "scheduling_delay_ms": 30, "processing_ms": 700},
      {"batch_ms": 1000, "records": 10, "scheduling_delay_ms": 10, "processing_ms": 300},
      {"batch_ms": 4000, "records": 99, "scheduling_delay_ms": 0, "processing_ms": 1, "failure": "boom"}]}]})");
}

TEST(BatchStatsTest, ReadsOneApplicationsCompletedBatchesInTimeOrder) {
  std::vector<BatchFigures> batches = BatchesOf(Status(), "app-1");
  ASSERT_EQ(batches.size(), 3u);
  EXPECT_EQ(batches[0].batch_ms, 1000);
  EXPECT_EQ(batches[2].batch_ms, 3000);
  EXPECT_EQ(batches[1].end_ms(), 2730);
}

TEST(BatchStatsTest, SummarizesBatchesWithRecords) {
  RunSummary summary = Summarize(BatchesOf(Status(), "app-1"), 1000);
  EXPECT_EQ(summary.batches, 2);
  EXPECT_EQ(summary.records, 30);
  EXPECT_EQ(summary.max_delay_ms, 30);
  EXPECT_EQ(summary.max_processing_ms, 700);
  EXPECT_EQ(summary.last_end_ms, 2730);
  EXPECT_TRUE(summary.kept_up);
  EXPECT_FALSE(Summarize(BatchesOf(Status(), "app-1"), 500).kept_up);
}

}  // namespace
}  // namespace sluice::bench
