#ifndef SLUICE_TESTS_INTEGRATION_SUBPROCESS_H_
#define SLUICE_TESTS_INTEGRATION_SUBPROCESS_H_

#include <sys/types.h>

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace sluice::testing {

// A real child process whose stdout and stderr go to files the test reads while it runs.
class Subprocess {
 public:
  Subprocess(std::vector<std::string> argv, const std::string& output_dir, const std::string& name);
  ~Subprocess();  // kills the child if it still runs

  void Signal(int signal);
  // The exit code (or 128 + signal) if it ended within `timeout`.
  std::optional<int> Wait(std::chrono::milliseconds timeout);
  std::string Stdout() const;
  std::string Stderr() const;
  pid_t pid() const { return pid_; }

 private:
  pid_t pid_ = -1;
  std::string stdout_path_;
  std::string stderr_path_;
  std::optional<int> exit_code_;
};

// The path of a file built by Bazel and listed in the test's data.
std::string RunfilePath(const std::string& workspace_relative);

// Waits until `predicate` holds, checking every 50 ms; false if `timeout` passes first.
template <class Predicate>
bool WaitFor(Predicate predicate, std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (predicate()) return true;
    struct timespec pause = {0, 50 * 1000 * 1000};
    nanosleep(&pause, nullptr);
  }
  return predicate();
}

}  // namespace sluice::testing

#endif  // SLUICE_TESTS_INTEGRATION_SUBPROCESS_H_
