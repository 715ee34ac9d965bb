#include "worker/job_catalog.h"

#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>
#include <vector>

#include "worker/library_loader.h"

namespace sluice {
namespace {

std::string WordCountJobPath() {
  const char* runfiles = std::getenv("TEST_SRCDIR");
  return std::string(runfiles != nullptr ? runfiles : ".") + "/sluice/worker/testdata/word_count_job.so";
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

// What the driver would have built from the job with these arguments.
GraphDescription DriverGraph(const std::vector<std::string>& args) {
  auto job = LoadJobLibrary(WordCountJobPath(), args);
  EXPECT_TRUE(job.ok()) << job.status();
  return job->graph->description();
}

class JobCatalogTest : public ::testing::Test {
 protected:
  JobCatalogTest() {
    char dir_template[] = "/tmp/job_catalog_test.XXXXXX";
    work_dir_ = mkdtemp(dir_template);
  }
  ~JobCatalogTest() override { std::filesystem::remove_all(work_dir_); }

  JobCatalog::LibraryFetcher Fetcher(std::vector<std::string> worker_args, GraphDescription driver_graph) {
    return [this, worker_args, driver_graph](const std::string&) -> absl::StatusOr<JobLibrary> {
      ++fetches_;
      return JobLibrary{ReadFile(WordCountJobPath()), worker_args, driver_graph};
    };
  }

  std::string work_dir_;
  std::atomic<int> fetches_{0};
};

TEST_F(JobCatalogTest, LocalGraphsAreServedWithoutFetching) {
  JobCatalog catalog(work_dir_, [this](const std::string&) -> absl::StatusOr<JobLibrary> {
    ++fetches_;
    return absl::UnavailableError("no master");
  });
  auto graph = std::make_shared<GraphBuilder>(Seconds(1))->Build();
  catalog.RegisterLocal("local-hash", graph);
  auto got = catalog.Get("local-hash");
  ASSERT_TRUE(got.ok()) << got.status();
  EXPECT_EQ(got->get(), graph.get());
  EXPECT_EQ(fetches_, 0);
}

TEST_F(JobCatalogTest, FetchesWritesAndLoadsTheLibraryOnce) {
  std::vector<std::string> args = {"localhost", "9999"};
  JobCatalog catalog(work_dir_, Fetcher(args, DriverGraph(args)));
  std::vector<std::thread> callers;
  std::vector<const JobGraph*> seen(4, nullptr);
  for (int i = 0; i < 4; ++i) {
    callers.emplace_back([&, i] {
      auto graph = catalog.Get("hash1");
      ASSERT_TRUE(graph.ok()) << graph.status();
      seen[i] = graph->get();
    });
  }
  for (std::thread& caller : callers) caller.join();
  EXPECT_EQ(fetches_, 1);
  for (const JobGraph* graph : seen) EXPECT_EQ(graph, seen[0]);
  EXPECT_TRUE(std::filesystem::exists(work_dir_ + "/libs/hash1.so"));
  ASSERT_TRUE(catalog.Get("hash1").ok());
  EXPECT_EQ(fetches_, 1);
  EXPECT_EQ(seen[0]->description().nodes[0].params.at("port"), "9999");
}

TEST_F(JobCatalogTest, RefusesAGraphThatDiffersFromTheDrivers) {
  JobCatalog catalog(work_dir_, Fetcher({"localhost", "9999"}, DriverGraph({"localhost", "8888"})));
  auto graph = catalog.Get("hash2");
  ASSERT_FALSE(graph.ok());
  std::string message(graph.status().message());
  EXPECT_EQ(message.rfind("the job's graph on this worker differs from the driver's: node 0: ", 0), 0u) << message;
  EXPECT_NE(message.find("port=8888"), std::string::npos) << message;
  EXPECT_NE(message.find("(graph construction must be deterministic)"), std::string::npos) << message;
}

TEST_F(JobCatalogTest, AFailedFetchIsReportedAndRetriedOnTheNextCall) {
  JobCatalog catalog(work_dir_, [this](const std::string&) -> absl::StatusOr<JobLibrary> {
    ++fetches_;
    return absl::UnavailableError("connection refused");
  });
  auto graph = catalog.Get("hash3");
  ASSERT_FALSE(graph.ok());
  EXPECT_EQ(graph.status().message(), "cannot get the job library hash3 from the master: connection refused");
  EXPECT_FALSE(catalog.Get("hash3").ok());
  EXPECT_EQ(fetches_, 2);
}

TEST_F(JobCatalogTest, AHashMustBeAFileName) {
  JobCatalog catalog(work_dir_, Fetcher({}, {}));
  auto graph = catalog.Get("../../etc/evil");
  ASSERT_FALSE(graph.ok());
  EXPECT_EQ(graph.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(fetches_, 0);
}

}  // namespace
}  // namespace sluice
