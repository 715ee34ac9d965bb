// Recovery time: the network word count on a master and three workers at a steady load, one worker SIGKILLed in
// the middle of the run; how long from the kill until the batches are back within their
// interval, against the D-Streams paper's anchor (under a second) and the goal (detection plus recovery within two
// batch intervals with 1 s batches). Run it with
//   bazel run //tests/bench:recovery_bench -- [--rate_mb 10] [--seconds 24] [--kill_at_seconds 10] [--victim other]
// With --victim receiver the receiver's worker dies: the receiver is placed again once the master declares the
// worker lost, and the sender, like a source that keeps what it could not deliver, goes on with the new receiver.
#include <signal.h>

#include <chrono>
#include <cstdio>
#include <algorithm>
#include <atomic>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/usage.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "common/command_line.h"
#include "tests/bench/batch_stats.h"
#include "tests/bench/paced_sender.h"
#include "tests/integration/cluster.h"
#include "tests/tools/zipf_generator.h"

ABSL_FLAG(double, rate_mb, 10, "Send rate in MB/s (a steady load the cluster keeps up with).");
ABSL_FLAG(int, seconds, 24, "How long the text lasts at that rate.");
ABSL_FLAG(int, kill_at_seconds, 10, "When the worker dies, from the first byte sent.");
ABSL_FLAG(int, workers, 3, "Workers in the cluster.");
ABSL_FLAG(std::string, victim, "other", "The worker killed: other (not the receiver's) or receiver.");

