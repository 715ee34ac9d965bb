#include "master/task_spec_builder.h"

#include <variant>

namespace sluice {
namespace {

// The planned input, with the sites the launch knows and the plan did not.
TaskInput InputOf(const TaskLaunch& launch) {
  const PlannedTask& task = *launch.task;
  if (std::holds_alternative<WindowDeltaInput>(task.input)) {
    return launch.window_delta ? *launch.window_delta : std::get<WindowDeltaInput>(task.input);
  }
  if (std::holds_alternative<MaterializedInput>(task.input)) return MaterializedInput{launch.materialized};
  if (std::holds_alternative<KeyedStateInput>(task.input)) return KeyedStateInput{launch.materialized.at(0)};
  if (const auto* reduce = std::get_if<ReducePartitionInput>(&task.input)) {
    ShuffleReadInput read{task.input_node, reduce->reduce_partition, launch.map_outputs, std::nullopt};
    if (reduce->state) {
      read.state = StateReadInput{reduce->state->first_batch, reduce->state->num_partitions, launch.materialized};
    }
    return read;
  }
  if (const auto* block = std::get_if<BlockRef>(&task.input)) return *block;
  if (const auto* split = std::get_if<FileSplit>(&task.input)) return *split;
  return std::get<EncodedPartition>(task.input);
}

TaskSink SinkOf(const TaskAssignment& assignment) {
  const PlannedStage& stage = *assignment.launch.stage;
  const int32_t partition = assignment.launch.task->partition;
  if (stage.writes_partition) {
    if (!stage.checkpoint) return PartitionWriteSpec{partition, "", 0};
    return PartitionWriteSpec{partition, assignment.checkpoint_dir, stage.previous_checkpoint_ms};
  }
  if (stage.writes_shuffle) return ShuffleWriteSpec{partition, stage.num_output_partitions};
  return ResultSpec{stage.record_limit};
}

}  // namespace

TaskSpec BuildTaskSpec(const TaskAssignment& assignment) {
  const TaskLaunch& launch = assignment.launch;
  TaskSpec spec;
  spec.app_id = assignment.app_id;
  spec.library_hash = assignment.library_hash;
  spec.batch_ms = launch.batch_ms;
  spec.stage_id = launch.stage_id;
  spec.partition = launch.task->partition;
  spec.attempt = launch.attempt;
  spec.input_node = launch.task->input_node;
  spec.input = InputOf(launch);
  for (const PipelineStepRef& step : launch.task->steps) spec.steps.push_back(PipelineStep{step.node, step.parent_index});
  spec.sink = SinkOf(assignment);
  return spec;
}

}  // namespace sluice
