#ifndef SLUICE_TESTS_TOOLS_TEXT_SERVER_OPTIONS_H_
#define SLUICE_TESTS_TOOLS_TEXT_SERVER_OPTIONS_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace sluice::tools {

// The command line of sluice-text-server, validated.
struct TextServerOptions {
  std::string host = "127.0.0.1";
  int port = 0;
  std::string file;                 // set, or lines_flag, never both
  std::string lines_flag;           // "a b,c d"
  bool has_lines_flag = false;
  double lines_per_second = 0;
  int64_t repeat = 1;
  std::string port_file;
  bool exit_when_done = false;
  bool help = false;                // --help: print TextServerUsage() and exit 0
};

// InvalidArgument (with a message fit for stderr) on unknown flags, bad values, a missing --port, or not
// exactly one of --file / --lines.
absl::StatusOr<TextServerOptions> ParseTextServerOptions(const std::vector<std::string>& args);

std::string TextServerUsage();

}  // namespace sluice::tools

#endif  // SLUICE_TESTS_TOOLS_TEXT_SERVER_OPTIONS_H_
