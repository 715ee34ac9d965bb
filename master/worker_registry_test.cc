#include "master/worker_registry.h"

#include "gtest/gtest.h"

namespace sluice {
namespace {

using Clock = WorkerRegistry::Clock;

TEST(WorkerRegistryTest, SlotsAndLeastLoaded) {
  WorkerRegistry registry;
  auto now = Clock::now();
  registry.Register("a", "h:1", 1, now, 0);
  registry.Register("b", "h:2", 2, now, 0);
  EXPECT_EQ(registry.TotalCores(), 3);
  EXPECT_EQ(registry.LeastLoaded(), "b");
  EXPECT_TRUE(registry.Acquire("b"));
  EXPECT_TRUE(registry.Acquire("a"));
  EXPECT_FALSE(registry.Acquire("a"));
  EXPECT_EQ(registry.LeastLoaded(), "b");
  EXPECT_TRUE(registry.Acquire("b"));
  EXPECT_EQ(registry.LeastLoaded(), std::nullopt);
  registry.Release("a");
  EXPECT_EQ(registry.LeastLoaded(), "a");
  EXPECT_TRUE(registry.HasFreeSlot("a"));
  EXPECT_FALSE(registry.HasFreeSlot("b"));
  EXPECT_FALSE(registry.HasFreeSlot("gone"));
}

TEST(WorkerRegistryTest, SilentWorkersExpireAndMustRegisterAgain) {
  WorkerRegistry registry;
  auto start = Clock::now();
  registry.Register("a", "h:1", 1, start, 0);
  registry.Register("b", "h:2", 1, start, 0);
  EXPECT_TRUE(registry.Heartbeat("b", start + std::chrono::seconds(3), 0));
  auto expired = registry.ExpireSilent(start + std::chrono::seconds(5), std::chrono::seconds(4));
  ASSERT_EQ(expired.size(), 1u);
  EXPECT_EQ(expired[0].id, "a");
  EXPECT_FALSE(registry.IsAlive("a"));
  EXPECT_FALSE(registry.Heartbeat("a", start, 0));
  EXPECT_TRUE(registry.IsAlive("b"));
}

TEST(WorkerRegistryTest, AnUnreachableWorkerGetsNoSlotsUntilItIsHeardFromAgain) {
  WorkerRegistry registry;
  auto now = Clock::now();
  registry.Register("a", "h:1", 2, now, 0);
  registry.Register("b", "h:2", 1, now, 0);
  registry.MarkUnreachable("a");
  EXPECT_EQ(registry.LeastLoaded(), "b");
  EXPECT_FALSE(registry.Acquire("a"));
  EXPECT_TRUE(registry.Acquire("b"));
  EXPECT_EQ(registry.LeastLoaded(), std::nullopt);
  EXPECT_TRUE(registry.IsAlive("a")) << "only missing heartbeats make a worker lost";
  EXPECT_TRUE(registry.Heartbeat("a", now, 0));
  EXPECT_EQ(registry.LeastLoaded(), "a");
  EXPECT_TRUE(registry.Acquire("a"));
}

TEST(WorkerRegistryTest, ARegistrationRepeatedIsAHeartbeatThatKeepsTheSlotsInUse) {
  WorkerRegistry registry;
  auto start = Clock::now();
  registry.Register("a", "h:1", 2, start, 0);
  ASSERT_TRUE(registry.Acquire("a"));
  registry.MarkUnreachable("a");
  registry.Register("a", "h:1", 2, start + std::chrono::seconds(3), 3000);
  EXPECT_EQ(registry.Find("a")->used_slots, 1);
  EXPECT_EQ(registry.Find("a")->last_heartbeat_wall_ms, 3000);
  EXPECT_TRUE(registry.HasFreeSlot("a")) << "it was heard from";
  EXPECT_TRUE(registry.Acquire("a"));
  EXPECT_FALSE(registry.Acquire("a"));
  EXPECT_TRUE(registry.ExpireSilent(start + std::chrono::seconds(5), std::chrono::seconds(4)).empty());
}

}  // namespace
}  // namespace sluice
