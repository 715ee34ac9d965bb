#include "worker/worker_service.h"

#include "absl/strings/str_cat.h"
#include "rpc/status.h"
#include "common/logging.h"
#include "common/tsan.h"
#include "wire/proto_conversion.h"

namespace sluice {
namespace {

grpc::Status NotReady() { return ToGrpcStatus(absl::UnavailableError("the worker is still starting")); }

grpc::ServerUnaryReactor* FinishNow(grpc::CallbackServerContext* context, const grpc::Status& status) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  reactor->Finish(status);
  return reactor;
}

// Runs `work` on the control loop, giving it the call's finish, which it calls then or later (once receiver-ops
// is done). The request and reply stay valid until then.
template <class Work>
grpc::ServerUnaryReactor* OnLoop(grpc::CallbackServerContext* context, EventLoop* loop, Work work) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  loop->Post([reactor, work = std::move(work)]() mutable {
    work([reactor](const absl::Status& status) { reactor->Finish(ToGrpcStatus(status)); });
  });
  return reactor;
}

// Streams one partition of a map output, a chunk of whole records per message.
class ShuffleChunkWriter final : public grpc::ServerWriteReactor<proto::ShuffleChunk> {
 public:
  explicit ShuffleChunkWriter(std::shared_ptr<const PartitionChunks> chunks) : chunks_(std::move(chunks)) {
    WriteNext();
  }
  explicit ShuffleChunkWriter(const grpc::Status& error) { StartOperation([&] { Finish(error); }); }

  void OnWriteDone(bool ok) override {
    TakeBackFromGrpc(this);
    if (!ok) {
      StartOperation([&] { Finish(ToGrpcStatus(absl::CancelledError("the reader went away"))); });
      return;
    }
    WriteNext();
  }
  void OnDone() override {
    TakeBackFromGrpc(this);
    delete this;
  }

 private:
  void WriteNext() {
    if (next_ >= chunks_->size()) {
      StartOperation([&] { Finish(grpc::Status::OK); });
      return;
    }
    message_.set_data((*chunks_)[next_++]);
    StartOperation([&] { StartWrite(&message_); });
  }

  // Starts a write or the finish, whose callback runs on a gRPC thread: hands over both what we wrote for it and
  // what gRPC's header code wrote into the reactor while starting it.
  template <class Operation>
  void StartOperation(Operation operation) {
    HandOffToGrpc(this);
    operation();
    HandOffToGrpc(this);
  }

  std::shared_ptr<const PartitionChunks> chunks_;
  size_t next_ = 0;
  proto::ShuffleChunk message_;
};

}  // namespace

WorkerServiceImpl::WorkerServiceImpl(EventLoop* control_loop) : control_(control_loop) {}

void WorkerServiceImpl::Start(Components components) {
  components_ = components;
  ready_.store(true, std::memory_order_release);
}

grpc::ServerUnaryReactor* WorkerServiceImpl::LaunchTask(grpc::CallbackServerContext* context,
                                                        const proto::LaunchTaskRequest* request,
                                                        proto::LaunchTaskReply* /*reply*/) {
  const GrpcHandlerScope handler(this);
  if (!ready()) return FinishNow(context, NotReady());
  absl::StatusOr<TaskSpec> task = FromProto(request->task());
  if (!task.ok()) return FinishNow(context, ToGrpcStatus(task.status()));
  components_.janitor->Seen(task->app_id);
  if (!components_.executor->Submit(*std::move(task))) {
    return FinishNow(context, ToGrpcStatus(absl::UnavailableError("the worker is shutting down")));
  }
  return FinishNow(context, grpc::Status::OK);
}

grpc::ServerUnaryReactor* WorkerServiceImpl::StartReceiver(grpc::CallbackServerContext* context,
                                                           const proto::StartReceiverRequest* request,
                                                           proto::StartReceiverReply* /*reply*/) {
  const GrpcHandlerScope handler(this);
  if (!ready()) return FinishNow(context, NotReady());
  absl::StatusOr<ReceiverSpec> spec = FromProto(request->receiver());
  if (!spec.ok()) return FinishNow(context, ToGrpcStatus(spec.status()));
  components_.janitor->Seen(spec->app_id);
  return OnLoop(context, control_,
                [this, spec = *std::move(spec)](auto finish) { components_.receivers->StartReceiver(spec, finish); });
}

