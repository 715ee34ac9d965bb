// The worker's service called twice with the same request, as the master may (a launch it thought undelivered goes
// out again; a receiver whose start timed out is placed again): nothing is done twice. Over real gRPC on loopback,
// with a master that only records what the worker reports.
#include <gtest/gtest.h>

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <thread>

#include "common/codec.h"
#include "common/mutex.h"
#include "driver/api/dstream.h"
#include "proto/sluice.grpc.pb.h"
#include "runtime/source_nodes.h"
#include "tests/tools/text_server.h"
#include "worker/testing/socket_text_graph.h"
#include "worker/testing/recording_master.h"
#include "worker/worker_server.h"

namespace sluice {
namespace {

// Holds every task of the graph below at its map step until opened, and counts the runs of each partition (a
// task's block holds one line: its partition).
class Gate {
 public:
  void Pass(int32_t partition) {
    MutexLock lock(&mu_);
    ++runs_[partition];
    changed_.SignalAll();
    while (!open_) changed_.Wait(&mu_);
  }
  bool AwaitRuns(int32_t partition, int runs) {
    MutexLock lock(&mu_);
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (runs_[partition] < runs) {
      if (changed_.WaitUntil(&mu_, deadline)) return runs_[partition] >= runs;
    }
    return true;
  }
  int runs(int32_t partition) {
    MutexLock lock(&mu_);
    return runs_[partition];
  }
  void Open() {
    MutexLock lock(&mu_);
    open_ = true;
    changed_.SignalAll();
  }

 private:
  Mutex mu_;  // the task threads pass while the test waits and opens
  CondVar changed_;
  std::map<int32_t, int> runs_ ABSL_GUARDED_BY(mu_);
  bool open_ ABSL_GUARDED_BY(mu_) = false;
};

class WorkerRepeatedCallsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    WorkerServer::Options options;
    options.master_address = master_.address();
    options.cores = 1;  // one task thread: tasks run one at a time, in the order they came
    options.work_dir = ::testing::TempDir();
    options.config.rpc_timeout_ms = 5000;
    worker_ = std::make_unique<WorkerServer>(options);
    ASSERT_TRUE(worker_->Start().ok());
    stub_ = proto::WorkerService::NewStub(grpc::CreateChannel(worker_->address(), grpc::InsecureChannelCredentials()));
  }
  void TearDown() override {
    gate_->Open();
    worker_->Shutdown();
  }

  std::unique_ptr<grpc::ClientContext> Context() {
    auto context = std::make_unique<grpc::ClientContext>();
    context->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
    return context;
  }

  // 0 source -> 1 map (waits at the gate) -> 2 pprint, registered as "gated"; block "b<p>" holds the line "<p>".
  void RegisterGatedGraph() {
    auto g = std::make_shared<GraphBuilder>(Seconds(1));
    NodeDescription source;
    source.kind = NodeKind::kReceiverSource;
    source.op = "socketTextStream";
    g->Add(std::make_unique<TextSourceNode>(source));
    std::shared_ptr<Gate> gate = gate_;
    DStream<std::string>(g, 0)
        .map([gate](std::string line) {
          gate->Pass(std::stoi(line));
          return line;
        })
        .pprint();
    worker_->catalog().RegisterLocal("gated", g->Build());
    for (int32_t partition = 0; partition < 3; ++partition) {
      std::string data;
      EncodeRecord(std::to_string(partition), &data);
      worker_->blocks().Put("app", "b" + std::to_string(partition), data, 1);
    }
  }

  static proto::LaunchTaskRequest GatedTask(int32_t partition) {
    proto::LaunchTaskRequest request;
    proto::TaskSpec* task = request.mutable_task();
    task->set_app_id("app");
    task->set_library_hash("gated");
    task->set_batch_ms(1000);
    task->set_partition(partition);
    task->mutable_input()->mutable_block()->set_block_id("b" + std::to_string(partition));
    task->add_steps()->set_node(1);
    task->add_steps()->set_node(2);
    task->mutable_result()->set_record_limit(-1);
    return request;
  }

  void Launch(int32_t partition) {
    proto::LaunchTaskRequest request = GatedTask(partition);
    proto::LaunchTaskReply reply;
    grpc::Status status = stub_->LaunchTask(Context().get(), request, &reply);
    ASSERT_TRUE(status.ok()) << status.error_message();
  }

