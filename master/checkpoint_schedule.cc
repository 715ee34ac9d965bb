#include "master/checkpoint_schedule.h"

#include <algorithm>

namespace sluice {
namespace {

// Fixed, not settings: Spark's rules for the default interval, which app.checkpoint_interval_ms overrides.
constexpr int64_t kMinimumDefaultIntervalMs = 10'000;
constexpr int64_t kKeyedStateDefaultSlides = 10;

int64_t RoundUpToMultiple(int64_t value, int64_t step) { return (value + step - 1) / step * step; }

}  // namespace

int64_t CheckpointIntervalMs(const GraphDescription& graph, const NodeDescription& node, const CheckpointSpec& spec) {
  const int64_t slide = std::max<int64_t>(graph.SlideMs(node), 1);
  if (spec.interval_ms > 0) return RoundUpToMultiple(spec.interval_ms, slide);
  if (node.IsKeyedState()) return slide * kKeyedStateDefaultSlides;
  return RoundUpToMultiple(kMinimumDefaultIntervalMs, slide);
}

bool IsCheckpointTime(const GraphDescription& graph, const NodeDescription& node, const CheckpointSpec& spec,
                      int64_t zero_ms, int64_t time_ms) {
  if (!spec.enabled() || !node.IsSelfDependent() || time_ms <= zero_ms) return false;
  return (time_ms - zero_ms) % CheckpointIntervalMs(graph, node, spec) == 0;
}

}  // namespace sluice
