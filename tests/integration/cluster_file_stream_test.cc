// The file-stream word count (HdfsWordCount) on a real cluster: files moved into the watched directory after
// the start are counted exactly once; files that were there before, hidden files, copies in progress and a
// rewrite of a file already read are not.
#include <signal.h>
#include <stdio.h>
#include <sys/stat.h>

#include <fstream>

#include "gtest/gtest.h"
#include "tests/integration/cluster.h"
#include "tests/integration/printed_batches.h"
#include "tests/integration/random_text.h"
#include "tests/integration/subprocess.h"

namespace sluice::testing {
namespace {

using std::chrono::seconds;

void WriteFile(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
}

std::string Describe(Subprocess& submit) {
  return "\nsubmit stdout:\n" + Tail(submit.Stdout(), 60) + "\nsubmit stderr:\n" + Tail(submit.Stderr());
}

class ClusterFileStreamTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(cluster_.Start());
    input_dir_ = cluster_.dir() + "/input";
    staging_dir_ = cluster_.dir() + "/staging";  // same file system, so rename() is atomic
    ASSERT_EQ(mkdir(input_dir_.c_str(), 0755), 0);
    ASSERT_EQ(mkdir(staging_dir_.c_str(), 0755), 0);
  }

  // Writes the file completely elsewhere, then renames it into the watched directory, as the job asks.
  void MoveIn(const std::string& name, const std::string& text) {
    std::string staged = staging_dir_ + "/" + name;
    WriteFile(staged, text);
    ASSERT_EQ(rename(staged.c_str(), (input_dir_ + "/" + name).c_str()), 0);
  }

  Cluster cluster_;
  std::string input_dir_;
  std::string staging_dir_;
  std::mt19937 random_{5};
};

TEST_F(ClusterFileStreamTest, CountsEachNewFileExactlyOnce) {
  WriteFile(input_dir_ + "/before.txt", "old old old\n");
  auto submit = cluster_.Submit("driver/examples/hdfs_wordcount.so", {input_dir_, "1"}, "submit");
  // The directory is listed when the application is submitted: from then on, a new name is a new file.
  ASSERT_TRUE(WaitFor(
      [&] {
        std::optional<nlohmann::json> status = cluster_.Status();
        return status && (*status)["applications"].size() == 1 && (*status)["applications"][0]["state"] == "RUNNING";
      },
      seconds(30)))
      << Describe(*submit);

  const std::vector<std::string> vocabulary = {"river", "stone", "cloud", "leaf", "wind"};
  WordCounts expected;
  for (int round = 0; round < 3; ++round) {
    if (round == 1) {
      // Never read: a hidden file, a copy still in progress, and a rewrite (in place and by a rename over it) of a
      // file already read. They are all in place before the next new file, so the listing that finds that file
      // sees them too.
      WriteFile(input_dir_ + "/.hidden.txt", "hidden hidden\n");
      WriteFile(input_dir_ + "/part-9._COPYING_", "copying\n");
      WriteFile(input_dir_ + "/part-0.txt", "rewritten rewritten\n");
      WriteFile(staging_dir_ + "/replacement", "replaced\n");
      ASSERT_EQ(rename((staging_dir_ + "/replacement").c_str(), (input_dir_ + "/part-0.txt").c_str()), 0);
    }
    MoveIn("part-" + std::to_string(round) + ".txt", RandomLines(random_, vocabulary, 300, 4, &expected));
    ASSERT_TRUE(WaitFor([&] { return SumCounts(ParsePrintedBatches(submit->Stdout())) == expected; }, seconds(30)))
        << "round " << round << Describe(*submit);
  }
  // Nothing is read a second time in the batches that follow.
  size_t printed = ParsePrintedBatches(submit->Stdout()).size();
  ASSERT_TRUE(WaitFor([&] { return ParsePrintedBatches(submit->Stdout()).size() >= printed + 3; }, seconds(30)))
      << Describe(*submit);

  submit->Signal(SIGTERM);
  std::optional<int> exit_code = submit->Wait(seconds(60));
  ASSERT_TRUE(exit_code.has_value()) << Describe(*submit);
  EXPECT_EQ(*exit_code, 0) << Describe(*submit);
  EXPECT_EQ(SumCounts(ParsePrintedBatches(submit->Stdout())), expected) << Describe(*submit);
  EXPECT_TRUE(cluster_.Stop());
}

}  // namespace
}  // namespace sluice::testing
