// saveAsTextFiles through the real engine in local mode (master and workers in this process) under the manual
// clock: every batch becomes one complete directory of part files, and nothing half-written is left behind.
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "driver/api/errors.h"
#include "driver/api/streaming_context.h"
#include "driver/api/testing/manual_clock_conf.h"
#include "gtest/gtest.h"

namespace sluice {
namespace {

namespace fs = std::filesystem;
using Names = std::set<std::string>;
using Count = std::pair<std::string, int>;

SluiceConf ManualClockConf(int batches) { return sluice::ManualClockConf("SaveAsTextFilesLocalTest", batches); }

std::string MakeTempDir() {
  std::string pattern = ::testing::TempDir() + "/save_as_text_files_local_test.XXXXXX";
  const char* made = ::mkdtemp(pattern.data());
  EXPECT_NE(made, nullptr);
  return pattern;
}

Names Entries(const std::string& directory) {
  Names names;
  for (const auto& entry : fs::directory_iterator(directory)) names.insert(entry.path().filename().string());
  return names;
}

// The lines of every part file of a batch directory, as a set: the order of keys after a shuffle is not fixed.
std::multiset<std::string> PartLines(const std::string& directory) {
  std::multiset<std::string> lines;
  for (const std::string& name : Entries(directory)) {
    if (name.rfind("part-", 0) != 0) continue;
    std::ifstream in(directory + "/" + name);
    for (std::string line; std::getline(in, line);) lines.insert(line);
  }
  return lines;
}

TEST(SaveAsTextFilesLocalTest, EveryBatchIsOneCompleteDirectory) {
  const std::string dir = MakeTempDir();
  StreamingContext ssc(ManualClockConf(3), Seconds(1));
  auto words = ssc.queueStream<std::string>({{"a", "b", "a", "c"}, {"b", "b"}, {}}, /*one_at_a_time=*/true,
                                            /*num_partitions=*/2);
  words.map([](std::string w) { return Count(std::move(w), 1); })
      .reduceByKey([](int a, int b) { return a + b; }, /*num_partitions=*/2)
      .saveAsTextFiles(dir + "/counts", "txt");
  ssc.start();
  ssc.awaitTermination();

  EXPECT_EQ(Entries(dir), (Names{"counts-1000.txt", "counts-2000.txt", "counts-3000.txt"}))
      << "no staging directory is left";
  for (const char* batch : {"counts-1000.txt", "counts-2000.txt", "counts-3000.txt"}) {
    EXPECT_EQ(Entries(dir + "/" + batch), (Names{"part-00000", "part-00001", "_SUCCESS"})) << batch;
  }
  EXPECT_EQ(PartLines(dir + "/counts-1000.txt"), (std::multiset<std::string>{"(a,2)", "(b,1)", "(c,1)"}));
  EXPECT_EQ(PartLines(dir + "/counts-2000.txt"), (std::multiset<std::string>{"(b,2)"}));
  EXPECT_EQ(PartLines(dir + "/counts-3000.txt"), (std::multiset<std::string>{}));
}

TEST(SaveAsTextFilesLocalTest, WithoutASuffixAndInPartitionOrder) {
  const std::string dir = MakeTempDir();
  StreamingContext ssc(ManualClockConf(1), Seconds(1));
  ssc.queueStream<int>({{1, 2, 3}}, /*one_at_a_time=*/true, /*num_partitions=*/2)
      .map([](int x) { return x * 10; })
      .saveAsTextFiles(dir + "/tens");
  ssc.start();
  ssc.awaitTermination();
  EXPECT_EQ(Entries(dir + "/tens-1000"), (Names{"part-00000", "part-00001", "_SUCCESS"}));
  std::ifstream first(dir + "/tens-1000/part-00000"), second(dir + "/tens-1000/part-00001");
  std::string content((std::istreambuf_iterator<char>(first)), {});
  content.append(std::istreambuf_iterator<char>(second), {});
  EXPECT_EQ(content, "10\n20\n30\n") << "parallelize's slices: [1] and [2, 3]";
}

TEST(SaveAsTextFilesLocalTest, AnUnwritablePrefixFailsTheJobNamingThePath) {
  const std::string dir = MakeTempDir();
  std::ofstream(dir + "/not-a-directory") << "x";  // unwritable even for root
  StreamingContext ssc(ManualClockConf(2), Seconds(1));
  ssc.queueStream<int>({{1}, {2}}).saveAsTextFiles(dir + "/not-a-directory/out");
  ssc.start();
  try {
    ssc.awaitTermination();
    FAIL() << "the application should have failed";
  } catch (const JobFailedError& e) {
    EXPECT_NE(std::string(e.what()).find("cannot create directory '" + dir +
                                         "/not-a-directory/.out-1000.staging': Not a directory"),
              std::string::npos)
        << e.what();
  }
}

TEST(SaveAsTextFilesLocalTest, AnEmptyPrefixIsRefusedWhenDefined) {
  StreamingContext ssc(ManualClockConf(1), Seconds(1));
  auto stream = ssc.queueStream<int>({{1}});
  try {
    stream.saveAsTextFiles("");
    FAIL() << "an empty prefix should be refused";
  } catch (const IllegalArgumentError& e) {
    EXPECT_EQ(std::string(e.what()), "saveAsTextFiles: the prefix of the output directories is empty");
  }
}

}  // namespace
}  // namespace sluice
