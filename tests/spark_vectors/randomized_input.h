#ifndef SLUICE_TESTS_SPARK_VECTORS_RANDOMIZED_INPUT_H_
#define SLUICE_TESTS_SPARK_VECTORS_RANDOMIZED_INPUT_H_

// What the randomized operator tests share: random (key, value) input batches from a fixed-seed generator, the
// input as a model sees it, and checks (a collected output and the batches the model expects of it) that
// ExpectChecksMatch runs in one context through the real engine (RunCase: local[2], manual clock, queueStream)
// and compares batch by batch, with a readable report. Batch k (1-based) is the data set at k s.
//
//   InputModel model(RandomBatches({.seed = 7}), 30);
//   ExpectChecksMatch("name", model, /*input_partitions=*/2, [&](const DStream<Pair>& input, std::vector<Check>& c) {
//     c.push_back(MakeCheck("map", true, input.map(...), model, /*slide=*/1, [&](int t) { return ...; }));
//   });

#include <algorithm>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "gtest/gtest.h"
#include "tests/spark_vectors/case_runner.h"
#include "tests/spark_vectors/spark_case.h"

namespace sluice::spark_vectors {

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
  int num_keys = 3;          // keys "k0", "k1", ...
  int empty_percent = 20;
  int no_data_set_percent = 0;
  int max_batch_size = 12;
  int leading_empty = 0;             // the first batches are empty, so the first windows have no record
  int leading_without_data_set = 0;  // then the next ones have no data set
};

// Values are in [-50, 50].
inline std::vector<Batch> RandomBatches(const InputShape& shape) {
  Random random(shape.seed);
  std::vector<Batch> batches;
  for (int i = 0; i < shape.num_items; ++i) {
    if (i < shape.leading_empty) {
      batches.emplace_back(std::vector<Pair>{});
      continue;
    }
    if (i < shape.leading_empty + shape.leading_without_data_set || random.Chance(shape.no_data_set_percent)) {
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

// The input batches as a model of an operator reads them.
class InputModel {
 public:
  InputModel(std::vector<Batch> batches, int num_batches_run) : batches_(std::move(batches)), n_(num_batches_run) {}

  const std::vector<Batch>& batches() const { return batches_; }
  // The records of batch k (1-based), in queue order: none for a batch without a data set or past the queue.
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

// ---- Checks: one collected output of the run and the batches the model expects of it.

struct Check {
  std::string name;
  bool ordered = false;  // false: each batch is compared as a multiset
  std::function<std::vector<OutputBatch>()> actual;
  std::vector<OutputBatch> expected;
};

// Collects `stream` (while the context is being built) to compare with `expected`.
template <class Out>
Check CollectCheck(std::string name, bool ordered, const DStream<Out>& stream, std::vector<OutputBatch> expected) {
  auto store = CollectBatches(stream);
  return Check{.name = std::move(name),
               .ordered = ordered,
               .actual = [store] { return case_runner_internal::ToOutputBatches(*store); },
               .expected = std::move(expected)};
}

// An output sliding by `slide` batches whose batch at T the model gives as records.
template <class Out>
Check MakeCheck(std::string name, bool ordered, const DStream<Out>& stream, const InputModel& model, int slide,
                const std::function<std::vector<Json>(int)>& expected_at) {
  std::vector<OutputBatch> expected;
  for (int t : model.Times(slide)) {
    OutputBatch batch{.time_ms = t * 1000};
    for (Json& record : expected_at(t)) batch.records.push_back(std::move(record));
    expected.push_back(std::move(batch));
  }
  return CollectCheck(std::move(name), ordered, stream, std::move(expected));
}

inline Json Sorted(Json records) {
  std::sort(records.begin(), records.end());
  return records;
}

inline ::testing::AssertionResult Matches(const Check& check) {
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

// Defines a run's checks on the input stream (as separate outputs of one context).
using AddChecks = std::function<void(const DStream<Pair>& input, std::vector<Check>& checks)>;

// Runs every check `add_checks` defines over `model`'s input in one context (so a run costs one cluster) and
// compares each with the model; the input stream itself is collected too, to be sure the engine got the batches.
inline void ExpectChecksMatch(const std::string& name, const InputModel& model, int input_partitions,
                              const AddChecks& add_checks) {
  SparkCase spark_case;
  spark_case.test = name;
  spark_case.inputs = ToJson(model.batches());
  spark_case.params["input_partitions"] = input_partitions;
  spark_case.num_batches_run = model.num_batches_run();

  std::vector<Check> checks;
  absl::StatusOr<std::vector<OutputBatch>> echoed = RunCase<Pair>(spark_case, [&](const DStream<Pair>& input) {
    add_checks(input, checks);
    return input;
  });
  ASSERT_TRUE(echoed.ok()) << name << ": " << echoed.status();

  std::vector<OutputBatch> inputs;
  for (int k = 1; k <= model.num_batches_run(); ++k) {
    if (!model.HasDataSet(k)) continue;
    inputs.push_back(OutputBatch{.time_ms = k * 1000, .records = ToJsonRecords(model.BatchRecords(k))});
  }
  EXPECT_TRUE(Matches(
      Check{.name = name + ": the input", .ordered = true, .actual = [&] { return *echoed; }, .expected = inputs}));
  for (const Check& check : checks) EXPECT_TRUE(Matches(check)) << "in run " << name;
}

}  // namespace sluice::spark_vectors

#endif  // SLUICE_TESTS_SPARK_VECTORS_RANDOMIZED_INPUT_H_
