#include <variant>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "wire/proto_conversion.h"

// Tasks and their results on the wire.

namespace sluice {
namespace {

template <class Native, class Proto>
void AllToProto(const std::vector<Native>& values, google::protobuf::RepeatedPtrField<Proto>* out) {
  for (const Native& value : values) ToProto(value, out->Add());
}

template <class Proto>
auto AllFromProto(const google::protobuf::RepeatedPtrField<Proto>& values) {
  std::vector<decltype(FromProto(std::declval<const Proto&>()))> natives;
  natives.reserve(values.size());
  for (const Proto& value : values) natives.push_back(FromProto(value));
  return natives;
}

// Writes the one input a task has into the TaskInput oneof.
struct InputToProto {
  proto::TaskInput* out;
  void operator()(const BlockRef& block) const { ToProto(block, out->mutable_block()); }
  void operator()(const FileSplit& split) const { ToProto(split, out->mutable_file_split()); }
  void operator()(const EncodedPartition& partition) const { ToProto(partition, out->mutable_inline_partition()); }
  void operator()(const ShuffleReadInput& read) const {
    proto::ShuffleRead* shuffle = out->mutable_shuffle();
    shuffle->set_shuffle_node(read.shuffle_node);
    shuffle->set_reduce_partition(read.reduce_partition);
    AllToProto(read.map_outputs, shuffle->mutable_map_outputs());
    if (read.state) {
      proto::StateRead* state = shuffle->mutable_state();
      state->set_first_batch(read.state->first_batch);
      state->set_num_partitions(read.state->num_partitions);
      AllToProto(read.state->previous, state->mutable_previous());
    }
  }
  void operator()(const MaterializedInput& read) const {
    AllToProto(read.partitions, out->mutable_materialized()->mutable_partitions());
  }
  void operator()(const WindowDeltaInput& read) const {
    proto::WindowDeltaRead* delta = out->mutable_window_delta();
    AllToProto(read.previous, delta->mutable_previous());
    AllToProto(read.added, delta->mutable_added());
    AllToProto(read.removed, delta->mutable_removed());
  }
  void operator()(const KeyedStateInput& read) const { ToProto(read.table, out->mutable_keyed_state()->mutable_table()); }
};

struct SinkToProto {
  proto::TaskSpec* out;
  void operator()(const ShuffleWriteSpec& write) const {
    out->mutable_shuffle_write()->set_map_index(write.map_index);
    out->mutable_shuffle_write()->set_num_partitions(write.num_partitions);
  }
  void operator()(const ResultSpec& result) const { out->mutable_result()->set_record_limit(result.record_limit); }
  void operator()(const PartitionWriteSpec& write) const {
    proto::PartitionWrite* partition_write = out->mutable_partition_write();
    partition_write->set_partition(write.partition);
    partition_write->set_checkpoint_dir(write.checkpoint_dir);
    partition_write->set_previous_checkpoint_ms(write.previous_checkpoint_ms);
  }
};

absl::StatusOr<TaskInput> InputFromProto(const proto::TaskInput& input, const std::string& task_name) {
  switch (input.input_case()) {
    case proto::TaskInput::kBlock:
      return FromProto(input.block());
    case proto::TaskInput::kFileSplit:
      return FromProto(input.file_split());
    case proto::TaskInput::kInlinePartition:
      return FromProto(input.inline_partition());
    case proto::TaskInput::kShuffle: {
      const proto::ShuffleRead& shuffle = input.shuffle();
      ShuffleReadInput read{shuffle.shuffle_node(), shuffle.reduce_partition(), AllFromProto(shuffle.map_outputs()),
                            std::nullopt};
      if (shuffle.has_state()) {
        read.state = StateReadInput{shuffle.state().first_batch(), shuffle.state().num_partitions(),
                                    AllFromProto(shuffle.state().previous())};
      }
      return read;
    }
    case proto::TaskInput::kMaterialized:
      return MaterializedInput{AllFromProto(input.materialized().partitions())};
    case proto::TaskInput::kKeyedState:
      return KeyedStateInput{FromProto(input.keyed_state().table())};
    case proto::TaskInput::kWindowDelta:
      return WindowDeltaInput{AllFromProto(input.window_delta().previous()),
                              AllFromProto(input.window_delta().added()),
                              AllFromProto(input.window_delta().removed())};
    default:
      return absl::InvalidArgumentError(absl::StrCat(task_name, " has no input"));
  }
}

absl::StatusOr<TaskSink> SinkFromProto(const proto::TaskSpec& spec, const std::string& task_name) {
  switch (spec.sink_case()) {
    case proto::TaskSpec::kShuffleWrite:
      if (spec.shuffle_write().num_partitions() <= 0) {
        return absl::InvalidArgumentError(absl::StrCat(task_name, " writes a shuffle with ",
                                                       spec.shuffle_write().num_partitions(), " partitions"));
      }
      return ShuffleWriteSpec{spec.shuffle_write().map_index(), spec.shuffle_write().num_partitions()};
    case proto::TaskSpec::kResult:
      return ResultSpec{spec.result().record_limit()};
    case proto::TaskSpec::kPartitionWrite:
      return PartitionWriteSpec{spec.partition_write().partition(), spec.partition_write().checkpoint_dir(),
                                spec.partition_write().previous_checkpoint_ms()};
    default:
      return absl::InvalidArgumentError(absl::StrCat(task_name, " has no sink (shuffle_write or result)"));
  }
}

}  // namespace

void ToProto(const TaskSpec& task, proto::TaskSpec* out) {
  out->set_app_id(task.app_id);
  out->set_library_hash(task.library_hash);
  out->set_batch_ms(task.batch_ms);
  out->set_stage_id(task.stage_id);
  out->set_partition(task.partition);
  out->set_attempt(task.attempt);
  out->set_input_node(task.input_node);
  std::visit(InputToProto{out->mutable_input()}, task.input);
  for (const PipelineStep& step : task.steps) {
    proto::PipelineStep* out_step = out->add_steps();
    out_step->set_node(step.node);
    out_step->set_parent_index(step.parent_index);
  }
  std::visit(SinkToProto{out}, task.sink);
}

absl::StatusOr<TaskSpec> FromProto(const proto::TaskSpec& spec) {
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
  absl::StatusOr<TaskInput> input = InputFromProto(spec.input(), task.Name());
  if (!input.ok()) return input.status();
  task.input = *std::move(input);
  if (spec.steps().empty() && spec.sink_case() != proto::TaskSpec::kPartitionWrite) {
    return absl::InvalidArgumentError(absl::StrCat(task.Name(), " has no pipeline steps"));
  }
  for (const proto::PipelineStep& step : spec.steps()) {
    task.steps.push_back(PipelineStep{step.node(), step.parent_index()});
  }
  absl::StatusOr<TaskSink> sink = SinkFromProto(spec, task.Name());
  if (!sink.ok()) return sink.status();
  task.sink = *std::move(sink);
  return task;
}

void ToProto(const TaskResult& result, proto::TaskResult* out) {
  out->set_app_id(result.app_id);
  out->set_batch_ms(result.batch_ms);
  out->set_stage_id(result.stage_id);
  out->set_partition(result.partition);
  out->set_attempt(result.attempt);
  out->set_state(result.succeeded() ? proto::TASK_SUCCEEDED : proto::TASK_FAILED);
  out->set_error(result.error);
  out->set_records_in(result.records_in);
  out->set_records_out(result.records_out);
  out->set_result_records(result.result_records);
  out->set_result_count(result.result_count);
  out->set_lost_input_worker(result.lost_input_worker);
}

TaskResult FromProto(const proto::TaskResult& result) {
  TaskResult out;
  out.app_id = result.app_id();
  out.batch_ms = result.batch_ms();
  out.stage_id = result.stage_id();
  out.partition = result.partition();
  out.attempt = result.attempt();
  out.state = result.state() == proto::TASK_SUCCEEDED ? TaskState::kSucceeded : TaskState::kFailed;
  out.error = result.error();
  out.records_in = result.records_in();
  out.records_out = result.records_out();
  out.result_records = result.result_records();
  out.result_count = result.result_count();
  out.lost_input_worker = result.lost_input_worker();
  return out;
}

void ToProto(const TaskReport& report, proto::ReportTaskRequest* out) {
  out->set_worker_id(report.worker_id);
  ToProto(report.result, out->mutable_result());
}

TaskReport FromProto(const proto::ReportTaskRequest& request) {
  return TaskReport{request.worker_id(), FromProto(request.result())};
}

}  // namespace sluice
