#ifndef SLUICE_DRIVER_API_JOB_GRAPH_H_
#define SLUICE_DRIVER_API_JOB_GRAPH_H_

#include <memory>
#include <string>
#include <vector>

#include "common/graph_description.h"
#include "common/time.h"
#include "driver/api/node.h"

namespace sluice {

// A finished graph: its nodes with the user's code, and its description. Immutable, shared by the tasks
// that run it concurrently.
class JobGraph {
 public:
  JobGraph(std::vector<std::unique_ptr<Node>> nodes, Duration batch_duration);

  const GraphDescription& description() const { return description_; }
  const Node& node(int32_t id) const { return *nodes_.at(id); }
  int32_t size() const { return static_cast<int32_t>(nodes_.size()); }
  Duration batch_duration() const { return batch_duration_; }

 private:
  std::vector<std::unique_ptr<Node>> nodes_;
  Duration batch_duration_;
  GraphDescription description_;
};

// Collects nodes while a StreamingContext is being defined. Shared by the context and its DStreams; once the
// context starts (or stops) it refuses new nodes with Spark's error.
class GraphBuilder {
 public:
  explicit GraphBuilder(Duration batch_duration) : batch_duration_(batch_duration) {}

  // The id the next node gets. Throws IllegalStateError when no node may be added any more.
  int32_t NextId() const;
  void Add(std::unique_ptr<Node> node);
  const NodeDescription& description(int32_t id) const { return nodes_.at(id)->description(); }
  Duration batch_duration() const { return batch_duration_; }
  Duration slide_duration(int32_t id) const { return Milliseconds(description(id).slide_ms); }
  bool HasOutput() const;
  // An operation Spark checkpoints (state, inverse windows, countByWindow, countByValueAndWindow) was defined:
  // start() needs a checkpoint directory.
  void RequireCheckpoint() { checkpoint_required_ = true; }
  bool checkpoint_required() const { return checkpoint_required_; }

  // No more nodes from now on; `why` completes "... after <why> a context is not supported".
  void Freeze(const std::string& why) { frozen_reason_ = why; }
  // Hands the nodes over to an immutable graph (once).
  std::shared_ptr<const JobGraph> Build();

 private:
  Duration batch_duration_;
  std::vector<std::unique_ptr<Node>> nodes_;
  std::string frozen_reason_;
  bool checkpoint_required_ = false;
};

}  // namespace sluice

#endif  // SLUICE_DRIVER_API_JOB_GRAPH_H_
