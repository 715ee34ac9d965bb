#include "worker/task_runner.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <sstream>
#include <stdexcept>

#include "common/codec.h"
#include "driver/api/dstream.h"
#include "rpc/grpc_shuffle_fetcher.h"
#include "runtime/source_nodes.h"

namespace sluice {
namespace {

using Counts = std::map<std::string, int64_t>;

std::vector<std::string> SplitWords(std::string line) {
  std::vector<std::string> words;
  std::istringstream in(line);
  for (std::string word; in >> word;) words.push_back(word);
  return words;
}

// 0 source -> 1 flatMap -> 2 map -> 3 reduceByKey -> 4 pprint
std::shared_ptr<const JobGraph> WordCountGraph(NodeKind source_kind) {
  auto g = std::make_shared<GraphBuilder>(Seconds(1));
  NodeDescription source;
  source.id = 0;
  source.kind = source_kind;
  source.op = source_kind == NodeKind::kReceiverSource ? "socketTextStream" : "textFileStream";
  g->Add(std::make_unique<TextSourceNode>(source));
  DStream<std::string>(g, 0)
      .flatMap(SplitWords)
      .map([](std::string word) { return std::make_pair(std::move(word), int64_t{1}); })
      .reduceByKey([](int64_t a, int64_t b) { return a + b; })
      .pprint();
  return g->Build();
}

std::string EncodeLines(const std::vector<std::string>& lines) {
  std::string data;
  for (const std::string& line : lines) EncodeRecord(line, &data);
  return data;
}

class TaskRunnerTest : public ::testing::Test {
 protected:
  TaskSpec MapTask(const std::string& block_id, int32_t map_index) {
    TaskSpec task;
    task.app_id = "app";
    task.batch_ms = 5000;
    task.partition = map_index;
    task.input_node = 0;
    task.input = BlockRef{block_id};
    task.steps = {{1, 0}, {2, 0}, {3, 0}};
    task.sink = ShuffleWriteSpec{map_index, kPartitions};
    return task;
  }

  TaskSpec ReduceTask(int32_t partition, int32_t map_outputs, int64_t limit = -1) {
    ShuffleReadInput read{3, partition, {}};
    for (int32_t m = 0; m < map_outputs; ++m) read.map_outputs.push_back({worker_id_, "", m});
    TaskSpec task;
    task.app_id = "app";
    task.batch_ms = 5000;
    task.stage_id = 1;
    task.partition = partition;
    task.input_node = 3;
    task.input = std::move(read);
    task.steps = {{4, 0}};
    task.sink = ResultSpec{limit};
    return task;
  }

  static void AddCounts(const TaskResult& result, Counts* counts) {
    using WordCount = std::pair<std::string, int64_t>;
    bool decoded = DecodeRecords<WordCount>(result.result_records,
                                            [&](WordCount&& record) { (*counts)[record.first] += record.second; });
    ASSERT_TRUE(decoded);
  }

