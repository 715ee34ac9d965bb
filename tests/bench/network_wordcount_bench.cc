// The network word count on a real cluster (a master and two workers on this machine) fed over a socket at a
// series of fixed rates, with the figures the issue asks for, and the single-thread in-memory word count over the
// same bytes as the ceiling. Run it with
//   bazel run //tests/bench:network_wordcount_bench -- [--bytes N] [--rates 40,60,80,0] [--replications 1,2]
// A rate of 0 sends as fast as the receiver reads. Each receiver.replication of --replications gets a cluster of its
// own and the same runs, so that the cost of the blocks' copies reads as a ratio from one run of the benchmark.
#include <signal.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/usage.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/command_line.h"
#include "tests/bench/batch_stats.h"
#include "tests/bench/in_memory_word_count.h"
#include "tests/bench/paced_sender.h"
#include "tests/integration/cluster.h"
#include "tests/tools/zipf_generator.h"

ABSL_FLAG(int64_t, bytes, 200'000'000, "Bytes of generated text sent in each run.");
ABSL_FLAG(std::vector<std::string>, rates, std::vector<std::string>({"40", "60", "80", "100", "0"}),
          "Send rates in MB/s, one run each; 0 sends as fast as the receiver reads.");
ABSL_FLAG(int, workers, 2, "Workers in the cluster.");
ABSL_FLAG(int, cores, 2, "Task slots per worker.");
ABSL_FLAG(int, batch_seconds, 1, "The job's batch interval.");
ABSL_FLAG(std::vector<std::string>, replications, std::vector<std::string>({"2"}),
          "receiver.replication of each cluster the runs are repeated on (copies of each received block).");

