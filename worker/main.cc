// sluice-worker: joins a Sluice cluster and runs the tasks and receivers its master places on it.
//
//   sluice-worker --master HOST:PORT [--host H] [--port P] [--cores N] [--work-dir DIR]
//                 [--config-file FILE] [--conf name=value]... [--log-level LEVEL]
//
// SIGINT or SIGTERM stops it cleanly (exit 0). Settings apply in this order, later ones winning: defaults,
// --config-file, --conf, then the named flags.

#include <pthread.h>

#include <cstdio>
#include <string>
#include <thread>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/config.h"
#include "common/daemon_flags.h"
#include "common/logging.h"
#include "worker/worker_server.h"

namespace sluice {

// The settings given with --conf. absl parses each occurrence into a fresh value, so the occurrences are
// collected here: that is what makes the flag repeatable.
struct ConfSettings {
  std::vector<std::string> name_equals_value;
};

std::string AbslUnparseFlag(const ConfSettings& settings) { return absl::StrJoin(settings.name_equals_value, " "); }

bool AbslParseFlag(absl::string_view text, ConfSettings* settings, std::string* error) {
  static std::vector<std::string>* occurrences = new std::vector<std::string>();
  // The empty text is the default's, which absl parses to check it.
  if (text.empty()) {
    settings->name_equals_value.clear();
    return true;
  }
  std::string setting(text.data(), text.size());
  if (setting.find('=') == std::string::npos) {
    *error = "expected name=value, got '" + setting + "'";
    return false;
  }
  occurrences->push_back(std::move(setting));
  settings->name_equals_value = *occurrences;
  return true;
}

}  // namespace sluice

ABSL_FLAG(std::string, master, "", "Address of the master, HOST:PORT (required).");
ABSL_FLAG(std::string, host, "", "Address to bind and advertise (default: setting worker.host).");
ABSL_FLAG(int, port, -1, "Port of the worker's service; 0 picks a free one (default: setting worker.port).");
ABSL_FLAG(int, cores, -1, "Task slots; 0 means all cores (default: setting worker.cores).");
ABSL_FLAG(std::string, work_dir, "", "Directory for job libraries (default: setting worker.work_dir).");
ABSL_FLAG(std::string, config_file, "", "File of `name = value` settings.");
ABSL_FLAG(sluice::ConfSettings, conf, {}, "A setting, name=value; repeatable.");
ABSL_FLAG(std::string, log_level, "", "trace, debug, info, warn, error or off (default: $SLUICE_LOG_LEVEL or info).");

namespace sluice {
namespace {

constexpr int kUsageError = 2;

// Flags may be written with dashes (--work-dir) as documented; absl names them with underscores.
std::vector<char*> NormalizeFlagNames(int argc, char** argv, std::vector<std::string>* storage) {
  storage->assign(argv, argv + argc);
  for (size_t i = 1; i < storage->size(); ++i) {
    std::string& arg = (*storage)[i];
    if (arg == "--") break;
    if (arg.rfind("--", 0) != 0) continue;
    size_t name_end = std::min(arg.find('='), arg.size());
    for (size_t j = 2; j < name_end; ++j) {
      if (arg[j] == '-') arg[j] = '_';
    }
  }
  std::vector<char*> normalized;
  for (std::string& arg : *storage) normalized.push_back(arg.data());
  return normalized;
}

absl::StatusOr<WorkerServer::Options> OptionsFromFlags() {
  std::vector<std::pair<std::string, std::string>> named;
  if (!absl::GetFlag(FLAGS_host).empty()) named.emplace_back("worker.host", absl::GetFlag(FLAGS_host));
  if (absl::GetFlag(FLAGS_port) >= 0) named.emplace_back("worker.port", absl::StrCat(absl::GetFlag(FLAGS_port)));
  if (absl::GetFlag(FLAGS_cores) >= 0) named.emplace_back("worker.cores", absl::StrCat(absl::GetFlag(FLAGS_cores)));
  if (!absl::GetFlag(FLAGS_work_dir).empty()) named.emplace_back("worker.work_dir", absl::GetFlag(FLAGS_work_dir));
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

// Waits for SIGINT or SIGTERM on a thread of its own ("signals"); main has blocked them in every thread.
int AwaitStopSignal() {
  int received = 0;
  std::thread waiter([&received] {
    pthread_setname_np(pthread_self(), "signals");
    received = WaitForTerminationSignal();
  });
  waiter.join();
  return received;
}

int Main(int argc, char** argv) {
  // Before any thread exists, so that every thread inherits the mask and only the waiter sees the signals.
  BlockTerminationSignals();

  absl::SetProgramUsageMessage("sluice-worker --master HOST:PORT [flags]: runs tasks for a Sluice master");
  std::vector<std::string> storage;
  std::vector<char*> args = NormalizeFlagNames(argc, argv, &storage);
  std::vector<char*> positional = absl::ParseCommandLine(static_cast<int>(args.size()), args.data());
  if (positional.size() > 1) {
    std::fprintf(stderr, "sluice-worker: unexpected argument '%s'\n", positional[1]);
    return kUsageError;
  }
  if (absl::GetFlag(FLAGS_master).empty()) {
    std::fprintf(stderr, "sluice-worker: --master HOST:PORT is required\n");
    return kUsageError;
  }
  if (!absl::GetFlag(FLAGS_log_level).empty()) SetLogLevel(absl::GetFlag(FLAGS_log_level));
  absl::StatusOr<WorkerServer::Options> options = OptionsFromFlags();
  if (!options.ok()) {
    std::fprintf(stderr, "sluice-worker: %s\n", std::string(options.status().message()).c_str());
    return kUsageError;
  }

  WorkerServer worker(*std::move(options));
  absl::Status started = worker.Start();
  if (!started.ok()) {
    ComponentLogger("worker")->error("{}", std::string(started.message()));
    return 1;
  }
  int signal_number = AwaitStopSignal();
  ComponentLogger("worker")->info("received signal {}: shutting down", signal_number);
  worker.Shutdown();
  return 0;
}

}  // namespace
}  // namespace sluice

int main(int argc, char** argv) { return sluice::Main(argc, argv); }
