#include "common/settings_markdown.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"

namespace sluice {

std::string SettingsMarkdownRow(const SettingInfo& setting) {
  absl::string_view shown_default =
      setting.default_value.empty() ? absl::string_view("(empty)") : absl::string_view(setting.default_value);
  return absl::StrCat("| ", setting.name, " | ", shown_default, " | ", setting.meaning, " |");
}

std::string SettingsMarkdownTable() {
  std::string table = "| Setting | Default | Meaning |\n| --- | --- | --- |\n";
  for (const SettingInfo& setting : SettingsTable()) absl::StrAppend(&table, SettingsMarkdownRow(setting), "\n");
  return table;
}

}  // namespace sluice
