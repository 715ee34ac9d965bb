#include "worker/block_store.h"

#include <gtest/gtest.h>

namespace sluice {
namespace {

TEST(BlockStoreTest, PutThenGetSharesTheData) {
  BlockStore store;
  store.Put("app-1", "input-0-w-0", "abc", 3);
  auto first = store.Get("input-0-w-0");
  auto second = store.Get("input-0-w-0");
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_EQ(*first->data, "abc");
  EXPECT_EQ(first->records, 3);
  EXPECT_EQ(first->app_id, "app-1");
  EXPECT_EQ(first->data.get(), second->data.get()) << "a read must not copy the block";
  EXPECT_EQ(store.bytes(), 3);
}

TEST(BlockStoreTest, MissingBlockIsNotFoundAndNamed) {
  BlockStore store;
  auto block = store.Get("input-0-w-7");
  ASSERT_FALSE(block.ok());
  EXPECT_EQ(block.status().code(), absl::StatusCode::kNotFound);
  EXPECT_NE(block.status().message().find("input-0-w-7"), absl::string_view::npos);
}

TEST(BlockStoreTest, RemoveDropsOnlyTheListedBlocksAndIgnoresUnknownOnes) {
  BlockStore store;
  store.Put("a", "b1", "1", 1);
  store.Put("a", "b2", "22", 1);
  store.Put("a", "b3", "333", 1);
  store.Remove({"b1", "b3", "never-stored"});
  EXPECT_FALSE(store.Get("b1").ok());
  EXPECT_TRUE(store.Get("b2").ok());
  EXPECT_FALSE(store.Get("b3").ok());
  EXPECT_EQ(store.size(), 1u);
  EXPECT_EQ(store.bytes(), 2);
}

TEST(BlockStoreTest, ReaderKeepsDataAfterRemove) {
  BlockStore store;
  store.Put("a", "b1", "payload", 1);
  auto block = store.Get("b1");
  store.Remove({"b1"});
  ASSERT_TRUE(block.ok());
  EXPECT_EQ(*block->data, "payload");
}

TEST(BlockStoreTest, RemoveAppDropsOnlyThatApplication) {
  BlockStore store;
  store.Put("a", "a1", "x", 1);
  store.Put("a", "a2", "x", 1);
  store.Put("b", "b1", "yy", 1);
  store.RemoveApp("a");
  EXPECT_EQ(store.size(), 1u);
  EXPECT_TRUE(store.Get("b1").ok());
  EXPECT_EQ(store.bytes(), 2);
}

TEST(BlockStoreTest, ABlockOfAnEndedApplicationIsNotKept) {
  BlockStore store;
  store.Put("a", "a1", "x", 1);
  store.RemoveApp("a");
  store.Put("a", "a2", "late copy", 1);
  store.Put("b", "b1", "yy", 1);
  EXPECT_FALSE(store.Get("a2").ok());
  EXPECT_EQ(store.size(), 1u);
  EXPECT_EQ(store.bytes(), 2);
}

TEST(BlockStoreTest, PutReplacesABlockOfTheSameId) {
  BlockStore store;
  store.Put("a", "b1", "old", 1);
  store.Put("a", "b1", "newer", 2);
  EXPECT_EQ(*store.Get("b1")->data, "newer");
  EXPECT_EQ(store.bytes(), 5);
  EXPECT_EQ(store.size(), 1u);
}

}  // namespace
}  // namespace sluice
