#include "worker/receiver/socket_text_receiver.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "common/codec.h"
#include "common/mutex.h"
#include "worker/receiver/block_generator.h"
#include "worker/testing/eventually.h"

namespace sluice {
namespace {

using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using Clock = std::chrono::steady_clock;

using ::sluice::testing::Eventually;

// A listening TCP socket on 127.0.0.1 standing in for the data source (`nc -lk`).
class TestServer {
 public:
  explicit TestServer(int port = 0, int backlog = 16) {
    listen_fd_ = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    int one = 1;
    // Rebinding the port of a closed server must work although its old connection lingers in TIME_WAIT.
    setsockopt(listen_fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = htons(port);
    EXPECT_EQ(bind(listen_fd_, reinterpret_cast<sockaddr*>(&address), sizeof(address)), 0) << strerror(errno);
    EXPECT_EQ(listen(listen_fd_, backlog), 0);
    socklen_t length = sizeof(address);
    getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&address), &length);
    port_ = ntohs(address.sin_port);
  }
  ~TestServer() {
    for (int fd : accepted_) close(fd);
    CloseListener();
  }

  int port() const { return port_; }

  // The next connection, or -1 if none came within 10 s.
  int Accept() {
    pollfd waiting{listen_fd_, POLLIN, 0};
    if (poll(&waiting, 1, 10000) != 1) return -1;
    int fd = accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
    if (fd >= 0) accepted_.push_back(fd);
    return fd;
  }

  void CloseListener() {
    if (listen_fd_ >= 0) close(listen_fd_);
    listen_fd_ = -1;
  }

  // Closes everything: the receiver sees EOF and nothing listens on the port any more.
  void Shutdown() {
    for (int fd : accepted_) close(fd);
    accepted_.clear();
    CloseListener();
  }

