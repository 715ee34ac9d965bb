#include "common/command_line.h"

#include <cstdint>

#include "absl/flags/flag.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

ABSL_FLAG(int, webui_port, 8080, "A number.");
ABSL_FLAG(std::string, work_dir, "", "A text.");
ABSL_FLAG(bool, verbose, false, "A switch.");
ABSL_FLAG(sluice::ConfSettings, conf, {}, "Repeatable settings.");

namespace sluice {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

class CommandLineTest : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::SetFlag(&FLAGS_webui_port, 8080);
    absl::SetFlag(&FLAGS_work_dir, "");
    absl::SetFlag(&FLAGS_verbose, false);
  }

  absl::StatusOr<CommandLine> Parse(std::vector<std::string> args, bool stop_at_first_positional = false) {
    args.insert(args.begin(), "program");
    std::vector<char*> argv;
    for (std::string& arg : args) argv.push_back(arg.data());
    return ParseCommandLine(static_cast<int>(argv.size()), argv.data(), stop_at_first_positional);
  }
};

TEST_F(CommandLineTest, DashesAndUnderscoresNameTheSameFlag) {
  ASSERT_TRUE(Parse({"--webui-port=9090", "--work_dir", "/tmp/x"}).ok());
  EXPECT_EQ(absl::GetFlag(FLAGS_webui_port), 9090);
  EXPECT_EQ(absl::GetFlag(FLAGS_work_dir), "/tmp/x");
  ASSERT_TRUE(Parse({"--webui_port", "-1", "--work-dir=/y"}).ok());
  EXPECT_EQ(absl::GetFlag(FLAGS_webui_port), -1);
  EXPECT_EQ(absl::GetFlag(FLAGS_work_dir), "/y");
}

TEST_F(CommandLineTest, BooleansTakeNoValueOrAnExplicitOne) {
  ASSERT_TRUE(Parse({"--verbose", "positional"}).ok());
  EXPECT_TRUE(absl::GetFlag(FLAGS_verbose));
  ASSERT_TRUE(Parse({"--noverbose"}).ok());
  EXPECT_FALSE(absl::GetFlag(FLAGS_verbose));
  ASSERT_TRUE(Parse({"--verbose=true"}).ok());
  EXPECT_TRUE(absl::GetFlag(FLAGS_verbose));
}

TEST_F(CommandLineTest, PositionalArgumentsAreKeptInOrder) {
  auto parsed = Parse({"a", "--webui-port=1", "b", "--", "--webui-port=2"});
  ASSERT_TRUE(parsed.ok());
  EXPECT_THAT(parsed->positional, ElementsAre("a", "b", "--webui-port=2"));
  EXPECT_EQ(absl::GetFlag(FLAGS_webui_port), 1);
}

TEST_F(CommandLineTest, StoppingAtTheFirstPositionalLeavesTheRestToTheJob) {
  auto parsed = Parse({"--webui-port", "5", "job.so", "--webui-port=6", "--unknown"}, true);
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_THAT(parsed->positional, ElementsAre("job.so", "--webui-port=6", "--unknown"));
  EXPECT_EQ(absl::GetFlag(FLAGS_webui_port), 5);
}

TEST_F(CommandLineTest, UnknownFlagIsAnErrorNamingIt) {
  auto parsed = Parse({"--no-such-flag=3"});
  ASSERT_FALSE(parsed.ok());
  EXPECT_THAT(std::string(parsed.status().message()), HasSubstr("unknown flag --no-such-flag=3"));
  EXPECT_FALSE(Parse({"--nowebui_port"}).ok()) << "only booleans have a no- form";
}

TEST_F(CommandLineTest, BadOrMissingValueIsAnErrorNamingTheFlag) {
  auto bad = Parse({"--webui-port=abc"});
  ASSERT_FALSE(bad.ok());
  EXPECT_THAT(std::string(bad.status().message()), HasSubstr("bad value 'abc' for flag --webui_port"));
  auto missing = Parse({"--work-dir"});
  ASSERT_FALSE(missing.ok());
  EXPECT_THAT(std::string(missing.status().message()), HasSubstr("flag --work_dir needs a value"));
}

TEST_F(CommandLineTest, HelpIsNoticed) {
  auto parsed = Parse({"--help"});
  ASSERT_TRUE(parsed.ok());
  EXPECT_TRUE(parsed->help_requested);
  EXPECT_THAT(UsageText(__FILE__), HasSubstr("--webui-port  A number."));
}

TEST_F(CommandLineTest, HelpSettingsIsNoticedInEitherSpellingAndListedInTheUsage) {
  auto dashed = Parse({"--help-settings"});
  ASSERT_TRUE(dashed.ok()) << dashed.status();
  EXPECT_TRUE(dashed->help_settings_requested);
  EXPECT_FALSE(dashed->help_requested);
  auto underscored = Parse({"--help_settings", "job.so"}, true);
  ASSERT_TRUE(underscored.ok()) << underscored.status();
  EXPECT_TRUE(underscored->help_settings_requested);
  EXPECT_FALSE(Parse({"--webui-port=1"})->help_settings_requested);
  EXPECT_FALSE(Parse({"--help-settings=yes"}).ok()) << "it takes no value";
  EXPECT_THAT(UsageText(__FILE__), HasSubstr("--help-settings  Every setting"));
}

TEST_F(CommandLineTest, ConfIsRepeatableAndChecksItsForm) {
  ASSERT_TRUE(Parse({"--conf", "a.b=1", "--conf=c.d=2"}).ok());
  EXPECT_THAT(absl::GetFlag(FLAGS_conf).name_equals_value, ElementsAre("a.b=1", "c.d=2"));
  auto bad = Parse({"--conf", "novalue"});
  ASSERT_FALSE(bad.ok());
  EXPECT_THAT(std::string(bad.status().message()),
              HasSubstr("bad value 'novalue' for flag --conf: expected name=value, got 'novalue'"));
}

}  // namespace
}  // namespace sluice
