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
                       std::function<int32_t()> running_tasks, PeersChanged peers_changed, Registered registered)
    : master_(master),
      config_(config),
      loop_(loop),
      running_tasks_(std::move(running_tasks)),
      peers_changed_(std::move(peers_changed)),
      on_registered_(std::move(registered)) {}

void Membership::Start(WorkerRegistration registration) {
  loop_->Post([this, registration = std::move(registration)] {
    registration_ = registration;
    TryRegister();
  });
}

void Membership::TryRegister() {
  registered_ = false;
  int64_t attempt = ++registration_attempts_;
  master_->Register(registration_, [this, attempt](absl::StatusOr<RegistrationAnswer> answer) {
    loop_->Post([this, attempt, answer = std::move(answer)] { OnRegisterReply(answer, attempt); });
  });
}

void Membership::OnRegisterReply(const absl::StatusOr<RegistrationAnswer>& answer, int64_t attempt) {
  if (master_->shut_down()) return;  // the worker is going away
  if (!answer.ok()) {
    if (attempt == 1 || attempt % kLogEvery == 0) {
      Logger(LogComponent::kWorker)
          .Warn("cannot reach master at {}: {} (attempt {}; retrying every {} ms)", master_->master_address(),
                std::string(answer.status().message()), attempt, config_.register_retry_ms);
    }
    loop_->PostAfter(std::chrono::milliseconds(config_.register_retry_ms), [this] { TryRegister(); });
    return;
  }
  registration_attempts_ = 0;
  registered_ = true;
  heartbeat_failures_ = 0;
  heartbeat_interval_ms_ = answer->heartbeat_interval_ms > 0 ? answer->heartbeat_interval_ms
                                                             : config_.heartbeat_interval_ms;
  peers_changed_(answer->peers);
  // A first registration finds nothing of an earlier master here; registering again may (that master restarted).
  if (registered_before_) on_registered_(answer->applications);
  registered_before_ = true;
  Logger(LogComponent::kWorker)
      .Info("registered with master at {} as {} ({}, {} cores)", master_->master_address(), registration_.worker_id,
            registration_.address, registration_.cores);
  ScheduleHeartbeat();
}

void Membership::SendHeartbeat() {
  master_->Heartbeat(registration_.worker_id, running_tasks_(), [this](absl::StatusOr<HeartbeatAnswer> answer) {
    loop_->Post([this, answer = std::move(answer)] { OnHeartbeatReply(answer); });
  });
}

void Membership::OnHeartbeatReply(const absl::StatusOr<HeartbeatAnswer>& answer) {
  if (master_->shut_down()) return;
  if (answer.ok() && answer->reregister) {
    Logger(LogComponent::kWorker)
        .Warn("master at {} does not know this worker any more: registering again", master_->master_address());
    TryRegister();
    return;
  }
  if (!answer.ok()) {
    if (heartbeat_failures_++ % kLogEvery == 0) {
      Logger(LogComponent::kWorker)
          .Warn("heartbeat to master at {} failed: {}", master_->master_address(),
                std::string(answer.status().message()));
    }
  } else {
    if (heartbeat_failures_ > 0) {
      Logger(LogComponent::kWorker).Info("master at {} answers heartbeats again", master_->master_address());
      heartbeat_failures_ = 0;
    }
    peers_changed_(answer->peers);
  }
  ScheduleHeartbeat();
}

void Membership::ScheduleHeartbeat() {
  loop_->PostAfter(std::chrono::milliseconds(heartbeat_interval_ms_), [this] { SendHeartbeat(); });
}

}  // namespace sluice
