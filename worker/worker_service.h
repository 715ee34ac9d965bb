#ifndef SLUICE_WORKER_WORKER_SERVICE_H_
#define SLUICE_WORKER_WORKER_SERVICE_H_

#include <atomic>

#include <grpcpp/grpcpp.h>

#include "common/event_loop.h"
#include "proto/sluice.grpc.pb.h"
#include "worker/application_janitor.h"
#include "worker/block_store.h"
#include "worker/keyed_state_store.h"
#include "worker/receiver_manager.h"
#include "worker/shuffle_store.h"
#include "worker/task_executor.h"

namespace sluice {

// The worker's gRPC service (callback API). Handlers run on gRPC's threads and only convert and hand over, as
// the master's do: the control calls (ReleaseBatch, ReleaseMaterialized, EndApplication, StartReceiver,
// StopReceivers) run on the worker's control loop, which owns the receivers' registry and membership; the data
// plane is served from the thread-safe parts directly: LaunchTask queues the task for the task threads,
// FetchShuffle streams from the shuffle store, StoreBlockReplica puts a peer's block copy in the block store.
class WorkerServiceImpl final : public proto::WorkerService::CallbackService {
 public:
  // What the calls use; the worker builds them once it knows its id.
  struct Components {
    TaskExecutor* executor;
    ReceiverManager* receivers;
    BlockStore* blocks;
    ShuffleStore* shuffles;
    KeyedStateStore* keyed_states;
    ApplicationJanitor* janitor;
  };

  // `control_loop` must run until the server has shut down: the calls it was given finish on it.
  explicit WorkerServiceImpl(EventLoop* control_loop);

  // Until Start, every call is refused with UNAVAILABLE (the worker is still starting).
  void Start(Components components);

  grpc::ServerUnaryReactor* LaunchTask(grpc::CallbackServerContext* context, const proto::LaunchTaskRequest* request,
                                       proto::LaunchTaskReply* reply) override;
  grpc::ServerUnaryReactor* StartReceiver(grpc::CallbackServerContext* context,
                                          const proto::StartReceiverRequest* request,
                                          proto::StartReceiverReply* reply) override;
  grpc::ServerUnaryReactor* StopReceivers(grpc::CallbackServerContext* context,
                                          const proto::StopReceiversRequest* request,
                                          proto::StopReceiversReply* reply) override;
  grpc::ServerWriteReactor<proto::ShuffleChunk>* FetchShuffle(grpc::CallbackServerContext* context,
                                                              const proto::FetchShuffleRequest* request) override;
  grpc::ServerUnaryReactor* StoreBlockReplica(grpc::CallbackServerContext* context,
                                              const proto::StoreBlockReplicaRequest* request,
                                              proto::StoreBlockReplicaReply* reply) override;
  grpc::ServerUnaryReactor* ReleaseBatch(grpc::CallbackServerContext* context,
                                         const proto::ReleaseBatchRequest* request,
                                         proto::ReleaseBatchReply* reply) override;
  grpc::ServerUnaryReactor* ReleaseMaterialized(grpc::CallbackServerContext* context,
                                                const proto::ReleaseMaterializedRequest* request,
                                                proto::ReleaseMaterializedReply* reply) override;
  grpc::ServerUnaryReactor* EndApplication(grpc::CallbackServerContext* context,
                                           const proto::EndApplicationRequest* request,
                                           proto::EndApplicationReply* reply) override;

 private:
  bool ready() const { return ready_.load(std::memory_order_acquire); }

  EventLoop* const control_;
  Components components_{};  // set once by Start, before ready_; read only by calls that saw ready_
  std::atomic<bool> ready_{false};
};

}  // namespace sluice

#endif  // SLUICE_WORKER_WORKER_SERVICE_H_
