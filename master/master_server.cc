#include "master/master_server.h"

#include <future>

#include <grpcpp/grpcpp.h>

#include "absl/strings/str_cat.h"
#include "common/logging.h"
#include "master/master_service.h"
#include "rpc/grpc_worker_clients.h"

namespace sluice {

MasterServer::MasterServer(Config config)
    : config_(std::move(config)),
      loop_("master-loop"),
      worker_clients_(std::make_unique<GrpcWorkerClients>(config_)),
      master_(config_, &loop_, worker_clients_.get()),
      service_(std::make_unique<MasterService>(&master_, &loop_)) {}

MasterServer::~MasterServer() { Shutdown(); }

absl::Status MasterServer::Start() {
  loop_.Start();
  grpc::ServerBuilder builder;
  builder.AddListeningPort(absl::StrCat(config_.master_host, ":", config_.master_port),
                           grpc::InsecureServerCredentials(), &port_);
  builder.SetMaxReceiveMessageSize(static_cast<int>(config_.max_message_bytes));
  builder.SetMaxSendMessageSize(static_cast<int>(config_.max_message_bytes));
  // gRPC shares ports by default: a second master on a taken port must fail, not split the traffic.
  builder.AddChannelArgument(GRPC_ARG_ALLOW_REUSEPORT, 0);
  builder.RegisterService(service_.get());
  server_ = builder.BuildAndStart();
  if (!server_ || port_ == 0) {
    return absl::UnavailableError(
        absl::StrCat("cannot listen on ", config_.master_host, ":", config_.master_port, " (is the port in use?)"));
  }
  loop_.Post([this] { master_.Start(); });
  if (config_.master_webui_port >= 0) {
    status_page_ = std::make_unique<StatusPageServer>([this] { return View(); });
    if (absl::Status status = status_page_->Start(config_.master_host, config_.master_webui_port); !status.ok()) {
      return status;
    }
  }
  Logger(LogComponent::kMaster).Info("master listening on port {}, web UI on port {}", port_, webui_port());
  return absl::OkStatus();
}

MasterView MasterServer::View() {
  auto promise = std::make_shared<std::promise<MasterView>>();
  std::future<MasterView> future = promise->get_future();
  loop_.Post([this, promise] { promise->set_value(master_.View()); });
  // A fixed bound, not a tunable: the loop answers in microseconds unless it is stuck, and a page must not hang.
  if (future.wait_for(std::chrono::seconds(2)) != std::future_status::ready) return MasterView{};
  return future.get();
}

void MasterServer::Shutdown() {
  if (shut_down_) return;
  shut_down_ = true;
  if (status_page_) status_page_->Stop();
  // The loop keeps running until the RPC server is down, so that every call in flight is answered.
  auto ended = std::make_shared<std::promise<void>>();
  std::future<void> ended_future = ended->get_future();
  loop_.Post([this, ended] {
    master_.Shutdown();
    ended->set_value();
  });
  // Fixed bounds on a shutdown, not tunables: the loop ends the applications at once; then calls still in flight
  // get two seconds to finish before they are cancelled.
  ended_future.wait_for(std::chrono::seconds(5));
  if (server_) server_->Shutdown(std::chrono::system_clock::now() + std::chrono::seconds(2));
  loop_.Stop();
}

}  // namespace sluice
