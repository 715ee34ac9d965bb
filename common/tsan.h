#ifndef SLUICE_COMMON_TSAN_H_
#define SLUICE_COMMON_TSAN_H_

// ThreadSanitizer sees the synchronization of code built with -fsanitize=thread and of the pthread and libc calls
// it intercepts. Debian's gRPC and Abseil are built without it, so the order gRPC guarantees between a reactor's
// start (on the thread that built it) and its callbacks (on gRPC's threads) is invisible to it, and every such
// hand-off would be reported as a race. A reactor states that order with these calls, at the points where gRPC's
// documented contract provides it; they compile to nothing outside TSAN builds. Use them only for an order gRPC
// guarantees, never to quiet a report about our own threads.

#if defined(__SANITIZE_THREAD__)
extern "C" void __tsan_acquire(void* addr);
extern "C" void __tsan_release(void* addr);
#endif

namespace sluice {

// Before handing `object` to gRPC (starting an operation whose callback will run on a gRPC thread).
inline void HandOffToGrpc([[maybe_unused]] const void* object) {
#if defined(__SANITIZE_THREAD__)
  __tsan_release(const_cast<void*>(object));
#endif
}

// At the start of a gRPC callback on `object`: everything before the matching HandOffToGrpc happened before.
inline void TakeBackFromGrpc([[maybe_unused]] const void* object) {
#if defined(__SANITIZE_THREAD__)
  __tsan_acquire(const_cast<void*>(object));
#endif
}

// Declared first in every handler of a gRPC service: what the handler read of the service (its vtable, its
// members) is handed over to the thread whose grpc::Server::Wait() returns once every handler has ended, which
// then destroys the service (after TakeBackFromGrpc on it).
class GrpcHandlerScope {
 public:
  explicit GrpcHandlerScope(const void* service) : service_(service) {}
  ~GrpcHandlerScope() { HandOffToGrpc(service_); }
  GrpcHandlerScope(const GrpcHandlerScope&) = delete;
  GrpcHandlerScope& operator=(const GrpcHandlerScope&) = delete;

 private:
  const void* service_;
};

}  // namespace sluice

#endif  // SLUICE_COMMON_TSAN_H_
