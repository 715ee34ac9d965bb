#ifndef SLUICE_WORKER_RECEIVER_SOCKET_TEXT_RECEIVER_H_
#define SLUICE_WORKER_RECEIVER_SOCKET_TEXT_RECEIVER_H_

#include <atomic>
#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "common/mutex.h"
#include "common/time.h"
#include "worker/receiver/block_generator.h"
#include "worker/receiver/line_splitter.h"
#include "worker/receiver/receiver_lifecycle.h"
#include "worker/receiver/receiver_listener.h"

namespace sluice {

struct SocketReceiverOptions {
  std::string host;
  int port = 0;
  // Wait before reconnecting (Spark: 2 s).
  Duration restart_delay = Milliseconds(2000);
  // Consecutive connect failures, before it has ever connected, after which it gives up.
  int max_initial_connect_attempts = 3;
  // A longer line is dropped (reported as an error), never buffered beyond this.
  int64_t max_record_bytes = int64_t{64} << 20;
};

// Spark's socketTextStream receiver: a TCP client that reads '\n'-separated lines from host:port and gives
// each one, encoded with Codec<std::string>, to a BlockGenerator. Reconnects after EOF or errors.
class SocketTextReceiver final : public ReceiverRunner {
 public:
  SocketTextReceiver(SocketReceiverOptions options, BlockGenerator* generator, ReceiverListener* listener);
  ~SocketTextReceiver() override;  // Stop()s

  SocketTextReceiver(const SocketTextReceiver&) = delete;
  SocketTextReceiver& operator=(const SocketTextReceiver&) = delete;

  // Starts the thread "recv-<port>"; never blocks the caller.
  void Start() override;
  // Unblocks a blocked connect or read and the restart wait, then joins the thread. Idempotent.
  // Does not stop the generator: the caller owns it.
  void Stop() override;

  bool connected() const { return connected_.load(); }

 private:
  enum class StreamEnd { kEndOfData, kReadError, kStopped };

  void Run();
  // Returns a connected socket, or why none could be had.
  absl::StatusOr<int> Connect();
  // Reads lines until the stream ends; `error` receives the reason of a read error.
  StreamEnd ReadLines(int fd, std::string* error);
  void AddLine(std::string_view line);

  // Makes `fd` the socket Stop shuts down; false (and nothing registered) if Stop already came.
  bool RegisterSocket(int fd);
  void CloseSocket(int fd);
  // The stop's part here: wakes a blocked connect (Linux aborts a connect in progress) or read.
  void ShutDownSocket() ABSL_EXCLUSIVE_LOCKS_REQUIRED(lifecycle_.mu());
  std::string Endpoint() const;

  const SocketReceiverOptions options_;
  BlockGenerator* const generator_;
  ReceiverListener* const listener_;

  // The stopper (receiver-ops) and the receiver's thread share the socket: Stop shuts down the one in use.
  ReceiverLifecycle lifecycle_;
  int socket_fd_ ABSL_GUARDED_BY(lifecycle_.mu()) = -1;

  std::atomic<bool> connected_{false};

  // Used only on the receiver thread.
  LineSplitter splitter_;
  std::string line_scratch_;
  std::string encoded_scratch_;
};

}  // namespace sluice

#endif  // SLUICE_WORKER_RECEIVER_SOCKET_TEXT_RECEIVER_H_
