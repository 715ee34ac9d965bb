// StreamingContext's lifecycle on a real in-process cluster (local[1], linked in through //driver:driver): a
// socketTextStream receiver connecting to a socket of this test shows that start() really ran the application.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <string>
#include <thread>

#include "driver/api/errors.h"
#include "driver/api/streaming_context.h"
#include "gtest/gtest.h"

namespace sluice {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

// A listening socket on 127.0.0.1 that only tells whether a receiver connected; it never sends.
class ListeningSocket {
 public:
  ListeningSocket() {
    listen_fd_ = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof(address);
    if (bind(listen_fd_, reinterpret_cast<sockaddr*>(&address), length) != 0 || listen(listen_fd_, 4) != 0 ||
        getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
      ADD_FAILURE() << "cannot listen on 127.0.0.1";
      return;
    }
    port_ = ntohs(address.sin_port);
  }
  ~ListeningSocket() {
    if (client_fd_ >= 0) close(client_fd_);
    if (listen_fd_ >= 0) close(listen_fd_);
  }

  int port() const { return port_; }

  bool AcceptWithin(milliseconds timeout) {
    pollfd ready{.fd = listen_fd_, .events = POLLIN, .revents = 0};
    if (poll(&ready, 1, static_cast<int>(timeout.count())) != 1) return false;
    client_fd_ = accept(listen_fd_, nullptr, nullptr);
    return client_fd_ >= 0;
  }

 private:
  int listen_fd_ = -1;
  int client_fd_ = -1;
  int port_ = 0;
};

SluiceConf LocalConf() {
  return SluiceConf()
      .setMaster("local[1]")
      .setAppName("LocalLifecycleTest")
      .set("worker.work_dir", ::testing::TempDir() + "/sluice-work")
      .set("app.graceful_stop_timeout_ms", "2000");
}

TEST(StreamingContextLocalTest, StartsStopsAndMakesWayForTheNextContext) {
  ListeningSocket server;
  {
    StreamingContext ssc(LocalConf(), Milliseconds(500));
    ssc.socketTextStream("127.0.0.1", server.port()).pprint();
    ssc.start();
    EXPECT_EQ(ssc.getState(), StreamingContextState::ACTIVE);
    ASSERT_TRUE(server.AcceptWithin(seconds(30))) << "the application's receiver never connected";
    EXPECT_FALSE(ssc.awaitTerminationOrTimeout(100));

    std::thread stopper([&ssc] { ssc.stop(/*stop_gracefully=*/false); });
    ssc.awaitTermination();  // returns once the other thread stopped the context
    stopper.join();
    EXPECT_EQ(ssc.getState(), StreamingContextState::STOPPED);
    EXPECT_TRUE(ssc.awaitTerminationOrTimeout(0));
    EXPECT_THROW(ssc.start(), IllegalStateError);
  }

  // The process has no active context any more: a new one starts, and stops gracefully.
  ListeningSocket next_server;
  StreamingContext next(LocalConf(), Milliseconds(500));
  next.socketTextStream("127.0.0.1", next_server.port()).pprint();
  next.start();
  ASSERT_TRUE(next_server.AcceptWithin(seconds(30))) << "the second application's receiver never connected";
  next.stop(/*stop_gracefully=*/true);
  EXPECT_EQ(next.getState(), StreamingContextState::STOPPED);
  EXPECT_TRUE(next.awaitTerminationOrTimeout(0));
}

}  // namespace
}  // namespace sluice
