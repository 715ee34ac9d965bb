// Bad input on the socket of the network word count, end to end in local mode: binary garbage, huge lines,
// lines over the record limit, and a server that drops the connection. Nothing crashes, every line that is
// accepted is counted exactly, and what is dropped is reported on the driver's stderr.
#include <signal.h>

#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "tests/integration/line_server.h"
#include "tests/integration/printed_batches.h"
#include "tests/integration/subprocess.h"

namespace sluice::testing {
namespace {

using std::chrono::seconds;
using Counts = std::map<std::string, int64_t>;

// What the word count makes of `text`, modelled independently: '\n'-terminated lines, one trailing '\r'
// removed, words separated by spaces.
void AddExpectedWords(const std::string& text, Counts* counts) {
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    std::string line = text.substr(start, end - start);
    if (!line.empty() && line.back() == '\r') line.pop_back();
    size_t word_start = 0;
    while (word_start <= line.size()) {
      size_t word_end = line.find(' ', word_start);
      if (word_end == std::string::npos) word_end = line.size();
      if (word_end > word_start) ++(*counts)[line.substr(word_start, word_end - word_start)];
      word_start = word_end + 1;
    }
    start = end + 1;
  }
}

// `bytes` bytes of words from `vocabulary` separated by single spaces, without a newline.
std::string WordsOfSize(size_t bytes, const std::vector<std::string>& vocabulary, std::mt19937& random) {
  std::string line;
  line.reserve(bytes + 16);
  while (line.size() < bytes) {
    line += vocabulary[random() % vocabulary.size()];
    line += ' ';
  }
  line.resize(bytes);
  if (line.back() == ' ') line.back() = 'z';  // the line has exactly `bytes` bytes; its last word may be cut
  return line;
}

bool HasLogLine(const std::string& log, const std::string& component, const std::string& needle) {
  size_t start = 0;
  while (start < log.size()) {
    size_t end = log.find('\n', start);
    if (end == std::string::npos) end = log.size();
    std::string line = log.substr(start, end - start);
    if (line.find("[" + component + "]") != std::string::npos && line.find(needle) != std::string::npos) return true;
    start = end + 1;
  }
  return false;
}

class BadSocketInputTest : public ::testing::Test {
 protected:
  void StartSubmit(std::vector<std::string> conf = {}) {
    std::vector<std::string> argv = {RunfilePath("driver/sluice-submit"), "--master", "local[2]"};
    for (const std::string& setting : conf) {
      argv.push_back("--conf");
      argv.push_back(setting);
    }
    for (std::string arg : {RunfilePath("driver/examples/network_wordcount.so"), std::string("127.0.0.1"),
                            std::to_string(server_.port()), std::string("1")}) {
      argv.push_back(arg);
    }
    submit_ = std::make_unique<Subprocess>(argv, ::testing::TempDir(), "submit");
    ASSERT_TRUE(server_.WaitForClient(seconds(30))) << submit_->Stderr();
  }

  void SendAndExpect(const std::string& text) {
    AddExpectedWords(text, &expected_);
    server_.Send(text);
  }

  bool AllCounted() { return SumCounts(ParsePrintedBatches(submit_->Stdout())) == expected_; }

  std::string Output() const {
    std::string out = submit_->Stdout();
    if (out.size() > 20000) out = "..." + out.substr(out.size() - 20000);
    return "\nstdout:\n" + out + "\nstderr:\n" + submit_->Stderr();
  }

  // Stops the job gracefully: it exits 0 and has printed every count exactly.
  void StopAndCheck() {
    submit_->Signal(SIGTERM);
    std::optional<int> exit_code = submit_->Wait(seconds(60));
    ASSERT_TRUE(exit_code.has_value()) << Output();
    EXPECT_EQ(*exit_code, 0) << Output();
    std::vector<PrintedBatch> batches = ParsePrintedBatches(submit_->Stdout());
    EXPECT_EQ(SumCounts(batches), expected_) << Output();
    for (const PrintedBatch& batch : batches) EXPECT_FALSE(batch.truncated) << "more than 10 words in a batch";
  }

