// The driver's polls of a master that took the application and then stopped answering: each waits
// driver.poll_wait_ms at the master, a failed one is followed by driver.poll_retry_delay_ms of waiting, and after
// driver.max_poll_failures in a row the application fails, having lost contact with the master.
#include <atomic>
#include <chrono>
#include <fstream>
#include <memory>
#include <string>

#include <grpcpp/grpcpp.h>

#include "common/testing/loopback_server.h"
#include "driver/api/errors.h"
#include "driver/api/streaming_context.h"
#include "driver/submitted_job.h"
#include "gtest/gtest.h"
#include "proto/sluice.grpc.pb.h"

namespace sluice {
namespace {

// A master that accepts every application and fails every poll for its events; it counts the polls.
class UnansweringMaster final : public proto::MasterService::Service {
 public:
  grpc::Status SubmitApplication(grpc::ServerContext*, const proto::SubmitApplicationRequest*,
                                 proto::SubmitApplicationReply* reply) override {
    reply->set_app_id("app-test");
    return grpc::Status::OK;
  }
  grpc::Status PollEvents(grpc::ServerContext*, const proto::PollEventsRequest* request,
                          proto::PollEventsReply*) override {
    ++polls;
    requested_wait_ms = request->wait_ms();
    return grpc::Status(grpc::StatusCode::UNAVAILABLE, "no events today");
  }

  std::atomic<int> polls{0};
  std::atomic<int64_t> requested_wait_ms{0};
};

class ClusterRunnerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(server_.started());
    // A cluster's application ships its job library; this master never opens it.
    const std::string library = ::testing::TempDir() + "/not_really_a_job.so";
    std::ofstream(library) << "bytes";
    SetSubmittedJob({library, {}});
  }

  // Runs a queueStream application on the master with the driver's poll settings; the failure it ended with and
  // how long that took.
  std::string RunUntilItFails(const std::string& max_failures, const std::string& retry_delay_ms,
                              std::chrono::milliseconds* took) {
    SluiceConf conf = SluiceConf()
                          .setMaster("sluice://" + server_.address())
                          .setAppName("polls")
                          .set("driver.poll_wait_ms", "250")
                          .set("driver.max_poll_failures", max_failures)
                          .set("driver.poll_retry_delay_ms", retry_delay_ms);
    StreamingContext ssc(conf, Seconds(1));
    ssc.queueStream<int>({{1}}).pprint();
    auto start = std::chrono::steady_clock::now();
    ssc.start();
    std::string failure;
    try {
      ssc.awaitTermination();
    } catch (const JobFailedError& e) {
      failure = e.what();
    }
    *took = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start);
    ssc.stop(false);
    return failure;
  }

  UnansweringMaster master_;
  ::sluice::testing::LoopbackServer server_{&master_};
};

TEST_F(ClusterRunnerTest, GivesUpOnTheMasterAfterTheSettingsFailedPolls) {
  std::chrono::milliseconds took;
  std::string failure = RunUntilItFails("3", "1", &took);
  EXPECT_NE(failure.find("lost contact with the master"), std::string::npos) << failure;
  EXPECT_EQ(master_.polls, 3) << "driver.max_poll_failures=3";
  EXPECT_EQ(master_.requested_wait_ms, 250) << "driver.poll_wait_ms";
}

TEST_F(ClusterRunnerTest, WaitsTheRetryDelayAfterEachFailedPoll) {
  // Two waits of 700 ms between three polls (the default delay, 500 ms, would take 1 s).
  std::chrono::milliseconds took;
  std::string failure = RunUntilItFails("3", "700", &took);
  EXPECT_NE(failure.find("lost contact with the master"), std::string::npos) << failure;
  EXPECT_GE(took, std::chrono::milliseconds(1400));
}

}  // namespace
}  // namespace sluice
