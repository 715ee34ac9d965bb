#include "worker/receiver/receiver_lifecycle.h"

#include <chrono>
#include <utility>

#include "common/logging.h"
#include "common/thread_name.h"

namespace sluice {

ReceiverLifecycle::ReceiverLifecycle(std::string thread_name, std::string description, std::function<void()> on_stop)
    : thread_name_(std::move(thread_name)), description_(std::move(description)), on_stop_(std::move(on_stop)) {}

ReceiverLifecycle::~ReceiverLifecycle() { Stop(); }

void ReceiverLifecycle::Start(std::function<void()> body) {
  MutexLock lifecycle(&lifecycle_mu_);
  if (thread_.joinable() || stop_requested()) {
    Logger(LogComponent::kReceiver).Warn("{} already started or stopped; Start ignored", description_);
    return;
  }
  thread_ = std::thread([this, body = std::move(body)] {
    NameCurrentThread(thread_name_);
    body();
  });
}

void ReceiverLifecycle::Stop() {
  MutexLock lifecycle(&lifecycle_mu_);
  {
    MutexLock lock(&mu_);
    if (!stop_requested_.exchange(true) && on_stop_) on_stop_();
    cv_.SignalAll();
  }
  if (thread_.joinable()) thread_.join();
  stopped_ = true;
}

bool ReceiverLifecycle::SleepUnlessStopped(Duration delay) {
  MutexLock lock(&mu_);
  auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(delay.milliseconds());
  while (!stop_requested()) {
    if (cv_.WaitUntil(&mu_, deadline)) break;
  }
  return !stop_requested();
}

void ReceiverLifecycle::WaitForStop() {
  MutexLock lock(&mu_);
  while (!stop_requested()) cv_.Wait(&mu_);
}

bool ReceiverLifecycle::AwaitLocked(absl::FunctionRef<bool()> ready) {
  while (!stop_requested() && !ready()) cv_.Wait(&mu_);
  return !stop_requested();
}

}  // namespace sluice
