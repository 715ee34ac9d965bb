#ifndef SLUICE_RPC_TESTING_FAKE_WORKER_CLIENTS_H_
#define SLUICE_RPC_TESTING_FAKE_WORKER_CLIENTS_H_

#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "common/mutex.h"
#include "rpc/worker_clients.h"

namespace sluice::testing {

// WorkerClients for tests of the master: every call is recorded. A launch goes to `on_launch` if the test set one;
// else it is kept with its `done` for the test to answer (launches()). The other calls succeed at once.
// Thread-safe: the master's loop calls, the test reads.
class FakeWorkerClients : public WorkerClients {
 public:
  struct Launch {
    std::string address;
    TaskSpec task;
    Done done;
  };
  struct Released {
    std::string address;
    MaterializedKey key;
  };
  using OnLaunch = std::function<void(const std::string& address, const TaskSpec& task, Done done)>;

  explicit FakeWorkerClients(OnLaunch on_launch = nullptr) : on_launch_(std::move(on_launch)) {}

  void LaunchTask(const std::string& address, const TaskSpec& task, Done done) override {
    if (on_launch_) return on_launch_(address, task, std::move(done));
    MutexLock lock(&mu_);
    launches_.push_back({address, task, std::move(done)});
  }
  void StartReceiver(const std::string&, const std::string&, int32_t, const std::string&, Done done) override {
    done(absl::OkStatus());
  }
  void StopReceivers(const std::string&, const std::string&, Done done) override { done(absl::OkStatus()); }
  void ReleaseBatch(const std::string&, const std::string&, int64_t, const std::vector<std::string>&) override {}
  void ReleaseMaterialized(const std::string& address, const std::string& /*app_id*/,
                           const std::vector<MaterializedKey>& keys) override {
    MutexLock lock(&mu_);
    for (const MaterializedKey& key : keys) released_.push_back({address, key});
  }
  void EndApplication(const std::string&, const std::string&) override {}
  void Forget(const std::string&) override {}

  std::vector<Launch> launches() const {
    MutexLock lock(&mu_);
    return launches_;
  }
  std::vector<Released> released() const {
    MutexLock lock(&mu_);
    return released_;
  }

 private:
  const OnLaunch on_launch_;
  mutable Mutex mu_;
  std::vector<Launch> launches_ ABSL_GUARDED_BY(mu_);
  std::vector<Released> released_ ABSL_GUARDED_BY(mu_);
};

}  // namespace sluice::testing

#endif  // SLUICE_RPC_TESTING_FAKE_WORKER_CLIENTS_H_
