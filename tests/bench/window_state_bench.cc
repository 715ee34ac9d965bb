// What a window and a state cost per batch, on local[2] under the manual clock (every batch starts as soon as the
// previous one completed, so batches run back to back):
//  1. reduceByKeyAndWindow(+, -, window of W batches, slide 1 batch) against a plain per-batch reduceByKey over
//     the same input: the incremental window should cost a small multiple of one batch, not W times it;
//  2. updateStateByKey and mapWithState over a large key space of which each batch touches a few: per-batch time
//     and resident memory per key of state; mapWithState again over a tenth of the keys, to show that its cost
//     follows the keys touched.
// Run it with
//   bazel run -c opt //tests/bench:window_state_bench -- [--batches 80] [--records 100000] [--keys 10000] 2>/dev/null
// (the engine logs on stderr; the figures go to stdout).
//
// Per-batch time is the wall time between the driver receiving one batch's output and the next one's (the first
// batch: from start()). With batches back to back, that is the batch's whole cycle: planning, tasks, shuffles and
// the trip of its output to the driver. The outputs bring back only a record count and a value sum per task, so
// collecting does not weigh on the figures.
#include <malloc.h>
#include <stdlib.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <memory>
#include <mutex>
#include <optional>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/usage.h"
#include "common/command_line.h"
#include "driver/api/streaming_context.h"

