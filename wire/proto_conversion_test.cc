#include "wire/proto_conversion.h"

#include <gtest/gtest.h>

#include <type_traits>

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

TEST(ProtoConversionTest, ConvertsATask) {
  auto task = FromProto(MapTask());
  ASSERT_TRUE(task.ok()) << task.status();
  EXPECT_EQ(task->app_id, "app-1");
  EXPECT_EQ(task->batch_ms, 2000);
  EXPECT_EQ(task->partition, 3);
  EXPECT_EQ(std::get<BlockRef>(task->input).block_id, "input-0-w-5");
  ASSERT_EQ(task->steps.size(), 3u);
  EXPECT_EQ(task->steps[2].node, 3);
  EXPECT_EQ(std::get<ShuffleWriteSpec>(task->sink).num_partitions, 4);
}

TEST(ProtoConversionTest, ConvertsAShuffleReadWithItsMapOutputs) {
  proto::TaskSpec spec = MapTask();
  proto::ShuffleRead* read = spec.mutable_input()->mutable_shuffle();
  read->set_shuffle_node(3);
  read->set_reduce_partition(1);
  proto::ShuffleMapOutput* output = read->add_map_outputs();
  output->set_worker_id("w2");
  output->set_worker_address("127.0.0.1:5000");
  output->set_map_index(7);
  spec.mutable_result()->set_record_limit(11);
  auto task = FromProto(spec);
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
  auto state_task = FromProto(spec);
  ASSERT_TRUE(state_task.ok()) << state_task.status();
  const auto& state_read = std::get<ShuffleReadInput>(state_task->input).state;
  ASSERT_TRUE(state_read.has_value());
  EXPECT_FALSE(state_read->first_batch);
  EXPECT_EQ(state_read->num_partitions, 2);
  ASSERT_EQ(state_read->previous.size(), 1u);
  EXPECT_EQ(state_read->previous[0].key.batch_ms, 1000);
  EXPECT_EQ(state_read->previous[0].site.worker_id, "w1");
}

TEST(ProtoConversionTest, ConvertsAWindowDeltaRead) {
  proto::TaskSpec spec = MapTask();
  proto::WindowDeltaRead* delta = spec.mutable_input()->mutable_window_delta();
  delta->add_previous()->set_node(5);
  delta->add_added()->set_batch_ms(2000);
  delta->add_added()->set_batch_ms(3000);
  delta->add_removed()->set_partition(1);
  spec.mutable_partition_write()->set_partition(1);
  auto task = FromProto(spec);
  ASSERT_TRUE(task.ok()) << task.status();
  const auto& read = std::get<WindowDeltaInput>(task->input);
  ASSERT_EQ(read.previous.size(), 1u);
  EXPECT_EQ(read.previous[0].key.node, 5);
  ASSERT_EQ(read.added.size(), 2u);
  EXPECT_EQ(read.added[1].key.batch_ms, 3000);
  ASSERT_EQ(read.removed.size(), 1u);
  EXPECT_EQ(read.removed[0].key.partition, 1);
}

TEST(ProtoConversionTest, ConvertsAMaterializedReadAndAPartitionWriteWithoutSteps) {
  proto::TaskSpec spec = MapTask();
  proto::MaterializedPartition* part = spec.mutable_input()->mutable_materialized()->add_partitions();
  part->set_node(4);
  part->set_batch_ms(1000);
  part->set_partition(2);
  part->set_worker_id("w2");
  part->set_worker_address("127.0.0.1:5000");
  spec.clear_steps();
  spec.mutable_partition_write()->set_partition(5);
  auto task = FromProto(spec);
  ASSERT_TRUE(task.ok()) << task.status();
  const auto& read = std::get<MaterializedInput>(task->input);
  ASSERT_EQ(read.partitions.size(), 1u);
  EXPECT_EQ(read.partitions[0].key.node, 4);
  EXPECT_EQ(read.partitions[0].key.batch_ms, 1000);
  EXPECT_EQ(read.partitions[0].key.partition, 2);
  EXPECT_EQ(read.partitions[0].site.worker_address, "127.0.0.1:5000");
  EXPECT_EQ(std::get<PartitionWriteSpec>(task->sink).partition, 5);
  EXPECT_TRUE(task->steps.empty());
  EXPECT_EQ(task->terminal_node(), 0);
}

