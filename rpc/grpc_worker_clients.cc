#include "rpc/grpc_worker_clients.h"

#include <chrono>

#include <grpcpp/grpcpp.h>

#include "proto/sluice.grpc.pb.h"
#include "rpc/channels.h"
#include "rpc/client_call.h"
#include "rpc/status.h"
#include "common/tsan.h"
#include "wire/proto_conversion.h"

namespace sluice {
namespace {
// The method's name (for rpc.inject_failures) and the reactor overload of its generated async method: two of
// Call's arguments.
#define RpcMethod(name)                                                                   \
  #name,                                                                                          \
  [](auto* async, auto* context, auto* request, auto* reply, grpc::ClientUnaryReactor* reactor) { \
    async->name(context, request, reply, reactor);                                            \
  }

// One call in flight: it owns what gRPC reads and writes until OnDone, which runs on a gRPC thread and deletes it.
// `ended` runs last, once the call and its context are gone: only then may the clients, and with them the channel,
// go (a channel whose last reference drops inside a gRPC callback aborts gRPC 1.51 at shutdown, grpc/grpc#32584).
template <class Request, class Reply>
class UnaryCall final : public grpc::ClientUnaryReactor {
 public:
  UnaryCall(Request request, std::function<void(grpc::Status)> done, std::function<void()> ended)
      : request_(std::move(request)), done_(std::move(done)), ended_(std::move(ended)) {}

  template <class Async, class Method>
  void Start(Async* async, absl::string_view name, Method method, int64_t timeout_ms, FailureInjector* injector) {
    name_ = name;
    SetDeadline(&context_, timeout_ms);
    injected_ = PrepareCall(injector, name_, &context_);
    method(async, &context_, &request_, &reply_, this);
    // Whatever we and gRPC's header code wrote into this call is handed over to OnDone's thread.
    HandOffToGrpc(this);
    StartCall();
    HandOffToGrpc(this);
  }

  void OnDone(const grpc::Status& status) override {
    TakeBackFromGrpc(this);
    done_(CallOutcome(injected_, name_, status));
    std::function<void()> ended = std::move(ended_);
    delete this;
    ended();
  }

 private:
  grpc::ClientContext context_;
  absl::string_view name_;  // a literal
  InjectedFailure injected_ = InjectedFailure::kNone;
  Request request_;
  Reply reply_;
  std::function<void(grpc::Status)> done_;
  std::function<void()> ended_;
};
}  // namespace

int64_t StartReceiverTimeoutMs(const Config& config) {
  return config.rpc_timeout_ms * config.start_receiver_timeout_factor;
}

GrpcWorkerClients::GrpcWorkerClients(const Config& config)
    : config_(config), injector_(MakeFailureInjector(config.inject_failures)) {}

GrpcWorkerClients::~GrpcWorkerClients() {
  std::unique_lock<std::mutex> lock(mu_);
  idle_.wait(lock, [this] { return in_flight_ == 0; });
}

class GrpcWorkerClients::Stub {
 public:
  explicit Stub(std::shared_ptr<grpc::Channel> channel) : stub(proto::WorkerService::NewStub(std::move(channel))) {}
  std::unique_ptr<proto::WorkerService::Stub> stub;
};

GrpcWorkerClients::Stub* GrpcWorkerClients::StubForNewCall(const std::string& address) {
  std::lock_guard<std::mutex> lock(mu_);
  if (in_flight_ == 0) forgotten_.clear();
  ++in_flight_;
  auto& stub = stubs_[address];
  if (!stub) {
    stub = std::make_unique<Stub>(MakeDaemonChannel(address, config_));
  }
  return stub.get();
}

void GrpcWorkerClients::Forget(const std::string& address) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = stubs_.find(address);
  if (it == stubs_.end()) return;
  // Calls to the worker may still be in flight: its channel goes only when none is (see UnaryCall).
  forgotten_.push_back(std::move(it->second));
  stubs_.erase(it);
  if (in_flight_ == 0) forgotten_.clear();
}

template <class Request, class Reply, class Method>
void GrpcWorkerClients::Call(const std::string& address, Request request, absl::string_view name, Method method,
                             Done done, int64_t timeout_ms) {
  Stub* stub = StubForNewCall(address);
  auto* call = new UnaryCall<Request, Reply>(
      std::move(request),
      [address, done = std::move(done)](grpc::Status status) {
        if (done) done(FromGrpcStatus(status, "worker " + address));
      },
      [this] {
        std::lock_guard<std::mutex> lock(mu_);
        if (--in_flight_ == 0) idle_.notify_all();
      });
  // The stub (and channel) outlives the call in stubs_ or forgotten_, which keep it until no call is in flight.
  call->Start(stub->stub->async(), name, method, timeout_ms, injector_.get());
}

void GrpcWorkerClients::LaunchTask(const std::string& address, const TaskSpec& task, Done done) {
  proto::LaunchTaskRequest request;
  ToProto(task, request.mutable_task());
  Call<proto::LaunchTaskRequest, proto::LaunchTaskReply>(
      address, std::move(request), RpcMethod(LaunchTask), std::move(done),
      config_.rpc_timeout_ms);
}

void GrpcWorkerClients::StartReceiver(const std::string& address, const std::string& app_id, int32_t source_node,
                                      const std::string& library_hash, Done done) {
  proto::StartReceiverRequest request;
  ToProto(ReceiverSpec{app_id, source_node, library_hash, config_.block_interval_ms, config_.receiver_replication},
          request.mutable_receiver());
  Call<proto::StartReceiverRequest, proto::StartReceiverReply>(
      address, std::move(request), RpcMethod(StartReceiver), std::move(done),
      StartReceiverTimeoutMs(config_));
}

void GrpcWorkerClients::StopReceivers(const std::string& address, const std::string& app_id, Done done) {
  proto::StopReceiversRequest request;
  request.set_app_id(app_id);
  Call<proto::StopReceiversRequest, proto::StopReceiversReply>(
      address, std::move(request), RpcMethod(StopReceivers), std::move(done),
      config_.rpc_timeout_ms);
}

void GrpcWorkerClients::ReleaseBatch(const std::string& address, const std::string& app_id, int64_t batch_ms,
                                     const std::vector<std::string>& block_ids) {
  proto::ReleaseBatchRequest request;
  request.set_app_id(app_id);
  request.set_batch_ms(batch_ms);
  for (const std::string& id : block_ids) request.add_block_ids(id);
  Call<proto::ReleaseBatchRequest, proto::ReleaseBatchReply>(
      address, std::move(request), RpcMethod(ReleaseBatch), nullptr,
      config_.rpc_timeout_ms);
}

void GrpcWorkerClients::ReleaseMaterialized(const std::string& address, const std::string& app_id,
                                            const std::vector<MaterializedKey>& keys) {
  proto::ReleaseMaterializedRequest request;
  request.set_app_id(app_id);
  for (const MaterializedKey& key : keys) ToProto(key, request.add_keys());
  Call<proto::ReleaseMaterializedRequest, proto::ReleaseMaterializedReply>(
      address, std::move(request), RpcMethod(ReleaseMaterialized), nullptr, config_.rpc_timeout_ms);
}

void GrpcWorkerClients::EndApplication(const std::string& address, const std::string& app_id) {
  proto::EndApplicationRequest request;
  request.set_app_id(app_id);
  Call<proto::EndApplicationRequest, proto::EndApplicationReply>(
      address, std::move(request), RpcMethod(EndApplication), nullptr,
      config_.rpc_timeout_ms);
}

}  // namespace sluice
