// The registry of receivers as the control loop drives it: each receiver's requests run one at a time, in the
// order they came, while the loop itself never waits for them.
#include "worker/receiver_manager.h"

#include <future>
#include <memory>
#include <string>
#include <vector>

#include "driver/api/dstream.h"
#include "gtest/gtest.h"
#include "rpc/testing/fake_master_client.h"
#include "runtime/source_nodes.h"
#include "worker/testing/dead_port.h"

namespace sluice {
namespace {

using ::sluice::testing::DeadPort;

// A graph whose node 0 is a socketTextStream reading from `port`.
std::shared_ptr<const JobGraph> SocketGraph(int port) {
  auto g = std::make_shared<GraphBuilder>(Seconds(1));
  NodeDescription source;
  source.kind = NodeKind::kReceiverSource;
  source.op = "socketTextStream";
  source.params = {{"host", "127.0.0.1"}, {"port", std::to_string(port)}};
  g->Add(std::make_unique<TextSourceNode>(source));
  DStream<std::string>(g, 0).pprint();
  return g->Build();
}

Config TestConfig() {
  Config config;
  config.receiver_restart_delay_ms = 50;
  config.receiver_max_initial_connect_attempts = 1000000;  // the source is never there: the receiver keeps trying
  return config;
}

class ReceiverManagerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    catalog_.RegisterLocal("local", SocketGraph(source_.port()));
    manager_.Start();
    control_.Start();
  }
  void TearDown() override {
    control_.Stop();
    manager_.StopAll();
  }

  static ReceiverSpec Spec(const std::string& app_id, const std::string& library_hash = "local") {
    ReceiverSpec spec;
    spec.app_id = app_id;
    spec.source_node = 0;
    spec.library_hash = library_hash;
    return spec;
  }

  // Runs `call` on the control loop, as the service does, and waits for it to return.
  template <class Call>
  void OnLoop(Call call) {
    std::promise<void> ran;
    control_.Post([&] {
      call();
      ran.set_value();
    });
    ran.get_future().wait();
  }
  size_t Size() {
    size_t size = 0;
    OnLoop([&] { size = manager_.size(); });
    return size;
  }

  DeadPort source_;
  const Config config_ = TestConfig();
  ::sluice::testing::FakeMasterClient master_;  // reports are recorded, and never wait
  JobCatalog catalog_{::testing::TempDir(),
                      [](const std::string& hash) -> absl::StatusOr<JobLibrary> {
                        return absl::NotFoundError("no library " + hash + " in this test");
                      }};
  BlockStore blocks_;
  EventLoop control_{"test-control"};
  ReceiverManager manager_{"worker-test", config_, &catalog_, &blocks_, &master_, &control_};
};

TEST_F(ReceiverManagerTest, StartingTwiceRunsOneReceiverAndAStopEndsIt) {
  std::promise<absl::Status> first, second;
  OnLoop([&] {
    manager_.StartReceiver(Spec("app"), [&](const absl::Status& status) { first.set_value(status); });
    manager_.StartReceiver(Spec("app"), [&](const absl::Status& status) { second.set_value(status); });
  });
  EXPECT_TRUE(first.get_future().get().ok());
  EXPECT_TRUE(second.get_future().get().ok());
  EXPECT_EQ(Size(), 1u);

  std::promise<void> stopped;
  OnLoop([&] { manager_.StopReceivers("app", [&] { stopped.set_value(); }); });
  stopped.get_future().wait();
  EXPECT_EQ(Size(), 0u);
  int stops = 0;
  for (const ReceiverEvent& event : master_.receiver_events()) {
    if (event.kind != ReceiverEventKind::kStopped) continue;
    ++stops;
    EXPECT_EQ(event.app_id, "app");
    EXPECT_EQ(event.worker_id, "worker-test");
  }
  EXPECT_EQ(stops, 1) << "the one receiver's stop is reported once";
}

TEST_F(ReceiverManagerTest, AReceiversRequestsRunInTheOrderTheyCame) {
  std::vector<std::string> order;  // appended on the loop only
  std::promise<void> all_done;
  OnLoop([&] {
    manager_.StartReceiver(Spec("app"), [&](const absl::Status& status) {
      EXPECT_TRUE(status.ok()) << status;
      order.push_back("started");
    });
    manager_.StopReceivers("app", [&] { order.push_back("stopped"); });
    manager_.StartReceiver(Spec("app"), [&](const absl::Status& status) {
      EXPECT_TRUE(status.ok()) << status;
      order.push_back("started again");
      all_done.set_value();
    });
  });
  all_done.get_future().wait();
  EXPECT_EQ(order, (std::vector<std::string>{"started", "stopped", "started again"}));
  EXPECT_EQ(Size(), 1u) << "the last request started the receiver again";
}

TEST_F(ReceiverManagerTest, ACallbackMayMakeTheNextRequest) {
  std::promise<void> stopped;
  OnLoop([&] {
    manager_.StartReceiver(Spec("app"), [&](const absl::Status&) {
      manager_.StartReceiver(Spec("app"), [&](const absl::Status&) {  // it runs already: nothing to do
        manager_.StopReceivers("app", [&] { stopped.set_value(); });
      });
    });
  });
  stopped.get_future().wait();
  EXPECT_EQ(Size(), 0u);
}

TEST_F(ReceiverManagerTest, DiscardingEndsTheApplicationsReceiversOnly) {
  std::promise<void> both_started;
  int started = 0;
  OnLoop([&] {
    for (const char* app : {"ended", "other"}) {
      manager_.StartReceiver(Spec(app), [&](const absl::Status& status) {
        EXPECT_TRUE(status.ok()) << status;
        if (++started == 2) both_started.set_value();
      });
    }
  });
  both_started.get_future().wait();
  std::promise<void> discarded;
  OnLoop([&] { manager_.DiscardReceivers("ended", [&] { discarded.set_value(); }); });
  discarded.get_future().wait();
  EXPECT_EQ(Size(), 1u);
}

TEST_F(ReceiverManagerTest, AStartThatFailsSaysWhyAndLeavesNothing) {
  std::promise<absl::Status> failed;
  OnLoop([&] { manager_.StartReceiver(Spec("app", "unknown"), [&](const absl::Status& s) { failed.set_value(s); }); });
  absl::Status status = failed.get_future().get();
  EXPECT_EQ(status.code(), absl::StatusCode::kNotFound) << status;
  EXPECT_NE(status.message().find("no library unknown"), absl::string_view::npos) << status;
  EXPECT_EQ(Size(), 0u);
}

TEST_F(ReceiverManagerTest, StoppingAnApplicationWithoutReceiversIsDoneAtOnce) {
  bool stopped = false;
  OnLoop([&] { manager_.StopReceivers("none", [&] { stopped = true; }); });
  EXPECT_TRUE(stopped);
}

// Shutdown while a start is on receiver-ops: the loop stops first, then StopAll ends what is left; every thread
// is joined (the test would hang or TSAN would report otherwise).
TEST_F(ReceiverManagerTest, ShutdownEndsAReceiverThatIsStillStarting) {
  OnLoop([&] { manager_.StartReceiver(Spec("app"), [](const absl::Status&) {}); });
  control_.Stop();
  manager_.StopAll();
  manager_.StopAll();  // idempotent
}

}  // namespace
}  // namespace sluice
