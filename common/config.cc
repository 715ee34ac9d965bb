#include "common/config.h"

#include <algorithm>
#include <fstream>
#include <variant>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/strip.h"
#include "absl/strings/ascii.h"

namespace sluice {
namespace {

using Field = std::variant<std::string Config::*, int Config::*, int64_t Config::*>;

struct Setting {
  const char* name;
  Field field;
  const char* meaning;
  std::vector<std::string> choices = {};  // the only values accepted, when not empty
};

const std::vector<Setting>& Settings() {
  static const std::vector<Setting> settings = {
#define SLUICE_SETTING(type, field, name, default_value, meaning, ...) {name, &Config::field, meaning, {__VA_ARGS__}},
#include "common/config_def.h"
#undef SLUICE_SETTING
  };
  return settings;
}

const Setting* FindSetting(const std::string& name) {
  for (const Setting& s : Settings()) {
    if (name == s.name) return &s;
  }
  return nullptr;
}

std::string FieldText(const Config& config, const Field& field) {
  return std::visit(
      [&config](auto member) -> std::string {
        const auto& value = config.*member;
        if constexpr (std::is_same_v<std::decay_t<decltype(value)>, std::string>) {
          return value;
        } else {
          return absl::StrCat(value);
        }
      },
      field);
}

}  // namespace

absl::Status Config::Set(const std::string& name, const std::string& value) {
  const Setting* setting = FindSetting(name);
  if (setting == nullptr) return absl::InvalidArgumentError(absl::StrCat("unknown setting '", name, "'"));
  return std::visit(
      [&](auto member) -> absl::Status {
        auto& field = this->*member;
        using T = std::decay_t<decltype(field)>;
        if constexpr (std::is_same_v<T, std::string>) {
          if (!setting->choices.empty() &&
              std::find(setting->choices.begin(), setting->choices.end(), value) == setting->choices.end()) {
            return absl::InvalidArgumentError(absl::StrCat("setting '", name, "' must be one of ",
                                                           absl::StrJoin(setting->choices, ", "), ", not '", value,
                                                           "'"));
          }
          field = value;
          return absl::OkStatus();
        } else {
          T parsed;
          if (!absl::SimpleAtoi(value, &parsed)) {
            return absl::InvalidArgumentError(
                absl::StrCat("setting '", name, "' wants a whole number, not '", value, "'"));
          }
          field = parsed;
          return absl::OkStatus();
        }
      },
      setting->field);
}

std::string Config::Get(const std::string& name) const {
  const Setting* setting = FindSetting(name);
  return setting ? FieldText(*this, setting->field) : std::string();
}

absl::Status Config::ApplyOverrides(const std::vector<std::string>& name_equals_value) {
  for (const std::string& pair : name_equals_value) {
    size_t eq = pair.find('=');
    if (eq == std::string::npos) {
      return absl::InvalidArgumentError(absl::StrCat("expected name=value, got '", pair, "'"));
    }
    absl::string_view text = pair;
    absl::Status status = Set(std::string(absl::StripAsciiWhitespace(text.substr(0, eq))),
                              std::string(absl::StripAsciiWhitespace(text.substr(eq + 1))));
    if (!status.ok()) return status;
  }
  return absl::OkStatus();
}

absl::Status Config::LoadFile(const std::string& path) {
  std::ifstream in(path);
  if (!in) return absl::NotFoundError(absl::StrCat("cannot read config file ", path));
  std::string line;
  for (int line_number = 1; std::getline(in, line); ++line_number) {
    absl::string_view text = line;
    if (size_t hash = text.find('#'); hash != absl::string_view::npos) text = text.substr(0, hash);
    text = absl::StripAsciiWhitespace(text);
    if (text.empty()) continue;
    absl::Status status = ApplyOverrides({std::string(text)});
    if (!status.ok()) {
      return absl::InvalidArgumentError(absl::StrCat(path, ":", line_number, ": ", status.message()));
    }
  }
  return absl::OkStatus();
}

std::vector<SettingInfo> SettingsTable() {
  Config defaults;
  std::vector<SettingInfo> table;
  for (const Setting& s : Settings()) table.push_back({s.name, FieldText(defaults, s.field), s.meaning});
  return table;
}

}  // namespace sluice
