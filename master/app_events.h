#ifndef SLUICE_MASTER_APP_EVENTS_H_
#define SLUICE_MASTER_APP_EVENTS_H_

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "wire/application.h"

namespace sluice {

// What an application tells its driver, in order, with sequence numbers so a driver that polls again
// (after a lost reply, say) gets each event exactly once. Drivers poll with a wait: a parked poll is answered
// by the next event.
class AppEventLog {
 public:
  using Waiter = std::function<void(std::vector<AppEvent>)>;

  void Append(AppEvent event);
  // Answers at once with the events after `after_seq`, or parks `waiter` until there are some.
  void Poll(int64_t after_seq, Waiter waiter);
  // Answers every parked poll (empty) — when its wait runs out, or the master shuts down.
  void ReleaseWaiters();
  // Drops events the driver has confirmed by polling past them.
  void Acknowledge(int64_t seq);
  bool finished() const { return finished_; }
  // A poll is parked: its driver is there.
  bool has_waiters() const { return !waiters_.empty(); }

 private:
  std::vector<AppEvent> After(int64_t seq) const;

  std::vector<AppEvent> events_;
  std::vector<std::pair<int64_t, Waiter>> waiters_;
  int64_t next_seq_ = 1;
  bool finished_ = false;
};

}  // namespace sluice

#endif  // SLUICE_MASTER_APP_EVENTS_H_
