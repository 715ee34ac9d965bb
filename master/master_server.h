#ifndef SLUICE_MASTER_MASTER_SERVER_H_
#define SLUICE_MASTER_MASTER_SERVER_H_

#include <memory>
#include <string>

#include "absl/status/status.h"
#include "common/config.h"
#include "common/event_loop.h"
#include "master/master.h"
#include "master/status_page.h"

namespace grpc {
class Server;
}

namespace sluice {

class GrpcWorkerClients;
class MasterService;

// The master daemon's composition root: builds every component, in dependency order, and tears them down
// in reverse. Its users (sluice-master's main, local mode, tests) see no gRPC or generated type.
class MasterServer {
 public:
  explicit MasterServer(Config config);
  ~MasterServer();

  // Binds the RPC port (config.master_port; 0 picks one) and the web UI, and starts serving.
  absl::Status Start();
  void Shutdown();

  int port() const { return port_; }
  int webui_port() const { return status_page_ ? status_page_->port() : -1; }
  MasterView View();

 private:
  const Config config_;
  EventLoop loop_;
  const std::unique_ptr<GrpcWorkerClients> worker_clients_;
  Master master_;
  const std::unique_ptr<MasterService> service_;
  std::unique_ptr<grpc::Server> server_;
  std::unique_ptr<StatusPageServer> status_page_;
  int port_ = 0;
  bool shut_down_ = false;
};

}  // namespace sluice

#endif  // SLUICE_MASTER_MASTER_SERVER_H_
