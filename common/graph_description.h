#ifndef SLUICE_COMMON_GRAPH_DESCRIPTION_H_
#define SLUICE_COMMON_GRAPH_DESCRIPTION_H_

// The DStream graph as plain data: what the master schedules from and what workers compare against the graph
// they rebuilt. No user code and no element types live here, only shapes and names.

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace sluice {

enum class NodeKind {
  kReceiverSource,  // records arrive through a receiver on a worker
  kFileSource,      // the master lists a directory each batch
  kNarrow,          // a per-partition transformation
  kShuffle,         // a keyed exchange between workers
  kOutput,          // an output operation
  kQueueSource,     // data sets the driver sent with the submission, one per batch (queueStream)
};

const char* NodeKindName(NodeKind kind);

struct NodeDescription {
  int32_t id = 0;
  NodeKind kind = NodeKind::kNarrow;
  std::string op;                              // "map", "reduceByKey", "socketTextStream", ...
  std::vector<int32_t> parents;
  std::map<std::string, std::string> params;  // host, port, directory, num, ...
  int32_t num_partitions = 0;                  // shuffles: 0 means the application's default
  std::string type_name;                       // the element type this node produces
  // Spark's slideDuration: the node has a data set at the batch times that are multiples of it since the zero
  // time (the batch interval for sources, the window's slide for a window, the parent's for the rest).
  int64_t slide_ms = 0;  // 0: every batch

  // A window reads its parent's data sets of several batches, so that parent is materialized.
  bool IsWindow() const { return op == "window"; }
  // A state node (updateStateByKey, mapWithState) reads its own state of the previous time of its slide, so it
  // is materialized at every time of its slide.
  bool IsState() const { return op == "updateStateByKey" || IsKeyedState(); }
  // mapWithState: the state is a table per partition that stays on the worker that has it, not a data set.
  bool IsKeyedState() const { return op == "mapWithState"; }
  // stateSnapshots: reads its parent's (a mapWithState's) tables.
  bool IsStateSnapshot() const { return op == "stateSnapshots"; }
  // The incremental reduceByKeyAndWindow (with an inverse function, Spark's ReducedWindowedDStream): its result
  // at T is its own at T - slide plus its parent's batches that entered the window minus those that left.
  bool IsIncrementalWindow() const { return op == "reducedWindow"; }
  // foreachRDD: the output's data set stays on the workers (as materialized partitions of the output node) for
  // the driver to fetch what its function collects.
  bool HoldsOutputForDriver() const { return op == "foreachRDD"; }
  // Reads its own previous result: materialized at every time of its slide.
  bool IsSelfDependent() const { return IsState() || IsIncrementalWindow(); }

  bool operator==(const NodeDescription&) const = default;
};

struct GraphDescription {
  std::vector<NodeDescription> nodes;  // nodes[i].id == i, parents before children
  int64_t batch_ms = 0;

  bool operator==(const GraphDescription&) const = default;
  const NodeDescription& node(int32_t id) const { return nodes.at(id); }
  // The interval at which `node` has a data set: its own slide, or the batch interval.
  int64_t SlideMs(const NodeDescription& node) const { return node.slide_ms > 0 ? node.slide_ms : batch_ms; }
  std::vector<int32_t> OutputNodes() const;  // in the order they were defined
  // The nodes a later batch reads (the parents of windows, and self-dependent nodes), in id order.
  std::vector<int32_t> MaterializedNodes() const;
  // The windows over `node`, plain and incremental.
  std::vector<int32_t> WindowsOver(int32_t node) const;
  // A digest of everything above, equal on every machine that built the same graph.
  uint64_t Fingerprint() const;
  // Names the first difference from `other`, for the error a worker gives when its graph differs.
  std::string FirstDifference(const GraphDescription& other) const;
};

}  // namespace sluice

#endif  // SLUICE_COMMON_GRAPH_DESCRIPTION_H_
