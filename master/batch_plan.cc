#include "master/batch_plan.h"

#include <algorithm>
#include <stdexcept>

#include "absl/strings/numbers.h"

namespace sluice {
namespace {

// A path from an input (source or shuffle) to a terminal node, through narrow nodes.
struct Path {
  int32_t input_node;
  std::vector<PipelineStepRef> steps;
  bool materialized = false;  // the path starts at a window, which reads its parent's materialized partitions
  bool current = false;       // the path reads the input node's materialized partitions of this batch (a state)
  bool snapshot = false;      // the path starts at stateSnapshots, which reads the input node's state tables
};

void CollectPaths(const GraphDescription& graph, int32_t node_id, std::vector<PipelineStepRef> suffix,
                  std::vector<Path>* out) {
  const NodeDescription& node = graph.node(node_id);
  for (int32_t i = 0; i < static_cast<int32_t>(node.parents.size()); ++i) {
    std::vector<PipelineStepRef> steps = suffix;
    steps.insert(steps.begin(), PipelineStepRef{node_id, i});
    int32_t parent = node.parents[i];
    NodeKind kind = graph.node(parent).kind;
    if (node.IsWindow()) {
      out->push_back(Path{parent, std::move(steps), true});
    } else if (node.IsStateSnapshot()) {
      out->push_back(Path{.input_node = parent, .steps = std::move(steps), .snapshot = true});
    } else if (graph.node(parent).IsSelfDependent()) {
      out->push_back(Path{parent, std::move(steps), true, true});
    } else if (kind == NodeKind::kNarrow) {
      CollectPaths(graph, parent, std::move(steps), out);
    } else {
      out->push_back(Path{parent, std::move(steps)});
    }
  }
}

class Planner {
 public:
  Planner(const GraphDescription& graph, const BatchInputs& inputs, int32_t default_parallelism)
      : graph_(graph), inputs_(inputs), default_parallelism_(default_parallelism) {}

  BatchPlan Plan() {
    // Computed at every time of their slide, whether or not an output reads them now, so that the data a
    // window needs is ready when it fires.
    for (int32_t node : graph_.MaterializedNodes()) {
      if (HasData(node)) MaterializeStageFor(node);
    }
    for (int32_t output : graph_.OutputNodes()) {
      if (!HasData(output)) continue;  // Spark runs no job for it
      plan_.output_stages.push_back(StageFor(output));
    }
    return std::move(plan_);
  }

 private:
  int32_t PartitionsOf(const NodeDescription& shuffle) const {
    return shuffle.num_partitions > 0 ? shuffle.num_partitions : std::max(default_parallelism_, 1);
  }

  bool HasData(int32_t node) const {
    return !inputs_.nodes_without_data.contains(node) &&
           HasDataAt(graph_.node(node), inputs_.zero_ms, inputs_.batch_ms);
  }

  // The stage that stores `node`'s partitions of this batch, planned once per batch. A source or a shuffle is
  // stored as it is read; a narrow node through the pipeline that computes it.
  int32_t MaterializeStageFor(int32_t node_id) {
    if (auto it = materialize_stage_of_.find(node_id); it != materialize_stage_of_.end()) return it->second;
    PlannedStage stage;
    stage.terminal_node = node_id;
    stage.writes_partition = true;
    const NodeDescription& node = graph_.node(node_id);
    if (IsCheckpointTime(graph_, node, inputs_.checkpoint, inputs_.zero_ms, inputs_.batch_ms)) {
      stage.checkpoint = true;
      stage.previous_checkpoint_ms = inputs_.batch_ms - CheckpointIntervalMs(graph_, node, inputs_.checkpoint);
    }
    std::vector<Path> paths;
    if (graph_.node(node_id).IsIncrementalWindow()) {
      AddWindowDeltaTasks(graph_.node(node_id), &stage);
    } else if (graph_.node(node_id).kind == NodeKind::kNarrow) {
      CollectPaths(graph_, node_id, {}, &paths);
    } else {
      paths.push_back(Path{node_id, {}});
    }
    for (const Path& path : paths) AddTasks(path, &stage);
    stage.id = static_cast<int32_t>(plan_.stages.size());
    plan_.stages.push_back(std::move(stage));
    materialize_stage_of_[node_id] = plan_.stages.back().id;
    return plan_.stages.back().id;
  }

