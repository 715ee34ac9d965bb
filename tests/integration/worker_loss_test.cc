// Losing a worker: one of two workers is killed with SIGKILL while the network word count runs. The master must
// notice from the missing heartbeats, stop using the worker's slots, place the receiver again if it was there,
// and the application must go on with the remaining worker. Data in flight on the lost worker may be lost (none
// is, here: the kill comes between batches); data sent after the kill must be counted exactly.
#include <signal.h>

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

std::string Describe(Subprocess& submit) {
  return "\nsubmit stdout:\n" + Tail(submit.Stdout(), 60) + "\nsubmit stderr:\n" + Tail(submit.Stderr());
}

WordCounts Merged(WordCounts counts, const WordCounts& more) {
  for (const auto& [word, count] : more) counts[word] += count;
  return counts;
}

enum class Victim { kReceiverWorker, kOtherWorker };

class WorkerLossTest : public ::testing::TestWithParam<Victim> {};

TEST_P(WorkerLossTest, TheApplicationGoesOnWithTheRemainingWorker) {
  Cluster cluster;  // heartbeats every 200 ms, a worker silent for 1.5 s is lost
  ASSERT_TRUE(cluster.Start());
  LineServer server;
  auto submit = cluster.Submit("driver/examples/network_wordcount.so",
                               {"127.0.0.1", std::to_string(server.port()), "1"}, "submit");
  ASSERT_TRUE(server.WaitForClient(seconds(30))) << Describe(*submit);

  std::mt19937 random(17);
  const std::vector<std::string> before_vocabulary = {"north", "south", "east", "west"};
  WordCounts before;
  server.Send(RandomLines(random, before_vocabulary, 100, 4, &before));
  ASSERT_TRUE(WaitFor([&] { return SumCounts(ParsePrintedBatches(submit->Stdout())) == before; }, seconds(30)))
      << Describe(*submit);

  std::optional<nlohmann::json> status = cluster.Status();
  ASSERT_TRUE(status.has_value());
  const std::string app_id = (*status)["applications"][0]["id"];
  std::optional<int> receiver_worker = cluster.WorkerRunningReceiverOf(app_id);
  ASSERT_TRUE(receiver_worker.has_value());
  const int victim = GetParam() == Victim::kReceiverWorker ? *receiver_worker : 1 - *receiver_worker;
  const int survivor = 1 - victim;
  const std::string victim_id = cluster.worker_id(victim);

  cluster.KillWorker(victim);
  auto killed_at = std::chrono::steady_clock::now();
  // Like `nc -lk`, the line server serves one client at a time; it learns here that the dead one is gone, and
  // keeps what is sent from now on for the receiver placed again on the survivor.
  if (GetParam() == Victim::kReceiverWorker) server.DropClient();
  // Sent while the master still believes the victim alive: this data never was on the victim, so it must not
  // be lost (a batch's tasks that cannot be handed to the victim run on the survivor instead).
  const std::vector<std::string> window_vocabulary = {"early", "late", "soon"};
  WordCounts window;
  server.Send(RandomLines(random, window_vocabulary, 100, 3, &window));

  // The master notices within a few heartbeat intervals: the lost worker (and its slots) leave the cluster.
  ASSERT_TRUE(WaitFor(
      [&] { return cluster.ListedWorkerIds() == std::vector<std::string>{cluster.worker_id(survivor)}; }, seconds(20)))
      << cluster.Status().value_or(nlohmann::json()).dump() << "\nmaster log:\n"
      << Tail(cluster.master().Stderr());
  auto noticed_after = std::chrono::duration_cast<milliseconds>(std::chrono::steady_clock::now() - killed_at);
  EXPECT_LT(noticed_after, seconds(10)) << "a worker silent for 1.5 s should be declared lost long before";
  EXPECT_NE(cluster.master().Stderr().find("worker " + victim_id + " at"), std::string::npos);

  // Every word printed so far, not only this phase's: nothing sent before the loss is counted again.
  WordCounts expected = Merged(before, window);
  ASSERT_TRUE(WaitFor([&] { return SumCounts(ParsePrintedBatches(submit->Stdout())) == expected; }, seconds(30)))
      << Describe(*submit) << "\nmaster log:\n"
      << Tail(cluster.master().Stderr());
  EXPECT_EQ(cluster.WorkerRunningReceiverOf(app_id), std::optional<int>(survivor));

  const std::vector<std::string> after_vocabulary = {"up", "down", "left", "right", "center"};
  for (int round = 0; round < 2; ++round) {
    server.Send(RandomLines(random, after_vocabulary, 150, 5, &expected));
    ASSERT_TRUE(WaitFor([&] { return SumCounts(ParsePrintedBatches(submit->Stdout())) == expected; }, seconds(30)))
        << "round " << round << Describe(*submit);
  }
  // Once removed, the lost worker was offered nothing more (the master logs every task it fails to hand over).
  std::string master_log = cluster.master().Stderr();
  size_t removed = master_log.find("worker " + victim_id + " at");
  ASSERT_NE(removed, std::string::npos);
  EXPECT_EQ(master_log.find("could not hand a task to " + victim_id, removed), std::string::npos) << master_log;

  submit->Signal(SIGTERM);
  std::optional<int> exit_code = submit->Wait(seconds(60));
  ASSERT_TRUE(exit_code.has_value()) << Describe(*submit);
  EXPECT_EQ(*exit_code, 0) << Describe(*submit);
  EXPECT_EQ(SumCounts(ParsePrintedBatches(submit->Stdout())), expected) << Describe(*submit);
  EXPECT_TRUE(cluster.Stop());
}

INSTANTIATE_TEST_SUITE_P(Victims, WorkerLossTest, ::testing::Values(Victim::kReceiverWorker, Victim::kOtherWorker),
                         [](const ::testing::TestParamInfo<Victim>& info) {
                           return info.param == Victim::kReceiverWorker ? "ReceiverWorkerKilled" : "OtherWorkerKilled";
                         });

}  // namespace
}  // namespace sluice::testing
