// The network word count on a real cluster: sluice-master and two sluice-worker processes on 127.0.0.1, the
// job library shipped by sluice-submit to the workers through the master, fed over a real TCP socket. Every
// count is checked against what the test sent.
#include <signal.h>

#include <filesystem>
#include <fstream>
#include <sstream>

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

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

std::string Describe(Subprocess& submit) {
  return "\nsubmit stdout:\n" + Tail(submit.Stdout(), 60) + "\nsubmit stderr:\n" + Tail(submit.Stderr());
}

// The job libraries a worker fetched from the master, as files in its work directory.
std::vector<std::string> ShippedLibraries(const std::string& work_dir) {
  std::vector<std::string> libraries;
  std::error_code error;
  for (const auto& entry : std::filesystem::directory_iterator(work_dir + "/libs", error)) {
    std::string name = entry.path().filename().string();
    if (name.front() != '.' && entry.path().extension() == ".so") libraries.push_back(entry.path().string());
  }
  return libraries;
}

class ClusterWordCountTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(cluster_.Start()); }

  std::unique_ptr<Subprocess> SubmitWordCount(const LineServer& server, const std::string& name) {
    return cluster_.Submit(kJob, {"127.0.0.1", std::to_string(server.port()), "1"}, name);
  }

  // Sends `rounds` rounds of random words and waits, after each, until the printed counts are exactly `expected`.
  void SendRoundsAndCheck(LineServer& server, Subprocess& submit, const std::vector<std::string>& vocabulary,
                          int rounds, WordCounts* expected) {
    for (int round = 0; round < rounds; ++round) {
      server.Send(RandomLines(random_, vocabulary, 200, 5, expected));
      ASSERT_TRUE(WaitFor([&] { return SumCounts(ParsePrintedBatches(submit.Stdout())) == *expected; }, seconds(30)))
          << "round " << round << Describe(submit);
    }
  }

  Cluster cluster_;
  std::mt19937 random_{11};
};

TEST_F(ClusterWordCountTest, CountsExactlyOnTwoWorkersStopsGracefullyAndTakesASecondApplication) {
  LineServer server;
  auto submit = SubmitWordCount(server, "submit-first");
  ASSERT_TRUE(server.WaitForClient(seconds(30))) << Describe(*submit);

  WordCounts expected;
  SendRoundsAndCheck(server, *submit, {"alpha", "beta", "gamma", "delta", "epsilon"}, 3, &expected);

  // Both workers ran tasks of the application (the reduce tasks spread over every free slot), so both
  // fetched the job library from the master and loaded it.
  const std::string library_bytes = ReadFile(RunfilePath(kJob));
  for (int i = 0; i < cluster_.num_workers(); ++i) {
    ASSERT_TRUE(WaitFor([&] { return cluster_.worker(i).Stderr().find("loaded job library") != std::string::npos; },
                        seconds(30)))
        << "worker " << i << " log:\n"
        << Tail(cluster_.worker(i).Stderr());
    std::vector<std::string> shipped = ShippedLibraries(cluster_.worker_work_dir(i));
    ASSERT_EQ(shipped.size(), 1u) << "worker " << i;
    EXPECT_TRUE(ReadFile(shipped[0]) == library_bytes) << shipped[0] << " is not the submitted job library";
  }

  // Lines received just before the stop are still processed and printed: the stop comes as soon as the receiver
  // has stored the last line (3 rounds of 200 lines, then this one), most often before its batch ran.
  server.Send("omega omega\n");
  expected["omega"] = 2;
  ASSERT_TRUE(WaitFor([&] { return ReceivedRecords(cluster_.Status()) == 3 * 200 + 1; }, seconds(30)))
      << cluster_.Status().value_or(nlohmann::json()).dump();
  submit->Signal(SIGTERM);
  std::optional<int> exit_code = submit->Wait(seconds(60));
  ASSERT_TRUE(exit_code.has_value()) << Describe(*submit);
  EXPECT_EQ(*exit_code, 0) << Describe(*submit);
  std::vector<PrintedBatch> batches = ParsePrintedBatches(submit->Stdout());
  EXPECT_EQ(SumCounts(batches), expected) << Describe(*submit);
  for (const PrintedBatch& batch : batches) EXPECT_FALSE(batch.truncated);

  // The application is over; the cluster is not.
  for (int i = 0; i < cluster_.num_workers(); ++i) {
    EXPECT_FALSE(cluster_.worker(i).Wait(std::chrono::milliseconds(0)).has_value()) << "worker " << i << " exited";
  }
  EXPECT_FALSE(cluster_.master().Wait(std::chrono::milliseconds(0)).has_value()) << "the master exited";
  ASSERT_TRUE(WaitFor(
      [&] {
        std::optional<nlohmann::json> status = cluster_.Status();
        return status && (*status)["applications"].size() == 1 && (*status)["applications"][0]["state"] == "FINISHED" &&
               (*status)["workers"].size() == 2;
      },
      seconds(10)))
      << cluster_.Status().value_or(nlohmann::json()).dump();

  // A second application of the same job library, reading another server, runs on the same cluster.
  LineServer second_server;
  auto second = SubmitWordCount(second_server, "submit-second");
  ASSERT_TRUE(second_server.WaitForClient(seconds(30))) << Describe(*second);
  WordCounts second_expected;
  SendRoundsAndCheck(second_server, *second, {"one", "two", "three", "four"}, 2, &second_expected);
  second->Signal(SIGTERM);
  exit_code = second->Wait(seconds(60));
  ASSERT_TRUE(exit_code.has_value()) << Describe(*second);
  EXPECT_EQ(*exit_code, 0) << Describe(*second);
  EXPECT_EQ(SumCounts(ParsePrintedBatches(second->Stdout())), second_expected) << Describe(*second);

  EXPECT_TRUE(cluster_.Stop());
}

}  // namespace
}  // namespace sluice::testing