grpc::ServerUnaryReactor* WorkerServiceImpl::StopReceivers(grpc::CallbackServerContext* context,
                                                           const proto::StopReceiversRequest* request,
                                                           proto::StopReceiversReply* /*reply*/) {
  const GrpcHandlerScope handler(this);
  if (!ready()) return FinishNow(context, NotReady());
  return OnLoop(context, control_, [this, request](auto finish) {
    components_.receivers->StopReceivers(request->app_id(), [finish] { finish(absl::OkStatus()); });
  });
}

grpc::ServerWriteReactor<proto::ShuffleChunk>* WorkerServiceImpl::FetchShuffle(
    grpc::CallbackServerContext* /*context*/, const proto::FetchShuffleRequest* request) {
  const GrpcHandlerScope handler(this);
  if (!ready()) return new ShuffleChunkWriter(NotReady());
  auto chunks = components_.shuffles->Get(FromProto(*request), request->reduce_partition());
  if (!chunks.ok()) return new ShuffleChunkWriter(ToGrpcStatus(chunks.status()));
  return new ShuffleChunkWriter(*std::move(chunks));
}

grpc::ServerUnaryReactor* WorkerServiceImpl::StoreBlockReplica(grpc::CallbackServerContext* context,
                                                               const proto::StoreBlockReplicaRequest* request,
                                                               proto::StoreBlockReplicaReply* /*reply*/) {
  const GrpcHandlerScope handler(this);
  if (!ready()) return FinishNow(context, NotReady());
  // gRPC owns the request for the call and never reads it again: the block's bytes are moved out, not copied.
  auto* mutable_request = const_cast<proto::StoreBlockReplicaRequest*>(request);
  absl::StatusOr<BlockReplica> replica = FromProto(std::move(*mutable_request));
  if (!replica.ok()) return FinishNow(context, ToGrpcStatus(replica.status()));
  components_.janitor->Seen(replica->app_id);
  components_.blocks->Put(replica->app_id, replica->block_id, std::move(replica->data), replica->records);
  return FinishNow(context, grpc::Status::OK);
}

grpc::ServerUnaryReactor* WorkerServiceImpl::ReleaseBatch(grpc::CallbackServerContext* context,
                                                          const proto::ReleaseBatchRequest* request,
                                                          proto::ReleaseBatchReply* /*reply*/) {
  const GrpcHandlerScope handler(this);
  if (!ready()) return FinishNow(context, NotReady());
  return OnLoop(context, control_, [this, request](auto finish) {
    components_.blocks->Remove({request->block_ids().begin(), request->block_ids().end()});
    components_.shuffles->ReleaseUpTo(request->app_id(), request->batch_ms());
    finish(absl::OkStatus());
  });
}

grpc::ServerUnaryReactor* WorkerServiceImpl::ReleaseMaterialized(grpc::CallbackServerContext* context,
                                                                 const proto::ReleaseMaterializedRequest* request,
                                                                 proto::ReleaseMaterializedReply* /*reply*/) {
  const GrpcHandlerScope handler(this);
  if (!ready()) return FinishNow(context, NotReady());
  return OnLoop(context, control_, [this, request](auto finish) {
    std::vector<ShuffleKey> keys;
    for (const proto::MaterializedKey& key : request->keys()) {
      keys.push_back(ShuffleKey::Materialized(request->app_id(), FromProto(key)));
    }
    components_.shuffles->Release(keys);
    finish(absl::OkStatus());
  });
}

grpc::ServerUnaryReactor* WorkerServiceImpl::EndApplication(grpc::CallbackServerContext* context,
                                                            const proto::EndApplicationRequest* request,
                                                            proto::EndApplicationReply* /*reply*/) {
  const GrpcHandlerScope handler(this);
  if (!ready()) return FinishNow(context, NotReady());
  return OnLoop(context, control_, [this, app_id = request->app_id()](auto finish) {
    components_.janitor->End(app_id, [finish] { finish(absl::OkStatus()); });
  });
}

}  // namespace sluice
