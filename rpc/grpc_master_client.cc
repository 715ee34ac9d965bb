#include "rpc/grpc_master_client.h"

#include <chrono>

#include "absl/status/status.h"
#include "rpc/status.h"
#include "common/logging.h"
#include "common/tsan.h"
#include "proto/sluice.grpc.pb.h"
#include "rpc/channels.h"
#include "rpc/client_call.h"
#include "wire/proto_conversion.h"

namespace sluice {

class GrpcMasterClient::Stub {
 public:
  explicit Stub(std::shared_ptr<grpc::Channel> channel) : stub(proto::MasterService::NewStub(std::move(channel))) {}
  std::unique_ptr<proto::MasterService::Stub> stub;
};

GrpcMasterClient::GrpcMasterClient(std::string master_address, const Config& config)
    : master_address_(std::move(master_address)),
      config_(config),
      stub_(std::make_unique<Stub>(MakeDaemonChannel(master_address_, config))),
      injector_(MakeFailureInjector(config.inject_failures)) {}

GrpcMasterClient::~GrpcMasterClient() { Shutdown(); }

void GrpcMasterClient::Shutdown() {
  std::set<std::shared_ptr<grpc::ClientContext>> async_calls;
  {
    MutexLock lock(&mu_);
    shut_down_ = true;
    for (grpc::ClientContext* context : in_flight_) context->TryCancel();
    changed_.SignalAll();  // ends the reports' backoffs
    async_calls = async_in_flight_;
  }
  for (const std::shared_ptr<grpc::ClientContext>& context : async_calls) context->TryCancel();
  async_calls.clear();
  MutexLock lock(&mu_);
  while (async_calls_ > 0) changed_.Wait(&mu_);
}

bool GrpcMasterClient::shut_down() const {
  MutexLock lock(&mu_);
  return shut_down_;
}

std::unique_ptr<grpc::ClientContext> GrpcMasterClient::NewContext() {
  auto context = std::make_unique<grpc::ClientContext>();
  SetDeadline(context.get(), config_.rpc_timeout_ms);
  MutexLock lock(&mu_);
  if (shut_down_) return nullptr;
  in_flight_.insert(context.get());
  return context;
}

void GrpcMasterClient::Forget(grpc::ClientContext* context) {
  MutexLock lock(&mu_);
  in_flight_.erase(context);
}

bool GrpcMasterClient::Backoff(int attempt) {
  MutexLock lock(&mu_);
  auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(config_.report_backoff_ms << attempt);
  while (!shut_down_) {
    if (changed_.WaitUntil(&mu_, deadline)) break;
  }
  return !shut_down_;
}

namespace {

absl::Status ShutDownError() { return absl::CancelledError("the worker is shutting down"); }

}  // namespace

// One asynchronous call: it owns what gRPC reads and writes until OnDone, which runs on a gRPC thread, hands the
// outcome on and deletes the call.
template <class Request, class Reply>
class GrpcMasterClient::AsyncCall final : public grpc::ClientUnaryReactor {
 public:
  using Done = std::function<void(const grpc::Status&, const Reply&)>;

  AsyncCall(GrpcMasterClient* client, std::shared_ptr<grpc::ClientContext> context, Request request, Done done)
      : client_(client), context_(std::move(context)), request_(std::move(request)), done_(std::move(done)) {}

  // gRPC reads the request when it sends it, after Start: the call keeps it.
  template <class Method>
  void Start(proto::MasterService::Stub* stub, absl::string_view name, Method method, FailureInjector* injector) {
    name_ = name;
    injected_ = PrepareCall(injector, name_, context_.get());
    method(stub->async(), context_.get(), &request_, &reply_, this);
    // Whatever we and gRPC's header code wrote into this call is handed over to OnDone's thread.
    HandOffToGrpc(this);
    StartCall();
    HandOffToGrpc(this);
  }

  void OnDone(const grpc::Status& status) override {
    TakeBackFromGrpc(this);
    done_(CallOutcome(injected_, name_, status), reply_);
    GrpcMasterClient* client = client_;
    std::shared_ptr<grpc::ClientContext> context = context_;
    delete this;
    client->EndAsync(std::move(context));  // last: Shutdown may return, and the client go, once it has
  }

