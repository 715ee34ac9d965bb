// A randomized run, in the style of Flink's kill-with-jitter nemeses: the network word count on four workers for
// many batches while random workers (the receiver's among them) are SIGKILLed at random moments (a fixed seed, so a
// failure can be replayed), each after what was sent so far is stored as blocks, whatever the batches are doing.
// The printed counts must equal those of a fault-free run of the same input: every word counted exactly once.
#include <signal.h>

#include <chrono>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <vector>

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

constexpr unsigned kSeed = 2026;
constexpr int kRounds = 10;
constexpr int kLinesPerRound = 100;
// Rounds after which a worker dies; two of four, so that every block keeps a copy on a live worker.
const std::set<int> kKillAfterRound = {2, 6};

TEST(RandomizedWorkerKillTest, RandomKillsAtRandomMomentsCountEveryWordOnce) {
  ClusterOptions options;
  options.workers = 4;
  Cluster cluster(options);
  ASSERT_TRUE(cluster.Start());
  LineServer server;
  auto submit = cluster.Submit("driver/examples/network_wordcount.so",
                               {"127.0.0.1", std::to_string(server.port()), "1"}, "submit");
  ASSERT_TRUE(server.WaitForClient(seconds(30))) << DescribeRun(*submit, cluster);
  std::optional<nlohmann::json> status = cluster.Status();
  ASSERT_TRUE(status.has_value());
  const std::string app_id = (*status)["applications"][0]["id"];

  std::mt19937 random(kSeed);
  std::vector<int> alive = {0, 1, 2, 3};
  WordCounts expected;  // the fault-free run's answer
  int64_t lines_sent = 0;
  for (int round = 0; round < kRounds; ++round) {
    server.Send(RandomLines(random, {"ash", "birch", "cedar", "elm", "fir", "oak", "pine"}, kLinesPerRound, 4,
                            &expected));
    lines_sent += kLinesPerRound;
    ASSERT_TRUE(WaitFor([&] { return ReceivedRecords(cluster.Status()) == lines_sent; }, seconds(30)))
        << "round " << round << DescribeRun(*submit, cluster);
    if (!kKillAfterRound.contains(round)) continue;

    // A random worker, after a random pause: the kill lands wherever the batches happen to be.
    const size_t pick = std::uniform_int_distribution<size_t>(0, alive.size() - 1)(random);
    const int victim = alive[pick];
    const int pause_ms = std::uniform_int_distribution<int>(0, 1500)(random);
    std::this_thread::sleep_for(milliseconds(pause_ms));
    const bool receiver_killed = cluster.WorkerRunningReceiverOf(app_id) == std::optional<int>(victim);
    const int clients_before = server.clients_accepted();
    cluster.KillWorker(victim);
    alive.erase(alive.begin() + static_cast<long>(pick));
    std::printf("round %d: killed worker %d%s after %d ms\n", round, victim, receiver_killed ? " (the receiver's)" : "",
                pause_ms);
    // Everything sent so far is counted once before the next round.
    ASSERT_TRUE(WaitFor([&] { return SumCounts(ParsePrintedBatches(submit->Stdout())) == expected; }, seconds(60)))
        << "after killing worker " << victim << " in round " << round << DescribeRun(*submit, cluster);
    if (receiver_killed) {  // the server saw the dead receiver's socket close; the new one connects anew
      ASSERT_TRUE(server.WaitForClientsAccepted(clients_before + 1, seconds(30)))
          << "the receiver was not placed again" << DescribeRun(*submit, cluster);
    }
  }
  ASSERT_TRUE(WaitFor([&] { return SumCounts(ParsePrintedBatches(submit->Stdout())) == expected; }, seconds(60)))
      << DescribeRun(*submit, cluster);
  EXPECT_EQ(submit->Stderr().find("failed"), std::string::npos) << "no batch failed" << DescribeRun(*submit, cluster);

  ASSERT_TRUE(StopsGracefully(*submit, cluster));
  EXPECT_EQ(SumCounts(ParsePrintedBatches(submit->Stdout())), expected) << DescribeRun(*submit, cluster);
  EXPECT_TRUE(cluster.Stop());
}

}  // namespace
}  // namespace sluice::testing
