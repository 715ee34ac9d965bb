#include "runtime/job_graph.h"

#include <utility>

#include "driver/api/errors.h"

namespace sluice {
namespace {

// How many batches' rebuilt graphs a graph keeps: tasks of one batch run at a time, but a slow task of the last
// batch may still be starting. Fixed, not a setting: the count follows from batches running one at a time, not
// from a workload; and graphs are built by the job's own code (on the driver and on each worker), where no
// daemon's Config reaches.
constexpr size_t kRebuiltBatchesKept = 4;

}  // namespace

JobGraph::JobGraph(std::vector<std::shared_ptr<const Node>> nodes, std::vector<TransformRegion> regions,
                   Duration batch_duration)
    : nodes_(std::move(nodes)), regions_(std::move(regions)), batch_duration_(batch_duration) {
  description_.batch_ms = batch_duration.milliseconds();
  for (const auto& node : nodes_) description_.nodes.push_back(node->description());
}

std::shared_ptr<const JobGraph> JobGraph::ForBatch(Time batch_time) const {
  if (regions_.empty()) return shared_from_this();
  {
    std::lock_guard<std::mutex> lock(batches_mu_);
    if (auto it = batches_.find(batch_time.milliseconds()); it != batches_.end()) return it->second;
  }
  std::shared_ptr<const JobGraph> rebuilt = Rebuild(batch_time);  // user code: outside the lock
  std::lock_guard<std::mutex> lock(batches_mu_);
  auto [it, added] = batches_.emplace(batch_time.milliseconds(), std::move(rebuilt));
  while (batches_.size() > kRebuiltBatchesKept) batches_.erase(batches_.begin());
  return it->second;
}

std::shared_ptr<const JobGraph> JobGraph::Rebuild(Time batch_time) const {
  std::vector<std::shared_ptr<const Node>> nodes = nodes_;
  for (const TransformRegion& region : regions_) {
    std::vector<std::unique_ptr<Node>> built = region.rebuild(batch_time);
    const size_t expected = static_cast<size_t>(region.end_node - region.first_node);
    for (size_t i = 0; i < std::max(built.size(), expected); ++i) {
      const int32_t id = region.first_node + static_cast<int32_t>(i);
      if (i >= built.size() || i >= expected || !(built[i]->description() == nodes_[id]->description())) {
        throw SluiceError("the transform function that built node " + std::to_string(region.first_node) +
                          " built other operations for the batch at " + batch_time.toString() +
                          " than when it was defined: it must build the same operations every batch (its "
                          "functions may use the time)");
      }
      nodes[id] = std::move(built[i]);
    }
  }
  return std::make_shared<const JobGraph>(std::move(nodes), std::vector<TransformRegion>{}, batch_duration_);
}

int32_t GraphBuilder::NextId() const {
  if (!frozen_reason_.empty()) {
    throw IllegalStateError("Adding new inputs, transformations, and output operations after " + frozen_reason_ +
                            " a context is not supported");
  }
  return static_cast<int32_t>(earlier_.size() + nodes_.size());
}

const NodeDescription& GraphBuilder::description(int32_t id) const {
  if (static_cast<size_t>(id) < earlier_.size()) return earlier_.at(id);
  return nodes_.at(id - earlier_.size())->description();
}

void GraphBuilder::Add(std::unique_ptr<Node> node) {
  if (node->id() != NextId()) throw SluiceError("internal: node ids must be assigned in order");
  NodeDescription& description = node->description_;
  if (description.slide_ms == 0) {  // sources slide by the batch interval, the others as their first parent
    description.slide_ms = description.parents.empty() ? batch_duration_.milliseconds()
                                                       : this->description(description.parents[0]).slide_ms;
  }
  nodes_.push_back(std::move(node));
}

bool GraphBuilder::HasOutput() const {
  for (const auto& node : nodes_) {
    if (node->description().kind == NodeKind::kOutput) return true;
  }
  return false;
}

std::vector<NodeDescription> GraphBuilder::Descriptions() const {
  std::vector<NodeDescription> descriptions = earlier_;
  for (const auto& node : nodes_) descriptions.push_back(node->description());
  return descriptions;
}

std::shared_ptr<const JobGraph> GraphBuilder::Build() {
  std::vector<std::shared_ptr<const Node>> nodes(std::make_move_iterator(nodes_.begin()),
                                                 std::make_move_iterator(nodes_.end()));
  nodes_.clear();
  return std::make_shared<const JobGraph>(std::move(nodes), std::move(regions_), batch_duration_);
}

}  // namespace sluice
