#ifndef SLUICE_MASTER_ABSENT_DATA_H_
#define SLUICE_MASTER_ABSENT_DATA_H_

#include <cstdint>
#include <set>

#include "absl/status/statusor.h"
#include "common/graph_description.h"

namespace sluice {

// The nodes that have no data set at all in a batch whose `sources` gave none (Spark: compute returned None,
// which is not an empty RDD). As in Spark, an operation on one stream passes the absence on (a map of nothing is
// nothing, and an output of nothing runs no job), while an operation on several streams (union, and joins or
// cogroups of two streams, which Spark builds with transformWith) and transform need a data set from every
// parent: the batch fails with FailedPrecondition, as Spark's job fails with a SparkException. A window always
// has a data set, made of those its parent has in the window.
// An updateStateByKey node that has not run yet (not in `started_states`) has no data set either while its parent
// has none, as Spark's StateDStream: its state starts at the first batch with a data set from its parent.
absl::StatusOr<std::set<int32_t>> NodesWithoutData(const GraphDescription& graph, const std::set<int32_t>& sources,
                                                   int64_t batch_ms, const std::set<int32_t>& started_states = {});

}  // namespace sluice

#endif  // SLUICE_MASTER_ABSENT_DATA_H_
