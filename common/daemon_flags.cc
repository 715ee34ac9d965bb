#include "common/daemon_flags.h"

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
  return absl::OkStatus();
}

}  // namespace sluice
