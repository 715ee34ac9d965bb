#ifndef SLUICE_WORKER_MEMBERSHIP_H_
#define SLUICE_WORKER_MEMBERSHIP_H_

#include <atomic>
#include <cstdint>
#include <functional>

#include "common/config.h"
#include "common/event_loop.h"
#include "worker/master_client.h"
#include "worker/master_messages.h"

namespace sluice {

// Keeps the worker a member of the cluster: registers (retrying every worker.register_retry_ms for as long as it
// takes, so a worker started before its master still joins), then heartbeats; registers again when the master
// asks.
// Runs on its own thread "membership".
class Membership {
 public:
  Membership(MasterClient* master, const Config& config, std::function<int32_t()> running_tasks);
  ~Membership();

  void Start(WorkerRegistration registration);
  // Idempotent; joins the thread.
  void Stop();

  bool registered() const { return registered_.load(); }
  int64_t registration_attempts() const { return registration_attempts_.load(); }

 private:
  void TryRegister();
  void SendHeartbeat();

  MasterClient* const master_;
  const Config& config_;
  const std::function<int32_t()> running_tasks_;
  EventLoop loop_{"membership"};

  // Touched only on the loop thread.
  WorkerRegistration registration_;
  int64_t heartbeat_interval_ms_ = 0;
  int64_t heartbeat_failures_ = 0;

  std::atomic<bool> registered_{false};
  std::atomic<int64_t> registration_attempts_{0};
};

}  // namespace sluice

#endif  // SLUICE_WORKER_MEMBERSHIP_H_
