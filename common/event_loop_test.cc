#include "common/event_loop.h"

#include <atomic>
#include <future>
#include <vector>

#include "gtest/gtest.h"

namespace sluice {
namespace {

TEST(EventLoopTest, RunsPostedTasksInOrderOnItsThread) {
  EventLoop loop("test-loop");
  loop.Start();
  std::vector<int> order;
  std::promise<void> done;
  for (int i = 0; i < 100; ++i) loop.Post([&order, i] { order.push_back(i); });
  loop.Post([&] {
    EXPECT_TRUE(loop.InLoopThread());
    done.set_value();
  });
  done.get_future().wait();
  ASSERT_EQ(order.size(), 100u);
  for (int i = 0; i < 100; ++i) EXPECT_EQ(order[i], i);
  EXPECT_FALSE(loop.InLoopThread());
}

TEST(EventLoopTest, TimersFireByDueTime) {
  EventLoop loop("timer-loop");
  loop.Start();
  std::vector<int> order;
  std::promise<void> done;
  // Both timers are posted from the loop thread with due times from one clock reading, so however slow the machine,
  // the loop cannot run either before both are queued, and the later-posted one is due first.
  loop.Post([&] {
    const EventLoop::Clock::time_point now = EventLoop::Clock::now();
    loop.PostAt(now + std::chrono::milliseconds(60), [&] {
      order.push_back(2);
      done.set_value();
    });
    loop.PostAt(now + std::chrono::milliseconds(20), [&] { order.push_back(1); });
  });
  done.get_future().wait();
  EXPECT_EQ(order, (std::vector<int>{1, 2}));
}

TEST(EventLoopTest, StopIsPromptAndIdempotentAndDropsFutureTimers) {
  EventLoop loop("stop-loop");
  loop.Start();
  std::atomic<bool> fired{false};
  loop.PostAfter(std::chrono::hours(1), [&] { fired = true; });
  auto start = EventLoop::Clock::now();
  loop.Stop();
  loop.Stop();
  EXPECT_LT(EventLoop::Clock::now() - start, std::chrono::seconds(5));
  EXPECT_FALSE(fired);
  loop.Post([&] { fired = true; });  // dropped
  EXPECT_FALSE(fired);
}

TEST(EventLoopTest, StopWithoutStart) {
  EventLoop loop("never");
  loop.Stop();
}

}  // namespace
}  // namespace sluice