  // One task per parent partition of every parent time in the window: earlier ones from the index, this
  // batch's from the stage that materializes the parent now.
  void AddWindowTasks(const Path& path, PlannedStage* stage) {
    const NodeDescription& window = graph_.node(path.steps.front().node);
    const int32_t parent = path.input_node;
    std::vector<MaterializedPart> parts;
    for (int64_t time : WindowInputTimes(graph_, window, inputs_.zero_ms, inputs_.batch_ms)) {
      if (time != inputs_.batch_ms) {
        auto it = inputs_.materialized.lower_bound(MaterializedKey{parent, time, 0});
        for (; it != inputs_.materialized.end() && it->first.node == parent && it->first.batch_ms == time; ++it) {
          parts.push_back(MaterializedPart{it->first, it->second});
        }
      } else if (HasData(parent)) {
        int32_t parent_stage = MaterializeStageFor(parent);
        AddParentStage(parent_stage, stage);
        for (int32_t p = 0; p < static_cast<int32_t>(plan_.stages[parent_stage].tasks.size()); ++p) {
          parts.push_back(MaterializedPart{MaterializedKey{parent, time, p}, MaterializedSite{}});
        }
      }
    }
    for (MaterializedPart& part : parts) {
      PlannedTask task;
      task.partition = static_cast<int32_t>(stage->tasks.size());
      task.input_node = parent;
      task.input = MaterializedInput{{std::move(part)}};
      task.steps = path.steps;
      stage->tasks.push_back(std::move(task));
    }
  }

  // Partition p of the incremental window's parent at `time`: this batch's from the stage that materializes it,
  // an earlier one where the index says (a batch without a data set has none).
  void AddParentPart(int32_t parent, int64_t time, int32_t p, PlannedStage* stage, std::vector<MaterializedPart>* out) {
    if (time == inputs_.batch_ms) {
      if (!HasData(parent)) return;
      AddParentStage(MaterializeStageFor(parent), stage);
      out->push_back(MaterializedPart{MaterializedKey{parent, time, p}, MaterializedSite{}});
      return;
    }
    if (auto it = inputs_.materialized.find(MaterializedKey{parent, time, p}); it != inputs_.materialized.end()) {
      out->push_back(MaterializedPart{it->first, it->second});
    }
  }

  // One task per partition of the window's parent (co-partitioned with the window): W@T[p] from W@(T-slide)[p]
  // and the parent's partitions p of the batches in (T-slide, T] and in (T-length-slide, T-length].
  void AddWindowDeltaTasks(const NodeDescription& window, PlannedStage* stage) {
    const int32_t parent = window.parents.at(0);
    const int64_t slide = graph_.SlideMs(window);
    int64_t length = 0;
    if (auto it = window.params.find("window_ms"); it != window.params.end())
      (void)absl::SimpleAtoi(it->second, &length);
    const int64_t now = inputs_.batch_ms;
    for (int32_t p = 0; p < PartitionsOf(graph_.node(parent)); ++p) {
      WindowDeltaInput read;
      if (now - slide > inputs_.zero_ms) {
        MaterializedKey key{window.id, now - slide, p};
        auto it = inputs_.materialized.find(key);
        read.previous.push_back(
            MaterializedPart{key, it != inputs_.materialized.end() ? it->second : MaterializedSite{}});
      }
      for (int64_t t : ParentTimesIn(graph_, window, inputs_.zero_ms, now - slide, now)) {
        AddParentPart(parent, t, p, stage, &read.added);
      }
      for (int64_t t : ParentTimesIn(graph_, window, inputs_.zero_ms, now - length - slide, now - length)) {
        AddParentPart(parent, t, p, stage, &read.removed);
      }
      PlannedTask task;
      task.partition = p;
      task.input_node = window.id;
      task.input = std::move(read);
      stage->tasks.push_back(std::move(task));
    }
  }

  // One task per partition of a state node computed in this batch, reading its data set of this batch or, for
  // stateSnapshots, its table after this batch.
  void AddCurrentTasks(const Path& path, PlannedStage* stage) {
    int32_t producer = MaterializeStageFor(path.input_node);
    AddParentStage(producer, stage);
    for (int32_t p = 0; p < static_cast<int32_t>(plan_.stages[producer].tasks.size()); ++p) {
      PlannedTask task;
      task.partition = static_cast<int32_t>(stage->tasks.size());
      task.input_node = path.input_node;
      MaterializedPart part{MaterializedKey{path.input_node, inputs_.batch_ms, p}, {}};
      if (path.snapshot) {
        task.input = KeyedStateInput{std::move(part)};
      } else {
        task.input = MaterializedInput{{std::move(part)}};
      }
      task.steps = path.steps;
      stage->tasks.push_back(std::move(task));
    }
  }

  // The state partition `partition` of `node` one slide ago, or the initial state at the node's first time.
  StateRead StateReadFor(const NodeDescription& node, int32_t partition) const {
    StateRead read;
    read.num_partitions = PartitionsOf(node);
    read.keyed_table = node.IsKeyedState();
    int64_t previous_ms = inputs_.batch_ms - graph_.SlideMs(node);
    read.first_batch = !inputs_.started_states.contains(node.id);
    if (read.first_batch) return read;
    MaterializedKey key{node.id, previous_ms, partition};
    auto it = inputs_.materialized.find(key);
    read.previous.push_back(MaterializedPart{key, it != inputs_.materialized.end() ? it->second : MaterializedSite{}});
    return read;
  }

