#include "master/master.h"

#include <algorithm>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "common/logging.h"
#include "master/absent_data.h"
#include "master/file_stream/split_planner.h"

namespace sluice {
namespace {

std::string DescribeSource(const NodeDescription& node) {
  if (node.op == "socketTextStream") {
    return absl::StrCat("socketTextStream ", node.params.at("host"), ":", node.params.at("port"));
  }
  return node.op;
}

// "updateStateByKey (node 3), window (node 5)"; empty for no nodes.
std::string DescribeNodes(const GraphDescription& graph, const std::vector<int32_t>& nodes) {
  return absl::StrJoin(nodes, ", ", [&](std::string* out, int32_t id) {
    absl::StrAppend(out, graph.node(id).op, " (node ", id, ")");
  });
}

}  // namespace

std::chrono::milliseconds MasterTickInterval(const Config& config) {
  return std::chrono::milliseconds(std::min(config.heartbeat_interval_ms, config.max_tick_interval_ms));
}

Master::Master(const Config& config, EventLoop* loop, WorkerClients* clients)
    : config_(config), loop_(loop), clients_(clients) {}

void Master::Start() {
  loop_->PostAfter(std::chrono::milliseconds(config_.heartbeat_interval_ms), [this] { Tick(); });
}

int64_t Master::NowMs() const { return absl::ToUnixMillis(absl::Now()); }

Application* Master::FindApp(const std::string& app_id) {
  auto it = apps_.find(app_id);
  return it == apps_.end() ? nullptr : it->second.get();
}

// ---------------------------------------------------------------------------------------------------------
// Membership.

void Master::RegisterWorker(const std::string& id, const std::string& address, int cores) {
  if (registry_.Register(id, address, cores, WorkerRegistry::Clock::now(), NowMs())) {
    Logger(LogComponent::kMaster).Info("worker {} registered at {} with {} slots", id, address, cores);
  } else {
    Logger(LogComponent::kMaster)
        .Info("worker {} at {} registered again (the reply to its registration was lost)", id, address);
  }
  for (auto& [app_id, app] : apps_) PlaceReceivers(*app);
  dispatcher_.Dispatch();
}

bool Master::Heartbeat(const std::string& id) { return registry_.Heartbeat(id, WorkerRegistry::Clock::now(), NowMs()); }

std::vector<std::string> Master::KnownApplications() const {
  std::vector<std::string> ids;
  for (const auto& [id, app] : apps_) ids.push_back(id);
  return ids;
}

std::vector<WorkerPeer> Master::LiveWorkers() const {
  std::vector<WorkerPeer> peers;
  for (const WorkerInfo& worker : registry_.Snapshot()) {
    if (!worker.unreachable) peers.push_back({worker.id, worker.address});  // a suspect gets no replicas either
  }
  return peers;
}

void Master::Tick() {
  ExpireWorkers();
  for (auto& [app_id, app] : apps_) {
    if (app->events.has_waiters()) app->driver_seen_ms = NowMs();
    app->events.ReleaseWaiters();  // parked polls are answered at least this often
    if (app->state == Application::State::kFinished) continue;
    if (NowMs() - app->driver_seen_ms > config_.driver_timeout_ms) {
      FailApplication(*app, absl::StrCat("the driver has not polled for ", NowMs() - app->driver_seen_ms,
                                         " ms (app.driver_timeout_ms=", config_.driver_timeout_ms,
                                         "): it is gone, and so is its application"));
      continue;
    }
    PlaceReceivers(*app);
    if (app->graceful_stop && NowMs() > app->stop_deadline_ms) {
      Warn(*app, "graceful stop timed out; stopping without the remaining batches");
      FinishApplication(*app);
    }
  }
  dispatcher_.Dispatch();
  loop_->PostAfter(MasterTickInterval(config_), [this] { Tick(); });
}

void Master::ExpireWorkers() {
  auto expired =
      registry_.ExpireSilent(WorkerRegistry::Clock::now(), std::chrono::milliseconds(config_.worker_timeout_ms));
  for (const WorkerInfo& worker : expired) OnWorkerLost(worker);
}

void Master::OnWorkerLost(const WorkerInfo& worker) {
  Logger(LogComponent::kMaster)
      .Warn("worker {} at {} missed its heartbeats and was removed", worker.id, worker.address);
  clients_->Forget(worker.address);
  dispatcher_.OnWorkerLost(worker.id);
  for (auto& [app_id, app] : apps_) {
    if (app->state == Application::State::kFinished) continue;
    for (auto& [node, receiver] : app->receivers) {
      if (receiver.worker_id != worker.id) continue;
      receiver.worker_id.clear();
      if (app->graceful_stop) receiver.stopped = true;
      Warn(*app, absl::StrCat("receiver of ", DescribeSource(app->spec.graph.node(node)), " was lost with worker ",
                              worker.id, "; placing it again"));
    }
    MoveBlocksOffLostWorker(*app, worker.id);
    if (app->running_batch) {
      if (int again = app->running_batch->OnWorkerLost(worker.id); again > 0) {
        Logger(LogComponent::kMaster)
            .ForApp(app->id)
            .ForBatch(app->running_batch->batch_ms())
            .Warn("{} tasks whose outputs were on {} run again", again, worker.id);
      }
      Enqueue(*app);
      CheckBatchDone(*app);
    }
    PlaceReceivers(*app);
    MaybeFinishGracefully(*app);
  }
  dispatcher_.Dispatch();
}

// The received blocks not yet given to a batch that the lost worker held: one with a copy on a live worker is read
// there from now on; one without is gone, and the application is told which.
void Master::MoveBlocksOffLostWorker(Application& app, const std::string& worker_id) {
  std::vector<std::string> lost;
  for (auto& [node, blocks] : app.unallocated_blocks) {
    for (BlockRef& block : blocks) {
      const std::vector<std::string> holders = block.holders();
      std::vector<std::string> live;
      for (const std::string& holder : holders) {
        if (holder != worker_id && registry_.IsAlive(holder)) live.push_back(holder);
      }
      if (live.size() == holders.size()) continue;
      if (live.empty()) {
        lost.push_back(block.block_id);
        block.worker_id.clear();
        continue;
      }
      block.worker_id = live.front();
      block.replica_worker_ids.assign(live.begin() + 1, live.end());
    }
    std::erase_if(blocks, [](const BlockRef& block) { return block.worker_id.empty(); });
  }
  if (lost.empty()) return;
  Warn(app, absl::StrCat(lost.size(), " received blocks were lost with worker ", worker_id,
                         ", which held their only copy (receiver.replication keeps more): ", absl::StrJoin(lost, ", ")));
}

// ---------------------------------------------------------------------------------------------------------
// Applications.

absl::StatusOr<Master::Submitted> Master::Submit(Submission spec) {
  if (spec.graph.batch_ms <= 0) return absl::InvalidArgumentError("the batch interval must be positive");
  if (spec.graph.OutputNodes().empty()) {
    return absl::InvalidArgumentError("No output operations registered, so nothing to execute");
  }
  if (absl::Status clock = CheckClock(spec.clock, spec.graph); !clock.ok()) return clock;
  std::map<int32_t, std::vector<QueuedDataSet>> queue_data;  // by source node
  for (QueueSourceData& source : spec.queue_sources) {
    const int32_t node_id = source.source_node;
    if (node_id < 0 || node_id >= static_cast<int32_t>(spec.graph.nodes.size()) ||
        spec.graph.node(node_id).kind != NodeKind::kQueueSource) {
      return absl::InvalidArgumentError(absl::StrCat("queue data for node ", node_id, ", which is no queueStream"));
    }
    queue_data[node_id] = std::move(source.items);
  }
  spec.queue_sources.clear();  // the queues hold it now, and give each item away once
  auto app = std::make_unique<Application>();
  app->id = absl::StrFormat("app-%s-%04d", absl::FormatTime("%Y%m%d%H%M%S", absl::Now(), absl::UTCTimeZone()),
                            next_app_number_++);
  app->default_parallelism = spec.default_parallelism > 0      ? spec.default_parallelism
                             : config_.default_parallelism > 0 ? static_cast<int32_t>(config_.default_parallelism)
                                                               : std::max(2, registry_.TotalCores());
  for (const NodeDescription& node : spec.graph.nodes) {
    if (node.kind == NodeKind::kReceiverSource) app->receivers[node.id] = ReceiverPlacement{};
    if (node.kind == NodeKind::kFileSource) {
      auto monitor = std::make_unique<FileStreamMonitor>(node.params.at("directory"));
      if (absl::Status status = monitor->Initialize(); !status.ok()) return status;
      app->file_monitors[node.id] = std::move(monitor);
    }
    if (node.kind == NodeKind::kQueueSource) {
      app->queues[node.id] = MakeQueueSource(node.params, std::move(queue_data[node.id]));
    }
  }
  int64_t batch = spec.graph.batch_ms;
  app->start_ms = FirstBatchMs(spec.clock, batch, NowMs());
  app->next_batch_ms = app->start_ms;
  app->driver_seen_ms = NowMs();
  app->spec = std::move(spec);
  Application& ref = *app;
  apps_[app->id] = std::move(app);
  std::string manual_clock =
      ref.spec.clock.manual ? absl::StrCat(" on a manual clock, ", ref.spec.clock.manual_batches, " batches") : "";
  Logger(LogComponent::kMaster)
      .Info("application {} ({}) submitted: batches of {} ms from {}{}", ref.id, ref.spec.name, batch, ref.start_ms,
            manual_clock);
  PlaceReceivers(ref);
  ScheduleBatch(ref, ref.start_ms);
  return Submitted{ref.id, ref.start_ms};
}

absl::StatusOr<JobLibrary> Master::GetLibrary(const std::string& library_hash) const {
  for (const auto& [id, app] : apps_) {
    if (app->spec.library_hash == library_hash && !app->spec.library.empty()) {
      return JobLibrary{app->spec.library, app->spec.args, app->spec.graph};
    }
  }
  return absl::NotFoundError(absl::StrCat("no application has the job library ", library_hash));
}

absl::Status Master::PollEvents(const std::string& app_id, int64_t after_seq, AppEventLog::Waiter waiter) {
  Application* app = FindApp(app_id);
  if (app == nullptr) return absl::NotFoundError(absl::StrCat("no application ", app_id));
  app->driver_seen_ms = NowMs();
  app->events.Poll(after_seq, std::move(waiter));
  return absl::OkStatus();
}

absl::Status Master::Stop(const std::string& app_id, bool graceful) {
  Application* app = FindApp(app_id);
  if (app == nullptr) return absl::NotFoundError(absl::StrCat("no application ", app_id));
  if (app->state == Application::State::kFinished) return absl::OkStatus();
  Logger(LogComponent::kMaster).Info("stopping application {} {}", app_id, graceful ? "gracefully" : "now");
  if (graceful) {
    BeginGracefulStop(*app);
  } else {
    FinishApplication(*app);
  }
  return absl::OkStatus();
}

void Master::Warn(Application& app, const std::string& message) {
  Logger(LogComponent::kMaster).ForApp(app.id).Warn("{}", message);
  app.events.Append({.kind = AppEvent::Kind::kWarning, .message = message});
}

// As in Spark, a batch that cannot complete is reported and the application goes on with the next one.
void Master::ReportBatchFailure(Application& app, int64_t batch_ms, const std::string& error) {
  std::string message = absl::StrCat("batch ", batch_ms, " ms failed: ", error);
  Logger(LogComponent::kMaster).ForApp(app.id).ForBatch(batch_ms).Error("{}", message);
  app.events.Append({.kind = AppEvent::Kind::kBatchFailed, .message = message, .batch_ms = batch_ms});
}

void Master::FailApplication(Application& app, const std::string& message) {
  if (app.state == Application::State::kFinished) return;
  Logger(LogComponent::kMaster).Error("application {} failed: {}", app.id, message);
  app.events.Append({.kind = AppEvent::Kind::kError, .message = message});
  FinishApplication(app);
}

void Master::FinishApplication(Application& app) {
  if (app.state == Application::State::kFinished) return;
  app.state = Application::State::kFinished;
  app.received_blocks = {};  // blocks reported from now on are ignored anyway
  for (auto& [node, receiver] : app.receivers) {
    if (!receiver.worker_id.empty() && !receiver.stopped) registry_.Release(receiver.worker_id);
    receiver.stopped = true;
  }
  EndOnWorkersOnceReleased(app);
  dispatcher_.DropQueued(app.id);
  app.queued_batches.clear();
  app.running_batch.reset();
  app.events.Append({.kind = AppEvent::Kind::kFinished});
  Logger(LogComponent::kMaster).Info("application {} finished after {} batches", app.id, app.completed_count);
}

// The workers drop an application's data when it ends, unless its driver still has foreachRDD outputs to
// read: then once it has released them, or after app.held_output_timeout_ms if it never does.
void Master::EndOnWorkersOnceReleased(Application& app) {
  if (HoldsOutputs(app.spec.graph, app.materialized)) {
    loop_->PostAfter(std::chrono::milliseconds(config_.held_output_timeout_ms), [this, id = app.id] {
      if (Application* app = FindApp(id)) EndOnWorkers(*app);
    });
    return;
  }
  EndOnWorkers(app);
}

void Master::EndOnWorkers(Application& app) {
  if (app.ended_on_workers) return;
  app.ended_on_workers = true;
  app.materialized.clear();
  for (const WorkerInfo& worker : registry_.Snapshot()) clients_->EndApplication(worker.address, app.id);
}

absl::Status Master::ReleaseOutput(const std::string& app_id, int64_t batch_ms, int32_t output_node) {
  Application* app = FindApp(app_id);
  if (app == nullptr) return absl::NotFoundError(absl::StrCat("no application ", app_id));
  if (output_node < 0 || output_node >= static_cast<int32_t>(app->spec.graph.nodes.size()) ||
      app->spec.graph.node(output_node).kind != NodeKind::kOutput) {
    return absl::InvalidArgumentError(absl::StrCat("node ", output_node, " of ", app_id, " is not an output"));
  }
  for (const auto& [address, keys] : TakeHeldOutput(output_node, batch_ms, &app->materialized)) {
    clients_->ReleaseMaterialized(address, app->id, keys);
  }
  if (app->state == Application::State::kFinished && !HoldsOutputs(app->spec.graph, app->materialized)) {
    EndOnWorkers(*app);
  }
  return absl::OkStatus();
}

void Master::BeginGracefulStop(Application& app) {
  if (app.graceful_stop) return;
  app.graceful_stop = true;
  app.state = Application::State::kStopping;
  int64_t timeout = config_.graceful_stop_timeout_ms > 0 ? config_.graceful_stop_timeout_ms : 10 * app.batch_ms();
  app.stop_deadline_ms = NowMs() + timeout;
  std::set<std::string> workers;
  for (auto& [node, receiver] : app.receivers) {
    if (receiver.worker_id.empty()) {
      receiver.stopped = true;
    } else {
      workers.insert(receiver.worker_id);
    }
  }
  for (const std::string& worker_id : workers) {
    const WorkerInfo* worker = registry_.Find(worker_id);
    if (worker == nullptr) continue;
    std::string app_id = app.id;
    clients_->StopReceivers(worker->address, app_id, [this, app_id, worker_id](absl::Status status) {
      loop_->Post([this, app_id, worker_id, status] {
        Application* app = FindApp(app_id);
        if (app == nullptr) return;
        if (!status.ok()) Warn(*app, absl::StrCat("stopping receivers on ", worker_id, ": ", status.ToString()));
        for (auto& [node, receiver] : app->receivers) {
          if (receiver.worker_id == worker_id && !receiver.stopped) {
            receiver.stopped = true;
            registry_.Release(worker_id);
          }
        }
        MaybeFinishGracefully(*app);
      });
    });
  }
  MaybeFinishGracefully(app);
}

// Once every receiver has flushed, the next batch the clock generates takes the last blocks; when it and
// everything before it has run, the application ends.
void Master::MaybeFinishGracefully(Application& app) {
  if (!app.graceful_stop || app.state == Application::State::kFinished) return;
  if (app.last_batch_ms == 0) {
    if (!app.AllReceiversStopped()) return;
    app.last_batch_ms = app.next_batch_ms;
  }
  bool all_generated = app.next_batch_ms > app.last_batch_ms;
  if (all_generated && !app.running_batch && app.queued_batches.empty()) FinishApplication(app);
}

// ---------------------------------------------------------------------------------------------------------
// Receivers and received blocks.

void Master::PlaceReceivers(Application& app) {
  if (app.state != Application::State::kRunning) return;
  for (auto& [node, receiver] : app.receivers) {
    if (!receiver.worker_id.empty() || receiver.stopped) continue;
    std::optional<std::string> worker_id = registry_.LeastLoaded();
    if (!worker_id || !registry_.Acquire(*worker_id)) return;
    receiver.worker_id = *worker_id;
    const std::string address = registry_.Find(*worker_id)->address;
    std::string app_id = app.id;
    int32_t source = node;
    std::string placed = *worker_id;
    Logger(LogComponent::kMaster).ForApp(app.id).Info("placing the receiver of node {} on {}", node, placed);
    clients_->StartReceiver(
        address, app_id, source, app.spec.library_hash, [this, app_id, source, placed](absl::Status status) {
          if (status.ok()) return;
          loop_->Post([this, app_id, source, placed, status] {
            Application* app = FindApp(app_id);
            if (app == nullptr) return;
            ReceiverPlacement& receiver = app->receivers[source];
            if (receiver.worker_id != placed) return;
            receiver.worker_id.clear();
            registry_.Release(placed);
            Warn(*app, absl::StrCat("could not start a receiver on ", placed, ": ", status.message()));
          });
        });
  }
}

void Master::ReportBlocks(const std::string& app_id, std::vector<BlockRef> blocks) {
  Application* app = FindApp(app_id);
  if (app == nullptr || app->state == Application::State::kFinished) return;
  for (BlockRef& block : blocks) {
    // A worker retries a report whose reply it did not get, so a block may come again, even after its batch ran.
    if (!app->received_blocks.TakeFirst(block.block_id)) continue;
    app->received_records += block.records;
    app->unallocated_blocks[block.source_node].push_back(std::move(block));
  }
}

void Master::ReportReceiver(const std::string& app_id, int32_t source_node, const std::string& worker_id,
                            ReceiverEventKind event, const std::string& message) {
  Application* app = FindApp(app_id);
  if (app == nullptr || app->state == Application::State::kFinished) return;
  auto it = app->receivers.find(source_node);
  if (it == app->receivers.end()) return;
  std::string source = DescribeSource(app->spec.graph.node(source_node));
  switch (event) {
    case ReceiverEventKind::kStarted:
      Logger(LogComponent::kMaster)
          .ForApp(app_id)
          .ForWorker(worker_id)
          .Info("receiver of {} started: {}", source, message);
      break;
    case ReceiverEventKind::kError:
      Warn(*app, absl::StrCat("receiver of ", source, " on ", worker_id, ": ", message));
      break;
    case ReceiverEventKind::kFailed:
      FailApplication(*app, absl::StrCat("receiver of ", source, " failed: ", message));
      break;
    case ReceiverEventKind::kStopped:
      if (it->second.worker_id == worker_id && !it->second.stopped) {
        it->second.stopped = true;
        registry_.Release(worker_id);
      }
      MaybeFinishGracefully(*app);
      break;
  }
}

// ---------------------------------------------------------------------------------------------------------
// Batches.

void Master::ScheduleBatch(Application& app, int64_t batch_ms) {
  std::string app_id = app.id;
  int64_t delay = app.spec.clock.manual ? 0 : std::max<int64_t>(0, batch_ms - NowMs());
  loop_->PostAfter(std::chrono::milliseconds(delay), [this, app_id, batch_ms] { GenerateBatch(app_id, batch_ms); });
}

void Master::GenerateBatch(const std::string& app_id, int64_t batch_ms) {
  Application* app = FindApp(app_id);
  if (app == nullptr || app->state == Application::State::kFinished) return;
  if (app->graceful_stop && app->last_batch_ms != 0 && batch_ms > app->last_batch_ms) return;
  BatchInputs inputs = CollectInputs(*app);
  inputs.batch_ms = batch_ms;
  inputs.zero_ms = app->zero_ms();
  app->submitted_ms[batch_ms] = NowMs();
  app->queued_batches.push_back(std::move(inputs));
  app->next_batch_ms = batch_ms + app->batch_ms();
  if (!app->spec.clock.manual) ScheduleBatch(*app, app->next_batch_ms);  // a manual one moves on in CheckBatchDone
  StartNextBatch(*app);
  MaybeFinishGracefully(*app);
}

BatchInputs Master::CollectInputs(Application& app) {
  BatchInputs inputs;
  inputs.blocks = std::move(app.unallocated_blocks);  // every block received so far goes to this batch
  app.unallocated_blocks.clear();
  for (auto& [node, monitor] : app.file_monitors) {
    absl::StatusOr<FileSelection> selection = monitor->SelectNewFiles();
    if (!selection.ok()) {
      Warn(app, std::string(selection.status().message()));
      continue;
    }
    for (const std::string& warning : selection->warnings) Warn(app, warning);
    inputs.splits[node] = PlanSplits(selection->files, config_.file_split_bytes);
  }
  for (auto& [node, queue] : app.queues) {
    QueuedDataSet data = TakeNextBatch(&queue);
    if (data) {
      inputs.queued[node] = std::move(*data);
    } else {
      inputs.nodes_without_data.insert(node);  // GenerateBatch adds the nodes downstream
    }
  }
  return inputs;
}

void Master::StartNextBatch(Application& app) {
  if (app.running_batch || app.queued_batches.empty()) return;
  BatchInputs inputs = std::move(app.queued_batches.front());
  app.queued_batches.pop_front();
  // Known once every earlier batch is complete: which states have started.
  absl::StatusOr<std::set<int32_t>> without_data =
      NodesWithoutData(app.spec.graph, inputs.nodes_without_data, inputs.batch_ms, app.started_states);
  if (!without_data.ok()) {
    FailApplication(app, absl::StrCat("batch ", inputs.batch_ms, " ms failed: ", without_data.status().message()));
    return;
  }
  inputs.nodes_without_data = std::move(*without_data);
  inputs.started_states = app.started_states;
  inputs.materialized = app.materialized;
  inputs.checkpoint = app.spec.checkpoint;
  const int64_t batch_ms = inputs.batch_ms;
  app.running_batch = std::make_unique<BatchRun>(batch_ms, PlanBatch(app.spec.graph, inputs, app.default_parallelism),
                                                 config_.task_max_attempts);
  app.running_batch_started_ms = NowMs();
  Enqueue(app);
  dispatcher_.Dispatch();
  CheckBatchDone(app);
}

void Master::Enqueue(Application& app) {
  if (!app.running_batch) return;
  for (TaskLaunch& launch : app.running_batch->TakeRunnable()) {
    dispatcher_.Enqueue({app.id, app.spec.library_hash, std::move(launch), app.spec.checkpoint.dir});
  }
}

void Master::CheckBatchDone(Application& app) {
  BatchRun* run = app.running_batch.get();
  if (run == nullptr || (!run->complete() && !run->failed())) return;
  if (run->fatal()) {
    FailApplication(app, absl::StrCat("batch ", run->batch_ms(), " ms failed: ", run->failure(),
                                      " (a lost state is not recovered from its checkpoints yet)"));
    return;
  }
  if (run->failed()) {
    // Its data is released once its tasks still on workers are over, not under them.
    if (dispatcher_.HasRunningTasks(app.id, run->batch_ms())) return;
    if (std::string kept = DescribeNodes(app.spec.graph, run->NodesKeptForLaterBatches()); !kept.empty()) {
      FailApplication(app, absl::StrCat("batch ", run->batch_ms(), " ms failed: ", run->failure(),
                                        "; no later batch can run without what it computes for ", kept));
      return;
    }
  }
  BatchSummary summary;
  summary.batch_ms = run->batch_ms();
  summary.records = run->input_records();
  summary.submitted_ms = app.submitted_ms[run->batch_ms()];
  summary.started_ms = app.running_batch_started_ms;
  summary.finished_ms = NowMs();
  app.submitted_ms.erase(run->batch_ms());
  if (run->failed()) {
    summary.failure = run->failure();
    ReportBatchFailure(app, run->batch_ms(), run->failure());
  } else {
    for (BatchOutputEvent& output : run->Outputs()) {
      app.events.Append({.kind = AppEvent::Kind::kOutput, .output = std::move(output)});
    }
  }
  app.total_records += summary.records;
  ++app.completed_count;
  app.completed_batches.push_front(summary);
  while (static_cast<int64_t>(app.completed_batches.size()) > config_.retained_batches) {
    app.completed_batches.pop_back();
  }
  ReleaseBatchData(app, *run);
  KeepMaterialized(app, *run);
  app.running_batch.reset();
  if (IsLastBatch(app.spec.clock, app.batch_ms(), summary.batch_ms)) {
    Logger(LogComponent::kMaster)
        .ForApp(app.id)
        .ForBatch(summary.batch_ms)
        .Info("the manual clock's last batch completed");
    FinishApplication(app);  // its outputs are already in the event log, before the end
    return;
  }
  if (app.spec.clock.manual) ScheduleBatch(app, app.next_batch_ms);
  StartNextBatch(app);
  MaybeFinishGracefully(app);
}

void Master::ReleaseBatchData(Application& app, const BatchRun& run) {
  std::vector<std::string> block_ids;
  for (const PlannedStage& stage : run.plan().stages) {
    for (const PlannedTask& task : stage.tasks) {
      if (const auto* block = std::get_if<BlockRef>(&task.input)) block_ids.push_back(block->block_id);
    }
  }
  for (const WorkerInfo& worker : registry_.Snapshot()) {
    clients_->ReleaseBatch(worker.address, app.id, run.batch_ms(), block_ids);
  }
}

// Records where the batch's materialized partitions are and releases those no later batch reads. A failed
// batch's are released at once: what it computed of a foreachRDD's data set goes to no driver.
void Master::KeepMaterialized(Application& app, const BatchRun& run) {
  std::map<std::string, std::vector<MaterializedKey>> unused;
  for (auto& [key, site] : run.MaterializedPartitions()) {
    if (run.failed()) {
      unused[site.worker_address].push_back(key);
      continue;
    }
    app.materialized[key] = site;
    if (app.spec.graph.node(key.node).IsState()) app.started_states.insert(key.node);
  }
  for (const auto& [address, keys] : unused) clients_->ReleaseMaterialized(address, app.id, keys);
  auto releasable = TakeReleasable(app.spec.graph, app.zero_ms(), run.batch_ms(), &app.materialized);
  for (const auto& [address, keys] : releasable) clients_->ReleaseMaterialized(address, app.id, keys);
}

// ---------------------------------------------------------------------------------------------------------
// Tasks: the dispatcher places them; what their progress means for the application is decided here.

void Master::ReportTask(TaskReport report) { dispatcher_.ReportTask(std::move(report)); }

BatchRun* Master::RunningBatch(const std::string& app_id, int64_t batch_ms) {
  Application* app = FindApp(app_id);
  if (app == nullptr || !app->running_batch || app->running_batch->batch_ms() != batch_ms) return nullptr;
  return app->running_batch.get();
}

void Master::EnqueueRunnable(const std::string& app_id) {
  if (Application* app = FindApp(app_id)) Enqueue(*app);
}

void Master::BatchMayBeDone(const std::string& app_id) {
  if (Application* app = FindApp(app_id)) CheckBatchDone(*app);
}

// ---------------------------------------------------------------------------------------------------------

MasterView Master::View() const {
  MasterView view;
  view.workers = registry_.Snapshot();
  for (const auto& [id, app] : apps_) view.applications.push_back(ViewOfApplication(*app));
  return view;
}

void Master::Shutdown() {
  for (auto& [id, app] : apps_) {
    FinishApplication(*app);
    app->events.ReleaseWaiters();
  }
}

}  // namespace sluice
