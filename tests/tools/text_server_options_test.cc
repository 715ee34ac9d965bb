#include "tests/tools/text_server_options.h"

#include <gtest/gtest.h>

namespace sluice::tools {
namespace {

TEST(ParseTextServerOptionsTest, ParsesEveryFlag) {
  auto options = ParseTextServerOptions({"--port", "0", "--host", "0.0.0.0", "--lines", "a b,c d",
                                         "--lines-per-second", "20", "--repeat", "0", "--port-file", "/tmp/p",
                                         "--exit-when-done"});
  ASSERT_TRUE(options.ok()) << options.status();
  EXPECT_EQ(options->port, 0);
  EXPECT_EQ(options->host, "0.0.0.0");
  EXPECT_TRUE(options->has_lines_flag);
  EXPECT_EQ(options->lines_flag, "a b,c d");
  EXPECT_DOUBLE_EQ(options->lines_per_second, 20);
  EXPECT_EQ(options->repeat, 0);
  EXPECT_EQ(options->port_file, "/tmp/p");
  EXPECT_TRUE(options->exit_when_done);
}

TEST(ParseTextServerOptionsTest, Defaults) {
  auto options = ParseTextServerOptions({"--port", "9999", "--file", "text.txt"});
  ASSERT_TRUE(options.ok()) << options.status();
  EXPECT_EQ(options->host, "127.0.0.1");
  EXPECT_EQ(options->file, "text.txt");
  EXPECT_FALSE(options->has_lines_flag);
  EXPECT_EQ(options->repeat, 1);
  EXPECT_DOUBLE_EQ(options->lines_per_second, 0);
  EXPECT_FALSE(options->exit_when_done);
}

TEST(ParseTextServerOptionsTest, RejectsBadCommandLines) {
  const std::vector<std::vector<std::string>> bad = {
      {"--lines", "a"},                                     // no --port
      {"--port", "70000", "--lines", "a"},                  // port out of range
      {"--port", "0"},                                      // no text
      {"--port", "0", "--lines", "a", "--file", "f"},       // both texts
      {"--port", "0", "--lines", "a", "--repeat", "-1"},
      {"--port", "0", "--lines", "a", "--lines-per-second", "-3"},
      {"--port", "0", "--lines", "a", "--bogus"},
      {"--port", "x", "--lines", "a"},
  };
  for (const auto& args : bad) {
    auto options = ParseTextServerOptions(args);
    EXPECT_EQ(options.status().code(), absl::StatusCode::kInvalidArgument) << args.back();
  }
}

TEST(ParseTextServerOptionsTest, HelpNeedsNoOtherFlags) {
  auto options = ParseTextServerOptions({"--help"});
  ASSERT_TRUE(options.ok());
  EXPECT_TRUE(options->help);
  EXPECT_NE(TextServerUsage().find("--lines-per-second"), std::string::npos);
}

}  // namespace
}  // namespace sluice::tools
