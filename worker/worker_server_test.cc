// The worker through its public RPCs, over real gRPC on loopback. Its master is a port nobody listens on: the
// worker keeps trying to register and everything else must work regardless.
#include "worker/worker_server.h"

#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <functional>
#include <regex>
#include <set>
#include <thread>

#include "common/codec.h"
#include "driver/api/dstream.h"
#include "proto/sluice.grpc.pb.h"
#include "runtime/source_nodes.h"
#include "tests/tools/text_server.h"
#include "worker/testing/socket_text_graph.h"
#include "worker/testing/dead_port.h"

namespace sluice {
namespace {

using ::sluice::testing::DeadPort;

// The names of this process's threads.
std::multiset<std::string> ThreadNames() {
  std::multiset<std::string> names;
  for (const auto& task : std::filesystem::directory_iterator("/proc/self/task")) {
    std::ifstream comm(task.path() / "comm");
    std::string name;
    if (std::getline(comm, name)) names.insert(name);
  }
  return names;
}

bool PollUntil(const std::function<bool()>& condition) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (std::chrono::steady_clock::now() < deadline) {
    if (condition()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return condition();
}

class WorkerServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    WorkerServer::Options options;
    options.master_address = dead_master_.address();
    options.cores = 2;
    options.work_dir = ::testing::TempDir();
    options.config.rpc_timeout_ms = 2000;
    options.config.block_interval_ms = 50;
    options.config.receiver_restart_delay_ms = 100;
    worker_ = std::make_unique<WorkerServer>(options);
    ASSERT_TRUE(worker_->Start().ok());
    stub_ = proto::WorkerService::NewStub(
        grpc::CreateChannel(worker_->address(), grpc::InsecureChannelCredentials()));
  }
  void TearDown() override { worker_->Shutdown(); }

  std::unique_ptr<grpc::ClientContext> Context() {
    auto context = std::make_unique<grpc::ClientContext>();
    context->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
    return context;
  }

  grpc::Status Fetch(const proto::FetchShuffleRequest& request, std::vector<std::string>* chunks) {
    auto context = Context();
    auto reader = stub_->FetchShuffle(context.get(), request);
    proto::ShuffleChunk chunk;
    while (reader->Read(&chunk)) chunks->push_back(chunk.data());
    return reader->Finish();
  }

  static proto::FetchShuffleRequest FetchRequest(int64_t batch_ms, int32_t map_index, int32_t partition) {
    proto::FetchShuffleRequest request;
    request.set_app_id("app");
    request.set_batch_ms(batch_ms);
    request.set_shuffle_node(3);
    request.set_map_index(map_index);
    request.set_reduce_partition(partition);
    return request;
  }

