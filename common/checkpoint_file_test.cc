#include "common/checkpoint_file.h"

#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <utility>

#include "common/codec.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace sluice {
namespace {

namespace fs = std::filesystem;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

std::string ReadBytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

void WriteBytes(const std::string& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << bytes;
}

std::string Message(const absl::Status& status) { return std::string(status.message()); }

std::vector<std::string> Names(const fs::path& dir) {
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(dir)) names.push_back(entry.path().filename().string());
  std::sort(names.begin(), names.end());
  return names;
}

class CheckpointFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = testing::TempDir() + "/checkpoint_file_test.XXXXXX";
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string PathOf(int32_t node, int64_t batch_ms, int32_t partition) {
    absl::StatusOr<std::string> path = CheckpointPartitionPath(dir_, "app-1", node, batch_ms, partition);
    EXPECT_TRUE(path.ok()) << path.status();
    return path.value_or("");
  }

  // Writes a small valid checkpoint and returns its path.
  std::string WriteSample(int32_t node = 2, int64_t batch_ms = 10000, int32_t partition = 0) {
    std::string path = PathOf(node, batch_ms, partition);
    CheckpointHeader header{node, batch_ms, partition, 1, "word-count"};
    std::string record;
    EncodeRecord(std::pair<std::string, int64_t>("hello", 3), &record);
    EXPECT_TRUE(WriteCheckpointPartition(path, header, {record}).ok());
    return path;
  }

  std::string dir_;
};

TEST_F(CheckpointFileTest, PathFollowsTheLayout) { EXPECT_EQ(PathOf(7, 12000, 3), dir_ + "/app-1/7/12000/part-00003"); }

