// The master with a window on a manual clock: the window's parent is materialized at every batch, the window's
// output comes only at multiples of its slide and reads the parent's partitions of the batches in its window,
// and each materialized partition is released, by key, once no later window reads it. The workers are a fake
// that runs every task at once; a window task returns one byte per partition it read: the partition's batch
// in seconds.
#include <chrono>
#include <mutex>
#include <thread>

#include "gtest/gtest.h"
#include "master/testing/master_test_env.h"

namespace sluice {
namespace {

class MasterWindowTest : public testing::MasterTestEnv {
 protected:
  // What a task reads of earlier batches: a window's materialized parts, a state's previous state.
  static std::vector<MaterializedPart> PartsRead(const TaskSpec& task) {
    if (const auto* read = std::get_if<MaterializedInput>(&task.input)) return read->partitions;
    if (const auto* read = std::get_if<ShuffleReadInput>(&task.input); read && read->state) return read->state->previous;
    return {};
  }

  TaskReport RunTask(const TaskSpec& task) override {
    if (const auto* read = std::get_if<ShuffleReadInput>(&task.input); read && read->state) {
      std::lock_guard<std::mutex> lock(mu_);
      for (const MaterializedPart& part : read->state->previous) state_reads_.push_back(part.key);
    }
    std::string records;
    for (const MaterializedPart& part : PartsRead(task)) {
      EXPECT_EQ(part.site.worker_id, "w1") << "every site is known when the task goes out";
      records += static_cast<char>(part.key.batch_ms / 1000);
    }
    return SucceededReport(task, records, static_cast<int64_t>(records.size()));
  }

  // The previous states that state tasks read.
  std::vector<MaterializedKey> state_reads() {
    std::lock_guard<std::mutex> lock(mu_);
    return state_reads_;
  }

  // 0 queueStream (2 partitions a batch) -> 1 window(4 s, 2 s) -> 2 output, on a manual clock.
  static Submission Spec(int64_t batches) {
    Submission spec;
    spec.name = "window";
    spec.library_hash = "local-test";
    spec.graph.batch_ms = 1000;
    spec.graph.nodes.push_back({0,
                                NodeKind::kQueueSource,
                                "queueStream",
                                {},
                                {{"one_at_a_time", "true"}, {"num_partitions", "2"}},
                                0,
                                "",
                                1000});
    spec.graph.nodes.push_back({1, NodeKind::kNarrow, "window", {0}, {{"window_ms", "4000"}}, 0, "", 2000});
    spec.graph.nodes.push_back({2, NodeKind::kOutput, "collectBatches", {1}, {}, 0, "", 2000});
    QueueSourceData queue{0, {}};
    for (int64_t b = 0; b < batches; ++b) queue.items.push_back(QueuedDataSet{{{"x", 1}, {"y", 1}}});
    spec.queue_sources = {queue};
    spec.clock = BatchClockSpec{.manual = true, .manual_batches = batches};
    return spec;
  }

  // 0 queueStream -> 1 updateStateByKey (2 partitions) -> 2 output, on a manual clock.
  static Submission StateSpec(int64_t batches) {
    Submission spec = Spec(batches);
    spec.name = "state";
    spec.graph.nodes[1] = {1, NodeKind::kShuffle, "updateStateByKey", {0}, {}, 2, "", 1000};
    spec.graph.nodes[2] = {2, NodeKind::kOutput, "collectBatches", {1}, {}, 0, "", 1000};
    return spec;
  }

  std::vector<std::pair<int64_t, std::string>> OutputsUntilFinished(const std::string& app_id) {
    return Outputs(EventsUntilFinished(app_id));
  }

