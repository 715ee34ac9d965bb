#ifndef SLUICE_COMMON_MUTEX_H_
#define SLUICE_COMMON_MUTEX_H_

#include <chrono>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"

#if defined(__SANITIZE_THREAD__)
#include <sanitizer/tsan_interface.h>
#endif

namespace sluice {

// The mutex of Sluice's own code: absl::Mutex, with Clang's thread-safety annotations (ABSL_GUARDED_BY on the
// data it guards), made visible to ThreadSanitizer. Debian's libabsl is not built with -fsanitize=thread, so
// absl::Mutex's lock is an atomic TSAN never sees, and TSAN would report races on every piece of data it guards;
// here each lock and unlock tells TSAN what it did (the annotations absl itself makes when it is built with TSAN).
// They compile to nothing outside TSAN builds.
class ABSL_LOCKABLE Mutex {
 public:
  Mutex() { TsanCreate(); }
  ~Mutex() { TsanDestroy(); }
  Mutex(const Mutex&) = delete;
  Mutex& operator=(const Mutex&) = delete;

  void Lock() ABSL_EXCLUSIVE_LOCK_FUNCTION() {
    TsanPreLock();
    mu_.Lock();
    TsanPostLock();
  }
  void Unlock() ABSL_UNLOCK_FUNCTION() {
    TsanPreUnlock();
    mu_.Unlock();
    TsanPostUnlock();
  }
  // For what the analysis cannot see (a lock held by an object that outlives the scope that took it).
  void AssertHeld() const ABSL_ASSERT_EXCLUSIVE_LOCK() { mu_.AssertHeld(); }

 private:
  friend class CondVar;

#if defined(__SANITIZE_THREAD__)
  void TsanCreate() { __tsan_mutex_create(this, __tsan_mutex_not_static); }
  void TsanDestroy() { __tsan_mutex_destroy(this, __tsan_mutex_not_static); }
  void TsanPreLock() { __tsan_mutex_pre_lock(this, 0); }
  void TsanPostLock() { __tsan_mutex_post_lock(this, 0, 0); }
  void TsanPreUnlock() { __tsan_mutex_pre_unlock(this, 0); }
  void TsanPostUnlock() { __tsan_mutex_post_unlock(this, 0); }
#else
  void TsanCreate() {}
  void TsanDestroy() {}
  void TsanPreLock() {}
  void TsanPostLock() {}
  void TsanPreUnlock() {}
  void TsanPostUnlock() {}
#endif

  absl::Mutex mu_;
};

// Holds a Mutex for its scope.
class ABSL_SCOPED_LOCKABLE MutexLock {
 public:
  explicit MutexLock(Mutex* mu) ABSL_EXCLUSIVE_LOCK_FUNCTION(mu) : mu_(mu) { mu_->Lock(); }
  ~MutexLock() ABSL_UNLOCK_FUNCTION() { mu_->Unlock(); }
  MutexLock(const MutexLock&) = delete;
  MutexLock& operator=(const MutexLock&) = delete;

 private:
  Mutex* const mu_;
};

// A condition variable over a Mutex. Wait releases the mutex while it sleeps and holds it again when it returns,
// inside libabsl, where TSAN cannot see it: each wait tells TSAN of that unlock and relock. Wakeups may be
// spurious, so callers wait in a loop on their own condition, which they evaluate holding the mutex.
class CondVar {
 public:
  CondVar() = default;
  CondVar(const CondVar&) = delete;
  CondVar& operator=(const CondVar&) = delete;

  void Wait(Mutex* mu) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu) {
    mu->TsanPreUnlock();
    mu->TsanPostUnlock();
    cv_.Wait(&mu->mu_);
    mu->TsanPreLock();
    mu->TsanPostLock();
  }
  // True if `timeout` passed without a signal.
  bool WaitWithTimeout(Mutex* mu, absl::Duration timeout) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu) {
    mu->TsanPreUnlock();
    mu->TsanPostUnlock();
    bool timed_out = cv_.WaitWithTimeout(&mu->mu_, timeout);
    mu->TsanPreLock();
    mu->TsanPostLock();
    return timed_out;
  }
  // True if `deadline` (of the monotonic clock, which the system clock's jumps do not move) has passed.
  bool WaitUntil(Mutex* mu, std::chrono::steady_clock::time_point deadline) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu) {
    auto left = deadline - std::chrono::steady_clock::now();
    if (left <= left.zero()) return true;
    WaitWithTimeout(mu, absl::FromChrono(left));
    return std::chrono::steady_clock::now() >= deadline;
  }

  void Signal() { cv_.Signal(); }
  void SignalAll() { cv_.SignalAll(); }

 private:
  absl::CondVar cv_;
};

}  // namespace sluice

#endif  // SLUICE_COMMON_MUTEX_H_
