#include "common/command_line.h"

#include <algorithm>
#include <optional>

#include "absl/flags/commandlineflag.h"
#include "absl/flags/reflection.h"
#include "absl/flags/usage.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"

namespace sluice {

std::string AbslUnparseFlag(const ConfSettings& settings) { return absl::StrJoin(settings.name_equals_value, " "); }

bool AbslParseFlag(absl::string_view text, ConfSettings* settings, std::string* error) {
  // absl parses each occurrence into a fresh value, so the occurrences are collected here: that is what makes
  // the flag repeatable. The empty text is the default's, which absl parses to check it.
  static std::vector<std::string>* occurrences = new std::vector<std::string>();
  if (text.empty()) {
    settings->name_equals_value.clear();
    return true;
  }
  std::string setting(text.data(), text.size());
  if (setting.find('=') == std::string::npos) {
    *error = absl::StrCat("expected name=value, got '", setting, "'");
    return false;
  }
  occurrences->push_back(std::move(setting));
  settings->name_equals_value = *occurrences;
  return true;
}

namespace {

bool IsBool(const absl::CommandLineFlag& flag) { return flag.IsOfType<bool>(); }

struct FlagArgument {
  std::string name;  // with underscores
  std::optional<std::string> value;
};

FlagArgument SplitFlagArgument(absl::string_view arg) {
  arg.remove_prefix(arg[1] == '-' ? 2 : 1);
  FlagArgument parsed;
  size_t eq = arg.find('=');
  parsed.name = absl::StrReplaceAll(arg.substr(0, eq), {{"-", "_"}});
  if (eq != absl::string_view::npos) parsed.value = std::string(arg.substr(eq + 1));
  return parsed;
}

// Finds the flag `name`, or the boolean flag that `noNAME` negates; sets `*negated` for the latter.
absl::CommandLineFlag* FindFlag(const std::string& name, bool* negated) {
  *negated = false;
  if (absl::CommandLineFlag* flag = absl::FindCommandLineFlag(name); flag != nullptr && !flag->IsRetired()) {
    return flag;
  }
  if (absl::StartsWith(name, "no")) {
    absl::CommandLineFlag* flag = absl::FindCommandLineFlag(name.substr(2));
    if (flag != nullptr && IsBool(*flag)) {
      *negated = true;
      return flag;
    }
  }
  return nullptr;
}

bool IsHelp(absl::string_view arg) { return arg == "--help" || arg == "-help" || arg == "-h"; }

bool IsHelpSettings(const FlagArgument& arg) { return arg.name == "help_settings" && !arg.value.has_value(); }

}  // namespace

absl::StatusOr<CommandLine> ParseCommandLine(int argc, char** argv, bool stop_at_first_positional) {
  CommandLine command_line;
  std::vector<std::string> args(argv + 1, argv + argc);
  size_t i = 0;
  for (; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg == "--") {
      ++i;
      break;
    }
    if (arg.size() < 2 || arg[0] != '-') {
      if (stop_at_first_positional) break;
      command_line.positional.push_back(arg);
      continue;
    }
    if (IsHelp(arg)) {
      command_line.help_requested = true;
      continue;
    }
    FlagArgument flag_arg = SplitFlagArgument(arg);
    if (IsHelpSettings(flag_arg)) {
      command_line.help_settings_requested = true;
      continue;
    }
    bool negated = false;
    absl::CommandLineFlag* flag = FindFlag(flag_arg.name, &negated);
    if (flag == nullptr) return absl::InvalidArgumentError(absl::StrCat("unknown flag ", arg, " (see --help)"));
    std::string value;
    if (negated) {
      if (flag_arg.value.has_value()) return absl::InvalidArgumentError(absl::StrCat(arg, " takes no value"));
      value = "false";
    } else if (flag_arg.value.has_value()) {
      value = *flag_arg.value;
    } else if (IsBool(*flag)) {
      value = "true";
    } else if (i + 1 < args.size()) {
      value = args[++i];
    } else {
      return absl::InvalidArgumentError(absl::StrCat("flag --", flag->Name(), " needs a value"));
    }
    std::string error;
    if (!flag->ParseFrom(value, &error)) {
      // absl's message starts with its own "Illegal value ... specified for flag ..."; keep only the reason.
      size_t reason = error.find("; ");
      return absl::InvalidArgumentError(absl::StrCat("bad value '", value, "' for flag --", flag->Name(),
                                                     reason == std::string::npos ? "" : ": ",
                                                     reason == std::string::npos ? "" : error.substr(reason + 2)));
    }
  }
  command_line.positional.insert(command_line.positional.end(), args.begin() + i, args.end());
  return command_line;
}

std::string UsageText(absl::string_view main_file) {
  std::vector<absl::CommandLineFlag*> flags;
  for (const auto& [name, flag] : absl::GetAllFlags()) {
    if (absl::EndsWith(flag->Filename(), main_file) || absl::EndsWith(main_file, flag->Filename())) {
      flags.push_back(flag);
    }
  }
  std::sort(flags.begin(), flags.end(), [](auto* a, auto* b) { return a->Name() < b->Name(); });
  std::string text =
      absl::StrCat(absl::ProgramUsageMessage(), "\n\nFlags (a dash or an underscore in a name is the same):\n");
  for (const absl::CommandLineFlag* flag : flags) {
    std::string dashed = absl::StrReplaceAll(flag->Name(), {{"_", "-"}});
    absl::StrAppend(&text, "  --", dashed, "  ", flag->Help(), "\n");
  }
  absl::StrAppend(&text, "  --help-settings  Every setting (for --conf and --config-file) with its default and ",
                  "meaning, as the README's table.\n");
  return text;
}

}  // namespace sluice
