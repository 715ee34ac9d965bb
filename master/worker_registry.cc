#include "master/worker_registry.h"

namespace sluice {

bool WorkerRegistry::Register(const std::string& id, const std::string& address, int cores, Clock::time_point now,
                              int64_t wall_ms) {
  auto [it, added] = workers_.try_emplace(id);
  WorkerInfo& worker = it->second;
  worker.id = id;
  worker.address = address;
  worker.cores = cores;
  worker.unreachable = false;
  worker.last_heartbeat = now;
  worker.last_heartbeat_wall_ms = wall_ms;
  return added;
}

bool WorkerRegistry::Heartbeat(const std::string& id, Clock::time_point now, int64_t wall_ms) {
  auto it = workers_.find(id);
  if (it == workers_.end()) return false;
  it->second.last_heartbeat = now;
  it->second.last_heartbeat_wall_ms = wall_ms;
  it->second.unreachable = false;
  return true;
}

void WorkerRegistry::MarkUnreachable(const std::string& id) {
  auto it = workers_.find(id);
  if (it != workers_.end()) it->second.unreachable = true;
}

std::vector<WorkerInfo> WorkerRegistry::ExpireSilent(Clock::time_point now, std::chrono::milliseconds timeout) {
  std::vector<WorkerInfo> expired;
  for (auto it = workers_.begin(); it != workers_.end();) {
    if (now - it->second.last_heartbeat > timeout) {
      expired.push_back(it->second);
      it = workers_.erase(it);
    } else {
      ++it;
    }
  }
  return expired;
}

const WorkerInfo* WorkerRegistry::Find(const std::string& id) const {
  auto it = workers_.find(id);
  return it == workers_.end() ? nullptr : &it->second;
}

std::optional<std::string> WorkerRegistry::LeastLoaded() const {
  const WorkerInfo* best = nullptr;
  for (const auto& [id, worker] : workers_) {
    if (worker.free_slots() > 0 && (best == nullptr || worker.free_slots() > best->free_slots())) best = &worker;
  }
  if (best == nullptr) return std::nullopt;
  return best->id;
}

bool WorkerRegistry::HasFreeSlot(const std::string& id) const {
  const WorkerInfo* worker = Find(id);
  return worker != nullptr && worker->free_slots() > 0;
}

bool WorkerRegistry::Acquire(const std::string& id) {
  auto it = workers_.find(id);
  if (it == workers_.end() || it->second.free_slots() <= 0) return false;
  ++it->second.used_slots;
  return true;
}

void WorkerRegistry::Release(const std::string& id) {
  auto it = workers_.find(id);
  if (it != workers_.end() && it->second.used_slots > 0) --it->second.used_slots;
}

int WorkerRegistry::TotalCores() const {
  int total = 0;
  for (const auto& [id, worker] : workers_) total += worker.cores;
  return total;
}

std::vector<WorkerInfo> WorkerRegistry::Snapshot() const {
  std::vector<WorkerInfo> out;
  for (const auto& [id, worker] : workers_) out.push_back(worker);
  return out;
}

}  // namespace sluice
