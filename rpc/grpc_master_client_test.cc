// MasterClient's reports to a master that refuses them: tried worker.report_attempts times, waiting
// worker.report_backoff_ms, then twice that, and so on, between tries.
#include "rpc/grpc_master_client.h"

#include <atomic>
#include <chrono>
#include <future>
#include <memory>

#include <grpcpp/grpcpp.h>

#include "common/testing/loopback_server.h"
#include "gtest/gtest.h"
#include "proto/sluice.grpc.pb.h"

namespace sluice {
namespace {

// A master whose ReportTask is always unavailable; it counts the calls.
class RefusingMaster final : public proto::MasterService::Service {
 public:
  grpc::Status ReportTask(grpc::ServerContext*, const proto::ReportTaskRequest*, proto::ReportTaskReply*) override {
    ++report_calls;
    return grpc::Status(grpc::StatusCode::UNAVAILABLE, "busy");
  }
  std::atomic<int> report_calls{0};
};

class MasterClientTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(server_.started()); }

  // Reports one task result with these settings; how long the report took.
  std::chrono::milliseconds ReportOnce(int attempts, int64_t backoff_ms) {
    Config config;
    config.report_attempts = attempts;
    config.report_backoff_ms = backoff_ms;
    GrpcMasterClient client(server_.address(), config);
    TaskResult result;
    result.app_id = "app";
    auto start = std::chrono::steady_clock::now();
    client.ReportTask({"w1", result});
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start);
  }

  RefusingMaster master_;
  ::sluice::testing::LoopbackServer server_{&master_};
};

TEST_F(MasterClientTest, AReportIsTriedAsOftenAsTheSettingSays) {
  ReportOnce(2, 1);
  EXPECT_EQ(master_.report_calls, 2);
  master_.report_calls = 0;
  ReportOnce(6, 1);
  EXPECT_EQ(master_.report_calls, 6);
}

TEST_F(MasterClientTest, RetriesWaitTheBackoffThenTwiceAsLong) {
  // Three tries: waits of 400 and 800 ms between them (the default backoff, 200 ms, would wait 200 and 400).
  EXPECT_GE(ReportOnce(3, 400), std::chrono::milliseconds(1200));
  EXPECT_EQ(master_.report_calls, 3);
}

// A master that takes every report and counts the calls.
class CountingMaster final : public proto::MasterService::Service {
 public:
  grpc::Status ReportBlocks(grpc::ServerContext*, const proto::ReportBlocksRequest*,
                            proto::ReportBlocksReply*) override {
    ++block_reports;
    return grpc::Status::OK;
  }
  grpc::Status GetLibrary(grpc::ServerContext*, const proto::GetLibraryRequest*, proto::GetLibraryReply* reply) override {
    reply->set_library("lib");
    return grpc::Status::OK;
  }
  std::atomic<int> block_reports{0};
};

class MasterClientFailureInjectionTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(server_.started()); }

  // How many ReportBlocks calls reached the master for one report, under `inject_failures`.
  int CallsForOneBlockReport(const std::string& inject_failures) {
    master_.block_reports = 0;
    Config config;
    config.report_backoff_ms = 1;
    config.inject_failures = inject_failures;
    GrpcMasterClient client(server_.address(), config);
    client.ReportBlocks("app", {BlockRef{"input-0-app-w1-0", 0, "w1", 1, 1}});
    return master_.block_reports;
  }

  CountingMaster master_;
  ::sluice::testing::LoopbackServer server_{&master_};
};

// A lost reply makes the worker report again, and the master gets the report twice (which it takes once, by the
// block's id: master/received_block_ledger.h); a lost request is retried and arrives once.
TEST_F(MasterClientFailureInjectionTest, ALostReplyIsRetriedAndArrivesTwiceALostRequestOnce) {
  EXPECT_EQ(CallsForOneBlockReport(""), 1);
  EXPECT_EQ(CallsForOneBlockReport("ReportBlocks:reply:n=1"), 2);
  EXPECT_EQ(CallsForOneBlockReport("ReportBlocks:request:n=1"), 1);
  EXPECT_EQ(CallsForOneBlockReport("ReportBlocks:request:n=1,ReportBlocks:reply:n=2"), 2);
  EXPECT_EQ(CallsForOneBlockReport("ReportTask:reply:every=1"), 1) << "another method's rule";
}

TEST_F(MasterClientFailureInjectionTest, AnInjectedFailureOfASynchronousCallIsReturned) {
  Config config;
  config.inject_failures = "GetLibrary:request:n=1";
  GrpcMasterClient client(server_.address(), config);
  absl::StatusOr<JobLibrary> first = client.GetLibrary("hash");
  EXPECT_EQ(first.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_NE(first.status().message().find("failure injected"), absl::string_view::npos) << first.status();
  absl::StatusOr<JobLibrary> second = client.GetLibrary("hash");
  ASSERT_TRUE(second.ok()) << second.status();
  EXPECT_EQ(second->bytes, "lib");
}

TEST_F(MasterClientFailureInjectionTest, AnAsynchronousCallsDoneGetsTheInjectedFailure) {
  Config config;
  config.inject_failures = "RegisterWorker:request:n=1";
  GrpcMasterClient client(server_.address(), config);
  std::promise<absl::Status> registered;
  client.Register(WorkerRegistration{"w1", "127.0.0.1:1", 1},
                  [&registered](absl::StatusOr<RegistrationAnswer> answer) { registered.set_value(answer.status()); });
  absl::Status status = registered.get_future().get();
  EXPECT_EQ(status.code(), absl::StatusCode::kUnavailable);
  EXPECT_NE(status.message().find("the request of RegisterWorker was dropped"), absl::string_view::npos) << status;
}

}  // namespace
}  // namespace sluice
