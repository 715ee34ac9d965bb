// The incremental window's node as a worker runs it: the previous result, minus (inverse) the reduced batches
// that left the window, plus those that entered, then the filter.
#include <gtest/gtest.h>

#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "runtime/pipeline_test_util.h"

namespace sluice {
namespace {

using testing::CollectingSink;
using testing::MemoryShuffleInput;
using Count = std::pair<std::string, int>;

std::string Encoded(const std::vector<Count>& records) {
  std::string out;
  for (const Count& record : records) EncodeRecord(record, &out);
  return out;
}

ReducedWindowNode<std::string, int> SumWindow(std::function<bool(const Count&)> filter = nullptr) {
  NodeDescription description;
  description.op = "reducedWindow";
  return ReducedWindowNode<std::string, int>(
      description, [](int&& a, int&& b) { return a + b; }, [](int&& a, int&& b) { return a - b; }, std::move(filter));
}

std::vector<Count> RunDelta(const ReducedWindowNode<std::string, int>& node, std::vector<std::string> previous,
                            std::vector<std::string> added, std::vector<std::string> removed) {
  MemoryShuffleInput previous_in(std::move(previous));
  MemoryShuffleInput added_in(std::move(added));
  MemoryShuffleInput removed_in(std::move(removed));
  CollectingSink<Count> out;
  EXPECT_TRUE(node.ReadWindowDelta(previous_in, added_in, removed_in, out));
  EXPECT_EQ(out.finishes, 1);
  return std::move(out.records);
}

TEST(ReducedWindowNodeTest, TakesOutWhatLeftAndAddsWhatEnteredKeepingKeysAtTheIdentity) {
  std::vector<Count> out =
      RunDelta(SumWindow(), {Encoded({{"a", 5}, {"b", 2}})}, {Encoded({{"a", 1}}), Encoded({{"c", 4}, {"a", 2}})},
               {Encoded({{"a", 1}, {"b", 2}})});
  EXPECT_EQ(out, (std::vector<Count>{{"a", 7}, {"b", 0}, {"c", 4}}));
}

TEST(ReducedWindowNodeTest, TheFilterDropsKeys) {
  std::vector<Count> out = RunDelta(SumWindow([](const Count& c) { return c.second != 0; }),
                                    {Encoded({{"a", 5}, {"b", 2}})}, {}, {Encoded({{"b", 2}})});
  EXPECT_EQ(out, (std::vector<Count>{{"a", 5}}));
}

TEST(ReducedWindowNodeTest, AKeyOnlyLeavingFailsAsInSpark) {
  MemoryShuffleInput previous({});
  MemoryShuffleInput added({});
  MemoryShuffleInput removed({Encoded({{"x", 1}})});
  CollectingSink<Count> out;
  try {
    SumWindow().ReadWindowDelta(previous, added, removed, out);
    ADD_FAILURE() << "a key with neither a previous value nor new values was accepted";
  } catch (const std::runtime_error& error) {
    EXPECT_STREQ(error.what(),
                 "Neither previous window has value for key, nor new values found. Are you sure your key class "
                 "hashes consistently?");
  }
}

}  // namespace
}  // namespace sluice
