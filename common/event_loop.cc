#include "common/event_loop.h"

#include <pthread.h>

namespace sluice {

EventLoop::EventLoop(std::string name) : name_(std::move(name)) {}

EventLoop::~EventLoop() { Stop(); }

void EventLoop::Start() {
  std::lock_guard<std::mutex> lock(mu_);
  if (started_) return;
  started_ = true;
  thread_ = std::thread([this] {
    pthread_setname_np(pthread_self(), name_.substr(0, 15).c_str());
    Run();
  });
}

void EventLoop::Stop() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (stopping_) return;
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void EventLoop::Post(std::function<void()> task) { PostAt(Clock::now(), std::move(task)); }

void EventLoop::PostAfter(std::chrono::milliseconds delay, std::function<void()> task) {
  PostAt(Clock::now() + delay, std::move(task));
}

void EventLoop::PostAt(Clock::time_point when, std::function<void()> task) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (stopping_) return;
    tasks_.emplace(when, std::move(task));
  }
  wake_.notify_one();
}

void EventLoop::Run() {
  std::unique_lock<std::mutex> lock(mu_);
  while (true) {
    if (tasks_.empty()) {
      if (stopping_) return;
      wake_.wait(lock);
      continue;
    }
    auto due = tasks_.begin()->first;
    if (due > Clock::now()) {
      if (stopping_) return;  // future timers die with the loop
      wake_.wait_until(lock, due);
      continue;
    }
    std::function<void()> task = std::move(tasks_.begin()->second);
    tasks_.erase(tasks_.begin());
    lock.unlock();
    task();
    lock.lock();
  }
}

}  // namespace sluice
