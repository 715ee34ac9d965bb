// A job for comparing a cluster with local mode: runs one operation (the first argument) over deterministic
// queueStream input on the manual clock, so the application ends by itself, and pprints every record of every
// output batch. The order of a batch's records depends on how its partitions were cut, which may differ between
// local mode and a cluster, so a test compares them sorted.
//
//   operations_job.so join | reduceByKeyAndWindow | reduceByKeyAndWindowSlide2 | window | transform | foreachRDD
//   operations_job.so updateStateByKey | mapWithState CHECKPOINT_DIR
#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "driver/api/sluice.h"

namespace {

using sluice::DStream;
using sluice::Seconds;
using Keyed = std::pair<std::string, int>;
using Tagged = std::pair<std::string, std::string>;
using Counted = std::pair<std::string, int64_t>;

constexpr int kInputBatches = 5;
constexpr int kRecordsPerBatch = 24;
constexpr int kInputPartitions = 4;
// Two batches after the input ends, so that every window drains past its last input batch.
constexpr int kBatches = kInputBatches + 2;

int Sum(int a, int b) { return a + b; }

// A key's running count of records: the state outlives the input, so every batch outputs every key seen so far.
std::optional<int64_t> RunningCount(const std::vector<int>& values, const std::optional<int64_t>& count) {
  return count.value_or(0) + static_cast<int64_t>(values.size());
}

// A key's running sum of values, emitted with every record; the tables stay on the workers that made them.
Counted RunningSum(const std::string& key, std::optional<int> value, sluice::State<int64_t>& sum) {
  sum.update(sum.getOption().value_or(0) + value.value_or(0));
  return Counted(key, sum.get());
}

// Keys spread over more partitions than one worker runs, so that every shuffle moves data between workers.
std::vector<std::vector<Keyed>> KeyedInput() {
  std::vector<std::vector<Keyed>> batches(kInputBatches);
  for (int b = 0; b < kInputBatches; ++b) {
    for (int i = 0; i < kRecordsPerBatch; ++i) {
      batches[b].emplace_back("k" + std::to_string((i * 7 + b * 3) % 9), b * 100 + i);
    }
  }
  return batches;
}

// Another key set, overlapping the first in part, for the other side of a join.
std::vector<std::vector<Tagged>> TaggedInput() {
  std::vector<std::vector<Tagged>> batches(kInputBatches);
  for (int b = 0; b < kInputBatches; ++b) {
    for (int i = 0; i < kRecordsPerBatch / 2; ++i) {
      batches[b].emplace_back("k" + std::to_string((i * 5 + b) % 11),
                              "w" + std::to_string(b) + "." + std::to_string(i));
    }
  }
  return batches;
}

// pprint's limit, above any batch's record count: every record is printed.
constexpr int kPrintAll = 100000;

// Prints the operation's output and runs the application to its end.
template <class T>
int RunAndPrint(sluice::StreamingContext& ssc, const DStream<T>& output) {
  output.pprint(kPrintAll);
  ssc.start();
  ssc.awaitTermination();
  return 0;
}

int OperationsJob(const std::vector<std::string>& args) {
  const std::string operation = args.empty() ? "" : args[0];
  sluice::StreamingContext ssc(sluice::SluiceConf()
                                   .setAppName("OperationsJob " + operation)
                                   .set("app.clock", "manual")
                                   .set("app.manual_clock.batches", std::to_string(kBatches)),
                               Seconds(1));
  DStream<Keyed> keyed = ssc.queueStream(KeyedInput(), /*one_at_a_time=*/true, kInputPartitions);
  if (operation == "join") {
    DStream<Tagged> tagged = ssc.queueStream(TaggedInput(), /*one_at_a_time=*/true, kInputPartitions);
    return RunAndPrint(ssc, keyed.join(tagged, /*num_partitions=*/3));
  }
  if (operation == "reduceByKeyAndWindow") {
    return RunAndPrint(ssc, keyed.reduceByKeyAndWindow(Sum, Seconds(3), Seconds(1)));
  }
  if (operation == "reduceByKeyAndWindowSlide2") {
    return RunAndPrint(ssc, keyed.reduceByKeyAndWindow(Sum, Seconds(3), Seconds(2)));
  }
  if (operation == "window") {
    return RunAndPrint(ssc, keyed.reduceByKey(Sum, /*num_partitions=*/3).window(Seconds(3)));
  }
  if (operation == "transform") {  // the function runs again on the workers for each batch: the time reaches them
    return RunAndPrint(ssc, keyed.transform([](sluice::RDD<Keyed> rdd, sluice::Time time) {
      int tag = static_cast<int>(time.milliseconds() / 1000);
      return rdd.mapValues([tag](int value) { return value * 10 + tag; }).reduceByKey(Sum, 3).sortByKey();
    }));
  }
  if (operation == "foreachRDD") {  // the driver process collects the partitions from the worker processes
    keyed.reduceByKey(Sum, 3).foreachRDD([](const sluice::BatchRDD<Keyed>& rdd, sluice::Time time) {
      std::vector<std::string> lines;
      for (const Keyed& record : rdd.collect()) lines.push_back(sluice::ToDisplayString(record));
      sluice::PrintBatchOnDriver(time, lines, kPrintAll);
    });
    ssc.start();
    ssc.awaitTermination();
    return 0;
  }
  if (operation == "mapWithState" && args.size() == 2) {
    ssc.checkpoint(args[1]);
    auto mapped =
        keyed.mapWithState(sluice::StateSpec<std::string, int, int64_t>::function(RunningSum).numPartitions(3));
    auto snapshots =
        mapped.stateSnapshots().map([](Counted state) { return Counted("state " + state.first, state.second); });
    return RunAndPrint(ssc, mapped.union_(snapshots));
  }
  if (operation == "updateStateByKey" && args.size() == 2) {
    ssc.checkpoint(args[1]);
    return RunAndPrint(ssc, keyed.updateStateByKey<int64_t>(RunningCount, /*num_partitions=*/3));
  }
  std::fprintf(stderr,
               "usage: operations_job.so join | reduceByKeyAndWindow | reduceByKeyAndWindowSlide2 | window | transform "
               "| foreachRDD | "
               "updateStateByKey CHECKPOINT_DIR | mapWithState CHECKPOINT_DIR (got \"%s\")\n",
               operation.c_str());
  return 2;
}

}  // namespace

SLUICE_JOB(OperationsJob)
