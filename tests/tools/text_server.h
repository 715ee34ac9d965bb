#ifndef SLUICE_TESTS_TOOLS_TEXT_SERVER_H_
#define SLUICE_TESTS_TOOLS_TEXT_SERVER_H_

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "tests/tools/text_source.h"

namespace sluice::tools {

struct TextServerConfig {
  std::string host = "127.0.0.1";
  int port = 0;  // 0 = ephemeral
  std::vector<std::string> lines;
  int64_t repeat = 1;            // 0 = forever
  double lines_per_second = 0;   // 0 = as fast as possible
  bool exit_when_done = false;   // Serve() returns once one client received the whole text
};

// A scriptable `nc -lk`: serves clients one after another, sending each the configured text and then closing
// the connection. Used by the quickstart, the integration tests and the benchmarks as a socket text source.
class TextServer {
 public:
  // Binds and listens on config.host:config.port.
  static absl::StatusOr<std::unique_ptr<TextServer>> Listen(TextServerConfig config);
  ~TextServer();

  TextServer(const TextServer&) = delete;
  TextServer& operator=(const TextServer&) = delete;

  // The bound port (the ephemeral one when config.port was 0).
  int port() const { return port_; }

  // Accepts and serves clients on the calling thread until Stop(), or with exit_when_done until a client got
  // all the text. A client that disconnects early just makes room for the next one.
  absl::Status Serve();

  // Makes Serve() return promptly, now or whenever it is called later. Only write(2)s to an eventfd, so it is
  // async-signal-safe: the binary calls it from its SIGINT/SIGTERM handler.
  void Stop();

  // Clients that received the whole text so far.
  int64_t completed_clients() const { return completed_clients_.load(); }

 private:
  // kOk: carry on with this client.
  enum class Outcome { kOk, kCompleted, kClientGone, kStopped };

  TextServer(TextServerConfig config, int listen_fd, int stop_fd, int port);

  Outcome ServeClient(int client_fd);
  Outcome SendAll(int client_fd, const std::string& data);
  // Waits until `client_fd` is writable (when want_write) or `timeout_ms` passes (-1 = no limit), whichever is
  // first, noticing Stop() and the client hanging up. May return kOk early; callers re-check their condition.
  Outcome WaitForClient(int client_fd, bool want_write, int timeout_ms);

  TextServerConfig config_;
  int listen_fd_;
  int stop_fd_;
  int port_;
  TextSource source_;
  LineThrottle throttle_;
  std::atomic<bool> stop_requested_{false};  // lock-free, so safe to set from a signal handler
  std::atomic<int64_t> completed_clients_{0};
};

}  // namespace sluice::tools

#endif  // SLUICE_TESTS_TOOLS_TEXT_SERVER_H_
