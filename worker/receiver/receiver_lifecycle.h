#ifndef SLUICE_WORKER_RECEIVER_RECEIVER_LIFECYCLE_H_
#define SLUICE_WORKER_RECEIVER_RECEIVER_LIFECYCLE_H_

#include <atomic>
#include <functional>
#include <string>
#include <thread>

#include "absl/functional/function_ref.h"
#include "common/mutex.h"
#include "common/time.h"

namespace sluice {

// The life of a receiver's thread, which every receiver shares (Spark's ReceiverSupervisor does this part for all
// receivers): the thread is started once and named; a stop is idempotent, comes from another thread (the
// worker's receiver-ops, or a destructor), unblocks what the thread may be blocked in and joins it; and the
// thread's waits (the delay before a restart, the next command) are cut short by the stop.
//
// The receiver keeps what it shares with its stopper under mu(), the lock the stop is decided under, so that it
// can test "stopped?" and act (register a socket, record a command) in one step.
class ReceiverLifecycle {
 public:
  // `thread_name` (at most 15 characters are kept) names the thread in `top` and debuggers; `description` names
  // the receiver in log lines. `on_stop` runs under mu() when the stop is first requested, before the join: it
  // marks the receiver's own state stopped and unblocks what the thread may block in outside this class's waits.
  ReceiverLifecycle(std::string thread_name, std::string description, std::function<void()> on_stop);
  // Stop()s. The owner stops before its own members go: `on_stop` may use them.
  ~ReceiverLifecycle();

  ReceiverLifecycle(const ReceiverLifecycle&) = delete;
  ReceiverLifecycle& operator=(const ReceiverLifecycle&) = delete;

  // Runs `body` on the receiver's thread; never blocks the caller. Only the first Start before any Stop starts it;
  // a later one is logged and ignored.
  void Start(std::function<void()> body);
  // Requests the stop, runs `on_stop`, wakes the waits and joins the thread. Idempotent; never from the
  // receiver's own thread (which waits for it instead: WaitForStop).
  void Stop();

  // Without a lock: a receiving thread polls it between reads.
  bool stop_requested() const { return stop_requested_.load(); }
  // Stop() has returned: the thread is gone.
  bool stopped() const { return stopped_.load(); }

  // The receiver's thread: waits `delay`; false if the stop came first.
  bool SleepUnlessStopped(Duration delay);
  // The receiver's thread: waits until the stop.
  void WaitForStop();

  // The lock under which the stop is decided and the receiver keeps what it shares with the stopper.
  Mutex& mu() ABSL_LOCK_RETURNED(mu_) { return mu_; }
  // With mu() held: waits until `ready()` holds (true) or the stop comes (false), `ready` evaluated under mu().
  bool AwaitLocked(absl::FunctionRef<bool()> ready) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // With mu() held: wakes AwaitLocked, after the owner changed what it waits for.
  void NotifyLocked() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) { cv_.SignalAll(); }

 private:
  const std::string thread_name_;
  const std::string description_;
  const std::function<void()> on_stop_;

  Mutex mu_;  // guards the writes of stop_requested_, and what the owner keeps under mu()
  CondVar cv_;
  std::atomic<bool> stop_requested_{false};

  Mutex lifecycle_mu_;  // orders Start and Stop, which come from different threads
  std::thread thread_ ABSL_GUARDED_BY(lifecycle_mu_);
  std::atomic<bool> stopped_{false};
};

// A receiver as the worker runs it: built, started once, stopped once. What it receives goes to a BlockGenerator
// the worker owns and flushes after Stop.
class ReceiverRunner {
 public:
  virtual ~ReceiverRunner() = default;
  // Starts the receiver's thread; never blocks the caller.
  virtual void Start() = 0;
  // Stops receiving and joins the thread; idempotent. The records stored before it returned stay in the generator.
  virtual void Stop() = 0;
};

}  // namespace sluice

#endif  // SLUICE_WORKER_RECEIVER_RECEIVER_LIFECYCLE_H_
