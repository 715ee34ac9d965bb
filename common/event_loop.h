#ifndef SLUICE_COMMON_EVENT_LOOP_H_
#define SLUICE_COMMON_EVENT_LOOP_H_

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <thread>

namespace sluice {

// One named thread that runs posted closures and timers in order. A daemon's state is owned by its loop:
// RPC threads only post to it, so the state needs no locks of its own.
class EventLoop {
 public:
  using Clock = std::chrono::steady_clock;

  explicit EventLoop(std::string name);
  ~EventLoop();  // Stop()s
  EventLoop(const EventLoop&) = delete;
  EventLoop& operator=(const EventLoop&) = delete;

  void Start();
  // Runs what is already due, then ends the thread and joins it; later posts are dropped. Idempotent.
  void Stop();

  void Post(std::function<void()> task);
  void PostAfter(std::chrono::milliseconds delay, std::function<void()> task);
  void PostAt(Clock::time_point when, std::function<void()> task);

  bool InLoopThread() const { return std::this_thread::get_id() == thread_.get_id(); }

 private:
  void Run();

  const std::string name_;
  std::mutex mu_;
  std::condition_variable wake_;
  std::multimap<Clock::time_point, std::function<void()>> tasks_;  // by due time, FIFO among equals
  bool stopping_ = false;
  bool started_ = false;
  std::thread thread_;
};

}  // namespace sluice

#endif  // SLUICE_COMMON_EVENT_LOOP_H_
