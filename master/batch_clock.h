#ifndef SLUICE_MASTER_BATCH_CLOCK_H_
#define SLUICE_MASTER_BATCH_CLOCK_H_

#include <cstdint>

#include "absl/status/status.h"
#include "common/graph_description.h"

namespace sluice {

// What generates an application's batches. The system clock fires at every multiple of the interval since the
// epoch (Spark's SystemClock under a RecurringTimer). The manual clock is Spark's ManualClock as its tests drive
// it: batches at 1, 2, ... N intervals (time 0 never holds one), each generated as soon as the previous one
// completed, and the application stops after the N-th. Plain data, persisted with the application.
struct BatchClockSpec {
  bool manual = false;
  int64_t manual_batches = 0;
};

// Receivers and file streams wait for data in wall time, which a manual clock does not have.
absl::Status CheckClock(const BatchClockSpec& clock, const GraphDescription& graph);

// The first batch time: the next multiple of the interval after `now_ms`, or one interval on a manual clock.
int64_t FirstBatchMs(const BatchClockSpec& clock, int64_t interval_ms, int64_t now_ms);

// Manual clocks: whether `batch_ms` is the last batch, after which the application stops.
bool IsLastBatch(const BatchClockSpec& clock, int64_t interval_ms, int64_t batch_ms);

}  // namespace sluice

#endif  // SLUICE_MASTER_BATCH_CLOCK_H_
