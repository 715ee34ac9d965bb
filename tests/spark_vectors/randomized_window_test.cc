// Randomized window tests: random input batches from a fixed-seed generator run through the real engine (local[2],
// manual clock, queueStream) under every windowed operator with many (window, slide) pairs at once, and every
// output batch (time and records) is compared with a model computed here from the input batches, with the
// semantics of data/README.md: the output at T, a multiple of the slide, covers the input batches in
// (T - window, T]. Windows are in batches (1 batch = 1 s); batch k (1-based) is the data set at k s.
//
// One run defines all the checks of one input as separate outputs of one context, so a run costs one cluster.
#include <algorithm>
#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "gtest/gtest.h"
#include "tests/spark_vectors/randomized_input.h"

namespace sluice::spark_vectors {
namespace {

// ---- The model: what each output batch must hold, computed from the input batches.

class WindowModel : public InputModel {
 public:
  using InputModel::InputModel;

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
};

std::map<std::string, int32_t> SumByKey(const std::vector<Pair>& records) {
  std::map<std::string, int32_t> sums;
  for (const auto& [key, value] : records) sums[key] += value;
  return sums;
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
void AddOperatorChecks(const DStream<Pair>& input, const WindowModel& model, WindowSpec spec, Operators operators,
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
void AddWindowOfWindowChecks(const DStream<Pair>& input, const WindowModel& model, WindowSpec inner, WindowSpec outer,
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

void ExpectModel(const RunSpec& run) {
  WindowModel model(RandomBatches(run.shape), run.shape.num_batches_run);
  ExpectChecksMatch(run.name, model, run.input_partitions, [&](const DStream<Pair>& input, std::vector<Check>& checks) {
    for (WindowSpec spec : run.windows) AddOperatorChecks(input, model, spec, run.operators, checks);
    for (const auto& [inner, outer] : run.windows_of_windows) {
      AddWindowOfWindowChecks(input, model, inner, outer, checks);
    }
  });
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
