#include "tests/bench/paced_sender.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "absl/strings/str_cat.h"

namespace sluice::bench {
namespace {

constexpr size_t kChunkBytes = 256 << 10;
constexpr int kAcceptTimeoutMs = 60'000;

int64_t NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// The end of the chunk starting at `begin`: about kChunkBytes, cut after a newline so that lines stay whole.
size_t ChunkEnd(std::string_view text, size_t begin) {
  if (text.size() - begin <= kChunkBytes) return text.size();
  size_t newline = text.find('\n', begin + kChunkBytes);
  return newline == std::string_view::npos ? text.size() : newline + 1;
}

absl::Status SendAll(int fd, std::string_view bytes) {
  while (!bytes.empty()) {
    ssize_t sent = send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL);
    if (sent < 0 && errno == EINTR) continue;
    if (sent < 0) return absl::UnavailableError(absl::StrCat("send: ", std::strerror(errno)));
    bytes.remove_prefix(static_cast<size_t>(sent));
  }
  return absl::OkStatus();
}

}  // namespace

PacedSender::PacedSender() = default;

PacedSender::~PacedSender() {
  if (thread_.joinable()) thread_.join();
  if (listen_fd_ >= 0) close(listen_fd_);
}

absl::Status PacedSender::Listen() {
  listen_fd_ = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof(address);
  if (listen_fd_ < 0 || bind(listen_fd_, reinterpret_cast<sockaddr*>(&address), sizeof(address)) != 0 ||
      listen(listen_fd_, 4) != 0 || getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
    return absl::UnavailableError(absl::StrCat("cannot listen on 127.0.0.1: ", std::strerror(errno)));
  }
  port_ = ntohs(address.sin_port);
  return absl::OkStatus();
}

void PacedSender::Start(std::string_view text, double bytes_per_second, bool wait_for_next_client) {
  thread_ = std::thread([this, text, bytes_per_second, wait_for_next_client] {
    pthread_setname_np(pthread_self(), "paced-sender");
    result_ = Serve(text, bytes_per_second, wait_for_next_client);
  });
}

absl::StatusOr<int> PacedSender::Accept() const {
  pollfd waiting{listen_fd_, POLLIN, 0};
  if (poll(&waiting, 1, kAcceptTimeoutMs) != 1) return absl::DeadlineExceededError("no receiver connected");
  int client = accept(listen_fd_, nullptr, nullptr);
  if (client < 0) return absl::UnavailableError(absl::StrCat("accept: ", std::strerror(errno)));
  return client;
}

absl::Status PacedSender::Join() {
  if (thread_.joinable()) thread_.join();
  return result_;
}

absl::Status PacedSender::Serve(std::string_view text, double bytes_per_second, bool wait_for_next_client) {
  absl::StatusOr<int> accepted = Accept();
  if (!accepted.ok()) return accepted.status();
  int client = *accepted;
  auto start = std::chrono::steady_clock::now();
  first_byte_ms_ = NowMs();
  absl::Status status;
  for (size_t begin = 0; begin < text.size() && status.ok();) {
    size_t end = ChunkEnd(text, begin);
    if (bytes_per_second > 0) {
      // Each chunk leaves when the rate allows it, so the average rate holds over any stretch of a second.
      std::this_thread::sleep_until(start + std::chrono::duration<double>(begin / bytes_per_second));
    }
    status = SendAll(client, text.substr(begin, end - begin));
    if (!status.ok() && wait_for_next_client) {
      close(client);
      accepted = Accept();
      if (!accepted.ok()) return accepted.status();
      client = *accepted;
      status = absl::OkStatus();
      continue;  // the chunk again, to the new client
    }
    begin = end;
  }
  last_byte_ms_ = NowMs();
  close(client);
  return status;
}

}  // namespace sluice::bench
