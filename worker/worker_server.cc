#include "worker/worker_server.h"

#include <algorithm>
#include <chrono>
#include <climits>
#include <random>
#include <thread>

#include <grpcpp/grpcpp.h>

#include "absl/strings/str_cat.h"
#include "common/logging.h"
#include "common/tsan.h"
#include "worker/application_janitor.h"
#include "worker/block_replicator.h"
#include "worker/membership.h"
#include "worker/receiver_manager.h"
#include "worker/task_executor.h"
#include "worker/task_runner.h"
#include "worker/worker_service.h"

namespace sluice {
namespace {

int ResolveCores(int cores) {
  if (cores > 0) return cores;
  return std::max(1, static_cast<int>(std::thread::hardware_concurrency()));
}

std::string RandomHex() {
  std::random_device device;
  std::uniform_int_distribution<uint32_t> bits;
  return absl::StrCat(absl::Hex(bits(device), absl::kZeroPad8));
}

std::string ResolveWorkDir(const WorkerServer::Options& options) {
  return options.work_dir.empty() ? options.config.worker_work_dir : options.work_dir;
}

}  // namespace

struct WorkerServer::Identified {
  Identified(WorkerServer& worker, const std::string& worker_id)
      : runner(worker_id, worker.options_.config, &worker.blocks_, &worker.shuffles_, &worker.keyed_states_,
               &worker.shuffle_fetcher_),
        executor(
            worker.cores_, &worker.catalog_, &runner,
            [master = &worker.master_, worker_id](const TaskResult& result) { master->ReportTask({worker_id, result}); }),
        replicator(worker_id, &worker.replica_client_),
        receivers(worker_id, worker.options_.config, &worker.catalog_, &worker.blocks_, &replicator, &worker.master_,
                  &worker.control_loop_),
        janitor(&receivers, &worker.blocks_, &worker.shuffles_, &worker.keyed_states_),
        membership(
            &worker.master_, worker.options_.config, &worker.control_loop_, [this] { return executor.pending_tasks(); },
            [this](std::vector<WorkerPeer> peers) { replicator.SetPeers(std::move(peers)); },
            [this](const std::vector<std::string>& applications) { janitor.KeepOnly(applications); }) {}

  TaskRunner runner;
  TaskExecutor executor;
  BlockReplicator replicator;
  ReceiverManager receivers;
  ApplicationJanitor janitor;
  Membership membership;
};

WorkerServer::WorkerServer(Options options)
    : options_(std::move(options)),
      cores_(ResolveCores(options_.cores)),
      shuffle_fetcher_(options_.config),
      replica_client_(options_.config),
      master_(options_.master_address, options_.config),
      catalog_(ResolveWorkDir(options_),
               [this](const std::string& library_hash) { return master_.GetLibrary(library_hash); }),
      service_(std::make_unique<WorkerServiceImpl>(&control_loop_)) {}

WorkerServer::~WorkerServer() { Shutdown(); }

absl::Status WorkerServer::Start() {
  MutexLock lock(&lifecycle_mu_);
  if (started_) return absl::FailedPreconditionError("the worker was already started");
  if (options_.master_address.empty()) return absl::InvalidArgumentError("the worker needs a master address");
  started_ = true;
  if (!Listen()) {
    return absl::UnavailableError(absl::StrCat("the worker cannot listen on ", options_.host, ":", options_.port));
  }
  // The service refuses every call until it has the components, which are built with the id the port gives.
  worker_id_ = absl::StrCat("worker-", options_.host, "-", bound_port_, "-", RandomHex());
  identified_ = std::make_unique<Identified>(*this, worker_id_);
  identified_->executor.Start();
  identified_->receivers.Start();
  control_loop_.Start();
  service_->Start(
      {&identified_->executor, &identified_->receivers, &blocks_, &shuffles_, &keyed_states_, &identified_->janitor});
  identified_->membership.Start(WorkerRegistration{worker_id_, address(), cores_});
  Logger(LogComponent::kWorker)
      .Info("worker {} listening on {} with {} cores (master {})", worker_id_, address(), cores_,
            options_.master_address);
  return absl::OkStatus();
}

bool WorkerServer::Listen() {
  std::string listen = absl::StrCat(options_.host, ":", options_.port);
  int max_bytes = static_cast<int>(std::min<int64_t>(options_.config.max_message_bytes, INT_MAX));
  grpc::ServerBuilder builder;
  builder.AddListeningPort(listen, grpc::InsecureServerCredentials(), &bound_port_);
  builder.SetMaxReceiveMessageSize(max_bytes);
  builder.SetMaxSendMessageSize(max_bytes);
  // gRPC shares ports by default: a second worker on a taken port must fail, not split the traffic.
  builder.AddChannelArgument(GRPC_ARG_ALLOW_REUSEPORT, 0);
  builder.RegisterService(service_.get());
  server_ = builder.BuildAndStart();
  if (server_ == nullptr || bound_port_ == 0) {
    server_.reset();
    return false;
  }
  return true;
}

void WorkerServer::Shutdown() {
  MutexLock lock(&lifecycle_mu_);
  if (shut_down_) return;
  shut_down_ = true;
  // The master first: every call to it fails at once from now on, so nothing below waits on it, and membership's
  // calls have ended.
  master_.Shutdown();
  if (server_) {
    // Streams still running after a second are cancelled; the calls on the control loop finish promptly because
    // the master calls they make fail at once.
    server_->Shutdown(std::chrono::system_clock::now() + std::chrono::seconds(1));
    server_->Wait();
    TakeBackFromGrpc(service_.get());  // every handler has ended
  }
  // After the server: the calls it waited for finished on the loop. Membership's timers go with it.
  control_loop_.Stop();
  if (identified_) {
    identified_->receivers.StopAll();
    identified_->executor.Shutdown();
  }
  if (started_) Logger(LogComponent::kWorker).Info("worker {} stopped", worker_id_);
}

std::string WorkerServer::address() const { return absl::StrCat(options_.host, ":", bound_port_); }

bool WorkerServer::registered() const { return identified_ != nullptr && identified_->membership.registered(); }

int64_t WorkerServer::registration_attempts() const {
  return identified_ != nullptr ? identified_->membership.registration_attempts() : 0;
}

}  // namespace sluice
