#ifndef SLUICE_MASTER_MASTER_VIEW_H_
#define SLUICE_MASTER_MASTER_VIEW_H_

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "master/application.h"
#include "master/worker_registry.h"

namespace sluice {

// A snapshot of the master's state for its status page: plain copies, safe to use off the master's loop.
struct ApplicationView {
  std::string id;
  std::string name;
  std::string state;
  int64_t batch_ms = 0;
  int64_t start_ms = 0;
  int64_t completed_batches = 0;
  int64_t total_records = 0;     // processed: the records of the completed batches
  int64_t received_records = 0;  // stored by its receivers (Spark's numReceivedRecords)
  int64_t queued_batches = 0;
  std::vector<BatchSummary> recent_batches;  // newest first
  std::vector<std::pair<int32_t, std::string>> receivers;  // source node, worker
};

struct MasterView {
  std::vector<WorkerInfo> workers;
  std::vector<ApplicationView> applications;
};

// The view of one application, with its 20 most recent batches.
ApplicationView ViewOfApplication(const Application& app);

}  // namespace sluice

#endif  // SLUICE_MASTER_MASTER_VIEW_H_
