#ifndef SLUICE_DRIVER_LOCAL_CLUSTER_H_
#define SLUICE_DRIVER_LOCAL_CLUSTER_H_

#include <memory>
#include <string>

#include "absl/status/status.h"
#include "common/config.h"
#include "runtime/job_graph.h"

namespace sluice {

class MasterServer;
class WorkerServer;

// local[N]: the same master and worker services as a cluster's, inside this process, talking over loopback.
class LocalCluster {
 public:
  LocalCluster(int slots, Config config);
  ~LocalCluster();

  absl::Status Start();
  void Shutdown();
  std::string master_address() const;
  // The worker takes the graph from here instead of loading a job library.
  void ShareGraph(const std::string& library_hash, std::shared_ptr<const JobGraph> graph);

 private:
  int slots_;
  Config config_;
  std::unique_ptr<MasterServer> master_;
  std::unique_ptr<WorkerServer> worker_;
};

}  // namespace sluice

#endif  // SLUICE_DRIVER_LOCAL_CLUSTER_H_