  static void AddParentStage(int32_t parent_stage, PlannedStage* stage) {
    if (std::find(stage->parent_stages.begin(), stage->parent_stages.end(), parent_stage) ==
        stage->parent_stages.end()) {
      stage->parent_stages.push_back(parent_stage);
    }
  }

  // The stage that ends at `terminal` (a shuffle's map side or an output), planned once per batch.
  int32_t StageFor(int32_t terminal) {
    if (auto it = stage_of_terminal_.find(terminal); it != stage_of_terminal_.end()) return it->second;
    const NodeDescription& node = graph_.node(terminal);
    PlannedStage stage;
    stage.terminal_node = terminal;
    stage.writes_shuffle = node.kind == NodeKind::kShuffle;
    stage.writes_partition = node.HoldsOutputForDriver();
    if (stage.writes_shuffle) stage.num_output_partitions = PartitionsOf(node);
    if (node.kind == NodeKind::kOutput) {
      int64_t num = 10;
      auto num_param = node.params.find("num");
      if (num_param != node.params.end() && absl::SimpleAtoi(num_param->second, &num)) {
        stage.record_limit = num + 1;  // one more than shown tells whether to print "..."
      }
    }
    std::vector<Path> paths;
    CollectPaths(graph_, terminal, {}, &paths);
    for (const Path& path : paths) AddTasks(path, &stage);
    stage.id = static_cast<int32_t>(plan_.stages.size());
    plan_.stages.push_back(std::move(stage));
    stage_of_terminal_[terminal] = plan_.stages.back().id;
    return plan_.stages.back().id;
  }

  void AddTasks(const Path& path, PlannedStage* stage) {
    if (path.current || path.snapshot) {
      AddCurrentTasks(path, stage);
      return;
    }
    if (path.materialized) {
      AddWindowTasks(path, stage);
      return;
    }
    const NodeDescription& input = graph_.node(path.input_node);
    auto add = [&](auto task_input) {
      PlannedTask task;
      task.partition = static_cast<int32_t>(stage->tasks.size());
      task.input_node = path.input_node;
      task.input = std::move(task_input);
      task.steps = path.steps;
      stage->tasks.push_back(std::move(task));
    };
    switch (input.kind) {
      case NodeKind::kReceiverSource:
        if (auto it = inputs_.blocks.find(input.id); it != inputs_.blocks.end()) {
          for (const BlockRef& block : it->second) add(block);
        }
        break;
      case NodeKind::kFileSource:
        if (auto it = inputs_.splits.find(input.id); it != inputs_.splits.end()) {
          for (const FileSplit& split : it->second) add(split);
        }
        break;
      case NodeKind::kQueueSource:
        if (auto it = inputs_.queued.find(input.id); it != inputs_.queued.end()) {
          for (const EncodedPartition& partition : it->second) add(partition);
        }
        break;
      case NodeKind::kShuffle: {
        // The map stage is planned (and so ordered) before any stage that reads it.
        // A union may read the same shuffle through several paths; the stage still has one parent.
        AddParentStage(StageFor(input.id), stage);
        for (int32_t p = 0; p < PartitionsOf(input); ++p) {
          ReducePartitionInput read{p};
          if (input.IsState()) read.state = StateReadFor(input, p);
          add(std::move(read));
        }
        break;
      }
      case NodeKind::kNarrow:
      case NodeKind::kOutput:
        throw std::logic_error("a path cannot start at a narrow or output node");
    }
  }

  const GraphDescription& graph_;
  const BatchInputs& inputs_;
  int32_t default_parallelism_;
  BatchPlan plan_;
  std::map<int32_t, int32_t> stage_of_terminal_;
  std::map<int32_t, int32_t> materialize_stage_of_;
};

}  // namespace

int32_t BatchPlan::shuffle_stage_of(int32_t shuffle_node) const {
  for (const PlannedStage& stage : stages) {
    if (stage.writes_shuffle && stage.terminal_node == shuffle_node) return stage.id;
  }
  return -1;
}

int32_t BatchPlan::materialize_stage_of(int32_t node) const {
  for (const PlannedStage& stage : stages) {
    if (stage.writes_partition && stage.terminal_node == node) return stage.id;
  }
  return -1;
}

BatchPlan PlanBatch(const GraphDescription& graph, const BatchInputs& inputs, int32_t default_parallelism) {
  return Planner(graph, inputs, default_parallelism).Plan();
}

}  // namespace sluice
