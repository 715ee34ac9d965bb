#include "master/absent_data.h"

#include "absl/strings/str_cat.h"

namespace sluice {
namespace {

bool NeedsDataFromEveryParent(const NodeDescription& node) {
  return node.parents.size() > 1 || node.op == "transform" || node.op == "transformWith";
}

}  // namespace

absl::StatusOr<std::set<int32_t>> NodesWithoutData(const GraphDescription& graph, const std::set<int32_t>& sources,
                                                   int64_t batch_ms, const std::set<int32_t>& started_states) {
  std::set<int32_t> absent = sources;
  if (absent.empty()) return absent;
  for (const NodeDescription& node : graph.nodes) {  // parents come before their children
    // A window's data set is the union of its parent's in the window, which exist or not one by one (Spark's
    // WindowedDStream always gives one): the planner leaves out the parent's missing ones.
    // A state node, like Spark's StateDStream, runs its update on the previous state without new values; before
    // it has a state, it waits for a data set from its parent (mapWithState, as Spark's, starts at once).
    if (node.IsState() && !node.IsKeyedState() && !started_states.contains(node.id) &&
        absent.contains(node.parents.at(0))) {
      absent.insert(node.id);
      continue;
    }
    if (node.IsWindow() || node.IsSelfDependent()) continue;
    for (int32_t parent : node.parents) {
      if (!absent.contains(parent)) continue;
      if (NeedsDataFromEveryParent(node)) {
        return absl::FailedPreconditionError(absl::StrCat(
            node.op, " (node ", node.id, ") could not get a data set from its parent ", graph.node(parent).op,
            " (node ", parent, ") for the batch at ", batch_ms, " ms: that input stream gave none for it"));
      }
      absent.insert(node.id);
    }
  }
  return absent;
}

}  // namespace sluice
