#include "worker/wire.h"

#include <gtest/gtest.h>

namespace sluice {
namespace {

proto::TaskSpec MapTask() {
  proto::TaskSpec spec;
  spec.set_app_id("app-1");
  spec.set_batch_ms(2000);
  spec.set_stage_id(1);
  spec.set_partition(3);
  spec.set_attempt(1);
  spec.set_library_hash("abc123");
  spec.set_input_node(0);
  proto::BlockRef* block = spec.mutable_input()->mutable_block();
  block->set_block_id("input-0-w-5");
  for (int node : {1, 2, 3}) {
    proto::PipelineStep* step = spec.add_steps();
    step->set_node(node);
    step->set_parent_index(0);
  }
  spec.mutable_shuffle_write()->set_map_index(3);
  spec.mutable_shuffle_write()->set_num_partitions(4);
  return spec;
}

TEST(WireTest, ConvertsATask) {
  auto task = TaskFromProto(MapTask());
  ASSERT_TRUE(task.ok()) << task.status();
  EXPECT_EQ(task->app_id, "app-1");
  EXPECT_EQ(task->batch_ms, 2000);
  EXPECT_EQ(task->partition, 3);
  EXPECT_EQ(std::get<BlockInput>(task->input).block_id, "input-0-w-5");
  ASSERT_EQ(task->steps.size(), 3u);
  EXPECT_EQ(task->steps[2].node, 3);
  EXPECT_EQ(std::get<ShuffleWriteSpec>(task->sink).num_partitions, 4);
}

TEST(WireTest, ConvertsAShuffleReadWithItsMapOutputs) {
  proto::TaskSpec spec = MapTask();
  proto::ShuffleRead* read = spec.mutable_input()->mutable_shuffle();
  read->set_shuffle_node(3);
  read->set_reduce_partition(1);
  proto::ShuffleMapOutput* output = read->add_map_outputs();
  output->set_worker_id("w2");
  output->set_worker_address("127.0.0.1:5000");
  output->set_map_index(7);
  spec.mutable_result()->set_record_limit(11);
  auto task = TaskFromProto(spec);
  ASSERT_TRUE(task.ok()) << task.status();
  const auto& shuffle = std::get<ShuffleReadInput>(task->input);
  EXPECT_EQ(shuffle.reduce_partition, 1);
  ASSERT_EQ(shuffle.map_outputs.size(), 1u);
  EXPECT_EQ(shuffle.map_outputs[0].worker_address, "127.0.0.1:5000");
  EXPECT_EQ(shuffle.map_outputs[0].map_index, 7);
  EXPECT_FALSE(shuffle.state.has_value());
  EXPECT_EQ(std::get<ResultSpec>(task->sink).record_limit, 11);

  proto::StateRead* state = read->mutable_state();
  state->set_num_partitions(2);
  proto::MaterializedPartition* previous = state->add_previous();
  previous->set_node(3);
  previous->set_batch_ms(1000);
  previous->set_partition(1);
  previous->set_worker_id("w1");
  auto state_task = TaskFromProto(spec);
  ASSERT_TRUE(state_task.ok()) << state_task.status();
  const auto& state_read = std::get<ShuffleReadInput>(state_task->input).state;
  ASSERT_TRUE(state_read.has_value());
  EXPECT_FALSE(state_read->first_batch);
  EXPECT_EQ(state_read->num_partitions, 2);
  ASSERT_EQ(state_read->previous.size(), 1u);
  EXPECT_EQ(state_read->previous[0].batch_ms, 1000);
  EXPECT_EQ(state_read->previous[0].worker_id, "w1");
}

TEST(WireTest, ConvertsAWindowDeltaRead) {
  proto::TaskSpec spec = MapTask();
  proto::WindowDeltaRead* delta = spec.mutable_input()->mutable_window_delta();
  delta->add_previous()->set_node(5);
  delta->add_added()->set_batch_ms(2000);
  delta->add_added()->set_batch_ms(3000);
  delta->add_removed()->set_partition(1);
  spec.mutable_partition_write()->set_partition(1);
  auto task = TaskFromProto(spec);
  ASSERT_TRUE(task.ok()) << task.status();
  const auto& read = std::get<WindowDeltaInput>(task->input);
  ASSERT_EQ(read.previous.size(), 1u);
  EXPECT_EQ(read.previous[0].node, 5);
  ASSERT_EQ(read.added.size(), 2u);
  EXPECT_EQ(read.added[1].batch_ms, 3000);
  ASSERT_EQ(read.removed.size(), 1u);
  EXPECT_EQ(read.removed[0].partition, 1);
}

TEST(WireTest, ConvertsAMaterializedReadAndAPartitionWriteWithoutSteps) {
  proto::TaskSpec spec = MapTask();
  proto::MaterializedPartition* part = spec.mutable_input()->mutable_materialized()->add_partitions();
  part->set_node(4);
  part->set_batch_ms(1000);
  part->set_partition(2);
  part->set_worker_id("w2");
  part->set_worker_address("127.0.0.1:5000");
  spec.clear_steps();
  spec.mutable_partition_write()->set_partition(5);
  auto task = TaskFromProto(spec);
  ASSERT_TRUE(task.ok()) << task.status();
  const auto& read = std::get<MaterializedInput>(task->input);
  ASSERT_EQ(read.partitions.size(), 1u);
  EXPECT_EQ(read.partitions[0].node, 4);
  EXPECT_EQ(read.partitions[0].batch_ms, 1000);
  EXPECT_EQ(read.partitions[0].partition, 2);
  EXPECT_EQ(read.partitions[0].worker_address, "127.0.0.1:5000");
  EXPECT_EQ(std::get<PartitionWriteSpec>(task->sink).partition, 5);
  EXPECT_TRUE(task->steps.empty());
  EXPECT_EQ(task->terminal_node(), 0);
}

TEST(WireTest, TheMaterializedFlagOfAFetchCrossesTheWire) {
  proto::FetchShuffleRequest request;
  ShuffleKeyToProto(ShuffleKey::Materialized("app", 1000, 4, 2), 0, &request);
  EXPECT_TRUE(request.materialized());
  EXPECT_EQ(ShuffleKeyFromProto(request), ShuffleKey::Materialized("app", 1000, 4, 2));
}

TEST(WireTest, RejectsIncompleteTasks) {
  proto::TaskSpec no_input = MapTask();
  no_input.clear_input();
  EXPECT_NE(TaskFromProto(no_input).status().message().find("has no input"), absl::string_view::npos);

  proto::TaskSpec no_steps = MapTask();
  no_steps.clear_steps();
  EXPECT_NE(TaskFromProto(no_steps).status().message().find("no pipeline steps"), absl::string_view::npos);

  proto::TaskSpec no_sink = MapTask();
  no_sink.clear_shuffle_write();
  EXPECT_NE(TaskFromProto(no_sink).status().message().find("has no sink"), absl::string_view::npos);

  proto::TaskSpec no_partitions = MapTask();
  no_partitions.mutable_shuffle_write()->set_num_partitions(0);
  EXPECT_EQ(TaskFromProto(no_partitions).status().code(), absl::StatusCode::kInvalidArgument);

  proto::TaskSpec no_library = MapTask();
  no_library.clear_library_hash();
  EXPECT_EQ(TaskFromProto(no_library).status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(WireTest, ConvertsTheDriversInlineData) {
  proto::TaskSpec spec = MapTask();
  spec.set_input_node(5);
  spec.mutable_input()->mutable_inline_partition()->set_records("\x02\x04");
  spec.mutable_input()->mutable_inline_partition()->set_count(2);
  auto task = TaskFromProto(spec);
  ASSERT_TRUE(task.ok()) << task.status();
  EXPECT_EQ(task->input_node, 5);
  const auto& inline_input = std::get<InlineInput>(task->input);
  EXPECT_EQ(inline_input.records, "\x02\x04");
  EXPECT_EQ(inline_input.count, 2);

  proto::TaskSpec empty = MapTask();
  empty.mutable_input()->mutable_inline_partition();  // an empty partition is still an input
  task = TaskFromProto(empty);
  ASSERT_TRUE(task.ok()) << task.status();
  EXPECT_TRUE(std::get<InlineInput>(task->input).records.empty());
}

TEST(WireTest, ConvertsAGraph) {
  proto::GraphSpec spec;
  spec.set_batch_ms(1000);
  proto::NodeSpec* source = spec.add_nodes();
  source->set_id(0);
  source->set_kind(proto::RECEIVER_SOURCE);
  source->set_op("socketTextStream");
  (*source->mutable_params())["port"] = "9999";
  source->set_type_name("s");
  proto::NodeSpec* shuffle = spec.add_nodes();
  shuffle->set_id(1);
  shuffle->set_kind(proto::SHUFFLE);
  shuffle->set_op("reduceByKey");
  shuffle->add_parents(0);
  shuffle->set_num_partitions(4);
  GraphDescription graph = GraphFromProto(spec);
  EXPECT_EQ(graph.batch_ms, 1000);
  ASSERT_EQ(graph.nodes.size(), 2u);
  EXPECT_EQ(graph.nodes[0].kind, NodeKind::kReceiverSource);
  EXPECT_EQ(graph.nodes[0].params.at("port"), "9999");
  EXPECT_EQ(graph.nodes[0].type_name, "s");
  EXPECT_EQ(graph.nodes[1].kind, NodeKind::kShuffle);
  EXPECT_EQ(graph.nodes[1].parents, std::vector<int32_t>{0});
  EXPECT_EQ(graph.nodes[1].num_partitions, 4);
}

TEST(WireTest, ConvertsAResult) {
  TaskResult result;
  result.app_id = "app";
  result.state = TaskState::kFailed;
  result.error = "boom";
  result.result_records = "xyz";
  result.result_count = 2;
  proto::TaskResult out;
  TaskResultToProto(result, &out);
  EXPECT_EQ(out.state(), proto::TASK_FAILED);
  EXPECT_EQ(out.error(), "boom");
  EXPECT_EQ(out.result_records(), "xyz");
  EXPECT_EQ(out.result_count(), 2);
}

}  // namespace
}  // namespace sluice
