#include "worker/chunked_shuffle_output.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "common/codec.h"

namespace sluice {
namespace {

// Writes records as a shuffle writer does: one bucket() call per record, the whole record appended to it.
void Write(ChunkedShuffleOutput& out, uint32_t partition, const std::string& record) {
  EncodeRecord(record, &out.bucket(partition));
}

std::vector<std::string> Decode(const std::string& chunk) {
  std::vector<std::string> records;
  EXPECT_TRUE(DecodeRecords<std::string>(chunk, [&](std::string&& r) { records.push_back(std::move(r)); }))
      << "a chunk must hold whole records";
  return records;
}

TEST(ChunkedShuffleOutputTest, CutsChunksAtRecordBoundaries) {
  ChunkedShuffleOutput out(2, /*chunk_bytes=*/10);
  std::vector<std::string> written;
  for (int i = 0; i < 20; ++i) {
    written.push_back("record-" + std::to_string(i));  // 8-9 bytes, 9-10 encoded
    Write(out, 0, written.back());
  }
  Write(out, 1, "alone");
  EXPECT_EQ(out.records_written(), 21);
  MapOutput output = out.TakeOutput();
  ASSERT_EQ(output.partitions.size(), 2u);
  EXPECT_GT(output.partitions[0].size(), 5u) << "the partition should have been cut into several chunks";
  std::vector<std::string> read;
  for (const std::string& chunk : output.partitions[0]) {
    // A chunk grows past the size by less than one record: it is cut at the first boundary after it.
    EXPECT_LT(chunk.size(), 10u + 11u);
    for (std::string& record : Decode(chunk)) read.push_back(record);
  }
  EXPECT_EQ(read, written);
  ASSERT_EQ(output.partitions[1].size(), 1u);
  EXPECT_EQ(Decode(output.partitions[1][0]), std::vector<std::string>{"alone"});
}

TEST(ChunkedShuffleOutputTest, ARecordLargerThanAChunkGetsAChunkOfItsOwn) {
  ChunkedShuffleOutput out(1, /*chunk_bytes=*/4);
  std::string big(100, 'x');
  Write(out, 0, "a");
  Write(out, 0, big);
  Write(out, 0, "b");
  MapOutput output = out.TakeOutput();
  std::vector<std::string> read;
  for (const std::string& chunk : output.partitions[0]) {
    for (std::string& record : Decode(chunk)) read.push_back(record);
  }
  EXPECT_EQ(read, (std::vector<std::string>{"a", big, "b"}));
}

TEST(ChunkedShuffleOutputTest, EmptyPartitionsHaveNoChunks) {
  ChunkedShuffleOutput out(3, 1024);
  Write(out, 1, "only");
  MapOutput output = out.TakeOutput();
  EXPECT_TRUE(output.partitions[0].empty());
  EXPECT_EQ(output.partitions[1].size(), 1u);
  EXPECT_TRUE(output.partitions[2].empty());
}

}  // namespace
}  // namespace sluice
