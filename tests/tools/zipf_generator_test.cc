#include "tests/tools/zipf_generator.h"

#include <gtest/gtest.h>

#include <map>
#include <sstream>

#include "absl/strings/str_split.h"

namespace sluice::tools {
namespace {

std::string Generate(const ZipfTextOptions& options) {
  std::ostringstream out;
  EXPECT_TRUE(WriteZipfText(options, out).ok());
  return out.str();
}

TEST(WordForRankTest, IsWPlusBase36) {
  EXPECT_EQ(WordForRank(0), "w0");
  EXPECT_EQ(WordForRank(9), "w9");
  EXPECT_EQ(WordForRank(10), "wa");
  EXPECT_EQ(WordForRank(35), "wz");
  EXPECT_EQ(WordForRank(36), "w10");
  EXPECT_EQ(WordForRank(49999), "w12kv");
}

TEST(ZipfSamplerTest, RanksStayInTheVocabulary) {
  ZipfSampler sampler(10, 1.0, 3);
  for (int i = 0; i < 10000; ++i) {
    int64_t rank = sampler.NextRank();
    ASSERT_GE(rank, 0);
    ASSERT_LT(rank, 10);
  }
}

TEST(ZipfSamplerTest, FrequenciesFollowZipf) {
  // With s = 1, P(k) = 1 / ((k+1) H_n): rank 0 is twice as frequent as rank 1 and thrice rank 2.
  constexpr int kVocabulary = 100;
  constexpr int kDraws = 200000;
  ZipfSampler sampler(kVocabulary, 1.0, 42);
  std::vector<int> counts(kVocabulary);
  for (int i = 0; i < kDraws; ++i) ++counts[sampler.NextRank()];
  double harmonic = 0;
  for (int k = 1; k <= kVocabulary; ++k) harmonic += 1.0 / k;
  EXPECT_NEAR(counts[0] / static_cast<double>(kDraws), 1.0 / harmonic, 0.01);
  EXPECT_NEAR(counts[0] / static_cast<double>(counts[1]), 2.0, 0.1);
  EXPECT_NEAR(counts[0] / static_cast<double>(counts[2]), 3.0, 0.2);
  EXPECT_GT(counts[kVocabulary - 1], 0);
}

TEST(WriteZipfTextTest, SameSeedSameTextOtherSeedOtherText) {
  ZipfTextOptions options{.bytes = 20000, .vocabulary = 1000, .seed = 7};
  const std::string first = Generate(options);
  EXPECT_EQ(Generate(options), first);
  options.seed = 8;
  EXPECT_NE(Generate(options), first);
}

TEST(WriteZipfTextTest, WritesAtLeastTheBytesInWholeLinesOfAboutTheLineLength) {
  ZipfTextOptions options{.bytes = 50000, .vocabulary = 50000, .line_bytes = 100, .seed = 1};
  const std::string text = Generate(options);
  EXPECT_GE(text.size(), 50000u);
  EXPECT_LT(text.size(), 50000u + 100u);
  ASSERT_EQ(text.back(), '\n');
  std::vector<std::string> lines = absl::StrSplit(text.substr(0, text.size() - 1), '\n');
  // The longest word is "w12kv" (5 bytes): a line stops short of 100 only when the next word would not fit.
  for (const std::string& line : lines) {
    EXPECT_LE(line.size() + 1, 100u) << line;
    EXPECT_GE(line.size() + 1, 100u - 6) << line;
    for (const auto& word : absl::StrSplit(line, ' ')) {
      EXPECT_FALSE(word.empty()) << line;
      EXPECT_EQ(word[0], 'w') << line;
    }
  }
}

TEST(WriteZipfTextTest, ZeroBytesWritesNothing) { EXPECT_EQ(Generate({.bytes = 0}), ""); }

TEST(WriteZipfTextTest, RejectsBadOptions) {
  std::ostringstream out;
  EXPECT_FALSE(WriteZipfText({.bytes = 10, .vocabulary = 0}, out).ok());
  EXPECT_FALSE(WriteZipfText({.bytes = 10, .line_bytes = 1}, out).ok());
  EXPECT_FALSE(WriteZipfText({.bytes = -1}, out).ok());
  EXPECT_FALSE(WriteZipfText({.bytes = 10, .exponent = 0}, out).ok());
}

}  // namespace
}  // namespace sluice::tools
