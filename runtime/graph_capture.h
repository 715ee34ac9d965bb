#ifndef SLUICE_RUNTIME_GRAPH_CAPTURE_H_
#define SLUICE_RUNTIME_GRAPH_CAPTURE_H_

#include <memory>

#include "runtime/job_graph.h"

namespace sluice {

// How a worker rebuilds a job's graph: while a GraphCapture is alive on a thread, a StreamingContext created on
// that thread only records its graph. Its start() delivers the graph here and ends the job's entry point by
// throwing GraphCaptured, which the worker catches; the rest of the user's main never runs on a worker.
class GraphCapture {
 public:
  GraphCapture();
  ~GraphCapture();
  GraphCapture(const GraphCapture&) = delete;
  GraphCapture& operator=(const GraphCapture&) = delete;

  static GraphCapture* Current();

  void Deliver(std::shared_ptr<const JobGraph> graph) { graph_ = std::move(graph); }
  std::shared_ptr<const JobGraph> graph() const { return graph_; }

 private:
  std::shared_ptr<const JobGraph> graph_;
  GraphCapture* previous_;
};

// Not a std::exception, so that a job's `catch (const std::exception&)` lets it pass.
struct GraphCaptured {};

}  // namespace sluice

#endif  // SLUICE_RUNTIME_GRAPH_CAPTURE_H_