  int ReportsOf(int32_t partition) {
    int reports = 0;
    for (const proto::TaskResult& result : master_.task_results()) reports += result.partition() == partition;
    return reports;
  }
  bool AwaitReportOf(int32_t partition) {
    return master_.AwaitTaskResults([&](const std::vector<proto::TaskResult>& results) {
      for (const proto::TaskResult& result : results) {
        if (result.partition() == partition) return true;
      }
      return false;
    });
  }

  testing::RecordingMaster master_;
  std::shared_ptr<Gate> gate_ = std::make_shared<Gate>();
  std::unique_ptr<WorkerServer> worker_;
  std::unique_ptr<proto::WorkerService::Stub> stub_;
};

// The master sends a launch again when it took the first for undelivered (UNAVAILABLE) and the worker is heard
// from again: the task is already queued or running here, and must not run twice.
TEST_F(WorkerRepeatedCallsTest, ALaunchRepeatedWhileTheTaskIsQueuedOrRunningRunsItOnce) {
  RegisterGatedGraph();
  Launch(0);
  ASSERT_TRUE(gate_->AwaitRuns(0, 1)) << "task 0 did not start";
  Launch(0);  // while it runs
  Launch(1);
  Launch(1);  // while it waits in the queue
  Launch(2);  // comes last: once it has run, everything launched before it has
  gate_->Open();
  ASSERT_TRUE(AwaitReportOf(2));
  EXPECT_EQ(gate_->runs(0), 1);
  EXPECT_EQ(gate_->runs(1), 1);
  EXPECT_EQ(ReportsOf(0), 1);
  EXPECT_EQ(ReportsOf(1), 1);
}

// Once the task is done, a launch of it again runs it again: the master sends it only when it did not take the
// result (it could not reach this worker in between), and would otherwise never hear of the task.
TEST_F(WorkerRepeatedCallsTest, ALaunchRepeatedAfterTheTaskWasReportedRunsItAgain) {
  RegisterGatedGraph();
  gate_->Open();
  Launch(0);
  ASSERT_TRUE(AwaitReportOf(0));
  Launch(0);
  ASSERT_TRUE(
      master_.AwaitTaskResults([](const std::vector<proto::TaskResult>& results) { return results.size() >= 2; }));
  EXPECT_EQ(ReportsOf(0), 2);
  for (const proto::TaskResult& result : master_.task_results()) {
    EXPECT_EQ(result.state(), proto::TASK_SUCCEEDED) << result.error();
  }
}

// The receiver's worker stores a copy again when it took the first for lost (no reply): one block is kept, the same.
TEST_F(WorkerRepeatedCallsTest, StoreBlockReplicaTwiceKeepsOneCopy) {
  proto::StoreBlockReplicaRequest request;
  request.set_app_id("app");
  request.set_block_id("input-0-app-w2-7");
  request.set_records(2);
  request.set_data("ab");
  for (int i = 0; i < 2; ++i) {
    proto::StoreBlockReplicaReply reply;
    grpc::Status status = stub_->StoreBlockReplica(Context().get(), request, &reply);
    ASSERT_TRUE(status.ok()) << status.error_message();
  }
  absl::StatusOr<StoredBlock> stored = worker_->blocks().Get("input-0-app-w2-7");
  ASSERT_TRUE(stored.ok()) << stored.status();
  EXPECT_EQ(*stored->data, "ab");
  EXPECT_EQ(stored->records, 2);
  EXPECT_EQ(worker_->blocks().size(), 1u);
  EXPECT_EQ(worker_->blocks().bytes(), 2);
}

TEST_F(WorkerRepeatedCallsTest, AMalformedBlockReplicaIsRefusedWithWhatIsWrong) {
  proto::StoreBlockReplicaRequest request;
  request.set_app_id("app");  // no block id
  request.set_data("ab");
  proto::StoreBlockReplicaReply reply;
  grpc::Status status = stub_->StoreBlockReplica(Context().get(), request, &reply);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_NE(status.error_message().find("needs an app_id and a block_id"), std::string::npos) << status.error_message();
  EXPECT_EQ(worker_->blocks().size(), 0u);
}