ABSL_FLAG(int64_t, batches, 80, "Batches of each window run (reduceByKeyAndWindow and reduceByKey).");
ABSL_FLAG(int64_t, records, 100'000, "(key, 1) records per batch in the window runs.");
ABSL_FLAG(int64_t, keys, 10'000, "Distinct keys in the window runs (uniform, fixed seed).");
ABSL_FLAG(int64_t, window_batches, 60, "Window length, in batches (the slide is one batch).");
ABSL_FLAG(int64_t, state_keys, 1'000'000, "Keys of state in the state runs (all created by batch 1).");
ABSL_FLAG(int64_t, state_touched, 10'000, "Keys each batch after the first touches in the state runs.");
ABSL_FLAG(int64_t, state_batches, 20, "Batches of each state run.");

namespace sluice::bench {
namespace {

using Clock = std::chrono::steady_clock;
using Pair = std::pair<int64_t, int64_t>;
constexpr uint64_t kSeed = 20261124;
constexpr int kPartitions = 2;

int64_t ResidentKb() {
  std::ifstream status("/proc/self/status");
  for (std::string line; std::getline(status, line);) {
    if (line.rfind("VmRSS:", 0) == 0) return std::stoll(line.substr(6));
  }
  return -1;
}

// One batch as the driver saw it.
struct BatchMark {
  int64_t batch_ms = 0;
  int64_t records = 0;
  int64_t value_sum = 0;
  Clock::time_point arrived;
  int64_t rss_kb = 0;
};

class BatchLog {
 public:
  void Add(BatchMark mark) {
    std::lock_guard<std::mutex> lock(mu_);
    marks_.push_back(mark);
  }
  std::vector<BatchMark> marks() const {
    std::lock_guard<std::mutex> lock(mu_);
    return marks_;
  }

 private:
  mutable std::mutex mu_;
  std::vector<BatchMark> marks_;
};

// A task's result is a single (records, sum of values) pair instead of its records.
class CountingSink final : public Sink<Pair> {
 public:
  explicit CountingSink(ResultBuffer& out) : out_(out) {}
  void Push(Pair&& value) override {
    ++records_;
    value_sum_ += value.second;
  }
  void Finish() override {
    EncodeRecord(Pair(records_, value_sum_), &out_.records);
    out_.count = 1;
    out_.seen = records_;
  }

 private:
  ResultBuffer& out_;
  int64_t records_ = 0;
  int64_t value_sum_ = 0;
};

// An output that notes when each batch reached the driver, how many records it had and the process's RSS then.
class CountingOutputNode final : public TypedNode<Pair> {
 public:
  CountingOutputNode(NodeDescription description, std::shared_ptr<BatchLog> log)
      : TypedNode<Pair>(std::move(description)), log_(std::move(log)) {}

  std::unique_ptr<AnySink> MakeResultSink(int, const OutputTaskContext& /*task*/, ResultBuffer& out) const override {
    return std::make_unique<CountingSink>(out);
  }

  bool OnDriverResults(Time batch_time, std::string_view encoded) const override {
    BatchMark mark{.batch_ms = batch_time.milliseconds(), .arrived = Clock::now(), .rss_kb = ResidentKb()};
    bool intact = DecodeRecords<Pair>(encoded, [&mark](Pair&& partial) {
      mark.records += partial.first;
      mark.value_sum += partial.second;
    });
    log_->Add(mark);
    return intact;
  }

 private:
  std::shared_ptr<BatchLog> log_;
};

std::shared_ptr<BatchLog> CountBatches(const DStream<Pair>& stream) {
  auto log = std::make_shared<BatchLog>();
  NodeDescription description;
  description.id = stream.graph()->NextId();
  description.kind = NodeKind::kOutput;
  description.op = "countBatches";
  description.parents = {stream.id()};
  stream.graph()->Add(std::make_unique<CountingOutputNode>(std::move(description), log));
  return log;
}

std::string MakeTempDir(const char* name) {
  std::string pattern = std::string("/tmp/") + name + "-XXXXXX";
  return mkdtemp(pattern.data()) ? pattern : std::string("/tmp");
}

SluiceConf BenchConf(int64_t batches, const std::string& dir) {
  return SluiceConf()
      .setMaster("local[2]")
      .setAppName("window_state_bench")
      .set("worker.work_dir", dir + "/work")
      .set("app.clock", "manual")
      .set("app.manual_clock.batches", std::to_string(batches));
}

// Item b of the queue is the seeds of batch b's partitions: the records themselves are made on the worker, so the
// submission stays small.
std::vector<std::vector<int64_t>> Seeds(int64_t batches) {
  std::vector<std::vector<int64_t>> items;
  for (int64_t b = 0; b < batches; ++b) {
    std::vector<int64_t> item;
    for (int p = 0; p < kPartitions; ++p) item.push_back(b * kPartitions + p);
    items.push_back(std::move(item));
  }
  return items;
}

struct Run {
  std::vector<BatchMark> marks;
  Clock::time_point started;
  int64_t rss_before_kb = 0;
  bool ok = false;
};

// Runs `build` on a fresh context over the seed queue and returns what the driver saw.
template <class Build>
Run RunBatches(int64_t batches, Build build) {
  Run run;
  std::string dir = MakeTempDir("window-state-bench");
  StreamingContext ssc(BenchConf(batches, dir), Seconds(1));
  ssc.checkpoint(dir + "/checkpoints");
  DStream<int64_t> seeds = ssc.queueStream(Seeds(batches), /*one_at_a_time=*/true, kPartitions);
  std::shared_ptr<BatchLog> log = CountBatches(build(seeds));
  malloc_trim(0);  // so that memory freed by an earlier run does not hide this one's growth
  run.rss_before_kb = ResidentKb();
  run.started = Clock::now();
  try {
    ssc.start();
    ssc.awaitTermination();
    run.ok = true;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "run failed: %s\n", e.what());
  }
  run.marks = log->marks();
  return run;
}

std::vector<double> BatchMillis(const Run& run) {
  std::vector<double> ms;
  Clock::time_point previous = run.started;
  for (const BatchMark& mark : run.marks) {
    ms.push_back(std::chrono::duration<double, std::milli>(mark.arrived - previous).count());
    previous = mark.arrived;
  }
  return ms;
}

struct Spread {
  double p50 = 0, mean = 0, max = 0;
  int n = 0;
};

Spread SpreadOf(std::vector<double> ms, size_t from) {
  Spread spread;
  if (from >= ms.size()) return spread;
  ms.erase(ms.begin(), ms.begin() + from);
  spread.n = ms.size();
  for (double m : ms) spread.mean += m / ms.size();
  std::sort(ms.begin(), ms.end());
  spread.p50 = ms[ms.size() / 2];
  spread.max = ms.back();
  return spread;
}

void PrintSpread(const char* what, const Spread& s) {
  std::printf("  %-34s p50 %8.1f ms  mean %8.1f ms  max %8.1f ms  (%d batches)\n", what, s.p50, s.mean, s.max, s.n);
}

// (key, 1) records, keys uniform over [0, keys), records_per_batch split over the partitions.
auto UniformPairs(int64_t records_per_batch, int64_t keys) {
  return [records_per_batch, keys](int64_t seed) {
    std::mt19937_64 random(kSeed ^ (static_cast<uint64_t>(seed) * 0x9E3779B97F4A7C15ull));
    std::uniform_int_distribution<int64_t> key(0, keys - 1);
    std::vector<Pair> out(records_per_batch / kPartitions);
    for (Pair& record : out) record = Pair(key(random), 1);
    return out;
  };
}

void WindowAgainstPlain() {
  const int64_t batches = absl::GetFlag(FLAGS_batches);
  const int64_t records = absl::GetFlag(FLAGS_records);
  const int64_t keys = absl::GetFlag(FLAGS_keys);
  const int64_t window = absl::GetFlag(FLAGS_window_batches);
  auto plus = [](int64_t a, int64_t b) { return a + b; };
  auto minus = [](int64_t a, int64_t b) { return a - b; };
  std::printf("== reduceByKeyAndWindow(+, -, %lld batches, slide 1) vs reduceByKey\n", static_cast<long long>(window));
  std::printf("  input: %lld batches x %lld (key, 1) records over %lld keys (uniform, seed %llu), %d partitions\n",
              static_cast<long long>(batches), static_cast<long long>(records), static_cast<long long>(keys),
              static_cast<unsigned long long>(kSeed), kPartitions);
  Run plain = RunBatches(batches, [&](const DStream<int64_t>& seeds) {
    return seeds.flatMap(UniformPairs(records, keys)).reduceByKey(plus);
  });
  Run windowed = RunBatches(batches, [&](const DStream<int64_t>& seeds) {
    return seeds.flatMap(UniformPairs(records, keys))
        .reduceByKeyAndWindow(plus, minus, Seconds(window), Seconds(1));
  });
  if (!plain.ok || !windowed.ok) return;
  const BatchMark& last = windowed.marks.back();
  std::printf("  check: last window has %lld keys, %lld records (expected %lld); last plain batch %lld keys, %lld "
              "records\n",
              static_cast<long long>(last.records), static_cast<long long>(last.value_sum),
              static_cast<long long>(std::min(window, batches) * (records / kPartitions) * kPartitions),
              static_cast<long long>(plain.marks.back().records), static_cast<long long>(plain.marks.back().value_sum));
  // Steady state: once the window is full, every batch adds one batch and takes one out.
  const size_t from = std::min<int64_t>(window, batches - 1);
  Spread plain_spread = SpreadOf(BatchMillis(plain), from);
  Spread window_spread = SpreadOf(BatchMillis(windowed), from);
  std::printf("  per-batch time, batches %zu..%lld (window full):\n", from + 1, static_cast<long long>(batches));
  PrintSpread("reduceByKey", plain_spread);
  PrintSpread("reduceByKeyAndWindow (inverse)", window_spread);
  PrintSpread("reduceByKeyAndWindow, all batches", SpreadOf(BatchMillis(windowed), 0));
  std::printf("  ratio window / plain: p50 %.2fx, mean %.2fx (a full recompute would be ~%lldx)\n\n",
              window_spread.p50 / plain_spread.p50, window_spread.mean / plain_spread.mean,
              static_cast<long long>(window));
}

// Batch 1 creates every key; batch b > 1 touches `touched` of them, a different slice each batch.
auto StateInput(int64_t keys, int64_t touched) {
  return [keys, touched](int64_t seed) {
    const int64_t batch = seed / kPartitions, part = seed % kPartitions;
    const int64_t count = batch == 0 ? keys : touched;
    const int64_t first = batch == 0 ? 0 : (batch - 1) * touched;
    std::vector<Pair> out;
    out.reserve(count / kPartitions + 1);
    for (int64_t i = part; i < count; i += kPartitions) out.emplace_back((first + i) % keys, 1);
    return out;
  };
}

struct StateFigures {
  double first_batch_ms = 0;
  Spread later;
};

// Prints one state run's batch times and memory growth per key of state.
StateFigures ReportStateRun(const Run& run, int64_t keys) {
  std::vector<double> ms = BatchMillis(run);
  StateFigures figures{ms[0], SpreadOf(ms, 1)};
  std::printf("  check: the last batch output %lld records, summing to %lld\n",
              static_cast<long long>(run.marks.back().records), static_cast<long long>(run.marks.back().value_sum));
  std::printf("  batch 1 (creates %lld keys): %.1f ms\n", static_cast<long long>(keys), figures.first_batch_ms);
  PrintSpread("later batches", figures.later);
  std::printf("  per key of state, later batches: %.3f us (mean batch time / keys)\n",
              figures.later.mean * 1000.0 / keys);
  auto growth_per_key = [&](const BatchMark& mark) { return (mark.rss_kb - run.rss_before_kb) * 1024.0 / keys; };
  std::printf("  VmRSS before start %lld kB; after batch 1 %lld kB (+%.0f B/key); after batch %zu %lld kB "
              "(+%.0f B/key); peak seen %lld kB\n",
              static_cast<long long>(run.rss_before_kb), static_cast<long long>(run.marks.front().rss_kb),
              growth_per_key(run.marks.front()), run.marks.size(), static_cast<long long>(run.marks.back().rss_kb),
              growth_per_key(run.marks.back()),
              static_cast<long long>(std::max_element(run.marks.begin(), run.marks.end(), [](auto& a, auto& b) {
                                       return a.rss_kb < b.rss_kb;
                                     })->rss_kb));
  return figures;
}

int64_t PlusAll(const std::vector<int64_t>& values, const std::optional<int64_t>& state) {
  int64_t total = state.value_or(0);
  for (int64_t v : values) total += v;
  return total;
}

Pair RunningTotal(const int64_t& key, std::optional<int64_t> value, State<int64_t>& state) {
  int64_t total = state.getOption().value_or(0) + value.value_or(0);
  state.update(total);
  return Pair(key, total);
}

std::optional<StateFigures> UpdateStateByKeyRun(int64_t keys, int64_t touched, int64_t batches) {
  std::printf("-- updateStateByKey, %lld keys; later batches touch %lld (its output: every key with state)\n",
              static_cast<long long>(keys), static_cast<long long>(touched));
  Run run = RunBatches(batches, [&](const DStream<int64_t>& seeds) {
    return seeds.flatMap(StateInput(keys, touched)).updateStateByKey<int64_t>(PlusAll);
  });
  if (!run.ok || run.marks.empty()) return std::nullopt;
  return ReportStateRun(run, keys);
}

std::optional<StateFigures> MapWithStateRun(int64_t keys, int64_t touched, int64_t batches) {
  std::printf("-- mapWithState, %lld keys; later batches touch %lld (its output: one record per record)\n",
              static_cast<long long>(keys), static_cast<long long>(touched));
  Run run = RunBatches(batches, [&](const DStream<int64_t>& seeds) {
    return seeds.flatMap(StateInput(keys, touched))
        .mapWithState(StateSpec<int64_t, int64_t, int64_t>::function(RunningTotal));
  });
  if (!run.ok || run.marks.empty()) return std::nullopt;
  return ReportStateRun(run, keys);
}

void StateRuns() {
  const int64_t keys = absl::GetFlag(FLAGS_state_keys);
  const int64_t touched = std::max<int64_t>(1, absl::GetFlag(FLAGS_state_touched));
  const int64_t batches = absl::GetFlag(FLAGS_state_batches);
  std::printf("== state over %lld keys of int64 state, %lld batches; batch 1 creates the keys, later batches touch "
              "%lld of them\n",
              static_cast<long long>(keys), static_cast<long long>(batches), static_cast<long long>(touched));
  std::optional<StateFigures> update = UpdateStateByKeyRun(keys, touched, batches);
  std::optional<StateFigures> mapped = MapWithStateRun(keys, touched, batches);
  std::optional<StateFigures> small = MapWithStateRun(keys / 10, touched, batches);
  if (!update || !mapped || !small) return;
  std::printf("  ratio, later batches: updateStateByKey / mapWithState at %lld keys = p50 %.1fx, mean %.1fx\n",
              static_cast<long long>(keys), update->later.p50 / mapped->later.p50,
              update->later.mean / mapped->later.mean);
  std::printf("  ratio, later batches: mapWithState at %lld keys / at %lld keys = p50 %.2fx, mean %.2fx (1x: cost "
              "follows the keys touched, not all keys; the mean includes batch 2, which merges the keys batch 1 "
              "created)\n",
              static_cast<long long>(keys), static_cast<long long>(keys / 10), mapped->later.p50 / small->later.p50,
              mapped->later.mean / small->later.mean);
  std::printf("  (RSS is the whole process: driver, master and worker of local[2], including the batch's input and "
              "shuffle buffers, not only the state.)\n");
}

int Main(int argc, char** argv) {
  absl::SetProgramUsageMessage(
      "window_state_bench [--batches 80] [--records 100000] [--keys 10000] [--window_batches 60] "
      "[--state_keys 1000000] [--state_touched 10000] [--state_batches 20]");
  absl::StatusOr<CommandLine> command_line = ParseCommandLine(argc, argv, false);
  if (!command_line.ok()) {
    std::fprintf(stderr, "window_state_bench: %s\n", std::string(command_line.status().message()).c_str());
    return 2;
  }
  if (command_line->help_requested) {
    std::printf("%s", UsageText(__FILE__).c_str());
    return 0;
  }
  std::printf("local[2], app.clock=manual (batches back to back); per-batch time = interval between consecutive "
              "batch outputs reaching the driver\n\n");
  WindowAgainstPlain();
  std::fflush(stdout);
  StateRuns();
  return 0;
}

}  // namespace
}  // namespace sluice::bench

int main(int argc, char** argv) { return sluice::bench::Main(argc, argv); }
