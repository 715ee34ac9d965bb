// A driver that is gone (no poll for app.driver_timeout_ms) has its application ended by the master: no zombie
// application holding slots and a receiver (with the only connection of a `nc -lk` source). A driver that polls,
// or whose poll is parked, keeps it.
#include <chrono>
#include <string>
#include <thread>

#include "gtest/gtest.h"
#include "master/testing/master_test_env.h"

namespace sluice {
namespace {

using std::chrono::milliseconds;

Config ShortDriverTimeout() {
  Config config;
  config.heartbeat_interval_ms = 50;
  config.driver_timeout_ms = 400;
  return config;
}

class MasterDriverTimeoutTest : public testing::MasterTestEnv {
 protected:
  MasterDriverTimeoutTest() : MasterTestEnv(ShortDriverTimeout()) {}

  void SetUp() override {
    MasterTestEnv::SetUp();
    OnLoop([&] { master_->Start(); });
  }
  TaskReport RunTask(const TaskSpec& task) override { return SucceededReport(task, "", 0); }

  std::string SubmitReceiverApp() {
    Submission spec;
    spec.name = "zombie";
    spec.library_hash = "local-test";
    spec.graph.batch_ms = 200;
    spec.graph.nodes.push_back(
        {0, NodeKind::kReceiverSource, "socketTextStream", {}, {{"host", "h"}, {"port", "1"}}, 0, ""});
    spec.graph.nodes.push_back({1, NodeKind::kOutput, "collectBatches", {0}, {}, 0, ""});
    auto submitted = OnLoop([&] { return master_->Submit(std::move(spec)); });
    EXPECT_TRUE(submitted.ok()) << submitted.status();
    return submitted.ok() ? submitted->app_id : "";
  }
  std::string StateOf(const std::string& app) {
    return OnLoop([&] {
      for (const auto& view : master_->View().applications) {
        if (view.id == app) return view.state;
      }
      return std::string("unknown");
    });
  }
  int UsedSlots() {
    return OnLoop([&] { return master_->View().workers.at(0).used_slots; });
  }
};

TEST_F(MasterDriverTimeoutTest, AnApplicationWhoseDriverStoppedPollingIsEndedAndItsSlotsFreed) {
  std::string app = SubmitReceiverApp();
  ASSERT_EQ(UsedSlots(), 1) << "the receiver holds a slot";
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (StateOf(app) != "FINISHED" && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(milliseconds(20));
  }
  ASSERT_EQ(StateOf(app), "FINISHED") << "the zombie application still runs";
  EXPECT_EQ(UsedSlots(), 0);
  std::vector<AppEvent> events = EventsSoFar(app);
  ASSERT_GE(events.size(), 2u);
  const AppEvent& error = events[events.size() - 2];
  EXPECT_EQ(error.kind, AppEvent::Kind::kError);
  EXPECT_NE(error.message.find("the driver has not polled for"), std::string::npos) << error.message;
  EXPECT_NE(error.message.find("app.driver_timeout_ms=400"), std::string::npos) << error.message;
}

TEST_F(MasterDriverTimeoutTest, AnApplicationWhoseDriverPollsRunsOn) {
  std::string app = SubmitReceiverApp();
  auto until = std::chrono::steady_clock::now() + milliseconds(1500);  // well past the timeout
  while (std::chrono::steady_clock::now() < until) {
    EventsSoFar(app);  // a poll, parked until an event or the next tick, as a driver's
    std::this_thread::sleep_for(milliseconds(100));
  }
  EXPECT_EQ(StateOf(app), "RUNNING");
  EXPECT_EQ(UsedSlots(), 1);
}

}  // namespace
}  // namespace sluice
