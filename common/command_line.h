#ifndef SLUICE_COMMON_COMMAND_LINE_H_
#define SLUICE_COMMON_COMMAND_LINE_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace sluice {

// The value of a repeatable `--conf name=value` flag: every occurrence on the command line, in order.
struct ConfSettings {
  std::vector<std::string> name_equals_value;
};
std::string AbslUnparseFlag(const ConfSettings& settings);
bool AbslParseFlag(absl::string_view text, ConfSettings* settings, std::string* error);

struct CommandLine {
  std::vector<std::string> positional;   // without the program name
  bool help_requested = false;           // --help or -h: print UsageText() and exit 0
  bool help_settings_requested = false;  // --help-settings: print SettingsMarkdownTable() and exit 0
};

// Parses the flags of one of our binaries into its ABSL_FLAGs, the same way for every binary:
//  - `--name=value` and `--name value`; booleans also as `--name` and `--noname`;
//  - dashes and underscores in a name are the same (`--webui-port` is `--webui_port`), as the docs use dashes;
//  - `--` ends the flags;
//  - with `stop_at_first_positional`, the first argument that is not a flag and everything after it are
//    positional, so a job's own arguments are never taken for ours.
// An unknown flag, a missing value or a value the flag rejects is an InvalidArgument error naming the flag
// (absl's own parser would exit(1) instead, which is not how a usage error should end).
absl::StatusOr<CommandLine> ParseCommandLine(int argc, char** argv, bool stop_at_first_positional);

// absl's program usage message, then every flag defined in `main_file` (pass __FILE__) with its help and default,
// then --help-settings.
std::string UsageText(absl::string_view main_file);

}  // namespace sluice

#endif  // SLUICE_COMMON_COMMAND_LINE_H_
