#include "worker/receiver_manager.h"

#include <atomic>
#include <exception>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
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
    ComponentLogger("worker")->warn("receiver for node {} of app {}: {}", spec_.source_node, spec_.app_id, message);
    Report(ReceiverEventKind::kError, message);
  }
  void OnReceiverFailed(const std::string& message) override {
    ComponentLogger("worker")->error("receiver for node {} of app {} gave up: {}", spec_.source_node, spec_.app_id,
                                     message);
    Report(ReceiverEventKind::kFailed, message);
  }
  void OnReceiverStopped(const std::string& message) override {
    ComponentLogger("worker")->info("receiver for node {} of app {}: {}", spec_.source_node, spec_.app_id, message);
    Report(ReceiverEventKind::kStopped, message);
  }

 private:
  void Report(ReceiverEventKind kind, const std::string& message) {
    master_->ReportReceiver(worker_id_, ReceiverEvent{spec_.app_id, spec_.source_node, kind, message});
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

}  // namespace

struct ReceiverManager::Receiver {
  ReceiverSpec spec;
  // Keeps the job library, whose code a custom receiver runs, loaded until the receiver is gone.
  std::shared_ptr<const JobGraph> graph;
  // Set when the application is over: blocks cut from then on are dropped, not stored or reported.
  std::shared_ptr<std::atomic<bool>> discard = std::make_shared<std::atomic<bool>>(false);
  std::unique_ptr<ReportingListener> listener;
  std::unique_ptr<BlockGenerator> generator;
  // One of the two: the built-in socketTextStream receiver, or the job's own (receiverStream).
  std::unique_ptr<SocketTextReceiver> socket;
  std::unique_ptr<CustomReceiverRunner> custom;
};

ReceiverManager::ReceiverManager(std::string worker_id, const Config& config, JobCatalog* catalog, BlockStore* blocks,
                                 MasterClient* master)
    : worker_id_(std::move(worker_id)), config_(config), catalog_(catalog), blocks_(blocks), master_(master) {}

ReceiverManager::~ReceiverManager() { StopAll(); }

absl::Status ReceiverManager::StartReceiver(const ReceiverSpec& spec) {
  Key key{spec.app_id, spec.source_node};
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (receivers_.count(key) > 0) return absl::OkStatus();
  }
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

  auto entry = std::make_unique<Receiver>();
  entry->spec = spec;
  entry->graph = *graph;
  entry->listener = std::make_unique<ReportingListener>(worker_id_, spec, master_);
  Duration interval = Milliseconds(spec.block_interval_ms > 0 ? spec.block_interval_ms : config_.block_interval_ms);
  BlockGenerator::BlockSink sink = StoreAndReport(spec.app_id, entry->discard);
  // Block ids name the application too: a worker's block store holds the blocks of every application it serves.
  const std::string origin = spec.app_id + "-" + worker_id_;
  entry->generator = std::make_unique<BlockGenerator>(spec.source_node, origin, interval, sink);
  std::string source;
  if (description.op == "socketTextStream") {
    auto options = SocketOptions(description, config_);
    if (!options.ok()) return options.status();
    source = absl::StrCat(options->host, ":", options->port);
    entry->socket = std::make_unique<SocketTextReceiver>(*options, entry->generator.get(), entry->listener.get());
  } else {
    auto receiver = MakeCustomReceiver(node);
    if (!receiver.ok()) return receiver.status();
    source = description.op;
    CustomReceiverOptions options{spec.source_node, origin, Milliseconds(config_.receiver_restart_delay_ms)};
    entry->custom = std::make_unique<CustomReceiverRunner>(std::move(*receiver), std::move(options),
                                                           entry->generator.get(), sink, entry->listener.get());
  }

  std::lock_guard<std::mutex> lock(mu_);
  auto [slot, inserted] = receivers_.emplace(key, std::move(entry));
  if (!inserted) return absl::OkStatus();  // a concurrent start won
  Receiver& started = *slot->second;
  started.generator->Start();
  if (started.socket) started.socket->Start();
  if (started.custom) started.custom->Start();
  ComponentLogger("worker")->info("started receiver for node {} of app {} ({})", spec.source_node, spec.app_id, source);
  return absl::OkStatus();
}

BlockGenerator::BlockSink ReceiverManager::StoreAndReport(const std::string& app_id,
                                                          std::shared_ptr<std::atomic<bool>> discard) {
  // Called on the generator's thread, and on a custom receiver's threads for the blocks they store whole.
  return [this, app_id, discard = std::move(discard)](ReceivedBlock block) {
    if (discard->load()) return;
    BlockReport report{block.block_id, block.source_node, block.records, static_cast<int64_t>(block.data.size())};
    blocks_->Put(app_id, block.block_id, std::move(block.data), block.records);
    master_->ReportBlocks(app_id, worker_id_, {report});
  };
}

std::vector<std::unique_ptr<ReceiverManager::Receiver>> ReceiverManager::TakeReceivers(const std::string* app_id) {
  std::vector<std::unique_ptr<Receiver>> taken;
  std::lock_guard<std::mutex> lock(mu_);
  for (auto it = receivers_.begin(); it != receivers_.end();) {
    if (app_id == nullptr || it->first.first == *app_id) {
      taken.push_back(std::move(it->second));
      it = receivers_.erase(it);
    } else {
      ++it;
    }
  }
  return taken;
}

void ReceiverManager::Stop(Receiver& receiver, bool report) {
  if (!report) receiver.discard->store(true);
  if (receiver.socket) receiver.socket->Stop();
  // onStop returns before the generator's last cut, so what the receiver stored until then is kept.
  if (receiver.custom) receiver.custom->Stop();
  receiver.generator->StopAndFlush();
  if (report) {
    master_->ReportReceiver(worker_id_, ReceiverEvent{receiver.spec.app_id, receiver.spec.source_node,
                                                      ReceiverEventKind::kStopped, "stopped"});
  }
  ComponentLogger("worker")->info("stopped receiver for node {} of app {}", receiver.spec.source_node,
                                  receiver.spec.app_id);
}

void ReceiverManager::StopReceivers(const std::string& app_id) {
  for (auto& receiver : TakeReceivers(&app_id)) Stop(*receiver, /*report=*/true);
}

void ReceiverManager::DiscardReceivers(const std::string& app_id) {
  for (auto& receiver : TakeReceivers(&app_id)) Stop(*receiver, /*report=*/false);
}

void ReceiverManager::StopAll() {
  for (auto& receiver : TakeReceivers(nullptr)) Stop(*receiver, /*report=*/false);
}

size_t ReceiverManager::size() const {
  std::lock_guard<std::mutex> lock(mu_);
  return receivers_.size();
}

}  // namespace sluice
