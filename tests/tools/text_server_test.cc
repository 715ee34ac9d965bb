#include "tests/tools/text_server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <sys/socket.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <chrono>
#include <thread>

namespace sluice::tools {
namespace {

using std::chrono::steady_clock;

// Runs Serve() on a named thread, owned and joined by this object.
class ServingThread {
 public:
  explicit ServingThread(TextServer* server)
      : thread_([this, server] {
          pthread_setname_np(pthread_self(), "text-server");
          status_ = server->Serve();
          done_.store(true);
        }) {}
  ~ServingThread() { Join(); }

  void Join() {
    if (thread_.joinable()) thread_.join();
  }
  bool done() const { return done_.load(); }
  const absl::Status& status() const { return status_; }

  // Polls until Serve() returned, up to `timeout`.
  bool WaitDone(std::chrono::seconds timeout = std::chrono::seconds(10)) const {
    const auto deadline = steady_clock::now() + timeout;
    while (!done() && steady_clock::now() < deadline) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    return done();
  }

 private:
  absl::Status status_;
  std::atomic<bool> done_{false};
  std::thread thread_;
};

// A blocking client socket with a generous receive timeout, so a broken server fails the test instead of
// hanging it.
int Connect(int port) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(port);
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  timeval timeout{10, 0};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof(timeout));
  if (connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) != 0) {
    close(fd);
    return -1;
  }
  return fd;
}

// Everything until EOF (or the receive timeout).
std::string ReadToEnd(int fd) {
  std::string text;
  char buffer[4096];
  ssize_t n;
  while ((n = recv(fd, buffer, sizeof(buffer), 0)) > 0) text.append(buffer, n);
  return text;
}

// At least `bytes` bytes (fewer only on EOF or timeout).
std::string ReadAtLeast(int fd, size_t bytes) {
  std::string text;
  char buffer[4096];
  while (text.size() < bytes) {
    ssize_t n = recv(fd, buffer, sizeof(buffer), 0);
    if (n <= 0) break;
    text.append(buffer, n);
  }
  return text;
}

