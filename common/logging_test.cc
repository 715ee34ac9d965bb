#include "common/logging.h"

#include <gtest/gtest.h>

#include <functional>
#include <regex>
#include <string>

namespace sluice {
namespace {

// What `write` printed on stderr.
std::string StderrOf(const std::function<void()>& write) {
  ::testing::internal::CaptureStderr();
  write();
  return ::testing::internal::GetCapturedStderr();
}

// The lines without their leading "YYYY-MM-DD HH:MM:SS.mmm ", which the format test checks once.
std::string Untimed(const std::string& lines) {
  static const std::regex kTime(R"((^|\n)\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{3} )");
  return std::regex_replace(lines, kTime, "$1");
}

// Every test starts, and leaves the next one, at the level a binary has before it applies log.level.
class LoggingTest : public ::testing::Test {
 protected:
  void SetUp() override { SetLogLevel("info"); }
  void TearDown() override { SetLogLevel("info"); }
};

TEST_F(LoggingTest, ALineIsTimeLevelComponentAndMessage) {
  std::string line = StderrOf([] { Logger(LogComponent::kMaster).Info("listening on port {}, {}", 7077, "web UI"); });
  const std::regex expected(
      R"(\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{3} info \[master\] listening on port 7077, web UI\n)");
  EXPECT_TRUE(std::regex_match(line, expected)) << line;
}

TEST_F(LoggingTest, EachComponentHasItsName) {
  std::string lines = StderrOf([] {
    for (LogComponent component : {LogComponent::kMaster, LogComponent::kWorker, LogComponent::kDriver,
                                   LogComponent::kReceiver, LogComponent::kTextServer}) {
      Logger(component).Info("hello");
    }
  });
  EXPECT_EQ(Untimed(lines),
            "info [master] hello\n"
            "info [worker] hello\n"
            "info [driver] hello\n"
            "info [receiver] hello\n"
            "info [text-server] hello\n");
}

TEST_F(LoggingTest, FieldsFollowTheMessageInAFixedOrder) {
  std::string lines = StderrOf([] {
    Logger worker(LogComponent::kWorker);
    worker.ForBatch(2000).ForWorker("worker-1").ForApp("app-1").Warn("task {} failed", 3);
    worker.ForApp("app-2").Info("started");
    worker.ForWorker("worker-2").Info("registered");
    worker.ForBatch(3000).Info("ran");
  });
  EXPECT_EQ(Untimed(lines),
            "warning [worker] task 3 failed [app=app-1 worker=worker-1 batch=2000ms]\n"
            "info [worker] started [app=app-2]\n"
            "info [worker] registered [worker=worker-2]\n"
            "info [worker] ran [batch=3000ms]\n");
}

TEST_F(LoggingTest, AFieldIsAddedToACopy) {
  Logger plain(LogComponent::kDriver);
  Logger for_app = plain.ForApp("app-1");
  std::string lines = StderrOf([&] {
    plain.Info("plain");
    for_app.ForBatch(1000).Info("both");
    for_app.Info("app only");
  });
  EXPECT_EQ(Untimed(lines),
            "info [driver] plain\n"
            "info [driver] both [app=app-1 batch=1000ms]\n"
            "info [driver] app only [app=app-1]\n");
}

TEST_F(LoggingTest, InfoAndAboveUntilALevelIsSet) {
  std::string lines = StderrOf([] {
    Logger log(LogComponent::kWorker);
    log.Debug("debug");
    log.Info("info");
    log.Warn("warn");
    log.Error("error");
  });
  EXPECT_EQ(Untimed(lines),
            "info [worker] info\n"
            "warning [worker] warn\n"
            "error [worker] error\n");
}

TEST_F(LoggingTest, ALevelChosenAtRunTime) {
  std::string lines = StderrOf([] {
    Logger log(LogComponent::kWorker);
    log.Log(LogLevel::kDebug, "could not report {}", "blocks");
    log.Log(LogLevel::kWarn, "could not report {}", "results");
  });
  EXPECT_EQ(Untimed(lines), "warning [worker] could not report results\n");
}

TEST_F(LoggingTest, SetLogLevelChangesExistingAndFutureLoggers) {
  Logger existing(LogComponent::kReceiver);
  std::string lines = StderrOf([&] {
    SetLogLevel("debug");
    existing.Debug("existing at debug");
    Logger(LogComponent::kDriver).Debug("future at debug");
    SetLogLevel("error");
    existing.Warn("existing warn at error");
    Logger(LogComponent::kDriver).Warn("future warn at error");
    existing.Error("existing error at error");
  });
  EXPECT_EQ(Untimed(lines),
            "debug [receiver] existing at debug\n"
            "debug [driver] future at debug\n"
            "error [receiver] existing error at error\n");
}

TEST_F(LoggingTest, TraceLetsDebugThroughAndOffSilencesErrors) {
  std::string lines = StderrOf([] {
    Logger log(LogComponent::kMaster);
    SetLogLevel("trace");
    log.Debug("at trace");
    SetLogLevel("off");
    log.Error("at off");
  });
  EXPECT_EQ(Untimed(lines), "debug [master] at trace\n");
}

// An argument that counts how often it is formatted.
struct Counted {
  int* formatted;
};

}  // namespace
}  // namespace sluice

template <>
struct fmt::formatter<sluice::Counted> : fmt::formatter<int> {
  auto format(const sluice::Counted& counted, fmt::format_context& context) const {
    return fmt::formatter<int>::format(++*counted.formatted, context);
  }
};

namespace sluice {
namespace {

TEST_F(LoggingTest, ALineBelowTheLevelIsNotFormatted) {
  int formatted = 0;
  std::string lines = StderrOf([&] {
    Logger log(LogComponent::kWorker);
    log.Debug("task {} succeeded", Counted{&formatted});
    log.Info("task {} failed", Counted{&formatted});
  });
  EXPECT_EQ(formatted, 1);
  EXPECT_EQ(Untimed(lines), "info [worker] task 1 failed\n");
}

}  // namespace
}  // namespace sluice
