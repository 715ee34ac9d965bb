#include "master/app_events.h"

#include <algorithm>

namespace sluice {

void AppEventLog::Append(AppEvent event) {
  if (finished_) return;
  event.seq = next_seq_++;
  if (event.kind == AppEvent::Kind::kFinished) finished_ = true;
  events_.push_back(std::move(event));
  auto waiters = std::move(waiters_);
  waiters_.clear();
  for (auto& [after, waiter] : waiters) waiter(After(after));
}

void AppEventLog::Poll(int64_t after_seq, Waiter waiter) {
  Acknowledge(after_seq);
  std::vector<AppEvent> ready = After(after_seq);
  if (!ready.empty()) {
    waiter(std::move(ready));
    return;
  }
  waiters_.emplace_back(after_seq, std::move(waiter));
}

void AppEventLog::ReleaseWaiters() {
  auto waiters = std::move(waiters_);
  waiters_.clear();
  for (auto& [after, waiter] : waiters) waiter({});
}

void AppEventLog::Acknowledge(int64_t seq) {
  events_.erase(std::remove_if(events_.begin(), events_.end(),
                               [seq](const AppEvent& e) { return e.seq <= seq; }),
                events_.end());
}

std::vector<AppEvent> AppEventLog::After(int64_t seq) const {
  std::vector<AppEvent> out;
  for (const AppEvent& e : events_) {
    if (e.seq > seq) out.push_back(e);
  }
  return out;
}

}  // namespace sluice