// The client may see EOF a moment before the server counts it as complete.
bool WaitForCompletedClients(const TextServer& server, int64_t count) {
  const auto deadline = steady_clock::now() + std::chrono::seconds(10);
  while (server.completed_clients() < count && steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return server.completed_clients() == count;
}

std::unique_ptr<TextServer> Listen(TextServerConfig config) {
  auto server = TextServer::Listen(std::move(config));
  EXPECT_TRUE(server.ok()) << server.status();
  return server.ok() ? *std::move(server) : nullptr;
}

TEST(TextServerTest, ListensOnAnEphemeralPort) {
  auto server = Listen({.lines = {"a"}});
  ASSERT_NE(server, nullptr);
  EXPECT_GT(server->port(), 0);
}

TEST(TextServerTest, ListeningOnATakenPortFails) {
  auto first = Listen({.lines = {"a"}});
  ASSERT_NE(first, nullptr);
  EXPECT_FALSE(TextServer::Listen({.port = first->port(), .lines = {"a"}}).ok());
}

TEST(TextServerTest, SendsTheTextRepeatedThenCloses) {
  auto server = Listen({.lines = {"hello world", "hello sluice"}, .repeat = 2});
  ASSERT_NE(server, nullptr);
  ServingThread serving(server.get());
  int fd = Connect(server->port());
  ASSERT_GE(fd, 0);
  EXPECT_EQ(ReadToEnd(fd), "hello world\nhello sluice\nhello world\nhello sluice\n");
  close(fd);
  server->Stop();
  ASSERT_TRUE(serving.WaitDone());
  EXPECT_TRUE(serving.status().ok());
}

TEST(TextServerTest, ServesClientsOneAfterAnother) {
  auto server = Listen({.lines = {"x", "y"}, .repeat = 1});
  ASSERT_NE(server, nullptr);
  ServingThread serving(server.get());
  for (int client = 0; client < 3; ++client) {
    int fd = Connect(server->port());
    ASSERT_GE(fd, 0);
    EXPECT_EQ(ReadToEnd(fd), "x\ny\n") << "client " << client;
    close(fd);
  }
  EXPECT_TRUE(WaitForCompletedClients(*server, 3));
  server->Stop();
}

TEST(TextServerTest, AClientLeavingEarlyMakesRoomForTheNext) {
  // Forever, one line per 20 s: the first client never completes, and the second gets its first line within
  // the 10 s receive timeout only if the first one's disconnect is noticed while the server idles between
  // lines (a send would reveal it only after 20 s).
  auto server = Listen({.lines = {"tick"}, .repeat = 0, .lines_per_second = 0.05});
  ASSERT_NE(server, nullptr);
  ServingThread serving(server.get());
  int first = Connect(server->port());
  ASSERT_GE(first, 0);
  EXPECT_EQ(ReadAtLeast(first, 5), "tick\n");
  close(first);
  int second = Connect(server->port());
  ASSERT_GE(second, 0);
  EXPECT_EQ(ReadAtLeast(second, 5), "tick\n");
  close(second);
  server->Stop();
  ASSERT_TRUE(serving.WaitDone());
  EXPECT_EQ(server->completed_clients(), 0);
}

TEST(TextServerTest, ExitWhenDoneReturnsAfterTheFirstCompleteClient) {
  auto server = Listen({.lines = {"only"}, .repeat = 3, .exit_when_done = true});
  ASSERT_NE(server, nullptr);
  ServingThread serving(server.get());
  EXPECT_FALSE(serving.done());
  int fd = Connect(server->port());
  ASSERT_GE(fd, 0);
  EXPECT_EQ(ReadToEnd(fd), "only\nonly\nonly\n");
  close(fd);
  ASSERT_TRUE(serving.WaitDone());
  EXPECT_TRUE(serving.status().ok());
  EXPECT_EQ(server->completed_clients(), 1);
}

TEST(TextServerTest, ThrottlesToTheLineRate) {
  // 10 lines at 20/s: the last one is due 450 ms after the first.
  auto server = Listen({.lines = {"l"}, .repeat = 10, .lines_per_second = 20});
  ASSERT_NE(server, nullptr);
  ServingThread serving(server.get());
  const auto start = steady_clock::now();
  int fd = Connect(server->port());
  ASSERT_GE(fd, 0);
  std::string expected;
  for (int i = 0; i < 10; ++i) expected += "l\n";
  EXPECT_EQ(ReadToEnd(fd), expected);
  EXPECT_GE(steady_clock::now() - start, std::chrono::milliseconds(400));
  close(fd);
  server->Stop();
}

TEST(TextServerTest, StopReturnsWhileWaitingForClients) {
  auto server = Listen({.lines = {"a"}});
  ASSERT_NE(server, nullptr);
  ServingThread serving(server.get());
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  server->Stop();
  ASSERT_TRUE(serving.WaitDone());
  EXPECT_TRUE(serving.status().ok());
}

TEST(TextServerTest, StopBeforeServeMakesServeReturnAtOnce) {
  auto server = Listen({.lines = {"a"}});
  ASSERT_NE(server, nullptr);
  server->Stop();
  EXPECT_TRUE(server->Serve().ok());
}

TEST(TextServerTest, StopReturnsWhileBlockedOnAClientThatDoesNotRead) {
  // Unthrottled forever to a client that never reads: the socket buffers fill and the server waits to write.
  auto server = Listen({.lines = {std::string(1000, 'z')}, .repeat = 0});
  ASSERT_NE(server, nullptr);
  ServingThread serving(server.get());
  int fd = Connect(server->port());
  ASSERT_GE(fd, 0);
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  server->Stop();
  ASSERT_TRUE(serving.WaitDone());
  EXPECT_TRUE(serving.status().ok());
  close(fd);
}

TEST(TextServerTest, StopReturnsWhileThrottledBetweenLines) {
  auto server = Listen({.lines = {"slow"}, .repeat = 0, .lines_per_second = 0.1});
  ASSERT_NE(server, nullptr);
  ServingThread serving(server.get());
  int fd = Connect(server->port());
  ASSERT_GE(fd, 0);
  EXPECT_EQ(ReadAtLeast(fd, 5), "slow\n");
  server->Stop();
  ASSERT_TRUE(serving.WaitDone(std::chrono::seconds(5)));
  close(fd);
}

}  // namespace
}  // namespace sluice::tools
