// The network word count end to end in local mode: the real sluice-submit process running the real job library,
// fed over a real TCP socket; every batch's counts are checked against what the test sent.
#include <signal.h>

#include <map>
#include <random>

#include "gtest/gtest.h"
#include "tests/integration/cluster.h"
#include "tests/integration/line_server.h"
#include "tests/integration/printed_batches.h"
#include "tests/integration/subprocess.h"

namespace sluice::testing {
namespace {

using std::chrono::seconds;

class LocalWordCountTest : public ::testing::Test {
 protected:
  std::unique_ptr<Subprocess> Submit(int port) {
    return std::make_unique<Subprocess>(
        std::vector<std::string>{RunfilePath("driver/sluice-submit"), "--master", "local[2]",
                                 "--conf", "local.webui_port=0", "--log_level", "info",
                                 RunfilePath("driver/examples/network_wordcount.so"),
                                 "127.0.0.1",
                                 std::to_string(port), "1"},
        ::testing::TempDir(), "submit");
  }
};

TEST_F(LocalWordCountTest, CountsEveryWordExactlyAndStopsGracefully) {
  LineServer server;
  auto submit = Submit(server.port());
  ASSERT_TRUE(server.WaitForClient(seconds(30))) << submit->Stderr();

  std::mt19937 random(7);
  const std::vector<std::string> vocabulary = {"alpha", "beta", "gamma", "delta", "epsilon"};
  std::map<std::string, int64_t> expected;
  for (int round = 0; round < 3; ++round) {
    std::string text;
    for (int line = 0; line < 200; ++line) {
      for (int w = 0; w < 5; ++w) {
        const std::string& word = vocabulary[random() % vocabulary.size()];
        text += word + (w == 4 ? "\n" : " ");
        ++expected[word];
      }
    }
    server.Send(text);
    ASSERT_TRUE(WaitFor([&] { return SumCounts(ParsePrintedBatches(submit->Stdout())) == expected; }, seconds(30)))
        << "round " << round << "\nstdout:\n" << submit->Stdout() << "\nstderr:\n" << submit->Stderr();
  }

  // Lines received just before the stop are still processed and printed: the stop comes as soon as the receiver
  // has stored the last line (3 rounds of 200 lines, then this one), most often before its batch ran.
  server.Send("omega omega\n");
  expected["omega"] = 2;
  std::optional<std::string> status_page = WordAfter(submit->Stderr(), "status page at http://127.0.0.1:");
  ASSERT_TRUE(status_page.has_value()) << submit->Stderr();
  const int webui_port = std::atoi(status_page->c_str());  // atoi stops at the closing slash
  ASSERT_TRUE(WaitFor([&] { return ReceivedRecords(MasterStatus(webui_port)) == 3 * 200 + 1; }, seconds(30)))
      << MasterStatus(webui_port).value_or(nlohmann::json()).dump();
  submit->Signal(SIGTERM);
  auto exit_code = submit->Wait(seconds(60));
  ASSERT_TRUE(exit_code.has_value()) << submit->Stderr();
  EXPECT_EQ(*exit_code, 0) << submit->Stderr();

  std::vector<PrintedBatch> batches = ParsePrintedBatches(submit->Stdout());
  EXPECT_EQ(SumCounts(batches), expected) << submit->Stdout();
  ASSERT_GE(batches.size(), 3u);
  for (size_t i = 0; i < batches.size(); ++i) {
    EXPECT_EQ(batches[i].time_ms % 1000, 0) << "batch times are aligned to the interval";
    EXPECT_FALSE(batches[i].truncated);
    if (i > 0) EXPECT_EQ(batches[i].time_ms - batches[i - 1].time_ms, 1000) << "one batch per interval, none skipped";
  }
}

TEST_F(LocalWordCountTest, ReceiverThatCannotConnectFailsTheJobWithAClearError) {
  int unused_port;
  {
    LineServer closed;
    unused_port = closed.port();
  }
  auto submit = Submit(unused_port);
  auto exit_code = submit->Wait(seconds(60));
  ASSERT_TRUE(exit_code.has_value());
  EXPECT_NE(*exit_code, 0);
  EXPECT_NE(submit->Stderr().find("Error connecting to 127.0.0.1:" + std::to_string(unused_port)), std::string::npos)
      << submit->Stderr();
}

}  // namespace
}  // namespace sluice::testing
