#include "common/termination_signals.h"

#include <pthread.h>

#include <ctime>

namespace sluice {
namespace {
// Fixed, not a setting: only how soon the watcher notices that its owner is going.
constexpr long kWatchPollNanos = 200L * 1000 * 1000;
}  // namespace

TerminationSignals::TerminationSignals() {
  sigemptyset(&signals_);
  sigaddset(&signals_, SIGINT);
  sigaddset(&signals_, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals_, nullptr);
}

TerminationSignals::~TerminationSignals() {
  stopping_ = true;
  if (watcher_.joinable()) watcher_.join();
}

int TerminationSignals::Wait() {
  int signal = 0;
  sigwait(&signals_, &signal);
  return signal;
}

void TerminationSignals::Watch(std::function<void(int count, int signal)> on_signal) {
  if (watcher_.joinable()) return;
  watcher_ = std::thread([this, on_signal = std::move(on_signal)] { WatchLoop(on_signal); });
}

void TerminationSignals::WatchLoop(const std::function<void(int, int)>& on_signal) {
  pthread_setname_np(pthread_self(), "signals");
  int count = 0;
  while (!stopping_) {
    timespec timeout{0, kWatchPollNanos};
    int signal = sigtimedwait(&signals_, nullptr, &timeout);
    if (signal > 0) on_signal(++count, signal);
  }
}

}  // namespace sluice
