#ifndef SLUICE_MASTER_MATERIALIZED_H_
#define SLUICE_MASTER_MATERIALIZED_H_

// Materialized partitions as the master tracks them: the data sets of nodes that later batches read (the
// parents of windows, state nodes), stored per partition on the worker that computed them, until no later batch reads
// them.

#include <compare>
#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "common/graph_description.h"
#include "wire/data_refs.h"

namespace sluice {

// Where every materialized partition lives; ordered so that one node's partitions at one time are adjacent,
// in partition order.
using MaterializedIndex = std::map<MaterializedKey, MaterializedSite>;

// Spark's zero time: one batch before the first; a node has data at the multiples of its slide after it.
inline int64_t ZeroTimeMs(int64_t start_ms, int64_t batch_ms) { return start_ms - batch_ms; }
bool HasDataAt(const NodeDescription& node, int64_t zero_ms, int64_t time_ms);

// The parent data sets the window `window` reads at `time_ms`: the parent's times in (T - length, T] after the
// zero time, oldest first.
std::vector<int64_t> WindowInputTimes(const GraphDescription& graph, const NodeDescription& window, int64_t zero_ms,
                                      int64_t time_ms);

// The parent's times in (from, to] after the zero time, oldest first (an incremental window's entering and
// leaving batches).
std::vector<int64_t> ParentTimesIn(const GraphDescription& graph, const NodeDescription& window, int64_t zero_ms,
                                   int64_t from_ms, int64_t to_ms);

// Removes from `index` the partitions no batch after `completed_ms` reads (no window over their node fires
// at a time whose window still covers them, and, for a state node, its result one slide later exists), and
// returns them by the address of the worker holding them. Outputs' data sets held for the driver (foreachRDD) are
// not released here: the driver releases them (TakeHeldOutput).
std::map<std::string, std::vector<MaterializedKey>> TakeReleasable(const GraphDescription& graph, int64_t zero_ms,
                                                                   int64_t completed_ms, MaterializedIndex* index);

// Removes from `index` the partitions of output `node` at `batch_ms` and returns them by worker address.
std::map<std::string, std::vector<MaterializedKey>> TakeHeldOutput(int32_t node, int64_t batch_ms,
                                                                   MaterializedIndex* index);
// Whether `index` holds partitions of an output for the driver.
bool HoldsOutputs(const GraphDescription& graph, const MaterializedIndex& index);

}  // namespace sluice

#endif  // SLUICE_MASTER_MATERIALIZED_H_
