#ifndef SLUICE_DRIVER_API_RECEIVER_H_
#define SLUICE_DRIVER_API_RECEIVER_H_

// Custom receivers (Spark's Receiver[T]): user code that brings records in from any source, run on a worker as
// the built-in socket receiver is. Define one with StreamingContext::receiverStream.

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "common/codec.h"
#include "runtime/receiver_host.h"

namespace sluice {

// A custom receiver whatever its record type, as the worker drives it (through the ReceiverHost it attaches,
// runtime/receiver_host.h). Users derive from Receiver<T>.
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

// Makes the receiver of a receiverStream. Called on the worker that runs the receiver, in the graph that
// worker rebuilt from the job library, so it must make the same receiver wherever it runs; it may be called
// again when the receiver is placed anew (its worker died).
template <Encodable T>
using ReceiverFactory = std::function<std::unique_ptr<Receiver<T>>()>;

}  // namespace sluice

#endif  // SLUICE_DRIVER_API_RECEIVER_H_
