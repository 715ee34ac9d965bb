#ifndef SLUICE_DRIVER_API_ERRORS_H_
#define SLUICE_DRIVER_API_ERRORS_H_

// The exceptions the user-facing API throws, named after Spark's so its users recognise them. They stay inside
// the API: the host that runs a job catches them at its entry point and turns them into a Status.

#include <stdexcept>
#include <string>

namespace sluice {

class SluiceError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The call is not allowed in the context's current state (adding a stream after start, restarting...).
class IllegalStateError : public SluiceError {
 public:
  using SluiceError::SluiceError;
};

// An argument cannot work (a window that is not a multiple of the batch interval...).
class IllegalArgumentError : public SluiceError {
 public:
  using SluiceError::SluiceError;
};

// The running application failed; the message is the cause, as reported by the cluster.
class JobFailedError : public SluiceError {
 public:
  using SluiceError::SluiceError;
};

// Spark's NoSuchElementException: State::get() of a key without state.
class NoSuchElementError : public SluiceError {
 public:
  using SluiceError::SluiceError;
};

// Spark's UnsupportedOperationException: BatchRDD::first() of an empty batch.
class UnsupportedOperationError : public SluiceError {
 public:
  using SluiceError::SluiceError;
};

}  // namespace sluice

#endif  // SLUICE_DRIVER_API_ERRORS_H_
