#include "worker/receiver/custom_receiver_runner.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <numeric>
#include <stdexcept>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "common/codec.h"
#include "common/mutex.h"
#include "driver/api/receiver.h"
#include "worker/receiver/block_generator.h"
#include "worker/testing/block_collector.h"
#include "worker/testing/eventually.h"

namespace sluice {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::StartsWith;
using Clock = std::chrono::steady_clock;

using ::sluice::testing::Eventually;

std::vector<int> Range(int first, int last) {
  std::vector<int> values(last - first + 1);
  std::iota(values.begin(), values.end(), first);
  return values;
}

// The lifecycle calls a receiver got, in order, with when they came.
class Journal {
 public:
  void Add(const std::string& call) {
    MutexLock lock(&mu_);
    calls_.push_back(call);
    times_.push_back(Clock::now());
  }
  std::vector<std::string> calls() const {
    MutexLock lock(&mu_);
    return calls_;
  }
  Clock::time_point time(size_t i) const {
    MutexLock lock(&mu_);
    return times_.at(i);
  }

 private:
  mutable Mutex mu_;  // the runner's and the receiver's threads call while the test reads
  std::vector<std::string> calls_ ABSL_GUARDED_BY(mu_);
  std::vector<Clock::time_point> times_ ABSL_GUARDED_BY(mu_);
};

// A receiver whose onStart runs `script` on a thread of its own (numbering the starts from 0) and whose onStop
// joins it; the first `failing_starts` onStarts throw instead, and onStop throws if told to.
class ScriptedReceiver final : public Receiver<int> {
 public:
  using Script = std::function<void(ScriptedReceiver& self, int run)>;

  ScriptedReceiver(Script script, std::shared_ptr<Journal> journal, int failing_starts = 0, bool throwing_stop = false)
      : script_(std::move(script)),
        journal_(std::move(journal)),
        failing_starts_(failing_starts),
        throwing_stop_(throwing_stop) {}
  ~ScriptedReceiver() override {
    if (thread_.joinable()) thread_.join();
  }

  void onStart() override {
    int run = runs_++;
    journal_->Add("onStart");
    if (run < failing_starts_) throw std::runtime_error("boom");
    thread_ = std::thread([this, run] { script_(*this, run); });
  }
  void onStop() override {
    journal_->Add("onStop");
    if (thread_.joinable()) thread_.join();
    if (throwing_stop_) throw std::runtime_error("stuck");
  }

 private:
  Script script_;
  std::shared_ptr<Journal> journal_;
  const int failing_starts_;
  const bool throwing_stop_;
  int runs_ = 0;
  std::thread thread_;
};

struct Event {
  std::string kind;
  std::string message;
};

// Stands in for the worker's listener, which reports each event to the master.
class FakeListener final : public CustomReceiverListener {
 public:
  void OnReceiverStarted(const std::string& message) override { Add("started", message); }
  void OnReceiverError(const std::string& message) override { Add("error", message); }
  void OnReceiverFailed(const std::string& message) override { Add("failed", message); }
  void OnReceiverStopped(const std::string& message) override { Add("stopped", message); }

  std::vector<Event> events() const {
    MutexLock lock(&mu_);
    return events_;
  }
  bool Has(const std::string& kind, const std::string& message) const {
    for (const Event& event : events()) {
      if (event.kind == kind && event.message.find(message) != std::string::npos) return true;
    }
    return false;
  }

 private:
  void Add(const std::string& kind, const std::string& message) {
    MutexLock lock(&mu_);
    events_.push_back({kind, message});
  }

  mutable Mutex mu_;  // the runner's and the receiver's threads report while the test reads
  std::vector<Event> events_ ABSL_GUARDED_BY(mu_);
};

using ::sluice::testing::BlockCollector;

class CustomReceiverRunnerTest : public ::testing::Test {
 protected:
  static constexpr int32_t kNode = 7;

