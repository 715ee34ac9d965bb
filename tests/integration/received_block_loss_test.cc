// Received data survives the receiver's worker (receiver.replication): the network word count on three workers,
// words sent and reported as blocks, then the receiver's worker SIGKILLed before the batch that takes those blocks
// runs. With two copies of each block (the default) every word is counted once; with one, the loss is said, naming
// the blocks, and nothing is counted twice. (Spark keeps received blocks on two executors by default.)
#include <signal.h>

#include <chrono>
#include <random>
#include <string>
#include <vector>

#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "gtest/gtest.h"
#include "tests/integration/cluster.h"
#include "tests/integration/line_server.h"
#include "tests/integration/printed_batches.h"
#include "tests/integration/random_text.h"
#include "tests/integration/subprocess.h"

namespace sluice::testing {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

// Long enough that the master declares the victim lost (master.worker_timeout_ms=1500 in the cluster) well before
// the batch that takes its blocks, even on a loaded machine.
constexpr int64_t kBatchMs = 6000;

int64_t NowMs() { return absl::ToUnixMillis(absl::Now()); }

WordCounts Merged(WordCounts counts, const WordCounts& more) {
  for (const auto& [word, count] : more) counts[word] += count;
  return counts;
}

class ReceivedBlockLossTest : public ::testing::TestWithParam<int> {
 protected:
  int replication() const { return GetParam(); }

  ClusterOptions Options() const {
    ClusterOptions options;
    options.workers = 3;
    options.conf.push_back("receiver.replication=" + std::to_string(replication()));
    return options;
  }
};

TEST_P(ReceivedBlockLossTest, TheReceiversWorkerDiesBeforeTheBatchOfItsBlocksRuns) {
  Cluster cluster(Options());
  ASSERT_TRUE(cluster.Start());
  LineServer server;
  auto submit = cluster.Submit("driver/examples/network_wordcount.so",
                               {"127.0.0.1", std::to_string(server.port()), std::to_string(kBatchMs / 1000)}, "submit");
  ASSERT_TRUE(server.WaitForClient(seconds(30))) << DescribeRun(*submit, cluster);

  // Right after a batch was printed, so that the next one is seconds away: the words sent now are received,
  // stored and reported well before it runs, and the kill comes between the report and that batch.
  int64_t next_batch_ms = 0;
  ASSERT_TRUE(WaitFor(
      [&] {
        std::vector<PrintedBatch> printed = ParsePrintedBatches(submit->Stdout());
        if (printed.empty()) return false;
        next_batch_ms = printed.back().time_ms + kBatchMs;
        return next_batch_ms - NowMs() > kBatchMs - 1500;
      },
      seconds(60)))
      << DescribeRun(*submit, cluster);

  std::mt19937 random(23);
  WordCounts sent;
  const int kLines = 200;
  server.Send(RandomLines(random, {"north", "south", "east", "west"}, kLines, 4, &sent));
  ASSERT_TRUE(WaitFor([&] { return ReceivedRecords(cluster.Status()) == kLines; }, seconds(10)))
      << "the lines were not reported as blocks in time" << DescribeRun(*submit, cluster);

  std::optional<nlohmann::json> status = cluster.Status();
  ASSERT_TRUE(status.has_value());
  const std::string app_id = (*status)["applications"][0]["id"];
  std::optional<int> receiver_worker = cluster.WorkerRunningReceiverOf(app_id);
  ASSERT_TRUE(receiver_worker.has_value());
  const std::string victim_id = cluster.worker_id(*receiver_worker);
  ASSERT_LT(NowMs(), next_batch_ms - 200) << "too late: the batch of the blocks may have run";
  cluster.KillWorker(*receiver_worker);
  server.DropClient();  // the receiver placed again on a survivor connects anew

  // Sent once the receiver runs again on a survivor: counted whatever happened to the blocks before.
  ASSERT_TRUE(server.WaitForClient(seconds(30))) << DescribeRun(*submit, cluster);
  WordCounts after;
  server.Send(RandomLines(random, {"up", "down", "left", "right"}, 100, 3, &after));

  if (replication() >= 2) {
    WordCounts expected = Merged(sent, after);
    ASSERT_TRUE(WaitFor([&] { return SumCounts(ParsePrintedBatches(submit->Stdout())) == expected; }, seconds(40)))
        << DescribeRun(*submit, cluster);
    EXPECT_EQ(submit->Stderr().find("received blocks were lost"), std::string::npos) << DescribeRun(*submit, cluster);
  } else {
    // The blocks were on the victim only: they are gone, and the driver is told which when the master declares the
    // worker lost.
    ASSERT_TRUE(WaitFor([&] { return SumCounts(ParsePrintedBatches(submit->Stdout())) == after; }, seconds(40)))
        << "the lost words must not be counted, the later ones must be, once" << DescribeRun(*submit, cluster);
    const std::string driver_log = submit->Stderr();
    EXPECT_NE(driver_log.find("received blocks were lost with worker " + victim_id + ", which held their only copy"),
              std::string::npos)
        << DescribeRun(*submit, cluster);
    EXPECT_NE(driver_log.find("input-0-" + app_id + "-" + victim_id + "-"), std::string::npos)
        << "the warning names the lost blocks" << DescribeRun(*submit, cluster);
  }

  ASSERT_TRUE(StopsGracefully(*submit, cluster));
  EXPECT_TRUE(cluster.Stop());
}

INSTANTIATE_TEST_SUITE_P(Replication, ReceivedBlockLossTest, ::testing::Values(2, 1),
                         [](const ::testing::TestParamInfo<int>& info) {
                           return info.param >= 2 ? "TwoCopies" : "OneCopy";
                         });

}  // namespace
}  // namespace sluice::testing
