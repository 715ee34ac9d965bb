#ifndef SLUICE_MASTER_APP_EVENTS_H_
#define SLUICE_MASTER_APP_EVENTS_H_

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace sluice {

// One partition of an output's data set that its worker keeps for the driver (foreachRDD).
struct HeldPartitionInfo {
  int32_t partition = 0;
  std::string worker_id;
  std::string worker_address;
  int64_t records = 0;
  bool operator==(const HeldPartitionInfo&) const = default;
};

struct BatchOutputEvent {
  int64_t batch_ms = 0;
  int32_t output_node = 0;
  std::string records;  // encoded, in partition order
  int64_t count = 0;
  std::vector<HeldPartitionInfo> held;  // foreachRDD: the data set stays on the workers
};

struct AppEventRecord {
  enum class Kind { kOutput, kWarning, kError, kFinished };
  int64_t seq = 0;
  Kind kind = Kind::kWarning;
  BatchOutputEvent output;
  std::string message;
};

// What an application tells its driver, in order, with sequence numbers so a driver that polls again
// (after a lost reply, say) gets each event exactly once. Drivers poll with a wait: a parked poll is answered
// by the next event.
class AppEventLog {
 public:
  using Waiter = std::function<void(std::vector<AppEventRecord>)>;

  void Append(AppEventRecord event);
  // Answers at once with the events after `after_seq`, or parks `waiter` until there are some.
  void Poll(int64_t after_seq, Waiter waiter);
  // Answers every parked poll (empty) — when its wait runs out, or the master shuts down.
  void ReleaseWaiters();
  // Drops events the driver has confirmed by polling past them.
  void Acknowledge(int64_t seq);
  bool finished() const { return finished_; }

 private:
  std::vector<AppEventRecord> After(int64_t seq) const;

  std::vector<AppEventRecord> events_;
  std::vector<std::pair<int64_t, Waiter>> waiters_;
  int64_t next_seq_ = 1;
  bool finished_ = false;
};

}  // namespace sluice

#endif  // SLUICE_MASTER_APP_EVENTS_H_
