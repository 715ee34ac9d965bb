#ifndef SLUICE_MASTER_CHECKPOINT_SCHEDULE_H_
#define SLUICE_MASTER_CHECKPOINT_SCHEDULE_H_

// When the state of an application is checkpointed: Spark's rules, in one place.

#include <cstdint>
#include <string>

#include "common/graph_description.h"
#include "wire/application.h"

namespace sluice {

// How often `node` (a self-dependent node: a state or an incremental window) is checkpointed: the spec's interval
// rounded up to a multiple of the node's slide or, by default, Spark's: 10 slides for mapWithState, else the
// smallest multiple of the slide that is at least 10 s.
int64_t CheckpointIntervalMs(const GraphDescription& graph, const NodeDescription& node, const CheckpointSpec& spec);

// Whether `node`'s data at `time_ms` is checkpointed: a self-dependent node, at a multiple of its interval since the
// zero time (Spark's (time - zeroTime).isMultipleOf(checkpointDuration)).
bool IsCheckpointTime(const GraphDescription& graph, const NodeDescription& node, const CheckpointSpec& spec,
                      int64_t zero_ms, int64_t time_ms);

}  // namespace sluice

#endif  // SLUICE_MASTER_CHECKPOINT_SCHEDULE_H_
