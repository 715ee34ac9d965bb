// Runs under --config=tsan too: there, a race on data the Mutex guards would fail the test, so these cases also
// check that TSAN sees the Mutex's locks and the CondVar's unlock and relock.
#include "common/mutex.h"

#include <chrono>
#include <thread>
#include <vector>

#include "gtest/gtest.h"

namespace sluice {
namespace {

class Counter {
 public:
  void Add() {
    MutexLock lock(&mu_);
    ++value_;
  }
  int value() {
    MutexLock lock(&mu_);
    return value_;
  }

 private:
  Mutex mu_;
  int value_ ABSL_GUARDED_BY(mu_) = 0;
};

TEST(MutexTest, ACounterUnderTheLockCountsEveryIncrementFromFourThreads) {
  constexpr int kThreads = 4;
  constexpr int kIncrements = 20000;
  Counter counter;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&counter] {
      for (int i = 0; i < kIncrements; ++i) counter.Add();
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(counter.value(), kThreads * kIncrements);
}

// A flag and a payload written by one thread under the lock and read by another after its wait.
class Mailbox {
 public:
  void Put(std::vector<int> payload) {
    MutexLock lock(&mu_);
    payload_ = std::move(payload);
    full_ = true;
    changed_.SignalAll();
  }
  std::vector<int> Take() {
    MutexLock lock(&mu_);
    while (!full_) changed_.Wait(&mu_);
    full_ = false;
    return std::move(payload_);
  }
  // False if nothing came within `timeout`.
  bool WaitFull(std::chrono::milliseconds timeout) {
    MutexLock lock(&mu_);
    auto deadline = std::chrono::steady_clock::now() + timeout;
    while (!full_) {
      if (changed_.WaitUntil(&mu_, deadline)) return full_;
    }
    return true;
  }

 private:
  Mutex mu_;
  CondVar changed_;
  bool full_ ABSL_GUARDED_BY(mu_) = false;
  std::vector<int> payload_ ABSL_GUARDED_BY(mu_);
};

TEST(MutexTest, AWaitIsWokenAndSeesWhatTheSignallerWrote) {
  Mailbox mailbox;
  std::vector<int> taken;
  std::thread taker([&] { taken = mailbox.Take(); });
  std::this_thread::sleep_for(std::chrono::milliseconds(20));  // usually parks the taker in its wait first
  mailbox.Put({1, 2, 3});
  taker.join();
  EXPECT_EQ(taken, (std::vector<int>{1, 2, 3}));
}

TEST(MutexTest, AWaitWithADeadlineIsWokenBeforeIt) {
  Mailbox mailbox;
  std::thread putter([&] { mailbox.Put({7}); });
  EXPECT_TRUE(mailbox.WaitFull(std::chrono::seconds(30)));
  putter.join();
  EXPECT_EQ(mailbox.Take(), std::vector<int>{7});
}

TEST(MutexTest, AWaitThatNobodyEndsTimesOut) {
  Mailbox mailbox;
  auto start = std::chrono::steady_clock::now();
  EXPECT_FALSE(mailbox.WaitFull(std::chrono::milliseconds(50)));
  EXPECT_GE(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(50));
}

TEST(MutexTest, WaitWithTimeoutSaysItTimedOut) {
  Mutex mu;
  CondVar never;
  MutexLock lock(&mu);
  bool timed_out = false;
  for (int wakeups = 0; wakeups < 100 && !timed_out; ++wakeups) {  // a wakeup may be spurious
    timed_out = never.WaitWithTimeout(&mu, absl::Milliseconds(10));
  }
  EXPECT_TRUE(timed_out);
}

}  // namespace
}  // namespace sluice
