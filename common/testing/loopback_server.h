#ifndef SLUICE_COMMON_TESTING_LOOPBACK_SERVER_H_
#define SLUICE_COMMON_TESTING_LOOPBACK_SERVER_H_

#include <grpcpp/grpcpp.h>

#include <memory>
#include <string>

namespace sluice::testing {

// A real gRPC server on 127.0.0.1 and a free port, serving one stand-in service of a test (a master that refuses
// reports, a worker that answers at once, ...); shut down when it goes. The service must outlive it.
class LoopbackServer {
 public:
  explicit LoopbackServer(grpc::Service* service) {
    grpc::ServerBuilder builder;
    builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(), &port_);
    builder.RegisterService(service);
    server_ = builder.BuildAndStart();
  }
  ~LoopbackServer() {
    if (server_) server_->Shutdown();
  }
  LoopbackServer(const LoopbackServer&) = delete;
  LoopbackServer& operator=(const LoopbackServer&) = delete;

  bool started() const { return server_ != nullptr && port_ != 0; }
  int port() const { return port_; }
  std::string address() const { return "127.0.0.1:" + std::to_string(port_); }

 private:
  int port_ = 0;
  std::unique_ptr<grpc::Server> server_;
};

}  // namespace sluice::testing

#endif  // SLUICE_COMMON_TESTING_LOOPBACK_SERVER_H_
