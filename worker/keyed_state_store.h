#ifndef SLUICE_WORKER_KEYED_STATE_STORE_H_
#define SLUICE_WORKER_KEYED_STATE_STORE_H_

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <tuple>

#include "driver/api/keyed_state_table.h"

namespace sluice {

// The keyed state tables (mapWithState) this worker keeps, one per (application, node, partition). A table is
// used by one task at a time: a task leases it, and the lease holds the table's lock. Thread-safe.
class KeyedStateStore {
 public:
  struct Slot {
    std::mutex mu;
    std::unique_ptr<KeyedStateTable> table;  // null until the partition's first task makes it
  };

  // Exclusive use of one partition's slot, for as long as it lives.
  class Lease {
   public:
    explicit Lease(std::shared_ptr<Slot> slot) : slot_(std::move(slot)), lock_(slot_->mu) {}
    std::unique_ptr<KeyedStateTable>& table() { return slot_->table; }

   private:
    std::shared_ptr<Slot> slot_;
    std::unique_lock<std::mutex> lock_;
  };

  Lease Acquire(const std::string& app_id, int32_t node, int32_t partition);
  // The application is over: its tables go (a task still holding one keeps it until it finishes).
  void RemoveApp(const std::string& app_id);
  // Keys in every table of the application (for tests).
  size_t KeysOf(const std::string& app_id) const;

 private:
  using Key = std::tuple<std::string, int32_t, int32_t>;  // app, node, partition

  mutable std::mutex mu_;
  std::map<Key, std::shared_ptr<Slot>> slots_;
};

}  // namespace sluice

#endif  // SLUICE_WORKER_KEYED_STATE_STORE_H_
