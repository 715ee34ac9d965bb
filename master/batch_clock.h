#ifndef SLUICE_MASTER_BATCH_CLOCK_H_
#define SLUICE_MASTER_BATCH_CLOCK_H_

#include <cstdint>

#include "absl/status/status.h"
#include "common/graph_description.h"
#include "wire/application.h"

namespace sluice {

// Receivers and file streams wait for data in wall time, which a manual clock does not have.
absl::Status CheckClock(const BatchClockSpec& clock, const GraphDescription& graph);

// The first batch time: the next multiple of the interval after `now_ms`, or one interval on a manual clock.
int64_t FirstBatchMs(const BatchClockSpec& clock, int64_t interval_ms, int64_t now_ms);

// Manual clocks: whether `batch_ms` is the last batch, after which the application stops.
bool IsLastBatch(const BatchClockSpec& clock, int64_t interval_ms, int64_t batch_ms);

}  // namespace sluice

#endif  // SLUICE_MASTER_BATCH_CLOCK_H_
