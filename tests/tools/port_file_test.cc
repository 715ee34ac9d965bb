#include "tests/tools/port_file.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace sluice::tools {
namespace {

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream contents;
  contents << in.rdbuf();
  return contents.str();
}

TEST(WritePortFileTest, WritesThePortAndLeavesNoTemporaryBehind) {
  const std::string dir = testing::TempDir() + "/port_file_test_dir";
  std::filesystem::create_directories(dir);
  const std::string path = dir + "/port";
  ASSERT_TRUE(WritePortFile(path, 41234).ok());
  EXPECT_EQ(ReadFile(path), "41234\n");
  ASSERT_TRUE(WritePortFile(path, 7).ok());
  EXPECT_EQ(ReadFile(path), "7\n");
  int files = 0;
  for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator(dir)) ++files;
  EXPECT_EQ(files, 1);
}

TEST(WritePortFileTest, UnwritableDirectoryIsAnError) {
  EXPECT_FALSE(WritePortFile(testing::TempDir() + "/no/such/dir/port", 1).ok());
}

}  // namespace
}  // namespace sluice::tools
