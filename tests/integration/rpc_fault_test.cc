// RPC faults (rpc.inject_failures, on every daemon): the network word count on three workers while replies of
// ReportBlocks, ReportTask, LaunchTask and StoreBlockReplica are dropped now and then (the call happened, its caller
// believes it did not and retries or re-sends) and some requests are dropped before they leave. Every word is
// counted exactly once: the retried reports are de-duplicated by their ids, a launch sent again runs once or
// replaces its output, a copy stored again replaces the first.
#include <signal.h>

#include <random>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "tests/integration/cluster.h"
#include "tests/integration/line_server.h"
#include "tests/integration/printed_batches.h"
#include "tests/integration/random_text.h"
#include "tests/integration/subprocess.h"

namespace sluice::testing {
namespace {

using std::chrono::seconds;

constexpr char kFaults[] =
    "rpc.inject_failures=ReportBlocks:reply:every=3,ReportTask:reply:every=4,LaunchTask:reply:every=5,"
    "StoreBlockReplica:reply:every=4,ReportTask:request:every=7";

TEST(RpcFaultTest, DroppedRepliesAndRequestsCountNothingTwiceAndLoseNothing) {
  ClusterOptions options;
  options.workers = 3;
  options.conf.push_back(kFaults);
  Cluster cluster(options);
  ASSERT_TRUE(cluster.Start());
  LineServer server;
  auto submit = cluster.Submit("driver/examples/network_wordcount.so",
                               {"127.0.0.1", std::to_string(server.port()), "1"}, "submit");
  ASSERT_TRUE(server.WaitForClient(seconds(30))) << DescribeRun(*submit, cluster);

  std::mt19937 random(31);
  WordCounts expected;
  for (int round = 0; round < 4; ++round) {
    server.Send(RandomLines(random, {"one", "two", "three", "four", "five", "six"}, 200, 5, &expected));
    ASSERT_TRUE(WaitFor([&] { return SumCounts(ParsePrintedBatches(submit->Stdout())) == expected; }, seconds(40)))
        << "round " << round << DescribeRun(*submit, cluster);
  }
  // The faults did happen (each daemon logs the calls it could not make or whose replies it lost).
  std::string logs = cluster.master().Stderr();
  for (int i = 0; i < cluster.num_workers(); ++i) logs += cluster.worker(i).Stderr();
  EXPECT_NE(logs.find("failure injected"), std::string::npos) << DescribeRun(*submit, cluster);

  ASSERT_TRUE(StopsGracefully(*submit, cluster));
  EXPECT_EQ(SumCounts(ParsePrintedBatches(submit->Stdout())), expected) << DescribeRun(*submit, cluster);
  EXPECT_TRUE(cluster.Stop());
}

}  // namespace
}  // namespace sluice::testing
