// A shuffle across workers: one file read in many small splits, so the map tasks of one batch run on both
// workers and every reduce task reads map outputs from both; the reduced counts must be exact.
#include <signal.h>
#include <stdio.h>
#include <sys/stat.h>

#include <fstream>
#include <regex>

#include "gtest/gtest.h"
#include "tests/integration/cluster.h"
#include "tests/integration/printed_batches.h"
#include "tests/integration/random_text.h"
#include "tests/integration/subprocess.h"

namespace sluice::testing {
namespace {

using std::chrono::seconds;

constexpr int kSplitBytes = 4096;

std::string Describe(Subprocess& submit) {
  return "\nsubmit stdout:\n" + Tail(submit.Stdout(), 60) + "\nsubmit stderr:\n" + Tail(submit.Stderr());
}

struct MapTasks {
  int tasks = 0;
  int64_t records_in = 0;
};

// What a worker's debug log says it ran of the map stage (stage 0: it is planned before the stage reading it)
// of one batch: "task 0.P attempt A of batch B ms (app X) succeeded: N records in, M out".
MapTasks MapTasksOfBatch(const std::string& log, int64_t batch_ms) {
  static const std::regex kTaskLine(
      R"(task 0\.\d+ attempt \d+ of batch (\d+) ms \(app [^)]+\) succeeded: (\d+) records in)");
  MapTasks found;
  for (std::sregex_iterator it(log.begin(), log.end(), kTaskLine), end; it != end; ++it) {
    if (std::stoll((*it)[1]) != batch_ms) continue;
    ++found.tasks;
    found.records_in += std::stoll((*it)[2]);
  }
  return found;
}

TEST(ClusterShuffleTest, MapTasksOfOneBatchRunOnBothWorkersAndTheReduceIsExact) {
  ClusterOptions options;
  options.log_level = "debug";  // workers log every task they run
  options.master_conf = {"input.file_split_bytes=" + std::to_string(kSplitBytes)};
  Cluster cluster(options);
  ASSERT_TRUE(cluster.Start());
  const std::string input_dir = cluster.dir() + "/input";
  ASSERT_EQ(mkdir(input_dir.c_str(), 0755), 0);

  auto submit = cluster.Submit("driver/examples/hdfs_wordcount.so", {input_dir, "1"}, "submit");
  ASSERT_TRUE(WaitFor(
      [&] {
        std::optional<nlohmann::json> status = cluster.Status();
        return status && (*status)["applications"].size() == 1 && (*status)["applications"][0]["state"] == "RUNNING";
      },
      seconds(30)))
      << Describe(*submit);

  // Words of different lengths, so that lines cross split boundaries at every offset.
  std::mt19937 random(3);
  WordCounts expected;
  const int lines = 2500;
  std::string text =
      RandomLines(random, {"a", "bb", "ccc", "dddd", "eeeee", "ffffff", "ggggggggggg"}, lines, 7, &expected);
  const int splits = static_cast<int>((text.size() + kSplitBytes - 1) / kSplitBytes);
  ASSERT_GE(splits, 20);
  std::string staged = cluster.dir() + "/words.txt";
  std::ofstream(staged, std::ios::binary) << text;
  ASSERT_EQ(rename(staged.c_str(), (input_dir + "/words.txt").c_str()), 0);

  ASSERT_TRUE(WaitFor([&] { return SumCounts(ParsePrintedBatches(submit->Stdout())) == expected; }, seconds(30)))
      << Describe(*submit);
  std::vector<PrintedBatch> batches = ParsePrintedBatches(submit->Stdout());
  auto counted = std::find_if(batches.begin(), batches.end(), [](const PrintedBatch& b) { return !b.lines.empty(); });
  ASSERT_NE(counted, batches.end());
  EXPECT_EQ(SumCounts({*counted}), expected) << "one file, one batch";

  // Every split was read once, and each worker read some of them. A task reports after its log line is written,
  // and the batch is printed after every report, so the logs are complete by now.
  MapTasks total;
  for (int i = 0; i < cluster.num_workers(); ++i) {
    MapTasks ran = MapTasksOfBatch(cluster.worker(i).Stderr(), counted->time_ms);
    EXPECT_GE(ran.tasks, 1) << "worker " << i << " ran no map task of batch " << counted->time_ms << "; its log:\n"
                            << Tail(cluster.worker(i).Stderr());
    total.tasks += ran.tasks;
    total.records_in += ran.records_in;
  }
  EXPECT_EQ(total.tasks, splits);
  EXPECT_EQ(total.records_in, lines) << "lines read across all splits";

  submit->Signal(SIGTERM);
  std::optional<int> exit_code = submit->Wait(seconds(60));
  ASSERT_TRUE(exit_code.has_value()) << Describe(*submit);
  EXPECT_EQ(*exit_code, 0) << Describe(*submit);
  EXPECT_TRUE(cluster.Stop());
}

}  // namespace
}  // namespace sluice::testing
