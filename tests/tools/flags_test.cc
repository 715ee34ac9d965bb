#include "tests/tools/flags.h"

#include <gtest/gtest.h>

namespace sluice::tools {
namespace {

struct Parsed {
  std::string name = "default";
  int64_t count = 7;
  double rate = 0.5;
  bool verbose = false;
};

absl::Status ParseInto(Parsed& parsed, FlagSet& flags, const std::vector<std::string>& args) {
  flags.AddString("name", &parsed.name, "a name");
  flags.AddInt("count", &parsed.count, "a count");
  flags.AddDouble("rate", &parsed.rate, "a rate");
  flags.AddBool("verbose", &parsed.verbose, "chatty");
  return flags.Parse(args);
}

TEST(FlagSetTest, KeepsDefaultsWhenAbsent) {
  Parsed parsed;
  FlagSet flags("tool");
  ASSERT_TRUE(ParseInto(parsed, flags, {}).ok());
  EXPECT_EQ(parsed.name, "default");
  EXPECT_EQ(parsed.count, 7);
  EXPECT_FALSE(flags.WasSet("count"));
}

TEST(FlagSetTest, ParsesSeparateAndInlineValues) {
  Parsed parsed;
  FlagSet flags("tool");
  ASSERT_TRUE(ParseInto(parsed, flags, {"--name", "a b", "--count=42", "--rate", "2.5", "--verbose"}).ok());
  EXPECT_EQ(parsed.name, "a b");
  EXPECT_EQ(parsed.count, 42);
  EXPECT_DOUBLE_EQ(parsed.rate, 2.5);
  EXPECT_TRUE(parsed.verbose);
  EXPECT_TRUE(flags.WasSet("count"));
}

TEST(FlagSetTest, BoolTakesAnInlineValue) {
  Parsed parsed;
  parsed.verbose = true;
  FlagSet flags("tool");
  ASSERT_TRUE(ParseInto(parsed, flags, {"--verbose=false"}).ok());
  EXPECT_FALSE(parsed.verbose);
}

TEST(FlagSetTest, RejectsUnknownFlagsMissingValuesBadNumbersAndPositionals) {
  for (const std::vector<std::string>& args : std::vector<std::vector<std::string>>{
           {"--nope", "1"}, {"--count"}, {"--count", "many"}, {"--rate=fast"}, {"stray"}, {"--"}}) {
    Parsed parsed;
    FlagSet flags("tool");
    absl::Status status = ParseInto(parsed, flags, args);
    EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << args[0];
    EXPECT_FALSE(status.message().empty());
  }
}

TEST(FlagSetTest, HelpIsRequestedNotAnError) {
  Parsed parsed;
  FlagSet flags("tool --name N");
  ASSERT_TRUE(ParseInto(parsed, flags, {"--help"}).ok());
  EXPECT_TRUE(flags.help_requested());
  EXPECT_NE(flags.Usage().find("usage: tool --name N"), std::string::npos);
  EXPECT_NE(flags.Usage().find("--count  a count"), std::string::npos);
}

}  // namespace
}  // namespace sluice::tools