TEST(ProtoConversionTest, TheMaterializedFlagOfAFetchCrossesTheWire) {
  proto::FetchShuffleRequest request;
  ToProto(ShuffleKey::Materialized("app", 1000, 4, 2), 0, &request);
  EXPECT_TRUE(request.materialized());
  EXPECT_EQ(FromProto(request), ShuffleKey::Materialized("app", 1000, 4, 2));
}

TEST(ProtoConversionTest, RejectsIncompleteTasks) {
  proto::TaskSpec no_input = MapTask();
  no_input.clear_input();
  EXPECT_NE(FromProto(no_input).status().message().find("has no input"), absl::string_view::npos);

  proto::TaskSpec no_steps = MapTask();
  no_steps.clear_steps();
  EXPECT_NE(FromProto(no_steps).status().message().find("no pipeline steps"), absl::string_view::npos);

  proto::TaskSpec no_sink = MapTask();
  no_sink.clear_shuffle_write();
  EXPECT_NE(FromProto(no_sink).status().message().find("has no sink"), absl::string_view::npos);

  proto::TaskSpec no_partitions = MapTask();
  no_partitions.mutable_shuffle_write()->set_num_partitions(0);
  EXPECT_EQ(FromProto(no_partitions).status().code(), absl::StatusCode::kInvalidArgument);

  proto::TaskSpec no_library = MapTask();
  no_library.clear_library_hash();
  EXPECT_EQ(FromProto(no_library).status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(ProtoConversionTest, ConvertsTheDriversInlineData) {
  proto::TaskSpec spec = MapTask();
  spec.set_input_node(5);
  spec.mutable_input()->mutable_inline_partition()->set_records("\x02\x04");
  spec.mutable_input()->mutable_inline_partition()->set_count(2);
  auto task = FromProto(spec);
  ASSERT_TRUE(task.ok()) << task.status();
  EXPECT_EQ(task->input_node, 5);
  const auto& inline_input = std::get<EncodedPartition>(task->input);
  EXPECT_EQ(inline_input.records, "\x02\x04");
  EXPECT_EQ(inline_input.count, 2);

  proto::TaskSpec empty = MapTask();
  empty.mutable_input()->mutable_inline_partition();  // an empty partition is still an input
  task = FromProto(empty);
  ASSERT_TRUE(task.ok()) << task.status();
  EXPECT_TRUE(std::get<EncodedPartition>(task->input).records.empty());
}

TEST(ProtoConversionTest, ConvertsAGraph) {
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
  GraphDescription graph = FromProto(spec);
  EXPECT_EQ(graph.batch_ms, 1000);
  ASSERT_EQ(graph.nodes.size(), 2u);
  EXPECT_EQ(graph.nodes[0].kind, NodeKind::kReceiverSource);
  EXPECT_EQ(graph.nodes[0].params.at("port"), "9999");
  EXPECT_EQ(graph.nodes[0].type_name, "s");
  EXPECT_EQ(graph.nodes[1].kind, NodeKind::kShuffle);
  EXPECT_EQ(graph.nodes[1].parents, std::vector<int32_t>{0});
  EXPECT_EQ(graph.nodes[1].num_partitions, 4);
}

TEST(ProtoConversionTest, ConvertsAResult) {
  TaskResult result;
  result.app_id = "app";
  result.state = TaskState::kFailed;
  result.error = "boom";
  result.result_records = "xyz";
  result.result_count = 2;
  proto::TaskResult out;
  ToProto(result, &out);
  EXPECT_EQ(out.state(), proto::TASK_FAILED);
  EXPECT_EQ(out.error(), "boom");
  EXPECT_EQ(out.result_records(), "xyz");
  EXPECT_EQ(out.result_count(), 2);
}

// native -> proto -> native gives back what went in, for every wire type. Each value sets every field to a
// non-default, so a field a converter forgets fails its test.

template <class Native, class Proto>
Native RoundTrip(const Native& value) {
  Proto proto;
  ToProto(value, &proto);
  // Through the bytes too, as a receiver gets it.
  Proto parsed;
  EXPECT_TRUE(parsed.ParseFromString(proto.SerializeAsString()));
  if constexpr (std::is_same_v<decltype(FromProto(parsed)), Native>) {
    return FromProto(parsed);
  } else {
    auto back = FromProto(parsed);
    EXPECT_TRUE(back.ok()) << back.status();
    return back.ok() ? *back : Native{};
  }
}

MaterializedPart Part(int32_t node, int64_t batch_ms, int32_t partition, const std::string& worker) {
  return MaterializedPart{MaterializedKey{node, batch_ms, partition}, MaterializedSite{worker, worker + ":7078"}};
}

GraphDescription SmallGraph() {
  GraphDescription graph;
  graph.batch_ms = 1000;
  graph.nodes.push_back({0, NodeKind::kReceiverSource, "socketTextStream", {}, {{"host", "h"}, {"port", "1"}}, 0, "s"});
  graph.nodes.push_back({1, NodeKind::kNarrow, "flatMap", {0}, {}, 0, "s"});
  graph.nodes.push_back({2, NodeKind::kShuffle, "reduceByKey", {1}, {}, 4, "p"});
  graph.nodes.push_back({3, NodeKind::kOutput, "pprint", {2}, {{"num", "10"}}, 0, "p"});
  graph.nodes.push_back({4, NodeKind::kFileSource, "textFileStream", {}, {{"directory", "/d"}}, 0, "s"});
  graph.nodes.push_back({5, NodeKind::kQueueSource, "queueStream", {}, {{"one_at_a_time", "true"}}, 0, "i", 1000});
  graph.nodes.push_back({6, NodeKind::kNarrow, "window", {5}, {{"window_ms", "4000"}}, 0, "i", 2000});
  return graph;
}

TEST(ProtoConversionTest, RoundTripsAGraphWithItsFingerprint) {
  GraphDescription graph = SmallGraph();
  proto::GraphSpec spec;
  ToProto(graph, &spec);
  EXPECT_EQ(spec.fingerprint(), graph.Fingerprint());
  GraphDescription back = RoundTrip<GraphDescription, proto::GraphSpec>(graph);
  EXPECT_EQ(back, graph);
  EXPECT_EQ(back.FirstDifference(graph), "");
  back.nodes[2].num_partitions = 5;
  EXPECT_NE(back.Fingerprint(), graph.Fingerprint());
  EXPECT_NE(back.FirstDifference(graph), "");
  back = FromProto(spec);
  back.nodes[6].slide_ms = 1000;  // a window's slide changes what runs when
  EXPECT_NE(back.Fingerprint(), graph.Fingerprint());
  EXPECT_NE(back.FirstDifference(graph), "");
}

TEST(ProtoConversionTest, RoundTripsDataReferences) {
  BlockRef block{"input-0-app-1-w1-7", 3, "w1", 120, 4096, {}};
  EXPECT_EQ((RoundTrip<BlockRef, proto::BlockRef>(block)), block);
  BlockRef replicated{"input-0-app-1-w1-8", 3, "w1", 120, 4096, {"w2", "w3"}};
  EXPECT_EQ((RoundTrip<BlockRef, proto::BlockRef>(replicated)), replicated);
  EXPECT_EQ(replicated.holders(), (std::vector<std::string>{"w1", "w2", "w3"}));
  FileSplit split{"/data/a.txt", 64, 1024};
  EXPECT_EQ((RoundTrip<FileSplit, proto::FileSplit>(split)), split);
  EncodedPartition partition{std::string("\x02\x04\x00", 3), 2};
  EXPECT_EQ((RoundTrip<EncodedPartition, proto::InlinePartition>(partition)), partition);
  MapOutputLocation location{"w2", "127.0.0.1:5000", 7};
  EXPECT_EQ((RoundTrip<MapOutputLocation, proto::ShuffleMapOutput>(location)), location);
  MaterializedPart part = Part(4, 3000, 2, "w3");
  EXPECT_EQ((RoundTrip<MaterializedPart, proto::MaterializedPartition>(part)), part);
  MaterializedKey key{4, 3000, 2};
  EXPECT_EQ((RoundTrip<MaterializedKey, proto::MaterializedKey>(key)), key);
  HeldPartition held{3, "w1", "127.0.0.1:7078", 99};
  EXPECT_EQ((RoundTrip<HeldPartition, proto::HeldPartition>(held)), held);
}

TEST(ProtoConversionTest, RoundTripsAShuffleKeyWithItsReducePartition) {
  for (const ShuffleKey& key : {ShuffleKey{"app-2", 4000, 3, 5, false}, ShuffleKey::Materialized("app-2", 4000, 3, 5)}) {
    proto::FetchShuffleRequest request;
    ToProto(key, 6, &request);
    proto::FetchShuffleRequest parsed;
    ASSERT_TRUE(parsed.ParseFromString(request.SerializeAsString()));
    EXPECT_EQ(FromProto(parsed), key);
    EXPECT_EQ(parsed.reduce_partition(), 6);
  }
}

TaskSpec TaskWith(TaskInput input, TaskSink sink) {
  TaskSpec task;
  task.app_id = "app-3";
  task.batch_ms = 5000;
  task.stage_id = 2;
  task.partition = 1;
  task.attempt = 2;
  task.library_hash = "0123abcd";
  task.input_node = 4;
  task.input = std::move(input);
  task.steps = {PipelineStep{5, 0}, PipelineStep{6, 1}};
  task.sink = std::move(sink);
  return task;
}

TEST(ProtoConversionTest, RoundTripsATaskOfEveryInputAndSink) {
  std::vector<TaskInput> inputs = {
      BlockRef{"input-4-app-3-w1-0", 4, "w1", 10, 100},
      FileSplit{"/in/b.txt", 0, 77},
      ShuffleReadInput{4, 1, {MapOutputLocation{"w1", "a:1", 0}, MapOutputLocation{"w2", "b:2", 1}}, std::nullopt},
      ShuffleReadInput{4, 1, {MapOutputLocation{"w1", "a:1", 0}}, StateReadInput{false, 3, {Part(7, 4000, 1, "w2")}}},
      ShuffleReadInput{4, 0, {}, StateReadInput{true, 2, {}}},
      EncodedPartition{"abc", 3},
      MaterializedInput{{Part(4, 3000, 1, "w1"), Part(4, 4000, 1, "w2")}},
      WindowDeltaInput{{Part(8, 4000, 1, "w1")}, {Part(4, 5000, 1, "w2")}, {Part(4, 2000, 1, "w3")}},
      KeyedStateInput{Part(9, 5000, 1, "w1")},
  };
  std::vector<TaskSink> sinks = {ShuffleWriteSpec{1, 8}, ResultSpec{25}, ResultSpec{-1}, PartitionWriteSpec{1, "", 0},
                                 PartitionWriteSpec{1, "/ckpt", 3000}};
  for (const TaskInput& input : inputs) {
    for (const TaskSink& sink : sinks) {
      TaskSpec task = TaskWith(input, sink);
      EXPECT_EQ((RoundTrip<TaskSpec, proto::TaskSpec>(task)), task)
          << "input " << input.index() << " sink " << sink.index();
    }
  }
  TaskSpec stores_its_input = TaskWith(MaterializedInput{{Part(4, 3000, 1, "w1")}}, PartitionWriteSpec{1, "", 0});
  stores_its_input.steps.clear();
  EXPECT_EQ((RoundTrip<TaskSpec, proto::TaskSpec>(stores_its_input)), stores_its_input);
}

TEST(ProtoConversionTest, RoundTripsTaskResultsAndReports) {
  TaskResult result;
  result.app_id = "app-4";
  result.batch_ms = 6000;
  result.stage_id = 3;
  result.partition = 2;
  result.attempt = 1;
  result.state = TaskState::kSucceeded;
  result.error = "not really";
  result.records_in = 11;
  result.records_out = 9;
  result.result_records = std::string("\x01\x00\x02", 3);
  result.result_count = 2;
  result.lost_input_worker = "w7";
  EXPECT_EQ((RoundTrip<TaskResult, proto::TaskResult>(result)), result);
  result.state = TaskState::kFailed;
  EXPECT_EQ((RoundTrip<TaskResult, proto::TaskResult>(result)), result);
  TaskReport report{"w5", result};
  EXPECT_EQ((RoundTrip<TaskReport, proto::ReportTaskRequest>(report)), report);
}

TEST(ProtoConversionTest, RoundTripsWorkerMessages) {
  WorkerRegistration registration{"w6", "10.0.0.6:7078", 4};
  EXPECT_EQ((RoundTrip<WorkerRegistration, proto::RegisterWorkerRequest>(registration)), registration);
  ReceiverSpec receiver{"app-5", 2, "feedbeef", 250, 2};
  EXPECT_EQ((RoundTrip<ReceiverSpec, proto::ReceiverSpec>(receiver)), receiver);
  HeartbeatAnswer answer{false, {WorkerPeer{"w1", "10.0.0.1:7078"}, WorkerPeer{"w2", "10.0.0.2:7078"}}};
  EXPECT_EQ((RoundTrip<HeartbeatAnswer, proto::HeartbeatReply>(answer)), answer);
  RegistrationAnswer registered{500, {WorkerPeer{"w1", "10.0.0.1:7078"}}, {"app-1", "app-2"}};
  EXPECT_EQ((RoundTrip<RegistrationAnswer, proto::RegisterWorkerReply>(registered)), registered);
  HeartbeatAnswer reregister{true, {}};
  EXPECT_EQ((RoundTrip<HeartbeatAnswer, proto::HeartbeatReply>(reregister)), reregister);
  for (ReceiverEventKind kind : {ReceiverEventKind::kStarted, ReceiverEventKind::kError, ReceiverEventKind::kFailed,
                                 ReceiverEventKind::kStopped}) {
    ReceiverEvent event{"app-5", 2, "w6", kind, "connection refused"};
    EXPECT_EQ((RoundTrip<ReceiverEvent, proto::ReportReceiverRequest>(event)), event);
  }
  JobLibrary library{std::string("\x7f" "ELF\x00", 5), {"--port", "9999"}, SmallGraph()};
  EXPECT_EQ((RoundTrip<JobLibrary, proto::GetLibraryReply>(library)), library);
  proto::GetLibraryReply reply;
  ToProto(library, &reply);
  EXPECT_EQ(reply.graph_fingerprint(), library.graph.Fingerprint());
}

TEST(ProtoConversionTest, RejectsAReceiverWithoutItsApplicationOrLibrary) {
  proto::ReceiverSpec spec;
  ToProto(ReceiverSpec{"", 1, "hash", 0}, &spec);
  EXPECT_EQ(FromProto(spec).status().code(), absl::StatusCode::kInvalidArgument);
  ToProto(ReceiverSpec{"app", 1, "", 0}, &spec);
  EXPECT_NE(FromProto(spec).status().message().find("has no library_hash"), absl::string_view::npos);
  ToProto(ReceiverSpec{"app", 1, "hash", 0, -1}, &spec);
  EXPECT_NE(FromProto(spec).status().message().find("it takes 1 or more"), absl::string_view::npos);
}

TEST(ProtoConversionTest, RoundTripsABlockReplicaAndRejectsOneWithoutItsIds) {
  BlockReplica replica{"app-5", "input-0-app-5-w1-3", 2, std::string("a\x00b", 3)};
  proto::StoreBlockReplicaRequest request;
  ToProto(replica, &request);
  proto::StoreBlockReplicaRequest parsed;
  ASSERT_TRUE(parsed.ParseFromString(request.SerializeAsString()));
  absl::StatusOr<BlockReplica> back = FromProto(std::move(parsed));
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_EQ(*back, replica);

  proto::StoreBlockReplicaRequest anonymous;
  ToProto(BlockReplica{"app-5", "", 1, "x"}, &anonymous);
  EXPECT_EQ(FromProto(std::move(anonymous)).status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(ProtoConversionTest, RoundTripsASubmission) {
  Submission submission;
  submission.name = "wordcount";
  submission.graph = SmallGraph();
  submission.library = std::string("lib\x00bytes", 9);
  submission.library_hash = "aa55";
  submission.args = {"a", "", "c"};
  submission.default_parallelism = 6;
  submission.queue_sources = {
      QueueSourceData{5, {std::vector<EncodedPartition>{{"x", 1}, {"", 0}}, std::nullopt, std::vector<EncodedPartition>{}}},
      QueueSourceData{7, {}},
  };
  submission.clock = BatchClockSpec{true, 12};
  submission.checkpoint = CheckpointSpec{"/tmp/ckpt", 8000};
  EXPECT_EQ((RoundTrip<Submission, proto::SubmitApplicationRequest>(submission)), submission);
}

// queueStream items (absent ones included) and the clock arrive as the driver sent them.
TEST(ProtoConversionTest, QueueItemsAndTheClockReachTheMaster) {
  Submission submission;
  submission.name = "queue";
  submission.graph.batch_ms = 1000;
  submission.graph.nodes.push_back({0, NodeKind::kQueueSource, "queueStream", {}, {{"items", "3"}}, 0, "i"});
  submission.library_hash = "h";
  submission.args = {"a"};
  submission.default_parallelism = 2;
  submission.queue_sources.push_back(
      {0, {std::vector<EncodedPartition>{{"\x02", 1}, {"\x04\x06", 2}}, std::nullopt, std::vector<EncodedPartition>{}}});
  submission.clock = BatchClockSpec{true, 4};

  proto::SubmitApplicationRequest request;
  ToProto(submission, &request);
  Submission spec = FromProto(request);

  EXPECT_EQ(spec.name, "queue");
  EXPECT_EQ(spec.graph, submission.graph);
  EXPECT_EQ(spec.library_hash, "h");
  EXPECT_EQ(spec.args, std::vector<std::string>{"a"});
  EXPECT_EQ(spec.default_parallelism, 2);
  EXPECT_TRUE(spec.clock.manual);
  EXPECT_EQ(spec.clock.manual_batches, 4);
  ASSERT_EQ(spec.queue_sources.size(), 1u);
  EXPECT_EQ(spec.queue_sources[0].source_node, 0);
  const std::vector<QueuedDataSet>& items = spec.queue_sources[0].items;
  ASSERT_EQ(items.size(), 3u);
  ASSERT_TRUE(items[0].has_value());
  ASSERT_EQ(items[0]->size(), 2u);
  EXPECT_EQ((*items[0])[1].records, "\x04\x06");
  EXPECT_EQ((*items[0])[1].count, 2);
  EXPECT_FALSE(items[1].has_value()) << "an absent item stays absent";
  ASSERT_TRUE(items[2].has_value()) << "an empty item stays an empty data set";
  EXPECT_TRUE(items[2]->empty());
}

TEST(ProtoConversionTest, TheSystemClockIsTheDefault) {
  proto::SubmitApplicationRequest request;
  ToProto(Submission{}, &request);
  EXPECT_FALSE(FromProto(request).clock.manual);
}

TEST(ProtoConversionTest, RoundTripsEveryKindOfApplicationEvent) {
  AppEvent output{3, AppEvent::Kind::kOutput,
                  BatchOutputEvent{2000, 4, "recs", 2, {HeldPartition{0, "w1", "a:1", 5}, HeldPartition{1, "w2", "b:2", 0}}},
                  ""};
  EXPECT_EQ((RoundTrip<AppEvent, proto::AppEvent>(output)), output);
  AppEvent warning{4, AppEvent::Kind::kWarning, {}, "receiver restarting"};
  EXPECT_EQ((RoundTrip<AppEvent, proto::AppEvent>(warning)), warning);
  AppEvent batch_failed{7, AppEvent::Kind::kBatchFailed, {}, "batch 3000 ms failed: boom (in map, node 1)", 3000};
  EXPECT_EQ((RoundTrip<AppEvent, proto::AppEvent>(batch_failed)), batch_failed);
  AppEvent error{5, AppEvent::Kind::kError, {}, "lost state"};
  EXPECT_EQ((RoundTrip<AppEvent, proto::AppEvent>(error)), error);
  AppEvent finished{6, AppEvent::Kind::kFinished, {}, ""};
  EXPECT_EQ((RoundTrip<AppEvent, proto::AppEvent>(finished)), finished);
}

}  // namespace
}  // namespace sluice
