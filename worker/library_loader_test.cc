#include "worker/library_loader.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <string>

#include "common/codec.h"

namespace sluice {
namespace {

std::string TestJob(const std::string& name) {
  const char* runfiles = std::getenv("TEST_SRCDIR");
  return std::string(runfiles != nullptr ? runfiles : ".") + "/sluice/worker/testdata/" + name;
}

TEST(LibraryLoaderTest, RebuildsTheJobsGraphWithItsArguments) {
  auto job = LoadJobLibrary(TestJob("word_count_job.so"), {"example.org", "7777", "5"});
  ASSERT_TRUE(job.ok()) << job.status();
  const GraphDescription& graph = job->graph->description();
  EXPECT_EQ(graph.batch_ms, 1000);
  ASSERT_EQ(graph.nodes.size(), 5u);
  EXPECT_EQ(graph.nodes[0].op, "socketTextStream");
  EXPECT_EQ(graph.nodes[0].params.at("host"), "example.org");
  EXPECT_EQ(graph.nodes[0].params.at("port"), "7777");
  EXPECT_EQ(graph.nodes[3].op, "reduceByKey");
  EXPECT_EQ(graph.nodes[3].num_partitions, 5);
  EXPECT_EQ(graph.nodes[4].op, "pprint");
}

TEST(LibraryLoaderTest, TheSameLibraryBuildsTheSameGraphEachTime) {
  auto first = LoadJobLibrary(TestJob("word_count_job.so"), {"h", "1"});
  auto second = LoadJobLibrary(TestJob("word_count_job.so"), {"h", "1"});
  ASSERT_TRUE(first.ok() && second.ok());
  EXPECT_EQ(first->graph->description(), second->graph->description());
  EXPECT_EQ(first->graph->description().Fingerprint(), second->graph->description().Fingerprint());
}

TEST(LibraryLoaderTest, TheGraphRunsTheLibrarysCode) {
  auto job = LoadJobLibrary(TestJob("word_count_job.so"), {});
  ASSERT_TRUE(job.ok()) << job.status();
  std::vector<std::string> lines;
  std::string encoded;
  EncodeRecord(std::string("hello"), &encoded);
  ASSERT_TRUE(job->graph->node(0).FormatRecords(encoded, &lines));
  EXPECT_EQ(lines, std::vector<std::string>{"hello"});
}

TEST(LibraryLoaderTest, MissingFile) {
  std::string path = TestJob("no_such_job.so");
  auto job = LoadJobLibrary(path, {});
  ASSERT_FALSE(job.ok());
  EXPECT_NE(job.status().message().find("cannot load job library " + path + ": "), absl::string_view::npos)
      << job.status();
}

TEST(LibraryLoaderTest, ALibraryWithoutTheEntryPointIsNotAJob) {
  std::string path = TestJob("not_a_job.so");
  auto job = LoadJobLibrary(path, {});
  ASSERT_FALSE(job.ok());
  EXPECT_EQ(job.status().message(), path + " is not a Sluice job (no SLUICE_JOB entry point)");
}

TEST(LibraryLoaderTest, AJobThatThrowsBeforeStartGivesItsMessage) {
  auto job = LoadJobLibrary(TestJob("throwing_job.so"), {});
  ASSERT_FALSE(job.ok());
  EXPECT_NE(job.status().message().find("usage: throwing_job <directory>"), absl::string_view::npos)
      << job.status();
}

TEST(LibraryLoaderTest, AJobThatNeverStartsItsContext) {
  auto job = LoadJobLibrary(TestJob("no_start_job.so"), {});
  ASSERT_FALSE(job.ok());
  EXPECT_EQ(job.status().message(), "the job returned without calling StreamingContext::start()");
}

}  // namespace
}  // namespace sluice
