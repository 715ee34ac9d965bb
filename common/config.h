#ifndef SLUICE_COMMON_CONFIG_H_
#define SLUICE_COMMON_CONFIG_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"

namespace sluice {

// Every setting of Sluice, with its default: one field per SLUICE_SETTING of common/config_def.h, which also
// gives each its name and one-line meaning (`SettingsTable()`). Flags (`--conf name=value`), a config file
// (`name = value` lines) and the named flags of each binary all map onto these fields through `Config::Set`.
struct Config {
#define SLUICE_SETTING(type, field, name, default_value, meaning, ...) type field = default_value;
#include "common/config_def.h"
#undef SLUICE_SETTING

  // Sets a field from its text form; an unknown name or a malformed value is an error naming both.
  absl::Status Set(const std::string& name, const std::string& value);
  // Reads `name = value` lines; '#' starts a comment; blank lines are skipped.
  absl::Status LoadFile(const std::string& path);
  // Applies `name=value` pairs, as given to repeated --conf flags.
  absl::Status ApplyOverrides(const std::vector<std::string>& name_equals_value);
  std::string Get(const std::string& name) const;
};

struct SettingInfo {
  std::string name;
  std::string default_value;
  std::string meaning;
};

// The documented table of every setting, in the order of common/config_def.h.
std::vector<SettingInfo> SettingsTable();

}  // namespace sluice

#endif  // SLUICE_COMMON_CONFIG_H_
