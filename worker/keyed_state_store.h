#ifndef SLUICE_WORKER_KEYED_STATE_STORE_H_
#define SLUICE_WORKER_KEYED_STATE_STORE_H_

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <tuple>

#include "common/mutex.h"
#include "runtime/keyed_state_table.h"

namespace sluice {

// The keyed state tables (mapWithState) this worker keeps, one per (application, node, partition). A table is
// used by one task at a time: a task leases it, and the lease holds the table's lock. Thread-safe: task threads
// lease tables, the control loop removes an ended application's.
class KeyedStateStore {
 public:
  struct Slot {
    Mutex mu;  // data plane: the task threads that run the partition's tasks, one after another
    std::unique_ptr<KeyedStateTable> table ABSL_GUARDED_BY(mu);  // null until the partition's first task makes it
  };

  // Exclusive use of one partition's slot, for as long as it lives.
  class Lease {
   public:
    // The lease holds the slot's lock from its construction to its destruction, which the analysis cannot follow
    // across the two; table() asserts it instead.
    explicit Lease(std::shared_ptr<Slot> slot) ABSL_NO_THREAD_SAFETY_ANALYSIS : slot_(std::move(slot)) {
      slot_->mu.Lock();
    }
    ~Lease() ABSL_NO_THREAD_SAFETY_ANALYSIS {
      if (slot_) slot_->mu.Unlock();
    }
    // A moved lease hands its lock over with the slot.
    Lease(Lease&& other) noexcept : slot_(std::move(other.slot_)) {}
    Lease& operator=(Lease&&) = delete;

    std::unique_ptr<KeyedStateTable>& table() {
      slot_->mu.AssertHeld();
      return slot_->table;
    }

   private:
    std::shared_ptr<Slot> slot_;  // null once moved from
  };

  Lease Acquire(const std::string& app_id, int32_t node, int32_t partition);
  // The application is over: its tables go (a task still holding one keeps it until it finishes).
  void RemoveApp(const std::string& app_id);
  // Keys in every table of the application (for tests).
  size_t KeysOf(const std::string& app_id) const;

 private:
  using Key = std::tuple<std::string, int32_t, int32_t>;  // app, node, partition

  mutable Mutex mu_;  // data plane: task threads lease slots while the control loop removes an application's
  std::map<Key, std::shared_ptr<Slot>> slots_ ABSL_GUARDED_BY(mu_);
};

}  // namespace sluice

#endif  // SLUICE_WORKER_KEYED_STATE_STORE_H_
