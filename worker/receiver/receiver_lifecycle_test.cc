#include "worker/receiver/receiver_lifecycle.h"

#include <pthread.h>
#include <unistd.h>

#include <atomic>
#include <memory>
#include <string>

#include "common/mutex.h"
#include "gtest/gtest.h"
#include "worker/testing/eventually.h"

namespace sluice {
namespace {

using ::sluice::testing::Eventually;

// A wait no test may sit out: a Stop that did not cut it short would hang the test until Bazel's timeout.
const Duration kForever = Milliseconds(3600 * 1000);

std::string CurrentThreadName() {
  char name[16] = {};
  pthread_getname_np(pthread_self(), name, sizeof(name));
  return name;
}

TEST(ReceiverLifecycleTest, RunsTheBodyOnceOnANamedThread) {
  std::atomic<int> runs{0};
  std::string thread_name;
  ReceiverLifecycle lifecycle("recv-lifecycle", "test receiver", nullptr);
  lifecycle.Start([&] {
    thread_name = CurrentThreadName();
    ++runs;
  });
  lifecycle.Start([&] { ++runs; });  // ignored: already started
  lifecycle.Stop();
  EXPECT_EQ(runs.load(), 1);
  EXPECT_EQ(thread_name, "recv-lifecycle");
}

TEST(ReceiverLifecycleTest, StartAfterStopRunsNothing) {
  std::atomic<int> runs{0};
  ReceiverLifecycle lifecycle("recv-lifecycle", "test receiver", nullptr);
  lifecycle.Stop();
  lifecycle.Start([&] { ++runs; });
  lifecycle.Stop();
  EXPECT_EQ(runs.load(), 0);
  EXPECT_TRUE(lifecycle.stopped());
}

TEST(ReceiverLifecycleTest, StopIsIdempotentAndRunsOnStopOnce) {
  int on_stop_calls = 0;
  {
    ReceiverLifecycle lifecycle("recv-lifecycle", "test receiver", [&] { ++on_stop_calls; });
    lifecycle.Start([&] { lifecycle.WaitForStop(); });
    lifecycle.Stop();
    lifecycle.Stop();
    EXPECT_EQ(on_stop_calls, 1);
  }  // the destructor stops again
  EXPECT_EQ(on_stop_calls, 1);
}

TEST(ReceiverLifecycleTest, StoppedOnlyOnceStopHasJoinedTheThread) {
  std::atomic<bool> body_saw_stopped{true};
  ReceiverLifecycle lifecycle("recv-lifecycle", "test receiver", nullptr);
  lifecycle.Start([&] {
    lifecycle.WaitForStop();
    body_saw_stopped = lifecycle.stopped();
  });
  EXPECT_FALSE(lifecycle.stopped());
  lifecycle.Stop();
  EXPECT_FALSE(body_saw_stopped.load());  // the stop was requested, but the thread was still there
  EXPECT_TRUE(lifecycle.stopped());
  EXPECT_TRUE(lifecycle.stop_requested());
}

TEST(ReceiverLifecycleTest, SleepEndsAfterTheDelayWithoutAStop) {
  std::atomic<bool> slept{false};
  ReceiverLifecycle lifecycle("recv-lifecycle", "test receiver", nullptr);
  lifecycle.Start([&] { slept = lifecycle.SleepUnlessStopped(Milliseconds(1)); });
  ASSERT_TRUE(Eventually([&] { return slept.load(); }));
  lifecycle.Stop();
}

TEST(ReceiverLifecycleTest, StopCutsTheRestartDelayShort) {
  std::atomic<bool> sleeping{false};
  std::atomic<bool> slept_to_the_end{true};
  ReceiverLifecycle lifecycle("recv-lifecycle", "test receiver", nullptr);
  lifecycle.Start([&] {
    sleeping = true;
    slept_to_the_end = lifecycle.SleepUnlessStopped(kForever);
  });
  ASSERT_TRUE(Eventually([&] { return sleeping.load(); }));
  lifecycle.Stop();
  EXPECT_FALSE(slept_to_the_end.load());
}

TEST(ReceiverLifecycleTest, OnStopUnblocksWhatTheThreadBlocksIn) {
  int pipe_fds[2];
  ASSERT_EQ(pipe(pipe_fds), 0);
  std::atomic<bool> read_returned{false};
  // As the socket receiver shuts its socket down: a read that nothing else would end.
  ReceiverLifecycle lifecycle("recv-lifecycle", "test receiver", [&] { close(pipe_fds[1]); });
  lifecycle.Start([&] {
    char byte;
    (void)read(pipe_fds[0], &byte, 1);
    read_returned = true;
  });
  lifecycle.Stop();
  EXPECT_TRUE(read_returned.load());
  close(pipe_fds[0]);
}

TEST(ReceiverLifecycleTest, AwaitReturnsTrueOnceTheOwnerMadeItReady) {
  ReceiverLifecycle lifecycle("recv-lifecycle", "test receiver", nullptr);
  bool ready = false;  // guarded by lifecycle.mu()
  std::atomic<int> outcome{-1};
  lifecycle.Start([&] {
    MutexLock lock(&lifecycle.mu());
    outcome = lifecycle.AwaitLocked([&] { return ready; }) ? 1 : 0;
  });
  {
    MutexLock lock(&lifecycle.mu());
    ready = true;
    lifecycle.NotifyLocked();
  }
  ASSERT_TRUE(Eventually([&] { return outcome.load() != -1; }));
  EXPECT_EQ(outcome.load(), 1);
  lifecycle.Stop();
}

TEST(ReceiverLifecycleTest, AwaitReturnsFalseOnStop) {
  ReceiverLifecycle lifecycle("recv-lifecycle", "test receiver", nullptr);
  std::atomic<bool> waiting{false};
  std::atomic<int> outcome{-1};
  lifecycle.Start([&] {
    MutexLock lock(&lifecycle.mu());
    waiting = true;
    outcome = lifecycle.AwaitLocked([] { return false; }) ? 1 : 0;
  });
  ASSERT_TRUE(Eventually([&] { return waiting.load(); }));
  lifecycle.Stop();
  EXPECT_EQ(outcome.load(), 0);
}

TEST(ReceiverLifecycleTest, OnStopRunsUnderTheLockTheOwnerChecksTheStopUnder) {
  // The owner tests "stopped?" and registers what the stop must undo in one step under mu(); on_stop then sees
  // every registration made before the stop, and none is made after it.
  int registered = 0;  // guarded by lifecycle.mu()
  int undone = -1;
  auto lifecycle = std::make_unique<ReceiverLifecycle>("recv-lifecycle", "test receiver", [&] { undone = registered; });
  std::atomic<int> attempts{0};
  lifecycle->Start([&] {
    while (true) {
      MutexLock lock(&lifecycle->mu());
      if (lifecycle->stop_requested()) return;
      ++registered;
      ++attempts;
    }
  });
  ASSERT_TRUE(Eventually([&] { return attempts.load() > 10; }));
  lifecycle->Stop();
  EXPECT_EQ(undone, registered);
}

}  // namespace
}  // namespace sluice
