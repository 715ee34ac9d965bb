// Randomized window tests: random input batches from a fixed-seed generator run through the real engine (local[2],
// manual clock, queueStream) under every windowed operator with many (window, slide) pairs at once, and every
// output batch (time and records) is compared with a model computed here from the input batches, with the
// semantics of data/README.md: the output at T, a multiple of the slide, covers the input batches in
// (T - window, T]. Windows are in batches (1 batch = 1 s); batch k (1-based) is the data set at k s.
//
// One run defines all the checks of one input as separate outputs of one context, so a run costs one cluster.
#include <algorithm>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "gtest/gtest.h"
#include "tests/spark_vectors/case_runner.h"
#include "tests/spark_vectors/spark_case.h"

namespace sluice::spark_vectors {
namespace {

using Pair = std::pair<std::string, int32_t>;
using Batch = std::optional<std::vector<Pair>>;  // nullopt: the batch has no data set at all
using Json = nlohmann::json;

// splitmix64: the same numbers with every standard library (std distributions are implementation-defined).
class Random {
 public:
  explicit Random(uint64_t seed) : state_(seed) {}
  uint64_t Next() {
    uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  // Uniform in [lo, hi].
  int64_t Between(int64_t lo, int64_t hi) { return lo + static_cast<int64_t>(Next() % (hi - lo + 1)); }
  bool Chance(int percent) { return Between(1, 100) <= percent; }

 private:
  uint64_t state_;
};

struct InputShape {
  uint64_t seed = 1;
  int num_items = 30;        // queue items; batches after them are empty
  int num_batches_run = 30;  // may exceed num_items
  int num_keys = 3;
  int empty_percent = 20;
  int no_data_set_percent = 0;
  int max_batch_size = 12;
  int leading_empty = 0;  // the first batches are empty, so the first windows have no record
};

std::vector<Batch> RandomBatches(const InputShape& shape) {
  Random random(shape.seed);
  std::vector<Batch> batches;
  for (int i = 0; i < shape.num_items; ++i) {
    if (i < shape.leading_empty) {
      batches.emplace_back(std::vector<Pair>{});
      continue;
    }
    if (random.Chance(shape.no_data_set_percent)) {
      batches.push_back(std::nullopt);
      continue;
    }
    std::vector<Pair> records;
    int size = random.Chance(shape.empty_percent) ? 0 : static_cast<int>(random.Between(1, shape.max_batch_size));
    for (int j = 0; j < size; ++j) {
      records.emplace_back("k" + std::to_string(random.Between(0, shape.num_keys - 1)),
                           static_cast<int32_t>(random.Between(-50, 50)));
    }
    batches.push_back(std::move(records));
  }
  return batches;
}

// ---- The model: what each output batch must hold, computed from the input batches.

class Model {
 public:
  Model(std::vector<Batch> batches, int num_batches_run) : batches_(std::move(batches)), n_(num_batches_run) {}

  // The records of batch k (1-based): none for a batch without a data set or past the queue.
  std::vector<Pair> BatchRecords(int k) const {
    if (k < 1 || k > static_cast<int>(batches_.size()) || !batches_[k - 1]) return {};
    return *batches_[k - 1];
  }
  bool HasDataSet(int k) const { return k > static_cast<int>(batches_.size()) || batches_[k - 1].has_value(); }
  int num_batches_run() const { return n_; }

  // The emission times of a stream sliding by `slide` batches: its multiples up to the last batch run.
  std::vector<int> Times(int slide) const {
    std::vector<int> times;
    for (int t = slide; t <= n_; t += slide) times.push_back(t);
    return times;
  }
  // window(w) at T: batches in (T - w, T], in time order.
  std::vector<Pair> Window(int window, int t) const {
    std::vector<Pair> out;
    for (int k = std::max(1, t - window + 1); k <= t; ++k) {
      std::vector<Pair> records = BatchRecords(k);
      out.insert(out.end(), records.begin(), records.end());
    }
    return out;
  }
  // Whether a window(w, s) at a time up to T has had a record.
  bool AnyRecordInAWindowUpTo(int window, int slide, int t) const {
    for (int end = slide; end <= t; end += slide) {
      if (!Window(window, end).empty()) return true;
    }
    return false;
  }
  // window(w1, s1).window(w2, s2) at T: the inner windows at the multiples of s1 in (T - w2, T], in time order.
  std::vector<Pair> WindowOfWindow(int w1, int s1, int w2, int t) const {
    std::vector<Pair> out;
    for (int inner = t - w2 + 1; inner <= t; ++inner) {
      if (inner < 1 || inner % s1 != 0) continue;
      std::vector<Pair> records = Window(w1, inner);
      out.insert(out.end(), records.begin(), records.end());
    }
    return out;
  }

