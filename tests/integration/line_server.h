#ifndef SLUICE_TESTS_INTEGRATION_LINE_SERVER_H_
#define SLUICE_TESTS_INTEGRATION_LINE_SERVER_H_

#include <condition_variable>
#include <deque>
#include <mutex>
#include <string>
#include <thread>

namespace sluice::testing {

// A TCP server on 127.0.0.1 that a socketTextStream receiver connects to; the test sends text through it.
// Serves one client at a time; a client that connects later gets what is sent after it connected.
class LineServer {
 public:
  LineServer();
  ~LineServer();

  int port() const { return port_; }
  bool WaitForClient(std::chrono::milliseconds timeout);
  // Queues bytes for the connected client (sent in order by the server thread).
  void Send(const std::string& bytes);
  // Closes the current client connection (the receiver sees EOF and reconnects).
  void DropClient();
  // Waits until no client is connected: the one there closed its end (its receiver stopped), or none came.
  bool WaitForNoClient(std::chrono::milliseconds timeout);
  // How many clients connected so far; and a wait for more than `count` to have.
  int clients_accepted();
  bool WaitForClientsAccepted(int count, std::chrono::milliseconds timeout);

 private:
  void Serve();
  // The client closed its end (receivers never send): forget it.
  void NoticeClientLeft();

  int listen_fd_ = -1;
  int port_ = 0;
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::string> outgoing_;
  int client_fd_ = -1;
  int accepted_ = 0;
  bool drop_ = false;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace sluice::testing

#endif  // SLUICE_TESTS_INTEGRATION_LINE_SERVER_H_
