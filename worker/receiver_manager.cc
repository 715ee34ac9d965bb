#include "worker/receiver_manager.h"

#include <atomic>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "common/logging.h"
#include "worker/receiver/block_generator.h"
#include "worker/receiver/socket_text_receiver.h"

namespace sluice {
namespace {

// Forwards a receiver's events to the master.
class ReportingListener final : public ReceiverListener {
 public:
  ReportingListener(const std::string& worker_id, const ReceiverSpec& spec, MasterClient* master)
      : worker_id_(worker_id), spec_(spec), master_(master) {}

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

 private:
  void Report(ReceiverEventKind kind, const std::string& message) {
    master_->ReportReceiver(worker_id_, ReceiverEvent{spec_.app_id, spec_.source_node, kind, message});
  }

  const std::string& worker_id_;
  const ReceiverSpec spec_;
  MasterClient* const master_;
};

absl::StatusOr<SocketReceiverOptions> SocketOptions(const NodeDescription& node, const Config& config) {
  if (node.op != "socketTextStream") {
    return absl::InvalidArgumentError(
        absl::StrCat("node ", node.id, " (", node.op, ") is not a receiver this worker can run"));
  }
  auto host = node.params.find("host");
  auto port_text = node.params.find("port");
  int port = 0;
  if (host == node.params.end() || port_text == node.params.end() ||
      !absl::SimpleAtoi(port_text->second, &port) || port <= 0 || port > 65535) {
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

}  // namespace

struct ReceiverManager::Receiver {
  ReceiverSpec spec;
  // Set when the application is over: blocks cut from then on are dropped, not stored or reported.
  std::shared_ptr<std::atomic<bool>> discard = std::make_shared<std::atomic<bool>>(false);
  std::unique_ptr<ReportingListener> listener;
  std::unique_ptr<BlockGenerator> generator;
  std::unique_ptr<SocketTextReceiver> receiver;
};

ReceiverManager::ReceiverManager(const std::string& worker_id, const Config& config, JobCatalog* catalog,
                                 BlockStore* blocks, MasterClient* master)
    : worker_id_(worker_id), config_(config), catalog_(catalog), blocks_(blocks), master_(master) {}

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
  auto options = SocketOptions((*graph)->node(spec.source_node).description(), config_);
  if (!options.ok()) return options.status();

  auto entry = std::make_unique<Receiver>();
  entry->spec = spec;
  entry->listener = std::make_unique<ReportingListener>(worker_id_, spec, master_);
  Duration interval = Milliseconds(spec.block_interval_ms > 0 ? spec.block_interval_ms : config_.block_interval_ms);
  entry->generator = std::make_unique<BlockGenerator>(
      spec.source_node, worker_id_, interval,
      [this, app_id = spec.app_id, discard = entry->discard](ReceivedBlock block) {
        if (discard->load()) return;
        BlockReport report{block.block_id, block.source_node, block.records, static_cast<int64_t>(block.data.size())};
        blocks_->Put(app_id, block.block_id, std::move(block.data), block.records);
        master_->ReportBlocks(app_id, worker_id_, {report});
      });
  entry->receiver = std::make_unique<SocketTextReceiver>(*options, entry->generator.get(), entry->listener.get());

  std::lock_guard<std::mutex> lock(mu_);
  auto [slot, inserted] = receivers_.emplace(key, std::move(entry));
  if (!inserted) return absl::OkStatus();  // a concurrent start won
  slot->second->generator->Start();
  slot->second->receiver->Start();
  ComponentLogger("worker")->info("started receiver for node {} of app {} ({}:{})", spec.source_node, spec.app_id,
                                  options->host, options->port);
  return absl::OkStatus();
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
  receiver.receiver->Stop();
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
