// sluice-submit: runs a job library as the driver of a Sluice Streaming application.
//   sluice-submit --master (local[N] | sluice://host:port) [--name NAME] [--conf name=value]... JOB.so [ARGS...]
#include <dlfcn.h>
#include <signal.h>

#include <cstdio>
#include <string>
#include <thread>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/usage.h"
#include "common/command_line.h"
#include "common/config.h"
#include "common/daemon_flags.h"
#include "common/logging.h"
#include "common/settings_markdown.h"
#include "common/termination_signals.h"
#include "driver/api/errors.h"
#include "driver/api/streaming_context.h"
#include "driver/master_url.h"
#include "driver/submitted_job.h"

ABSL_FLAG(std::string, master, "", "local[N], local[*] or sluice://host:port (required).");
ABSL_FLAG(std::string, name, "", "The application's name (default: the job library's file name).");
ABSL_FLAG(sluice::ConfSettings, conf, {}, "A setting, name=value; repeatable.");
ABSL_FLAG(std::string, log_level, "", "trace, debug, info, warn, error or off (setting log.level; default warn).");

namespace {

// A driver's console shows the job's output and what went wrong, not every info line of the in-process daemons.
constexpr char kSubmitLogLevel[] = "warn";

using JobEntry = int (*)(const std::vector<std::string>*);

int Fail(int code, const std::string& message) {
  std::fprintf(stderr, "sluice-submit: %s\n", message.c_str());
  return code;
}

std::string BaseName(const std::string& path) {
  std::string name = path.substr(path.find_last_of('/') + 1);
  if (size_t dot = name.find('.'); dot != std::string::npos) name = name.substr(0, dot);
  return name;
}

}  // namespace

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage(
      "sluice-submit --master (local[N] | sluice://host:port) [--name NAME] [--conf name=value]... JOB.so [ARGS...]");
  // The job's own arguments follow the job library and are never taken for sluice-submit's flags.
  absl::StatusOr<sluice::CommandLine> command_line = sluice::ParseCommandLine(argc, argv, true);
  if (!command_line.ok()) return Fail(2, std::string(command_line.status().message()));
  if (command_line->help_requested) {
    std::printf("%s", sluice::UsageText(__FILE__).c_str());
    return 0;
  }
  if (command_line->help_settings_requested) {
    std::printf("%s", sluice::SettingsMarkdownTable().c_str());
    return 0;
  }
  // The settings are checked now, as the daemons check theirs at startup, rather than when the job starts its
  // context; the log level applies before anything can log.
  const std::vector<std::string>& conf = absl::GetFlag(FLAGS_conf).name_equals_value;
  sluice::Config config;
  config.log_level = kSubmitLogLevel;
  std::vector<std::pair<std::string, std::string>> named;
  if (!absl::GetFlag(FLAGS_log_level).empty()) named.emplace_back("log.level", absl::GetFlag(FLAGS_log_level));
  if (absl::Status valid = sluice::BuildConfig("", conf, named, &config); !valid.ok()) {
    return Fail(2, std::string(valid.message()));
  }
  sluice::SetLogLevel(config.log_level);
  const std::vector<std::string>& positional = command_line->positional;
  std::string master = absl::GetFlag(FLAGS_master);
  if (master.empty()) return Fail(2, "--master is required (local[N] or sluice://host:port)");
  if (auto url = sluice::ParseMasterUrl(master); !url.ok()) return Fail(2, std::string(url.status().message()));
  if (positional.empty()) return Fail(2, "no job library given (see --help)");
  std::string library = positional[0];
  std::vector<std::string> args(positional.begin() + 1, positional.end());

  // A bare file name means a file in the current directory, as on any command line; given to dlopen as it is,
  // it would be looked for on the system's library path instead.
  const std::string load_path = library.find('/') == std::string::npos ? "./" + library : library;
  void* handle = dlopen(load_path.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (handle == nullptr) return Fail(2, "cannot load job library " + library + ": " + dlerror());
  auto entry = reinterpret_cast<JobEntry>(dlsym(handle, "sluice_job_entry"));
  if (entry == nullptr) return Fail(2, library + " is not a Sluice job (no SLUICE_JOB entry point)");

  std::map<std::string, std::string> settings;
  for (const std::string& pair : conf) {
    size_t eq = pair.find('=');
    if (eq == std::string::npos) return Fail(2, "--conf wants name=value, got '" + pair + "'");
    settings[pair.substr(0, eq)] = pair.substr(eq + 1);
  }
  std::string name = absl::GetFlag(FLAGS_name).empty() ? BaseName(library) : absl::GetFlag(FLAGS_name);
  sluice::SluiceConf::SetSubmitDefaults(master, name, settings);
  sluice::SetSubmittedJob({library, args});

  // SIGINT or SIGTERM stops the application gracefully; a second one stops it at once.
  sluice::TerminationSignals signals;
  signals.Watch([](int count, int /*signal*/) {
    bool graceful = count == 1;
    sluice::Logger(sluice::LogComponent::kDriver)
        .Warn("signal received: stopping the application {}", graceful ? "gracefully" : "now");
    std::thread([graceful] { sluice::StreamingContext::StopActive(graceful); }).join();
  });
  try {
    return entry(&args);
  } catch (const sluice::JobFailedError& e) {
    return Fail(1, std::string("the application failed: ") + e.what());
  } catch (const std::exception& e) {
    return Fail(1, std::string("error: ") + e.what());
  } catch (...) {
    return Fail(1, "error: the job threw an unknown exception");
  }
}
