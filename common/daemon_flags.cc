#include "common/daemon_flags.h"

#include "absl/strings/str_cat.h"
#include "rpc/failure_injection.h"

namespace sluice {

absl::Status BuildConfig(const std::string& config_file, const std::vector<std::string>& conf_overrides,
                         const std::vector<std::pair<std::string, std::string>>& named_flags, Config* config) {
  if (!config_file.empty()) {
    if (absl::Status status = config->LoadFile(config_file); !status.ok()) return status;
  }
  if (absl::Status status = config->ApplyOverrides(conf_overrides); !status.ok()) return status;
  for (const auto& [name, value] : named_flags) {
    if (absl::Status status = config->Set(name, value); !status.ok()) return status;
  }
  if (config->receiver_replication < 1) {
    return absl::InvalidArgumentError(absl::StrCat("receiver.replication must be 1 or more (1 keeps each block on ",
                                                   "its receiver's worker only), got ", config->receiver_replication));
  }
  // A setting with a grammar of its own is checked here, before any client is built from it.
  return FailureInjector::CheckSpec(config->inject_failures);
}

}  // namespace sluice
