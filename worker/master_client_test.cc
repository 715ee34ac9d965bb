// MasterClient's reports to a master that refuses them: tried worker.report_attempts times, waiting
// worker.report_backoff_ms, then twice that, and so on, between tries.
#include "worker/master_client.h"

#include <atomic>
#include <chrono>
#include <memory>

#include <grpcpp/grpcpp.h>

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
  void SetUp() override {
    grpc::ServerBuilder builder;
    builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(), &port_);
    builder.RegisterService(&master_);
    server_ = builder.BuildAndStart();
    ASSERT_NE(server_, nullptr);
  }
  void TearDown() override { server_->Shutdown(); }

  // Reports one task result with these settings; how long the report took.
  std::chrono::milliseconds ReportOnce(int attempts, int64_t backoff_ms) {
    Config config;
    config.report_attempts = attempts;
    config.report_backoff_ms = backoff_ms;
    MasterClient client("127.0.0.1:" + std::to_string(port_), config);
    TaskResult result;
    result.app_id = "app";
    auto start = std::chrono::steady_clock::now();
    client.ReportTask({"w1", result});
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start);
  }

  RefusingMaster master_;
  int port_ = 0;
  std::unique_ptr<grpc::Server> server_;
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

}  // namespace
}  // namespace sluice
