// The registry of receivers as the control loop drives it: each receiver's requests run one at a time, in the
// order they came, while the loop itself never waits for them.
#include "worker/receiver_manager.h"

#include <future>
#include <memory>
#include <string>
#include <vector>

#include "driver/api/dstream.h"
#include "driver/api/receiver.h"
#include "gtest/gtest.h"
#include "rpc/testing/fake_block_replica_client.h"
#include "rpc/testing/fake_master_client.h"
#include "runtime/receiver_source_node.h"
#include "runtime/source_nodes.h"
#include "worker/testing/dead_port.h"
#include "worker/testing/eventually.h"

namespace sluice {
namespace {

using ::sluice::testing::DeadPort;
using ::sluice::testing::Eventually;

// Stores one block of two records as it starts.
class OneBlockReceiver final : public Receiver<std::string> {
 public:
  void onStart() override { store(std::vector<std::string>{"north", "south"}); }
  void onStop() override {}
};

// A graph whose node 0 is a receiverStream of OneBlockReceiver.
std::shared_ptr<const JobGraph> OneBlockGraph() {
  auto g = std::make_shared<GraphBuilder>(Seconds(1));
  NodeDescription source;
  source.kind = NodeKind::kReceiverSource;
  source.op = "receiverStream";
  g->Add(std::make_unique<ReceiverSourceNode<std::string>>(
      source, [] { return std::unique_ptr<Receiver<std::string>>(std::make_unique<OneBlockReceiver>()); }));
  DStream<std::string>(g, 0).pprint();
  return g->Build();
}

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
    catalog_.RegisterLocal("one-block", OneBlockGraph());
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
  // The block reported first, once there is one.
  std::optional<BlockRef> FirstReportedBlock() {
    if (!Eventually([&] { return !master_.blocks().empty(); })) return std::nullopt;
    return master_.blocks().front().second;
  }
  void StartOneBlockReceiver(int32_t replication = 0) {
    ReceiverSpec spec = Spec("app", "one-block");
    spec.replication = replication;
    std::promise<absl::Status> started;
    OnLoop([&] { manager_.StartReceiver(spec, [&](const absl::Status& status) { started.set_value(status); }); });
    ASSERT_TRUE(started.get_future().get().ok());
  }

  BlockStore blocks_;
  ::sluice::testing::FakeBlockReplicaClient replica_client_;
  BlockReplicator replicator_{"worker-test", &replica_client_};
  EventLoop control_{"test-control"};
  ReceiverManager manager_{"worker-test", config_, &catalog_, &blocks_, &replicator_, &master_, &control_};
};

// receiver.replication=2 (the default): a copy is stored on another worker before the block is reported, and the
// report names it.
TEST_F(ReceiverManagerTest, ABlockIsCopiedToAnotherWorkerBeforeItIsReported) {
  replicator_.SetPeers({{"worker-test", "self:1"}, {"w2", "peer:2"}});
  StartOneBlockReceiver();
  std::optional<BlockRef> reported = FirstReportedBlock();
  ASSERT_TRUE(reported.has_value());
  EXPECT_EQ(reported->replica_worker_ids, std::vector<std::string>{"w2"});
  EXPECT_EQ(reported->worker_id, "worker-test");
  EXPECT_EQ(reported->records, 2);

  std::vector<::sluice::testing::FakeBlockReplicaClient::Stored> copies = replica_client_.stored();
  ASSERT_EQ(copies.size(), 1u);
  EXPECT_EQ(copies[0].address, "peer:2");
  EXPECT_EQ(copies[0].replica.app_id, "app");
  EXPECT_EQ(copies[0].replica.block_id, reported->block_id);
  absl::StatusOr<StoredBlock> local = blocks_.Get(reported->block_id);
  ASSERT_TRUE(local.ok()) << local.status();
  EXPECT_EQ(copies[0].replica.data, *local->data) << "the copy is the block";
  EXPECT_EQ(copies[0].replica.records, 2);
}

TEST_F(ReceiverManagerTest, ReplicationOneKeepsABlockOnItsWorkerOnly) {
  replicator_.SetPeers({{"worker-test", "self:1"}, {"w2", "peer:2"}});
  StartOneBlockReceiver(/*replication=*/1);
  std::optional<BlockRef> reported = FirstReportedBlock();
  ASSERT_TRUE(reported.has_value());
  EXPECT_TRUE(reported->replica_worker_ids.empty());
  EXPECT_TRUE(replica_client_.attempts().empty());
}

// A block short of copies is reported all the same (it is not lost yet), and the application hears of it.
TEST_F(ReceiverManagerTest, ABlockThatCouldNotBeCopiedIsReportedAndTheShortfallSaid) {
  replicator_.SetPeers({{"worker-test", "self:1"}, {"w2", "peer:2"}});
  replica_client_.MakeUnreachable("peer:2");
  StartOneBlockReceiver();
  std::optional<BlockRef> reported = FirstReportedBlock();
  ASSERT_TRUE(reported.has_value());
  EXPECT_TRUE(reported->replica_worker_ids.empty());
  ASSERT_TRUE(Eventually([&] {
    for (const ReceiverEvent& event : master_.receiver_events()) {
      if (event.kind == ReceiverEventKind::kError &&
          event.message.find("block " + reported->block_id + " is kept on 1 of the 2 workers") != std::string::npos &&
          event.message.find("connection refused by peer:2") != std::string::npos) {
        return true;
      }
    }
    return false;
  }));
}

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
