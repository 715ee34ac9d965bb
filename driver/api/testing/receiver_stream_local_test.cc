// receiverStream end to end on an in-process local[2] cluster: a custom receiver generates numbered records on
// its own thread, the local worker runs it as it runs the socket receiver, and count and reduce over the
// batches add up to exactly what it stored, across a restart in the middle too.
#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "driver/api/errors.h"
#include "driver/api/receiver.h"
#include "driver/api/streaming_context.h"
#include "driver/api/testing/collect.h"
#include "gtest/gtest.h"

namespace sluice {
namespace {

using Clock = std::chrono::steady_clock;

constexpr int64_t kRecords = 2000;
constexpr int64_t kSum = kRecords * (kRecords + 1) / 2;

// Shared by the test and the receivers the worker makes (local mode runs them in this process).
struct Progress {
  std::atomic<int64_t> next{1};  // the next number to store, across restarts
  std::atomic<int> starts{0};
  std::atomic<int> stops{0};
  std::atomic<bool> restarted{false};
};

// Stores 1..kRecords, the first half one by one and the second half in blocks of 10, pacing itself so that
// the records spread over several batches. With `restart_midway`, it restarts once at the middle; the next
// start carries on from where the last one stopped.
class NumberReceiver final : public Receiver<int64_t> {
 public:
  NumberReceiver(std::shared_ptr<Progress> progress, bool restart_midway)
      : progress_(std::move(progress)), restart_midway_(restart_midway) {}
  ~NumberReceiver() override { Join(); }

  void onStart() override {
    ++progress_->starts;
    thread_ = std::thread([this] { Generate(); });
  }
  void onStop() override {
    ++progress_->stops;
    Join();
  }

 private:
  void Generate() {
    while (!isStopped() && progress_->next <= kRecords) {
      int64_t next = progress_->next;
      if (restart_midway_ && next == kRecords / 2 + 1 && !progress_->restarted.exchange(true)) {
        restart("restarting midway");
        return;
      }
      if (next <= kRecords / 2) {
        store(next);
        progress_->next = next + 1;
      } else {
        std::vector<int64_t> block;
        for (int64_t n = next; n < next + 10 && n <= kRecords; ++n) block.push_back(n);
        store(block);
        progress_->next = next + static_cast<int64_t>(block.size());
      }
      if (next % 100 == 0) std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
  }
  void Join() {
    if (thread_.joinable()) thread_.join();
  }

  std::shared_ptr<Progress> progress_;
  const bool restart_midway_;
  std::thread thread_;
};

SluiceConf LocalConf() {
  return SluiceConf()
      .setMaster("local[2]")  // one slot for the receiver, one for the tasks
      .setAppName("ReceiverStreamLocalTest")
      .set("worker.work_dir", ::testing::TempDir() + "/sluice-work")
      .set("receiver.block_interval_ms", "50")
      .set("receiver.restart_delay_ms", "200")
      .set("app.graceful_stop_timeout_ms", "10000");
}

int64_t Total(const CollectedBatches<int64_t>& collected) {
  int64_t total = 0;
  for (const auto& batch : collected.records()) {
    for (int64_t value : batch) total += value;
  }
  return total;
}

// Runs a receiverStream until every record is counted (at most 60 s), then stops gracefully; returns the
// summed counts and the summed per-batch reduces.
std::pair<int64_t, int64_t> RunToCompletion(const std::shared_ptr<Progress>& progress, bool restart_midway) {
  StreamingContext ssc(LocalConf(), Milliseconds(300));
  DStream<int64_t> numbers = ssc.receiverStream<int64_t>(
      [progress, restart_midway] { return std::make_unique<NumberReceiver>(progress, restart_midway); });
  auto counts = CollectBatches(numbers.count());
  auto sums = CollectBatches(numbers.reduce([](int64_t a, int64_t b) { return a + b; }));
  ssc.start();
  auto deadline = Clock::now() + std::chrono::seconds(60);
  while (Clock::now() < deadline && (Total(*counts) < kRecords || Total(*sums) < kSum)) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  ssc.stop(/*stop_gracefully=*/true);
  EXPECT_GT(counts->size(), 1u) << "the records should spread over several batches";
  return {Total(*counts), Total(*sums)};
}

TEST(ReceiverStreamLocalTest, CountAndReduceAddUpToWhatTheReceiverStored) {
  auto progress = std::make_shared<Progress>();
  auto [count, sum] = RunToCompletion(progress, /*restart_midway=*/false);
  EXPECT_EQ(count, kRecords);
  EXPECT_EQ(sum, kSum);
  EXPECT_EQ(progress->starts, 1);
  EXPECT_EQ(progress->stops, 1) << "stopping the application stops the receiver";
}

TEST(ReceiverStreamLocalTest, ARestartMidwayLosesNothing) {
  auto progress = std::make_shared<Progress>();
  auto [count, sum] = RunToCompletion(progress, /*restart_midway=*/true);
  EXPECT_TRUE(progress->restarted);
  EXPECT_EQ(progress->starts, 2);
  EXPECT_EQ(progress->stops, 2);
  EXPECT_EQ(count, kRecords);
  EXPECT_EQ(sum, kSum);
}

TEST(ReceiverStreamLocalTest, RejectsAnEmptyFactory) {
  StreamingContext ssc(LocalConf(), Milliseconds(300));
  EXPECT_THROW(ssc.receiverStream<int64_t>(nullptr), IllegalArgumentError);
}

}  // namespace
}  // namespace sluice
