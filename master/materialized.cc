#include "master/materialized.h"

#include "absl/strings/numbers.h"

namespace sluice {
namespace {

int64_t WindowLengthOf(const NodeDescription& window) {
  int64_t length = 0;
  auto it = window.params.find("window_ms");
  if (it != window.params.end()) (void)absl::SimpleAtoi(it->second, &length);
  return length;
}

// How far back from its time a window reads its parent: an incremental one also reads the batches that left
// the window one slide before.
int64_t ReachOf(const GraphDescription& graph, const NodeDescription& window) {
  return WindowLengthOf(window) + (window.IsIncrementalWindow() ? graph.SlideMs(window) : 0);
}

// The first time after `after_ms` at which `node` has data.
int64_t NextTimeAfter(const GraphDescription& graph, const NodeDescription& node, int64_t zero_ms, int64_t after_ms) {
  int64_t slide = graph.SlideMs(node);
  int64_t steps = after_ms < zero_ms ? 0 : (after_ms - zero_ms) / slide;
  return zero_ms + (steps + 1) * slide;
}

bool StillRead(const GraphDescription& graph, int64_t zero_ms, int64_t completed_ms, const MaterializedKey& key) {
  // A state at t is read by the state's batch at t + slide, until that one has completed.
  const NodeDescription& node = graph.node(key.node);
  // An output's data set held for the driver (foreachRDD) stays until the driver releases it.
  if (node.kind == NodeKind::kOutput) return true;
  if (node.IsSelfDependent() && key.batch_ms + graph.SlideMs(node) > completed_ms) return true;
  for (int32_t window_id : graph.WindowsOver(key.node)) {
    const NodeDescription& window = graph.node(window_id);
    int64_t next = NextTimeAfter(graph, window, zero_ms, completed_ms);
    if (key.batch_ms > next - ReachOf(graph, window)) return true;
  }
  return false;
}

}  // namespace

bool HasDataAt(const NodeDescription& node, int64_t zero_ms, int64_t time_ms) {
  return node.slide_ms <= 0 || (time_ms - zero_ms) % node.slide_ms == 0;
}

std::vector<int64_t> ParentTimesIn(const GraphDescription& graph, const NodeDescription& window, int64_t zero_ms,
                                   int64_t from_ms, int64_t to_ms) {
  const NodeDescription& parent = graph.node(window.parents.at(0));
  int64_t slide = graph.SlideMs(parent);
  std::vector<int64_t> times;
  for (int64_t t = from_ms + slide; t <= to_ms; t += slide) {
    if (t > zero_ms) times.push_back(t);
  }
  return times;
}

std::vector<int64_t> WindowInputTimes(const GraphDescription& graph, const NodeDescription& window, int64_t zero_ms,
                                      int64_t time_ms) {
  const NodeDescription& parent = graph.node(window.parents.at(0));
  int64_t slide = graph.SlideMs(parent);
  std::vector<int64_t> times;
  for (int64_t t = time_ms - WindowLengthOf(window) + slide; t <= time_ms; t += slide) {
    if (t > zero_ms) times.push_back(t);
  }
  return times;
}

std::map<std::string, std::vector<MaterializedKey>> TakeReleasable(const GraphDescription& graph, int64_t zero_ms,
                                                                   int64_t completed_ms, MaterializedIndex* index) {
  std::map<std::string, std::vector<MaterializedKey>> releasable;
  for (auto it = index->begin(); it != index->end();) {
    if (StillRead(graph, zero_ms, completed_ms, it->first)) {
      ++it;
      continue;
    }
    releasable[it->second.worker_address].push_back(it->first);
    it = index->erase(it);
  }
  return releasable;
}

std::map<std::string, std::vector<MaterializedKey>> TakeHeldOutput(int32_t node, int64_t batch_ms,
                                                                   MaterializedIndex* index) {
  std::map<std::string, std::vector<MaterializedKey>> taken;
  auto it = index->lower_bound(MaterializedKey{node, batch_ms, 0});
  while (it != index->end() && it->first.node == node && it->first.batch_ms == batch_ms) {
    taken[it->second.worker_address].push_back(it->first);
    it = index->erase(it);
  }
  return taken;
}

bool HoldsOutputs(const GraphDescription& graph, const MaterializedIndex& index) {
  for (const auto& [key, site] : index) {
    if (graph.node(key.node).kind == NodeKind::kOutput) return true;
  }
  return false;
}

}  // namespace sluice
