#include "worker/application_janitor.h"

#include <utility>

#include "common/logging.h"

namespace sluice {

ApplicationJanitor::ApplicationJanitor(ReceiverManager* receivers, BlockStore* blocks, ShuffleStore* shuffles,
                                       KeyedStateStore* keyed_states)
    : receivers_(receivers), blocks_(blocks), shuffles_(shuffles), keyed_states_(keyed_states) {}

void ApplicationJanitor::Seen(const std::string& app_id) {
  MutexLock lock(&mu_);
  seen_.insert(app_id);
}

void ApplicationJanitor::End(const std::string& app_id, std::function<void()> done) {
  {
    MutexLock lock(&mu_);
    seen_.erase(app_id);
  }
  // The data goes once the receivers are gone, so that no late block of theirs outlives the application.
  receivers_->DiscardReceivers(app_id, [this, app_id, done = std::move(done)] {
    blocks_->RemoveApp(app_id);
    shuffles_->RemoveApp(app_id);
    keyed_states_->RemoveApp(app_id);
    Logger(LogComponent::kWorker).Info("application {} ended: its receivers and data are gone", app_id);
    done();
  });
}

std::vector<std::string> ApplicationJanitor::KeepOnly(const std::vector<std::string>& known) {
  const std::set<std::string> keep(known.begin(), known.end());
  std::vector<std::string> unknown;
  {
    MutexLock lock(&mu_);
    for (const std::string& app_id : seen_) {
      if (!keep.contains(app_id)) unknown.push_back(app_id);
    }
  }
  for (const std::string& app_id : unknown) {
    Logger(LogComponent::kWorker)
        .Warn("the master does not know application {} (it restarted without it): ending it here", app_id);
    End(app_id, [] {});
  }
  return unknown;
}

}  // namespace sluice