  DeadPort dead_master_;
  std::unique_ptr<WorkerServer> worker_;
  std::unique_ptr<proto::WorkerService::Stub> stub_;
};

TEST_F(WorkerServerTest, ListensAtOnceAndKeepsTryingToRegister) {
  EXPECT_TRUE(std::regex_match(worker_->worker_id(), std::regex("worker-127\\.0\\.0\\.1-[0-9]+-[0-9a-f]{8}")))
      << worker_->worker_id();
  EXPECT_NE(worker_->worker_id().find("-" + worker_->address().substr(worker_->address().rfind(':') + 1) + "-"),
            std::string::npos);
  EXPECT_TRUE(PollUntil([&] { return worker_->registration_attempts() >= 2; }))
      << "the worker should retry registering every second";
  EXPECT_FALSE(worker_->registered());
}

TEST_F(WorkerServerTest, ServesShuffleDataInItsChunks) {
  worker_->shuffles().Put({"app", 1000, 3, 0}, MapOutput{{{"c0", "c1", "c2"}, {"other"}}});
  std::vector<std::string> chunks;
  grpc::Status status = Fetch(FetchRequest(1000, 0, 0), &chunks);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(chunks, (std::vector<std::string>{"c0", "c1", "c2"}));

  chunks.clear();
  status = Fetch(FetchRequest(1000, 5, 0), &chunks);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_NE(status.error_message().find("map 5) is not on this worker"), std::string::npos) << status.error_message();
}

TEST_F(WorkerServerTest, ReleaseBatchDropsTheListedBlocksAndShuffleDataUpToTheBatch) {
  worker_->blocks().Put("app", "b1", "x", 1);
  worker_->blocks().Put("app", "b2", "y", 1);
  worker_->shuffles().Put({"app", 1000, 3, 0}, MapOutput{{{"old"}}});
  worker_->shuffles().Put({"app", 2000, 3, 0}, MapOutput{{{"new"}}});
  proto::ReleaseBatchRequest request;
  request.set_app_id("app");
  request.set_batch_ms(1000);
  request.add_block_ids("b1");
  proto::ReleaseBatchReply reply;
  ASSERT_TRUE(stub_->ReleaseBatch(Context().get(), request, &reply).ok());
  EXPECT_FALSE(worker_->blocks().Get("b1").ok());
  EXPECT_TRUE(worker_->blocks().Get("b2").ok());
  std::vector<std::string> chunks;
  EXPECT_EQ(Fetch(FetchRequest(1000, 0, 0), &chunks).error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_TRUE(Fetch(FetchRequest(2000, 0, 0), &chunks).ok());
  EXPECT_EQ(chunks, std::vector<std::string>{"new"});
}

TEST_F(WorkerServerTest, EndApplicationDropsTheApplicationsData) {
  worker_->blocks().Put("app", "b1", "x", 1);
  worker_->blocks().Put("other", "o1", "x", 1);
  worker_->shuffles().Put({"app", 9000, 3, 0}, MapOutput{{{"data"}}});
  proto::EndApplicationRequest request;
  request.set_app_id("app");
  proto::EndApplicationReply reply;
  ASSERT_TRUE(stub_->EndApplication(Context().get(), request, &reply).ok());
  EXPECT_FALSE(worker_->blocks().Get("b1").ok());
  EXPECT_TRUE(worker_->blocks().Get("o1").ok());
  EXPECT_EQ(worker_->shuffles().size(), 0u);
}

TEST_F(WorkerServerTest, LaunchTaskRejectsIncompleteTasksAndAcceptsOthersAtOnce) {
  proto::LaunchTaskRequest request;
  proto::LaunchTaskReply reply;
  grpc::Status status = stub_->LaunchTask(Context().get(), request, &reply);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(status.error_message(), "a task needs an app_id");

  proto::TaskSpec* task = request.mutable_task();
  task->set_app_id("app");
  task->set_library_hash("unknown");
  status = stub_->LaunchTask(Context().get(), request, &reply);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_NE(status.error_message().find("has no input"), std::string::npos) << status.error_message();

  task->mutable_input()->mutable_block()->set_block_id("b1");
  task->add_steps()->set_node(1);
  task->mutable_result()->set_record_limit(-1);
  // Valid: accepted at once, though its library cannot be fetched (the executor fails it, not the RPC).
  status = stub_->LaunchTask(Context().get(), request, &reply);
  EXPECT_TRUE(status.ok()) << status.error_message();
}

TEST_F(WorkerServerTest, StartReceiverReportsWhyItCannot) {
  proto::StartReceiverRequest request;
  request.mutable_receiver()->set_app_id("app");
  proto::StartReceiverReply reply;
  grpc::Status status = stub_->StartReceiver(Context().get(), request, &reply);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << status.error_message();

  request.mutable_receiver()->set_library_hash("unknown");
  status = stub_->StartReceiver(Context().get(), request, &reply);
  EXPECT_FALSE(status.ok());
  EXPECT_NE(status.error_message().find("cannot get the job library unknown from the master"), std::string::npos)
      << status.error_message();
}

// A receiver of a locally registered graph: its blocks land in the block store; StopReceivers stops it.
TEST_F(WorkerServerTest, RunsAReceiverUntilStopped) {
  tools::TextServerConfig text;
  text.lines = {"a b", "c"};
  auto server = tools::TextServer::Listen(text);
  ASSERT_TRUE(server.ok()) << server.status();
  std::thread serving([&] { (void)(*server)->Serve(); });

  worker_->catalog().RegisterLocal("local", ::sluice::testing::SocketTextGraph((*server)->port()));
  const proto::StartReceiverRequest start = ::sluice::testing::StartSourceZero("app", "local");
  proto::StartReceiverReply start_reply;
  grpc::Status status = stub_->StartReceiver(Context().get(), start, &start_reply);
  ASSERT_TRUE(status.ok()) << status.error_message();
  // Repeating the request is harmless.
  ASSERT_TRUE(stub_->StartReceiver(Context().get(), start, &start_reply).ok());

  EXPECT_TRUE(PollUntil([&] { return worker_->blocks().size() >= 1; })) << "no block was stored";
  proto::StopReceiversRequest stop;
  stop.set_app_id("app");
  proto::StopReceiversReply stop_reply;
  auto context = std::make_unique<grpc::ClientContext>();
  context->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(60));
  status = stub_->StopReceivers(context.get(), stop, &stop_reply);
  EXPECT_TRUE(status.ok()) << status.error_message();
  auto block = worker_->blocks().Get("input-0-app-" + worker_->worker_id() + "-0");
  ASSERT_TRUE(block.ok()) << block.status();
  std::vector<std::string> lines;
  DecodeRecords<std::string>(*block->data, [&](std::string&& line) { lines.push_back(line); });
  ASSERT_FALSE(lines.empty());
  EXPECT_EQ(lines[0], "a b");

  (*server)->Stop();
  serving.join();
}

TEST_F(WorkerServerTest, ShutdownIsIdempotentAndClosesTheService) {
  worker_->Shutdown();
  worker_->Shutdown();
  proto::ReleaseBatchRequest request;
  proto::ReleaseBatchReply reply;
  auto context = std::make_unique<grpc::ClientContext>();
  context->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(2));
  EXPECT_FALSE(stub_->ReleaseBatch(context.get(), request, &reply).ok());
}