namespace sluice::bench {
namespace {

constexpr int64_t kIntervalMs = 1000;

int64_t NowMs() { return absl::ToUnixMillis(absl::Now()); }

std::string GenerateText(int64_t bytes) {
  tools::ZipfTextOptions options;
  options.bytes = bytes;
  tools::ZipfLineGenerator generator(options);
  std::string text;
  while (static_cast<int64_t>(text.size()) < bytes) text += generator.NextLine();
  return text;
}

int64_t Lines(const std::string& text) {
  int64_t lines = 0;
  for (char c : text) lines += c == '\n';
  return lines;
}

int Main(int argc, char** argv) {
  absl::SetProgramUsageMessage("recovery_bench [--rate_mb 10] [--seconds 24] [--kill_at_seconds 10] [--workers 3]");
  absl::StatusOr<CommandLine> command_line = ParseCommandLine(argc, argv, false);
  if (!command_line.ok()) {
    std::fprintf(stderr, "recovery_bench: %s\n", std::string(command_line.status().message()).c_str());
    return 2;
  }
  if (command_line->help_requested) {
    std::printf("%s", UsageText(__FILE__).c_str());
    return 0;
  }
  const double rate_mb = absl::GetFlag(FLAGS_rate_mb);
  const std::string text = GenerateText(static_cast<int64_t>(rate_mb * 1e6 * absl::GetFlag(FLAGS_seconds)));
  const int64_t lines = Lines(text);

  testing::ClusterOptions options;
  options.workers = absl::GetFlag(FLAGS_workers);
  testing::Cluster cluster(options);
  if (auto started = cluster.Start(); !started) {
    std::fprintf(stderr, "cannot start the cluster: %s\n", started.message());
    return 1;
  }
  std::printf("machine: %u hardware threads; cluster: 1 master + %d workers x %d slots, 1 s batches, "
              "worker.heartbeat_interval_ms=200, master.worker_timeout_ms=1500, receiver.replication=2\n",
              std::thread::hardware_concurrency(), options.workers, options.cores_per_worker);
  std::printf("load: %.0f MB/s of Zipf text for %d s; %s killed at %d s\n\n", rate_mb, absl::GetFlag(FLAGS_seconds),
              absl::GetFlag(FLAGS_victim) == "receiver" ? "the receiver's worker" : "a worker that is not the receiver's",
              absl::GetFlag(FLAGS_kill_at_seconds));

  PacedSender sender;
  if (absl::Status listening = sender.Listen(); !listening.ok()) {
    std::fprintf(stderr, "%s\n", std::string(listening.message()).c_str());
    return 1;
  }
  auto submit = cluster.Submit("driver/examples/network_wordcount.so",
                               {"127.0.0.1", std::to_string(sender.port()), "1"}, "submit");
  const bool receiver_victim = absl::GetFlag(FLAGS_victim) == "receiver";
  sender.Start(text, rate_mb * 1e6, /*wait_for_next_client=*/receiver_victim);
  std::string app_id;
  testing::WaitFor(
      [&] {
        std::optional<nlohmann::json> status = cluster.Status();
        if (!status || (*status)["applications"].empty()) return false;
        app_id = (*status)["applications"][0]["id"];
        return true;
      },
      std::chrono::seconds(30));
  std::optional<int> receiver;
  testing::WaitFor([&] { return (receiver = cluster.WorkerRunningReceiverOf(app_id)).has_value(); },
                   std::chrono::seconds(30));
  if (app_id.empty() || !receiver) {
    std::fprintf(stderr, "the application did not start\n%s\n", testing::Tail(submit->Stderr()).c_str());
    return 1;
  }
  testing::WaitFor([&] { return sender.first_byte_ms() > 0; }, std::chrono::seconds(30));
  const int64_t kill_at_ms = sender.first_byte_ms() + absl::GetFlag(FLAGS_kill_at_seconds) * 1000;
  // The status page lists the recent batches only: a thread gathers them while the run lasts.
  std::mutex seen_mu;
  std::map<int64_t, BatchFigures> seen;
  std::atomic<bool> gathering{true};
  std::thread gatherer([&] {
    while (gathering) {
      if (std::optional<nlohmann::json> status = cluster.Status()) {
        std::lock_guard<std::mutex> lock(seen_mu);
        for (const BatchFigures& batch : BatchesOf(*status, app_id)) seen[batch.batch_ms] = batch;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(250));
    }
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(std::max<int64_t>(0, kill_at_ms - NowMs())));
  const int victim = receiver_victim ? *receiver : (*receiver + 1) % cluster.num_workers();
  const int64_t killed_ms = NowMs();
  cluster.KillWorker(victim);

  (void)sender.Join();
  // Every line is processed, or (when the receiver's worker died with the lines it had not stored yet) the
  // batches have been empty for three intervals since the last byte.
  bool done = false;
  testing::WaitFor(
      [&] {
        std::lock_guard<std::mutex> lock(seen_mu);
        int64_t records = 0, last_with_records_ms = 0;
        for (const auto& [batch_ms, batch] : seen) {
          records += batch.records;
          if (batch.records > 0) last_with_records_ms = batch_ms;
        }
        done = records >= lines;
        int64_t newest_ms = seen.empty() ? 0 : seen.rbegin()->first;
        return done || (newest_ms > sender.last_byte_ms() && newest_ms - last_with_records_ms >= 3 * kIntervalMs);
      },
      std::chrono::seconds(120));
  gathering = false;
  gatherer.join();
  std::vector<BatchFigures> batches;
  for (const auto& [batch_ms, batch] : seen) batches.push_back(batch);

  // A healthy batch ends within its interval with at least half the records of a batch before the kill (the
  // steady load); the batches after the last byte are the load's end, not the failure's.
  std::vector<int64_t> before;
  for (const BatchFigures& batch : batches) {
    if (batch.records > 0 && batch.batch_ms < killed_ms - kIntervalMs) before.push_back(batch.records);
  }
  std::sort(before.begin(), before.end());
  const int64_t steady = before.empty() ? 0 : before[before.size() / 2];
  auto healthy = [&](const BatchFigures& batch) {
    return batch.end_ms() <= batch.batch_ms + kIntervalMs && batch.records * 2 >= steady;
  };
  std::printf("  batch (s from kill)  records  sched delay ms  processing ms  healthy\n");
  int64_t recovered_end_ms = 0;  // the end of the first healthy batch after the kill from which all are healthy
  for (const BatchFigures& batch : batches) {
    if (batch.batch_ms >= killed_ms - 2 * kIntervalMs && batch.batch_ms <= killed_ms + 8 * kIntervalMs) {
      std::printf("  %19.1f  %7lld  %14lld  %13lld  %s\n", (batch.batch_ms - killed_ms) / 1000.0,
                  static_cast<long long>(batch.records), static_cast<long long>(batch.scheduling_delay_ms),
                  static_cast<long long>(batch.processing_ms), healthy(batch) ? "yes" : "no");
    }
    if (batch.batch_ms <= killed_ms || batch.batch_ms > sender.last_byte_ms()) continue;
    if (!healthy(batch)) {
      recovered_end_ms = 0;
    } else if (recovered_end_ms == 0) {
      recovered_end_ms = batch.end_ms();
    }
  }
  const int64_t recovery_ms = recovered_end_ms > 0 ? recovered_end_ms - killed_ms : -1;
  std::printf("\nall %lld lines processed: %s%s\n", static_cast<long long>(lines), done ? "yes" : "no",
              done ? "" : " (the receiver's worker died with the lines it had not stored as blocks yet)");
  std::printf("recovery: %lld ms from the kill to the end of the first batch from which every batch is healthy "
              "(%.1f intervals; goal <= 2, detection included: master.worker_timeout_ms=1500)\n",
              static_cast<long long>(recovery_ms), recovery_ms / static_cast<double>(kIntervalMs));
  submit->Signal(SIGTERM);
  submit->Wait(std::chrono::seconds(60));
  cluster.Stop();
  return done ? 0 : 1;
}

}  // namespace
}  // namespace sluice::bench

int main(int argc, char** argv) { return sluice::bench::Main(argc, argv); }
