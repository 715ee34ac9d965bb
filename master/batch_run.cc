#include "master/batch_run.h"

#include <algorithm>

#include "absl/strings/str_cat.h"

namespace sluice {

BatchRun::BatchRun(int64_t batch_ms, BatchPlan plan, int max_attempts)
    : batch_ms_(batch_ms), plan_(std::move(plan)), max_attempts_(max_attempts) {
  for (const PlannedStage& stage : plan_.stages) status_.emplace_back(stage.tasks.size());
}

bool BatchRun::StageComplete(int32_t stage_id) const {
  for (const TaskStatus& task : status_[stage_id]) {
    if (task.state != TaskState::kSucceeded) return false;
  }
  return true;
}

std::vector<MapOutputLocation> BatchRun::MapOutputsOf(int32_t stage_id) const {
  std::vector<MapOutputLocation> outputs;
  const auto& tasks = status_[stage_id];
  for (int32_t i = 0; i < static_cast<int32_t>(tasks.size()); ++i) {
    outputs.push_back({tasks[i].worker_id, tasks[i].worker_address, i});
  }
  return outputs;
}

std::vector<MaterializedPart> BatchRun::Located(const MaterializedInput& read) const { return Located(read.partitions); }

std::vector<MaterializedPart> BatchRun::Located(std::vector<MaterializedPart> parts) const {
  for (MaterializedPart& part : parts) {
    // Earlier batches' parts are located by the planner (batches are planned when they start), or nowhere.
    if (!part.site.worker_id.empty() || part.key.batch_ms != batch_ms_) continue;
    const TaskStatus& writer = status_[plan_.materialize_stage_of(part.key.node)].at(part.key.partition);
    part.site = MaterializedSite{writer.worker_id, writer.worker_address};
  }
  return parts;
}

bool BatchRun::LocateDelta(const WindowDeltaInput& read, WindowDeltaInput* located) {
  *located = WindowDeltaInput{Located(read.previous), Located(read.added), Located(read.removed)};
  for (const auto* parts : {&located->previous, &located->added, &located->removed}) {
    for (const MaterializedPart& part : *parts) {
      if (!part.site.worker_id.empty()) continue;
      FailFatally(absl::StrCat("partition ", part.key.partition, " of node ", part.key.node, " at ",
                               part.key.batch_ms, " ms, which an incremental window reads, is not available"));
      return false;
    }
  }
  return true;
}

// A keyed state table is where the task that made it ran (the site of that task's partition).
void BatchRun::RequireTableSite(const MaterializedPart& part, TaskLaunch* launch) {
  launch->required_worker = part.site.worker_id;
  launch->required_data = absl::StrCat("the state table of partition ", part.key.partition, " of node ", part.key.node);
  launch->required_for_state = true;
}

std::vector<TaskLaunch> BatchRun::TakeRunnable() {
  std::vector<TaskLaunch> launches;
  if (failed()) return launches;
  for (const PlannedStage& stage : plan_.stages) {
    bool parents_done = true;
    for (int32_t parent : stage.parent_stages) parents_done = parents_done && StageComplete(parent);
    if (!parents_done) continue;
    for (const PlannedTask& task : stage.tasks) {
      TaskStatus& status = status_[stage.id][task.partition];
      if (status.state != TaskState::kWaiting) continue;
      status.state = TaskState::kRunning;
      TaskLaunch launch;
      launch.batch_ms = batch_ms_;
      launch.stage_id = stage.id;
      launch.attempt = status.attempts;
      launch.stage = &stage;
      launch.task = &task;
      if (const auto* block = std::get_if<BlockRef>(&task.input)) {
        launch.required_worker = block->worker_id;
        launch.replica_workers = block->replica_worker_ids;
        launch.required_data = absl::StrCat("block ", block->block_id);
      }
      if (const auto* reduce = std::get_if<ReducePartitionInput>(&task.input)) {
        launch.map_outputs = MapOutputsOf(plan_.shuffle_stage_of(task.input_node));
        if (reduce->state) {
          for (const MaterializedPart& part : reduce->state->previous) {
            if (part.site.worker_id.empty()) {
              FailFatally(absl::StrCat("the state of node ", part.key.node, " at ", part.key.batch_ms,
                                       " ms (partition ", part.key.partition, ") is not available"));
              return {};
            }
          }
          launch.materialized = reduce->state->previous;
          if (!launch.materialized.empty()) {
            if (reduce->state->keyed_table) {
              RequireTableSite(launch.materialized.front(), &launch);
            } else {
              launch.preferred_worker = launch.materialized.front().site.worker_id;
            }
          }
        }
      }
      if (const auto* snapshot = std::get_if<KeyedStateInput>(&task.input)) {
        launch.materialized = Located({snapshot->table});
        if (launch.materialized.front().site.worker_id.empty()) {
          FailFatally(absl::StrCat("the state table of partition ", snapshot->table.key.partition, " of node ",
                                   snapshot->table.key.node, " is nowhere"));
          return {};
        }
        RequireTableSite(launch.materialized.front(), &launch);
      }
      if (const auto* delta = std::get_if<WindowDeltaInput>(&task.input)) {
        WindowDeltaInput located;
        if (!LocateDelta(*delta, &located)) return {};
        const auto& first = !located.previous.empty() ? located.previous : located.added;
        if (!first.empty()) launch.preferred_worker = first.front().site.worker_id;
        launch.window_delta = std::move(located);
      }
      if (const auto* read = std::get_if<MaterializedInput>(&task.input)) {
        launch.materialized = Located(*read);
        if (!launch.materialized.empty()) launch.preferred_worker = launch.materialized.front().site.worker_id;
      }
      launches.push_back(std::move(launch));
    }
  }
  return launches;
}

void BatchRun::OnTaskSucceeded(int32_t stage_id, int32_t partition, const std::string& worker_id,
                               const std::string& worker_address, std::string result_records, int64_t result_count,
                               int64_t records_out) {
  TaskStatus& status = status_.at(stage_id).at(partition);
  status.state = TaskState::kSucceeded;
  status.worker_id = worker_id;
  status.worker_address = worker_address;
  status.result_records = std::move(result_records);
  status.result_count = result_count;
  status.records_out = records_out;
}

void BatchRun::OnTaskFailed(int32_t stage_id, int32_t partition, const std::string& error) {
  TaskStatus& status = status_.at(stage_id).at(partition);
  if (status.state == TaskState::kSucceeded) return;  // a late report of an earlier attempt
  if (++status.attempts >= max_attempts_) {
    Fail(error);
    return;
  }
  status.state = TaskState::kWaiting;
}

void BatchRun::Requeue(int32_t stage_id, int32_t partition) {
  TaskStatus& status = status_.at(stage_id).at(partition);
  if (status.state == TaskState::kRunning) status.state = TaskState::kWaiting;
}

bool BatchRun::OutputStillNeeded(const PlannedStage& stage) const {
  if (stage.writes_partition) return true;  // read by later batches, or by the driver (foreachRDD)
  if (!stage.writes_shuffle) return false;  // results: the master has them
  for (const PlannedStage& consumer : plan_.stages) {
    bool reads_it =
        std::find(consumer.parent_stages.begin(), consumer.parent_stages.end(), stage.id) != consumer.parent_stages.end();
    if (reads_it && !StageComplete(consumer.id)) return true;
  }
  return false;
}

int BatchRun::OnWorkerLost(const std::string& worker_id) {
  int again = 0;
  for (const PlannedStage& stage : plan_.stages) {
    if (!OutputStillNeeded(stage)) continue;
    for (TaskStatus& status : status_[stage.id]) {
      if (status.state != TaskState::kSucceeded || status.worker_id != worker_id) continue;
      status = TaskStatus{.attempts = status.attempts, .input_losses = status.input_losses};
      ++again;
    }
  }
  recomputed_tasks_ += again;
  return again;
}

void BatchRun::OnInputLost(int32_t stage_id, int32_t partition, const std::string& worker_id,
                           const std::string& error) {
  OnWorkerLost(worker_id);
  TaskStatus& status = status_.at(stage_id).at(partition);
  if (status.state == TaskState::kSucceeded) return;  // a late report of an earlier attempt
  // Its input is being computed again (now, or since another task's report of the same loss).
  bool recomputing = false;
  for (int32_t parent : plan_.stages.at(stage_id).parent_stages) recomputing = recomputing || !StageComplete(parent);
  if (recomputing && status.input_losses < max_attempts_) {
    ++status.input_losses;
    status.state = TaskState::kWaiting;  // runs once what it reads is there again
    return;
  }
  OnTaskFailed(stage_id, partition, error);
}

void BatchRun::Fail(const std::string& error) {
  if (failure_.empty()) failure_ = error;
}

void BatchRun::FailFatally(const std::string& error) {
  if (failure_.empty()) fatal_ = true;
  Fail(error);
}

bool BatchRun::complete() const {
  for (const PlannedStage& stage : plan_.stages) {
    if (!StageComplete(stage.id)) return false;
  }
  return true;
}

std::vector<BatchOutputEvent> BatchRun::Outputs() const {
  std::vector<BatchOutputEvent> outputs;
  for (int32_t stage_id : plan_.output_stages) {
    const PlannedStage& stage = plan_.stages[stage_id];
    BatchOutputEvent output;
    output.batch_ms = batch_ms_;
    output.output_node = stage.terminal_node;
    for (int32_t p = 0; p < static_cast<int32_t>(status_[stage_id].size()); ++p) {
      const TaskStatus& task = status_[stage_id][p];
      if (stage.writes_partition) {  // foreachRDD: the data set stays where it is, for the driver to fetch
        output.held.push_back(HeldPartition{p, task.worker_id, task.worker_address, task.records_out});
        output.count += task.records_out;
        continue;
      }
      // Results are encoded records back to back, so partitions concatenate; the limit is applied by the
      // driver, which knows where records end.
      output.records.append(task.result_records);
      output.count += task.result_count;
    }
    outputs.push_back(std::move(output));
  }
  return outputs;
}

int64_t BatchRun::input_records() const {
  int64_t total = 0;
  for (const PlannedStage& stage : plan_.stages) {
    for (const PlannedTask& task : stage.tasks) {
      if (const auto* block = std::get_if<BlockRef>(&task.input)) total += block->records;
      if (const auto* queued = std::get_if<EncodedPartition>(&task.input)) total += queued->count;
    }
  }
  return total;
}

std::vector<std::pair<MaterializedKey, MaterializedSite>> BatchRun::MaterializedPartitions() const {
  std::vector<std::pair<MaterializedKey, MaterializedSite>> partitions;
  for (const PlannedStage& stage : plan_.stages) {
    if (!stage.writes_partition) continue;
    for (const PlannedTask& task : stage.tasks) {
      const TaskStatus& status = status_[stage.id][task.partition];
      if (status.state != TaskState::kSucceeded) continue;
      partitions.push_back({MaterializedKey{stage.terminal_node, batch_ms_, task.partition},
                            MaterializedSite{status.worker_id, status.worker_address}});
    }
  }
  return partitions;
}

std::vector<int32_t> BatchRun::NodesKeptForLaterBatches() const {
  std::vector<int32_t> nodes;
  for (const PlannedStage& stage : plan_.stages) {
    bool output = std::find(plan_.output_stages.begin(), plan_.output_stages.end(), stage.id) != plan_.output_stages.end();
    if (stage.writes_partition && !output) nodes.push_back(stage.terminal_node);
  }
  return nodes;
}

}  // namespace sluice
