#ifndef SLUICE_DRIVER_API_RECEIVER_H_
#define SLUICE_DRIVER_API_RECEIVER_H_

// Custom receivers (Spark's Receiver[T]): user code that brings records in from any source, run on a worker as
// the built-in socket receiver is. Define one with StreamingContext::receiverStream.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/codec.h"

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

// A custom receiver whatever its record type, as the worker drives it. Users derive from Receiver<T>.
class ReceiverBase {
 public:
  ReceiverBase() = default;
  virtual ~ReceiverBase() = default;
  ReceiverBase(const ReceiverBase&) = delete;
  ReceiverBase& operator=(const ReceiverBase&) = delete;

  // Starts receiving and returns at once: the receiving happens on threads this starts, which should end when
  // isStopped() turns true. An exception is reported, and the receiver is restarted after the delay.
  virtual void onStart() = 0;
  // Stops receiving: ends (and joins) the threads onStart started; nothing may call this object afterwards
  // until the next onStart. Must not block for long either.
  virtual void onStop() = 0;

  // Stops the receiver (onStop) and starts it again (onStart) after receiver.restart_delay_ms, asynchronously;
  // the message goes to the master. isStopped() is true from this call until the next onStart.
  void restart(const std::string& message) { host_->RequestRestart(message); }
  // Stops the receiver (onStop) for the rest of the application, asynchronously; the message goes to the master.
  void stop(const std::string& message) { host_->RequestStop(message); }
  // Reports a problem to the master (the application's events and status page); receiving goes on.
  void reportError(const std::string& message) { host_->ReportError(message); }
  bool isStarted() const { return host_->IsStarted(); }
  bool isStopped() const { return host_->IsStopped(); }

  // The worker, before the first onStart; `host` outlives every later call. Until then the receiver is stopped
  // and what it stores is dropped.
  void AttachHost(ReceiverHost* host) { host_ = host != nullptr ? host : &receiver_internal::Detached(); }

 protected:
  ReceiverHost& host() const { return *host_; }

 private:
  ReceiverHost* host_ = &receiver_internal::Detached();
};

// Spark's Receiver[T]: derive, implement onStart and onStop, and call store from the receiving threads. The
// records are encoded with Codec<T>, so the stream's operations read them as they read any T.
template <Encodable T>
class Receiver : public ReceiverBase {
 public:
  using value_type = T;

  // Spark's store(item): buffered with the other single records and cut into a block every block interval.
  // What the buffer holds when the worker dies is lost (an unreliable receiver).
  void store(const T& record) {
    std::string encoded;
    EncodeRecord(record, &encoded);
    host().StoreRecord(encoded);
  }
  // Spark's store(ArrayBuffer): the records become one block, stored and reported before this returns, so a
  // reliable receiver may acknowledge its source afterwards. An empty vector stores nothing.
  void store(const std::vector<T>& records) {
    if (records.empty()) return;
    std::string encoded;
    for (const T& record : records) EncodeRecord(record, &encoded);
    host().StoreBlock(std::move(encoded), static_cast<int64_t>(records.size()));
  }
};

}  // namespace sluice

#endif  // SLUICE_DRIVER_API_RECEIVER_H_
