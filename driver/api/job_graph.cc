#include "driver/api/job_graph.h"

#include "driver/api/errors.h"

namespace sluice {

JobGraph::JobGraph(std::vector<std::unique_ptr<Node>> nodes, Duration batch_duration)
    : nodes_(std::move(nodes)), batch_duration_(batch_duration) {
  description_.batch_ms = batch_duration.milliseconds();
  for (const auto& node : nodes_) description_.nodes.push_back(node->description());
}

int32_t GraphBuilder::NextId() const {
  if (!frozen_reason_.empty()) {
    throw IllegalStateError("Adding new inputs, transformations, and output operations after " + frozen_reason_ +
                            " a context is not supported");
  }
  return static_cast<int32_t>(nodes_.size());
}

void GraphBuilder::Add(std::unique_ptr<Node> node) {
  if (node->id() != NextId()) throw SluiceError("internal: node ids must be assigned in order");
  NodeDescription& description = node->description_;
  if (description.slide_ms == 0) {  // sources slide by the batch interval, the others as their first parent
    description.slide_ms =
        description.parents.empty() ? batch_duration_.milliseconds() : this->description(description.parents[0]).slide_ms;
  }
  nodes_.push_back(std::move(node));
}

bool GraphBuilder::HasOutput() const {
  for (const auto& node : nodes_) {
    if (node->description().kind == NodeKind::kOutput) return true;
  }
  return false;
}

std::shared_ptr<const JobGraph> GraphBuilder::Build() {
  return std::make_shared<const JobGraph>(std::move(nodes_), batch_duration_);
}

}  // namespace sluice
