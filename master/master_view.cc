#include "master/master_view.h"

#include <algorithm>

namespace sluice {
namespace {

// Fixed, not a setting: how much of app.retained_batches one look at the status page shows, a matter of layout.
constexpr size_t kRecentBatches = 20;

std::string StateName(Application::State state) {
  switch (state) {
    case Application::State::kRunning:
      return "RUNNING";
    case Application::State::kStopping:
      return "STOPPING";
    case Application::State::kFinished:
      return "FINISHED";
  }
  return "UNKNOWN";
}

}  // namespace

ApplicationView ViewOfApplication(const Application& app) {
  ApplicationView view;
  view.id = app.id;
  view.name = app.spec.name;
  view.state = StateName(app.state);
  view.batch_ms = app.batch_ms();
  view.start_ms = app.start_ms;
  view.completed_batches = app.completed_count;
  view.total_records = app.total_records;
  view.received_records = app.received_records;
  view.queued_batches = static_cast<int64_t>(app.queued_batches.size()) + (app.running_batch ? 1 : 0);
  size_t recent = std::min(app.completed_batches.size(), kRecentBatches);
  view.recent_batches.assign(app.completed_batches.begin(), app.completed_batches.begin() + recent);
  for (const auto& [node, receiver] : app.receivers) view.receivers.emplace_back(node, receiver.worker_id);
  return view;
}

}  // namespace sluice
