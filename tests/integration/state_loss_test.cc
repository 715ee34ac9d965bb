// Losing a worker that keeps a mapWithState table: the state of its partitions is gone, and until recovering state
// from checkpoints exists (a later step) the application must fail with a clear error instead of going on without
// it. Runs the stateful network word count on a master with two workers and kills a worker that logged that it
// keeps a table.
#include <signal.h>

#include <chrono>
#include <optional>
#include <string>

#include "gtest/gtest.h"
#include "tests/integration/cluster.h"
#include "tests/integration/line_server.h"
#include "tests/integration/subprocess.h"

namespace sluice::testing {
namespace {

using std::chrono::seconds;

std::string Describe(Subprocess& submit) {
  return "\nsubmit stdout:\n" + Tail(submit.Stdout(), 40) + "\nsubmit stderr:\n" + Tail(submit.Stderr());
}

constexpr char kKeepsATable[] = "keeps the state table of partition";

TEST(StateLossTest, LosingAWorkerWithAStateTableFailsTheApplicationClearly) {
  Cluster cluster;  // heartbeats every 200 ms, a worker silent for 1.5 s is lost
  ASSERT_TRUE(cluster.Start());
  LineServer server;
  auto submit = cluster.Submit("driver/examples/stateful_network_wordcount.so",
                               {"127.0.0.1", std::to_string(server.port()), ::testing::TempDir() + "/state-loss"},
                               "submit");
  ASSERT_TRUE(server.WaitForClient(seconds(30))) << Describe(*submit);
  server.Send("hello world hello\napple banana cherry date elderberry fig grape\n");
  ASSERT_TRUE(WaitFor([&] { return submit->Stdout().find("(hello,3)") != std::string::npos; }, seconds(30)))
      << Describe(*submit);

  // A worker with a table, the one without the receiver if both have one, so the receiver stays.
  std::optional<nlohmann::json> status = cluster.Status();
  ASSERT_TRUE(status.has_value());
  std::optional<int> receiver = cluster.WorkerRunningReceiverOf((*status)["applications"][0]["id"]);
  ASSERT_TRUE(receiver.has_value());
  std::optional<int> victim;
  for (int i : {1 - *receiver, *receiver}) {
    if (!victim && cluster.worker(i).Stderr().find(kKeepsATable) != std::string::npos) victim = i;
  }
  ASSERT_TRUE(victim.has_value()) << "no worker logged that it keeps a table";
  cluster.KillWorker(*victim);

  std::optional<int> exit_code = submit->Wait(seconds(60));
  ASSERT_TRUE(exit_code.has_value()) << "the application went on without its state" << Describe(*submit);
  EXPECT_NE(*exit_code, 0) << Describe(*submit);
  const std::string errors = submit->Stderr();
  EXPECT_NE(errors.find("the state table of partition"), std::string::npos) << Describe(*submit);
  EXPECT_NE(errors.find("is on worker " + cluster.worker_id(*victim) + ", which is gone"), std::string::npos)
      << Describe(*submit);
  EXPECT_NE(errors.find("not recovered from its checkpoints yet"), std::string::npos) << Describe(*submit);
  EXPECT_TRUE(cluster.Stop());
}

}  // namespace
}  // namespace sluice::testing
