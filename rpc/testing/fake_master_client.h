#ifndef SLUICE_RPC_TESTING_FAKE_MASTER_CLIENT_H_
#define SLUICE_RPC_TESTING_FAKE_MASTER_CLIENT_H_

#include <string>
#include <utility>
#include <vector>

#include "common/mutex.h"
#include "rpc/master_client.h"

namespace sluice::testing {

// A MasterClient for tests of a worker's parts: it records every report and answers at once, on the caller's
// thread. Registration and heartbeats succeed (the default interval; no re-registration); a library is
// NOT_FOUND unless the test gave one. After Shutdown every call fails with CANCELLED, as the real client's do.
// Thread-safe.
class FakeMasterClient final : public MasterClient {
 public:
  explicit FakeMasterClient(std::string address = "fake-master:7077") : address_(std::move(address)) {}

  void set_library(std::string library_hash, JobLibrary library) {
    MutexLock lock(&mu_);
    libraries_.emplace_back(std::move(library_hash), std::move(library));
  }

  const std::string& master_address() const override { return address_; }
  void Register(const WorkerRegistration& registration, Done<RegistrationAnswer> done) override {
    if (shut_down()) return done(absl::CancelledError("shut down"));
    {
      MutexLock lock(&mu_);
      registrations_.push_back(registration);
    }
    done(RegistrationAnswer{});
  }
  void Heartbeat(const std::string&, int32_t, Done<HeartbeatAnswer> done) override {
    if (shut_down()) return done(absl::CancelledError("shut down"));
    done(HeartbeatAnswer{});
  }
  absl::StatusOr<JobLibrary> GetLibrary(const std::string& library_hash) override {
    MutexLock lock(&mu_);
    if (shut_down_) return absl::CancelledError("shut down");
    for (const auto& [hash, library] : libraries_) {
      if (hash == library_hash) return library;
    }
    return absl::NotFoundError("no library " + library_hash);
  }
  void ReportBlocks(const std::string& app_id, const std::vector<BlockRef>& blocks) override {
    MutexLock lock(&mu_);
    if (shut_down_) return;
    for (const BlockRef& block : blocks) blocks_.emplace_back(app_id, block);
  }
  void ReportReceiver(const ReceiverEvent& event) override {
    MutexLock lock(&mu_);
    if (!shut_down_) receiver_events_.push_back(event);
  }
  void ReportTask(const TaskReport& report) override {
    MutexLock lock(&mu_);
    if (!shut_down_) task_reports_.push_back(report);
  }
  bool shut_down() const override {
    MutexLock lock(&mu_);
    return shut_down_;
  }
  void Shutdown() override {
    MutexLock lock(&mu_);
    shut_down_ = true;
  }

  // What was reported, in order: (app id, block) pairs, receiver events, task reports.
  std::vector<std::pair<std::string, BlockRef>> blocks() const {
    MutexLock lock(&mu_);
    return blocks_;
  }
  std::vector<ReceiverEvent> receiver_events() const {
    MutexLock lock(&mu_);
    return receiver_events_;
  }
  std::vector<TaskReport> task_reports() const {
    MutexLock lock(&mu_);
    return task_reports_;
  }
  std::vector<WorkerRegistration> registrations() const {
    MutexLock lock(&mu_);
    return registrations_;
  }

 private:
  const std::string address_;
  mutable Mutex mu_;
  bool shut_down_ ABSL_GUARDED_BY(mu_) = false;
  std::vector<std::pair<std::string, JobLibrary>> libraries_ ABSL_GUARDED_BY(mu_);
  std::vector<WorkerRegistration> registrations_ ABSL_GUARDED_BY(mu_);
  std::vector<std::pair<std::string, BlockRef>> blocks_ ABSL_GUARDED_BY(mu_);
  std::vector<ReceiverEvent> receiver_events_ ABSL_GUARDED_BY(mu_);
  std::vector<TaskReport> task_reports_ ABSL_GUARDED_BY(mu_);
};

}  // namespace sluice::testing

#endif  // SLUICE_RPC_TESTING_FAKE_MASTER_CLIENT_H_
