// queueStream on a real cluster: the driver's data travels with the submission to sluice-master, which hands
// each batch's partitions to the tasks it places on two sluice-worker processes; the workers decode them with
// the job library they fetched. The manual clock ends the application after its last batch, and sluice-submit
// exits 0 by itself.
#include <set>  // std::multiset

#include "gtest/gtest.h"
#include "tests/integration/cluster.h"
#include "tests/integration/printed_batches.h"
#include "tests/integration/subprocess.h"

namespace sluice::testing {
namespace {

using std::chrono::seconds;
using Lines = std::vector<std::string>;

std::string Describe(Subprocess& submit) {
  return "\nsubmit stdout:\n" + Tail(submit.Stdout(), 60) + "\nsubmit stderr:\n" + Tail(submit.Stderr());
}

TEST(ClusterQueueStreamTest, TheDriversDataReachesTheWorkersAndTheManualClockEndsTheApplication) {
  Cluster cluster;
  ASSERT_TRUE(cluster.Start());
  auto submit = cluster.Submit("tests/integration/queue_stream_job.so", {}, "submit");
  std::optional<int> exit_code = submit->Wait(seconds(60));
  ASSERT_TRUE(exit_code.has_value()) << "the application did not end by itself" << Describe(*submit);
  EXPECT_EQ(*exit_code, 0) << Describe(*submit);

  std::vector<PrintedBatch> batches = ParsePrintedBatches(submit->Stdout());
  ASSERT_EQ(batches.size(), 8u) << Describe(*submit);  // two outputs, four batches
  const std::vector<Lines> times_ten = {{"10", "20", "30", "40"}, {"50", "60", "70", "80"},
                                        {"90", "100", "110", "120"}, {}};
  const std::vector<std::multiset<std::string>> sums = {
      {"(even,6)", "(odd,4)"}, {"(even,14)", "(odd,12)"}, {"(even,22)", "(odd,20)"}, {}};
  for (int k = 0; k < 4; ++k) {
    const PrintedBatch& mapped = batches[2 * k];
    const PrintedBatch& reduced = batches[2 * k + 1];
    EXPECT_EQ(mapped.time_ms, 1000 * (k + 1));
    EXPECT_EQ(reduced.time_ms, 1000 * (k + 1));
    EXPECT_EQ(mapped.lines, times_ten[k]) << "batch " << k;
    EXPECT_EQ(std::multiset<std::string>(reduced.lines.begin(), reduced.lines.end()), sums[k]) << "batch " << k;
  }

  int loaded = 0;
  for (int i = 0; i < cluster.num_workers(); ++i) {
    if (cluster.worker(i).Stderr().find("loaded job library") != std::string::npos) ++loaded;
  }
  EXPECT_GE(loaded, 1) << "no worker ran a task of the application";
  EXPECT_TRUE(cluster.Stop());
}

}  // namespace
}  // namespace sluice::testing
