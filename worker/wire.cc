#include "worker/wire.h"

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace sluice {
namespace {

std::vector<MapOutputLocation> MapOutputsFromProto(
    const google::protobuf::RepeatedPtrField<proto::ShuffleMapOutput>& outputs) {
  std::vector<MapOutputLocation> locations;
  locations.reserve(outputs.size());
  for (const proto::ShuffleMapOutput& output : outputs) {
    locations.push_back(MapOutputLocation{output.worker_id(), output.worker_address(), output.map_index()});
  }
  return locations;
}

MaterializedPartitionRef PartFromProto(const proto::MaterializedPartition& part) {
  return MaterializedPartitionRef{part.node(), part.batch_ms(), part.partition(), part.worker_id(),
                                  part.worker_address()};
}

std::vector<MaterializedPartitionRef> PartsFromProto(
    const google::protobuf::RepeatedPtrField<proto::MaterializedPartition>& parts) {
  std::vector<MaterializedPartitionRef> refs;
  for (const proto::MaterializedPartition& part : parts) refs.push_back(PartFromProto(part));
  return refs;
}

absl::Status InputFromProto(const proto::TaskInput& input, TaskSpec* task) {
  switch (input.input_case()) {
    case proto::TaskInput::kBlock:
      task->input = BlockInput{input.block().block_id()};
      return absl::OkStatus();
    case proto::TaskInput::kFileSplit:
      task->input = FileSplitInput{input.file_split().path(), input.file_split().start(), input.file_split().length()};
      return absl::OkStatus();
    case proto::TaskInput::kInlinePartition:
      task->input = InlineInput{input.inline_partition().records(), input.inline_partition().count()};
      return absl::OkStatus();
    case proto::TaskInput::kShuffle: {
      ShuffleReadInput read{input.shuffle().shuffle_node(), input.shuffle().reduce_partition(),
                            MapOutputsFromProto(input.shuffle().map_outputs())};
      if (input.shuffle().has_state()) {
        const proto::StateRead& state = input.shuffle().state();
        read.state = StateReadInput{state.first_batch(), state.num_partitions(), PartsFromProto(state.previous())};
      }
      task->input = std::move(read);
      return absl::OkStatus();
    }
    case proto::TaskInput::kMaterialized:
      task->input = MaterializedInput{PartsFromProto(input.materialized().partitions())};
      return absl::OkStatus();
    case proto::TaskInput::kKeyedState:
      task->input = KeyedStateInput{PartFromProto(input.keyed_state().table())};
      return absl::OkStatus();
    case proto::TaskInput::kWindowDelta:
      task->input = WindowDeltaInput{PartsFromProto(input.window_delta().previous()),
                                     PartsFromProto(input.window_delta().added()),
                                     PartsFromProto(input.window_delta().removed())};
      return absl::OkStatus();
    default:
      return absl::InvalidArgumentError(absl::StrCat(task->Name(), " has no input"));
  }
}

}  // namespace



absl::StatusOr<TaskSpec> TaskFromProto(const proto::TaskSpec& spec) {
  TaskSpec task;
  task.app_id = spec.app_id();
  task.batch_ms = spec.batch_ms();
  task.stage_id = spec.stage_id();
  task.partition = spec.partition();
  task.attempt = spec.attempt();
  task.library_hash = spec.library_hash();
  task.input_node = spec.input_node();
  if (task.app_id.empty()) return absl::InvalidArgumentError("a task needs an app_id");
  if (task.library_hash.empty()) return absl::InvalidArgumentError(absl::StrCat(task.Name(), " has no library_hash"));
  absl::Status input = InputFromProto(spec.input(), &task);
  if (!input.ok()) return input;
  if (spec.steps().empty() && spec.sink_case() != proto::TaskSpec::kPartitionWrite) {
    return absl::InvalidArgumentError(absl::StrCat(task.Name(), " has no pipeline steps"));
  }
  for (const proto::PipelineStep& step : spec.steps()) {
    task.steps.push_back(PipelineStep{step.node(), step.parent_index()});
  }
  switch (spec.sink_case()) {
    case proto::TaskSpec::kShuffleWrite:
      if (spec.shuffle_write().num_partitions() <= 0) {
        return absl::InvalidArgumentError(absl::StrCat(task.Name(), " writes a shuffle with ",
                                                       spec.shuffle_write().num_partitions(), " partitions"));
      }
      task.sink = ShuffleWriteSpec{spec.shuffle_write().map_index(), spec.shuffle_write().num_partitions()};
      break;
    case proto::TaskSpec::kResult:
      task.sink = ResultSpec{spec.result().record_limit()};
      break;
    case proto::TaskSpec::kPartitionWrite:
      task.sink = PartitionWriteSpec{spec.partition_write().partition(), spec.partition_write().checkpoint_dir(),
                                     spec.partition_write().previous_checkpoint_ms()};
      break;
    default:
      return absl::InvalidArgumentError(absl::StrCat(task.Name(), " has no sink (shuffle_write or result)"));
  }
  return task;
}

void TaskResultToProto(const TaskResult& result, proto::TaskResult* out) {
  out->set_app_id(result.app_id);
  out->set_batch_ms(result.batch_ms);
  out->set_stage_id(result.stage_id);
  out->set_partition(result.partition);
  out->set_attempt(result.attempt);
  out->set_state(result.state == TaskState::kSucceeded ? proto::TASK_SUCCEEDED : proto::TASK_FAILED);
  out->set_error(result.error);
  out->set_records_in(result.records_in);
  out->set_records_out(result.records_out);
  out->set_result_records(result.result_records);
  out->set_result_count(result.result_count);
}

absl::StatusOr<ReceiverSpec> ReceiverFromProto(const proto::ReceiverSpec& spec) {
  if (spec.app_id().empty()) return absl::InvalidArgumentError("a receiver needs an app_id");
  if (spec.library_hash().empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat("receiver for node ", spec.source_node(), " of app ", spec.app_id(), " has no library_hash"));
  }
  return ReceiverSpec{spec.app_id(), spec.source_node(), spec.library_hash(), spec.block_interval_ms()};
}

