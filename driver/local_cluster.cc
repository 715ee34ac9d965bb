#include "driver/local_cluster.h"

#include <unistd.h>

#include "absl/strings/str_cat.h"
#include "common/logging.h"
#include "master/master_server.h"
#include "worker/worker_server.h"

namespace sluice {

LocalCluster::LocalCluster(int slots, Config config) : slots_(slots), config_(std::move(config)) {}

LocalCluster::~LocalCluster() { Shutdown(); }

absl::Status LocalCluster::Start() {
  Config master_config = config_;
  master_config.master_host = "127.0.0.1";
  master_config.master_port = 0;
  master_config.master_webui_port = config_.local_webui_port;
  master_ = std::make_unique<MasterServer>(master_config);
  if (absl::Status status = master_->Start(); !status.ok()) return status;
  if (master_->webui_port() >= 0) {
    Logger(LogComponent::kDriver).Info("local[{}]: status page at http://127.0.0.1:{}/", slots_, master_->webui_port());
  }
  WorkerServer::Options options;
  options.master_address = master_address();
  options.host = "127.0.0.1";
  options.port = 0;
  options.cores = slots_;
  options.work_dir = absl::StrCat(config_.worker_work_dir, "/local-", getpid());
  options.config = config_;
  worker_ = std::make_unique<WorkerServer>(options);
  return worker_->Start();
}

void LocalCluster::Shutdown() {
  if (worker_) worker_->Shutdown();
  if (master_) master_->Shutdown();
}

std::string LocalCluster::master_address() const { return absl::StrCat("127.0.0.1:", master_->port()); }

void LocalCluster::ShareGraph(const std::string& library_hash, std::shared_ptr<const JobGraph> graph) {
  worker_->catalog().RegisterLocal(library_hash, std::move(graph));
}

}  // namespace sluice
