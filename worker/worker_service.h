#ifndef SLUICE_WORKER_WORKER_SERVICE_H_
#define SLUICE_WORKER_WORKER_SERVICE_H_

#include <atomic>

#include <grpcpp/grpcpp.h>

#include "common/event_loop.h"
#include "proto/sluice.grpc.pb.h"
#include "worker/block_store.h"
#include "worker/receiver_manager.h"
#include "worker/keyed_state_store.h"
#include "worker/shuffle_store.h"
#include "worker/task_executor.h"

namespace sluice {

// The worker's gRPC service (callback API). Handlers only convert and hand over: tasks go to the executor,
// calls that may block (receivers start by loading a job, stop by reporting their last blocks) run on the
// thread "worker-control" so that gRPC's threads never wait on the master.
class WorkerServiceImpl final : public proto::WorkerService::CallbackService {
 public:
  struct Components {
    TaskExecutor* executor;
    ReceiverManager* receivers;
    BlockStore* blocks;
    ShuffleStore* shuffles;
    KeyedStateStore* keyed_states;
  };

  WorkerServiceImpl() = default;
  ~WorkerServiceImpl() override;

  // Until Start, every call is refused with UNAVAILABLE (the worker is still starting); the worker builds the
  // components once it knows its id.
  void Start(Components components);
  // After the server has shut down: the calls it waited for have finished. Joins the control thread.
  void Stop();

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

  Components components_{};  // set once by Start, before ready_; read only by calls that saw ready_
  EventLoop control_{"worker-control"};
  std::atomic<bool> ready_{false};
};

}  // namespace sluice

#endif  // SLUICE_WORKER_WORKER_SERVICE_H_
