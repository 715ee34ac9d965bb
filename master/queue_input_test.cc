#include "master/queue_input.h"

#include "gtest/gtest.h"

namespace sluice {
namespace {

// A data set whose partitions hold the given (already encoded) bytes.
QueuedDataSet Items(std::vector<std::string> partitions) {
  std::vector<EncodedPartition> out;
  for (std::string& records : partitions) out.push_back(EncodedPartition{std::move(records), 1});
  return out;
}

std::vector<std::string> Records(const QueuedDataSet& data) {
  std::vector<std::string> out;
  for (const EncodedPartition& partition : *data) out.push_back(partition.records);
  return out;
}

TEST(QueueInputTest, OneAtATimeGivesItemKToBatchKThenEmptyBatches) {
  QueueSourceState queue = MakeQueueSource({{"one_at_a_time", "true"}, {"num_partitions", "3"}},
                                           {Items({"a", "b"}), std::nullopt, Items({})});
  EXPECT_EQ(Records(TakeNextBatch(&queue)), (std::vector<std::string>{"a", "b"}));
  EXPECT_FALSE(TakeNextBatch(&queue).has_value()) << "an absent item is no data set, not an empty one";
  QueuedDataSet empty_item = TakeNextBatch(&queue);
  ASSERT_TRUE(empty_item.has_value());
  EXPECT_TRUE(empty_item->empty());
  EXPECT_TRUE(queue.items.empty());
  for (int later = 0; later < 2; ++later) {
    QueuedDataSet drained = TakeNextBatch(&queue);
    ASSERT_TRUE(drained.has_value());
    EXPECT_EQ(Records(drained), (std::vector<std::string>{"", "", ""}));  // num_partitions empty partitions
  }
}

TEST(QueueInputTest, NotOneAtATimeTheFirstBatchGetsEveryItemInOrder) {
  QueueSourceState queue = MakeQueueSource({{"one_at_a_time", "false"}, {"num_partitions", "2"}},
                                           {Items({"a", "b"}), std::nullopt, Items({"c", "d"})});
  EXPECT_EQ(Records(TakeNextBatch(&queue)), (std::vector<std::string>{"a", "b", "c", "d"}));
  EXPECT_EQ(Records(TakeNextBatch(&queue)), (std::vector<std::string>{"", ""}));
}

TEST(QueueInputTest, DefaultsToOneAtATimeInTwoPartitions) {
  QueueSourceState queue = MakeQueueSource({}, {});
  EXPECT_TRUE(queue.one_at_a_time);
  EXPECT_EQ(queue.num_partitions, 2);
  EXPECT_EQ(MakeQueueSource({{"num_partitions", "0"}}, {}).num_partitions, 2);
}

}  // namespace
}  // namespace sluice
