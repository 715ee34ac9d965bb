#include "tests/integration/line_server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

namespace sluice::testing {

LineServer::LineServer() {
  listen_fd_ = socket(AF_INET, SOCK_STREAM, 0);
  int one = 1;
  setsockopt(listen_fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bind(listen_fd_, reinterpret_cast<sockaddr*>(&address), sizeof(address));
  listen(listen_fd_, 8);
  socklen_t length = sizeof(address);
  getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&address), &length);
  port_ = ntohs(address.sin_port);
  thread_ = std::thread([this] { Serve(); });
}

LineServer::~LineServer() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  thread_.join();
  close(listen_fd_);
}

bool LineServer::WaitForClient(std::chrono::milliseconds timeout) {
  std::unique_lock<std::mutex> lock(mu_);
  return cv_.wait_for(lock, timeout, [this] { return client_fd_ >= 0; });
}

void LineServer::Send(const std::string& bytes) {
  std::lock_guard<std::mutex> lock(mu_);
  outgoing_.push_back(bytes);
  cv_.notify_all();
}

bool LineServer::WaitForNoClient(std::chrono::milliseconds timeout) {
  std::unique_lock<std::mutex> lock(mu_);
  return cv_.wait_for(lock, timeout, [this] { return client_fd_ < 0; });
}

int LineServer::clients_accepted() {
  std::lock_guard<std::mutex> lock(mu_);
  return accepted_;
}

bool LineServer::WaitForClientsAccepted(int count, std::chrono::milliseconds timeout) {
  std::unique_lock<std::mutex> lock(mu_);
  return cv_.wait_for(lock, timeout, [&] { return accepted_ >= count && client_fd_ >= 0; });
}

void LineServer::NoticeClientLeft() {
  pollfd client{client_fd_, POLLIN, 0};
  if (poll(&client, 1, 0) <= 0) return;
  char byte;
  if (recv(client_fd_, &byte, 1, MSG_DONTWAIT) != 0) return;  // 0: end of stream
  std::lock_guard<std::mutex> lock(mu_);
  close(client_fd_);
  client_fd_ = -1;
  cv_.notify_all();
}

void LineServer::DropClient() {
  std::lock_guard<std::mutex> lock(mu_);
  drop_ = true;
  cv_.notify_all();
}

void LineServer::Serve() {
  while (true) {
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (stopping_) break;
    }
    if (client_fd_ < 0) {
      pollfd waiting{listen_fd_, POLLIN, 0};
      if (poll(&waiting, 1, 50) <= 0) continue;
      int fd = accept(listen_fd_, nullptr, nullptr);
      std::lock_guard<std::mutex> lock(mu_);
      client_fd_ = fd;
      ++accepted_;
      cv_.notify_all();
      continue;
    }
    std::string chunk;
    {
      std::unique_lock<std::mutex> lock(mu_);
      cv_.wait_for(lock, std::chrono::milliseconds(50), [this] { return stopping_ || drop_ || !outgoing_.empty(); });
      if (drop_) {
        close(client_fd_);
        client_fd_ = -1;
        drop_ = false;
        continue;
      }
      if (outgoing_.empty()) {
        lock.unlock();
        NoticeClientLeft();
        continue;
      }
      chunk = std::move(outgoing_.front());
      outgoing_.pop_front();
    }
    size_t sent = 0;
    while (sent < chunk.size()) {
      ssize_t n = send(client_fd_, chunk.data() + sent, chunk.size() - sent, MSG_NOSIGNAL);
      if (n <= 0) break;
      sent += static_cast<size_t>(n);
    }
  }
  if (client_fd_ >= 0) close(client_fd_);
}

}  // namespace sluice::testing
