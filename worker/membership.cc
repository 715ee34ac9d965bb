#include "worker/membership.h"

#include <chrono>

#include "absl/status/status.h"
#include "common/logging.h"

namespace sluice {
namespace {

// Fixed, not a setting: a master that stays away is logged now and then, not at every attempt; how often is a
// matter of log volume, not of behaviour.
constexpr int64_t kLogEvery = 10;

}  // namespace

Membership::Membership(MasterClient* master, const Config& config, EventLoop* loop,
                       std::function<int32_t()> running_tasks)
    : master_(master), config_(config), loop_(loop), running_tasks_(std::move(running_tasks)) {}

void Membership::Start(WorkerRegistration registration) {
  loop_->Post([this, registration = std::move(registration)] {
    registration_ = registration;
    TryRegister();
  });
}

void Membership::TryRegister() {
  registered_ = false;
  int64_t attempt = ++registration_attempts_;
  master_->Register(registration_, [this, attempt](absl::StatusOr<int64_t> interval) {
    loop_->Post([this, attempt, interval = std::move(interval)] { OnRegisterReply(interval, attempt); });
  });
}

void Membership::OnRegisterReply(const absl::StatusOr<int64_t>& interval, int64_t attempt) {
  if (master_->shut_down()) return;  // the worker is going away
  if (!interval.ok()) {
    if (attempt == 1 || attempt % kLogEvery == 0) {
      Logger(LogComponent::kWorker)
          .Warn("cannot reach master at {}: {} (attempt {}; retrying every {} ms)", master_->master_address(),
                std::string(interval.status().message()), attempt, config_.register_retry_ms);
    }
    loop_->PostAfter(std::chrono::milliseconds(config_.register_retry_ms), [this] { TryRegister(); });
    return;
  }
  registration_attempts_ = 0;
  registered_ = true;
  heartbeat_failures_ = 0;
  heartbeat_interval_ms_ = *interval > 0 ? *interval : config_.heartbeat_interval_ms;
  Logger(LogComponent::kWorker)
      .Info("registered with master at {} as {} ({}, {} cores)", master_->master_address(), registration_.worker_id,
            registration_.address, registration_.cores);
  ScheduleHeartbeat();
}

void Membership::SendHeartbeat() {
  master_->Heartbeat(registration_.worker_id, running_tasks_(), [this](absl::StatusOr<bool> reregister) {
    loop_->Post([this, reregister = std::move(reregister)] { OnHeartbeatReply(reregister); });
  });
}

void Membership::OnHeartbeatReply(const absl::StatusOr<bool>& reregister) {
  if (master_->shut_down()) return;
  if (reregister.ok() && *reregister) {
    Logger(LogComponent::kWorker)
        .Warn("master at {} does not know this worker any more: registering again", master_->master_address());
    TryRegister();
    return;
  }
  if (!reregister.ok()) {
    if (heartbeat_failures_++ % kLogEvery == 0) {
      Logger(LogComponent::kWorker)
          .Warn("heartbeat to master at {} failed: {}", master_->master_address(),
                std::string(reregister.status().message()));
    }
  } else if (heartbeat_failures_ > 0) {
    Logger(LogComponent::kWorker).Info("master at {} answers heartbeats again", master_->master_address());
    heartbeat_failures_ = 0;
  }
  ScheduleHeartbeat();
}

void Membership::ScheduleHeartbeat() {
  loop_->PostAfter(std::chrono::milliseconds(heartbeat_interval_ms_), [this] { SendHeartbeat(); });
}

}  // namespace sluice
