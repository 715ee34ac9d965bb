#ifndef SLUICE_WORKER_RECEIVER_RECEIVER_LISTENER_H_
#define SLUICE_WORKER_RECEIVER_RECEIVER_LISTENER_H_

#include <string>

namespace sluice {

// A receiver's events, which the worker reports to the master; called from the receiver's threads.
class ReceiverListener {
 public:
  virtual ~ReceiverListener() = default;
  virtual void OnReceiverStarted(const std::string& message) = 0;  // connected, or onStart returned
  virtual void OnReceiverError(const std::string& message) = 0;    // recoverable: restarting, or dropped a line
  virtual void OnReceiverFailed(const std::string& message) = 0;   // gave up; the application must fail
};

}  // namespace sluice

#endif  // SLUICE_WORKER_RECEIVER_RECEIVER_LISTENER_H_
