// The per-batch operations end to end on an in-process local[2] cluster: files moved into a watched directory
// are read as file splits (a split is at most 4 bytes here, so "1\n2\n3\n4\n" is the partitions [1,2] [3,4], as
// Spark's tests cut their input), and what pprint writes to stdout is parsed back into batches.
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <functional>
#include <map>
#include <numeric>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "driver/api/streaming_context.h"
#include "gtest/gtest.h"

namespace sluice {
namespace {

// Everything written to stdout while it lives: pprint's output.
class CapturedStdout {
 public:
  CapturedStdout() : path_(::testing::TempDir() + "/stdout-XXXXXX") {
    std::fflush(stdout);
    int fd = mkstemp(path_.data());
    saved_ = dup(STDOUT_FILENO);
    dup2(fd, STDOUT_FILENO);
    close(fd);
  }
  ~CapturedStdout() {
    std::fflush(stdout);
    dup2(saved_, STDOUT_FILENO);
    close(saved_);
    unlink(path_.c_str());
  }

  std::string Text() const {
    std::ifstream in(path_);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
  }

 private:
  std::string path_;
  int saved_ = -1;
};

// The pprint blocks of one batch, in the order the outputs were defined.
using Blocks = std::vector<std::vector<std::string>>;

// Complete pprint blocks (Spark's format), grouped by batch time.
std::map<int64_t, Blocks> ParseBatches(const std::string& text) {
  const std::string dashes(43, '-');
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  std::map<int64_t, Blocks> batches;
  for (size_t i = 0; i + 2 < lines.size(); ++i) {
    if (lines[i] != dashes || lines[i + 1].rfind("Time: ", 0) != 0 || lines[i + 2] != dashes) continue;
    int64_t time = std::stoll(lines[i + 1].substr(6));
    std::vector<std::string> records;
    size_t j = i + 3;
    while (j < lines.size() && !lines[j].empty()) records.push_back(lines[j++]);
    if (j == lines.size()) break;  // the block's closing blank line has not arrived yet
    batches[time].push_back(std::move(records));
    i = j;
  }
  return batches;
}

std::string NewDirectory(const std::string& name) {
  std::string path = ::testing::TempDir() + "/" + name + "-XXXXXX";
  if (mkdtemp(path.data()) == nullptr) ADD_FAILURE() << "mkdtemp failed for " << path;
  return path;
}

// Files must appear complete: written elsewhere, then renamed into the watched directory.
void MoveFileInto(const std::string& directory, const std::string& name, const std::string& content) {
  std::string staging = ::testing::TempDir() + "/" + name + ".staging";
  std::ofstream(staging) << content;
  ASSERT_EQ(std::rename(staging.c_str(), (directory + "/" + name).c_str()), 0);
}

// Polls the output until `done` holds for the parsed batches, for up to 30 s.
std::map<int64_t, Blocks> WaitForBatches(const CapturedStdout& out,
                                         const std::function<bool(const std::map<int64_t, Blocks>&)>& done) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  std::map<int64_t, Blocks> batches;
  while (std::chrono::steady_clock::now() < deadline) {
    batches = ParseBatches(out.Text());
    if (done(batches)) return batches;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  ADD_FAILURE() << "timed out; output so far:\n" << out.Text();
  return batches;
}

// The first complete batch whose block `block` is not empty.
const Blocks* FirstWithData(const std::map<int64_t, Blocks>& batches, size_t num_blocks, size_t block = 0) {
  for (const auto& [time, blocks] : batches) {
    if (blocks.size() == num_blocks && !blocks[block].empty()) return &blocks;
  }
  return nullptr;
}

SluiceConf LocalConf() {
  return SluiceConf()
      .setMaster("local[2]")
      .setAppName("DStreamLocalTest")
      .set("worker.work_dir", ::testing::TempDir() + "/sluice-work")
      .set("input.file_split_bytes", "4")
      .set("app.graceful_stop_timeout_ms", "2000");
}

int ToInt(const std::string& line) { return std::stoi(line); }

std::set<std::string> AsSet(const std::vector<std::string>& lines) { return {lines.begin(), lines.end()}; }

TEST(DStreamLocalTest, GlomAndMapPartitionsSeeTheSplits) {
  CapturedStdout out;
  std::string dir = NewDirectory("partitions");
  StreamingContext ssc(LocalConf(), Milliseconds(500));
  DStream<int> ints = ssc.textFileStream(dir).map(ToInt);
  ints.glom().pprint(100);
  ints.mapPartitions([](std::vector<int> records) {
        return std::vector<int>{std::accumulate(records.begin(), records.end(), 0)};
      }).pprint(100);
  ssc.start();
  MoveFileInto(dir, "numbers.txt", "1\n2\n3\n4\n");
  auto batches = WaitForBatches(out, [](const auto& b) { return FirstWithData(b, 2) != nullptr; });
  ssc.stop();
  const Blocks* data = FirstWithData(batches, 2);
  ASSERT_NE(data, nullptr);
  EXPECT_EQ((*data)[0], (std::vector<std::string>{"[1, 2]", "[3, 4]"}));  // Spark's glom vector
  EXPECT_EQ((*data)[1], (std::vector<std::string>{"3", "7"}));            // Spark's mapPartitions vector
}

TEST(DStreamLocalTest, PairOperations) {
  CapturedStdout out;
  std::string dir = NewDirectory("pairs");
  StreamingContext ssc(LocalConf(), Milliseconds(500));
  auto pairs = ssc.textFileStream(dir).map([](std::string w) { return std::make_pair(std::move(w), 1); });
  pairs.groupByKey().pprint(100);
  auto counts = pairs.reduceByKey([](int a, int b) { return a + b; });
  counts.mapValues([](int v) { return v + 10; }).pprint(100);
  counts.flatMapValues([](int v) { return std::vector<int>{v, v + 10}; }).pprint(100);
  pairs
      .combineByKey([](int v) { return std::to_string(v); }, [](std::string c, int v) { return c + std::to_string(v); },
                    [](std::string a, std::string b) { return a + b; }, 3)
      .pprint(100);
  ssc.start();
  MoveFileInto(dir, "words.txt", "a\na\nb\n");
  auto batches = WaitForBatches(out, [](const auto& b) { return FirstWithData(b, 4) != nullptr; });
  ssc.stop();
  const Blocks* data = FirstWithData(batches, 4);
  ASSERT_NE(data, nullptr);
  // Spark's groupByKey, mapValues and flatMapValues vectors (compared as sets, as the suite does).
  EXPECT_EQ(AsSet((*data)[0]), (std::set<std::string>{"(a,[1, 1])", "(b,[1])"}));
  EXPECT_EQ(AsSet((*data)[1]), (std::set<std::string>{"(a,12)", "(b,11)"}));
  EXPECT_EQ(AsSet((*data)[2]), (std::set<std::string>{"(a,2)", "(a,12)", "(b,1)", "(b,11)"}));
  EXPECT_EQ(AsSet((*data)[3]), (std::set<std::string>{"(a,11)", "(b,1)"}));
  EXPECT_EQ((*data)[0].size(), 2u);
}

TEST(DStreamLocalTest, CountReduceAndCountByValueOnFullAndEmptyBatches) {
  CapturedStdout out;
  std::string dir = NewDirectory("aggregates");
  StreamingContext ssc(LocalConf(), Milliseconds(500));
  DStream<int> ints = ssc.textFileStream(dir).map(ToInt);
  ints.count().pprint();
  ints.reduce([](int a, int b) { return a + b; }).pprint();
  ints.countByValue().pprint();
  ssc.start();
  // An empty batch first, then the data.
  WaitForBatches(out, [](const auto& b) { return !b.empty() && b.begin()->second.size() == 3; });
  MoveFileInto(dir, "numbers.txt", "1\n2\n2\n");
  auto batches = WaitForBatches(out, [](const auto& b) { return FirstWithData(b, 3, 1) != nullptr; });
  ssc.stop();

  const Blocks& empty = batches.begin()->second;
  EXPECT_EQ(empty[0], std::vector<std::string>{"0"}) << "count of an empty batch";
  EXPECT_TRUE(empty[1].empty()) << "reduce of an empty batch";
  EXPECT_TRUE(empty[2].empty());

  const Blocks* data = FirstWithData(batches, 3, 1);
  ASSERT_NE(data, nullptr);
  EXPECT_EQ((*data)[0], std::vector<std::string>{"3"});
  EXPECT_EQ((*data)[1], std::vector<std::string>{"5"});
  EXPECT_EQ(AsSet((*data)[2]), (std::set<std::string>{"(1,1)", "(2,2)"}));
  int64_t total = 0;
  for (const auto& [time, blocks] : batches) {
    if (blocks.size() != 3) continue;
    ASSERT_EQ(blocks[0].size(), 1u) << "count gives exactly one record in batch " << time;
    total += std::stoll(blocks[0][0]);
  }
  EXPECT_EQ(total, 3);
}

std::vector<int> ParseVector(const std::string& line) {
  std::vector<int> values;
  std::string inner = line.substr(1, line.size() - 2);
  std::istringstream in(inner);
  for (std::string item; std::getline(in, item, ',');) values.push_back(std::stoi(item));
  return values;
}

TEST(DStreamLocalTest, RepartitionGivesExactlyNPartitionsOfTheSameElements) {
  CapturedStdout out;
  std::string dir = NewDirectory("repartition");
  StreamingContext ssc(LocalConf(), Milliseconds(500));
  ssc.textFileStream(dir).map(ToInt).repartition(3).glom().pprint(100);
  ssc.start();
  std::string content;
  for (int i = 1; i <= 20; ++i) content += std::to_string(i) + "\n";
  MoveFileInto(dir, "numbers.txt", content);
  auto has_data = [](const Blocks& blocks) {
    for (const std::string& line : blocks[0]) {
      if (line != "[]") return true;
    }
    return false;
  };
  auto batches = WaitForBatches(out, [&](const auto& b) {
    for (const auto& [time, blocks] : b) {
      if (has_data(blocks)) return true;
    }
    return false;
  });
  ssc.stop();
  for (const auto& [time, blocks] : batches) {
    ASSERT_EQ(blocks.size(), 1u);
    EXPECT_EQ(blocks[0].size(), 3u) << "batch " << time << " (an empty batch too has 3 partitions, as in Spark)";
    if (!has_data(blocks)) continue;
    std::multiset<int> elements;
    for (const std::string& line : blocks[0]) {
      for (int value : ParseVector(line)) elements.insert(value);
    }
    std::vector<int> expected(20);
    std::iota(expected.begin(), expected.end(), 1);
    EXPECT_EQ(elements, std::multiset<int>(expected.begin(), expected.end()));
  }
}

TEST(DStreamLocalTest, UnionListsTheFirstStreamsPartitionsThenTheOthers) {
  CapturedStdout out;
  std::string numbers = NewDirectory("union-numbers");
  std::string letters = NewDirectory("union-letters");
  StreamingContext ssc(LocalConf(), Milliseconds(500));
  DStream<std::string> s = ssc.textFileStream(numbers);
  auto plus = [](int k) { return [k](std::string x) { return std::to_string(std::stoi(x) + k); }; };
  s.union_(s.map(plus(4))).pprint(100);
  ssc.union_(std::vector<DStream<std::string>>{s, s.map(plus(4)), s.map(plus(8))}).pprint(100);
  ssc.union_(std::vector<DStream<std::string>>{s, ssc.textFileStream(letters)}).pprint(100);
  ssc.start();
  MoveFileInto(numbers, "numbers.txt", "1\n2\n3\n4\n");
  MoveFileInto(letters, "letters.txt", "x\ny\n");
  auto all_lines_of = [](const std::map<int64_t, Blocks>& b, size_t block) {
    std::vector<std::string> lines;
    for (const auto& [time, blocks] : b) {
      if (blocks.size() == 3) lines.insert(lines.end(), blocks[block].begin(), blocks[block].end());
    }
    return lines;
  };
  auto batches = WaitForBatches(out, [&](const auto& b) { return all_lines_of(b, 2).size() == 6; });
  ssc.stop();
  const Blocks* data = FirstWithData(batches, 3);
  ASSERT_NE(data, nullptr);
  // Spark's union and StreamingContext.union vectors: order matters.
  EXPECT_EQ((*data)[0], (std::vector<std::string>{"1", "2", "3", "4", "5", "6", "7", "8"}));
  EXPECT_EQ((*data)[1], (std::vector<std::string>{"1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12"}));
  // Different sources: the two files may land in different batches; within one, the first stream comes first.
  std::vector<std::string> crossed = all_lines_of(batches, 2);
  EXPECT_EQ(std::multiset<std::string>(crossed.begin(), crossed.end()),
            (std::multiset<std::string>{"1", "2", "3", "4", "x", "y"}));
  for (const auto& [time, blocks] : batches) {
    if (blocks.size() != 3) continue;
    bool letters_seen = false;
    for (const std::string& line : blocks[2]) {
      bool letter = line == "x" || line == "y";
      EXPECT_FALSE(letters_seen && !letter) << "a number after a letter in batch " << time;
      letters_seen = letters_seen || letter;
    }
  }
}

}  // namespace
}  // namespace sluice
