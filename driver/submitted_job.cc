#include "driver/submitted_job.h"

#include <mutex>

namespace sluice {
namespace {
std::mutex mu;
std::optional<SubmittedJob> submitted;
}  // namespace

void SetSubmittedJob(SubmittedJob job) {
  std::lock_guard<std::mutex> lock(mu);
  submitted = std::move(job);
}

std::optional<SubmittedJob> GetSubmittedJob() {
  std::lock_guard<std::mutex> lock(mu);
  return submitted;
}

}  // namespace sluice
