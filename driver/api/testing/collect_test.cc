#include "driver/api/testing/collect.h"

#include <string>

#include "gtest/gtest.h"
#include "runtime/source_nodes.h"

namespace sluice {
namespace {

std::string Encode(const std::vector<int>& values) {
  std::string out;
  for (int value : values) EncodeRecord(value, &out);
  return out;
}

class CollectTest : public ::testing::Test {
 protected:
  CollectTest() {
    NodeDescription source;
    source.id = 0;
    source.kind = NodeKind::kQueueSource;
    source.op = "queueStream";
    builder_->Add(std::make_unique<QueueSourceNode<int>>(source, std::vector<EncodedQueueItem>{}));
    store_ = CollectBatches(DStream<int>(builder_, 0));
    graph_ = builder_->Build();
  }

  std::shared_ptr<GraphBuilder> builder_ = std::make_shared<GraphBuilder>(Seconds(1));
  std::shared_ptr<CollectedBatches<int>> store_;
  std::shared_ptr<const JobGraph> graph_;
};

TEST_F(CollectTest, AddsAnOutputWithoutARecordLimit) {
  ASSERT_EQ(graph_->size(), 2);
  const NodeDescription& output = graph_->node(1).description();
  EXPECT_EQ(output.kind, NodeKind::kOutput);
  EXPECT_EQ(output.parents, std::vector<int32_t>{0});
  EXPECT_EQ(output.params.count("num"), 0u) << "the planner would limit the records returned";
}

TEST_F(CollectTest, KeepsEveryBatchInOrderEmptyOnesToo) {
  const Node& output = graph_->node(1);
  EXPECT_TRUE(output.OnDriverResults(Time(1000), Encode({1, 2, 3, 4})));
  EXPECT_TRUE(output.OnDriverResults(Time(2000), ""));
  EXPECT_TRUE(output.OnDriverResults(Time(3000), Encode({5})));
  EXPECT_EQ(store_->records(), (std::vector<std::vector<int>>{{1, 2, 3, 4}, {}, {5}}));
  EXPECT_EQ(store_->times(), (std::vector<Time>{Time(1000), Time(2000), Time(3000)}));
  EXPECT_EQ(store_->size(), 3u);
}

TEST_F(CollectTest, RefusesCorruptResultsWithoutRecordingThem) {
  EXPECT_FALSE(graph_->node(1).OnDriverResults(Time(1000), std::string("\x80", 1)));  // an unfinished varint
  EXPECT_EQ(store_->size(), 0u);
}

}  // namespace
}  // namespace sluice
