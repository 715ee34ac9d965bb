#ifndef SLUICE_COMMON_TERMINATION_SIGNALS_H_
#define SLUICE_COMMON_TERMINATION_SIGNALS_H_

#include <signal.h>

#include <atomic>
#include <functional>
#include <thread>

namespace sluice {

// SIGINT and SIGTERM, for the three binaries. Constructed first thing in main, before any thread exists, it blocks
// them in the calling thread, so that every thread started later inherits the mask and the signals are delivered
// only where this object asks for them: to Wait() (the daemons), or to a Watch() handler (sluice-submit).
class TerminationSignals {
 public:
  TerminationSignals();
  ~TerminationSignals();  // stops and joins the watcher, if there is one
  TerminationSignals(const TerminationSignals&) = delete;
  TerminationSignals& operator=(const TerminationSignals&) = delete;

  // Blocks until one arrives; returns it.
  int Wait();

  // From now on, calls `on_signal(count, signal)` for each one that arrives (count 1 for the first, 2 for the
  // second, ...), on a thread named "signals", until this object goes. At most once.
  void Watch(std::function<void(int count, int signal)> on_signal);

 private:
  void WatchLoop(const std::function<void(int, int)>& on_signal);

  sigset_t signals_;
  std::atomic<bool> stopping_{false};
  std::thread watcher_;
};

}  // namespace sluice

#endif  // SLUICE_COMMON_TERMINATION_SIGNALS_H_
