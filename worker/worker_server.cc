#include "worker/worker_server.h"

#include <algorithm>
#include <chrono>
#include <climits>
#include <random>
#include <thread>

#include "absl/strings/str_cat.h"
#include "common/logging.h"
#include "common/tsan.h"

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

WorkerServer::WorkerServer(Options options)
    : options_(std::move(options)),
      cores_(ResolveCores(options_.cores)),
      peers_(options_.config),
      master_(options_.master_address, options_.config),
      catalog_(ResolveWorkDir(options_),
               [this](const std::string& library_hash) { return master_.GetLibrary(library_hash); }),
      runner_(worker_id_, options_.config, &blocks_, &shuffles_, &keyed_states_, &peers_),
      executor_(cores_, &catalog_, &runner_,
                [this](const TaskResult& result) { master_.ReportTask(worker_id_, result); }),
      receivers_(worker_id_, options_.config, &catalog_, &blocks_, &master_),
      service_({&executor_, &receivers_, &blocks_, &shuffles_, &keyed_states_}),
      membership_(&master_, options_.config, [this] { return executor_.pending_tasks(); }) {}

WorkerServer::~WorkerServer() { Shutdown(); }

absl::Status WorkerServer::Start() {
  std::lock_guard<std::mutex> lock(lifecycle_mu_);
  if (started_) return absl::FailedPreconditionError("the worker was already started");
  if (options_.master_address.empty()) return absl::InvalidArgumentError("the worker needs a master address");
  started_ = true;

  std::string listen = absl::StrCat(options_.host, ":", options_.port);
  int max_bytes = static_cast<int>(std::min<int64_t>(options_.config.max_message_bytes, INT_MAX));
  grpc::ServerBuilder builder;
  builder.AddListeningPort(listen, grpc::InsecureServerCredentials(), &bound_port_);
  builder.SetMaxReceiveMessageSize(max_bytes);
  builder.SetMaxSendMessageSize(max_bytes);
  // gRPC shares ports by default: a second worker on a taken port must fail, not split the traffic.
  builder.AddChannelArgument(GRPC_ARG_ALLOW_REUSEPORT, 0);
  builder.RegisterService(&service_);
  server_ = builder.BuildAndStart();
  if (server_ == nullptr || bound_port_ == 0) {
    server_.reset();
    return absl::UnavailableError(absl::StrCat("the worker cannot listen on ", listen));
  }
  // Set before the service opens: every component reads it only through a call the service let in.
  worker_id_ = absl::StrCat("worker-", options_.host, "-", bound_port_, "-", RandomHex());
  executor_.Start();
  service_.Start();
  membership_.Start(WorkerRegistration{worker_id_, address(), cores_});
  ComponentLogger("worker")->info("worker {} listening on {} with {} cores (master {})", worker_id_, address(),
                                  cores_, options_.master_address);
  return absl::OkStatus();
}

void WorkerServer::Shutdown() {
  std::lock_guard<std::mutex> lock(lifecycle_mu_);
  if (shut_down_) return;
  shut_down_ = true;
  // The master first: every call to it fails at once from now on, so nothing below waits on it.
  master_.Shutdown();
  membership_.Stop();
  if (server_) {
    // Streams still running after a second are cancelled; the calls on the control thread finish promptly
    // because the master calls they make fail at once.
    server_->Shutdown(std::chrono::system_clock::now() + std::chrono::seconds(1));
    server_->Wait();
    TakeBackFromGrpc(&service_);  // every handler has ended
  }
  service_.Stop();
  receivers_.StopAll();
  executor_.Shutdown();
  if (started_) ComponentLogger("worker")->info("worker {} stopped", worker_id_);
}

std::string WorkerServer::address() const { return absl::StrCat(options_.host, ":", bound_port_); }

}  // namespace sluice
