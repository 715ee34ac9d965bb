#ifndef SLUICE_WORKER_TESTING_PEER_WORKER_H_
#define SLUICE_WORKER_TESTING_PEER_WORKER_H_

#include <memory>

#include "gtest/gtest.h"
#include "worker/testing/dead_port.h"
#include "worker/worker_server.h"

namespace sluice::testing {

// A real worker on loopback whose stores other workers read with FetchShuffle; its master is not there, so it
// never gets work of its own.
class PeerWorker {
 public:
  PeerWorker() {
    WorkerServer::Options options;
    options.master_address = dead_master_.address();
    options.cores = 1;
    options.work_dir = ::testing::TempDir();
    options.config.rpc_timeout_ms = 5000;
    server_ = std::make_unique<WorkerServer>(options);
    EXPECT_TRUE(server_->Start().ok());
  }
  ~PeerWorker() { server_->Shutdown(); }

  WorkerServer* operator->() { return server_.get(); }

 private:
  DeadPort dead_master_;
  std::unique_ptr<WorkerServer> server_;
};

}  // namespace sluice::testing

#endif  // SLUICE_WORKER_TESTING_PEER_WORKER_H_
