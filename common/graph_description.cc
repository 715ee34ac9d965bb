#include "common/graph_description.h"

#include <algorithm>
#include <set>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/hash.h"

namespace sluice {

const char* NodeKindName(NodeKind kind) {
  switch (kind) {
    case NodeKind::kReceiverSource:
      return "receiver-source";
    case NodeKind::kFileSource:
      return "file-source";
    case NodeKind::kNarrow:
      return "narrow";
    case NodeKind::kShuffle:
      return "shuffle";
    case NodeKind::kOutput:
      return "output";
    case NodeKind::kQueueSource:
      return "queue-source";
  }
  return "unknown";
}

std::vector<int32_t> GraphDescription::OutputNodes() const {
  std::vector<int32_t> outputs;
  for (const NodeDescription& node : nodes) {
    if (node.kind == NodeKind::kOutput) outputs.push_back(node.id);
  }
  return outputs;
}

std::vector<int32_t> GraphDescription::MaterializedNodes() const {
  std::set<int32_t> materialized;
  for (const NodeDescription& node : nodes) {
    if (node.IsWindow()) materialized.insert(node.parents.begin(), node.parents.end());
    if (node.IsIncrementalWindow()) materialized.insert(node.parents.begin(), node.parents.end());
    if (node.IsSelfDependent()) materialized.insert(node.id);
  }
  return {materialized.begin(), materialized.end()};
}

std::vector<int32_t> GraphDescription::WindowsOver(int32_t node_id) const {
  std::vector<int32_t> windows;
  for (const NodeDescription& node : nodes) {
    if ((node.IsWindow() || node.IsIncrementalWindow()) &&
        std::find(node.parents.begin(), node.parents.end(), node_id) != node.parents.end()) {
      windows.push_back(node.id);
    }
  }
  return windows;
}

namespace {

std::string Canonical(const NodeDescription& node) {
  std::string text = absl::StrCat(node.id, "|", NodeKindName(node.kind), "|", node.op, "|",
                                  absl::StrJoin(node.parents, ","), "|", node.num_partitions, "|", node.type_name, "|slide=", node.slide_ms);
  for (const auto& [key, value] : node.params) absl::StrAppend(&text, "|", key, "=", value);
  return text;
}

}  // namespace

uint64_t GraphDescription::Fingerprint() const {
  std::string text = absl::StrCat("batch=", batch_ms);
  for (const NodeDescription& node : nodes) absl::StrAppend(&text, "\n", Canonical(node));
  return StableHash64(text);
}

std::string GraphDescription::FirstDifference(const GraphDescription& other) const {
  if (batch_ms != other.batch_ms) {
    return absl::StrCat("batch interval ", batch_ms, " ms vs ", other.batch_ms, " ms");
  }
  for (size_t i = 0; i < std::max(nodes.size(), other.nodes.size()); ++i) {
    if (i >= nodes.size()) return absl::StrCat("extra node ", Canonical(other.nodes[i]));
    if (i >= other.nodes.size()) return absl::StrCat("missing node ", Canonical(nodes[i]));
    if (!(nodes[i] == other.nodes[i])) {
      return absl::StrCat("node ", i, ": ", Canonical(nodes[i]), " vs ", Canonical(other.nodes[i]));
    }
  }
  return "";
}

}  // namespace sluice
