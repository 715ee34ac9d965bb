#include "runtime/queue_items.h"

#include <string>

#include "gtest/gtest.h"

namespace sluice {
namespace {

using Slices = std::vector<std::pair<size_t, size_t>>;

template <class T>
std::vector<T> Decode(const EncodedPartition& partition) {
  std::vector<T> out;
  EXPECT_TRUE(DecodeRecords<T>(partition.records, [&out](T&& value) { out.push_back(std::move(value)); }));
  return out;
}

TEST(QueueItemsTest, SlicesAsSparkParallelizeDoes) {
  EXPECT_EQ(ParallelizeSlices(4, 2), (Slices{{0, 2}, {2, 4}}));           // [1,2] [3,4]
  EXPECT_EQ(ParallelizeSlices(3, 2), (Slices{{0, 1}, {1, 3}}));           // ["a"] ["a","b"]
  EXPECT_EQ(ParallelizeSlices(1, 2), (Slices{{0, 0}, {0, 1}}));           // [] [x]
  EXPECT_EQ(ParallelizeSlices(0, 2), (Slices{{0, 0}, {0, 0}}));           // two empty partitions
  EXPECT_EQ(ParallelizeSlices(7, 3), (Slices{{0, 2}, {2, 4}, {4, 7}}));   // floor(7/3), floor(14/3), 7
  EXPECT_EQ(ParallelizeSlices(5, 1), (Slices{{0, 5}}));
}

TEST(QueueItemsTest, EncodesEachSliceWithItsCount) {
  std::vector<EncodedPartition> partitions = EncodePartitions(std::vector<std::string>{"a", "a", "b"}, 2);
  ASSERT_EQ(partitions.size(), 2u);
  EXPECT_EQ(Decode<std::string>(partitions[0]), (std::vector<std::string>{"a"}));
  EXPECT_EQ(Decode<std::string>(partitions[1]), (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(partitions[0].count, 1);
  EXPECT_EQ(partitions[1].count, 2);
}

TEST(QueueItemsTest, KeepsAbsentItemsApartFromEmptyOnes) {
  std::vector<std::optional<std::vector<int>>> items = {std::vector<int>{1, 2, 3, 4}, std::nullopt,
                                                        std::vector<int>{}};
  std::vector<EncodedQueueItem> encoded = EncodeQueueItems(items, 2);
  ASSERT_EQ(encoded.size(), 3u);
  ASSERT_TRUE(encoded[0].has_value());
  EXPECT_EQ(Decode<int>((*encoded[0])[1]), (std::vector<int>{3, 4}));
  EXPECT_FALSE(encoded[1].has_value());
  ASSERT_TRUE(encoded[2].has_value());
  ASSERT_EQ(encoded[2]->size(), 2u);
  EXPECT_EQ((*encoded[2])[0].count, 0);
  EXPECT_TRUE((*encoded[2])[1].records.empty());
}

}  // namespace
}  // namespace sluice
