#include "master/task_wire.h"

namespace sluice {

namespace {

void PartToProto(const MaterializedPart& part, proto::MaterializedPartition* out) {
  out->set_node(part.key.node);
  out->set_batch_ms(part.key.batch_ms);
  out->set_partition(part.key.partition);
  out->set_worker_id(part.site.worker_id);
  out->set_worker_address(part.site.worker_address);
}

void PartsToProto(const std::vector<MaterializedPart>& parts,
                  google::protobuf::RepeatedPtrField<proto::MaterializedPartition>* out) {
  for (const MaterializedPart& part : parts) PartToProto(part, out->Add());
}

}  // namespace

void TaskToProto(const TaskAssignment& assignment, proto::TaskSpec* out) {
  const TaskLaunch& launch = assignment.launch;
  const PlannedTask& task = *launch.task;
  out->set_app_id(assignment.app_id);
  out->set_library_hash(assignment.library_hash);
  out->set_batch_ms(launch.batch_ms);
  out->set_stage_id(launch.stage_id);
  out->set_partition(task.partition);
  out->set_attempt(launch.attempt);
  out->set_input_node(task.input_node);
  proto::TaskInput* input = out->mutable_input();
  if (const auto* block = std::get_if<BlockInfo>(&task.input)) {
    proto::BlockRef* ref = input->mutable_block();
    ref->set_block_id(block->block_id);
    ref->set_source_node(block->source_node);
    ref->set_worker_id(block->worker_id);
    ref->set_records(block->records);
    ref->set_bytes(block->bytes);
  } else if (const auto* split = std::get_if<FileSplitSpec>(&task.input)) {
    proto::FileSplit* file = input->mutable_file_split();
    file->set_path(split->path);
    file->set_start(split->start);
    file->set_length(split->length);
  } else if (const auto* queued = std::get_if<QueuedPartition>(&task.input)) {
    input->mutable_inline_partition()->set_records(queued->records);
    input->mutable_inline_partition()->set_count(queued->count);
  } else if (std::holds_alternative<WindowDeltaRead>(task.input)) {
    const WindowDeltaRead& delta = launch.window_delta ? *launch.window_delta : std::get<WindowDeltaRead>(task.input);
    proto::WindowDeltaRead* read = input->mutable_window_delta();
    PartsToProto(delta.previous, read->mutable_previous());
    PartsToProto(delta.added, read->mutable_added());
    PartsToProto(delta.removed, read->mutable_removed());
  } else if (std::holds_alternative<MaterializedRead>(task.input)) {
    PartsToProto(launch.materialized, input->mutable_materialized()->mutable_partitions());
  } else if (std::holds_alternative<KeyedStateRead>(task.input)) {
    PartToProto(launch.materialized.at(0), input->mutable_keyed_state()->mutable_table());
  } else {
    proto::ShuffleRead* read = input->mutable_shuffle();
    read->set_shuffle_node(task.input_node);
    const auto& reduce = std::get<ReducePartitionInput>(task.input);
    read->set_reduce_partition(reduce.reduce_partition);
    if (reduce.state) {
      proto::StateRead* state = read->mutable_state();
      state->set_first_batch(reduce.state->first_batch);
      state->set_num_partitions(reduce.state->num_partitions);
      PartsToProto(launch.materialized, state->mutable_previous());
    }
    for (const MapOutputSite& location : launch.map_outputs) {
      proto::ShuffleMapOutput* map_output = read->add_map_outputs();
      map_output->set_worker_id(location.worker_id);
      map_output->set_worker_address(location.worker_address);
      map_output->set_map_index(location.map_index);
    }
  }
  for (const PipelineStepRef& step : task.steps) {
    proto::PipelineStep* out_step = out->add_steps();
    out_step->set_node(step.node);
    out_step->set_parent_index(step.parent_index);
  }
  if (launch.stage->writes_partition) {
    proto::PartitionWrite* write = out->mutable_partition_write();
    write->set_partition(task.partition);
    if (launch.stage->checkpoint) {
      write->set_checkpoint_dir(assignment.checkpoint_dir);
      write->set_previous_checkpoint_ms(launch.stage->previous_checkpoint_ms);
    }
  } else if (launch.stage->writes_shuffle) {
    out->mutable_shuffle_write()->set_map_index(task.partition);
    out->mutable_shuffle_write()->set_num_partitions(launch.stage->num_output_partitions);
  } else {
    out->mutable_result()->set_record_limit(launch.stage->record_limit);
  }
}

TaskReport TaskReportFromProto(const proto::ReportTaskRequest& request) {
  const proto::TaskResult& result = request.result();
  TaskReport report;
  report.worker_id = request.worker_id();
  report.app_id = result.app_id();
  report.batch_ms = result.batch_ms();
  report.stage_id = result.stage_id();
  report.partition = result.partition();
  report.attempt = result.attempt();
  report.succeeded = result.state() == proto::TASK_SUCCEEDED;
  report.error = result.error();
  report.result_records = result.result_records();
  report.result_count = result.result_count();
  report.records_out = result.records_out();
  return report;
}

BlockInfo BlockFromProto(const proto::BlockRef& block) {
  return BlockInfo{block.block_id(), block.source_node(), block.worker_id(), block.records(), block.bytes()};
}

}  // namespace sluice
