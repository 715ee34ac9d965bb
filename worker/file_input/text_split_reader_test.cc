#include "worker/file_input/text_split_reader.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "common/testing/environment_skip.h"
#include "common/testing/scoped_no_file_read_override.h"

namespace sluice {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

constexpr int64_t kNoLimit = int64_t{1} << 40;

std::string MakeTempDir() {
  std::string pattern = ::testing::TempDir() + "/text_split_XXXXXX";
  EXPECT_NE(mkdtemp(pattern.data()), nullptr) << strerror(errno);
  return pattern;
}

void WriteFile(const std::string& path, const std::string& content) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << content;
  ASSERT_TRUE(out.good()) << path;
}

// What the lines of a whole file are, by the plain definition.
std::vector<std::string> ExpectedLines(const std::string& content) {
  std::vector<std::string> lines;
  size_t begin = 0;
  while (begin < content.size()) {
    size_t newline = content.find('\n', begin);
    if (newline == std::string::npos) newline = content.size();
    std::string line = content.substr(begin, newline - begin);
    if (!line.empty() && line.back() == '\r') line.pop_back();
    lines.push_back(line);
    begin = newline + 1;
  }
  return lines;
}

// Reads the splits that `cuts` (ascending offsets strictly inside the file) make, in order, and appends lines.
absl::Status ReadAllSplits(const std::string& path, int64_t size, const std::vector<int64_t>& cuts,
                           size_t read_bytes, std::vector<std::string>& lines) {
  int64_t start = 0;
  for (size_t i = 0; i <= cuts.size(); ++i) {
    const int64_t end = i < cuts.size() ? cuts[i] : size;
    absl::Status status = text_split_reader_internal::ReadTextSplit(
        path, start, end - start, kNoLimit, read_bytes,
        [&](std::string_view line) { lines.emplace_back(line); });
    if (!status.ok()) return status;
    start = end;
  }
  return absl::OkStatus();
}

std::string RandomText(std::mt19937& random, int max_lines, int max_line_length) {
  std::string text;
  const int lines = std::uniform_int_distribution<int>(0, max_lines)(random);
  for (int i = 0; i < lines; ++i) {
    const int length = std::uniform_int_distribution<int>(0, max_line_length)(random);
    for (int j = 0; j < length; ++j) text += static_cast<char>('a' + random() % 26);
    if (random() % 4 == 0) text += '\r';
    text += '\n';
  }
  if (random() % 2 == 0) {  // a last line without '\n'
    const int length = std::uniform_int_distribution<int>(0, max_line_length)(random);
    for (int j = 0; j < length; ++j) text += static_cast<char>('a' + random() % 26);
  }
  return text;
}

class TextSplitReaderTest : public ::testing::Test {
 protected:
  void SetUp() override { dir_ = MakeTempDir(); }

  std::string Write(const std::string& name, const std::string& content) {
    const std::string path = dir_ + "/" + name;
    WriteFile(path, content);
    return path;
  }

  std::vector<std::string> ReadWhole(const std::string& content, int64_t max_record_bytes = kNoLimit) {
    const std::string path = Write("whole.txt", content);
    std::vector<std::string> lines;
    absl::Status status = ReadTextSplit(path, 0, static_cast<int64_t>(content.size()), max_record_bytes,
                                        [&](std::string_view line) { lines.emplace_back(line); });
    EXPECT_TRUE(status.ok()) << status;
    return lines;
  }

  std::string dir_;
};