namespace sluice::bench {
namespace {

using Clock = std::chrono::steady_clock;
constexpr double kMB = 1e6;

std::string GenerateText(int64_t bytes) {
  tools::ZipfTextOptions options;
  options.bytes = bytes;
  tools::ZipfLineGenerator generator(options);
  std::string text;
  text.reserve(bytes + 200);
  while (static_cast<int64_t>(text.size()) < bytes) text += generator.NextLine();
  return text;
}

std::string CpuModel() {
  std::ifstream cpuinfo("/proc/cpuinfo");
  for (std::string line; std::getline(cpuinfo, line);) {
    if (line.rfind("model name", 0) == 0) return line.substr(line.find(':') + 2);
  }
  return "unknown CPU";
}

struct Ceiling {
  double mb_per_second = 0;
  int64_t lines = 0;
  int64_t words = 0;
};

// Best of three, so that a moment of noise on a shared machine does not lower the ceiling.
Ceiling MeasureCeiling(const std::string& text) {
  Ceiling ceiling;
  for (int attempt = 0; attempt < 3; ++attempt) {
    auto start = Clock::now();
    WordCounts counts = CountWordsInMemory(text);
    double seconds = std::chrono::duration<double>(Clock::now() - start).count();
    ceiling.mb_per_second = std::max(ceiling.mb_per_second, text.size() / kMB / seconds);
    ceiling.lines = counts.lines;
    ceiling.words = counts.words;
  }
  return ceiling;
}

struct RunResult {
  double rate_mb = 0;
  bool completed = false;
  double achieved_mb_per_second = 0;
  double seconds = 0;
  int64_t drain_ms = 0;
  RunSummary summary;
};

std::optional<std::string> NewApplicationId(testing::Cluster& cluster, const std::set<std::string>& known) {
  std::optional<nlohmann::json> status = cluster.Status();
  if (!status) return std::nullopt;
  for (const nlohmann::json& app : status->value("applications", nlohmann::json::array())) {
    std::string id = app.value("id", "");
    if (!known.count(id)) return id;
  }
  return std::nullopt;
}

RunResult RunAtRate(testing::Cluster& cluster, const std::string& text, int64_t lines, double rate_mb,
                    std::set<std::string>* known_apps) {
  RunResult result;
  result.rate_mb = rate_mb;
  const int64_t interval_ms = absl::GetFlag(FLAGS_batch_seconds) * 1000;
  PacedSender sender;
  if (absl::Status listening = sender.Listen(); !listening.ok()) {
    std::fprintf(stderr, "%s\n", std::string(listening.message()).c_str());
    return result;
  }
  auto submit = cluster.Submit("driver/examples/network_wordcount.so",
                               {"127.0.0.1", std::to_string(sender.port()), absl::StrCat(interval_ms / 1000)},
                               absl::StrCat("submit-", rate_mb));
  sender.Start(text, rate_mb * kMB);
  std::optional<std::string> app_id;
  testing::WaitFor([&] { return (app_id = NewApplicationId(cluster, *known_apps)).has_value(); },
                   std::chrono::seconds(30));
  absl::Status sent = sender.Join();
  if (!app_id || !sent.ok()) {
    std::fprintf(stderr, "run at %.0f MB/s did not start: %s\n%s\n", rate_mb, std::string(sent.message()).c_str(),
                 testing::Tail(submit->Stderr()).c_str());
    return result;
  }
  known_apps->insert(*app_id);
  // Everything sent is processed once the completed batches account for every line.
  result.completed = testing::WaitFor(
      [&] {
        std::optional<nlohmann::json> status = cluster.Status();
        return status && Summarize(BatchesOf(*status, *app_id), interval_ms).records >= lines;
      },
      std::chrono::seconds(180));
  submit->Signal(SIGTERM);
  submit->Wait(std::chrono::seconds(60));
  std::optional<nlohmann::json> status = cluster.Status();
  if (status) result.summary = Summarize(BatchesOf(*status, *app_id), interval_ms);
  // While every batch of a paced run finishes within the interval, the pipeline keeps pace with its input: the
  // rate the text went in at is the rate it is processed at. The drain is how long the last byte took to reach
  // the output.
  // Otherwise (or when sending as fast as the receiver reads, where the socket buffers swallow the text faster
  // than anything processes it) the figure is end to end: from the first byte sent to the last batch done.
  int64_t end_ms = result.summary.kept_up && rate_mb > 0 ? sender.last_byte_ms() : result.summary.last_end_ms;
  result.seconds = (end_ms - sender.first_byte_ms()) / 1000.0;
  result.drain_ms = result.summary.last_end_ms - sender.last_byte_ms();
  if (result.seconds > 0) result.achieved_mb_per_second = text.size() / kMB / result.seconds;
  return result;
}

void PrintRun(const RunResult& run, int64_t words, int64_t lines) {
  std::string rate = run.rate_mb > 0 ? absl::StrFormat("%6.0f", run.rate_mb) : std::string("   max");
  if (!run.completed) {
    std::printf("%s  did not finish: %lld of %lld lines processed\n", rate.c_str(),
                static_cast<long long>(run.summary.records), static_cast<long long>(lines));
    return;
  }
  std::printf("%s  %10.1f  %10.0f  %11.0f  %7d  %6lld / %-6lld  %6lld / %-6lld  %5lld  %s\n", rate.c_str(),
              run.achieved_mb_per_second, lines / run.seconds, words / run.seconds, run.summary.batches,
              static_cast<long long>(run.summary.p50_delay_ms), static_cast<long long>(run.summary.max_delay_ms),
              static_cast<long long>(run.summary.p50_processing_ms),
              static_cast<long long>(run.summary.max_processing_ms), static_cast<long long>(run.drain_ms),
              run.summary.kept_up ? "yes" : "no");
}

struct Sustained {
  double paced_mb = 0;     // the fastest paced run whose every batch finished within the interval
  double max_rate_mb = 0;  // the run that sent as fast as the receiver read, end to end
};

// Every rate on a cluster of its own with `replication` copies of each block.
std::optional<Sustained> RunAllRates(const std::string& text, const Ceiling& ceiling, int replication) {
  testing::ClusterOptions options;
  options.workers = absl::GetFlag(FLAGS_workers);
  options.cores_per_worker = absl::GetFlag(FLAGS_cores);
  options.log_level = "info";  // the cluster learns worker ids from their first log lines
  options.conf.push_back(absl::StrCat("receiver.replication=", replication));
  testing::Cluster cluster(options);
  if (auto started = cluster.Start(); !started) {
    std::fprintf(stderr, "cannot start the cluster: %s\n", started.message());
    return std::nullopt;
  }
  std::printf("\ncluster: 1 master + %d workers x %d slots, %d s batches, network word count, receiver.replication=%d\n\n",
              options.workers, options.cores_per_worker, absl::GetFlag(FLAGS_batch_seconds), replication);
  std::printf("  rate   achieved     lines/s      words/s  batches  sched delay ms  processing ms  drain  kept\n");
  std::printf("  MB/s       MB/s                                      p50 / max       p50 / max        ms    up\n");
  std::set<std::string> known_apps;
  Sustained sustained;
  for (const std::string& rate_text : absl::GetFlag(FLAGS_rates)) {
    double rate_mb = std::stod(rate_text);
    RunResult run = RunAtRate(cluster, text, ceiling.lines, rate_mb, &known_apps);
    PrintRun(run, ceiling.words, ceiling.lines);
    std::fflush(stdout);
    if (!run.completed) continue;
    if (rate_mb == 0) sustained.max_rate_mb = run.achieved_mb_per_second;
    if (run.summary.kept_up) sustained.paced_mb = std::max(sustained.paced_mb, run.achieved_mb_per_second);
  }
  std::printf("\nsustained: %.1f MB/s (the fastest run whose every batch finished within the interval)\n",
              sustained.paced_mb);
  std::printf("ratio to the single-thread in-memory ceiling: %.2f\n", sustained.paced_mb / ceiling.mb_per_second);
  cluster.Stop();
  return sustained;
}

int Main(int argc, char** argv) {
  absl::SetProgramUsageMessage("network_wordcount_bench [--bytes N] [--rates 40,60,0] [--workers 2] [--cores 2]");
  absl::StatusOr<CommandLine> command_line = ParseCommandLine(argc, argv, false);
  if (!command_line.ok()) {
    std::fprintf(stderr, "network_wordcount_bench: %s\n", std::string(command_line.status().message()).c_str());
    return 2;
  }
  if (command_line->help_requested) {
    std::printf("%s", UsageText(__FILE__).c_str());
    return 0;
  }
  const std::string text = GenerateText(absl::GetFlag(FLAGS_bytes));
  Ceiling ceiling = MeasureCeiling(text);
  std::printf("machine: %u hardware threads, %s\n", std::thread::hardware_concurrency(), CpuModel().c_str());
  std::printf("text: %.1f MB, %lld lines, %lld words (Zipf s=1, 50000-word vocabulary, ~100-byte lines)\n",
              text.size() / kMB, static_cast<long long>(ceiling.lines), static_cast<long long>(ceiling.words));
  std::printf("ceiling: single-thread in-memory word count: %.1f MB/s, %.0f words/s\n", ceiling.mb_per_second,
              ceiling.words * ceiling.mb_per_second * kMB / text.size());

  std::vector<std::pair<int, Sustained>> by_replication;
  for (const std::string& replication : absl::GetFlag(FLAGS_replications)) {
    std::optional<Sustained> sustained = RunAllRates(text, ceiling, std::stoi(replication));
    if (!sustained) return 1;
    by_replication.emplace_back(std::stoi(replication), *sustained);
  }
  if (by_replication.size() > 1) {
    std::printf("\nreceiver.replication  sustained MB/s  max-rate MB/s  ratio to the first (sustained, max-rate)\n");
    for (const auto& [replication, sustained] : by_replication) {
      const Sustained& first = by_replication.front().second;
      std::printf("%20d  %14.1f  %13.1f  %.2f, %.2f\n", replication, sustained.paced_mb, sustained.max_rate_mb,
                  first.paced_mb > 0 ? sustained.paced_mb / first.paced_mb : 0.0,
                  first.max_rate_mb > 0 ? sustained.max_rate_mb / first.max_rate_mb : 0.0);
    }
  }
  return 0;
}

}  // namespace
}  // namespace sluice::bench

int main(int argc, char** argv) { return sluice::bench::Main(argc, argv); }
