// saveAsTextFiles' node as the worker and the driver call it: the sinks write part files into a hidden staging
// directory, and only the driver's commit makes the batch's directory appear, whole.
#include "runtime/text_file_output.h"

#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "gtest/gtest.h"

namespace sluice {
namespace {

namespace fs = std::filesystem;
using Count = std::pair<std::string, int>;
using Names = std::set<std::string>;

std::string MakeTempDir() {
  std::string pattern = ::testing::TempDir() + "/text_file_output_test.XXXXXX";
  const char* made = ::mkdtemp(pattern.data());
  EXPECT_NE(made, nullptr);
  return pattern;
}

NodeDescription SaveDescription(const std::string& prefix, const std::string& suffix) {
  NodeDescription description;
  description.id = 1;
  description.kind = NodeKind::kOutput;
  description.op = "saveAsTextFiles";
  description.parents = {0};
  description.params["prefix"] = prefix;
  description.params["suffix"] = suffix;
  return description;
}

Names Entries(const std::string& directory) {
  Names names;
  for (const auto& entry : fs::directory_iterator(directory)) names.insert(entry.path().filename().string());
  return names;
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream content;
  content << in.rdbuf();
  return content.str();
}

// Runs one task of the output as a worker does: the sink, the records, Finish().
ResultBuffer WritePartition(const TextFileOutputNode<Count>& node, Time batch_time, int32_t partition, int32_t attempt,
                            std::vector<Count> records) {
  ResultBuffer out;
  OutputTaskContext task{"app-1", batch_time, partition, attempt};
  std::unique_ptr<AnySink> sink = node.MakeResultSink(0, task, out);
  auto& typed = static_cast<Sink<Count>&>(*sink);
  for (Count& record : records) typed.Push(std::move(record));
  sink->Finish();
  return out;
}

TEST(TextFileOutputTest, NamesTheBatchDirectoryAsSpark) {
  EXPECT_EQ(TextFilesBatchDirectory("/out/words", "txt", Time(3000)), "/out/words-3000.txt");
  EXPECT_EQ(TextFilesBatchDirectory("/out/words", "", Time(3000)), "/out/words-3000");
  EXPECT_EQ(TextFilesStagingDirectory("/out/words-3000.txt"), "/out/.words-3000.txt.staging");
  EXPECT_EQ(TextFilesStagingDirectory("words-3000"), ".words-3000.staging");
}

TEST(TextFileOutputTest, TheBatchDirectoryAppearsOnlyAtTheDriversCommitWithEveryPart) {
  const std::string dir = MakeTempDir();
  TextFileOutputNode<Count> node(SaveDescription(dir + "/counts", "txt"));
  const std::string batch = dir + "/counts-2000.txt";

  ResultBuffer first = WritePartition(node, Time(2000), 0, 0, {{"a", 1}, {"b", 2}});
  WritePartition(node, Time(2000), 1, 0, {{"c", 3}});
  EXPECT_EQ(first.seen, 2);
  EXPECT_TRUE(first.records.empty()) << "nothing goes back to the driver";
  EXPECT_FALSE(fs::exists(batch)) << "no directory before the commit";
  EXPECT_EQ(Entries(dir), (Names{".counts-2000.txt.staging"})) << "only the hidden staging directory";

  EXPECT_TRUE(node.OnDriverResults(Time(2000), ""));
  EXPECT_EQ(Entries(dir), (Names{"counts-2000.txt"}));
  EXPECT_EQ(Entries(batch), (Names{"part-00000", "part-00001", "_SUCCESS"}));
  EXPECT_EQ(ReadFile(batch + "/part-00000"), "(a,1)\n(b,2)\n");
  EXPECT_EQ(ReadFile(batch + "/part-00001"), "(c,3)\n");
  EXPECT_EQ(ReadFile(batch + "/_SUCCESS"), "");
}

TEST(TextFileOutputTest, AnEmptyPartitionIsAnEmptyPartFile) {
  const std::string dir = MakeTempDir();
  TextFileOutputNode<Count> node(SaveDescription(dir + "/counts", ""));
  WritePartition(node, Time(1000), 0, 0, {});
  EXPECT_TRUE(node.OnDriverResults(Time(1000), ""));
  EXPECT_EQ(Entries(dir + "/counts-1000"), (Names{"part-00000", "_SUCCESS"}));
  EXPECT_EQ(ReadFile(dir + "/counts-1000/part-00000"), "");
}

TEST(TextFileOutputTest, ARetriedAttemptReplacesTheFirstWhole) {
  const std::string dir = MakeTempDir();
  TextFileOutputNode<Count> node(SaveDescription(dir + "/counts", ""));
  WritePartition(node, Time(1000), 0, 0, {{"first", 1}, {"attempt", 1}, {"longer", 1}});
  WritePartition(node, Time(1000), 0, 1, {{"second", 2}});
  EXPECT_TRUE(node.OnDriverResults(Time(1000), ""));
  EXPECT_EQ(Entries(dir + "/counts-1000"), (Names{"part-00000", "_SUCCESS"}));
  EXPECT_EQ(ReadFile(dir + "/counts-1000/part-00000"), "(second,2)\n");
}

TEST(TextFileOutputTest, AnAttemptThatFailsLeavesNoFile) {
  const std::string dir = MakeTempDir();
  TextFileOutputNode<Count> node(SaveDescription(dir + "/counts", ""));
  {
    ResultBuffer out;
    std::unique_ptr<AnySink> sink = node.MakeResultSink(0, OutputTaskContext{"app-1", Time(1000), 0, 0}, out);
    static_cast<Sink<Count>&>(*sink).Push(Count("lost", 1));
    // destroyed without Finish(), as when the task's input fails
  }
  EXPECT_EQ(Entries(dir + "/.counts-1000.staging"), Names{});
}

TEST(TextFileOutputTest, TheCommitDropsTheTemporaryFilesOfAttemptsThatDied) {
  const std::string dir = MakeTempDir();
  TextFileOutputNode<Count> node(SaveDescription(dir + "/counts", ""));
  WritePartition(node, Time(1000), 0, 0, {{"kept", 1}});
  std::ofstream(dir + "/.counts-1000.staging/.part-00001.attempt-0.tmp") << "(half";  // its worker was killed
  EXPECT_TRUE(node.OnDriverResults(Time(1000), ""));
  EXPECT_EQ(Entries(dir + "/counts-1000"), (Names{"part-00000", "_SUCCESS"}));
}

TEST(TextFileOutputTest, ABatchRunAgainReplacesItsDirectory) {
  const std::string dir = MakeTempDir();
  TextFileOutputNode<Count> node(SaveDescription(dir + "/counts", ""));
  WritePartition(node, Time(1000), 0, 0, {{"old", 1}});
  WritePartition(node, Time(1000), 1, 0, {{"old", 2}});
  EXPECT_TRUE(node.OnDriverResults(Time(1000), ""));

  WritePartition(node, Time(1000), 0, 0, {{"new", 1}});
  EXPECT_TRUE(node.OnDriverResults(Time(1000), ""));
  EXPECT_EQ(Entries(dir), (Names{"counts-1000"})) << "neither the staging nor the old directory is left";
  EXPECT_EQ(Entries(dir + "/counts-1000"), (Names{"part-00000", "_SUCCESS"}));
  EXPECT_EQ(ReadFile(dir + "/counts-1000/part-00000"), "(new,1)\n");
}

TEST(TextFileOutputTest, ABatchWithoutPartitionsStillGetsSuccess) {
  const std::string dir = MakeTempDir();
  TextFileOutputNode<Count> node(SaveDescription(dir + "/counts", ""));
  EXPECT_TRUE(node.OnDriverResults(Time(1000), ""));
  EXPECT_EQ(Entries(dir + "/counts-1000"), (Names{"_SUCCESS"}));
}

// A regular file where a directory must be: unwritable even for root, who ignores permission bits.
TEST(TextFileOutputTest, AnUnwritablePrefixFailsTheTaskNamingThePathAndTheReason) {
  const std::string dir = MakeTempDir();
  std::ofstream(dir + "/not-a-directory") << "x";
  TextFileOutputNode<Count> node(SaveDescription(dir + "/not-a-directory/counts", ""));
  ResultBuffer out;
  try {
    node.MakeResultSink(0, OutputTaskContext{"app-1", Time(1000), 0, 0}, out);
    FAIL() << "the sink should not open";
  } catch (const std::runtime_error& e) {
    EXPECT_EQ(std::string(e.what()),
              "cannot create directory '" + dir + "/not-a-directory/.counts-1000.staging': Not a directory");
  }
  try {
    node.OnDriverResults(Time(1000), "");
    FAIL() << "the commit should fail";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find(dir + "/not-a-directory/.counts-1000.staging': Not a directory"),
              std::string::npos)
        << e.what();
  }
}

}  // namespace
}  // namespace sluice
