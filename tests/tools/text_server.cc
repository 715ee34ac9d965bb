#include "tests/tools/text_server.h"

#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "absl/strings/str_cat.h"
#include "common/logging.h"

namespace sluice::tools {
namespace {

// Lines due at the same moment go out together, up to this much, so an unthrottled server is not bound by one
// send(2) per line.
constexpr size_t kChunkBytes = 64 * 1024;

int BoundPort(int fd) {
  sockaddr_storage address{};
  socklen_t length = sizeof(address);
  if (getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0) return -1;
  if (address.ss_family == AF_INET6) return ntohs(reinterpret_cast<sockaddr_in6*>(&address)->sin6_port);
  return ntohs(reinterpret_cast<sockaddr_in*>(&address)->sin_port);
}

std::string PeerName(int fd) {
  sockaddr_storage address{};
  socklen_t length = sizeof(address);
  if (getpeername(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0) return "?";
  char host[NI_MAXHOST];
  char service[NI_MAXSERV];
  if (getnameinfo(reinterpret_cast<sockaddr*>(&address), length, host, sizeof(host), service, sizeof(service),
                  NI_NUMERICHOST | NI_NUMERICSERV) != 0) {
    return "?";
  }
  return absl::StrCat(host, ":", service);
}

absl::StatusOr<int> BindAndListen(const std::string& host, int port) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
  addrinfo* addresses = nullptr;
  const std::string service = std::to_string(port);
  if (int rc = getaddrinfo(host.empty() ? nullptr : host.c_str(), service.c_str(), &hints, &addresses); rc != 0) {
    return absl::InvalidArgumentError(absl::StrCat("cannot resolve host '", host, "': ", gai_strerror(rc)));
  }
  std::string last_error = "no address";
  int listen_fd = -1;
  for (addrinfo* a = addresses; a != nullptr && listen_fd < 0; a = a->ai_next) {
    int fd = socket(a->ai_family, a->ai_socktype | SOCK_CLOEXEC | SOCK_NONBLOCK, a->ai_protocol);
    if (fd < 0) {
      last_error = std::strerror(errno);
      continue;
    }
    int one = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
    if (bind(fd, a->ai_addr, a->ai_addrlen) == 0 && listen(fd, 16) == 0) {
      listen_fd = fd;
    } else {
      last_error = std::strerror(errno);
      close(fd);
    }
  }
  freeaddrinfo(addresses);
  if (listen_fd < 0) {
    return absl::UnavailableError(absl::StrCat("cannot listen on ", host, ":", port, ": ", last_error));
  }
  return listen_fd;
}

bool IsTransientAcceptError(int error) {
  return error == EINTR || error == EAGAIN || error == EWOULDBLOCK || error == ECONNABORTED || error == EPROTO;
}

}  // namespace

absl::StatusOr<std::unique_ptr<TextServer>> TextServer::Listen(TextServerConfig config) {
  absl::StatusOr<int> listen_fd = BindAndListen(config.host, config.port);
  if (!listen_fd.ok()) return listen_fd.status();
  int stop_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
  if (stop_fd < 0) {
    close(*listen_fd);
    return absl::InternalError(absl::StrCat("eventfd: ", std::strerror(errno)));
  }
  int port = BoundPort(*listen_fd);
  return std::unique_ptr<TextServer>(new TextServer(std::move(config), *listen_fd, stop_fd, port));
}

TextServer::TextServer(TextServerConfig config, int listen_fd, int stop_fd, int port)
    : config_(std::move(config)),
      listen_fd_(listen_fd),
      stop_fd_(stop_fd),
      port_(port),
      source_(config_.lines, config_.repeat),
      throttle_(config_.lines_per_second) {}

TextServer::~TextServer() {
  close(listen_fd_);
  close(stop_fd_);
}

void TextServer::Stop() {
  stop_requested_.store(true);
  uint64_t one = 1;
  // Nothing useful to do if the write fails: the counter can only overflow after 2^64 - 1 calls.
  [[maybe_unused]] ssize_t ignored = write(stop_fd_, &one, sizeof(one));
}

absl::Status TextServer::Serve() {
  const Logger log(LogComponent::kTextServer);
  log.Info("listening on {}:{}", config_.host, port_);
  while (!stop_requested_.load()) {
    pollfd fds[2] = {{listen_fd_, POLLIN, 0}, {stop_fd_, POLLIN, 0}};
    if (poll(fds, 2, -1) < 0) {
      if (errno == EINTR) continue;
      return absl::InternalError(absl::StrCat("poll: ", std::strerror(errno)));
    }
    if (stop_requested_.load()) break;
    if ((fds[0].revents & POLLIN) == 0) continue;
    int client_fd = accept4(listen_fd_, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (client_fd < 0) {
      if (IsTransientAcceptError(errno)) continue;
      return absl::InternalError(absl::StrCat("accept: ", std::strerror(errno)));
    }
    const std::string peer = PeerName(client_fd);
    log.Info("client {} connected", peer);
    Outcome outcome = ServeClient(client_fd);
    // Shutting down the write side first sends FIN after the queued text, so the client reads all of it.
    shutdown(client_fd, SHUT_WR);
    close(client_fd);
    if (outcome == Outcome::kStopped) break;
    if (outcome == Outcome::kClientGone) {
      log.Info("client {} disconnected", peer);
      continue;
    }
    completed_clients_.fetch_add(1);
    log.Info("client {} received all the text", peer);
    if (config_.exit_when_done) return absl::OkStatus();
  }
  log.Info("stopped");
  return absl::OkStatus();
}

TextServer::Outcome TextServer::ServeClient(int client_fd) {
  source_.Rewind();
  const auto start = std::chrono::steady_clock::now();
  int64_t next_index = 0;
  std::string chunk;
  while (!stop_requested_.load()) {
    const auto elapsed = std::chrono::steady_clock::now() - start;
    chunk.clear();
    while (chunk.size() < kChunkBytes && !source_.Exhausted() && throttle_.DueOffset(next_index) <= elapsed) {
      chunk.append(*source_.Next());
      chunk.push_back('\n');
      ++next_index;
    }
    if (!chunk.empty()) {
      if (Outcome outcome = SendAll(client_fd, chunk); outcome != Outcome::kOk) return outcome;
      continue;
    }
    if (source_.Exhausted()) return Outcome::kCompleted;
    const auto wait = throttle_.DueOffset(next_index) - elapsed;
    const int timeout_ms =
        1 + static_cast<int>(std::chrono::duration_cast<std::chrono::milliseconds>(wait).count());
    if (Outcome outcome = WaitForClient(client_fd, false, timeout_ms); outcome != Outcome::kOk) return outcome;
  }
  return Outcome::kStopped;
}

TextServer::Outcome TextServer::SendAll(int client_fd, const std::string& data) {
  size_t sent = 0;
  while (sent < data.size()) {
    if (stop_requested_.load()) return Outcome::kStopped;
    ssize_t n = send(client_fd, data.data() + sent, data.size() - sent, MSG_NOSIGNAL);
    if (n > 0) {
      sent += static_cast<size_t>(n);
    } else if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      if (Outcome outcome = WaitForClient(client_fd, true, -1); outcome != Outcome::kOk) return outcome;
    } else if (n < 0 && errno == EINTR) {
      continue;
    } else {
      return Outcome::kClientGone;
    }
  }
  return Outcome::kOk;
}

TextServer::Outcome TextServer::WaitForClient(int client_fd, bool want_write, int timeout_ms) {
  // Watching POLLIN too is how a client's disconnect is noticed while the throttle keeps us idle: its EOF makes
  // the socket readable. Text clients send nothing, so whatever they do send is read and dropped.
  short client_events = POLLIN | (want_write ? POLLOUT : 0);
  pollfd fds[2] = {{client_fd, client_events, 0}, {stop_fd_, POLLIN, 0}};
  if (poll(fds, 2, timeout_ms) < 0) return errno == EINTR ? Outcome::kOk : Outcome::kClientGone;
  if (stop_requested_.load()) return Outcome::kStopped;
  if (fds[0].revents & (POLLERR | POLLHUP | POLLNVAL)) return Outcome::kClientGone;
  if (fds[0].revents & POLLIN) {
    char discard[4096];
    ssize_t n = recv(client_fd, discard, sizeof(discard), 0);
    if (n == 0) return Outcome::kClientGone;
    if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) return Outcome::kClientGone;
  }
  return Outcome::kOk;
}

}  // namespace sluice::tools
