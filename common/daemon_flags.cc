#include "common/daemon_flags.h"

#include <csignal>

namespace sluice {

absl::Status BuildConfig(const std::string& config_file, const std::vector<std::string>& conf_overrides,
                         const std::vector<std::pair<std::string, std::string>>& named_flags, Config* config) {
  if (!config_file.empty()) {
    if (absl::Status status = config->LoadFile(config_file); !status.ok()) return status;
  }
  if (absl::Status status = config->ApplyOverrides(conf_overrides); !status.ok()) return status;
  for (const auto& [name, value] : named_flags) {
    if (absl::Status status = config->Set(name, value); !status.ok()) return status;
  }
  return absl::OkStatus();
}

namespace {
sigset_t TerminationSignals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  return set;
}
}  // namespace

void BlockTerminationSignals() {
  sigset_t set = TerminationSignals();
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
}

int WaitForTerminationSignal() {
  sigset_t set = TerminationSignals();
  int signal = 0;
  sigwait(&set, &signal);
  return signal;
}

}  // namespace sluice