  LineServer server_;
  std::unique_ptr<Subprocess> submit_;
  Counts expected_;
};

TEST_F(BadSocketInputTest, BinaryGarbageIsJustMoreLinesAndTheWordsAfterItAreExact) {
  StartSubmit();
  // Lines of random bytes: NUL, invalid UTF-8, lone continuation bytes, '\r' in the middle; no spaces except one,
  // so that they make few distinct words (pprint shows 10 per batch). Bytes pass through unchanged, so the
  // garbage words are compared exactly too.
  std::mt19937 random(11);
  std::string garbage;
  for (int line = 0; line < 4; ++line) {
    garbage += std::string("\0\xff\xc3\x28\x80", 5);
    for (int i = 0; i < 200; ++i) {
      char byte = static_cast<char>(random() % 256);
      garbage += (byte == ' ' || byte == '\n') ? '\x01' : byte;
    }
    if (line == 2) garbage += " \xfe\xfd";
    garbage += line == 1 ? "\r\n" : "\n";
  }
  SendAndExpect(garbage);
  SendAndExpect("alpha beta gamma\r\nbeta gamma\ndelta alpha alpha\n");
  ASSERT_TRUE(WaitFor([&] { return AllCounted(); }, seconds(30))) << Output();
  EXPECT_EQ(expected_["alpha"], 3);
  EXPECT_EQ(expected_["beta"], 2);

  SendAndExpect("gamma delta\n");
  ASSERT_TRUE(WaitFor([&] { return AllCounted(); }, seconds(30))) << Output();
  StopAndCheck();
}

TEST_F(BadSocketInputTest, TenMegabyteLinesAreRecordsLikeAnyOther) {
  StartSubmit();
  std::mt19937 random(3);
  const std::vector<std::string> vocabulary = {"north", "south", "east", "west"};
  // One 10 MB line of words, read in many pieces and counted word by word; then a 3 MB line that is a single word.
  SendAndExpect(WordsOfSize(10 << 20, vocabulary, random) + "\n");
  SendAndExpect("huge" + std::string(3 << 20, 'w') + "\n");
  SendAndExpect("north up\nup down\n");
  ASSERT_TRUE(WaitFor([&] { return AllCounted(); }, seconds(60))) << Output();
  SendAndExpect("down down\n");
  ASSERT_TRUE(WaitFor([&] { return AllCounted(); }, seconds(30))) << Output();
  StopAndCheck();
}

TEST_F(BadSocketInputTest, LineOverTheRecordLimitIsDroppedWithAWarningAndTheOthersAreExact) {
  constexpr int kLimit = 1 << 20;
  StartSubmit({"input.max_record_bytes=" + std::to_string(kLimit)});
  std::mt19937 random(5);
  SendAndExpect("before the long line\n");
  // Twice the limit: dropped as it streams by, none of its words counted.
  server_.Send(WordsOfSize(2 * kLimit, {"dropped", "lost"}, random) + "\n");
  // Exactly the limit (and a '\r' that is not part of the record): accepted.
  SendAndExpect("edge" + std::string(kLimit - 4, 'e') + "\r\n");
  SendAndExpect("after the long line\n");
  ASSERT_TRUE(WaitFor([&] { return AllCounted(); }, seconds(30))) << Output();
  EXPECT_TRUE(WaitFor(
      [&] {
        return HasLogLine(submit_->Stderr(), "driver",
                          "dropped a line of more than " + std::to_string(kLimit) + " bytes");
      },
      seconds(30)))
      << Output();

  SendAndExpect("still counting\n");
  ASSERT_TRUE(WaitFor([&] { return AllCounted(); }, seconds(30))) << Output();
  StopAndCheck();
}

TEST_F(BadSocketInputTest, ReceiverReconnectsAfterTheServerDropsItAndLosesNothing) {
  StartSubmit();
  SendAndExpect("one two two\n");
  ASSERT_TRUE(WaitFor([&] { return AllCounted(); }, seconds(30))) << Output();

  // The last line before the drop has no '\n': the stream ended there, so it is a line all the same.
  SendAndExpect("three three\nfour");
  // "three" counted shows the chunk went out on this connection (the server sends one chunk at a time).
  ASSERT_TRUE(WaitFor([&] { return SumCounts(ParsePrintedBatches(submit_->Stdout())).counts["three"] == 2; },
                      seconds(30)))
      << Output();
  server_.DropClient();
  // Queued while no one is connected: the server sends it to the receiver once it is back.
  SendAndExpect("five six\nsix\n");
  ASSERT_TRUE(WaitFor([&] { return AllCounted(); }, seconds(60))) << Output();
  EXPECT_TRUE(HasLogLine(submit_->Stderr(), "driver", "Socket data stream had no more data")) << Output();

  SendAndExpect("seven\n");
  ASSERT_TRUE(WaitFor([&] { return AllCounted(); }, seconds(30))) << Output();
  StopAndCheck();
}

}  // namespace
}  // namespace sluice::testing
