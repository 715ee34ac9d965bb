// A graceful stop that comes while the cluster recovers from a worker's death: the receiver's worker SIGKILLed,
// and at once the driver told to stop (SIGTERM). The stop neither hangs (app.graceful_stop_timeout_ms bounds it)
// nor loses what was received: the blocks' copies are counted, every word once, and the driver exits 0.
#include <signal.h>

#include <chrono>
#include <random>
#include <string>

#include "gtest/gtest.h"
#include "tests/integration/cluster.h"
#include "tests/integration/line_server.h"
#include "tests/integration/printed_batches.h"
#include "tests/integration/random_text.h"
#include "tests/integration/subprocess.h"

namespace sluice::testing {
namespace {

using std::chrono::seconds;

constexpr int kGracefulStopTimeoutMs = 15000;

TEST(GracefulStopDuringRecoveryTest, AStopRightAfterAWorkerDiedEndsInTimeWithEveryWordCounted) {
  ClusterOptions options;
  options.workers = 3;
  options.master_conf = {"app.graceful_stop_timeout_ms=" + std::to_string(kGracefulStopTimeoutMs)};
  Cluster cluster(options);
  ASSERT_TRUE(cluster.Start());
  LineServer server;
  // Batches of 5 s: the words below are still waiting for their batch when the stop comes.
  auto submit = cluster.Submit("driver/examples/network_wordcount.so",
                               {"127.0.0.1", std::to_string(server.port()), "5"}, "submit");
  ASSERT_TRUE(server.WaitForClient(seconds(30))) << DescribeRun(*submit, cluster);

  std::mt19937 random(37);
  WordCounts sent;
  server.Send(RandomLines(random, {"red", "green", "blue"}, 150, 4, &sent));
  ASSERT_TRUE(WaitFor([&] { return ReceivedRecords(cluster.Status()) == 150; }, seconds(10)))
      << DescribeRun(*submit, cluster);
  std::optional<nlohmann::json> status = cluster.Status();
  ASSERT_TRUE(status.has_value());
  std::optional<int> receiver_worker = cluster.WorkerRunningReceiverOf((*status)["applications"][0]["id"]);
  ASSERT_TRUE(receiver_worker.has_value());

  cluster.KillWorker(*receiver_worker);
  submit->Signal(SIGTERM);  // sluice-submit stops gracefully
  auto stopped_at = std::chrono::steady_clock::now();
  std::optional<int> exit_code = submit->Wait(std::chrono::milliseconds(kGracefulStopTimeoutMs) + seconds(30));
  ASSERT_TRUE(exit_code.has_value()) << "the stop hung" << DescribeRun(*submit, cluster);
  EXPECT_LT(std::chrono::steady_clock::now() - stopped_at, std::chrono::milliseconds(kGracefulStopTimeoutMs) + seconds(10));
  EXPECT_EQ(*exit_code, 0) << DescribeRun(*submit, cluster);
  EXPECT_EQ(SumCounts(ParsePrintedBatches(submit->Stdout())), sent) << DescribeRun(*submit, cluster);
  EXPECT_TRUE(cluster.Stop());
}

}  // namespace
}  // namespace sluice::testing
