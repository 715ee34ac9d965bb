#include "tests/tools/text_source.h"

#include <gtest/gtest.h>

#include <fstream>

namespace sluice::tools {
namespace {

std::vector<std::string> Drain(TextSource& source, int limit = 100) {
  std::vector<std::string> lines;
  while (auto line = source.Next()) {
    lines.emplace_back(*line);
    if (static_cast<int>(lines.size()) == limit) break;
  }
  return lines;
}

TEST(SplitCommaSeparatedLinesTest, SplitsOnEveryComma) {
  EXPECT_EQ(SplitCommaSeparatedLines("hello world,hello sluice"),
            (std::vector<std::string>{"hello world", "hello sluice"}));
  EXPECT_EQ(SplitCommaSeparatedLines("a,,b"), (std::vector<std::string>{"a", "", "b"}));
  EXPECT_EQ(SplitCommaSeparatedLines("single"), (std::vector<std::string>{"single"}));
}

TEST(ReadLinesFromFileTest, ReadsLinesWithoutTerminators) {
  const std::string path = testing::TempDir() + "/text_source_test_lines.txt";
  std::ofstream(path) << "one\r\ntwo\n\nthree";
  auto lines = ReadLinesFromFile(path);
  ASSERT_TRUE(lines.ok()) << lines.status();
  EXPECT_EQ(*lines, (std::vector<std::string>{"one", "two", "", "three"}));
}

TEST(ReadLinesFromFileTest, MissingFileIsNotFound) {
  EXPECT_EQ(ReadLinesFromFile(testing::TempDir() + "/no/such/file").status().code(), absl::StatusCode::kNotFound);
}

TEST(TextSourceTest, RepeatsTheLinesTheGivenNumberOfTimes) {
  TextSource source({"a", "b"}, 2);
  EXPECT_EQ(Drain(source), (std::vector<std::string>{"a", "b", "a", "b"}));
  EXPECT_TRUE(source.Exhausted());
  EXPECT_FALSE(source.Next().has_value());
}

TEST(TextSourceTest, RepeatZeroIsForever) {
  TextSource source({"a", "b"}, 0);
  EXPECT_EQ(Drain(source, 5), (std::vector<std::string>{"a", "b", "a", "b", "a"}));
  EXPECT_FALSE(source.Exhausted());
}

TEST(TextSourceTest, NoLinesIsExhaustedEvenForever) {
  TextSource source({}, 0);
  EXPECT_TRUE(source.Exhausted());
  EXPECT_FALSE(source.Next().has_value());
}

TEST(TextSourceTest, RewindStartsOver) {
  TextSource source({"a", "b", "c"}, 1);
  source.Next();
  source.Next();
  source.Rewind();
  EXPECT_EQ(Drain(source), (std::vector<std::string>{"a", "b", "c"}));
}

TEST(LineThrottleTest, UnthrottledMakesEveryLineDueAtOnce) {
  LineThrottle throttle(0);
  EXPECT_TRUE(throttle.unthrottled());
  EXPECT_EQ(throttle.DueOffset(1000000), std::chrono::nanoseconds(0));
}

TEST(LineThrottleTest, SpacesLinesEvenlyFromTheStart) {
  LineThrottle throttle(20);
  EXPECT_FALSE(throttle.unthrottled());
  EXPECT_EQ(throttle.DueOffset(0), std::chrono::nanoseconds(0));
  EXPECT_EQ(throttle.DueOffset(1), std::chrono::milliseconds(50));
  EXPECT_EQ(throttle.DueOffset(20), std::chrono::seconds(1));
  EXPECT_EQ(LineThrottle(0.5).DueOffset(3), std::chrono::seconds(6));
}

}  // namespace
}  // namespace sluice::tools