TEST_F(WorkerRepeatedCallsTest, ReleaseBatchTwiceReleasesWhatTheFirstDid) {
  worker_->blocks().Put("app", "b1", "x", 1);
  worker_->blocks().Put("app", "b2", "y", 1);
  worker_->shuffles().Put({"app", 1000, 3, 0}, MapOutput{{{"old"}}});
  worker_->shuffles().Put({"app", 2000, 3, 0}, MapOutput{{{"new"}}});
  proto::ReleaseBatchRequest request;
  request.set_app_id("app");
  request.set_batch_ms(1000);
  request.add_block_ids("b1");
  for (int i = 0; i < 2; ++i) {
    proto::ReleaseBatchReply reply;
    ASSERT_TRUE(stub_->ReleaseBatch(Context().get(), request, &reply).ok());
  }
  EXPECT_FALSE(worker_->blocks().Get("b1").ok());
  EXPECT_TRUE(worker_->blocks().Get("b2").ok());
  EXPECT_FALSE(worker_->shuffles().Get({"app", 1000, 3, 0}, 0).ok());
  EXPECT_TRUE(worker_->shuffles().Get({"app", 2000, 3, 0}, 0).ok());
}

TEST_F(WorkerRepeatedCallsTest, ReleaseMaterializedTwiceReleasesWhatTheFirstDid) {
  worker_->shuffles().Put(ShuffleKey::Materialized("app", 1000, 1, 0), MapOutput{{{"released"}}});
  worker_->shuffles().Put(ShuffleKey::Materialized("app", 1000, 1, 1), MapOutput{{{"kept"}}});
  proto::ReleaseMaterializedRequest request;
  request.set_app_id("app");
  proto::MaterializedKey* key = request.add_keys();
  key->set_node(1);
  key->set_batch_ms(1000);
  key->set_partition(0);
  for (int i = 0; i < 2; ++i) {
    proto::ReleaseMaterializedReply reply;
    ASSERT_TRUE(stub_->ReleaseMaterialized(Context().get(), request, &reply).ok());
  }
  EXPECT_FALSE(worker_->shuffles().Get(ShuffleKey::Materialized("app", 1000, 1, 0), 0).ok());
  EXPECT_TRUE(worker_->shuffles().Get(ShuffleKey::Materialized("app", 1000, 1, 1), 0).ok());
}

TEST_F(WorkerRepeatedCallsTest, EndApplicationTwiceEndsItOnce) {
  worker_->blocks().Put("app", "b1", "x", 1);
  worker_->blocks().Put("other", "o1", "x", 1);
  proto::EndApplicationRequest request;
  request.set_app_id("app");
  for (int i = 0; i < 2; ++i) {
    proto::EndApplicationReply reply;
    ASSERT_TRUE(stub_->EndApplication(Context().get(), request, &reply).ok());
  }
  EXPECT_FALSE(worker_->blocks().Get("b1").ok());
  EXPECT_TRUE(worker_->blocks().Get("o1").ok());
}

// A receiver started twice runs once; stopped twice, it reports STOPPED once.
TEST_F(WorkerRepeatedCallsTest, AReceiverStartedAndStoppedTwiceRunsAndStopsOnce) {
  tools::TextServerConfig text;
  text.lines = {"a"};
  auto server = tools::TextServer::Listen(text);
  ASSERT_TRUE(server.ok()) << server.status();
  std::thread serving([&] { (void)(*server)->Serve(); });
  worker_->catalog().RegisterLocal("local", ::sluice::testing::SocketTextGraph((*server)->port()));
  const proto::StartReceiverRequest start = ::sluice::testing::StartSourceZero("app", "local");
  for (int i = 0; i < 2; ++i) {
    proto::StartReceiverReply reply;
    grpc::Status status = stub_->StartReceiver(Context().get(), start, &reply);
    ASSERT_TRUE(status.ok()) << status.error_message();
  }
  proto::StopReceiversRequest stop;
  stop.set_app_id("app");
  for (int i = 0; i < 2; ++i) {
    proto::StopReceiversReply reply;
    grpc::Status status = stub_->StopReceivers(Context().get(), stop, &reply);
    ASSERT_TRUE(status.ok()) << status.error_message();
  }
  int stopped = 0;
  for (const proto::ReportReceiverRequest& event : master_.receiver_events()) {
    stopped += event.event() == proto::ReportReceiverRequest::STOPPED;
  }
  EXPECT_EQ(stopped, 1) << "StopReceivers reports STOPPED before it returns";

  (*server)->Stop();
  serving.join();
}

}  // namespace
}  // namespace sluice
