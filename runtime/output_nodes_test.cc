#include "runtime/output_nodes.h"

#include <string>

#include "gtest/gtest.h"

namespace sluice {
namespace {

std::string Encode(const std::vector<int>& values) {
  std::string out;
  for (int value : values) EncodeRecord(value, &out);
  return out;
}

NodeDescription PprintDescription(int num) {
  NodeDescription description;
  description.id = 1;
  description.kind = NodeKind::kOutput;
  description.op = "pprint";
  description.parents = {0};
  description.params["num"] = std::to_string(num);
  return description;
}

TEST(OutputNodesTest, PprintPrintsThroughTheDriverHookInSparksFormat) {
  CollectingOutputNode<int> node(PprintDescription(2));
  ::testing::internal::CaptureStdout();
  EXPECT_TRUE(node.OnDriverResults(Time(3000), Encode({7, 8, 9})));
  EXPECT_TRUE(node.OnDriverResults(Time(4000), ""));
  std::string printed = ::testing::internal::GetCapturedStdout();
  const std::string dashes(43, '-');
  EXPECT_EQ(printed, dashes + "\nTime: 3000 ms\n" + dashes + "\n7\n8\n...\n\n" +  //
                         dashes + "\nTime: 4000 ms\n" + dashes + "\n\n");
}

TEST(OutputNodesTest, PprintReportsCorruptResults) {
  CollectingOutputNode<std::string> node(PprintDescription(10));
  ::testing::internal::CaptureStdout();
  EXPECT_FALSE(node.OnDriverResults(Time(1000), std::string("\x05" "ab", 3)));  // says 5 bytes, has 2
  ::testing::internal::GetCapturedStdout();
}

}  // namespace
}  // namespace sluice
