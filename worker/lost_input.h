#ifndef SLUICE_WORKER_LOST_INPUT_H_
#define SLUICE_WORKER_LOST_INPUT_H_

#include <string>

#include "absl/status/status.h"
#include "absl/strings/cord.h"

namespace sluice {

// A task's input that could not be read from another worker (Spark's FetchFailed) is marked on the status that
// says so, with the worker it was on: the task reports it (TaskResult::lost_input_worker) and the master computes
// what that worker held again, instead of charging the task an attempt.
inline constexpr char kLostInputWorkerPayload[] = "type.sluice.dev/lost_input_worker";

inline absl::Status WithLostInputWorker(absl::Status status, const std::string& worker_id) {
  if (!status.ok()) status.SetPayload(kLostInputWorkerPayload, absl::Cord(worker_id));
  return status;
}

// The worker whose data the failed read needed; empty if the failure was of another kind.
inline std::string LostInputWorker(const absl::Status& status) {
  auto worker = status.GetPayload(kLostInputWorkerPayload);  // absl::optional: Debian's absl is not on std::
  return worker.has_value() ? std::string(*worker) : std::string();
}

}  // namespace sluice

#endif  // SLUICE_WORKER_LOST_INPUT_H_
