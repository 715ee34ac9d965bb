#ifndef SLUICE_DRIVER_SUBMITTED_JOB_H_
#define SLUICE_DRIVER_SUBMITTED_JOB_H_

#include <optional>
#include <string>
#include <vector>

namespace sluice {

// The job library sluice-submit is running, so that a cluster's workers can load the same code.
struct SubmittedJob {
  std::string library_path;
  std::vector<std::string> args;
};

void SetSubmittedJob(SubmittedJob job);
std::optional<SubmittedJob> GetSubmittedJob();

}  // namespace sluice

#endif  // SLUICE_DRIVER_SUBMITTED_JOB_H_