 private:
  int listen_fd_ = -1;
  int port_ = 0;
  std::vector<int> accepted_;
};

bool SendAll(int fd, std::string_view data) {
  while (!data.empty()) {
    ssize_t n = send(fd, data.data(), data.size(), MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    data.remove_prefix(static_cast<size_t>(n));
  }
  return true;
}

class RecordingListener : public ReceiverListener {
 public:
  void OnReceiverStarted(const std::string& message) override { Record(&RecordingListener::started_, message); }
  void OnReceiverError(const std::string& message) override { Record(&RecordingListener::errors_, message); }
  void OnReceiverFailed(const std::string& message) override { Record(&RecordingListener::failed_, message); }

  std::vector<std::string> started() { return Get(&RecordingListener::started_); }
  std::vector<std::string> errors() { return Get(&RecordingListener::errors_); }
  std::vector<std::string> failed() { return Get(&RecordingListener::failed_); }

 private:
  using Events = std::vector<std::string> RecordingListener::*;

  void Record(Events events, const std::string& message) {
    MutexLock lock(&mu_);
    (this->*events).push_back(message);
  }
  std::vector<std::string> Get(Events events) {
    MutexLock lock(&mu_);
    return this->*events;
  }

  Mutex mu_;  // the receiver's thread records while the test reads
  std::vector<std::string> started_ ABSL_GUARDED_BY(mu_), errors_ ABSL_GUARDED_BY(mu_), failed_ ABSL_GUARDED_BY(mu_);
};

constexpr char kNoMoreData[] = "Socket data stream had no more data";

class SocketTextReceiverTest : public ::testing::Test {
 protected:
  void SetUp() override { generator_.Start(); }
  void TearDown() override {
    if (receiver_) receiver_->Stop();
    generator_.StopAndFlush();
  }

  SocketReceiverOptions Options(int port) {
    SocketReceiverOptions options;
    options.host = "127.0.0.1";
    options.port = port;
    options.restart_delay = Milliseconds(100);
    return options;
  }

  void StartReceiver(SocketReceiverOptions options) {
    receiver_ = std::make_unique<SocketTextReceiver>(std::move(options), &generator_, &listener_);
    receiver_->Start();
  }

  // Every record received so far, decoded from the blocks in order.
  std::vector<std::string> Records() {
    MutexLock lock(&mu_);
    std::vector<std::string> records;
    for (const ReceivedBlock& block : blocks_) {
      EXPECT_TRUE(DecodeRecords<std::string>(block.data, [&](std::string r) { records.push_back(std::move(r)); }));
    }
    return records;
  }
  bool WaitForRecords(size_t count) {
    return Eventually([&] { return Records().size() >= count; });
  }
  bool WaitForError(const std::string& text) {
    return Eventually([&] {
      for (const std::string& e : listener_.errors()) {
        if (e.find(text) != std::string::npos) return true;
      }
      return false;
    });
  }
  // How long Stop takes.
  Clock::duration TimeStop() {
    auto started = Clock::now();
    receiver_->Stop();
    return Clock::now() - started;
  }

  Mutex mu_;  // the generator's thread hands blocks on while the test reads
  std::vector<ReceivedBlock> blocks_ ABSL_GUARDED_BY(mu_);
  BlockGenerator generator_{0, "w0", Milliseconds(20), [this](ReceivedBlock block) {
                              MutexLock lock(&mu_);
                              blocks_.push_back(std::move(block));
                            }};
  RecordingListener listener_;
  std::unique_ptr<SocketTextReceiver> receiver_;  // declared last: destroyed before the generator
};

TEST_F(SocketTextReceiverTest, LinesArriveExactlyAndInOrderFromLocalhost) {
  TestServer server;
  SocketReceiverOptions options = Options(server.port());
  options.host = "localhost";
  StartReceiver(options);
  int connection = server.Accept();
  ASSERT_GE(connection, 0);
  std::vector<std::string> expected;
  std::string payload;
  for (int i = 0; i < 5000; ++i) {
    expected.push_back("line " + std::to_string(i) + " \xc3\xa9");
    payload += expected.back() + "\n";
  }
  // Odd-sized pieces so lines straddle reads.
  for (size_t offset = 0; offset < payload.size(); offset += 997) {
    ASSERT_TRUE(SendAll(connection, std::string_view(payload).substr(offset, 997)));
  }
  ASSERT_TRUE(WaitForRecords(expected.size()));
  EXPECT_EQ(Records(), expected);
  EXPECT_TRUE(receiver_->connected());
  EXPECT_THAT(listener_.started(), ElementsAre(HasSubstr("localhost:" + std::to_string(server.port()))));
  EXPECT_THAT(listener_.errors(), IsEmpty());
}

TEST_F(SocketTextReceiverTest, StripsOneCarriageReturnPerLine) {
  TestServer server;
  StartReceiver(Options(server.port()));
  int connection = server.Accept();
  ASSERT_GE(connection, 0);
  ASSERT_TRUE(SendAll(connection, "a\r\nb\r\n\r\nc\r\r\nd\n"));
  ASSERT_TRUE(WaitForRecords(5));
  EXPECT_THAT(Records(), ElementsAre("a", "b", "", "c\r", "d"));
}

TEST_F(SocketTextReceiverTest, LastLineWithoutNewlineIsARecordAtEof) {
  TestServer server;
  StartReceiver(Options(server.port()));
  int connection = server.Accept();
  ASSERT_GE(connection, 0);
  ASSERT_TRUE(SendAll(connection, "first\nlast"));
  server.Shutdown();
  ASSERT_TRUE(WaitForRecords(2));
  EXPECT_THAT(Records(), ElementsAre("first", "last"));
  EXPECT_TRUE(WaitForError(kNoMoreData));
}

TEST_F(SocketTextReceiverTest, BinaryBytesPassThroughUnchanged) {
  TestServer server;
  StartReceiver(Options(server.port()));
  int connection = server.Accept();
  ASSERT_GE(connection, 0);
  std::string garbage;
  for (int b = 0; b < 256; ++b) {
    if (b != '\n') garbage.push_back(static_cast<char>(b));
  }
  std::string nuls("\0\0x\0", 4);
  ASSERT_TRUE(SendAll(connection, garbage + "\n" + nuls + "\n\xff\xfe\xc3\x28\n"));
  ASSERT_TRUE(WaitForRecords(3));
  EXPECT_THAT(Records(), ElementsAre(garbage, nuls, "\xff\xfe\xc3\x28"));
}

TEST_F(SocketTextReceiverTest, TenMegabyteLineArrivesWhole) {
  TestServer server;
  StartReceiver(Options(server.port()));
  int connection = server.Accept();
  ASSERT_GE(connection, 0);
  std::string big(10 << 20, 'x');
  for (size_t i = 0; i < big.size(); i += 4096) big[i] = static_cast<char>('a' + (i / 4096) % 26);
  ASSERT_TRUE(SendAll(connection, "before\n" + big + "\nafter\n"));
  ASSERT_TRUE(WaitForRecords(3));
  std::vector<std::string> records = Records();
  ASSERT_EQ(records.size(), 3u);
  EXPECT_EQ(records[0], "before");
  EXPECT_TRUE(records[1] == big) << "size " << records[1].size();
  EXPECT_EQ(records[2], "after");
}

TEST_F(SocketTextReceiverTest, OverlongLineIsDroppedAndLaterLinesArrive) {
  TestServer server;
  SocketReceiverOptions options = Options(server.port());
  options.max_record_bytes = 1000;
  StartReceiver(options);
  int connection = server.Accept();
  ASSERT_GE(connection, 0);
  ASSERT_TRUE(SendAll(connection, "a\n" + std::string(200000, 'z') + "\nb\n" + std::string(1000, 'k') + "\n"));
  ASSERT_TRUE(WaitForRecords(3));
  EXPECT_THAT(Records(), ElementsAre("a", "b", std::string(1000, 'k')));
  EXPECT_THAT(listener_.errors(), ElementsAre("dropped a line of more than 1000 bytes"));
  EXPECT_TRUE(receiver_->connected());
}

TEST_F(SocketTextReceiverTest, ReconnectsWhenTheServerComesBackOnTheSamePort) {
  auto server = std::make_unique<TestServer>();
  int port = server->port();
  StartReceiver(Options(port));
  int connection = server->Accept();
  ASSERT_GE(connection, 0);
  ASSERT_TRUE(SendAll(connection, "before\n"));
  ASSERT_TRUE(WaitForRecords(1));
  server.reset();  // closes the connection and the listener
  ASSERT_TRUE(WaitForError(kNoMoreData));
  EXPECT_TRUE(Eventually([&] { return !receiver_->connected(); }));

  // Down for a while: the receiver keeps retrying, never giving up once it has connected.
  ASSERT_TRUE(WaitForError("Error connecting to 127.0.0.1:" + std::to_string(port)));
  TestServer revived(port);
  connection = revived.Accept();
  ASSERT_GE(connection, 0);
  ASSERT_TRUE(SendAll(connection, "after\n"));
  ASSERT_TRUE(WaitForRecords(2));
  EXPECT_THAT(Records(), ElementsAre("before", "after"));
  EXPECT_EQ(listener_.started().size(), 2u);
  EXPECT_THAT(listener_.failed(), IsEmpty());
}

TEST_F(SocketTextReceiverTest, KeepsRetryingAfterHavingConnectedOnce) {
  auto server = std::make_unique<TestServer>();
  SocketReceiverOptions options = Options(server->port());
  options.restart_delay = Milliseconds(10);
  options.max_initial_connect_attempts = 2;
  StartReceiver(options);
  ASSERT_GE(server->Accept(), 0);
  server.reset();
  ASSERT_TRUE(Eventually([&] { return listener_.errors().size() >= 10; }));
  EXPECT_THAT(listener_.failed(), IsEmpty());
}

TEST_F(SocketTextReceiverTest, GivesUpWhenNeverConnected) {
  // Bound but not listening: every connect is refused.
  int blocker = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(bind(blocker, reinterpret_cast<sockaddr*>(&address), sizeof(address)), 0);
  socklen_t length = sizeof(address);
  getsockname(blocker, reinterpret_cast<sockaddr*>(&address), &length);
  int port = ntohs(address.sin_port);

  SocketReceiverOptions options = Options(port);
  options.restart_delay = Milliseconds(20);
  options.max_initial_connect_attempts = 3;
  StartReceiver(options);
  ASSERT_TRUE(Eventually([&] { return !listener_.failed().empty(); }));
  std::string endpoint = "Error connecting to 127.0.0.1:" + std::to_string(port) + ": ";
  EXPECT_THAT(listener_.failed(), ElementsAre(AllOf(HasSubstr(endpoint), HasSubstr("(gave up after 3 attempts)"))));
  EXPECT_THAT(listener_.errors(), ElementsAre(HasSubstr(endpoint), HasSubstr(endpoint)));
  EXPECT_THAT(listener_.started(), IsEmpty());
  EXPECT_FALSE(receiver_->connected());
  // The thread has ended: no further attempts.
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  EXPECT_EQ(listener_.errors().size(), 2u);
  EXPECT_EQ(listener_.failed().size(), 1u);
  close(blocker);
}

TEST_F(SocketTextReceiverTest, StopWhileConnectedReturnsPromptly) {
  TestServer server;
  StartReceiver(Options(server.port()));
  ASSERT_GE(server.Accept(), 0);
  ASSERT_TRUE(Eventually([&] { return receiver_->connected(); }));
  EXPECT_LT(TimeStop(), std::chrono::seconds(2));
  EXPECT_FALSE(receiver_->connected());
  EXPECT_THAT(listener_.errors(), IsEmpty());
  receiver_->Stop();  // idempotent
}

TEST_F(SocketTextReceiverTest, StopWhileWaitingToReconnectReturnsPromptly) {
  TestServer server;
  SocketReceiverOptions options = Options(server.port());
  options.restart_delay = Minutes(10);
  StartReceiver(options);
  ASSERT_GE(server.Accept(), 0);
  server.Shutdown();
  ASSERT_TRUE(WaitForError(kNoMoreData));
  EXPECT_LT(TimeStop(), std::chrono::seconds(2));
}

TEST_F(SocketTextReceiverTest, StopWhileConnectIsPendingReturnsPromptly) {
  // A listener whose accept queue is full drops new SYNs, so the receiver's connect hangs.
  TestServer server(/*port=*/0, /*backlog=*/0);
  std::vector<int> fillers;
  for (int i = 0; i < 4; ++i) {
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = htons(server.port());
    connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address));
    fillers.push_back(fd);
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  SocketReceiverOptions options = Options(server.port());
  options.restart_delay = Minutes(10);
  StartReceiver(options);
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  EXPECT_LT(TimeStop(), std::chrono::seconds(2));
  EXPECT_THAT(listener_.failed(), IsEmpty());
  for (int fd : fillers) close(fd);
}

TEST_F(SocketTextReceiverTest, StopWhileThePeerSendsNonStopReturnsPromptly) {
  TestServer server;
  StartReceiver(Options(server.port()));
  int connection = server.Accept();
  ASSERT_GE(connection, 0);
  std::thread flood([connection] {
    std::string chunk;
    for (int i = 0; i < 4096; ++i) chunk += "spam\n";
    while (SendAll(connection, chunk)) {
    }
  });
  ASSERT_TRUE(WaitForRecords(10000));
  EXPECT_LT(TimeStop(), std::chrono::seconds(2));
  shutdown(connection, SHUT_RDWR);  // ends the flood if it is still blocked in send
  flood.join();
}

TEST_F(SocketTextReceiverTest, StopDoesNotStopTheGenerator) {
  TestServer server;
  StartReceiver(Options(server.port()));
  int connection = server.Accept();
  ASSERT_GE(connection, 0);
  ASSERT_TRUE(SendAll(connection, "one\n"));
  ASSERT_TRUE(WaitForRecords(1));
  receiver_->Stop();
  generator_.AddEncodedRecord([] {
    std::string encoded;
    EncodeRecord(std::string("direct"), &encoded);
    return encoded;
  }());
  ASSERT_TRUE(WaitForRecords(2));
  EXPECT_THAT(Records(), ElementsAre("one", "direct"));
}

TEST_F(SocketTextReceiverTest, StopBeforeStartAndDestructorAreClean) {
  SocketTextReceiver never_started(Options(1), &generator_, &listener_);
  never_started.Stop();
  TestServer server;
  {
    SocketTextReceiver scoped(Options(server.port()), &generator_, &listener_);
    scoped.Start();
    ASSERT_GE(server.Accept(), 0);
  }
  EXPECT_THAT(listener_.failed(), IsEmpty());
}

}  // namespace
}  // namespace sluice