// The worker's own threads are named, and Shutdown joins every one (gRPC's threads are gRPC's).
TEST_F(WorkerServerTest, ShutdownJoinsTheThreadsItStarted) {
  const std::vector<std::string> own = {"worker-control", "receiver-ops", "task-0", "task-1"};
  // Each thread names itself once it runs.
  for (const std::string& name : own) {
    EXPECT_TRUE(PollUntil([&] { return ThreadNames().count(name) == 1; })) << name;
  }
  worker_->Shutdown();
  std::multiset<std::string> running = ThreadNames();
  for (const std::string& name : own) EXPECT_EQ(running.count(name), 0u) << name << " is still running";
}

TEST(WorkerServerStartTest, TwoWorkersGetDifferentIdsAndPorts) {
  DeadPort master;
  WorkerServer::Options options;
  options.master_address = master.address();
  options.work_dir = ::testing::TempDir();
  WorkerServer first(options);
  WorkerServer second(options);
  ASSERT_TRUE(first.Start().ok());
  ASSERT_TRUE(second.Start().ok());
  EXPECT_NE(first.worker_id(), second.worker_id());
  EXPECT_NE(first.address(), second.address());
  EXPECT_GE(first.cores(), 1);
  EXPECT_FALSE(first.Start().ok()) << "a worker starts once";
}

TEST(WorkerServerStartTest, APortInUseIsAnError) {
  DeadPort master;
  WorkerServer::Options options;
  options.master_address = master.address();
  options.work_dir = ::testing::TempDir();
  WorkerServer first(options);
  ASSERT_TRUE(first.Start().ok());
  options.port = std::stoi(first.address().substr(first.address().rfind(':') + 1));
  WorkerServer second(options);
  absl::Status status = second.Start();
  EXPECT_FALSE(status.ok());
  EXPECT_NE(status.message().find("cannot listen on 127.0.0.1:" + std::to_string(options.port)),
            absl::string_view::npos)
      << status;
}

}  // namespace
}  // namespace sluice
