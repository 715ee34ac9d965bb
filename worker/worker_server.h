#ifndef SLUICE_WORKER_WORKER_SERVER_H_
#define SLUICE_WORKER_WORKER_SERVER_H_

#include <memory>
#include <string>

#include "absl/status/status.h"
#include "common/config.h"
#include "common/event_loop.h"
#include "common/mutex.h"
#include "worker/block_store.h"
#include "rpc/grpc_block_replica_client.h"
#include "rpc/grpc_shuffle_fetcher.h"
#include "worker/job_catalog.h"
#include "worker/keyed_state_store.h"
#include "rpc/grpc_master_client.h"
#include "worker/shuffle_store.h"

namespace grpc {
class Server;
}

namespace sluice {

class WorkerServiceImpl;

// A worker: its RPC service, its stores, its task threads and receivers, and its membership in the cluster.
// Used by sluice-worker and, in-process, by the driver's local mode.
//
// Threads (docs/architecture.md): gRPC's threads run the service's handlers, which only hand over; the control
// loop "worker-control" owns membership and the receivers' registry and runs the control calls; "receiver-ops"
// starts and stops receivers for it; the task threads "task-<i>" run tasks; receivers have threads of their own.
// The stores, the task queue and the master client are what those threads share, each behind its own lock.
class WorkerServer {
 public:
  struct Options {
    std::string master_address;
    std::string host = "127.0.0.1";  // bound and advertised
    int port = 0;                    // 0: a free port
    int cores = 0;                   // 0: the machine's
    std::string work_dir;            // empty: config.worker_work_dir
    Config config;
  };

  explicit WorkerServer(Options options);
  ~WorkerServer();  // Shutdown()s
  WorkerServer(const WorkerServer&) = delete;
  WorkerServer& operator=(const WorkerServer&) = delete;

  // Binds the service and returns once it listens. Registration goes on in the background, retrying until the
  // master answers.
  absl::Status Start();
  // Stops everything and joins every thread. Idempotent.
  void Shutdown();

  // The accessors below are for the thread that started the worker, after Start.
  // host:port of the service, once started.
  std::string address() const;
  // "worker-<host>-<port>-<random hex>", fixed once started.
  const std::string& worker_id() const { return worker_id_; }
  int cores() const { return cores_; }
  JobCatalog& catalog() { return catalog_; }
  // The worker's data, for tests and for a driver that runs the worker in its own process.
  BlockStore& blocks() { return blocks_; }
  ShuffleStore& shuffles() { return shuffles_; }
  KeyedStateStore& keyed_states() { return keyed_states_; }
  bool registered() const;
  // Registration attempts since the worker last registered (0 once it has).
  int64_t registration_attempts() const;

 private:
  // What needs the worker's id, which the bound port gives: built by Start once the service listens.
  struct Identified;

  // Listens on the configured port; false if it cannot.
  bool Listen();

  const Options options_;
  const int cores_;

  BlockStore blocks_;
  ShuffleStore shuffles_;
  KeyedStateStore keyed_states_;
  GrpcShuffleFetcher shuffle_fetcher_;  // to the peers, for the shuffle data tasks read
  GrpcBlockReplicaClient replica_client_;  // to the peers, for the copies of received blocks
  GrpcMasterClient master_;
  JobCatalog catalog_;
  EventLoop control_loop_{"worker-control"};
  // The RPC handlers, behind a pointer so that this header shows no gRPC or generated type.
  const std::unique_ptr<WorkerServiceImpl> service_;
  std::unique_ptr<grpc::Server> server_;

  // Written by Start before it returns, read by the accessors after.
  int bound_port_ = 0;
  std::string worker_id_;
  std::unique_ptr<Identified> identified_;

  Mutex lifecycle_mu_;  // Start and Shutdown may come from different threads (a signal handler's, a driver's)
  bool started_ ABSL_GUARDED_BY(lifecycle_mu_) = false;
  bool shut_down_ ABSL_GUARDED_BY(lifecycle_mu_) = false;
};

}  // namespace sluice

#endif  // SLUICE_WORKER_WORKER_SERVER_H_
