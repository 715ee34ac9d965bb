#include "master/batch_clock.h"

#include "absl/strings/str_cat.h"

namespace sluice {

absl::Status CheckClock(const BatchClockSpec& clock, const GraphDescription& graph) {
  if (!clock.manual) return absl::OkStatus();
  if (clock.manual_batches < 1) {
    return absl::InvalidArgumentError(absl::StrCat("app.clock=manual needs app.manual_clock.batches >= 1, got ",
                                                   clock.manual_batches));
  }
  for (const NodeDescription& node : graph.nodes) {
    if (node.kind == NodeKind::kReceiverSource || node.kind == NodeKind::kFileSource) {
      return absl::InvalidArgumentError(absl::StrCat(
          node.op, " (node ", node.id, ") cannot run under app.clock=manual: receivers and file streams wait ",
          "for data in wall time; use queueStream, or app.clock=system"));
    }
  }
  return absl::OkStatus();
}

int64_t FirstBatchMs(const BatchClockSpec& clock, int64_t interval_ms, int64_t now_ms) {
  if (clock.manual) return interval_ms;
  return (now_ms / interval_ms + 1) * interval_ms;  // aligned to the interval, like Spark's RecurringTimer
}

bool IsLastBatch(const BatchClockSpec& clock, int64_t interval_ms, int64_t batch_ms) {
  return clock.manual && batch_ms >= clock.manual_batches * interval_ms;
}

}  // namespace sluice
