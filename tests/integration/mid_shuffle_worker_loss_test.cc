// A worker SIGKILLed in the middle of a shuffle stage, while it holds map output of the batch that the reduce tasks
// have not read: the lost map outputs are computed again on the live workers (Spark's lineage: from the file's
// splits, or from the copies of the received blocks), and every word is counted exactly once. The job's map side
// sleeps on every line, so that the kill lands between the victim's first finished map task and the reduce stage.
#include <signal.h>
#include <stdio.h>
#include <sys/stat.h>

#include <chrono>
#include <fstream>
#include <random>
#include <regex>
#include <string>
#include <thread>
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

constexpr int kSplitBytes = 4096;
constexpr int kSleepUsPerLine = 2000;

enum class Source { kFile, kSocket };

int64_t NowMs() { return absl::ToUnixMillis(absl::Now()); }

// The batch time of every map task (stage 0) a worker's debug log says succeeded.
std::vector<int64_t> MapTasksSucceeded(const std::string& log) {
  static const std::regex kTaskLine(R"(task 0\.\d+ attempt \d+ of batch (\d+) ms \(app [^)]+\) succeeded)");
  std::vector<int64_t> batches;
  for (std::sregex_iterator it(log.begin(), log.end(), kTaskLine), end; it != end; ++it) {
    batches.push_back(std::stoll((*it)[1]));
  }
  return batches;
}

class MidShuffleWorkerLossTest : public ::testing::TestWithParam<Source> {
 protected:
  static ClusterOptions Options() {
    ClusterOptions options;
    options.workers = 3;
    options.log_level = "debug";  // workers log every task they run
    options.master_conf = {"input.file_split_bytes=" + std::to_string(kSplitBytes)};
    return options;
  }

  // The first worker (not killed yet) whose log shows a finished map task of a batch, waiting for one.
  std::optional<int> WorkerWithMapOutput(Cluster& cluster, std::optional<int> only = std::nullopt) {
    std::optional<int> found;
    WaitFor(
        [&] {
          for (int i = 0; i < cluster.num_workers(); ++i) {
            if (only && i != *only) continue;
            if (!MapTasksSucceeded(cluster.worker(i).Stderr()).empty()) {
              found = i;
              return true;
            }
          }
          return false;
        },
        seconds(60));
    return found;
  }
};

TEST_P(MidShuffleWorkerLossTest, TheLostMapOutputIsComputedAgainAndEveryWordCountedOnce) {
  Cluster cluster(Options());
  ASSERT_TRUE(cluster.Start());
  std::mt19937 random(41);
  WordCounts expected;
  std::unique_ptr<Subprocess> submit;
  std::optional<int> victim;
  LineServer server;

  if (GetParam() == Source::kFile) {
    const std::string input_dir = cluster.dir() + "/input";
    ASSERT_EQ(mkdir(input_dir.c_str(), 0755), 0);
    submit = cluster.Submit("tests/integration/slow_wordcount_job.so",
                            {"file", input_dir, "2", std::to_string(kSleepUsPerLine)}, "submit");
    ASSERT_TRUE(WaitFor(
        [&] {
          std::optional<nlohmann::json> status = cluster.Status();
          return status && (*status)["applications"].size() == 1 &&
                 (*status)["applications"][0]["state"] == "RUNNING";
        },
        seconds(30)))
        << DescribeRun(*submit, cluster);
    // About 30 splits of about 100 lines, 0.2 s each, on 6 slots: the map stage takes about a second.
    std::string text = RandomLines(random, {"river", "stone", "cloud", "leaf", "wind"}, 3000, 6, &expected);
    std::string staged = cluster.dir() + "/words.txt";
    std::ofstream(staged, std::ios::binary) << text;
    ASSERT_EQ(rename(staged.c_str(), (input_dir + "/words.txt").c_str()), 0);
    victim = WorkerWithMapOutput(cluster);
  } else {
    submit = cluster.Submit("tests/integration/slow_wordcount_job.so",
                            {"socket", "127.0.0.1", std::to_string(server.port()), "4", std::to_string(kSleepUsPerLine)},
                            "submit");
    ASSERT_TRUE(server.WaitForClient(seconds(30))) << DescribeRun(*submit, cluster);
    // Right after a batch was printed: every send below goes to the next batch.
    ASSERT_TRUE(WaitFor(
        [&] {
          std::vector<PrintedBatch> printed = ParsePrintedBatches(submit->Stdout());
          return !printed.empty() && printed.back().time_ms + 4000 - NowMs() > 3300;
        },
        seconds(60)))
        << DescribeRun(*submit, cluster);
    // Ten sends a quarter of a second apart: about ten blocks, whose map tasks all run on the receiver's worker
    // (which holds them first), one at a time on its free slot, 0.1 s each.
    for (int send = 0; send < 10; ++send) {
      server.Send(RandomLines(random, {"north", "south", "east", "west"}, 60, 4, &expected));
      std::this_thread::sleep_for(milliseconds(200));
    }
    ASSERT_TRUE(WaitFor([&] { return ReceivedRecords(cluster.Status()) == 600; }, seconds(20)))
        << DescribeRun(*submit, cluster);
    std::optional<nlohmann::json> status = cluster.Status();
    ASSERT_TRUE(status.has_value());
    std::optional<int> receiver_worker = cluster.WorkerRunningReceiverOf((*status)["applications"][0]["id"]);
    ASSERT_TRUE(receiver_worker.has_value());
    victim = WorkerWithMapOutput(cluster, receiver_worker);
  }
  ASSERT_TRUE(victim.has_value()) << "no worker finished a map task" << DescribeRun(*submit, cluster);
  const std::string victim_id = cluster.worker_id(*victim);
  cluster.KillWorker(*victim);
  if (GetParam() == Source::kSocket) server.DropClient();

  ASSERT_TRUE(WaitFor([&] { return SumCounts(ParsePrintedBatches(submit->Stdout())) == expected; }, seconds(60)))
      << DescribeRun(*submit, cluster);
  // The kill did land mid-shuffle: the master computed the victim's map output again.
  const std::string master_log = cluster.master().Stderr();
  bool recomputed = master_log.find("whose outputs were on " + victim_id + " run again") != std::string::npos ||
                    master_log.find("could not read its input from " + victim_id) != std::string::npos;
  EXPECT_TRUE(recomputed) << DescribeRun(*submit, cluster);
  EXPECT_EQ(submit->Stderr().find("failed"), std::string::npos) << "no batch failed" << DescribeRun(*submit, cluster);

  ASSERT_TRUE(StopsGracefully(*submit, cluster));
  EXPECT_TRUE(cluster.Stop());
}

INSTANTIATE_TEST_SUITE_P(Sources, MidShuffleWorkerLossTest, ::testing::Values(Source::kFile, Source::kSocket),
                         [](const ::testing::TestParamInfo<Source>& info) {
                           return info.param == Source::kFile ? "FileStream" : "SocketStream";
                         });

}  // namespace
}  // namespace sluice::testing