// Every subset of cut points of small files, with read sizes that put lines across reads.
TEST_F(TextSplitReaderTest, EveryBoundarySetOfSmallFilesYieldsEachLineOnce) {
  std::mt19937 random(42);
  for (int file = 0; file < 60; ++file) {
    std::string content = RandomText(random, 5, 3);
    if (content.size() > 11) content.resize(11);
    const std::string path = Write("small.txt", content);
    const int64_t size = static_cast<int64_t>(content.size());
    const std::vector<std::string> expected = ExpectedLines(content);
    for (uint32_t mask = 0; mask < (1u << (size > 0 ? size - 1 : 0)); ++mask) {
      std::vector<int64_t> cuts;
      for (int64_t bit = 0; bit + 1 < size; ++bit) {
        if (mask & (1u << bit)) cuts.push_back(bit + 1);
      }
      for (size_t read_bytes : {size_t{1}, size_t{3}, size_t{1} << 20}) {
        std::vector<std::string> lines;
        ASSERT_TRUE(ReadAllSplits(path, size, cuts, read_bytes, lines).ok());
        ASSERT_EQ(lines, expected) << "file " << file << " mask " << mask << " read_bytes " << read_bytes;
      }
    }
  }
}

TEST_F(TextSplitReaderTest, EverySplitSizeOfLargerFilesYieldsEachLineOnce) {
  std::mt19937 random(7);
  for (int file = 0; file < 20; ++file) {
    const std::string content = RandomText(random, 30, 20);
    const std::string path = Write("medium.txt", content);
    const int64_t size = static_cast<int64_t>(content.size());
    const std::vector<std::string> expected = ExpectedLines(content);
    for (int64_t split = 1; split <= size + 1; ++split) {
      std::vector<int64_t> cuts;
      for (int64_t cut = split; cut < size; cut += split) cuts.push_back(cut);
      for (size_t read_bytes : {size_t{1}, size_t{5}, size_t{64}, size_t{1} << 20}) {
        std::vector<std::string> lines;
        ASSERT_TRUE(ReadAllSplits(path, size, cuts, read_bytes, lines).ok());
        ASSERT_EQ(lines, expected) << "file " << file << " split " << split << " read_bytes " << read_bytes;
      }
    }
  }
}

// With the real 1 MiB reads: lines that cross read boundaries and splits of a few MiB.
TEST_F(TextSplitReaderTest, MultiMegabyteFileWithDefaultReadSize) {
  std::mt19937 random(3);
  const std::string content = RandomText(random, 60, 200000);
  const std::string path = Write("big.txt", content);
  const int64_t size = static_cast<int64_t>(content.size());
  for (int64_t split : {int64_t{1} << 20, int64_t{777777}, size}) {
    std::vector<std::string> lines;
    int64_t start = 0;
    for (; start < size; start += split) {
      ASSERT_TRUE(ReadTextSplit(path, start, split, kNoLimit, [&](std::string_view line) {
                    lines.emplace_back(line);
                  }).ok());
    }
    ASSERT_EQ(lines, ExpectedLines(content)) << "split " << split;
  }
}

TEST_F(TextSplitReaderTest, CrlfLosesOneCarriageReturn) {
  EXPECT_THAT(ReadWhole("a\r\nb\r\n"), ElementsAre("a", "b"));
  EXPECT_THAT(ReadWhole("a\r\r\nb\rc\n"), ElementsAre("a\r", "b\rc"));
  EXPECT_THAT(ReadWhole("last\r"), ElementsAre("last"));
}

TEST_F(TextSplitReaderTest, LastLineWithoutNewlineCounts) {
  EXPECT_THAT(ReadWhole("a\nb"), ElementsAre("a", "b"));
  EXPECT_THAT(ReadWhole("only"), ElementsAre("only"));
}

TEST_F(TextSplitReaderTest, EmptyLinesAreLines) {
  EXPECT_THAT(ReadWhole("\n\na\n\n"), ElementsAre("", "", "a", ""));
  EXPECT_THAT(ReadWhole("\r\n"), ElementsAre(""));
}

