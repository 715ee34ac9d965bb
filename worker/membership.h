#ifndef SLUICE_WORKER_MEMBERSHIP_H_
#define SLUICE_WORKER_MEMBERSHIP_H_

#include <atomic>
#include <cstdint>
#include <functional>
#include <vector>

#include "absl/status/statusor.h"
#include "common/config.h"
#include "common/event_loop.h"
#include "rpc/master_client.h"
#include "wire/worker_messages.h"

namespace sluice {

// Keeps the worker a member of the cluster: registers (retrying every worker.register_retry_ms for as long as it
// takes, so a worker started before its master still joins), then heartbeats every heartbeat interval; registers
// again when the master asks. Runs on the worker's control loop: its state is the loop's, its calls to the master
// are asynchronous and their replies come back to the loop, so a master that is slow or away never holds the loop.
// It stops when the loop does, or once the master client is shut down. Every answer lists the live workers, which
// go to `peers_changed` (on the loop): the block replicator's peers.
class Membership {
 public:
  using PeersChanged = std::function<void(std::vector<WorkerPeer>)>;
  // The applications the master knows, from the answer of each registration after the first.
  using Registered = std::function<void(const std::vector<std::string>& applications)>;
  Membership(
      MasterClient* master, const Config& config, EventLoop* loop, std::function<int32_t()> running_tasks,
      PeersChanged peers_changed = [](std::vector<WorkerPeer>) {},
      Registered registered = [](const std::vector<std::string>&) {});

  // Posts the first registration to the loop.
  void Start(WorkerRegistration registration);

  // Snapshots for any thread, written on the loop.
  bool registered() const { return registered_.load(); }
  int64_t registration_attempts() const { return registration_attempts_.load(); }

 private:
  void TryRegister();
  void OnRegisterReply(const absl::StatusOr<RegistrationAnswer>& answer, int64_t attempt);
  void SendHeartbeat();
  void OnHeartbeatReply(const absl::StatusOr<HeartbeatAnswer>& answer);
  void ScheduleHeartbeat();

  MasterClient* const master_;
  const Config& config_;
  EventLoop* const loop_;
  const std::function<int32_t()> running_tasks_;
  const PeersChanged peers_changed_;
  const Registered on_registered_;

  // The loop's.
  WorkerRegistration registration_;
  int64_t heartbeat_interval_ms_ = 0;
  int64_t heartbeat_failures_ = 0;
  bool registered_before_ = false;

  std::atomic<bool> registered_{false};
  std::atomic<int64_t> registration_attempts_{0};
};

}  // namespace sluice

#endif  // SLUICE_WORKER_MEMBERSHIP_H_