void BlockReportToProto(const BlockReport& block, const std::string& worker_id, proto::BlockRef* out) {
  out->set_block_id(block.block_id);
  out->set_source_node(block.source_node);
  out->set_worker_id(worker_id);
  out->set_records(block.records);
  out->set_bytes(block.bytes);
}

proto::ReportReceiverRequest::Event ReceiverEventToProto(ReceiverEventKind kind) {
  switch (kind) {
    case ReceiverEventKind::kStarted:
      return proto::ReportReceiverRequest::STARTED;
    case ReceiverEventKind::kError:
      return proto::ReportReceiverRequest::ERROR;
    case ReceiverEventKind::kFailed:
      return proto::ReportReceiverRequest::FAILED;
    case ReceiverEventKind::kStopped:
      return proto::ReportReceiverRequest::STOPPED;
  }
  return proto::ReportReceiverRequest::EVENT_UNSPECIFIED;
}

ShuffleKey ShuffleKeyFromProto(const proto::FetchShuffleRequest& request) {
  return ShuffleKey{request.app_id(), request.batch_ms(), request.shuffle_node(), request.map_index(),
                    request.materialized()};
}

void ShuffleKeyToProto(const ShuffleKey& key, int32_t reduce_partition, proto::FetchShuffleRequest* out) {
  out->set_app_id(key.app_id);
  out->set_batch_ms(key.batch_ms);
  out->set_shuffle_node(key.shuffle_node);
  out->set_map_index(key.map_index);
  out->set_reduce_partition(reduce_partition);
  out->set_materialized(key.materialized);
}

}  // namespace sluice