TEST_F(TextSplitReaderTest, EmptyFileHasNoLines) {
  const std::string path = Write("empty.txt", "");
  std::vector<std::string> lines;
  auto collect = [&](std::string_view line) { lines.emplace_back(line); };
  EXPECT_TRUE(ReadTextSplit(path, 0, 0, kNoLimit, collect).ok());
  EXPECT_TRUE(ReadTextSplit(path, 0, 100, kNoLimit, collect).ok());
  EXPECT_TRUE(ReadTextSplit(path, 5, 100, kNoLimit, collect).ok());
  EXPECT_THAT(lines, IsEmpty());
}

TEST_F(TextSplitReaderTest, LineLongerThanTheLimitIsAnErrorNamingFileAndOffset) {
  EXPECT_THAT(ReadWhole("12345\n1234\r\n", 5), ElementsAre("12345", "1234"));
  EXPECT_THAT(ReadWhole("12345\r\n", 5), ElementsAre("12345"));

  const std::string path = Write("long.txt", "ok\n123456\nafter\n");
  for (size_t read_bytes : {size_t{1}, size_t{4}, size_t{1} << 20}) {
    std::vector<std::string> lines;
    absl::Status status = text_split_reader_internal::ReadTextSplit(
        path, 0, 16, 5, read_bytes, [&](std::string_view line) { lines.emplace_back(line); });
    EXPECT_EQ(status.code(), absl::StatusCode::kOutOfRange) << status;
    EXPECT_THAT(std::string(status.message()), HasSubstr("line at offset 3 of " + path));
    EXPECT_THAT(lines, ElementsAre("ok"));
  }
  // Without a newline before the end of the file, too.
  EXPECT_FALSE(ReadTextSplit(Write("long2.txt", "1234567"), 0, 7, 5, [](std::string_view) {}).ok());
}

TEST_F(TextSplitReaderTest, LongLineOwnedByThePreviousSplitIsNotThisSplitsError) {
  const std::string path = Write("long.txt", "0123456789\nb\n");
  std::vector<std::string> lines;
  absl::Status status = ReadTextSplit(path, 1, 12, 3, [&](std::string_view line) { lines.emplace_back(line); });
  EXPECT_TRUE(status.ok()) << status;
  EXPECT_THAT(lines, ElementsAre("b"));
}

TEST_F(TextSplitReaderTest, MissingFileIsAnErrorNamingIt) {
  const std::string path = dir_ + "/missing.txt";
  absl::Status status = ReadTextSplit(path, 0, 10, kNoLimit, [](std::string_view) {});
  EXPECT_EQ(status.code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(std::string(status.message()), HasSubstr(path));
}

TEST_F(TextSplitReaderTest, DirectoryIsAnErrorNamingIt) {
  absl::Status status = ReadTextSplit(dir_, 0, 10, kNoLimit, [](std::string_view) {});
  EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(std::string(status.message()), HasSubstr(dir_ + ": it is a directory"));
}

TEST_F(TextSplitReaderTest, UnreadableFileIsAnErrorNamingIt) {
  const std::string path = Write("secret.txt", "x\n");
  ASSERT_EQ(chmod(path.c_str(), 0), 0);
  ScopedNoFileReadOverride no_override;
  bool called = false;
  absl::Status status = ReadTextSplit(path, 0, 2, kNoLimit, [&](std::string_view) { called = true; });
  if (status.ok()) SLUICE_SKIP_FOR_ENVIRONMENT("cannot make a mode-000 file unreadable here (CAP_DAC_OVERRIDE kept)");
  EXPECT_EQ(status.code(), absl::StatusCode::kPermissionDenied);
  EXPECT_THAT(std::string(status.message()), HasSubstr(path));
  EXPECT_FALSE(called);
}

TEST_F(TextSplitReaderTest, InvalidSplitIsAnError) {
  const std::string path = Write("a.txt", "a\n");
  EXPECT_EQ(ReadTextSplit(path, -1, 2, kNoLimit, [](std::string_view) {}).code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ReadTextSplit(path, 0, -2, kNoLimit, [](std::string_view) {}).code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ReadTextSplit(path, 0, 2, 0, [](std::string_view) {}).code(), absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace sluice
