#include "worker/receiver_manager.h"

#include <atomic>
#include <exception>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/logging.h"
#include "worker/receiver/block_generator.h"
#include "worker/receiver/custom_receiver_runner.h"
#include "worker/receiver/socket_text_receiver.h"

namespace sluice {
namespace {

// Forwards a receiver's events to the master.
class ReportingListener final : public CustomReceiverListener {
 public:
  ReportingListener(std::string worker_id, const ReceiverSpec& spec, MasterClient* master)
      : worker_id_(std::move(worker_id)), spec_(spec), master_(master) {}

  void OnReceiverStarted(const std::string& message) override { Report(ReceiverEventKind::kStarted, message); }
  void OnReceiverError(const std::string& message) override {
    Logger(LogComponent::kWorker).ForApp(spec_.app_id).Warn("receiver for node {}: {}", spec_.source_node, message);
    Report(ReceiverEventKind::kError, message);
  }
  void OnReceiverFailed(const std::string& message) override {
    Logger(LogComponent::kWorker)
        .ForApp(spec_.app_id)
        .Error("receiver for node {} gave up: {}", spec_.source_node, message);
    Report(ReceiverEventKind::kFailed, message);
  }
  void OnReceiverStopped(const std::string& message) override {
    Logger(LogComponent::kWorker).ForApp(spec_.app_id).Info("receiver for node {}: {}", spec_.source_node, message);
    Report(ReceiverEventKind::kStopped, message);
  }

 private:
  void Report(ReceiverEventKind kind, const std::string& message) {
    master_->ReportReceiver(ReceiverEvent{spec_.app_id, spec_.source_node, worker_id_, kind, message});
  }

  const std::string worker_id_;
  const ReceiverSpec spec_;
  MasterClient* const master_;
};

absl::StatusOr<SocketReceiverOptions> SocketOptions(const NodeDescription& node, const Config& config) {
  auto host = node.params.find("host");
  auto port_text = node.params.find("port");
  int port = 0;
  if (host == node.params.end() || port_text == node.params.end() || !absl::SimpleAtoi(port_text->second, &port) ||
      port <= 0 || port > 65535) {
    return absl::InvalidArgumentError(absl::StrCat("node ", node.id, " (", node.op, ") has no valid host and port"));
  }
  SocketReceiverOptions options;
  options.host = host->second;
  options.port = port;
  options.restart_delay = Milliseconds(config.receiver_restart_delay_ms);
  options.max_initial_connect_attempts = config.receiver_max_initial_connect_attempts;
  options.max_record_bytes = config.max_record_bytes;
  return options;
}

// The job's receiver for a receiverStream node. The factory is the job's code: what it throws is an error
// of the receiver, not of the worker.
absl::StatusOr<std::unique_ptr<ReceiverBase>> MakeCustomReceiver(const Node& node) {
  const NodeDescription& description = node.description();
  std::unique_ptr<ReceiverBase> receiver;
  try {
    receiver = node.MakeReceiver();
  } catch (const std::exception& e) {
    return absl::FailedPreconditionError(
        absl::StrCat("the receiver factory of node ", description.id, " threw: ", e.what()));
  } catch (...) {
    return absl::FailedPreconditionError(absl::StrCat("the receiver factory of node ", description.id, " threw"));
  }
  if (receiver == nullptr) {
    return absl::InvalidArgumentError(
        absl::StrCat("node ", description.id, " (", description.op, ") is not a receiver this worker can run"));
  }
  return receiver;
}

// Says once when a receiver's blocks get fewer copies than receiver.replication asks, and once when they have them
// again: a block short of copies is lost if its worker dies before its batch ran.
void SayWhenShortOfCopies(const std::string& app_id, int32_t node, const std::string& block_id, int copies,
                          const BlockReplicator::Outcome& replicated, std::atomic<bool>* short_of_copies,
                          ReceiverListener* listener) {
  const size_t held = replicated.replica_worker_ids.size() + 1;
  const bool short_now = held < static_cast<size_t>(copies);
  if (short_now == short_of_copies->exchange(short_now)) return;
  const Logger log = Logger(LogComponent::kWorker).ForApp(app_id);
  if (!short_now) {
    log.Info("blocks of the receiver for node {} have their {} copies again", node, copies);
    return;
  }
  if (replicated.peers == 0) {  // a cluster of one worker (local mode): nothing is amiss
    log.Info("no other worker to hold copies of the blocks of the receiver for node {}: each is kept on this worker "
             "only (receiver.replication={})",
             node, copies);
    return;
  }
  listener->OnReceiverError(absl::StrCat("block ", block_id, " is kept on ", held, " of the ", copies,
                                         " workers receiver.replication asks for (", absl::StrJoin(replicated.errors, "; "),
                                         "); it is lost if this worker dies before its batch runs. Later blocks short "
                                         "of copies are not reported one by one"));
}

}  // namespace

struct ReceiverManager::Receiver {
  // A receiver dropped without being stopped (at shutdown) stops as its parts go, and hands nothing on.
  ~Receiver() { discard->store(true); }

