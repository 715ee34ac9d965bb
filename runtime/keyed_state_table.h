#ifndef SLUICE_RUNTIME_KEYED_STATE_TABLE_H_
#define SLUICE_RUNTIME_KEYED_STATE_TABLE_H_

// The state of one partition of a mapWithState node: a keyed table that stays on one worker across batches, so
// that a batch costs in proportion to the keys it touches. A batch's changes go to a delta over the table as of
// the previous batch; the delta is merged when the next batch begins, so a retry of a batch discards its own
// delta and starts again from the same state (Spark's OpenHashMapBasedStateMap, with a chain of one delta).

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"

namespace sluice {

// The type-erased face of a table, as the worker holds it: which batches it has seen.
class KeyedStateTable {
 public:
  virtual ~KeyedStateTable() = default;

  // Makes the table ready to take batch `batch_ms`'s changes on top of its state as of `previous_ms` (none at the
  // state's first time). An error if the table holds neither that state nor that batch's earlier attempt.
  std::string BeginBatch(int64_t batch_ms, std::optional<int64_t> previous_ms) {
    std::optional<int64_t> base_after = base_ms_;
    const bool retry = delta_ms_ == batch_ms;
    if (delta_ms_ && !retry) base_after = delta_ms_;  // the last batch's delta is merged first
    if (base_after != previous_ms) {
      return "the state table is as of " + Describe(latest_ms()) + ", not " +
             (previous_ms ? std::to_string(*previous_ms) + " ms" : std::string("before the first batch"));
    }
    if (retry) {
      DiscardDelta();
    } else if (delta_ms_) {
      MergeDelta(*delta_ms_);
    }
    base_ms_ = base_after;
    delta_ms_ = batch_ms;
    return "";
  }

  // The batch whose state the table holds (its last batch), if any.
  std::optional<int64_t> latest_ms() const { return delta_ms_ ? delta_ms_ : base_ms_; }
  virtual size_t size() const = 0;

 protected:
  virtual void DiscardDelta() = 0;
  // Folds the delta of batch `delta_ms` into the base.
  virtual void MergeDelta(int64_t delta_ms) = 0;

 private:
  static std::string Describe(std::optional<int64_t> ms) {
    return ms ? std::to_string(*ms) + " ms" : std::string("no batch");
  }

  std::optional<int64_t> base_ms_;   // the batch the base is as of
  std::optional<int64_t> delta_ms_;  // the batch whose changes the delta holds
};

// The table of (key, state) with each key's last update time, and an index of keys by update time that finds idle
// keys in proportion to their number.
template <class K, class S>
class MappedStateTable final : public KeyedStateTable {
 public:
  struct Entry {
    S state;
    int64_t updated_ms = 0;
  };

  // With `index_update_times` (a timeout is set), the table can find idle keys.
  explicit MappedStateTable(bool index_update_times) : index_update_times_(index_update_times) {}

  // The key's entry as of the current batch, or null.
  const Entry* Find(const K& key) const {
    if (auto changed = delta_.find(key); changed != delta_.end()) {
      return changed->second ? &*changed->second : nullptr;
    }
    auto it = base_.find(key);
    return it != base_.end() ? &it->second : nullptr;
  }

  void Put(const K& key, S state, int64_t updated_ms) { delta_[key] = Entry{std::move(state), updated_ms}; }
  void Remove(const K& key) { delta_[key] = std::nullopt; }

  // The keys whose last update was before `threshold_ms`, each once, for a timeout scan; the caller checks that
  // the key's entry is still as the index says (a key appears under every time it was updated).
  template <class Visit>
  void ForEachUpdatedBefore(int64_t threshold_ms, Visit visit) const {
    for (auto it = updated_at_.begin(); it != updated_at_.end() && it->first < threshold_ms; ++it) {
      for (const K& key : it->second) {
        const Entry* entry = Find(key);
        if (entry != nullptr && entry->updated_ms == it->first) visit(key, *entry);
      }
    }
  }
  // Once this batch is merged, the index keeps only the times a later timeout scan can look at: from
  // `threshold_ms` on.
  void set_index_horizon(int64_t threshold_ms) { index_horizon_ms_ = threshold_ms; }

  // Every (key, entry) as of the current batch.
  template <class Visit>
  void ForEach(Visit visit) const {
    for (const auto& [key, entry] : base_) {
      if (!delta_.contains(key)) visit(key, entry);
    }
    for (const auto& [key, entry] : delta_) {
      if (entry) visit(key, *entry);
    }
  }

  size_t size() const override {
    size_t keys = base_.size();
    for (const auto& [key, entry] : delta_) {
      bool in_base = base_.contains(key);
      if (entry && !in_base) ++keys;
      if (!entry && in_base) --keys;
    }
    return keys;
  }

 protected:
  void DiscardDelta() override { delta_.clear(); }

  void MergeDelta(int64_t delta_ms) override {
    std::vector<K> updated;  // each key once, however many times the batch put it
    for (auto& [key, entry] : delta_) {
      if (entry) {
        if (index_update_times_ && entry->updated_ms == delta_ms) updated.push_back(key);
        base_.insert_or_assign(key, std::move(*entry));
      } else {
        base_.erase(key);
      }
    }
    delta_.clear();
    if (index_update_times_) {
      if (!updated.empty()) updated_at_[delta_ms] = std::move(updated);
      updated_at_.erase(updated_at_.begin(), updated_at_.lower_bound(index_horizon_ms_));
    }
  }

 private:
  absl::flat_hash_map<K, Entry> base_;
  absl::flat_hash_map<K, std::optional<Entry>> delta_;  // nullopt: removed in this batch
  const bool index_update_times_;
  std::map<int64_t, std::vector<K>> updated_at_;  // keys by the batch that last put them, when indexed
  int64_t index_horizon_ms_ = 0;
};

}  // namespace sluice

#endif  // SLUICE_RUNTIME_KEYED_STATE_TABLE_H_
