#include "master/master_service.h"

#include "rpc/status.h"
#include "wire/proto_conversion.h"

namespace sluice {
namespace {

// Runs `work` on the loop and finishes the call with the status it returns.
template <class Work>
grpc::ServerUnaryReactor* OnLoop(grpc::CallbackServerContext* context, EventLoop* loop, Work work) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  loop->Post([reactor, work = std::move(work)]() mutable { reactor->Finish(ToGrpcStatus(work())); });
  return reactor;
}

}  // namespace

grpc::ServerUnaryReactor* MasterService::RegisterWorker(grpc::CallbackServerContext* context,
                                                        const proto::RegisterWorkerRequest* request,
                                                        proto::RegisterWorkerReply* reply) {
  return OnLoop(context, loop_, [this, request, reply] {
    const WorkerRegistration worker = FromProto(*request);
    if (worker.worker_id.empty() || worker.address.empty() || worker.cores <= 0) {
      return absl::InvalidArgumentError("a worker registers with an id, an address and at least one core");
    }
    master_->RegisterWorker(worker.worker_id, worker.address, worker.cores);
    ToProto(RegistrationAnswer{0, master_->LiveWorkers(), master_->KnownApplications()}, reply);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* MasterService::Heartbeat(grpc::CallbackServerContext* context,
                                                   const proto::HeartbeatRequest* request,
                                                   proto::HeartbeatReply* reply) {
  return OnLoop(context, loop_, [this, request, reply] {
    bool known = master_->Heartbeat(request->worker_id());
    ToProto(HeartbeatAnswer{!known, known ? master_->LiveWorkers() : std::vector<WorkerPeer>{}}, reply);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* MasterService::ReportBlocks(grpc::CallbackServerContext* context,
                                                      const proto::ReportBlocksRequest* request,
                                                      proto::ReportBlocksReply*) {
  return OnLoop(context, loop_, [this, request] {
    std::vector<BlockRef> blocks;
    for (const proto::BlockRef& block : request->blocks()) blocks.push_back(FromProto(block));
    master_->ReportBlocks(request->app_id(), std::move(blocks));
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* MasterService::ReportReceiver(grpc::CallbackServerContext* context,
                                                        const proto::ReportReceiverRequest* request,
                                                        proto::ReportReceiverReply*) {
  return OnLoop(context, loop_, [this, request] {
    const ReceiverEvent event = FromProto(*request);
    master_->ReportReceiver(event.app_id, event.source_node, event.worker_id, event.kind, event.message);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* MasterService::ReportTask(grpc::CallbackServerContext* context,
                                                    const proto::ReportTaskRequest* request, proto::ReportTaskReply*) {
  return OnLoop(context, loop_, [this, request] {
    master_->ReportTask(FromProto(*request));
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* MasterService::SubmitApplication(grpc::CallbackServerContext* context,
                                                           const proto::SubmitApplicationRequest* request,
                                                           proto::SubmitApplicationReply* reply) {
  // Decoded here, on the gRPC thread: the job library's bytes are not copied on the master's loop.
  return OnLoop(context, loop_, [this, submission = FromProto(*request), reply]() mutable -> absl::Status {
    absl::StatusOr<Master::Submitted> submitted = master_->Submit(std::move(submission));
    if (!submitted.ok()) return submitted.status();
    reply->set_app_id(submitted->app_id);
    reply->set_start_ms(submitted->start_ms);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* MasterService::GetLibrary(grpc::CallbackServerContext* context,
                                                    const proto::GetLibraryRequest* request,
                                                    proto::GetLibraryReply* reply) {
  return OnLoop(context, loop_, [this, request, reply]() -> absl::Status {
    absl::StatusOr<JobLibrary> library = master_->GetLibrary(request->library_hash());
    if (!library.ok()) return library.status();
    ToProto(*library, reply);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* MasterService::PollEvents(grpc::CallbackServerContext* context,
                                                    const proto::PollEventsRequest* request,
                                                    proto::PollEventsReply* reply) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  loop_->Post([this, request, reply, reactor] {
    absl::Status status = master_->PollEvents(request->app_id(), request->after_seq(),
                                              [reply, reactor](std::vector<AppEvent> events) {
                                                for (const AppEvent& e : events) {
                                                  ToProto(e, reply->add_events());
                                                }
                                                reactor->Finish(grpc::Status::OK);
                                              });
    if (!status.ok()) reactor->Finish(ToGrpcStatus(status));
  });
  return reactor;
}

grpc::ServerUnaryReactor* MasterService::StopApplication(grpc::CallbackServerContext* context,
                                                         const proto::StopApplicationRequest* request,
                                                         proto::StopApplicationReply*) {
  return OnLoop(context, loop_, [this, request] { return master_->Stop(request->app_id(), request->graceful()); });
}

grpc::ServerUnaryReactor* MasterService::ReleaseOutput(grpc::CallbackServerContext* context,
                                                       const proto::ReleaseOutputRequest* request,
                                                       proto::ReleaseOutputReply*) {
  return OnLoop(context, loop_, [this, request] {
    return master_->ReleaseOutput(request->app_id(), request->batch_ms(), request->output_node());
  });
}

}  // namespace sluice
