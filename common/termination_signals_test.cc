#include "common/termination_signals.h"

#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <mutex>
#include <thread>
#include <utility>
#include <vector>

#include "gtest/gtest.h"

namespace sluice {
namespace {

// Each test makes its own object first, as main does; the signals are sent to this process and so stay pending
// until taken: a test that let one through would end the test binary.
TEST(TerminationSignalsTest, WaitReturnsTheSignalThatCame) {
  TerminationSignals signals;
  kill(getpid(), SIGTERM);
  EXPECT_EQ(signals.Wait(), SIGTERM);
  kill(getpid(), SIGINT);
  EXPECT_EQ(signals.Wait(), SIGINT);
}

TEST(TerminationSignalsTest, ThreadsStartedLaterDoNotTakeThem) {
  TerminationSignals signals;
  std::thread later([] { kill(getpid(), SIGTERM); });  // inherits the mask: the signal waits for Wait()
  later.join();
  EXPECT_EQ(signals.Wait(), SIGTERM);
}

TEST(TerminationSignalsTest, WatchCountsEachSignalOnItsOwnThreadUntilTheObjectGoes) {
  std::mutex mu;
  std::vector<std::pair<int, int>> seen;
  {
    TerminationSignals signals;
    signals.Watch([&](int count, int signal) {
      std::lock_guard<std::mutex> lock(mu);
      seen.emplace_back(count, signal);
    });
    kill(getpid(), SIGINT);
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (std::chrono::steady_clock::now() < deadline) {
      {
        std::lock_guard<std::mutex> lock(mu);
        if (seen.size() == 1) break;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    kill(getpid(), SIGTERM);
    while (std::chrono::steady_clock::now() < deadline) {
      {
        std::lock_guard<std::mutex> lock(mu);
        if (seen.size() == 2) break;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
  }  // joins the watcher
  EXPECT_EQ(seen, (std::vector<std::pair<int, int>>{{1, SIGINT}, {2, SIGTERM}}));
}

}  // namespace
}  // namespace sluice