TEST_F(CheckpointFileTest, UnsafeNamesAreRejected) {
  for (const std::string& app_id : std::vector<std::string>{"", ".", "..", "a/b", "../x", std::string("a\0b", 3)}) {
    SCOPED_TRACE(app_id);
    EXPECT_EQ(CheckpointPartitionPath(dir_, app_id, 0, 0, 0).status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_EQ(ListCompleteCheckpointTimes(dir_, app_id, 0, 1).status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_EQ(RemoveCheckpointsBefore(dir_, app_id, 0, 5).code(), absl::StatusCode::kInvalidArgument);
  }
  EXPECT_TRUE(CheckpointPartitionPath(dir_, "a..b", 0, 0, 0).ok());
  EXPECT_EQ(CheckpointPartitionPath(dir_, "app", -1, 0, 0).status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(CheckpointPartitionPath(dir_, "app", 0, 0, -1).status().code(), absl::StatusCode::kInvalidArgument);
}

TEST_F(CheckpointFileTest, RoundTripsHeaderAndChunkedRecords) {
  std::vector<std::pair<std::string, int64_t>> records = {{"a", 1}, {"bb", 22}, {"ccc", -333}, {"", 0}};
  std::vector<std::string> chunks(3);  // the records spread over chunks, as the shuffle store holds them
  for (size_t i = 0; i < records.size(); ++i) EncodeRecord(records[i], &chunks[std::min<size_t>(i, 2)]);
  const CheckpointHeader header{4, 86400000, 12, static_cast<int64_t>(records.size()), "std::pair<string,long>"};
  const std::string path = PathOf(4, 86400000, 12);

  ASSERT_TRUE(WriteCheckpointPartition(path, header, std::vector<std::string_view>(chunks.begin(), chunks.end())).ok());

  absl::StatusOr<CheckpointPartition> read = ReadCheckpointPartition(path);
  ASSERT_TRUE(read.ok()) << read.status();
  EXPECT_EQ(read->header, header);
  EXPECT_EQ(read->payload, chunks[0] + chunks[1] + chunks[2]);
  std::vector<std::pair<std::string, int64_t>> decoded;
  using Record = std::pair<std::string, int64_t>;
  bool intact = DecodeRecords<Record>(read->payload, [&](Record&& r) { decoded.push_back(std::move(r)); });
  ASSERT_TRUE(intact);
  EXPECT_EQ(decoded, records);
}

TEST_F(CheckpointFileTest, RoundTripsAnEmptyPartition) {
  const std::string path = PathOf(1, 0, 0);
  ASSERT_TRUE(WriteCheckpointPartition(path, CheckpointHeader{1, 0, 0, 0, "t"}, {}).ok());
  absl::StatusOr<CheckpointPartition> read = ReadCheckpointPartition(path);
  ASSERT_TRUE(read.ok()) << read.status();
  EXPECT_EQ(read->header.type_name, "t");
  EXPECT_THAT(read->payload, IsEmpty());
}

TEST_F(CheckpointFileTest, LeavesNoTemporaryFileAndReplacesAnEarlierWrite) {
  const std::string path = WriteSample();
  ASSERT_TRUE(WriteCheckpointPartition(path, CheckpointHeader{2, 10000, 0, 0, "second"}, {}).ok());
  EXPECT_THAT(Names(fs::path(path).parent_path()), ElementsAre("part-00000"));
  absl::StatusOr<CheckpointPartition> read = ReadCheckpointPartition(path);
  ASSERT_TRUE(read.ok()) << read.status();
  EXPECT_EQ(read->header.type_name, "second");
}

TEST_F(CheckpointFileTest, FlippedPayloadByteIsDataLoss) {
  const std::string path = WriteSample();
  std::string bytes = ReadBytes(path);
  bytes.back() ^= 0x01;
  WriteBytes(path, bytes);
  absl::Status status = ReadCheckpointPartition(path).status();
  EXPECT_EQ(status.code(), absl::StatusCode::kDataLoss);
  EXPECT_THAT(Message(status), HasSubstr(path));
  EXPECT_THAT(Message(status), HasSubstr("corrupt payload"));
}

TEST_F(CheckpointFileTest, FlippedHeaderByteIsDataLoss) {
  const std::string path = WriteSample();
  std::string bytes = ReadBytes(path);
  size_t at = bytes.find("word-count");
  ASSERT_NE(at, std::string::npos);
  bytes[at] = 'W';
  WriteBytes(path, bytes);
  absl::Status status = ReadCheckpointPartition(path).status();
  EXPECT_EQ(status.code(), absl::StatusCode::kDataLoss);
  EXPECT_THAT(Message(status), HasSubstr("corrupt header"));
}

TEST_F(CheckpointFileTest, EveryTruncationIsDataLoss) {
  const std::string path = WriteSample();
  const std::string bytes = ReadBytes(path);
  for (size_t size = 0; size < bytes.size(); ++size) {
    SCOPED_TRACE(size);
    WriteBytes(path, bytes.substr(0, size));
    absl::Status status = ReadCheckpointPartition(path).status();
    EXPECT_EQ(status.code(), absl::StatusCode::kDataLoss);
    EXPECT_THAT(Message(status), HasSubstr(path));
    EXPECT_THAT(Message(status), HasSubstr("truncated"));
  }
}

TEST_F(CheckpointFileTest, BytesAfterThePayloadAreDataLoss) {
  const std::string path = WriteSample();
  WriteBytes(path, ReadBytes(path) + "x");
  EXPECT_EQ(ReadCheckpointPartition(path).status().code(), absl::StatusCode::kDataLoss);
}

TEST_F(CheckpointFileTest, WrongMagicIsRejected) {
  const std::string path = WriteSample();
  std::string bytes = ReadBytes(path);
  bytes[0] = 'X';
  WriteBytes(path, bytes);
  absl::Status status = ReadCheckpointPartition(path).status();
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(Message(status), HasSubstr(path));
  EXPECT_THAT(Message(status), HasSubstr("magic"));
}

TEST_F(CheckpointFileTest, UnknownVersionIsRejected) {
  const std::string path = WriteSample();
  std::string bytes = ReadBytes(path);
  bytes.replace(kCheckpointMagic.size(), 4, std::string("\x63\0\0\0", 4));  // version 99, little-endian
  WriteBytes(path, bytes);
  absl::Status status = ReadCheckpointPartition(path).status();
  EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(Message(status), HasSubstr(path));
  EXPECT_THAT(Message(status), HasSubstr("version 99"));
}

TEST_F(CheckpointFileTest, MissingFileIsNotFound) {
  absl::Status status = ReadCheckpointPartition(dir_ + "/nothing").status();
  EXPECT_EQ(status.code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(Message(status), HasSubstr(dir_ + "/nothing"));
}

TEST_F(CheckpointFileTest, WriteBelowARegularFileFails) {
  // A file where a directory should be makes mkdir fail even for root, unlike a permission bit.
  const std::string blocker = dir_ + "/blocker";
  WriteBytes(blocker, "not a directory");
  const std::string path = blocker + "/app/0/1000/part-00000";
  absl::Status status = WriteCheckpointPartition(path, CheckpointHeader{}, {"data"});
  EXPECT_FALSE(status.ok());
  EXPECT_THAT(Message(status), HasSubstr(path));
  EXPECT_EQ(ReadBytes(blocker), "not a directory");
}

TEST_F(CheckpointFileTest, FailedRenameLeavesNoTemporaryFile) {
  const std::string path = PathOf(0, 1000, 0);
  fs::create_directories(path);  // a directory where the file goes: the rename fails after the data is written
  absl::Status status = WriteCheckpointPartition(path, CheckpointHeader{}, {"data"});
  EXPECT_FALSE(status.ok());
  EXPECT_THAT(Message(status), HasSubstr(path));
  EXPECT_THAT(Names(fs::path(path).parent_path()), ElementsAre("part-00000"));
}

TEST_F(CheckpointFileTest, ListsOnlyCompleteTimes) {
  WriteSample(3, 1000, 0);
  WriteSample(3, 1000, 1);
  WriteSample(3, 2000, 0);  // partition 1 missing: only an interrupted write's temporary file
  WriteBytes((fs::path(PathOf(3, 2000, 0)).parent_path() / ".part-00001.tmp.1.0").string(), "partial");
  WriteSample(3, 30000, 1);
  WriteSample(3, 30000, 0);
  WriteSample(4, 5000, 0);  // another node
  WriteSample(4, 5000, 1);
  fs::create_directories(dir_ + "/app-1/3/not-a-time");
  WriteBytes(dir_ + "/app-1/3/4000", "a file, not a time directory");

  absl::StatusOr<std::vector<int64_t>> times = ListCompleteCheckpointTimes(dir_, "app-1", 3, 2);
  ASSERT_TRUE(times.ok()) << times.status();
  EXPECT_THAT(*times, ElementsAre(1000, 30000));
  times = ListCompleteCheckpointTimes(dir_, "app-1", 3, 1);
  ASSERT_TRUE(times.ok()) << times.status();
  EXPECT_THAT(*times, ElementsAre(1000, 2000, 30000));
}

TEST_F(CheckpointFileTest, ListingANodeWithoutCheckpointsIsEmpty) {
  absl::StatusOr<std::vector<int64_t>> times = ListCompleteCheckpointTimes(dir_, "app-1", 9, 1);
  ASSERT_TRUE(times.ok()) << times.status();
  EXPECT_THAT(*times, IsEmpty());
  EXPECT_EQ(ListCompleteCheckpointTimes(dir_, "app-1", 9, 0).status().code(), absl::StatusCode::kInvalidArgument);
}

TEST_F(CheckpointFileTest, RemovesOnlyOlderTimeDirectories) {
  WriteSample(3, 1000, 0);
  WriteSample(3, 2000, 0);
  WriteBytes((fs::path(PathOf(3, 2000, 0)).parent_path() / ".part-00001.tmp.1.0").string(), "partial");
  WriteSample(3, 3000, 0);
  WriteSample(4, 1000, 0);  // another node keeps its checkpoints
  fs::create_directories(dir_ + "/app-1/3/not-a-time");

  ASSERT_TRUE(RemoveCheckpointsBefore(dir_, "app-1", 3, 3000).ok());

  EXPECT_THAT(Names(dir_ + "/app-1/3"), ElementsAre("3000", "not-a-time"));
  EXPECT_TRUE(ReadCheckpointPartition(PathOf(3, 3000, 0)).ok());
  EXPECT_TRUE(ReadCheckpointPartition(PathOf(4, 1000, 0)).ok());
  EXPECT_TRUE(RemoveCheckpointsBefore(dir_, "app-1", 8, 3000).ok()) << "a node without checkpoints";
}

}  // namespace
}  // namespace sluice
