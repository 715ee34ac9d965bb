#ifndef SLUICE_DRIVER_MASTER_URL_H_
#define SLUICE_DRIVER_MASTER_URL_H_

#include <string>

#include "absl/status/statusor.h"

namespace sluice {

// Where an application runs: `local`, `local[N]`, `local[*]` (an in-process cluster with N task slots), or
// `sluice://host:port` (a cluster's master).
struct MasterUrl {
  bool local = false;
  int local_slots = 0;
  std::string address;  // host:port of a cluster's master
};

absl::StatusOr<MasterUrl> ParseMasterUrl(const std::string& url);

}  // namespace sluice

#endif  // SLUICE_DRIVER_MASTER_URL_H_
