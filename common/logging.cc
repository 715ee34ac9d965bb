#include "common/logging.h"

#include <array>
#include <atomic>
#include <memory>

#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

namespace sluice {
namespace {

// The order of LogComponent.
constexpr std::array<const char*, 5> kComponentNames = {"master", "worker", "driver", "receiver", "text-server"};
static_assert(kComponentNames.size() == static_cast<size_t>(LogComponent::kTextServer) + 1);

// Time, level (colored on a terminal), [component], then the message with its fields.
constexpr char kLinePattern[] = "%Y-%m-%d %H:%M:%S.%e %^%l%$ [%n] %v";

// One spdlog logger per component, all writing to one stderr sink.
using ComponentLoggers = std::array<std::shared_ptr<spdlog::logger>, kComponentNames.size()>;

ComponentLoggers* MakeComponentLoggers() {
  auto sink = std::make_shared<spdlog::sinks::stderr_color_sink_mt>();
  sink->set_pattern(kLinePattern);
  auto* loggers = new ComponentLoggers;
  for (size_t i = 0; i < loggers->size(); ++i) {
    (*loggers)[i] = std::make_shared<spdlog::logger>(kComponentNames[i], sink);
    (*loggers)[i]->set_level(spdlog::level::trace);  // the threshold is the facade's, below
  }
  return loggers;
}

// Never destroyed: threads that outlive main (detached, or still stopping) may log while static objects are
// destroyed.
const ComponentLoggers& Loggers() {
  static const ComponentLoggers* loggers = MakeComponentLoggers();
  return *loggers;
}

// The one threshold of every logger, an spdlog::level::level_enum: SetLogLevel changes it for all at once.
std::atomic<int> log_threshold{spdlog::level::info};

spdlog::level::level_enum SpdlogLevel(LogLevel level) {
  switch (level) {
    case LogLevel::kDebug:
      return spdlog::level::debug;
    case LogLevel::kInfo:
      return spdlog::level::info;
    case LogLevel::kWarn:
      return spdlog::level::warn;
    case LogLevel::kError:
      return spdlog::level::err;
  }
  return spdlog::level::err;
}

}  // namespace

void SetLogLevel(const std::string& level) {
  log_threshold.store(spdlog::level::from_str(level), std::memory_order_relaxed);
}

Logger Logger::ForApp(std::string app_id) const {
  Logger copy = *this;
  copy.app_id_ = std::move(app_id);
  return copy;
}

Logger Logger::ForWorker(std::string worker_id) const {
  Logger copy = *this;
  copy.worker_id_ = std::move(worker_id);
  return copy;
}

Logger Logger::ForBatch(int64_t batch_ms) const {
  Logger copy = *this;
  copy.batch_ms_ = batch_ms;
  return copy;
}

void Logger::LogFormatted(LogLevel level, fmt::string_view format, fmt::format_args args) const {
  spdlog::level::level_enum spdlog_level = SpdlogLevel(level);
  if (spdlog_level < log_threshold.load(std::memory_order_relaxed)) return;
  std::string line = fmt::vformat(format, args);
  line += RenderedFields();
  Loggers()[static_cast<size_t>(component_)]->log(spdlog_level, spdlog::string_view_t(line.data(), line.size()));
}

std::string Logger::RenderedFields() const {
  std::string fields;
  auto add = [&fields](std::string_view field) {
    fields += fields.empty() ? " [" : " ";
    fields += field;
  };
  if (app_id_) add("app=" + *app_id_);
  if (worker_id_) add("worker=" + *worker_id_);
  if (batch_ms_) add(fmt::format("batch={}ms", *batch_ms_));
  if (!fields.empty()) fields += "]";
  return fields;
}

}  // namespace sluice
