#ifndef SLUICE_WORKER_LIBRARY_LOADER_H_
#define SLUICE_WORKER_LIBRARY_LOADER_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "runtime/job_graph.h"

namespace sluice {

struct LoadedJob {
  // Keeps the library loaded: the graph's nodes run code that lives in it. The library is unloaded only when
  // the last reference to the graph is gone.
  std::shared_ptr<const JobGraph> graph;
};

// Loads a job library (built with sluice_job) and rebuilds its graph: runs the job's entry point with `args`
// under a GraphCapture, which ends it at StreamingContext::start(). The process must export the API's symbols
// (link with -rdynamic and //driver/api:api) for the library to resolve against.
absl::StatusOr<LoadedJob> LoadJobLibrary(const std::string& path, const std::vector<std::string>& args);

}  // namespace sluice

#endif  // SLUICE_WORKER_LIBRARY_LOADER_H_
