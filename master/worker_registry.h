#ifndef SLUICE_MASTER_WORKER_REGISTRY_H_
#define SLUICE_MASTER_WORKER_REGISTRY_H_

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace sluice {

struct WorkerInfo {
  std::string id;
  std::string address;
  int cores = 0;
  int used_slots = 0;
  std::chrono::steady_clock::time_point last_heartbeat;
  int64_t last_heartbeat_wall_ms = 0;
  bool unreachable = false;  // refused a task; cleared when the worker is heard from again

  int free_slots() const { return unreachable ? 0 : cores - used_slots; }
};

// Cluster membership and task slots. A worker that stays silent past the timeout is removed; its slots are
// gone with it, and it must register again to come back.
class WorkerRegistry {
 public:
  using Clock = std::chrono::steady_clock;

  // Adds the worker; false if it was known. A worker's id names one process (it ends in a random part), so a known
  // worker registers again only when the reply to its registration was lost: that counts as a heartbeat, and the
  // slots its tasks and receivers hold stay in use.
  bool Register(const std::string& id, const std::string& address, int cores, Clock::time_point now, int64_t wall_ms);
  // False if the worker is unknown and must register again.
  bool Heartbeat(const std::string& id, Clock::time_point now, int64_t wall_ms);
  // The worker could not be reached: it gets nothing more until its next heartbeat. A worker that died is
  // noticed only when its heartbeats have stopped for the timeout; until then, work goes elsewhere.
  void MarkUnreachable(const std::string& id);
  // Removes and returns the workers silent for longer than `timeout`.
  std::vector<WorkerInfo> ExpireSilent(Clock::time_point now, std::chrono::milliseconds timeout);

  const WorkerInfo* Find(const std::string& id) const;
  bool IsAlive(const std::string& id) const { return Find(id) != nullptr; }
  // The worker with the most free slots (ties: the lowest id), if any slot is free anywhere.
  std::optional<std::string> LeastLoaded() const;
  bool HasFreeSlot(const std::string& id) const;
  bool Acquire(const std::string& id);
  void Release(const std::string& id);
  int TotalCores() const;
  std::vector<WorkerInfo> Snapshot() const;

 private:
  std::map<std::string, WorkerInfo> workers_;
};

}  // namespace sluice

#endif  // SLUICE_MASTER_WORKER_REGISTRY_H_