 private:
  GrpcMasterClient* const client_;
  const std::shared_ptr<grpc::ClientContext> context_;
  const Request request_;
  Reply reply_;
  const Done done_;
  absl::string_view name_;  // a literal
  InjectedFailure injected_ = InjectedFailure::kNone;
};

template <class Request, class Reply, class Method>
void GrpcMasterClient::StartAsync(Request request, absl::string_view name, Method method,
                              std::function<void(const grpc::Status&, const Reply&)> done) {
  auto context = std::make_shared<grpc::ClientContext>();
  SetDeadline(context.get(), config_.rpc_timeout_ms);
  bool shut_down;
  {
    MutexLock lock(&mu_);
    shut_down = shut_down_;
    if (!shut_down) {
      async_in_flight_.insert(context);
      ++async_calls_;
    }
  }
  if (shut_down) {
    done(ToGrpcStatus(ShutDownError()), Reply());
    return;
  }
  auto* call = new AsyncCall<Request, Reply>(this, std::move(context), std::move(request), std::move(done));
  call->Start(stub_->stub.get(), name, method, injector_.get());
}

void GrpcMasterClient::EndAsync(std::shared_ptr<grpc::ClientContext> context) {
  {
    MutexLock lock(&mu_);
    async_in_flight_.erase(context);
  }
  context.reset();  // the last reference, unless Shutdown holds one while it cancels (then Shutdown's thread drops it)
  MutexLock lock(&mu_);
  if (--async_calls_ == 0) changed_.SignalAll();
}

void GrpcMasterClient::Register(const WorkerRegistration& registration, Done<RegistrationAnswer> done) {
  proto::RegisterWorkerRequest request;
  ToProto(registration, &request);
  StartAsync<proto::RegisterWorkerRequest, proto::RegisterWorkerReply>(
      std::move(request), "RegisterWorker",
      [](auto* async, auto* context, auto* request, auto* reply, grpc::ClientUnaryReactor* reactor) {
        async->RegisterWorker(context, request, reply, reactor);
      },
      [done = std::move(done)](const grpc::Status& status, const proto::RegisterWorkerReply& reply) {
        if (!status.ok()) return done(FromGrpcStatus(status, "RegisterWorker"));
        done(FromProto(reply));
      });
}

void GrpcMasterClient::Heartbeat(const std::string& worker_id, int32_t running_tasks, Done<HeartbeatAnswer> done) {
  proto::HeartbeatRequest request;
  request.set_worker_id(worker_id);
  request.set_running_tasks(running_tasks);
  StartAsync<proto::HeartbeatRequest, proto::HeartbeatReply>(
      std::move(request), "Heartbeat",
      [](auto* async, auto* context, auto* request, auto* reply, grpc::ClientUnaryReactor* reactor) {
        async->Heartbeat(context, request, reply, reactor);
      },
      [done = std::move(done)](const grpc::Status& status, const proto::HeartbeatReply& reply) {
        if (!status.ok()) return done(FromGrpcStatus(status, "Heartbeat"));
        done(FromProto(reply));
      });
}

absl::StatusOr<JobLibrary> GrpcMasterClient::GetLibrary(const std::string& library_hash) {
  proto::GetLibraryRequest request;
  request.set_library_hash(library_hash);
  proto::GetLibraryReply reply;
  auto context = NewContext();
  if (!context) return ShutDownError();
  InjectedFailure injected = PrepareCall(injector_.get(), "GetLibrary", context.get());
  grpc::Status status = CallOutcome(injected, "GetLibrary", stub_->stub->GetLibrary(context.get(), request, &reply));
  Forget(context.get());
  if (!status.ok()) return FromGrpcStatus(status, "GetLibrary from " + master_address_);
  return FromProto(reply);
}

template <class Call>
void GrpcMasterClient::Report(const std::string& what, absl::string_view method, Call call) {
  grpc::Status status;
  for (int attempt = 0; attempt < config_.report_attempts; ++attempt) {
    if (attempt > 0 && !Backoff(attempt - 1)) break;
    auto context = NewContext();
    if (!context) {
      status = ToGrpcStatus(ShutDownError());
      break;
    }
    InjectedFailure injected = PrepareCall(injector_.get(), method, context.get());
    status = CallOutcome(injected, method, call(context.get()));
    Forget(context.get());
    if (status.ok()) return;
  }
  // At shutdown, reports are dropped on purpose: the master re-runs what a departed worker had.
  LogLevel level = status.error_code() == grpc::StatusCode::CANCELLED ? LogLevel::kDebug : LogLevel::kWarn;
  Logger(LogComponent::kWorker)
      .Log(level, "could not report {} to the master at {}: {}", what, master_address_, status.error_message());
}

void GrpcMasterClient::ReportBlocks(const std::string& app_id, const std::vector<BlockRef>& blocks) {
  proto::ReportBlocksRequest request;
  request.set_app_id(app_id);
  for (const BlockRef& block : blocks) ToProto(block, request.add_blocks());
  Report("blocks of app " + app_id, "ReportBlocks", [&](grpc::ClientContext* context) {
    proto::ReportBlocksReply reply;
    return stub_->stub->ReportBlocks(context, request, &reply);
  });
}

void GrpcMasterClient::ReportReceiver(const ReceiverEvent& event) {
  proto::ReportReceiverRequest request;
  ToProto(event, &request);
  Report("a receiver event of app " + event.app_id, "ReportReceiver", [&](grpc::ClientContext* context) {
    proto::ReportReceiverReply reply;
    return stub_->stub->ReportReceiver(context, request, &reply);
  });
}

void GrpcMasterClient::ReportTask(const TaskReport& report) {
  proto::ReportTaskRequest request;
  ToProto(report, &request);
  Report("a task result of app " + report.result.app_id, "ReportTask", [&](grpc::ClientContext* context) {
    proto::ReportTaskReply reply;
    return stub_->stub->ReportTask(context, request, &reply);
  });
}

}  // namespace sluice
