#include "worker/receiver/line_splitter.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace sluice {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

class LineSplitterTest : public ::testing::Test {
 protected:
  LineSplitter MakeSplitter(int64_t max_line_bytes) {
    return LineSplitter(
        max_line_bytes, [this](std::string_view line) { lines_.emplace_back(line); }, [this] { ++dropped_; });
  }

  std::vector<std::string> lines_;
  int dropped_ = 0;
};

TEST_F(LineSplitterTest, SplitsOnNewlinesAcrossChunks) {
  LineSplitter splitter = MakeSplitter(100);
  splitter.Feed("one\ntw");
  splitter.Feed("o\n\nthr");
  splitter.Feed("ee\n");
  EXPECT_THAT(lines_, ElementsAre("one", "two", "", "three"));
  EXPECT_EQ(splitter.buffered_bytes(), 0);
}

TEST_F(LineSplitterTest, StripsOneCarriageReturnEvenWhenSplitFromItsNewline) {
  LineSplitter splitter = MakeSplitter(100);
  splitter.Feed("a\r\nb\r");
  splitter.Feed("\nc\r\r\n");
  EXPECT_THAT(lines_, ElementsAre("a", "b", "c\r"));
}

TEST_F(LineSplitterTest, FinishEmitsAnUnterminatedLastLine) {
  LineSplitter splitter = MakeSplitter(100);
  splitter.Feed("a\nlast");
  splitter.Finish();
  splitter.Finish();  // nothing more
  EXPECT_THAT(lines_, ElementsAre("a", "last"));
}

TEST_F(LineSplitterTest, ResetForgetsAPartialLine) {
  LineSplitter splitter = MakeSplitter(100);
  splitter.Feed("a\ncut-off");
  splitter.Reset();
  splitter.Feed("b\n");
  EXPECT_THAT(lines_, ElementsAre("a", "b"));
}

TEST_F(LineSplitterTest, BytesPassThroughUnchanged) {
  LineSplitter splitter = MakeSplitter(100);
  std::string garbage("\0\xff\xfe\x80 z\0", 7);
  splitter.Feed(garbage + "\n");
  ASSERT_THAT(lines_, ElementsAre(garbage));
}

TEST_F(LineSplitterTest, LineOfExactlyTheLimitIsKept) {
  LineSplitter splitter = MakeSplitter(5);
  splitter.Feed("abc");
  splitter.Feed("de\r");
  splitter.Feed("\n12345\n");
  EXPECT_THAT(lines_, ElementsAre("abcde", "12345"));
  EXPECT_EQ(dropped_, 0);
}

TEST_F(LineSplitterTest, OverlongLineInOneChunkIsDropped) {
  LineSplitter splitter = MakeSplitter(5);
  splitter.Feed("a\n123456\nb\n");
  EXPECT_THAT(lines_, ElementsAre("a", "b"));
  EXPECT_EQ(dropped_, 1);
}

TEST_F(LineSplitterTest, OverlongStreamingLineIsSkippedWithoutBuffering) {
  LineSplitter splitter = MakeSplitter(10);
  splitter.Feed("a\n");
  for (int i = 0; i < 1000; ++i) {
    splitter.Feed(std::string(7, 'x'));
    EXPECT_LE(splitter.buffered_bytes(), 11);
  }
  splitter.Feed("tail\nb\n");
  EXPECT_THAT(lines_, ElementsAre("a", "b"));
  EXPECT_EQ(dropped_, 1);  // reported once per line
}

TEST_F(LineSplitterTest, OverlongLineOverflowingOnItsLastPieceIsDropped) {
  LineSplitter splitter = MakeSplitter(10);
  splitter.Feed("12345678");
  splitter.Feed("9abcdef\nnext\n");
  EXPECT_THAT(lines_, ElementsAre("next"));
  EXPECT_EQ(dropped_, 1);
}

TEST_F(LineSplitterTest, OverlongUnterminatedLastLineIsNotEmitted) {
  LineSplitter splitter = MakeSplitter(3);
  splitter.Feed("ok\n123456");
  splitter.Finish();
  EXPECT_THAT(lines_, ElementsAre("ok"));
  EXPECT_EQ(dropped_, 1);
}

TEST_F(LineSplitterTest, EmptyStreamHasNoLines) {
  LineSplitter splitter = MakeSplitter(3);
  splitter.Finish();
  EXPECT_THAT(lines_, IsEmpty());
}

}  // namespace
}  // namespace sluice
