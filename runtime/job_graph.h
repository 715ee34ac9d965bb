#ifndef SLUICE_RUNTIME_JOB_GRAPH_H_
#define SLUICE_RUNTIME_JOB_GRAPH_H_

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "common/graph_description.h"
#include "common/time.h"
#include "runtime/node.h"

namespace sluice {

// The nodes a transform function builds (transform, transformWith, ssc.transform): ids [first_node, end_node).
// Spark runs the function for every batch, with the batch's time; so does Sluice, wherever the nodes run, so
// that the function's closures see the batch's time. `rebuild` runs it again for a batch time and returns the
// nodes it built, which must be the same operations every time (the plan is made from them).
struct TransformRegion {
  int32_t first_node = 0;
  int32_t end_node = 0;
  std::function<std::vector<std::unique_ptr<Node>>(Time)> rebuild;
};

// A finished graph: its nodes with the user's code, and its description. Immutable, shared by the tasks
// that run it concurrently.
class JobGraph : public std::enable_shared_from_this<JobGraph> {
 public:
  JobGraph(std::vector<std::shared_ptr<const Node>> nodes, std::vector<TransformRegion> regions,
           Duration batch_duration);

  const GraphDescription& description() const { return description_; }
  const Node& node(int32_t id) const { return *nodes_.at(id); }
  int32_t size() const { return static_cast<int32_t>(nodes_.size()); }
  Duration batch_duration() const { return batch_duration_; }

  // The graph to run batch `batch_time` with: this one, or, with transform regions, one whose regions' nodes the
  // transform functions built for that time (the last few batches' are kept). Throws SluiceError when a function
  // builds other operations than it did when it was defined.
  std::shared_ptr<const JobGraph> ForBatch(Time batch_time) const;

 private:
  std::shared_ptr<const JobGraph> Rebuild(Time batch_time) const;

  std::vector<std::shared_ptr<const Node>> nodes_;
  std::vector<TransformRegion> regions_;
  Duration batch_duration_;
  GraphDescription description_;

  mutable std::mutex batches_mu_;
  mutable std::map<int64_t, std::shared_ptr<const JobGraph>> batches_;  // by batch time
};

// Collects nodes while a StreamingContext is being defined. Shared by the context and its DStreams; once the
// context starts (or stops) it refuses new nodes with Spark's error.
class GraphBuilder {
 public:
  explicit GraphBuilder(Duration batch_duration) : batch_duration_(batch_duration) {}
  // A builder that goes on after the nodes `earlier` describe (ids 0..earlier.size()-1): a transform function's
  // nodes, built again for a batch.
  GraphBuilder(Duration batch_duration, std::vector<NodeDescription> earlier)
      : batch_duration_(batch_duration), earlier_(std::move(earlier)) {}

  // The id the next node gets. Throws IllegalStateError when no node may be added any more.
  int32_t NextId() const;
  void Add(std::unique_ptr<Node> node);
  const NodeDescription& description(int32_t id) const;
  Duration batch_duration() const { return batch_duration_; }
  Duration slide_duration(int32_t id) const { return Milliseconds(description(id).slide_ms); }
  bool HasOutput() const;
  // An operation Spark checkpoints (state, inverse windows, countByWindow, countByValueAndWindow) was defined:
  // start() needs a checkpoint directory.
  void RequireCheckpoint() { checkpoint_required_ = true; }
  bool checkpoint_required() const { return checkpoint_required_; }
  // The descriptions of every node so far.
  std::vector<NodeDescription> Descriptions() const;
  void AddTransformRegion(TransformRegion region) { regions_.push_back(std::move(region)); }

  // No more nodes from now on; `why` completes "... after <why> a context is not supported".
  void Freeze(const std::string& why) { frozen_reason_ = why; }
  // Hands the nodes over to an immutable graph (once).
  std::shared_ptr<const JobGraph> Build();
  // Hands the nodes over as they are (a transform function's, built again).
  std::vector<std::unique_ptr<Node>> TakeNodes() { return std::move(nodes_); }

 private:
  Duration batch_duration_;
  std::vector<NodeDescription> earlier_;
  std::vector<std::unique_ptr<Node>> nodes_;
  std::vector<TransformRegion> regions_;
  std::string frozen_reason_;
  bool checkpoint_required_ = false;
};

}  // namespace sluice

#endif  // SLUICE_RUNTIME_JOB_GRAPH_H_
