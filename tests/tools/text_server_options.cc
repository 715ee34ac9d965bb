#include "tests/tools/text_server_options.h"

#include "absl/status/status.h"
#include "tests/tools/flags.h"

namespace sluice::tools {
namespace {

constexpr char kSynopsis[] =
    "sluice-text-server --port P [--host H] (--file F | --lines \"a b,c d\") [--lines-per-second N] "
    "[--repeat K] [--port-file PATH] [--exit-when-done]";

// Declares every flag on `flags`, writing into `options` and the integer staging variables.
void DeclareFlags(FlagSet& flags, TextServerOptions& options, int64_t& port) {
  flags.AddInt("port", &port, "port to listen on, 0 = ephemeral (required)");
  flags.AddString("host", &options.host, "address to listen on (default 127.0.0.1)");
  flags.AddString("file", &options.file, "send the lines of this file");
  flags.AddString("lines", &options.lines_flag, "send these comma-separated lines, e.g. \"a b,c d\"");
  flags.AddDouble("lines-per-second", &options.lines_per_second, "throttle, 0 = as fast as possible (default)");
  flags.AddInt("repeat", &options.repeat, "send the text this many times, 0 = forever (default 1)");
  flags.AddString("port-file", &options.port_file, "write the bound port to this file (atomically)");
  flags.AddBool("exit-when-done", &options.exit_when_done, "exit 0 once a client received all the text");
}

}  // namespace

absl::StatusOr<TextServerOptions> ParseTextServerOptions(const std::vector<std::string>& args) {
  TextServerOptions options;
  int64_t port = -1;
  FlagSet flags(kSynopsis);
  DeclareFlags(flags, options, port);
  if (absl::Status status = flags.Parse(args); !status.ok()) return status;
  if (flags.help_requested()) {
    options.help = true;
    return options;
  }
  if (!flags.WasSet("port")) return absl::InvalidArgumentError("--port is required (0 = ephemeral)");
  if (port < 0 || port > 65535) return absl::InvalidArgumentError("--port must be within 0..65535");
  options.port = static_cast<int>(port);
  options.has_lines_flag = flags.WasSet("lines");
  if (flags.WasSet("file") == options.has_lines_flag) {
    return absl::InvalidArgumentError("give exactly one of --file and --lines");
  }
  if (flags.WasSet("file") && options.file.empty()) return absl::InvalidArgumentError("--file must not be empty");
  if (options.lines_per_second < 0) return absl::InvalidArgumentError("--lines-per-second must be >= 0");
  if (options.repeat < 0) return absl::InvalidArgumentError("--repeat must be >= 0 (0 = forever)");
  return options;
}

std::string TextServerUsage() {
  TextServerOptions options;
  int64_t port = 0;
  FlagSet flags(kSynopsis);
  DeclareFlags(flags, options, port);
  return flags.Usage();
}

}  // namespace sluice::tools
