// Membership on a control loop: it retries registering as often as the setting says while its master is not there;
// against a stand-in master it registers, heartbeats at the interval, and registers again when the master has
// forgotten the worker; a loop that is kept busy with other work is not held up by it.
#include "worker/membership.h"

#include <grpcpp/grpcpp.h>

#include <atomic>
#include <chrono>
#include <future>
#include <memory>
#include <thread>
#include <vector>

#include "common/mutex.h"
#include "common/testing/loopback_server.h"
#include "rpc/grpc_master_client.h"
#include "common/tsan.h"
#include "gtest/gtest.h"
#include "proto/sluice.grpc.pb.h"
#include "worker/testing/dead_port.h"
#include "worker/testing/eventually.h"

namespace sluice {
namespace {

using ::sluice::testing::DeadPort;
using ::sluice::testing::Eventually;

// A worker whose master is not there keeps trying to register, every worker.register_retry_ms.
TEST(MembershipTest, RetriesRegistrationAsOftenAsTheSettingSays) {
  DeadPort no_master;
  Config config;
  config.register_retry_ms = 20;
  GrpcMasterClient client(no_master.address(), config);
  EventLoop loop("test-control");
  Membership membership(&client, config, &loop, [] { return 0; });
  loop.Start();
  membership.Start({"w1", "127.0.0.1:1", 1});
  // 20 attempts take about 0.4 s; at the default of one a second they would take longer than Eventually waits.
  EXPECT_TRUE(Eventually([&] { return membership.registration_attempts() >= 20; }))
      << membership.registration_attempts() << " attempts";
  EXPECT_FALSE(membership.registered());
  client.Shutdown();  // as the worker does: the calls end first, then the loop
  loop.Stop();
}

// Answers RegisterWorker and Heartbeat; forgets the worker when told to (its next heartbeat is asked to register
// again), as a master that declared it dead or restarted does.
class StandInMaster final : public proto::MasterService::Service {
 public:
  ~StandInMaster() override { TakeBackFromGrpc(this); }  // the server, which goes first, has ended every handler

  grpc::Status RegisterWorker(grpc::ServerContext*, const proto::RegisterWorkerRequest* request,
                              proto::RegisterWorkerReply* reply) override {
    const GrpcHandlerScope handler(this);
    if (request->worker_id() == "worker-test") ++registrations_;
    known_ = true;
    reply->set_heartbeat_interval_ms(0);  // the worker's own setting
    AddPeers(reply->mutable_peers(), "registered");
    return grpc::Status::OK;
  }
  grpc::Status Heartbeat(grpc::ServerContext*, const proto::HeartbeatRequest* request,
                         proto::HeartbeatReply* reply) override {
    const GrpcHandlerScope handler(this);
    if (request->worker_id() == "worker-test") ++heartbeats_;
    reply->set_reregister(!known_.load());
    AddPeers(reply->mutable_peers(), "heartbeat");
    return grpc::Status::OK;
  }

  // The worker itself and one other, whose address says which answer it came with.
  static void AddPeers(google::protobuf::RepeatedPtrField<proto::WorkerPeer>* peers, const std::string& answer) {
    proto::WorkerPeer* self = peers->Add();
    self->set_worker_id("worker-test");
    self->set_address("127.0.0.1:1");
    proto::WorkerPeer* other = peers->Add();
    other->set_worker_id("worker-other");
    other->set_address(answer + ":2");
  }

  void Forget() { known_ = false; }
  int registrations() const { return registrations_.load(); }
  int heartbeats() const { return heartbeats_.load(); }

 private:
  std::atomic<bool> known_{false};
  std::atomic<int> registrations_{0};
  std::atomic<int> heartbeats_{0};
};

Config FastHeartbeats() {
  Config config;
  config.heartbeat_interval_ms = 50;
  config.rpc_timeout_ms = 5000;
  return config;
}

class MembershipWithMasterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(server_.started());
    client_ = std::make_unique<GrpcMasterClient>(server_.address(), config_);
    membership_ = std::make_unique<Membership>(client_.get(), config_, &loop_, [] { return 0; },
                                               [this](std::vector<WorkerPeer> peers) {
                                                 MutexLock lock(&peers_mu_);
                                                 peers_seen_.push_back(std::move(peers));
                                               });
    loop_.Start();
  }
  void TearDown() override {
    client_->Shutdown();  // as the worker does: the calls end first, then the loop
    loop_.Stop();
  }

