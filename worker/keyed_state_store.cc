#include "worker/keyed_state_store.h"

#include <climits>

namespace sluice {

KeyedStateStore::Lease KeyedStateStore::Acquire(const std::string& app_id, int32_t node, int32_t partition) {
  std::shared_ptr<Slot> slot;
  {
    MutexLock lock(&mu_);
    std::shared_ptr<Slot>& entry = slots_[Key{app_id, node, partition}];
    if (!entry) entry = std::make_shared<Slot>();
    slot = entry;
  }
  return Lease(std::move(slot));  // locks the slot outside the store's lock: a long task blocks no other table
}

void KeyedStateStore::RemoveApp(const std::string& app_id) {
  MutexLock lock(&mu_);
  auto first = slots_.lower_bound(Key{app_id, INT32_MIN, INT32_MIN});
  auto last = first;
  while (last != slots_.end() && std::get<0>(last->first) == app_id) ++last;
  slots_.erase(first, last);
}

size_t KeyedStateStore::KeysOf(const std::string& app_id) const {
  std::map<Key, std::shared_ptr<Slot>> app_slots;
  {
    MutexLock lock(&mu_);
    for (const auto& [key, slot] : slots_) {
      if (std::get<0>(key) == app_id) app_slots.emplace(key, slot);
    }
  }
  size_t keys = 0;
  for (const auto& [key, slot] : app_slots) {
    MutexLock lock(&slot->mu);
    if (slot->table) keys += slot->table->size();
  }
  return keys;
}

}  // namespace sluice
