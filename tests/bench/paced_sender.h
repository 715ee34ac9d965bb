#ifndef SLUICE_TESTS_BENCH_PACED_SENDER_H_
#define SLUICE_TESTS_BENCH_PACED_SENDER_H_

#include <atomic>
#include <chrono>
#include <cstdint>
#include <string_view>
#include <thread>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace sluice::bench {

// A TCP server on 127.0.0.1 that waits for one client (the job's socket receiver) and sends it a text at a
// fixed rate, in whole lines, then closes the connection.
class PacedSender {
 public:
  PacedSender();
  ~PacedSender();

  absl::Status Listen();
  int port() const { return port_; }

  // Starts sending `text` (which must outlive the sender) at `bytes_per_second` (0: as fast as the client
  // reads) once a client connects. Join() waits until everything is sent or the client is gone; with
  // `wait_for_next_client`, a client that goes is replaced by the next to connect (a receiver placed again after its
  // worker died), which gets the rest, the chunk the first one lost included.
  void Start(std::string_view text, double bytes_per_second, bool wait_for_next_client = false);
  absl::Status Join();

  // Wall-clock times of the first and the last byte sent, in ms since the epoch.
  int64_t first_byte_ms() const { return first_byte_ms_; }
  int64_t last_byte_ms() const { return last_byte_ms_; }

 private:
  absl::Status Serve(std::string_view text, double bytes_per_second, bool wait_for_next_client);
  absl::StatusOr<int> Accept() const;

  int listen_fd_ = -1;
  int port_ = 0;
  std::thread thread_;
  absl::Status result_;
  std::atomic<int64_t> first_byte_ms_{0};
  std::atomic<int64_t> last_byte_ms_{0};
};

}  // namespace sluice::bench

#endif  // SLUICE_TESTS_BENCH_PACED_SENDER_H_
