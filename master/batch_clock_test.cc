#include "master/batch_clock.h"

#include "gtest/gtest.h"

namespace sluice {
namespace {

GraphDescription QueueToOutput() {
  GraphDescription graph;
  graph.batch_ms = 1000;
  graph.nodes.push_back({0, NodeKind::kQueueSource, "queueStream", {}, {}, 0, ""});
  graph.nodes.push_back({1, NodeKind::kOutput, "pprint", {0}, {}, 0, ""});
  return graph;
}

TEST(BatchClockTest, SystemClockStartsAtTheNextMultipleOfTheInterval) {
  BatchClockSpec system;
  EXPECT_EQ(FirstBatchMs(system, 1000, 123456), 124000);
  EXPECT_EQ(FirstBatchMs(system, 1000, 124000), 125000);
  EXPECT_FALSE(IsLastBatch(system, 1000, 1000000));
}

TEST(BatchClockTest, ManualClockRunsIntervalOneToN) {
  BatchClockSpec manual{.manual = true, .manual_batches = 3};
  EXPECT_EQ(FirstBatchMs(manual, 1000, 123456), 1000);  // time 0 never holds a batch
  EXPECT_FALSE(IsLastBatch(manual, 1000, 1000));
  EXPECT_FALSE(IsLastBatch(manual, 1000, 2000));
  EXPECT_TRUE(IsLastBatch(manual, 1000, 3000));
  EXPECT_EQ(FirstBatchMs(manual, 500, 0), 500);
  EXPECT_TRUE(IsLastBatch(manual, 500, 1500));
}

TEST(BatchClockTest, ManualClockRefusesReceiversFileStreamsAndNoBatches) {
  EXPECT_TRUE(CheckClock(BatchClockSpec{}, QueueToOutput()).ok());
  EXPECT_TRUE(CheckClock(BatchClockSpec{true, 2}, QueueToOutput()).ok());

  absl::Status none = CheckClock(BatchClockSpec{true, 0}, QueueToOutput());
  EXPECT_EQ(none.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(none.message().find("app.manual_clock.batches"), absl::string_view::npos) << none;

  GraphDescription socket = QueueToOutput();
  socket.nodes.push_back({2, NodeKind::kReceiverSource, "socketTextStream", {}, {}, 0, ""});
  absl::Status refused = CheckClock(BatchClockSpec{true, 2}, socket);
  EXPECT_EQ(refused.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(refused.message().find("socketTextStream (node 2) cannot run under app.clock=manual"),
            absl::string_view::npos)
      << refused;
  EXPECT_TRUE(CheckClock(BatchClockSpec{}, socket).ok());

  GraphDescription files = QueueToOutput();
  files.nodes.push_back({2, NodeKind::kFileSource, "textFileStream", {}, {}, 0, ""});
  EXPECT_FALSE(CheckClock(BatchClockSpec{true, 2}, files).ok());
}

}  // namespace
}  // namespace sluice
