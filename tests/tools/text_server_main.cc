// sluice-text-server: a scriptable `nc -lk PORT` that serves text to one client after another.
// See TextServerUsage() (or --help) for the flags. Exit codes: 0 done or stopped by SIGINT/SIGTERM, 1 runtime
// failure (cannot listen, cannot read --file), 2 bad flags.
#include <signal.h>

#include <cstdio>

#include "common/logging.h"
#include "tests/tools/flags.h"
#include "tests/tools/port_file.h"
#include "tests/tools/text_server.h"
#include "tests/tools/text_server_options.h"

namespace {

using sluice::tools::TextServer;

TextServer* g_server = nullptr;

void HandleStopSignal(int) { g_server->Stop(); }

// Signals are blocked from the start and only delivered once the server exists, so an early SIGTERM still
// means a clean exit 0 rather than death by signal.
void BlockStopSignals(sigset_t* stop_signals) {
  sigemptyset(stop_signals);
  sigaddset(stop_signals, SIGINT);
  sigaddset(stop_signals, SIGTERM);
  sigprocmask(SIG_BLOCK, stop_signals, nullptr);
}

void RouteStopSignalsTo(TextServer* server, const sigset_t& stop_signals) {
  g_server = server;
  struct sigaction action {};
  action.sa_handler = HandleStopSignal;
  sigemptyset(&action.sa_mask);
  sigaction(SIGINT, &action, nullptr);
  sigaction(SIGTERM, &action, nullptr);
  sigprocmask(SIG_UNBLOCK, &stop_signals, nullptr);
}

absl::StatusOr<std::vector<std::string>> LoadLines(const sluice::tools::TextServerOptions& options) {
  if (options.has_lines_flag) return sluice::tools::SplitCommaSeparatedLines(options.lines_flag);
  return sluice::tools::ReadLinesFromFile(options.file);
}

}  // namespace

int main(int argc, char** argv) {
  sigset_t stop_signals;
  BlockStopSignals(&stop_signals);
  auto options = sluice::tools::ParseTextServerOptions(sluice::tools::ArgsAfterProgram(argc, argv));
  if (!options.ok()) {
    std::fprintf(stderr, "sluice-text-server: %s\n%s", std::string(options.status().message()).c_str(),
                 sluice::tools::TextServerUsage().c_str());
    return 2;
  }
  if (options->help) {
    std::fputs(sluice::tools::TextServerUsage().c_str(), stdout);
    return 0;
  }
  const sluice::Logger log(sluice::LogComponent::kTextServer);
  auto lines = LoadLines(*options);
  if (!lines.ok()) {
    log.Error("{}", lines.status().ToString());
    return 1;
  }
  sluice::tools::TextServerConfig config;
  config.host = options->host;
  config.port = options->port;
  config.lines = *std::move(lines);
  config.repeat = options->repeat;
  config.lines_per_second = options->lines_per_second;
  config.exit_when_done = options->exit_when_done;
  auto server = TextServer::Listen(std::move(config));
  if (!server.ok()) {
    log.Error("{}", server.status().ToString());
    return 1;
  }
  RouteStopSignalsTo(server->get(), stop_signals);
  if (!options->port_file.empty()) {
    if (absl::Status status = sluice::tools::WritePortFile(options->port_file, (*server)->port()); !status.ok()) {
      log.Error("{}", status.ToString());
      return 1;
    }
  }
  absl::Status served = (*server)->Serve();
  // The handler must not reach the server once it is destroyed.
  sigprocmask(SIG_BLOCK, &stop_signals, nullptr);
  if (!served.ok()) {
    log.Error("{}", served.ToString());
    return 1;
  }
  return 0;
}
