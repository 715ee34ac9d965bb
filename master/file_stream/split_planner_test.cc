#include "master/file_stream/split_planner.h"

#include "gtest/gtest.h"

namespace sluice {
namespace {

std::string Describe(const std::vector<FileSplit>& splits) {
  std::string out;
  for (const FileSplit& split : splits) {
    out += split.path + "@" + std::to_string(split.start) + "+" + std::to_string(split.length) + " ";
  }
  return out;
}

TEST(SplitPlannerTest, SmallFilesGiveOneSplitEach) {
  EXPECT_EQ(Describe(PlanSplits({{"/d/a", 10}, {"/d/b", 100}}, 100)), "/d/a@0+10 /d/b@0+100 ");
}

TEST(SplitPlannerTest, BigFileIsCutIntoSplitsOfAtMostTheLimit) {
  EXPECT_EQ(Describe(PlanSplits({{"/d/a", 250}}, 100)), "/d/a@0+100 /d/a@100+100 /d/a@200+50 ");
  EXPECT_EQ(Describe(PlanSplits({{"/d/a", 200}}, 100)), "/d/a@0+100 /d/a@100+100 ");
}

TEST(SplitPlannerTest, EmptyFilesGiveNoSplit) {
  EXPECT_EQ(Describe(PlanSplits({{"/d/empty", 0}, {"/d/a", 1}}, 100)), "/d/a@0+1 ");
  EXPECT_TRUE(PlanSplits({}, 100).empty());
}

TEST(SplitPlannerTest, NonPositiveLimitMeansOneSplitPerFile) {
  EXPECT_EQ(Describe(PlanSplits({{"/d/a", 1000}}, 0)), "/d/a@0+1000 ");
  EXPECT_EQ(Describe(PlanSplits({{"/d/a", 1000}}, -5)), "/d/a@0+1000 ");
}

TEST(SplitPlannerTest, SplitsCoverEveryByteExactlyOnce) {
  for (int64_t size = 1; size < 40; ++size) {
    for (int64_t limit = 1; limit < 12; ++limit) {
      int64_t next = 0;
      for (const FileSplit& split : PlanSplits({{"/f", size}}, limit)) {
        EXPECT_EQ(split.start, next);
        EXPECT_GT(split.length, 0);
        EXPECT_LE(split.length, limit);
        next = split.start + split.length;
      }
      EXPECT_EQ(next, size) << "size " << size << " limit " << limit;
    }
  }
}

}  // namespace
}  // namespace sluice
