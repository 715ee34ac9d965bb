// Two applications at once on one worker: both receivers run there and store their blocks in its one block
// store, so the block ids must tell the applications apart (both read source node 0). Each application must
// count exactly its own words.
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

constexpr char kJob[] = "driver/examples/network_wordcount.so";

std::string Describe(Subprocess& submit) {
  return "\nsubmit stdout:\n" + Tail(submit.Stdout(), 40) + "\nsubmit stderr:\n" + Tail(submit.Stderr());
}

TEST(ConcurrentApplicationsTest, TwoApplicationsOnOneWorkerCountOnlyTheirOwnWords) {
  Cluster cluster(ClusterOptions{.workers = 1, .cores_per_worker = 4});
  ASSERT_TRUE(cluster.Start());
  LineServer first_server, second_server;
  auto first = cluster.Submit(kJob, {"127.0.0.1", std::to_string(first_server.port()), "1"}, "submit-first");
  auto second = cluster.Submit(kJob, {"127.0.0.1", std::to_string(second_server.port()), "1"}, "submit-second");
  ASSERT_TRUE(first_server.WaitForClient(seconds(30))) << Describe(*first);
  ASSERT_TRUE(second_server.WaitForClient(seconds(30))) << Describe(*second);

  std::mt19937 random(23);
  WordCounts first_expected, second_expected;
  for (int round = 0; round < 3; ++round) {
    first_server.Send(RandomLines(random, {"red", "green", "blue"}, 200, 5, &first_expected));
    second_server.Send(RandomLines(random, {"cat", "dog", "owl", "bee"}, 200, 5, &second_expected));
    ASSERT_TRUE(WaitFor([&] { return SumCounts(ParsePrintedBatches(first->Stdout())) == first_expected; }, seconds(30)))
        << "round " << round << Describe(*first);
    ASSERT_TRUE(
        WaitFor([&] { return SumCounts(ParsePrintedBatches(second->Stdout())) == second_expected; }, seconds(30)))
        << "round " << round << Describe(*second);
  }
  for (Subprocess* submit : {first.get(), second.get()}) {
    submit->Signal(SIGTERM);
    std::optional<int> exit_code = submit->Wait(seconds(60));
    ASSERT_TRUE(exit_code.has_value()) << Describe(*submit);
    EXPECT_EQ(*exit_code, 0) << Describe(*submit);
  }
  EXPECT_TRUE(cluster.Stop());
}

}  // namespace
}  // namespace sluice::testing
