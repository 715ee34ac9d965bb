// sluice-master: the cluster's scheduler. Workers register here; drivers submit applications here.
#include <cstdio>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/usage.h"
#include "absl/strings/str_cat.h"
#include "common/command_line.h"
#include "common/daemon_flags.h"
#include "common/logging.h"
#include "common/settings_markdown.h"
#include "common/termination_signals.h"
#include "master/master_server.h"

ABSL_FLAG(std::string, host, "", "Address to bind (setting master.host; default 0.0.0.0).");
ABSL_FLAG(int, port, -1, "RPC port (setting master.port; default 7077).");
ABSL_FLAG(int, webui_port, -2, "Status page port (setting master.webui_port; default 8080, -1 disables).");
ABSL_FLAG(std::string, config_file, "", "A file of `name = value` settings.");
ABSL_FLAG(sluice::ConfSettings, conf, {}, "A setting, name=value; repeatable.");
ABSL_FLAG(std::string, log_level, "", "trace, debug, info, warn, error or off (setting log.level; default info).");

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage(
      "sluice-master [--host H] [--port 7077] [--webui-port 8080] [--config-file F] [--conf name=value]...");
  absl::StatusOr<sluice::CommandLine> command_line = sluice::ParseCommandLine(argc, argv, false);
  if (!command_line.ok()) {
    std::fprintf(stderr, "sluice-master: %s\n", std::string(command_line.status().message()).c_str());
    return 2;
  }
  if (command_line->help_requested) {
    std::printf("%s", sluice::UsageText(__FILE__).c_str());
    return 0;
  }
  if (command_line->help_settings_requested) {
    std::printf("%s", sluice::SettingsMarkdownTable().c_str());
    return 0;
  }
  if (!command_line->positional.empty()) {
    std::fprintf(stderr, "sluice-master: unexpected argument '%s' (see --help)\n", command_line->positional[0].c_str());
    return 2;
  }
  std::vector<std::pair<std::string, std::string>> named;
  if (!absl::GetFlag(FLAGS_host).empty()) named.emplace_back("master.host", absl::GetFlag(FLAGS_host));
  if (absl::GetFlag(FLAGS_port) >= 0) named.emplace_back("master.port", absl::StrCat(absl::GetFlag(FLAGS_port)));
  if (absl::GetFlag(FLAGS_webui_port) >= -1) {
    named.emplace_back("master.webui_port", absl::StrCat(absl::GetFlag(FLAGS_webui_port)));
  }
  if (!absl::GetFlag(FLAGS_log_level).empty()) named.emplace_back("log.level", absl::GetFlag(FLAGS_log_level));
  sluice::Config config;
  if (absl::Status status = sluice::BuildConfig(absl::GetFlag(FLAGS_config_file),
                                                absl::GetFlag(FLAGS_conf).name_equals_value, named, &config);
      !status.ok()) {
    std::fprintf(stderr, "sluice-master: %s\n", std::string(status.message()).c_str());
    return 2;
  }
  sluice::SetLogLevel(config.log_level);
  sluice::TerminationSignals signals;  // before the server starts its threads
  sluice::MasterServer server(config);
  if (absl::Status status = server.Start(); !status.ok()) {
    std::fprintf(stderr, "sluice-master: %s\n", std::string(status.message()).c_str());
    return 1;
  }
  std::printf("sluice-master: listening at sluice://%s:%d (status page on port %d)\n", config.master_host.c_str(),
              server.port(), server.webui_port());
  std::fflush(stdout);
  int signal = signals.Wait();
  sluice::Logger(sluice::LogComponent::kMaster).Info("signal {} received: shutting down", signal);
  server.Shutdown();
  return 0;
}
