#ifndef SLUICE_WORKER_APPLICATION_JANITOR_H_
#define SLUICE_WORKER_APPLICATION_JANITOR_H_

#include <functional>
#include <set>
#include <string>
#include <vector>

#include "common/mutex.h"
#include "worker/block_store.h"
#include "worker/keyed_state_store.h"
#include "worker/receiver_manager.h"
#include "worker/shuffle_store.h"

namespace sluice {

// Ends applications on this worker: stops their receivers, then drops their blocks, shuffle data and state tables
// (EndApplication). It remembers which applications have anything here, so that when this worker registers with a
// master that knows none of them (one restarted without its bookkeeping) their leftovers go too: no orphan
// receiver keeps a source's only connection, no orphan block its memory.
class ApplicationJanitor {
 public:
  // Every part must outlive the janitor.
  ApplicationJanitor(ReceiverManager* receivers, BlockStore* blocks, ShuffleStore* shuffles,
                     KeyedStateStore* keyed_states);

  // An application sent something here (a task, a receiver, a block's copy). Any thread.
  void Seen(const std::string& app_id);
  // Control loop: ends the application here; `done` runs on the loop once its receivers are gone and its data is.
  void End(const std::string& app_id, std::function<void()> done);
  // Control loop: the master (at registration) lists the applications it knows; the others are ended here.
  // Returns the ones ended.
  std::vector<std::string> KeepOnly(const std::vector<std::string>& known);

 private:
  ReceiverManager* const receivers_;
  BlockStore* const blocks_;
  ShuffleStore* const shuffles_;
  KeyedStateStore* const keyed_states_;
  Mutex mu_;  // gRPC threads add, the control loop ends
  std::set<std::string> seen_ ABSL_GUARDED_BY(mu_);
};

}  // namespace sluice

#endif  // SLUICE_WORKER_APPLICATION_JANITOR_H_