  static constexpr int32_t kPartitions = 3;
  std::string worker_id_ = "worker-test";
  Config config_;
  BlockStore blocks_;
  ShuffleStore shuffles_;
  KeyedStateStore keyed_states_;
  GrpcShuffleFetcher peers_{config_};
  TaskRunner runner_{worker_id_, config_, &blocks_, &shuffles_, &keyed_states_, &peers_};
};

TEST_F(TaskRunnerTest, WordCountThroughAShuffle) {
  auto graph = WordCountGraph(NodeKind::kReceiverSource);
  blocks_.Put("app", "b0", EncodeLines({"a b a", "c a"}), 2);
  blocks_.Put("app", "b1", EncodeLines({"b b", "", "a d"}), 3);

  TaskResult map0 = runner_.Run(MapTask("b0", 0), *graph);
  TaskResult map1 = runner_.Run(MapTask("b1", 1), *graph);
  ASSERT_EQ(map0.state, TaskState::kSucceeded) << map0.error;
  ASSERT_EQ(map1.state, TaskState::kSucceeded) << map1.error;
  EXPECT_EQ(map0.records_in, 2);
  EXPECT_EQ(map1.records_in, 3);
  EXPECT_EQ(map0.records_out, 3) << "map-side combining writes one record per distinct word";
  EXPECT_TRUE(shuffles_.Get({"app", 5000, 3, 0}, 0).ok());

  Counts counts;
  int64_t total = 0;
  for (int32_t p = 0; p < kPartitions; ++p) {
    TaskResult reduce = runner_.Run(ReduceTask(p, 2), *graph);
    ASSERT_EQ(reduce.state, TaskState::kSucceeded) << reduce.error;
    total += reduce.result_count;
    AddCounts(reduce, &counts);
  }
  EXPECT_EQ(counts, (Counts{{"a", 4}, {"b", 3}, {"c", 1}, {"d", 1}}));
  EXPECT_EQ(total, 4) << "each word lands in exactly one partition";
}

TEST_F(TaskRunnerTest, DriverDataEntersThePipelineOfItsQueueStream) {
  auto builder = std::make_shared<GraphBuilder>(Seconds(1));
  NodeDescription source;
  source.id = 0;
  source.kind = NodeKind::kQueueSource;
  source.op = "queueStream";
  builder->Add(std::make_unique<QueueSourceNode<int>>(source, std::vector<EncodedQueueItem>{}));
  DStream<int>(builder, 0).map([](int x) { return std::to_string(x * 10); }).pprint();
  auto graph = builder->Build();
  std::string records;
  for (int x : {1, 2, 3}) EncodeRecord(x, &records);
  TaskSpec task;
  task.app_id = "app";
  task.batch_ms = 1000;
  task.input_node = 0;
  task.input = EncodedPartition{records, 3};
  task.steps = {{1, 0}, {2, 0}};
  task.sink = ResultSpec{-1};
  TaskResult result = runner_.Run(task, *graph);
  ASSERT_EQ(result.state, TaskState::kSucceeded) << result.error;
  EXPECT_EQ(result.records_in, 3);
  std::vector<std::string> out;
  ASSERT_TRUE(DecodeRecords<std::string>(result.result_records, [&](std::string&& s) { out.push_back(s); }));
  EXPECT_EQ(out, (std::vector<std::string>{"10", "20", "30"}));

  task.input = EncodedPartition{"\x80", 1};  // an unfinished varint
  result = runner_.Run(task, *graph);
  EXPECT_EQ(result.state, TaskState::kFailed);
  EXPECT_NE(result.error.find("corrupt driver data for node 0 (queueStream)"), std::string::npos) << result.error;

  // Driver data given to a receiver's source is a planning error, named as such.
  auto word_count = WordCountGraph(NodeKind::kReceiverSource);
  task.input = EncodedPartition{records, 3};
  task.steps = {{1, 0}, {2, 0}, {3, 0}};
  task.sink = ShuffleWriteSpec{0, 2};
  result = runner_.Run(task, *word_count);
  EXPECT_NE(result.error.find("cannot read the driver's data"), std::string::npos) << result.error;
}

TEST_F(TaskRunnerTest, ResultLimitKeepsTheFirstRecordsAndCountsAll) {
  auto graph = WordCountGraph(NodeKind::kReceiverSource);
  blocks_.Put("app", "b0", EncodeLines({"a b c d e f g h"}), 1);
  ASSERT_EQ(runner_.Run(MapTask("b0", 0), *graph).state, TaskState::kSucceeded);
  // One partition holding everything makes the count exact.
  TaskSpec map_single = MapTask("b0", 0);
  std::get<ShuffleWriteSpec>(map_single.sink).num_partitions = 1;
  ASSERT_EQ(runner_.Run(map_single, *graph).state, TaskState::kSucceeded);
  TaskResult reduce = runner_.Run(ReduceTask(0, 1, /*limit=*/3), *graph);
  ASSERT_EQ(reduce.state, TaskState::kSucceeded) << reduce.error;
  EXPECT_EQ(reduce.result_count, 3);
  EXPECT_EQ(reduce.records_out, 8);
}

TEST_F(TaskRunnerTest, ReadsAFileSplit) {
  auto graph = WordCountGraph(NodeKind::kFileSource);
  std::string path = ::testing::TempDir() + "/task_runner_input.txt";
  std::ofstream(path) << "x y\nx\n";
  TaskSpec task = MapTask("", 0);
  task.input = FileSplit{path, 0, 100};
  std::get<ShuffleWriteSpec>(task.sink).num_partitions = 1;
  TaskResult map = runner_.Run(task, *graph);
  ASSERT_EQ(map.state, TaskState::kSucceeded) << map.error;
  EXPECT_EQ(map.records_in, 2);
  TaskResult reduce = runner_.Run(ReduceTask(0, 1), *graph);
  Counts counts;
  AddCounts(reduce, &counts);
  EXPECT_EQ(counts, (Counts{{"x", 2}, {"y", 1}}));
}

TEST_F(TaskRunnerTest, UserCodeThatThrowsFailsTheTaskWithItsMessageAndNode) {
  auto g = std::make_shared<GraphBuilder>(Seconds(1));
  NodeDescription source;
  source.id = 0;
  source.kind = NodeKind::kReceiverSource;
  source.op = "socketTextStream";
  g->Add(std::make_unique<TextSourceNode>(source));
  DStream<std::string>(g, 0)
      .map([](std::string line) -> int {
        if (line == "bad") throw std::runtime_error("cannot parse 'bad'");
        return 1;
      })
      .pprint();
  auto graph = g->Build();
  blocks_.Put("app", "b0", EncodeLines({"good", "bad"}), 2);
  TaskSpec task = MapTask("b0", 0);
  task.steps = {{1, 0}, {2, 0}};
  task.sink = ResultSpec{};
  TaskResult result = runner_.Run(task, *graph);
  EXPECT_EQ(result.state, TaskState::kFailed);
  EXPECT_EQ(result.error, "cannot parse 'bad' (in map, node 1)");
}

// The sinks do not tell which of several user functions threw, so every candidate of the pipeline is named.
TEST_F(TaskRunnerTest, AThrowInAPipelineOfSeveralUserFunctionsNamesThemAll) {
  auto g = std::make_shared<GraphBuilder>(Seconds(1));
  NodeDescription source;
  source.kind = NodeKind::kReceiverSource;
  source.op = "socketTextStream";
  g->Add(std::make_unique<TextSourceNode>(source));
  DStream<std::string>(g, 0)
      .filter([](const std::string&) { return true; })
      .map([](std::string) -> int { throw std::out_of_range("index 7"); })
      .pprint();
  auto graph = g->Build();
  blocks_.Put("app", "b0", EncodeLines({"x"}), 1);
  TaskSpec task = MapTask("b0", 0);
  task.steps = {{1, 0}, {2, 0}, {3, 0}};
  task.sink = ResultSpec{};
  TaskResult result = runner_.Run(task, *graph);
  EXPECT_EQ(result.state, TaskState::kFailed);
  EXPECT_EQ(result.error, "index 7 (in one of: filter node 1, map node 2)");
}

TEST_F(TaskRunnerTest, MissingOrCorruptInputFailsTheTask) {
  auto graph = WordCountGraph(NodeKind::kReceiverSource);
  TaskResult missing = runner_.Run(MapTask("gone", 0), *graph);
  EXPECT_EQ(missing.state, TaskState::kFailed);
  EXPECT_NE(missing.error.find("block gone is not on this worker"), std::string::npos) << missing.error;

  blocks_.Put("app", "junk", std::string("\x05" "ab", 3), 1);  // a length of 5 with 2 bytes behind it
  TaskResult corrupt = runner_.Run(MapTask("junk", 0), *graph);
  EXPECT_EQ(corrupt.state, TaskState::kFailed);
  EXPECT_EQ(corrupt.error, "corrupt block junk");

  TaskResult no_map_output = runner_.Run(ReduceTask(0, 1), *graph);
  EXPECT_EQ(no_map_output.state, TaskState::kFailed);
  EXPECT_NE(no_map_output.error.find("is not on this worker"), std::string::npos) << no_map_output.error;
}

TEST_F(TaskRunnerTest, RejectsAPipelineThatDoesNotFitTheGraph) {
  auto graph = WordCountGraph(NodeKind::kReceiverSource);
  blocks_.Put("app", "b0", EncodeLines({"a"}), 1);

  TaskSpec skipping = MapTask("b0", 0);
  skipping.steps = {{1, 0}, {3, 0}};  // 3's parent is 2, not 1
  TaskResult result = runner_.Run(skipping, *graph);
  EXPECT_EQ(result.state, TaskState::kFailed);
  EXPECT_EQ(result.error, "node 3 (reduceByKey) has no parent 1 at index 0");

  TaskSpec wrong_terminal = MapTask("b0", 0);
  wrong_terminal.sink = ResultSpec{};  // node 3 is a shuffle, not an output
  result = runner_.Run(wrong_terminal, *graph);
  EXPECT_EQ(result.state, TaskState::kFailed);
  EXPECT_NE(result.error.find("node 3 (reduceByKey) is a shuffle node"), std::string::npos) << result.error;

  TaskSpec wrong_input = MapTask("b0", 0);
  wrong_input.input = FileSplit{"/nonexistent", 0, 1};
  result = runner_.Run(wrong_input, *graph);
  EXPECT_NE(result.error.find("cannot read a file split"), std::string::npos) << result.error;

  TaskSpec out_of_graph = MapTask("b0", 0);
  out_of_graph.steps = {{1, 0}, {42, 0}};
  result = runner_.Run(out_of_graph, *graph);
  EXPECT_EQ(result.error, "step node 42 is not in the graph");
}

// 0 socketTextStream, 1 textFileStream, 2 union(0, 1), 3 pprint, 4 glom(2), 5 pprint: a narrow node whose parents
// are different sources, and a partition-level step after it.
std::shared_ptr<const JobGraph> UnionOfTwoSourcesGraph() {
  auto g = std::make_shared<GraphBuilder>(Seconds(1));
  NodeDescription received;
  received.id = 0;
  received.kind = NodeKind::kReceiverSource;
  received.op = "socketTextStream";
  g->Add(std::make_unique<TextSourceNode>(received));
  NodeDescription files;
  files.id = 1;
  files.kind = NodeKind::kFileSource;
  files.op = "textFileStream";
  g->Add(std::make_unique<TextSourceNode>(files));
  DStream<std::string> both = DStream<std::string>(g, 0).union_(DStream<std::string>(g, 1));
  both.pprint();
  both.glom().pprint();
  return g->Build();
}

template <class T>
std::vector<T> DecodeResult(const TaskResult& result) {
  std::vector<T> records;
  EXPECT_TRUE(DecodeRecords<T>(result.result_records, [&](T&& record) { records.push_back(std::move(record)); }));
  return records;
}

TEST_F(TaskRunnerTest, AUnionTaskReadsTheSourceOfTheParentItEntersThrough) {
  auto graph = UnionOfTwoSourcesGraph();
  blocks_.Put("app", "b0", EncodeLines({"from", "block"}), 2);
  std::string path = ::testing::TempDir() + "/task_runner_union.txt";
  std::ofstream(path) << "from\nfile\n";

  TaskSpec from_block = MapTask("b0", 0);
  from_block.steps = {{2, 0}, {3, 0}};
  from_block.sink = ResultSpec{};
  TaskResult block_result = runner_.Run(from_block, *graph);
  ASSERT_EQ(block_result.state, TaskState::kSucceeded) << block_result.error;
  EXPECT_EQ(DecodeResult<std::string>(block_result), (std::vector<std::string>{"from", "block"}));

  TaskSpec from_file = from_block;
  from_file.input_node = 1;
  from_file.input = FileSplit{path, 0, 100};
  from_file.steps = {{2, 1}, {3, 0}};
  TaskResult file_result = runner_.Run(from_file, *graph);
  ASSERT_EQ(file_result.state, TaskState::kSucceeded) << file_result.error;
  EXPECT_EQ(DecodeResult<std::string>(file_result), (std::vector<std::string>{"from", "file"}));

  TaskSpec wrong_parent = from_block;
  wrong_parent.steps = {{2, 1}, {3, 0}};
  TaskResult refused = runner_.Run(wrong_parent, *graph);
  EXPECT_EQ(refused.state, TaskState::kFailed);
  EXPECT_EQ(refused.error, "node 2 (union) has no parent 0 at index 1");
}

// glom runs at the end of the task's partition, whatever the input: a block, a file split, an empty block.
TEST_F(TaskRunnerTest, APartitionStepRunsAtTheEndOfEachInput) {
  using Partition = std::vector<std::string>;
  auto graph = UnionOfTwoSourcesGraph();
  blocks_.Put("app", "b0", EncodeLines({"x", "y"}), 2);
  blocks_.Put("app", "empty", "", 0);
  std::string path = ::testing::TempDir() + "/task_runner_glom.txt";
  std::ofstream(path) << "p\nq\nr\n";

  TaskSpec block = MapTask("b0", 0);
  block.steps = {{2, 0}, {4, 0}, {5, 0}};
  block.sink = ResultSpec{};
  EXPECT_EQ(DecodeResult<Partition>(runner_.Run(block, *graph)), (std::vector<Partition>{{"x", "y"}}));

  TaskSpec empty = block;
  empty.input = BlockRef{"empty"};
  EXPECT_EQ(DecodeResult<Partition>(runner_.Run(empty, *graph)), (std::vector<Partition>{Partition{}}));

  TaskSpec split = block;
  split.input_node = 1;
  split.input = FileSplit{path, 0, 100};
  split.steps = {{2, 1}, {4, 0}, {5, 0}};
  EXPECT_EQ(DecodeResult<Partition>(runner_.Run(split, *graph)), (std::vector<Partition>{{"p", "q", "r"}}));
}

// ... and at the end of a reduce partition, an empty one included.
TEST_F(TaskRunnerTest, APartitionStepAfterAShuffleRunsOncePerReducePartition) {
  auto g = std::make_shared<GraphBuilder>(Seconds(1));
  NodeDescription source;
  source.kind = NodeKind::kReceiverSource;
  source.op = "socketTextStream";
  g->Add(std::make_unique<TextSourceNode>(source));
  DStream<std::string>(g, 0)
      .map([](std::string word) { return std::make_pair(std::move(word), int64_t{1}); })
      .reduceByKey([](int64_t a, int64_t b) { return a + b; })
      .glom()
      .pprint();  // 0 source, 1 map, 2 reduceByKey, 3 glom, 4 pprint
  auto graph = g->Build();
  blocks_.Put("app", "b0", EncodeLines({"a", "a"}), 2);
  TaskSpec map = MapTask("b0", 0);
  map.steps = {{1, 0}, {2, 0}};
  std::get<ShuffleWriteSpec>(map.sink).num_partitions = 2;
  ASSERT_EQ(runner_.Run(map, *graph).state, TaskState::kSucceeded);

  using Partition = std::vector<std::pair<std::string, int64_t>>;
  std::vector<Partition> partitions;
  for (int32_t p = 0; p < 2; ++p) {
    TaskSpec reduce = ReduceTask(p, 1);
    ShuffleReadInput& read = std::get<ShuffleReadInput>(reduce.input);
    read.shuffle_node = 2;
    reduce.input_node = 2;
    reduce.steps = {{3, 0}, {4, 0}};
    TaskResult result = runner_.Run(reduce, *graph);
    ASSERT_EQ(result.state, TaskState::kSucceeded) << result.error;
    std::vector<Partition> glommed = DecodeResult<Partition>(result);
    ASSERT_EQ(glommed.size(), 1u) << "partition " << p;
    partitions.push_back(glommed[0]);
  }
  std::sort(partitions.begin(), partitions.end());
  EXPECT_EQ(partitions, (std::vector<Partition>{{}, {{"a", 2}}}));
}

}  // namespace
}  // namespace sluice
