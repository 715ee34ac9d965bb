#include "driver/held_partition_fetcher.h"

#include <gtest/gtest.h>

#include "rpc/testing/fake_shuffle_fetcher.h"

namespace sluice {
namespace {

// A held partition is the output node's materialized partition on its worker: the driver asks that worker for
// exactly that key, and gets every chunk, in order.
TEST(HeldPartitionFetcherTest, FetchesTheOutputsMaterializedPartitionFromItsWorker) {
  testing::FakeShuffleFetcher workers;
  workers.Put("10.0.0.2:7078", ShuffleKey::Materialized("app-1", 3000, 5, 2), 0, {"ab", "cd"});
  Config config;
  HeldPartitionFetcher fetcher("app-1", 3000, 5, config, &workers);
  std::string records;
  std::string error;
  ASSERT_TRUE(fetcher.Fetch(HeldPartition{2, "w2", "10.0.0.2:7078", 4}, &records, &error)) << error;
  EXPECT_EQ(records, "abcd");
  ASSERT_EQ(workers.fetched().size(), 1u);
  EXPECT_EQ(workers.fetched()[0].key, ShuffleKey::Materialized("app-1", 3000, 5, 2));
  EXPECT_EQ(workers.fetched()[0].partition, 0) << "a materialized partition is one reduce partition";
}

TEST(HeldPartitionFetcherTest, APartitionItsWorkerNoLongerHasIsAnErrorThatNamesTheWorker) {
  testing::FakeShuffleFetcher workers;
  Config config;
  HeldPartitionFetcher fetcher("app-1", 3000, 5, config, &workers);
  std::string records;
  std::string error;
  EXPECT_FALSE(fetcher.Fetch(HeldPartition{1, "w3", "10.0.0.3:7078", 4}, &records, &error));
  EXPECT_NE(error.find("from worker w3 at 10.0.0.3:7078"), std::string::npos) << error;
  EXPECT_TRUE(records.empty());
}

}  // namespace
}  // namespace sluice
