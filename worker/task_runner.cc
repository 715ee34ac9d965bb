#include "worker/task_runner.h"

#include <exception>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/logging.h"
#include "worker/checkpoint_writer.h"
#include "worker/chunked_shuffle_output.h"
#include "worker/file_input/text_split_reader.h"
#include "worker/lost_input.h"
#include "worker/shuffle_reader.h"

namespace sluice {
namespace {

std::string NodeName(const Node& node) { return absl::StrCat("node ", node.id(), " (", node.description().op, ")"); }

bool RunsUserCode(NodeKind kind) { return kind == NodeKind::kNarrow || kind == NodeKind::kShuffle; }

// Where a user function threw. The sinks do not say which node's function it was, so when several nodes of
// the pipeline run user code the message names them all.
std::string UserCodeLocation(const TaskSpec& task, const JobGraph& graph) {
  std::vector<const NodeDescription*> candidates;
  if (std::holds_alternative<ShuffleReadInput>(task.input) || std::holds_alternative<WindowDeltaInput>(task.input)) {
    candidates.push_back(&graph.node(task.input_node).description());  // merging combiners, or the window's functions
  }
  for (const PipelineStep& step : task.steps) {
    const NodeDescription& node = graph.node(step.node).description();
    if (RunsUserCode(node.kind)) candidates.push_back(&node);
  }
  // Otherwise the terminal threw: an output that writes files, or a source's receiver code.
  if (candidates.empty()) candidates.push_back(&graph.node(task.terminal_node()).description());
  if (candidates.size() == 1) return absl::StrCat("in ", candidates[0]->op, ", node ", candidates[0]->id);
  return absl::StrCat("in one of: ", absl::StrJoin(candidates, ", ", [](std::string* out, const NodeDescription* n) {
                        absl::StrAppend(out, n->op, " node ", n->id);
                      }));
}

absl::Status CheckInputKind(const TaskSpec& task, const NodeDescription& input) {
  if (const auto* delta = std::get_if<WindowDeltaInput>(&task.input)) {
    if (!input.IsIncrementalWindow()) {
      return absl::InvalidArgumentError(absl::StrCat("node ", input.id, " (", input.op,
                                                     ") is not an incremental window: it cannot read a window delta"));
    }
    for (const MaterializedPart& part : delta->previous) {
      if (part.key.node != input.id) {
        return absl::InvalidArgumentError(
            absl::StrCat("the window's previous result is node ", part.key.node, "'s but its input node is ", input.id));
      }
    }
    return absl::OkStatus();
  }
  if (const auto* snapshot = std::get_if<KeyedStateInput>(&task.input)) {
    if (!input.IsKeyedState() || snapshot->table.key.node != input.id) {
      return absl::InvalidArgumentError(
          absl::StrCat("node ", input.id, " (", input.op, ") has no keyed state table to read"));
    }
    return absl::OkStatus();
  }
  if (const auto* materialized = std::get_if<MaterializedInput>(&task.input)) {
    // Any node may be materialized; the partitions must be the input node's.
    for (const MaterializedPart& part : materialized->partitions) {
      if (part.key.node != input.id) {
        return absl::InvalidArgumentError(absl::StrCat("the task reads materialized partitions of node ", part.key.node,
                                                       " but its input node is ", input.id));
      }
    }
    return absl::OkStatus();
  }
  struct Expectation {
    NodeKind kind;
    const char* what;
  };
  Expectation expected = std::visit(
      [](const auto& in) -> Expectation {
        using T = std::decay_t<decltype(in)>;
        if constexpr (std::is_same_v<T, BlockRef>) return {NodeKind::kReceiverSource, "a received block"};
        if constexpr (std::is_same_v<T, FileSplit>) return {NodeKind::kFileSource, "a file split"};
        if constexpr (std::is_same_v<T, EncodedPartition>) return {NodeKind::kQueueSource, "the driver's data"};
        return {NodeKind::kShuffle, "shuffle output"};
      },
      task.input);
  if (input.kind != expected.kind) {
    return absl::InvalidArgumentError(absl::StrCat("node ", input.id, " (", input.op, ") is a ",
                                                   NodeKindName(input.kind), " node: it cannot read ", expected.what));
  }
  if (const auto* shuffle = std::get_if<ShuffleReadInput>(&task.input); shuffle && shuffle->shuffle_node != input.id) {
    return absl::InvalidArgumentError(
        absl::StrCat("the task reads shuffle node ", shuffle->shuffle_node, " but its input node is ", input.id));
  }
  return absl::OkStatus();
}

}  // namespace

struct TaskRunner::Pipeline {
  std::unique_ptr<ChunkedShuffleOutput> shuffle_output;
  ResultBuffer result;
  std::vector<std::unique_ptr<AnySink>> sinks;  // from the terminal back to the head
  AnySink* head = nullptr;
};

TaskRunner::TaskRunner(std::string worker_id, const Config& config, BlockStore* blocks, ShuffleStore* shuffles,
                       KeyedStateStore* keyed_states, ShuffleFetcher* fetcher)
    : worker_id_(std::move(worker_id)),
      config_(config),
      blocks_(blocks),
      shuffles_(shuffles),
      keyed_states_(keyed_states),
      fetcher_(fetcher) {}

absl::Status TaskRunner::Validate(const TaskSpec& task, const JobGraph& graph) const {
  auto in_graph = [&](int32_t id) { return id >= 0 && id < graph.size(); };
  if (!in_graph(task.input_node)) {
    return absl::InvalidArgumentError(
        absl::StrCat("input node ", task.input_node, " is not in the graph (", graph.size(), " nodes)"));
  }
  absl::Status input = CheckInputKind(task, graph.node(task.input_node).description());
  if (!input.ok()) return input;
  const bool writes_partition = std::holds_alternative<PartitionWriteSpec>(task.sink);
  if (task.steps.empty() && !writes_partition) return absl::InvalidArgumentError("the task has no pipeline steps");
  int32_t upstream = task.input_node;
  for (size_t i = 0; i < task.steps.size(); ++i) {
    const PipelineStep& step = task.steps[i];
    if (!in_graph(step.node)) {
      return absl::InvalidArgumentError(absl::StrCat("step node ", step.node, " is not in the graph"));
    }
    const NodeDescription& node = graph.node(step.node).description();
    if (step.parent_index < 0 || static_cast<size_t>(step.parent_index) >= node.parents.size() ||
        node.parents[step.parent_index] != upstream) {
      return absl::InvalidArgumentError(
          absl::StrCat("node ", node.id, " (", node.op, ") has no parent ", upstream, " at index ", step.parent_index));
    }
    bool terminal = i + 1 == task.steps.size();
    // A partition write stores a narrow node's records, or an output's that holds them for the driver.
    const bool held_output = terminal && writes_partition && node.HoldsOutputForDriver();
    NodeKind expected = held_output                                           ? NodeKind::kOutput
                        : !terminal || writes_partition                       ? NodeKind::kNarrow
                        : std::holds_alternative<ShuffleWriteSpec>(task.sink) ? NodeKind::kShuffle
                                                                              : NodeKind::kOutput;
    if (node.kind != expected) {
      return absl::InvalidArgumentError(absl::StrCat("node ", node.id, " (", node.op, ") is a ",
                                                     NodeKindName(node.kind), " node where the task needs a ",
                                                     NodeKindName(expected), " node"));
    }
    upstream = step.node;
  }
  return absl::OkStatus();
}

absl::Status TaskRunner::BuildPipeline(const TaskSpec& task, const JobGraph& graph, Pipeline* pipeline) const {
  std::unique_ptr<AnySink> sink;
  size_t transforms = task.steps.size();  // the steps that become transformation sinks
  if (std::holds_alternative<PartitionWriteSpec>(task.sink)) {
    // A materialized partition is a map output with one partition.
    const Node& written = graph.node(task.terminal_node());
    pipeline->shuffle_output = std::make_unique<ChunkedShuffleOutput>(1, config_.shuffle_chunk_bytes);
    sink = written.MakePartitionWriter(*pipeline->shuffle_output);
  } else {
    const PipelineStep& last = task.steps.back();
    const Node& terminal = graph.node(last.node);
    --transforms;
    if (const auto* write = std::get_if<ShuffleWriteSpec>(&task.sink)) {
      pipeline->shuffle_output =
          std::make_unique<ChunkedShuffleOutput>(write->num_partitions, config_.shuffle_chunk_bytes);
      sink = terminal.MakeShuffleWriter(last.parent_index, *pipeline->shuffle_output);
      if (!sink) return absl::InvalidArgumentError(NodeName(terminal) + " cannot be used as a shuffle writer");
    } else {
      pipeline->result.limit = std::get<ResultSpec>(task.sink).record_limit;
      OutputTaskContext context{task.app_id, Time(task.batch_ms), task.partition, task.attempt};
      sink = terminal.MakeResultSink(last.parent_index, context, pipeline->result);
      if (!sink) return absl::InvalidArgumentError(NodeName(terminal) + " cannot be used as a result sink");
    }
  }
  pipeline->sinks.push_back(std::move(sink));
  for (size_t i = transforms; i-- > 0;) {
    const Node& node = graph.node(task.steps[i].node);
    sink = node.MakeTransformSink(task.steps[i].parent_index, *pipeline->sinks.back());
    if (!sink) return absl::InvalidArgumentError(NodeName(node) + " cannot be used as a transformation");
    pipeline->sinks.push_back(std::move(sink));
  }
  pipeline->head = pipeline->sinks.back().get();
  return absl::OkStatus();
}

absl::Status TaskRunner::FeedInput(const TaskSpec& task, const JobGraph& graph, AnySink& head,
                                   TaskResult* result) const {
  const Node& input = graph.node(task.input_node);
  if (const auto* block_input = std::get_if<BlockRef>(&task.input)) {
    absl::StatusOr<StoredBlock> block = blocks_->Get(block_input->block_id);
    if (!block.ok()) return block.status();
    result->records_in = block->records;
    if (!input.DecodeInto(*block->data, head)) {
      return absl::DataLossError(absl::StrCat("corrupt block ", block_input->block_id));
    }
    head.Finish();
    return absl::OkStatus();
  }
  if (const auto* queued = std::get_if<EncodedPartition>(&task.input)) {
    result->records_in = queued->count;
    if (!input.DecodeInto(queued->records, head)) {
      return absl::DataLossError(absl::StrCat("corrupt driver data for ", NodeName(input)));
    }
    head.Finish();
    return absl::OkStatus();
  }
  if (const auto* split = std::get_if<FileSplit>(&task.input)) {
    absl::Status read =
        ReadTextSplit(split->path, split->start, split->length, config_.max_record_bytes, [&](std::string_view line) {
          ++result->records_in;
          input.FeedLine(line, head);
        });
    if (!read.ok()) return read;
    head.Finish();
    return absl::OkStatus();
  }
  if (const auto* materialized = std::get_if<MaterializedInput>(&task.input)) {
    return ReadMaterialized(task, *materialized, input, head);
  }
  if (const auto* delta = std::get_if<WindowDeltaInput>(&task.input)) return ReadWindowDelta(task, *delta, input, head);
  if (const auto* snapshot = std::get_if<KeyedStateInput>(&task.input)) {
    return ReadKeyedState(task, *snapshot, input, head);
  }
  const auto& shuffle = std::get<ShuffleReadInput>(task.input);
  ShuffleReader reader(ShuffleReader::Options{.app_id = task.app_id,
                                              .batch_ms = task.batch_ms,
                                              .shuffle_node = shuffle.shuffle_node,
                                              .reduce_partition = shuffle.reduce_partition,
                                              .map_outputs = shuffle.map_outputs,
                                              .local_worker_id = worker_id_,
                                              .fetch_timeout = Milliseconds(config_.rpc_timeout_ms)},
                       shuffles_, fetcher_);
  if (shuffle.state && input.description().IsKeyedState()) {
    return ApplyToKeyedState(task, shuffle, input, reader, head);
  }
  if (shuffle.state) return ReadState(task, shuffle, input, reader, head);
  if (!input.ReadShuffle(reader, head)) {
    if (!reader.status().ok()) return reader.status();
    return absl::DataLossError(
        absl::StrCat("corrupt shuffle data for partition ", shuffle.reduce_partition, " of ", NodeName(input)));
  }
  return reader.status();
}

std::unique_ptr<ShuffleReader> TaskRunner::MaterializedReader(
    const TaskSpec& task, const std::vector<MaterializedPart>& parts) const {
  return std::make_unique<ShuffleReader>(ShuffleReader::Options{.app_id = task.app_id,
                                                                .batch_ms = task.batch_ms,
                                                                .local_worker_id = worker_id_,
                                                                .fetch_timeout = Milliseconds(config_.rpc_timeout_ms),
                                                                .materialized = parts},
                                         shuffles_, fetcher_);
}

absl::Status TaskRunner::ReadState(const TaskSpec& task, const ShuffleReadInput& shuffle, const Node& input,
                                   ShuffleReader& new_values, AnySink& head) const {
  const StateReadInput& state = *shuffle.state;
  std::unique_ptr<ShuffleReader> previous_reader = MaterializedReader(task, state.previous);
  ShuffleReader& previous = *previous_reader;
  StateTaskContext context{.batch_time = Time(task.batch_ms),
                           .partition = shuffle.reduce_partition,
                           .num_partitions = state.num_partitions,
                           .first_batch = state.first_batch};
  if (!input.ReadState(new_values, previous, context, head)) {
    if (!new_values.status().ok()) return new_values.status();
    if (!previous.status().ok()) return previous.status();
    return absl::DataLossError(absl::StrCat("corrupt state or shuffle data for partition ", shuffle.reduce_partition,
                                            " of ", NodeName(input)));
  }
  if (!previous.status().ok()) return previous.status();
  return new_values.status();
}

absl::Status TaskRunner::ApplyToKeyedState(const TaskSpec& task, const ShuffleReadInput& shuffle, const Node& input,
                                           ShuffleReader& new_values, AnySink& head) const {
  const StateReadInput& state = *shuffle.state;
  std::optional<int64_t> previous_ms;
  if (!state.first_batch) {
    if (state.previous.empty() || state.previous.front().site.worker_id != worker_id_) {
      return absl::FailedPreconditionError(absl::StrCat("the state table of partition ", shuffle.reduce_partition,
                                                        " of ", NodeName(input), " is not on this worker (", worker_id_,
                                                        ")"));
    }
    previous_ms = state.previous.front().key.batch_ms;
  }
  KeyedStateStore::Lease lease = keyed_states_->Acquire(task.app_id, input.id(), shuffle.reduce_partition);
  std::unique_ptr<KeyedStateTable>& table = lease.table();
  if (table == nullptr) {
    table = input.MakeKeyedStateTable();
    Logger(LogComponent::kWorker)
        .ForApp(task.app_id)
        .ForBatch(task.batch_ms)
        .Info("keeps the state table of partition {} of {}", shuffle.reduce_partition, NodeName(input));
  }
  std::string not_ready = table->BeginBatch(task.batch_ms, previous_ms);
  if (!not_ready.empty()) {
    return absl::FailedPreconditionError(
        absl::StrCat("partition ", shuffle.reduce_partition, " of ", NodeName(input), ": ", not_ready));
  }
  StateTaskContext context{.batch_time = Time(task.batch_ms),
                           .partition = shuffle.reduce_partition,
                           .num_partitions = state.num_partitions,
                           .first_batch = state.first_batch};
  if (!input.ApplyToKeyedState(new_values, *table, context, head)) {
    if (!new_values.status().ok()) return new_values.status();
    return absl::DataLossError(
        absl::StrCat("corrupt shuffle data for partition ", shuffle.reduce_partition, " of ", NodeName(input)));
  }
  return new_values.status();
}

absl::Status TaskRunner::ReadKeyedState(const TaskSpec& task, const KeyedStateInput& snapshot, const Node& input,
                                        AnySink& head) const {
  const MaterializedKey& key = snapshot.table.key;
  KeyedStateStore::Lease lease = keyed_states_->Acquire(task.app_id, input.id(), key.partition);
  const std::unique_ptr<KeyedStateTable>& table = lease.table();
  if (snapshot.table.site.worker_id != worker_id_ || table == nullptr || table->latest_ms() != key.batch_ms) {
    return absl::FailedPreconditionError(absl::StrCat("the state table of partition ", key.partition, " of ",
                                                      NodeName(input), " as of ", key.batch_ms,
                                                      " ms is not on this worker (", worker_id_, ")"));
  }
  input.ReadKeyedState(*table, head);
  return absl::OkStatus();
}

absl::Status TaskRunner::ReadWindowDelta(const TaskSpec& task, const WindowDeltaInput& delta, const Node& input,
                                         AnySink& head) const {
  std::unique_ptr<ShuffleReader> previous = MaterializedReader(task, delta.previous);
  std::unique_ptr<ShuffleReader> added = MaterializedReader(task, delta.added);
  std::unique_ptr<ShuffleReader> removed = MaterializedReader(task, delta.removed);
  bool intact = input.ReadWindowDelta(*previous, *added, *removed, head);
  for (const ShuffleReader* reader : {previous.get(), added.get(), removed.get()}) {
    if (!reader->status().ok()) return reader->status();
  }
  if (!intact) return absl::DataLossError(absl::StrCat("corrupt materialized data read by ", NodeName(input)));
  return absl::OkStatus();
}

absl::Status TaskRunner::ReadMaterialized(const TaskSpec& task, const MaterializedInput& materialized,
                                          const Node& input, AnySink& head) const {
  std::unique_ptr<ShuffleReader> reader_ptr = MaterializedReader(task, materialized.partitions);
  ShuffleReader& reader = *reader_ptr;
  std::string_view chunk;
  while (reader.Next(&chunk)) {
    if (!input.DecodeInto(chunk, head)) {
      return absl::DataLossError(absl::StrCat("corrupt materialized data of ", NodeName(input)));
    }
  }
  if (!reader.status().ok()) return reader.status();
  head.Finish();
  return absl::OkStatus();
}

TaskResult TaskRunner::Run(const TaskSpec& task, const JobGraph& graph) const {
  TaskResult result = TaskResult::For(task);
  absl::Status status = Validate(task, graph);
  std::shared_ptr<const JobGraph> batch_graph;  // outlives the pipeline, whose sinks are its nodes'
  Pipeline pipeline;
  try {
    // Transform functions build their nodes again for this batch's time.
    if (status.ok()) batch_graph = graph.ForBatch(Time(task.batch_ms));
    if (status.ok()) status = BuildPipeline(task, *batch_graph, &pipeline);
    if (status.ok()) status = FeedInput(task, *batch_graph, *pipeline.head, &result);
  } catch (const std::exception& e) {
    status = absl::AbortedError(absl::StrCat(e.what(), " (", UserCodeLocation(task, graph), ")"));
  } catch (...) {
    status = absl::AbortedError(
        absl::StrCat("an exception that is not a std::exception (", UserCodeLocation(task, graph), ")"));
  }
  if (!status.ok()) {
    result.state = TaskState::kFailed;
    result.error = std::string(status.message());
    result.lost_input_worker = LostInputWorker(status);
    return result;
  }
  if (pipeline.shuffle_output) {
    result.records_out = pipeline.shuffle_output->records_written();
    const auto* write = std::get_if<PartitionWriteSpec>(&task.sink);
    ShuffleKey key = write != nullptr
                         ? ShuffleKey::Materialized(task.app_id, task.batch_ms, task.terminal_node(), write->partition)
                         : ShuffleKey{task.app_id, task.batch_ms, task.steps.back().node,
                                      std::get<ShuffleWriteSpec>(task.sink).map_index};
    shuffles_->Put(key, pipeline.shuffle_output->TakeOutput());
    if (write != nullptr && !write->checkpoint_dir.empty()) {
      status =
          WriteTaskCheckpoint(task, graph.node(task.terminal_node()), result.records_out, *shuffles_, *keyed_states_);
      if (!status.ok()) {
        result.state = TaskState::kFailed;
        result.error = std::string(status.message());
        return result;
      }
    }
  } else {
    result.records_out = pipeline.result.seen;
    result.result_records = std::move(pipeline.result.records);
    result.result_count = pipeline.result.count;
  }
  result.state = TaskState::kSucceeded;
  return result;
}

}  // namespace sluice
