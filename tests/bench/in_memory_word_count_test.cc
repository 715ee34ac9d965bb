#include "tests/bench/in_memory_word_count.h"

#include "gtest/gtest.h"

namespace sluice::bench {
namespace {

TEST(InMemoryWordCountTest, CountsNonEmptyPiecesBetweenSpacesOnEveryLine) {
  WordCounts counts = CountWordsInMemory("a b  a\n\nb\nc");
  EXPECT_EQ(counts.lines, 4);
  EXPECT_EQ(counts.words, 5);
  EXPECT_EQ(counts.counts["a"], 2);
  EXPECT_EQ(counts.counts["b"], 2);
  EXPECT_EQ(counts.counts["c"], 1);
  EXPECT_EQ(counts.counts.size(), 3u);
}

}  // namespace
}  // namespace sluice::bench
