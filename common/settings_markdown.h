#ifndef SLUICE_COMMON_SETTINGS_MARKDOWN_H_
#define SLUICE_COMMON_SETTINGS_MARKDOWN_H_

#include <string>

#include "common/config.h"

namespace sluice {

// One setting as a row of the README's settings table: `| name | default | meaning |`; an empty default shows as
// "(empty)", so that the cell is visibly blank rather than missing.
std::string SettingsMarkdownRow(const SettingInfo& setting);

// Every setting as the README's "## Settings" table: the header, the separator, then one row per setting in the
// order of common/config_def.h, each line ending in '\n'. Every binary's --help-settings prints this; the README's
// table is a copy of it (common/settings_readme_test.cc checks that), so it can be regenerated from any binary.
std::string SettingsMarkdownTable();

}  // namespace sluice

#endif  // SLUICE_COMMON_SETTINGS_MARKDOWN_H_
