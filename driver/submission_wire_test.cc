// The submission from the driver's types to the master's, through the wire: queueStream items (absent ones
// included) and the clock arrive as the driver sent them.
#include "driver/submission_wire.h"

#include "gtest/gtest.h"
#include "master/application_wire.h"

namespace sluice {
namespace {

TEST(SubmissionWireTest, QueueItemsAndTheClockReachTheMaster) {
  Submission submission;
  submission.name = "queue";
  submission.graph.batch_ms = 1000;
  submission.graph.nodes.push_back({0, NodeKind::kQueueSource, "queueStream", {}, {{"items", "3"}}, 0, "i"});
  submission.library_hash = "h";
  submission.args = {"a"};
  submission.default_parallelism = 2;
  submission.queue_sources.push_back(
      {0, {std::vector<EncodedPartition>{{"\x02", 1}, {"\x04\x06", 2}}, std::nullopt, std::vector<EncodedPartition>{}}});
  submission.manual_clock = true;
  submission.manual_clock_batches = 4;

  proto::SubmitApplicationRequest request;
  SubmissionToProto(submission, &request);
  ApplicationSpec spec = ApplicationSpecFromProto(request);

  EXPECT_EQ(spec.name, "queue");
  EXPECT_EQ(spec.graph, submission.graph);
  EXPECT_EQ(spec.library_hash, "h");
  EXPECT_EQ(spec.args, std::vector<std::string>{"a"});
  EXPECT_EQ(spec.default_parallelism, 2);
  EXPECT_TRUE(spec.clock.manual);
  EXPECT_EQ(spec.clock.manual_batches, 4);
  ASSERT_EQ(spec.queue_data.size(), 1u);
  const std::vector<QueuedDataSet>& items = spec.queue_data.at(0);
  ASSERT_EQ(items.size(), 3u);
  ASSERT_TRUE(items[0].has_value());
  ASSERT_EQ(items[0]->size(), 2u);
  EXPECT_EQ((*items[0])[1].records, "\x04\x06");
  EXPECT_EQ((*items[0])[1].count, 2);
  EXPECT_FALSE(items[1].has_value()) << "an absent item stays absent";
  ASSERT_TRUE(items[2].has_value()) << "an empty item stays an empty data set";
  EXPECT_TRUE(items[2]->empty());
}

TEST(SubmissionWireTest, TheSystemClockIsTheDefault) {
  proto::SubmitApplicationRequest request;
  SubmissionToProto(Submission{}, &request);
  EXPECT_FALSE(ApplicationSpecFromProto(request).clock.manual);
}

}  // namespace
}  // namespace sluice