  std::mutex mu_;
  std::vector<MaterializedKey> state_reads_;
};

TEST_F(MasterWindowTest, WindowsFireAtTheirSlideOverTheMaterializedBatchesWhichAreThenReleased) {
  auto submitted = OnLoop([&] { return master_->Submit(Spec(6)); });
  ASSERT_TRUE(submitted.ok()) << submitted.status();
  auto outputs = OutputsUntilFinished(submitted->app_id);
  // The window at T reads (T - 4 s, T], in time then partition order.
  EXPECT_EQ(outputs,
            (std::vector<std::pair<int64_t, std::string>>{{2000, std::string("\x01\x01\x02\x02")},
                                                          {4000, std::string("\x01\x01\x02\x02\x03\x03\x04\x04")},
                                                          {6000, std::string("\x03\x03\x04\x04\x05\x05\x06\x06")}}));
  // After 4 s the next window (6 s) no longer reads 1 s and 2 s; after 6 s, 3 s and 4 s go. 5 s and 6 s would
  // go with a later window; the end of the application drops them.
  EXPECT_EQ(workers_.released_keys(), (std::vector<MaterializedKey>{{0, 1000, 0},
                                                               {0, 1000, 1},
                                                               {0, 2000, 0},
                                                               {0, 2000, 1},
                                                               {0, 3000, 0},
                                                               {0, 3000, 1},
                                                               {0, 4000, 0},
                                                               {0, 4000, 1}}));
}

TEST_F(MasterWindowTest, AStateReadsItsPreviousPartitionsWhichAreReleasedOnceTheNextStateExists) {
  auto submitted = OnLoop([&] { return master_->Submit(StateSpec(3)); });
  ASSERT_TRUE(submitted.ok()) << submitted.status();
  auto outputs = OutputsUntilFinished(submitted->app_id);
  // Every batch has a state, which its output reads: partition by partition, of that batch.
  EXPECT_EQ(outputs,
            (std::vector<std::pair<int64_t, std::string>>{
                {1000, std::string("\x01\x01")}, {2000, std::string("\x02\x02")}, {3000, std::string("\x03\x03")}}));
  // The first batch starts from the initial state; each later one reads the state one batch before.
  EXPECT_EQ(state_reads(), (std::vector<MaterializedKey>{{1, 1000, 0}, {1, 1000, 1}, {1, 2000, 0}, {1, 2000, 1}}));
  EXPECT_EQ(workers_.released_keys(),
            (std::vector<MaterializedKey>{{1, 1000, 0}, {1, 1000, 1}, {1, 2000, 0}, {1, 2000, 1}}));
}

TEST_F(MasterWindowTest, ABatchQueuedBehindASlowOneStillReadsEveryBatchOfItsWindow) {
  // 100 ms batches whose tasks take 60 ms each (two stages a batch): batches are generated while earlier ones
  // still run. Each window (400 ms, every 200 ms) must still read all 4 of its batches, 2 partitions each.
  workers_.set_report_delay(std::chrono::milliseconds(60));
  Submission spec = Spec(40);
  spec.graph.batch_ms = 100;
  spec.graph.nodes[0].slide_ms = 100;
  spec.graph.nodes[1].params["window_ms"] = "400";
  spec.graph.nodes[1].slide_ms = 200;
  spec.graph.nodes[2].slide_ms = 200;
  spec.clock = BatchClockSpec{};
  auto submitted = OnLoop([&] { return master_->Submit(spec); });
  ASSERT_TRUE(submitted.ok()) << submitted.status();
  std::vector<std::pair<int64_t, std::string>> outputs;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (outputs.size() < 6 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    outputs = Outputs(EventsSoFar(submitted->app_id));
  }
  ASSERT_GE(outputs.size(), 6u);
  OnLoop([&] { return master_->Stop(submitted->app_id, false); });
  // The first window may begin before the application; every later one covers 4 whole batches.
  for (size_t i = 1; i < outputs.size(); ++i) {
    EXPECT_EQ(outputs[i].second.size(), 8u) << "window at " << outputs[i].first << " ms";
  }
}

}  // namespace
}  // namespace sluice
