#ifndef SLUICE_WORKER_TESTING_EVENTUALLY_H_
#define SLUICE_WORKER_TESTING_EVENTUALLY_H_

#include <chrono>
#include <functional>
#include <thread>

namespace sluice::testing {

// Polls `done` until it holds or a generous deadline (10 s, for loaded machines) passes.
inline bool Eventually(const std::function<bool()>& done) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (std::chrono::steady_clock::now() < deadline) {
    if (done()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return done();
}

}  // namespace sluice::testing

#endif  // SLUICE_WORKER_TESTING_EVENTUALLY_H_
