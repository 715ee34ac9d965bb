#ifndef SLUICE_WIRE_APPLICATION_H_
#define SLUICE_WIRE_APPLICATION_H_

// What a driver and the master tell each other: the submission that starts an application, and the events the
// application sends back. Defined once for both sides (wire/proto_conversion.h converts them).

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/graph_description.h"
#include "wire/data_refs.h"

namespace sluice {

// What generates an application's batches. The system clock fires at every multiple of the interval since the
// epoch (Spark's SystemClock under a RecurringTimer). The manual clock is Spark's ManualClock as its tests drive
// it: batches at 1, 2, ... N intervals (time 0 never holds one), each generated as soon as the previous one
// completed, and the application stops after the N-th (app.clock=manual).
struct BatchClockSpec {
  bool manual = false;
  int64_t manual_batches = 0;
  bool operator==(const BatchClockSpec&) const = default;
};

// Where and how often an application checkpoints (ssc.checkpoint(dir)).
struct CheckpointSpec {
  std::string dir;          // empty: never
  int64_t interval_ms = 0;  // 0: Spark's default for each node
  bool enabled() const { return !dir.empty(); }
  bool operator==(const CheckpointSpec&) const = default;
};

// The data set of one batch of a queueStream, partition by partition. No value: no data set at all (Spark's
// input stream returning no RDD, which makes union and transform fail), which is not an empty data set.
using QueuedDataSet = std::optional<std::vector<EncodedPartition>>;

// The data a queueStream node sends with the submission, one data set per batch in queue order.
struct QueueSourceData {
  int32_t source_node = 0;
  std::vector<QueuedDataSet> items;
  bool operator==(const QueueSourceData&) const = default;
};

// What the driver sends the master to start an application.
struct Submission {
  std::string name;
  GraphDescription graph;
  std::string library;  // empty when every worker already has the graph (local mode)
  std::string library_hash;
  std::vector<std::string> args;  // the job's arguments, so workers rebuild the same graph
  int32_t default_parallelism = 0;  // 0: the master decides from the cluster's cores
  std::vector<QueueSourceData> queue_sources;
  BatchClockSpec clock;
  CheckpointSpec checkpoint;
  bool operator==(const Submission&) const = default;
};

// The records of one output operation at one batch.
struct BatchOutputEvent {
  int64_t batch_ms = 0;
  int32_t output_node = 0;
  std::string records;  // encoded, in partition order
  int64_t count = 0;
  std::vector<HeldPartition> held;  // foreachRDD: the data set stays on the workers
  bool operator==(const BatchOutputEvent&) const = default;
};

// What an application tells its driver, numbered so that a driver that polls again gets each event once.
// kBatchFailed: one batch could not complete (a task failed after its attempts, or lost its input); the
// application goes on with the next one. kError: the application failed and ends.
struct AppEvent {
  enum class Kind { kOutput, kWarning, kBatchFailed, kError, kFinished };
  int64_t seq = 0;
  Kind kind = Kind::kWarning;
  BatchOutputEvent output;  // kOutput
  std::string message;      // kWarning, kBatchFailed, kError
  int64_t batch_ms = 0;     // kBatchFailed
  bool operator==(const AppEvent&) const = default;
};

}  // namespace sluice

#endif  // SLUICE_WIRE_APPLICATION_H_
