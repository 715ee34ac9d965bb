#include "master/checkpoint_schedule.h"

#include "gtest/gtest.h"

namespace sluice {
namespace {

GraphDescription GraphWith(const std::string& op, int64_t batch_ms, int64_t slide_ms = 0) {
  GraphDescription graph;
  graph.batch_ms = batch_ms;
  NodeDescription node;
  node.op = op;
  node.slide_ms = slide_ms;
  graph.nodes.push_back(node);
  return graph;
}

const CheckpointSpec kDefaults{.dir = "/tmp/ck"};

TEST(CheckpointScheduleTest, SparksDefaultIsTheSmallestMultipleOfTheSlideOfAtLeastTenSeconds) {
  GraphDescription graph = GraphWith("updateStateByKey", 3000);
  EXPECT_EQ(CheckpointIntervalMs(graph, graph.node(0), kDefaults), 12000);
  graph = GraphWith("reducedWindow", 1000, 4000);
  EXPECT_EQ(CheckpointIntervalMs(graph, graph.node(0), kDefaults), 12000);
  graph = GraphWith("updateStateByKey", 20000);
  EXPECT_EQ(CheckpointIntervalMs(graph, graph.node(0), kDefaults), 20000);
}

TEST(CheckpointScheduleTest, MapWithStateDefaultsToTenSlides) {
  GraphDescription graph = GraphWith("mapWithState", 500);
  EXPECT_EQ(CheckpointIntervalMs(graph, graph.node(0), kDefaults), 5000);
}

TEST(CheckpointScheduleTest, AnIntervalSettingIsRoundedUpToTheSlide) {
  GraphDescription graph = GraphWith("updateStateByKey", 1000);
  EXPECT_EQ(CheckpointIntervalMs(graph, graph.node(0), CheckpointSpec{.dir = "d", .interval_ms = 2500}), 3000);
}

TEST(CheckpointScheduleTest, OnlySelfDependentNodesAtMultiplesOfTheIntervalSinceTheZeroTime) {
  GraphDescription graph = GraphWith("updateStateByKey", 1000);
  const CheckpointSpec every_two{.dir = "d", .interval_ms = 2000};
  const int64_t zero = 500;
  EXPECT_FALSE(IsCheckpointTime(graph, graph.node(0), every_two, zero, 1500));
  EXPECT_TRUE(IsCheckpointTime(graph, graph.node(0), every_two, zero, 2500));
  EXPECT_TRUE(IsCheckpointTime(graph, graph.node(0), every_two, zero, 4500));
  EXPECT_FALSE(IsCheckpointTime(graph, graph.node(0), CheckpointSpec{.interval_ms = 2000}, zero, 2500))
      << "no directory, no checkpoints";
  GraphDescription plain = GraphWith("reduceByKey", 1000);
  EXPECT_FALSE(IsCheckpointTime(plain, plain.node(0), every_two, zero, 2500));
}

}  // namespace
}  // namespace sluice
