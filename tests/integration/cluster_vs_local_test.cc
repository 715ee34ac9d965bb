// The same operations in local mode and on a real two-worker cluster must give exactly the same batches: the
// same batch times and, per batch, the same records. They are compared sorted: the order of a batch's records
// follows how the engine cut it into partitions (the default parallelism differs between the two), its contents
// must not. The workers' debug logs show that tasks of one batch ran on both workers, so the cluster's shuffles
// really crossed processes.
#include <algorithm>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "tests/integration/cluster.h"
#include "tests/integration/printed_batches.h"
#include "tests/integration/subprocess.h"

namespace sluice::testing {
namespace {

using std::chrono::seconds;

constexpr char kJob[] = "tests/integration/operations_job.so";
constexpr seconds kRunTimeout(60);
constexpr int kBatches = 7;  // the job's app.manual_clock.batches

// How many batches have an output: a window with slide 2 has data only at every second batch.
size_t OutputBatches(const std::string& operation) {
  return operation == "reduceByKeyAndWindowSlide2" ? kBatches / 2 : kBatches;
}

// The job's arguments: the operation, and for a stateful one the checkpoint directory Spark requires.
std::vector<std::string> JobArgs(const std::string& operation) {
  if (operation == "updateStateByKey" || operation == "mapWithState") return {operation, ::testing::TempDir() + "/checkpoints-" + operation};
  return {operation};
}

std::string Describe(Subprocess& submit) {
  return "\nstdout:\n" + Tail(submit.Stdout(), 60) + "\nstderr:\n" + Tail(submit.Stderr());
}

// Runs the job to its end and returns its printed batches; a failure is recorded on the test.
std::vector<PrintedBatch> RunToEnd(Subprocess& submit, const std::string& mode) {
  std::optional<int> exit_code = submit.Wait(kRunTimeout);
  EXPECT_TRUE(exit_code.has_value()) << mode << ": the application did not end by itself" << Describe(submit);
  EXPECT_EQ(exit_code.value_or(-1), 0) << mode << Describe(submit);
  std::vector<PrintedBatch> batches = ParsePrintedBatches(submit.Stdout());
  for (PrintedBatch& batch : batches) std::sort(batch.lines.begin(), batch.lines.end());
  return batches;
}

std::string Show(const PrintedBatch& batch) {
  std::ostringstream out;
  out << "batch " << batch.time_ms << " ms (" << batch.lines.size() << " records):";
  for (const std::string& line : batch.lines) out << " " << line;
  return out.str();
}

// The batch times of the tasks that `log` (a worker's) says succeeded.
// "task 3.1 attempt 0 of batch 2000 ms (app app-...) succeeded: ..."
std::set<int64_t> BatchesWithSucceededTasks(const std::string& log) {
  static const std::regex kSucceeded(R"(task \d+\.\d+ attempt \d+ of batch (\d+) ms \(app [^)]*\) succeeded)");
  std::set<int64_t> batches;
  for (auto it = std::sregex_iterator(log.begin(), log.end(), kSucceeded); it != std::sregex_iterator(); ++it) {
    batches.insert(std::stoll((*it)[1].str()));
  }
  return batches;
}

class ClusterVsLocalTest : public ::testing::TestWithParam<std::string> {
 protected:
  static void SetUpTestSuite() {
    ClusterOptions options;
    options.log_level = "debug";  // workers log every task they run
    cluster_ = new Cluster(options);
    ASSERT_TRUE(cluster_->Start());
  }
  static void TearDownTestSuite() {
    EXPECT_TRUE(cluster_->Stop());
    delete cluster_;
    cluster_ = nullptr;
  }

  static Cluster* cluster_;
};

Cluster* ClusterVsLocalTest::cluster_ = nullptr;

TEST_P(ClusterVsLocalTest, GivesExactlyTheBatchesOfLocalMode) {
  ASSERT_NE(cluster_, nullptr);
  const std::string& operation = GetParam();
  // The workers serve every test of the suite: only what they log from here on is about this run.
  std::vector<size_t> log_offsets;
  for (int i = 0; i < cluster_->num_workers(); ++i) log_offsets.push_back(cluster_->worker(i).Stderr().size());

  std::vector<std::string> local_command = {RunfilePath("driver/sluice-submit"), "--master", "local[2]",
                                            RunfilePath(kJob)};
  for (const std::string& arg : JobArgs(operation)) local_command.push_back(arg);
  Subprocess local(local_command, ::testing::TempDir(), "local-" + operation);
  std::vector<PrintedBatch> expected = RunToEnd(local, "local mode");
  auto submit = cluster_->Submit(kJob, JobArgs(operation), "cluster-" + operation);
  std::vector<PrintedBatch> actual = RunToEnd(*submit, "cluster");

  // Every batch at the output's slide has an output (the queue's batches after it drains are empty, not absent),
  // and the output is not trivially empty.
  ASSERT_EQ(expected.size(), OutputBatches(operation)) << "local mode" << Describe(local);
  size_t records = 0;
  for (const PrintedBatch& batch : expected) records += batch.lines.size();
  EXPECT_GT(records, 20u) << Describe(local);
  ASSERT_EQ(actual.size(), expected.size()) << "cluster" << Describe(*submit);
  for (size_t k = 0; k < expected.size(); ++k) {
    EXPECT_FALSE(actual[k].truncated);
    EXPECT_EQ(actual[k].time_ms, expected[k].time_ms) << "batch " << k;
    EXPECT_EQ(actual[k].lines, expected[k].lines) << "cluster: " << Show(actual[k]) << "\nlocal:   " << Show(expected[k]);
  }

  // The shuffles crossed workers if both workers ran tasks of one batch: each reduce task reads the outputs of
  // every map task of its shuffle.
  std::map<int64_t, int> workers_per_batch;
  for (int i = 0; i < cluster_->num_workers(); ++i) {
    std::string log = cluster_->worker(i).Stderr().substr(log_offsets[i]);
    for (int64_t batch : BatchesWithSucceededTasks(log)) ++workers_per_batch[batch];
  }
  int shared = 0;
  for (const auto& [batch, workers] : workers_per_batch) shared += workers == cluster_->num_workers() ? 1 : 0;
  EXPECT_GE(shared, 1) << "no batch ran tasks on every worker; the comparison did not cross workers";
}

INSTANTIATE_TEST_SUITE_P(Operations, ClusterVsLocalTest,
                         ::testing::Values("join", "reduceByKeyAndWindow", "reduceByKeyAndWindowSlide2", "window",
                                           "updateStateByKey", "mapWithState", "transform", "foreachRDD"),
                         [](const ::testing::TestParamInfo<std::string>& info) { return info.param; });

}  // namespace
}  // namespace sluice::testing
