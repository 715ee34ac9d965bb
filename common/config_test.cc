#include "common/config.h"

#include <cstdio>
#include <fstream>
#include <functional>
#include <set>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"

namespace sluice {
namespace {

TEST(ConfigTest, SetsFieldsByName) {
  Config config;
  ASSERT_TRUE(config.Set("master.port", "7100").ok());
  ASSERT_TRUE(config.Set("worker.work_dir", "/x").ok());
  EXPECT_EQ(config.master_port, 7100);
  EXPECT_EQ(config.worker_work_dir, "/x");
  EXPECT_EQ(config.Get("master.port"), "7100");
}

TEST(ConfigTest, RejectsUnknownNamesAndBadNumbers) {
  Config config;
  absl::Status unknown = config.Set("master.prot", "1");
  EXPECT_EQ(unknown.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(unknown.message().find("master.prot"), std::string::npos);
  absl::Status bad = config.Set("master.port", "seventy");
  EXPECT_NE(bad.message().find("seventy"), std::string::npos);
  EXPECT_EQ(config.master_port, 7077);
}

TEST(ConfigTest, AClockIsSystemOrManual) {
  Config config;
  EXPECT_EQ(config.app_clock, "system");
  ASSERT_TRUE(config.Set("app.clock", "manual").ok());
  ASSERT_TRUE(config.Set("app.manual_clock.batches", "3").ok());
  EXPECT_EQ(config.app_clock, "manual");
  EXPECT_EQ(config.manual_clock_batches, 3);
  absl::Status bad = config.Set("app.clock", "sundial");
  EXPECT_EQ(bad.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(bad.message().find("system, manual"), std::string::npos) << bad;
  EXPECT_EQ(config.app_clock, "manual");
}

TEST(ConfigTest, LoadsFileWithCommentsAndReportsLine) {
  std::string path = testing::TempDir() + "/sluice.conf";
  std::ofstream(path) << "# comment\n\nreceiver.block_interval_ms = 50  # fast\nworker.cores=3\n";
  Config config;
  ASSERT_TRUE(config.LoadFile(path).ok());
  EXPECT_EQ(config.block_interval_ms, 50);
  EXPECT_EQ(config.worker_cores, 3);

  std::ofstream(path) << "worker.cores = 2\nnonsense\n";
  absl::Status status = config.LoadFile(path);
  EXPECT_NE(status.message().find(":2:"), std::string::npos) << status;
  EXPECT_FALSE(Config().LoadFile("/nonexistent/file").ok());
}

TEST(ConfigTest, TableDocumentsEverySettingWithDefault) {
  auto table = SettingsTable();
  ASSERT_FALSE(table.empty());
  for (const auto& setting : table) {
    EXPECT_FALSE(setting.meaning.empty()) << setting.name;
    EXPECT_TRUE(Config().Set(setting.name, setting.default_value).ok()) << setting.name;
  }
}

TEST(ConfigTest, TheLogLevelIsOneOfSpdlogsLevels) {
  Config config;
  EXPECT_EQ(config.log_level, "info");
  for (const char* level : {"trace", "debug", "info", "warn", "error", "off"}) {
    ASSERT_TRUE(config.Set("log.level", level).ok()) << level;
    EXPECT_EQ(config.Get("log.level"), level);
  }
  absl::Status bad = config.Set("log.level", "loud");
  EXPECT_EQ(bad.message(), "setting 'log.level' must be one of trace, debug, info, warn, error, off, not 'loud'");
  EXPECT_EQ(config.log_level, "off");
}

// The tunables that were constants: each keeps the old constant as its default, round-trips through Set and Get,
// and refuses a value that is not a whole number, naming itself.
struct TunableCase {
  const char* name;
  int64_t default_value;
  std::function<int64_t(const Config&)> field;
};

TEST(ConfigTest, FormerConstantsAreWholeNumberSettingsWithTheirOldValues) {
  const std::vector<TunableCase> cases = {
      {"master.task_max_attempts", 3, [](const Config& c) { return c.task_max_attempts; }},
      {"master.max_tick_interval_ms", 500, [](const Config& c) { return c.max_tick_interval_ms; }},
      {"rpc.start_receiver_timeout_factor", 3, [](const Config& c) { return c.start_receiver_timeout_factor; }},
      {"worker.register_retry_ms", 1000, [](const Config& c) { return c.register_retry_ms; }},
      {"worker.report_attempts", 4, [](const Config& c) { return c.report_attempts; }},
      {"worker.report_backoff_ms", 200, [](const Config& c) { return c.report_backoff_ms; }},
      {"driver.poll_wait_ms", 1000, [](const Config& c) { return c.poll_wait_ms; }},
      {"driver.max_poll_failures", 10, [](const Config& c) { return c.max_poll_failures; }},
      {"driver.poll_retry_delay_ms", 500, [](const Config& c) { return c.poll_retry_delay_ms; }},
  };
  for (const TunableCase& tunable : cases) {
    Config config;
    EXPECT_EQ(tunable.field(config), tunable.default_value) << tunable.name;
    ASSERT_TRUE(config.Set(tunable.name, "17").ok()) << tunable.name;
    EXPECT_EQ(tunable.field(config), 17) << tunable.name;
    EXPECT_EQ(config.Get(tunable.name), "17") << tunable.name;
    absl::Status bad = config.Set(tunable.name, "often");
    EXPECT_EQ(bad.message(), absl::StrCat("setting '", tunable.name, "' wants a whole number, not 'often'"));
    EXPECT_EQ(tunable.field(config), 17) << tunable.name << " keeps its value after a bad one";
  }
}

// Each meaning is a cell of the README's table, and each name finds one setting.
TEST(ConfigTest, NamesAreUniqueAndMeaningsAreOneTableCell) {
  std::set<std::string> names;
  for (const auto& setting : SettingsTable()) {
    EXPECT_TRUE(names.insert(setting.name).second) << setting.name << " is defined twice";
    EXPECT_EQ(setting.meaning.find_first_of("|\n"), std::string::npos) << setting.name;
  }
}

}  // namespace
}  // namespace sluice
