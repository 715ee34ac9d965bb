#include "rpc/grpc_app_client.h"

#include <grpcpp/grpcpp.h>

#include <chrono>

#include "absl/strings/str_cat.h"
#include "proto/sluice.grpc.pb.h"
#include "rpc/channels.h"
#include "rpc/client_call.h"
#include "rpc/status.h"
#include "wire/proto_conversion.h"

namespace sluice {
class GrpcAppClient::Stub {
 public:
  explicit Stub(std::shared_ptr<grpc::Channel> channel) : stub(proto::MasterService::NewStub(std::move(channel))) {}
  std::unique_ptr<proto::MasterService::Stub> stub;
};

GrpcAppClient::GrpcAppClient(const std::string& master_address, const Config& config)
    : master_address_(master_address),
      config_(config),
      stub_(std::make_unique<Stub>(MakeDaemonChannel(master_address, config))),
      injector_(MakeFailureInjector(config.inject_failures)) {}

absl::StatusOr<std::string> GrpcAppClient::Submit(const Submission& submission) {
  proto::SubmitApplicationRequest request;
  ToProto(submission, &request);
  proto::SubmitApplicationReply reply;
  grpc::ClientContext context;
  SetDeadline(&context, config_.rpc_timeout_ms);
  InjectedFailure injected = PrepareCall(injector_.get(), "SubmitApplication", &context);
  grpc::Status status =
      CallOutcome(injected, "SubmitApplication", stub_->stub->SubmitApplication(&context, request, &reply));
  if (status.error_code() == grpc::StatusCode::UNAVAILABLE ||
      status.error_code() == grpc::StatusCode::DEADLINE_EXCEEDED) {
    return absl::UnavailableError(
        absl::StrCat("cannot reach the master at ", master_address_, ": ", status.error_message()));
  }
  if (!status.ok()) return FromGrpcStatus(status, "the master refused the application");
  return reply.app_id();
}

absl::StatusOr<std::vector<AppEvent>> GrpcAppClient::Poll(const std::string& app_id, int64_t after_seq,
                                                         int64_t wait_ms) {
  proto::PollEventsRequest request;
  request.set_app_id(app_id);
  request.set_after_seq(after_seq);
  request.set_wait_ms(wait_ms);
  proto::PollEventsReply reply;
  grpc::ClientContext context;
  SetDeadline(&context, wait_ms + config_.rpc_timeout_ms);
  InjectedFailure injected = PrepareCall(injector_.get(), "PollEvents", &context);
  grpc::Status status = CallOutcome(injected, "PollEvents", stub_->stub->PollEvents(&context, request, &reply));
  if (!status.ok()) return FromGrpcStatus(status, absl::StrCat("polling the master at ", master_address_));
  std::vector<AppEvent> events;
  for (const proto::AppEvent& event : reply.events()) events.push_back(FromProto(event));
  return events;
}

GrpcAppClient::~GrpcAppClient() = default;

template <class Reply, class Method, class Request>
absl::Status GrpcAppClient::CallWithoutReply(Method method, absl::string_view name, const Request& request,
                                         const std::string& what) {
  Reply reply;
  grpc::ClientContext context;
  SetDeadline(&context, config_.rpc_timeout_ms);
  InjectedFailure injected = PrepareCall(injector_.get(), name, &context);
  return FromGrpcStatus(CallOutcome(injected, name, (stub_->stub.get()->*method)(&context, request, &reply)), what);
}

absl::Status GrpcAppClient::Stop(const std::string& app_id, bool graceful) {
  proto::StopApplicationRequest request;
  request.set_app_id(app_id);
  request.set_graceful(graceful);
  return CallWithoutReply<proto::StopApplicationReply>(&proto::MasterService::Stub::StopApplication, "StopApplication", request,
                          "stopping the application");
}

absl::Status GrpcAppClient::ReleaseOutput(const std::string& app_id, int64_t batch_ms, int32_t output_node) {
  proto::ReleaseOutputRequest request;
  request.set_app_id(app_id);
  request.set_batch_ms(batch_ms);
  request.set_output_node(output_node);
  return CallWithoutReply<proto::ReleaseOutputReply>(&proto::MasterService::Stub::ReleaseOutput, "ReleaseOutput", request,
                          "releasing an output's batch");
}

}  // namespace sluice
