#include "worker/keyed_state_store.h"

#include <atomic>
#include <chrono>
#include <optional>
#include <string>
#include <thread>

#include "gtest/gtest.h"

namespace sluice {
namespace {

using Table = MappedStateTable<std::string, int64_t>;

TEST(KeyedStateStoreTest, KeepsOneTablePerPartitionAcrossLeases) {
  KeyedStateStore store;
  {
    KeyedStateStore::Lease lease = store.Acquire("app", 3, 0);
    ASSERT_EQ(lease.table(), nullptr);
    lease.table() = std::make_unique<Table>(false);
    ASSERT_EQ(lease.table()->BeginBatch(1000, std::nullopt), "");
    static_cast<Table&>(*lease.table()).Put("a", 1, 1000);
  }
  {
    KeyedStateStore::Lease lease = store.Acquire("app", 3, 0);
    ASSERT_NE(lease.table(), nullptr);
    EXPECT_EQ(lease.table()->latest_ms(), 1000);
  }
  EXPECT_EQ(store.Acquire("app", 3, 1).table(), nullptr);
  EXPECT_EQ(store.KeysOf("app"), 1u);
}

TEST(KeyedStateStoreTest, RemoveAppDropsOnlyThatApplicationsTables) {
  KeyedStateStore store;
  for (const char* app : {"a", "b"}) {
    KeyedStateStore::Lease lease = store.Acquire(app, 1, 0);
    lease.table() = std::make_unique<Table>(false);
    ASSERT_EQ(lease.table()->BeginBatch(1000, std::nullopt), "");
    static_cast<Table&>(*lease.table()).Put("k", 1, 1000);
  }
  store.RemoveApp("a");
  EXPECT_EQ(store.KeysOf("a"), 0u);
  EXPECT_EQ(store.KeysOf("b"), 1u);
  EXPECT_EQ(store.Acquire("a", 1, 0).table(), nullptr);
}

TEST(KeyedStateStoreTest, ALeaseExcludesOtherUsersOfThePartition) {
  KeyedStateStore store;
  std::optional<KeyedStateStore::Lease> held(store.Acquire("app", 1, 0));
  std::atomic<bool> acquired{false};
  std::thread other([&] {
    KeyedStateStore::Lease lease = store.Acquire("app", 1, 0);
    acquired = true;
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  EXPECT_FALSE(acquired);
  held.reset();
  other.join();
  EXPECT_TRUE(acquired);
}

}  // namespace
}  // namespace sluice
