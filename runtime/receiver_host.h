#ifndef SLUICE_RUNTIME_RECEIVER_HOST_H_
#define SLUICE_RUNTIME_RECEIVER_HOST_H_

// What a job's custom receiver (driver/api/receiver.h) calls on the worker that runs it.

#include <cstdint>
#include <string>
#include <string_view>

namespace sluice {

// The worker's side of a running custom receiver; jobs never implement it. Thread-safe: the receiver's own
// threads call it.
class ReceiverHost {
 public:
  virtual ~ReceiverHost() = default;

  // One record encoded with Codec<T>: it joins the block being filled, which is cut every block interval.
  virtual void StoreRecord(std::string_view encoded_record) = 0;
  // Records encoded back to back: a block of their own, stored and reported to the master before this returns.
  virtual void StoreBlock(std::string encoded_records, int64_t records) = 0;
  // Asynchronous: onStop, then onStart again after receiver.restart_delay_ms.
  virtual void RequestRestart(const std::string& message) = 0;
  // Asynchronous: onStop, and the receiver stays stopped until the application ends.
  virtual void RequestStop(const std::string& message) = 0;
  // Reported to the master (the application's events); the receiver keeps running.
  virtual void ReportError(const std::string& message) = 0;
  virtual bool IsStarted() const = 0;
  virtual bool IsStopped() const = 0;
};

namespace receiver_internal {

// Where a receiver that no worker runs (yet) sends its calls: it is stopped, and what it stores is dropped.
class DetachedHost final : public ReceiverHost {
 public:
  void StoreRecord(std::string_view /*encoded_record*/) override {}
  void StoreBlock(std::string /*encoded_records*/, int64_t /*records*/) override {}
  void RequestRestart(const std::string& /*message*/) override {}
  void RequestStop(const std::string& /*message*/) override {}
  void ReportError(const std::string& /*message*/) override {}
  bool IsStarted() const override { return false; }
  bool IsStopped() const override { return true; }
};

inline ReceiverHost& Detached() {
  static DetachedHost host;
  return host;
}

}  // namespace receiver_internal

}  // namespace sluice

#endif  // SLUICE_RUNTIME_RECEIVER_HOST_H_