  void Start() { membership_->Start(WorkerRegistration{"worker-test", "127.0.0.1:1", 1}); }

  const Config config_ = FastHeartbeats();
  StandInMaster master_;
  ::sluice::testing::LoopbackServer server_{&master_};
  EventLoop loop_{"test-control"};
  std::unique_ptr<GrpcMasterClient> client_;
  std::unique_ptr<Membership> membership_;
  Mutex peers_mu_;  // written on the loop, read by the test
  std::vector<std::vector<WorkerPeer>> peers_seen_ ABSL_GUARDED_BY(peers_mu_);
};

// The block replicator's peers come with every answer: from the registration at once, then from each heartbeat.
TEST_F(MembershipWithMasterTest, HandsOnTheLiveWorkersOfEveryAnswer) {
  Start();
  ASSERT_TRUE(Eventually([&] {
    MutexLock lock(&peers_mu_);
    return peers_seen_.size() >= 2;
  }));
  MutexLock lock(&peers_mu_);
  std::vector<WorkerPeer> expected = {{"worker-test", "127.0.0.1:1"}, {"worker-other", "registered:2"}};
  EXPECT_EQ(peers_seen_[0], expected) << "the registration's";
  expected[1].address = "heartbeat:2";
  EXPECT_EQ(peers_seen_[1], expected) << "a heartbeat's";
}

TEST_F(MembershipWithMasterTest, RegistersThenHeartbeatsEveryInterval) {
  auto started = std::chrono::steady_clock::now();
  Start();
  ASSERT_TRUE(Eventually([&] { return membership_->registered(); }));
  EXPECT_EQ(membership_->registration_attempts(), 0);
  ASSERT_TRUE(Eventually([&] { return master_.heartbeats() >= 3; }));
  // Three heartbeats, each an interval after the previous reply.
  EXPECT_GE(std::chrono::steady_clock::now() - started, std::chrono::milliseconds(3 * 50));
  EXPECT_EQ(master_.registrations(), 1);
}

TEST_F(MembershipWithMasterTest, RegistersAgainWhenTheMasterHasForgottenTheWorker) {
  Start();
  ASSERT_TRUE(Eventually([&] { return master_.registrations() == 1 && master_.heartbeats() >= 1; }));
  master_.Forget();
  EXPECT_TRUE(Eventually([&] { return master_.registrations() == 2; }));
  EXPECT_TRUE(Eventually([&] { return membership_->registered(); }));
  int heartbeats = master_.heartbeats();
  EXPECT_TRUE(Eventually([&] { return master_.heartbeats() > heartbeats; })) << "heartbeats go on after it";
}

// The calls to the master are asynchronous: the loop runs other work while one is in flight, and heartbeats
// keep coming while the loop is busy with short tasks.
TEST_F(MembershipWithMasterTest, HeartbeatsShareTheLoopWithOtherWork) {
  Start();
  ASSERT_TRUE(Eventually([&] { return membership_->registered(); }));
  std::atomic<int> other_work{0};
  auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(500);
  int heartbeats = master_.heartbeats();
  while (std::chrono::steady_clock::now() < deadline) {
    loop_.Post([&] { ++other_work; });
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  std::promise<void> drained;
  loop_.Post([&] { drained.set_value(); });
  drained.get_future().wait();
  EXPECT_GT(other_work.load(), 100);
  EXPECT_GE(master_.heartbeats() - heartbeats, 3);
}

TEST_F(MembershipWithMasterTest, StopsOnceTheMasterClientIsShutDown) {
  Start();
  ASSERT_TRUE(Eventually([&] { return master_.heartbeats() >= 1; }));
  client_->Shutdown();  // returns once the call in flight, if any, has ended
  int heartbeats = master_.heartbeats();
  std::this_thread::sleep_for(std::chrono::milliseconds(300));  // six intervals in which nothing may reach it
  EXPECT_EQ(master_.heartbeats(), heartbeats);
}

}  // namespace
}  // namespace sluice
