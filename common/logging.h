#ifndef SLUICE_COMMON_LOGGING_H_
#define SLUICE_COMMON_LOGGING_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <fmt/format.h>

namespace sluice {

// The parts of Sluice that log. Each line names its component in brackets ("[worker]"), which is what the
// integration tests, and anyone reading a daemon's stderr, look for.
enum class LogComponent {
  kMaster,      // [master]
  kWorker,      // [worker]
  kDriver,      // [driver]
  kReceiver,    // [receiver]
  kTextServer,  // [text-server], the test tool
};

enum class LogLevel { kDebug, kInfo, kWarn, kError };

// Sets the threshold of every logger, present and future: "trace", "debug", "info", "warn", "error" or "off"
// (the setting log.level, which each binary applies at startup; until then, info). Trace lets debug lines
// through: no line is below debug.
void SetLogLevel(const std::string& level);

// What components log through. A line on stderr is
//
//   2024-05-01 12:00:00.123 warning [master] <message> [app=app-20240501115900-0000 worker=w-1 batch=2000ms]
//
// where the bracketed fields at the end are those set with ForApp, ForWorker and ForBatch, always in that order,
// their values as given; without fields the line ends with the message. Fields go after the message so that a
// search for a message's text, or for "[component]", finds the line either way. The message is formatted by fmt
// ("{}" placeholders, checked at compile time), and only when its level is let through.
//
// A Logger is a small value: make one where a line is written, or keep one that carries the fields of what the
// code works on.
class Logger {
 public:
  explicit Logger(LogComponent component) : component_(component) {}

  // Copies whose lines also carry the application, the worker or the batch (its time in ms).
  Logger ForApp(std::string app_id) const;
  Logger ForWorker(std::string worker_id) const;
  Logger ForBatch(int64_t batch_ms) const;

  template <typename... Args>
  void Debug(fmt::format_string<Args...> format, Args&&... args) const {
    LogFormatted(LogLevel::kDebug, format, fmt::make_format_args(args...));
  }
  template <typename... Args>
  void Info(fmt::format_string<Args...> format, Args&&... args) const {
    LogFormatted(LogLevel::kInfo, format, fmt::make_format_args(args...));
  }
  template <typename... Args>
  void Warn(fmt::format_string<Args...> format, Args&&... args) const {
    LogFormatted(LogLevel::kWarn, format, fmt::make_format_args(args...));
  }
  template <typename... Args>
  void Error(fmt::format_string<Args...> format, Args&&... args) const {
    LogFormatted(LogLevel::kError, format, fmt::make_format_args(args...));
  }

  // For a level chosen at run time.
  template <typename... Args>
  void Log(LogLevel level, fmt::format_string<Args...> format, Args&&... args) const {
    LogFormatted(level, format, fmt::make_format_args(args...));
  }

 private:
  // The arguments are formatted here, and only if the level is let through: a debug line per task costs next to
  // nothing while debug is off.
  void LogFormatted(LogLevel level, fmt::string_view format, fmt::format_args args) const;
  std::string RenderedFields() const;

  LogComponent component_;
  std::optional<std::string> app_id_;
  std::optional<std::string> worker_id_;
  std::optional<int64_t> batch_ms_;
};

}  // namespace sluice

#endif  // SLUICE_COMMON_LOGGING_H_