  ReceiverSpec spec;
  // Keeps the job library, whose code a custom receiver runs, loaded until the receiver is gone.
  std::shared_ptr<const JobGraph> graph;
  // Set when the application is over: blocks cut from then on are dropped, not stored or reported.
  std::shared_ptr<std::atomic<bool>> discard = std::make_shared<std::atomic<bool>>(false);
  std::unique_ptr<ReportingListener> listener;
  std::unique_ptr<BlockGenerator> generator;
  // The built-in socketTextStream receiver, or the job's own (receiverStream).
  std::unique_ptr<ReceiverRunner> runner;
};

ReceiverManager::ReceiverManager(std::string worker_id, const Config& config, JobCatalog* catalog, BlockStore* blocks,
                                 BlockReplicator* replicator, MasterClient* master, EventLoop* control_loop)
    : worker_id_(std::move(worker_id)),
      config_(config),
      catalog_(catalog),
      blocks_(blocks),
      replicator_(replicator),
      master_(master),
      control_(control_loop) {}

ReceiverManager::~ReceiverManager() { StopAll(); }

void ReceiverManager::Start() { ops_.Start(); }

void ReceiverManager::StartReceiver(const ReceiverSpec& spec, StartDone done) {
  Enqueue(Key{spec.app_id, spec.source_node}, Request{spec, false, std::move(done)});
}

void ReceiverManager::StopReceivers(const std::string& app_id, StopDone done) {
  StopApp(app_id, /*report=*/true, std::move(done));
}

void ReceiverManager::DiscardReceivers(const std::string& app_id, StopDone done) {
  StopApp(app_id, /*report=*/false, std::move(done));
}

void ReceiverManager::StopAll() {
  ops_.Stop();  // runs what it was given; what it hands back to the stopped control loop is dropped, and stops
  for (auto& [key, slot] : slots_) {
    if (slot.receiver) Stop(*slot.receiver, /*report=*/false);
  }
  slots_.clear();
}

void ReceiverManager::StopApp(const std::string& app_id, bool report, StopDone done) {
  std::vector<Key> keys;
  for (const auto& [key, slot] : slots_) {
    if (key.first == app_id) keys.push_back(key);
  }
  if (keys.empty()) return done();
  // Every stop ends on the loop, so the count needs no lock.
  auto left = std::make_shared<size_t>(keys.size());
  for (const Key& key : keys) {
    // The application is over: a block cut from now on is dropped, even before the receiver's turn to stop.
    if (Slot& slot = slots_[key]; !report && slot.receiver) slot.receiver->discard->store(true);
    Enqueue(key, Request{std::nullopt, report, [left, done](const absl::Status&) {
                           if (--*left == 0) done();
                         }});
  }
}

void ReceiverManager::Enqueue(const Key& key, Request request) {
  slots_[key].waiting.push_back(std::move(request));
  RunNext(key);
}

void ReceiverManager::RunNext(const Key& key) {
  auto it = slots_.find(key);
  if (it == slots_.end()) return;
  Slot& slot = it->second;
  while (!slot.busy && !slot.waiting.empty()) {
    Request request = std::move(slot.waiting.front());
    slot.waiting.pop_front();
    if (request.start) {
      StartNow(key, slot, std::move(request));
    } else {
      StopNow(key, slot, std::move(request));
    }
  }
  if (!slot.busy && slot.waiting.empty() && !slot.receiver) slots_.erase(it);
}

void ReceiverManager::StartNow(const Key& key, Slot& slot, Request request) {
  if (slot.receiver) return FinishLater(std::move(request.done));  // it runs already
  slot.busy = true;
  ops_.Post([this, key, spec = *request.start, done = std::move(request.done)] {
    absl::StatusOr<std::shared_ptr<Receiver>> built = Build(spec);
    control_->Post([this, key, built, done] {
      if (built.ok()) slots_[key].receiver = *built;
      OnDone(key, built.status(), done);
    });
  });
}

void ReceiverManager::StopNow(const Key& key, Slot& slot, Request request) {
  if (!slot.receiver) return FinishLater(std::move(request.done));  // it never started, or is stopped already
  slot.busy = true;
  std::shared_ptr<Receiver> receiver = std::move(slot.receiver);
  if (!request.report) receiver->discard->store(true);
  ops_.Post([this, key, receiver = std::move(receiver), report = request.report, done = std::move(request.done)] {
    Stop(*receiver, report);
    control_->Post([this, key, done] { OnDone(key, absl::OkStatus(), done); });
  });
}

void ReceiverManager::FinishLater(StartDone done) {
  control_->Post([done = std::move(done)] { done(absl::OkStatus()); });
}

void ReceiverManager::OnDone(const Key& key, const absl::Status& status, const StartDone& done) {
  slots_[key].busy = false;
  done(status);
  RunNext(key);
}

absl::StatusOr<std::shared_ptr<ReceiverManager::Receiver>> ReceiverManager::Build(const ReceiverSpec& spec) {
  auto graph = catalog_->Get(spec.library_hash);
  if (!graph.ok()) return graph.status();
  if (spec.source_node < 0 || spec.source_node >= (*graph)->size()) {
    return absl::InvalidArgumentError(absl::StrCat("source node ", spec.source_node, " is not in the graph"));
  }
  const Node& node = (*graph)->node(spec.source_node);
  const NodeDescription& description = node.description();
  if (description.kind != NodeKind::kReceiverSource) {
    return absl::InvalidArgumentError(
        absl::StrCat("node ", description.id, " (", description.op, ") is not a receiver source"));
  }

  auto entry = std::make_shared<Receiver>();
  entry->spec = spec;
  entry->graph = *graph;
  entry->listener = std::make_unique<ReportingListener>(worker_id_, spec, master_);
  Duration interval = Milliseconds(spec.block_interval_ms > 0 ? spec.block_interval_ms : config_.block_interval_ms);
  BlockGenerator::BlockSink sink = StoreAndReport(spec, entry->discard, entry->listener.get());
  // Block ids name the application too: a worker's block store holds the blocks of every application it serves.
  const std::string origin = spec.app_id + "-" + worker_id_;
  entry->generator = std::make_unique<BlockGenerator>(spec.source_node, origin, interval, sink);
  std::string source;
  if (description.op == "socketTextStream") {
    auto options = SocketOptions(description, config_);
    if (!options.ok()) return options.status();
    source = absl::StrCat(options->host, ":", options->port);
    entry->runner = std::make_unique<SocketTextReceiver>(*options, entry->generator.get(), entry->listener.get());
  } else {
    auto receiver = MakeCustomReceiver(node);
    if (!receiver.ok()) return receiver.status();
    source = description.op;
    CustomReceiverOptions options{spec.source_node, origin, Milliseconds(config_.receiver_restart_delay_ms)};
    entry->runner = std::make_unique<CustomReceiverRunner>(std::move(*receiver), std::move(options),
                                                           entry->generator.get(), sink, entry->listener.get());
  }

  entry->generator->Start();
  entry->runner->Start();
  Logger(LogComponent::kWorker)
      .Info("started receiver for node {} of app {} ({})", spec.source_node, spec.app_id, source);
  return entry;
}

BlockGenerator::BlockSink ReceiverManager::StoreAndReport(const ReceiverSpec& spec,
                                                          std::shared_ptr<std::atomic<bool>> discard,
                                                          ReceiverListener* listener) {
  const int copies = spec.replication > 0 ? spec.replication : config_.receiver_replication;
  auto short_of_copies = std::make_shared<std::atomic<bool>>(false);
  // Called on the generator's thread, and on a custom receiver's threads for the blocks they store whole. The
  // listener outlives the generator and the runner, whose threads these are.
  return [this, app_id = spec.app_id, node = spec.source_node, copies, discard = std::move(discard), listener,
          short_of_copies](ReceivedBlock block) {
    if (discard->load()) return;
    const int64_t bytes = static_cast<int64_t>(block.data.size());
    BlockReplica replica{app_id, block.block_id, block.records, std::move(block.data)};
    BlockReplicator::Outcome replicated = replicator_->Replicate(replica, copies);
    SayWhenShortOfCopies(app_id, node, block.block_id, copies, replicated, short_of_copies.get(), listener);
    BlockRef report{block.block_id, block.source_node,  worker_id_,
                    block.records,  bytes,              std::move(replicated.replica_worker_ids)};
    blocks_->Put(app_id, block.block_id, std::move(replica.data), block.records);
    master_->ReportBlocks(app_id, {report});
  };
}

void ReceiverManager::Stop(Receiver& receiver, bool report) {
  if (!report) receiver.discard->store(true);
  // The receiver stops (a custom one's onStop returns) before the generator's last cut, so what it stored until
  // then is kept.
  receiver.runner->Stop();
  receiver.generator->StopAndFlush();
  if (report) {
    master_->ReportReceiver(ReceiverEvent{receiver.spec.app_id, receiver.spec.source_node, worker_id_,
                                          ReceiverEventKind::kStopped, "stopped"});
  }
  Logger(LogComponent::kWorker)
      .Info("stopped receiver for node {} of app {}", receiver.spec.source_node, receiver.spec.app_id);
}

}  // namespace sluice