 private:
  std::vector<Batch> batches_;
  int n_;
};

template <class T>
std::vector<Json> ToJsonRecords(const std::vector<T>& records) {
  std::vector<Json> out;
  for (const T& record : records) out.push_back(ToJson(record));
  return out;
}

std::map<std::string, int32_t> SumByKey(const std::vector<Pair>& records) {
  std::map<std::string, int32_t> sums;
  for (const auto& [key, value] : records) sums[key] += value;
  return sums;
}

// ---- Checks: one collected output of the run and the batches the model expects of it.

struct Check {
  std::string name;
  bool ordered = false;  // false: each batch is compared as a multiset
  std::function<std::vector<OutputBatch>()> actual;
  std::vector<OutputBatch> expected;
};

// An output sliding by `slide` batches whose batch at T the model gives as records.
template <class Out>
Check MakeCheck(std::string name, bool ordered, const DStream<Out>& stream, const Model& model, int slide,
                const std::function<std::vector<Json>(int)>& expected_at) {
  Check check{.name = std::move(name), .ordered = ordered};
  auto store = CollectBatches(stream);
  check.actual = [store] { return case_runner_internal::ToOutputBatches(*store); };
  for (int t : model.Times(slide)) {
    OutputBatch batch{.time_ms = t * 1000};
    for (Json& record : expected_at(t)) batch.records.push_back(std::move(record));
    check.expected.push_back(std::move(batch));
  }
  return check;
}

Json Sorted(Json records) {
  std::sort(records.begin(), records.end());
  return records;
}

::testing::AssertionResult Matches(const Check& check) {
  std::vector<OutputBatch> actual = check.actual();
  ::testing::AssertionResult result = ::testing::AssertionSuccess();
  if (actual.size() != check.expected.size()) {
    result = ::testing::AssertionFailure()
             << check.name << ": " << actual.size() << " output batches, the model has " << check.expected.size();
  }
  // Up to a few differing batches, enough to see a pattern.
  int reported = 0;
  size_t common = std::min(actual.size(), check.expected.size());
  for (size_t i = 0; i < common && reported < 4; ++i) {
    const OutputBatch& got = actual[i];
    const OutputBatch& want = check.expected[i];
    bool same = check.ordered ? got.records == want.records : Sorted(got.records) == Sorted(want.records);
    if (got.time_ms == want.time_ms && same) continue;
    if (reported++ == 0 && result) result = ::testing::AssertionFailure() << check.name << ":";
    result << "\n  output batch " << i << " at " << got.time_ms << " ms is " << got.records.dump()
           << ", the model has at " << want.time_ms << " ms " << want.records.dump();
  }
  return result;
}

int32_t Sum(int32_t a, int32_t b) { return a + b; }

struct WindowSpec {
  int window;
  int slide;
};

std::string Name(const std::string& op, WindowSpec spec) {
  return op + "(window " + std::to_string(spec.window) + ", slide " + std::to_string(spec.slide) + ")";
}

// countByWindow's model differs from that of a plain window at two edges (see CountByWindowAtSparksEdges): runs that
// reach them leave it out of the other checks.
enum class Operators { kAll, kAllButCountByWindow, kOnlyCountByWindow };

// Every windowed operator of the API (of `operators`) with `spec` over `input`.
void AddOperatorChecks(const DStream<Pair>& input, const Model& model, WindowSpec spec, Operators operators,
                       std::vector<Check>& checks) {
  const Duration window = Seconds(spec.window);
  const Duration slide = Seconds(spec.slide);
  auto window_at = [&model, spec](int t) { return model.Window(spec.window, t); };

  // With a slide longer than the window, Spark's inverse form subtracts batches it never added (its first window
  // keeps the batches before it for good): the model holds only for slides up to the window.
  if (operators != Operators::kAllButCountByWindow && spec.slide <= spec.window) {
    // Spark's countByWindow is reduceByWindow(_ + _, _ - _) of 1 per record, an incremental window reduce by one
    // key without a filter: nothing until a window has had a record, then the count, 0 included.
    checks.push_back(MakeCheck(Name("countByWindow", spec), false, input.countByWindow(window, slide), model,
                               spec.slide, [&model, spec, window_at](int t) {
                                 if (!model.AnyRecordInAWindowUpTo(spec.window, spec.slide, t)) {
                                   return std::vector<Json>{};
                                 }
                                 return std::vector<Json>{Json(static_cast<int64_t>(window_at(t).size()))};
                               }));
  }
  if (operators == Operators::kOnlyCountByWindow) return;

  checks.push_back(MakeCheck(Name("window", spec), /*ordered=*/true, input.window(window, slide), model, spec.slide,
                             [window_at](int t) { return ToJsonRecords(window_at(t)); }));

  auto values = input.map([](Pair record) { return record.second; });
  checks.push_back(MakeCheck(Name("reduceByWindow", spec), false, values.reduceByWindow(Sum, window, slide), model,
                             spec.slide, [window_at](int t) {
                               std::vector<Pair> records = window_at(t);
                               if (records.empty()) return std::vector<Json>{};
                               int32_t sum = 0;
                               for (const Pair& record : records) sum += record.second;
                               return std::vector<Json>{Json(sum)};
                             }));

  checks.push_back(MakeCheck(Name("reduceByKeyAndWindow", spec), false, input.reduceByKeyAndWindow(Sum, window, slide),
                             model, spec.slide, [window_at](int t) {
                               std::vector<Json> out;
                               for (const auto& [key, sum] : SumByKey(window_at(t)))
                                 out.push_back(ToJson(Pair(key, sum)));
                               return out;
                             }));

  auto keys = input.map([](Pair record) { return record.first; });
  checks.push_back(MakeCheck(Name("countByValueAndWindow", spec), false, keys.countByValueAndWindow(window, slide),
                             model, spec.slide, [window_at](int t) {
                               std::map<std::string, int64_t> counts;
                               for (const Pair& record : window_at(t)) ++counts[record.first];
                               std::vector<Json> out;
                               for (const auto& [key, count] : counts) {
                                 out.push_back(ToJson(std::pair<std::string, int64_t>(key, count)));
                               }
                               return out;
                             }));

  // A group's order is not defined (its values come from several partitions): compared as a multiset, sorted.
  auto grouped = input.groupByKeyAndWindow(window, slide).mapValues([](std::vector<int32_t> group) {
    std::sort(group.begin(), group.end());
    return group;
  });
  checks.push_back(MakeCheck(Name("groupByKeyAndWindow", spec), false, grouped, model, spec.slide, [window_at](int t) {
    std::map<std::string, std::vector<int32_t>> groups;
    for (const auto& [key, value] : window_at(t)) groups[key].push_back(value);
    std::vector<Json> out;
    for (auto& [key, group] : groups) {
      std::sort(group.begin(), group.end());
      out.push_back(ToJson(std::make_pair(key, group)));
    }
    return out;
  }));
}

// window(inner).window(outer), as is, and reduced by key in the outer window.
void AddWindowOfWindowChecks(const DStream<Pair>& input, const Model& model, WindowSpec inner, WindowSpec outer,
                             std::vector<Check>& checks) {
  std::string name = Name("window", inner) + "." + Name("window", outer);
  auto at = [&model, inner, outer](int t) { return model.WindowOfWindow(inner.window, inner.slide, outer.window, t); };
  DStream<Pair> inner_window = input.window(Seconds(inner.window), Seconds(inner.slide));
  checks.push_back(MakeCheck(name, /*ordered=*/true, inner_window.window(Seconds(outer.window), Seconds(outer.slide)),
                             model, outer.slide, [at](int t) { return ToJsonRecords(at(t)); }));
  checks.push_back(MakeCheck(Name("window", inner) + "." + Name("reduceByKeyAndWindow", outer), false,
                             inner_window.reduceByKeyAndWindow(Sum, Seconds(outer.window), Seconds(outer.slide)), model,
                             outer.slide, [at](int t) {
                               std::vector<Json> out;
                               for (const auto& [key, sum] : SumByKey(at(t))) out.push_back(ToJson(Pair(key, sum)));
                               return out;
                             }));
}

struct RunSpec {
  std::string name;
  InputShape shape;
  int input_partitions = 2;
  std::vector<WindowSpec> windows;
  std::vector<std::pair<WindowSpec, WindowSpec>> windows_of_windows;
  Operators operators = Operators::kAll;
};

// Runs every check of `run` in one context and compares each with the model; the input stream itself is collected
// too, to be sure the engine got the generated batches.
void ExpectModel(const RunSpec& run) {
  std::vector<Batch> batches = RandomBatches(run.shape);
  Model model(batches, run.shape.num_batches_run);
  SparkCase spark_case;
  spark_case.test = run.name;
  spark_case.inputs = ToJson(batches);
  spark_case.params["input_partitions"] = run.input_partitions;
  spark_case.num_batches_run = run.shape.num_batches_run;

  std::vector<Check> checks;
  absl::StatusOr<std::vector<OutputBatch>> echoed = RunCase<Pair>(spark_case, [&](const DStream<Pair>& input) {
    for (WindowSpec spec : run.windows) AddOperatorChecks(input, model, spec, run.operators, checks);
    for (const auto& [inner, outer] : run.windows_of_windows)
      AddWindowOfWindowChecks(input, model, inner, outer, checks);
    return input;
  });
  ASSERT_TRUE(echoed.ok()) << echoed.status();

  std::vector<OutputBatch> inputs;
  for (int k = 1; k <= model.num_batches_run(); ++k) {
    if (!model.HasDataSet(k)) continue;
    OutputBatch batch{.time_ms = k * 1000};
    for (const Pair& record : model.BatchRecords(k)) batch.records.push_back(ToJson(record));
    inputs.push_back(std::move(batch));
  }
  EXPECT_TRUE(
      Matches(Check{.name = "the input", .ordered = true, .actual = [&] { return *echoed; }, .expected = inputs}));
  for (const Check& check : checks) EXPECT_TRUE(Matches(check));
}

const std::vector<WindowSpec> kWindows = {{1, 1}, {2, 1}, {3, 1}, {4, 2}, {3, 3}, {2, 3}, {5, 2}, {6, 4}};
const std::vector<std::pair<WindowSpec, WindowSpec>> kWindowsOfWindows = {
    {{2, 1}, {3, 1}}, {{2, 2}, {4, 2}}, {{3, 1}, {4, 2}}, {{2, 1}, {4, 4}}, {{4, 2}, {2, 2}}};

TEST(RandomizedWindow, SmallKeySpace) {
  ExpectModel({.name = "small key space",
               .shape = {.seed = 11, .num_items = 36, .num_batches_run = 36, .num_keys = 3},
               .input_partitions = 3,
               .windows = kWindows,
               .windows_of_windows = kWindowsOfWindows});
}

TEST(RandomizedWindow, LargerKeySpaceOnOnePartition) {
  ExpectModel({.name = "larger key space",
               .shape = {.seed = 22, .num_items = 30, .num_batches_run = 30, .num_keys = 40, .max_batch_size = 20},
               .input_partitions = 1,
               .windows = kWindows,
               .windows_of_windows = kWindowsOfWindows});
}

// Inputs that reach countByWindow's edges: windows without a record before any record, and windows of batches that
// all lack a data set.
constexpr InputShape kMostlyEmpty = {
    .seed = 33, .num_items = 20, .num_batches_run = 28, .num_keys = 8, .empty_percent = 60, .leading_empty = 3};
constexpr InputShape kSomeWithoutADataSet = {
    .seed = 55, .num_items = 30, .num_batches_run = 30, .num_keys = 6, .no_data_set_percent = 25};

TEST(RandomizedWindow, MostlyEmptyBatchesOnFourPartitionsAndBatchesPastTheQueue) {
  ExpectModel({.name = "mostly empty",
               .shape = kMostlyEmpty,
               .input_partitions = 4,
               .windows = kWindows,
               .windows_of_windows = kWindowsOfWindows,
               .operators = Operators::kAllButCountByWindow});
}

// Windows longer than the run so far: the first outputs cover every batch up to then.
TEST(RandomizedWindow, WindowsLongerThanTheBatchesRunSoFar) {
  ExpectModel({.name = "long windows",
               .shape = {.seed = 44, .num_items = 6, .num_batches_run = 6, .num_keys = 5, .empty_percent = 10},
               .input_partitions = 2,
               .windows = {{8, 1}, {6, 2}, {10, 5}, {12, 3}},
               .windows_of_windows = {{{8, 1}, {10, 2}}}});
}

// Batches without a data set (null queue items): a window has the data sets of the batches in it that have one.
TEST(RandomizedWindow, BatchesWithoutADataSet) {
  ExpectModel({.name = "no data sets",
               .shape = kSomeWithoutADataSet,
               .input_partitions = 2,
               .windows = kWindows,
               .windows_of_windows = kWindowsOfWindows,
               .operators = Operators::kAllButCountByWindow});
}

// countByWindow is Spark's incremental reduceByWindow(_ + _, _ - _), which a composition count().window().reduce(+)
// gets wrong at two edges: before any window has had a record Spark has no record (not [0]); a window whose batches
// all lack a data set has the running count, [0] included (not nothing). Only slides up to the window: with a longer
// slide, Spark's inverse form subtracts batches it never added.
TEST(RandomizedWindow, CountByWindowAtSparksEdges) {
  const std::vector<WindowSpec> windows = {{1, 1}, {2, 1}, {3, 1}, {4, 2}, {3, 3}, {5, 2}, {6, 4}};
  ExpectModel({.name = "countByWindow, mostly empty",
               .shape = kMostlyEmpty,
               .input_partitions = 4,
               .windows = windows,
               .operators = Operators::kOnlyCountByWindow});
  ExpectModel({.name = "countByWindow, no data sets",
               .shape = kSomeWithoutADataSet,
               .input_partitions = 2,
               .windows = windows,
               .operators = Operators::kOnlyCountByWindow});
}

}  // namespace
}  // namespace sluice::spark_vectors
