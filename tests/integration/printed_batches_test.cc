#include "tests/integration/printed_batches.h"

#include "gtest/gtest.h"

namespace sluice::testing {
namespace {

const std::string kDashes(43, '-');

std::string Batch(int64_t time_ms, const std::vector<std::string>& lines) {
  std::string text = kDashes + "\nTime: " + std::to_string(time_ms) + " ms\n" + kDashes + "\n";
  for (const std::string& line : lines) text += line + "\n";
  return text + "\n";
}

TEST(PrintedBatchesTest, ParsesCompleteBatchesOnly) {
  std::string text = Batch(1000, {"(a,1)", "(b,2)"}) + Batch(2000, {"(a,3)", "..."}) + kDashes + "\nTime: 3000 ms\n";
  std::vector<PrintedBatch> batches = ParsePrintedBatches(text);
  ASSERT_EQ(batches.size(), 2u);
  EXPECT_EQ(batches[0].time_ms, 1000);
  EXPECT_EQ(batches[0].lines, (std::vector<std::string>{"(a,1)", "(b,2)"}));
  EXPECT_FALSE(batches[0].truncated);
  EXPECT_TRUE(batches[1].truncated);
}

TEST(PrintedBatchesTest, AGarbledHeaderEndsTheParse) {
  std::string text = Batch(1000, {"(a,1)"}) + kDashes + "\nTime: x ms\n" + kDashes + "\n(b,1)\n\n";
  EXPECT_EQ(ParsePrintedBatches(text).size(), 1u);
}

TEST(SumCountsTest, SumsEachWordOverBatches) {
  PrintedCounts printed = SumCounts(ParsePrintedBatches(Batch(1000, {"(a,1)", "(b,2)"}) + Batch(2000, {"(a,3)"})));
  EXPECT_TRUE(printed.problems.empty());
  EXPECT_EQ(printed, (std::map<std::string, int64_t>{{"a", 4}, {"b", 2}}));
  EXPECT_FALSE(printed == (std::map<std::string, int64_t>{{"a", 4}})) << "a word too many";
}

TEST(SumCountsTest, AWordPrintedTwiceInOneBatchIsAProblemNotASum) {
  PrintedCounts printed = SumCounts(ParsePrintedBatches(Batch(1000, {"(a,1)", "(a,1)"})));
  EXPECT_FALSE(printed == (std::map<std::string, int64_t>{{"a", 2}}));
  EXPECT_FALSE(printed == (std::map<std::string, int64_t>{{"a", 1}}));
  ASSERT_EQ(printed.problems.size(), 1u);
  EXPECT_EQ(printed.problems[0], "batch 1000 ms: \"a\" printed twice");
}

TEST(SumCountsTest, ALineThatIsNoCountIsAProblem) {
  for (const std::string& line : {"(a,1", "a,1)", "(a 1)", "(a,x)", "(a,1x)", "(,1)", "()", ""}) {
    PrintedCounts printed = SumCounts({PrintedBatch{.time_ms = 1000, .lines = {"(b,1)", line}}});
    EXPECT_FALSE(printed == (std::map<std::string, int64_t>{{"b", 1}})) << line;
    ASSERT_EQ(printed.problems.size(), 1u) << line;
    EXPECT_EQ(printed.problems[0], "batch 1000 ms: not a (word,count) line: \"" + line + "\"");
  }
}

TEST(SumCountsTest, AWordWithACommaKeepsItAndATruncatedBatchIsAProblem) {
  EXPECT_EQ(SumCounts({PrintedBatch{.time_ms = 1, .lines = {"(a,b,2)"}}}), (std::map<std::string, int64_t>{{"a,b", 2}}));
  PrintedCounts truncated = SumCounts({PrintedBatch{.time_ms = 1, .lines = {"(a,1)"}, .truncated = true}});
  EXPECT_FALSE(truncated == (std::map<std::string, int64_t>{{"a", 1}}));
  EXPECT_EQ(truncated.problems.size(), 1u);
}

TEST(SumCountsTest, PrintsTheProblemsOnFailure) {
  PrintedCounts printed = SumCounts({PrintedBatch{.time_ms = 1000, .lines = {"(a,1)", "(a,1)"}}});
  EXPECT_EQ(::testing::PrintToString(printed), "{a: 1}\n  problem: batch 1000 ms: \"a\" printed twice");
}

}  // namespace
}  // namespace sluice::testing