  void Start(ScriptedReceiver::Script script, Duration restart_delay = Milliseconds(50), int failing_starts = 0,
             bool throwing_stop = false) {
    generator_.Start();
    auto receiver = std::make_unique<ScriptedReceiver>(std::move(script), journal_, failing_starts, throwing_stop);
    runner_ =
        std::make_unique<CustomReceiverRunner>(std::move(receiver), CustomReceiverOptions{kNode, "w1", restart_delay},
                                               &generator_, collector_.Sink(), &listener_);
    runner_->Start();
  }
  // What the worker does when the application stops.
  void StopAll() {
    runner_->Stop();
    generator_.StopAndFlush();
  }

  BlockCollector collector_;
  FakeListener listener_;
  std::shared_ptr<Journal> journal_ = std::make_shared<Journal>();
  BlockGenerator generator_{kNode, "w1", Milliseconds(20), collector_.Sink()};
  std::unique_ptr<CustomReceiverRunner> runner_;
};

TEST_F(CustomReceiverRunnerTest, SingleRecordsReachBlocksInOrder) {
  Start([](ScriptedReceiver& self, int) {
    for (int i = 1; i <= 500; ++i) self.store(i);
  });
  ASSERT_TRUE(Eventually([&] { return collector_.Records<int>().size() == 500; }));
  EXPECT_EQ(collector_.Records<int>(), Range(1, 500));
  for (const ReceivedBlock& block : collector_.blocks()) {
    EXPECT_THAT(block.block_id, StartsWith("input-7-w1-")) << "cut by the generator";
    EXPECT_EQ(block.source_node, kNode);
  }
  EXPECT_TRUE(Eventually([&] { return listener_.Has("started", "Started receiver"); }));
  StopAll();
  EXPECT_THAT(journal_->calls(), ElementsAre("onStart", "onStop"));
}

TEST_F(CustomReceiverRunnerTest, AVectorIsOneBlockStoredBeforeStoreReturns) {
  std::atomic<size_t> blocks_when_store_returned{0};
  Start([&](ScriptedReceiver& self, int) {
    self.store(std::vector<int>{1, 2, 3});
    blocks_when_store_returned = collector_.blocks().size();
    self.store(std::vector<int>{});  // stores nothing
  });
  ASSERT_TRUE(Eventually([&] { return blocks_when_store_returned.load() > 0; }));
  StopAll();
  ASSERT_EQ(collector_.blocks().size(), 1u);
  ReceivedBlock block = collector_.blocks()[0];
  EXPECT_EQ(block.block_id, "input-7-w1-s0");
  EXPECT_EQ(block.records, 3);
  EXPECT_EQ(collector_.Records<int>(), (std::vector<int>{1, 2, 3}));
}

TEST_F(CustomReceiverRunnerTest, RestartCallsOnStopThenOnStartAfterTheDelayAndKeepsTheRecords) {
  const Duration delay = Milliseconds(300);
  std::atomic<bool> stopped_right_after_restart{false};
  Start(
      [&](ScriptedReceiver& self, int run) {
        if (run == 0) {
          for (int i = 1; i <= 10; ++i) self.store(i);
          self.restart("source went away");
          stopped_right_after_restart = self.isStopped();
          return;
        }
        for (int i = 11; i <= 20; ++i) self.store(i);
      },
      delay);
  ASSERT_TRUE(Eventually([&] { return collector_.Records<int>().size() == 20; }));
  EXPECT_EQ(collector_.Records<int>(), Range(1, 20));
  EXPECT_TRUE(stopped_right_after_restart) << "isStopped() holds from restart() on";
  ASSERT_THAT(journal_->calls(), ElementsAre("onStart", "onStop", "onStart"));
  EXPECT_GE(journal_->time(2) - journal_->time(1), std::chrono::milliseconds(delay.milliseconds()));
  EXPECT_TRUE(listener_.Has("error", "Restarting receiver with delay 300 ms: source went away"));
  EXPECT_TRUE(Eventually([&] { return listener_.Has("started", "Restarted receiver"); }));
  EXPECT_EQ(runner_->starts(), 2);
  EXPECT_TRUE(runner_->IsStarted());
  StopAll();
  EXPECT_THAT(journal_->calls(), ElementsAre("onStart", "onStop", "onStart", "onStop"));
}

TEST_F(CustomReceiverRunnerTest, ReportErrorReachesTheListenerAndReceivingGoesOn) {
  Start([](ScriptedReceiver& self, int) {
    self.reportError("disk almost full");
    self.store(42);
  });
  ASSERT_TRUE(Eventually([&] { return collector_.Records<int>().size() == 1; }));
  EXPECT_TRUE(listener_.Has("error", "disk almost full"));
  EXPECT_TRUE(runner_->IsStarted());
  EXPECT_THAT(journal_->calls(), ElementsAre("onStart")) << "an error does not stop the receiver";
  StopAll();
}

TEST_F(CustomReceiverRunnerTest, OnStartThrowingIsReportedAndTheReceiverRestarts) {
  Start([](ScriptedReceiver& self, int) { self.store(5); }, Milliseconds(50), /*failing_starts=*/1);
  ASSERT_TRUE(Eventually([&] { return collector_.Records<int>().size() == 1; }));
  EXPECT_TRUE(listener_.Has("error", "Error starting receiver: boom"));
  EXPECT_THAT(journal_->calls(), ElementsAre("onStart", "onStop", "onStart"));
  StopAll();
}

TEST_F(CustomReceiverRunnerTest, OnStopThrowingIsReported) {
  Start([](ScriptedReceiver&, int) {}, Milliseconds(50), /*failing_starts=*/0, /*throwing_stop=*/true);
  ASSERT_TRUE(Eventually([&] { return listener_.Has("started", "Started receiver"); }));
  StopAll();
  EXPECT_TRUE(listener_.Has("error", "Error stopping receiver: stuck"));
}

TEST_F(CustomReceiverRunnerTest, StoppingCallsOnStopAndKeepsEverythingStoredBefore) {
  std::atomic<int> stored{0};
  Start([&](ScriptedReceiver& self, int) {
    while (!self.isStopped()) {
      self.store(stored + 1);
      ++stored;
    }
  });
  ASSERT_TRUE(Eventually([&] { return stored.load() >= 1000; }));
  StopAll();
  EXPECT_THAT(journal_->calls(), ElementsAre("onStart", "onStop"));
  EXPECT_TRUE(runner_->IsStopped());
  EXPECT_EQ(collector_.Records<int>(), Range(1, stored.load()));
}

TEST_F(CustomReceiverRunnerTest, AReceiverStoppingItselfIsFlushedThenReported) {
  Start([](ScriptedReceiver& self, int) {
    for (int i = 1; i <= 5; ++i) self.store(i);
    self.stop("no more input");
  });
  ASSERT_TRUE(Eventually([&] { return listener_.Has("stopped", "Stopped receiver: no more input"); }));
  EXPECT_EQ(collector_.Records<int>(), Range(1, 5)) << "the records come before the stop";
  EXPECT_TRUE(runner_->IsStopped());
  StopAll();
  EXPECT_THAT(journal_->calls(), ElementsAre("onStart", "onStop")) << "stopped for good: no restart, one onStop";
}

TEST_F(CustomReceiverRunnerTest, StopInterruptsTheRestartDelay) {
  Start(
      [](ScriptedReceiver& self, int run) {
        if (run == 0) self.restart("later");
      },
      Seconds(600));
  ASSERT_TRUE(Eventually([&] { return journal_->calls().size() == 2; }));
  auto before = Clock::now();
  StopAll();
  EXPECT_LT(Clock::now() - before, std::chrono::seconds(60));
  EXPECT_THAT(journal_->calls(), ElementsAre("onStart", "onStop"));
}

TEST_F(CustomReceiverRunnerTest, BlocksStoredAfterStopAreDropped) {
  Start([](ScriptedReceiver&, int) {});
  StopAll();
  std::string encoded;
  EncodeRecord(1, &encoded);
  runner_->StoreBlock(encoded, 1);
  EXPECT_TRUE(collector_.blocks().empty());
}

TEST(DetachedReceiverTest, IsStoppedAndDropsWhatItStores) {
  auto journal = std::make_shared<Journal>();
  ScriptedReceiver receiver([](ScriptedReceiver&, int) {}, journal);
  EXPECT_TRUE(receiver.isStopped());
  EXPECT_FALSE(receiver.isStarted());
  receiver.store(1);
  receiver.store(std::vector<int>{1, 2});
  receiver.restart("nothing runs it");
  receiver.reportError("nobody listens");
}

}  // namespace
}  // namespace sluice
