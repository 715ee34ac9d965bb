#include "worker/checkpoint_writer.h"

#include <stdlib.h>

#include <filesystem>

#include "common/checkpoint_file.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace sluice {
namespace {

class CheckpointWriterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = testing::TempDir() + "/checkpoint_writer_test.XXXXXX";
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::string dir_;
  ShuffleStore store_;
};

TEST_F(CheckpointWriterTest, WritesAStoredPartitionWithItsChunksInOrder) {
  const ShuffleKey key = ShuffleKey::Materialized("app-7", 20000, 5, 3);
  store_.Put(key, MapOutput{{{"first|", "second|", "third"}}});

  absl::StatusOr<std::string> path = CheckpointStoredPartition(store_, key, dir_, "pair<string,long>", 3);
  ASSERT_TRUE(path.ok()) << path.status();
  EXPECT_EQ(*path, dir_ + "/app-7/5/20000/part-00003");

  absl::StatusOr<CheckpointPartition> read = ReadCheckpointPartition(*path);
  ASSERT_TRUE(read.ok()) << read.status();
  EXPECT_EQ(read->header, (CheckpointHeader{5, 20000, 3, 3, "pair<string,long>"}));
  EXPECT_EQ(read->payload, "first|second|third");
}

TEST_F(CheckpointWriterTest, WritesAnEmptyStoredPartition) {
  const ShuffleKey key = ShuffleKey::Materialized("app-7", 20000, 5, 0);
  store_.Put(key, MapOutput{{{}}});
  absl::StatusOr<std::string> path = CheckpointStoredPartition(store_, key, dir_, "t", 0);
  ASSERT_TRUE(path.ok()) << path.status();
  absl::StatusOr<CheckpointPartition> read = ReadCheckpointPartition(*path);
  ASSERT_TRUE(read.ok()) << read.status();
  EXPECT_EQ(read->payload, "");
}

TEST_F(CheckpointWriterTest, RejectsWhatIsNotAStoredMaterializedPartition) {
  const ShuffleKey shuffle_key{"app-7", 20000, 5, 0, false};
  store_.Put(shuffle_key, MapOutput{{{"x"}}});
  EXPECT_EQ(CheckpointStoredPartition(store_, shuffle_key, dir_, "t", 1).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(
      CheckpointStoredPartition(store_, ShuffleKey::Materialized("app-7", 20000, 5, 1), dir_, "t", 1).status().code(),
      absl::StatusCode::kNotFound);
  EXPECT_TRUE(std::filesystem::is_empty(dir_));
}

}  // namespace
}  // namespace sluice
