// sluice-worker: joins a Sluice cluster and runs the tasks and receivers its master places on it.
//
//   sluice-worker --master HOST:PORT [--host H] [--port P] [--cores N] [--work-dir DIR]
//                 [--config-file FILE] [--conf name=value]... [--log-level LEVEL]
//
// SIGINT or SIGTERM stops it cleanly (exit 0). Settings apply in this order, later ones winning: defaults,
// --config-file, --conf, then the named flags. `--help-settings` prints every setting.


#include <cstdio>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/usage.h"
#include "absl/strings/str_cat.h"
#include "common/command_line.h"
#include "common/config.h"
#include "common/daemon_flags.h"
#include "common/logging.h"
#include "common/settings_markdown.h"
#include "common/termination_signals.h"
#include "worker/worker_server.h"

ABSL_FLAG(std::string, master, "", "Address of the master, HOST:PORT (required).");
ABSL_FLAG(std::string, host, "", "Address to bind and advertise (default: setting worker.host).");
ABSL_FLAG(int, port, -1, "Port of the worker's service; 0 picks a free one (default: setting worker.port).");
ABSL_FLAG(int, cores, -1, "Task slots; 0 means all cores (default: setting worker.cores).");
ABSL_FLAG(std::string, work_dir, "", "Directory for job libraries (default: setting worker.work_dir).");
ABSL_FLAG(std::string, config_file, "", "File of `name = value` settings.");
ABSL_FLAG(sluice::ConfSettings, conf, {}, "A setting, name=value; repeatable.");
ABSL_FLAG(std::string, log_level, "", "trace, debug, info, warn, error or off (default: setting log.level).");

namespace sluice {
namespace {

constexpr int kUsageError = 2;

absl::StatusOr<WorkerServer::Options> OptionsFromFlags() {
  std::vector<std::pair<std::string, std::string>> named;
  if (!absl::GetFlag(FLAGS_host).empty()) named.emplace_back("worker.host", absl::GetFlag(FLAGS_host));
  if (absl::GetFlag(FLAGS_port) >= 0) named.emplace_back("worker.port", absl::StrCat(absl::GetFlag(FLAGS_port)));
  if (absl::GetFlag(FLAGS_cores) >= 0) named.emplace_back("worker.cores", absl::StrCat(absl::GetFlag(FLAGS_cores)));
  if (!absl::GetFlag(FLAGS_work_dir).empty()) named.emplace_back("worker.work_dir", absl::GetFlag(FLAGS_work_dir));
  if (!absl::GetFlag(FLAGS_log_level).empty()) named.emplace_back("log.level", absl::GetFlag(FLAGS_log_level));
  Config config;
  absl::Status built = BuildConfig(absl::GetFlag(FLAGS_config_file), absl::GetFlag(FLAGS_conf).name_equals_value,
                                   named, &config);
  if (!built.ok()) return built;

  WorkerServer::Options options;
  options.master_address = absl::GetFlag(FLAGS_master);
  options.host = config.worker_host;
  options.port = config.worker_port;
  options.cores = config.worker_cores;
  options.work_dir = config.worker_work_dir;
  options.config = std::move(config);
  return options;
}

int Main(int argc, char** argv) {
  TerminationSignals signals;  // before any thread exists

  absl::SetProgramUsageMessage("sluice-worker --master HOST:PORT [flags]: runs tasks for a Sluice master");
  absl::StatusOr<CommandLine> command_line = ParseCommandLine(argc, argv, false);
  if (!command_line.ok()) {
    std::fprintf(stderr, "sluice-worker: %s\n", std::string(command_line.status().message()).c_str());
    return kUsageError;
  }
  if (command_line->help_requested) {
    std::printf("%s", UsageText(__FILE__).c_str());
    return 0;
  }
  if (command_line->help_settings_requested) {
    std::printf("%s", SettingsMarkdownTable().c_str());
    return 0;
  }
  if (!command_line->positional.empty()) {
    std::fprintf(stderr, "sluice-worker: unexpected argument '%s'\n", command_line->positional[0].c_str());
    return kUsageError;
  }
  if (absl::GetFlag(FLAGS_master).empty()) {
    std::fprintf(stderr, "sluice-worker: --master HOST:PORT is required\n");
    return kUsageError;
  }
  absl::StatusOr<WorkerServer::Options> options = OptionsFromFlags();
  if (!options.ok()) {
    std::fprintf(stderr, "sluice-worker: %s\n", std::string(options.status().message()).c_str());
    return kUsageError;
  }
  SetLogLevel(options->config.log_level);

  WorkerServer worker(*std::move(options));
  absl::Status started = worker.Start();
  if (!started.ok()) {
    Logger(LogComponent::kWorker).Error("{}", std::string(started.message()));
    return 1;
  }
  int signal_number = signals.Wait();
  Logger(LogComponent::kWorker).Info("received signal {}: shutting down", signal_number);
  worker.Shutdown();
  return 0;
}

}  // namespace
}  // namespace sluice

int main(int argc, char** argv) { return sluice::Main(argc, argv); }
