// A worker that registers again with a master that restarted without its bookkeeping drops what it holds of the
// applications that master does not know (no orphan blocks, receivers or state), and keeps the others'. Over real
// gRPC on loopback, with a stand-in master.
#include "worker/application_janitor.h"

#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <string>

#include "proto/sluice.grpc.pb.h"
#include "worker/testing/eventually.h"
#include "worker/testing/recording_master.h"
#include "worker/worker_server.h"

namespace sluice {
namespace {

using ::sluice::testing::Eventually;

class ApplicationJanitorTest : public ::testing::Test {
 protected:
  void SetUp() override {
    WorkerServer::Options options;
    options.master_address = master_.address();
    options.cores = 1;
    options.work_dir = ::testing::TempDir();
    options.config.heartbeat_interval_ms = 50;
    worker_ = std::make_unique<WorkerServer>(options);
    ASSERT_TRUE(worker_->Start().ok());
    stub_ = proto::WorkerService::NewStub(grpc::CreateChannel(worker_->address(), grpc::InsecureChannelCredentials()));
    ASSERT_TRUE(Eventually([&] { return master_.registrations() == 1; }));
  }
  void TearDown() override { worker_->Shutdown(); }

  // A block's copy, as a peer sends it: the application has something here from then on.
  void StoreCopy(const std::string& app_id, const std::string& block_id) {
    proto::StoreBlockReplicaRequest request;
    request.set_app_id(app_id);
    request.set_block_id(block_id);
    request.set_records(1);
    request.set_data("x");
    proto::StoreBlockReplicaReply reply;
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
    ASSERT_TRUE(stub_->StoreBlockReplica(&context, request, &reply).ok());
  }

  testing::RecordingMaster master_;
  std::unique_ptr<WorkerServer> worker_;
  std::unique_ptr<proto::WorkerService::Stub> stub_;
};

TEST_F(ApplicationJanitorTest, ARestartedMastersUnknownApplicationsAreDroppedOnRegistration) {
  StoreCopy("app-before-restart", "b-old");
  StoreCopy("app-still-known", "b-kept");
  master_.Restart({"app-still-known"});
  ASSERT_TRUE(Eventually([&] { return master_.registrations() == 2; })) << "the worker registers again";
  EXPECT_TRUE(Eventually([&] { return !worker_->blocks().Get("b-old").ok(); })) << "the orphan block is gone";
  EXPECT_TRUE(worker_->blocks().Get("b-kept").ok()) << "a known application keeps its data";
  // An application ended here stays ended: a late copy of its blocks is not kept.
  StoreCopy("app-before-restart", "b-late");
  EXPECT_FALSE(worker_->blocks().Get("b-late").ok());
}

TEST_F(ApplicationJanitorTest, ARegistrationAgainWithTheSameMasterKeepsEverything) {
  StoreCopy("app-a", "b-a");
  master_.Restart({"app-a"});  // the master declared the worker dead, and knows its applications still
  ASSERT_TRUE(Eventually([&] { return master_.registrations() == 2; }));
  std::this_thread::sleep_for(std::chrono::milliseconds(100));  // the answer is acted on at once, on the loop
  EXPECT_TRUE(worker_->blocks().Get("b-a").ok());
}

}  // namespace
}  // namespace sluice
