#ifndef SLUICE_COMMON_DAEMON_FLAGS_H_
#define SLUICE_COMMON_DAEMON_FLAGS_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "common/config.h"

namespace sluice {

// Builds a Config from a binary's flags: first the config file, then each `--conf name=value`, then the named
// flags (`name_value_pairs`, already resolved by the binary), so the most specific setting wins. Fails, saying
// what to fix, on an unknown setting or a value the setting does not take.
absl::Status BuildConfig(const std::string& config_file, const std::vector<std::string>& conf_overrides,
                         const std::vector<std::pair<std::string, std::string>>& named_flags, Config* config);

}  // namespace sluice

#endif  // SLUICE_COMMON_DAEMON_FLAGS_H_
