#include "worker/shuffle_store.h"

#include <gtest/gtest.h>

namespace sluice {
namespace {

MapOutput TwoPartitions(const std::string& tag) {
  MapOutput output;
  output.partitions = {{tag + "-p0-c0", tag + "-p0-c1"}, {tag + "-p1-c0"}};
  return output;
}

TEST(ShuffleStoreTest, GetReturnsOnePartitionsChunks) {
  ShuffleStore store;
  ShuffleKey key{"app", 1000, 3, 0};
  store.Put(key, TwoPartitions("m0"));
  auto p0 = store.Get(key, 0);
  auto p1 = store.Get(key, 1);
  ASSERT_TRUE(p0.ok()) << p0.status();
  ASSERT_TRUE(p1.ok()) << p1.status();
  EXPECT_EQ(**p0, (PartitionChunks{"m0-p0-c0", "m0-p0-c1"}));
  EXPECT_EQ(**p1, (PartitionChunks{"m0-p1-c0"}));
}

TEST(ShuffleStoreTest, MissingOutputAndPartitionAreNamed) {
  ShuffleStore store;
  ShuffleKey key{"app", 1000, 3, 0};
  auto missing = store.Get(key, 0);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().code(), absl::StatusCode::kNotFound);
  EXPECT_NE(missing.status().message().find("batch 1000 ms shuffle node 3 map 0"), absl::string_view::npos)
      << missing.status();
  store.Put(key, TwoPartitions("m0"));
  auto out_of_range = store.Get(key, 2);
  ASSERT_FALSE(out_of_range.ok());
  EXPECT_EQ(out_of_range.status().code(), absl::StatusCode::kOutOfRange);
}

TEST(ShuffleStoreTest, ReleaseUpToDropsThatBatchAndEarlierOnesOfTheAppOnly) {
  ShuffleStore store;
  store.Put({"app", 1000, 3, 0}, TwoPartitions("a"));
  store.Put({"app", 2000, 3, 0}, TwoPartitions("b"));
  store.Put({"app", 3000, 3, 0}, TwoPartitions("c"));
  store.Put({"other", 1000, 3, 0}, TwoPartitions("d"));
  store.ReleaseUpTo("app", 2000);
  EXPECT_FALSE(store.Get({"app", 1000, 3, 0}, 0).ok());
  EXPECT_FALSE(store.Get({"app", 2000, 3, 0}, 0).ok());
  EXPECT_TRUE(store.Get({"app", 3000, 3, 0}, 0).ok());
  EXPECT_TRUE(store.Get({"other", 1000, 3, 0}, 0).ok());
}

TEST(ShuffleStoreTest, ReadersKeepTheirDataAcrossARelease) {
  ShuffleStore store;
  store.Put({"app", 1000, 3, 0}, TwoPartitions("a"));
  auto chunks = store.Get({"app", 1000, 3, 0}, 1);
  store.ReleaseUpTo("app", 1000);
  ASSERT_TRUE(chunks.ok());
  EXPECT_EQ(**chunks, (PartitionChunks{"a-p1-c0"}));
}

TEST(ShuffleStoreTest, RemoveAppAndReplace) {
  ShuffleStore store;
  store.Put({"app", 1000, 3, 0}, TwoPartitions("first"));
  store.Put({"app", 1000, 3, 0}, TwoPartitions("rerun"));
  store.Put({"app", 1000, 3, 1}, TwoPartitions("m1"));
  store.Put({"keep", 1000, 3, 0}, TwoPartitions("k"));
  EXPECT_EQ((**store.Get({"app", 1000, 3, 0}, 1))[0], "rerun-p1-c0");
  store.RemoveApp("app");
  EXPECT_EQ(store.size(), 1u);
}

}  // namespace
}  // namespace sluice
