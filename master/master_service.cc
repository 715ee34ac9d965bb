#include "master/master_service.h"

#include "common/grpc_status.h"
#include "master/application_wire.h"
#include "master/task_wire.h"
#include "proto/graph_wire.h"

namespace sluice {
namespace {

// Runs `work` on the loop and finishes the call with the status it returns.
template <class Work>
grpc::ServerUnaryReactor* OnLoop(grpc::CallbackServerContext* context, EventLoop* loop, Work work) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  loop->Post([reactor, work = std::move(work)]() mutable { reactor->Finish(ToGrpcStatus(work())); });
  return reactor;
}

ReceiverReportKind EventFromProto(proto::ReportReceiverRequest::Event event) {
  switch (event) {
    case proto::ReportReceiverRequest::STARTED:
      return ReceiverReportKind::kStarted;
    case proto::ReportReceiverRequest::FAILED:
      return ReceiverReportKind::kFailed;
    case proto::ReportReceiverRequest::STOPPED:
      return ReceiverReportKind::kStopped;
    default:
      return ReceiverReportKind::kError;
  }
}

void EventToProto(const AppEventRecord& event, proto::AppEvent* out) {
  out->set_seq(event.seq);
  switch (event.kind) {
    case AppEventRecord::Kind::kOutput: {
      proto::BatchOutput* output = out->mutable_output();
      output->set_batch_ms(event.output.batch_ms);
      output->set_output_node(event.output.output_node);
      output->set_records(event.output.records);
      output->set_count(event.output.count);
      for (const HeldPartitionInfo& part : event.output.held) {
        proto::HeldPartition* held = output->add_held();
        held->set_partition(part.partition);
        held->set_worker_id(part.worker_id);
        held->set_worker_address(part.worker_address);
        held->set_records(part.records);
      }
      break;
    }
    case AppEventRecord::Kind::kWarning:
      out->set_warning(event.message);
      break;
    case AppEventRecord::Kind::kError:
      out->set_error(event.message);
      break;
    case AppEventRecord::Kind::kFinished:
      out->set_finished(true);
      break;
  }
}

}  // namespace

grpc::ServerUnaryReactor* MasterService::RegisterWorker(grpc::CallbackServerContext* context,
                                                        const proto::RegisterWorkerRequest* request,
                                                        proto::RegisterWorkerReply* reply) {
  return OnLoop(context, loop_, [this, request, reply] {
    if (request->worker_id().empty() || request->address().empty() || request->cores() <= 0) {
      return absl::InvalidArgumentError("a worker registers with an id, an address and at least one core");
    }
    master_->RegisterWorker(request->worker_id(), request->address(), request->cores());
    reply->set_heartbeat_interval_ms(0);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* MasterService::Heartbeat(grpc::CallbackServerContext* context,
                                                   const proto::HeartbeatRequest* request,
                                                   proto::HeartbeatReply* reply) {
  return OnLoop(context, loop_, [this, request, reply] {
    reply->set_reregister(!master_->Heartbeat(request->worker_id()));
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* MasterService::ReportBlocks(grpc::CallbackServerContext* context,
                                                      const proto::ReportBlocksRequest* request,
                                                      proto::ReportBlocksReply*) {
  return OnLoop(context, loop_, [this, request] {
    std::vector<BlockInfo> blocks;
    for (const proto::BlockRef& block : request->blocks()) blocks.push_back(BlockFromProto(block));
    master_->ReportBlocks(request->app_id(), std::move(blocks));
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* MasterService::ReportReceiver(grpc::CallbackServerContext* context,
                                                        const proto::ReportReceiverRequest* request,
                                                        proto::ReportReceiverReply*) {
  return OnLoop(context, loop_, [this, request] {
    master_->ReportReceiver(request->app_id(), request->source_node(), request->worker_id(),
                            EventFromProto(request->event()), request->message());
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* MasterService::ReportTask(grpc::CallbackServerContext* context,
                                                    const proto::ReportTaskRequest* request, proto::ReportTaskReply*) {
  return OnLoop(context, loop_, [this, request] {
    master_->ReportTask(TaskReportFromProto(*request));
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* MasterService::SubmitApplication(grpc::CallbackServerContext* context,
                                                           const proto::SubmitApplicationRequest* request,
                                                           proto::SubmitApplicationReply* reply) {
  return OnLoop(context, loop_, [this, request, reply]() -> absl::Status {
    absl::StatusOr<Master::Submitted> submitted = master_->Submit(ApplicationSpecFromProto(*request));
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
    absl::StatusOr<LibraryInfo> library = master_->GetLibrary(request->library_hash());
    if (!library.ok()) return library.status();
    reply->set_library(library->library);
    for (const std::string& arg : library->args) reply->add_args(arg);
    reply->set_graph_fingerprint(library->graph.Fingerprint());
    GraphToProto(library->graph, reply->mutable_graph());
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* MasterService::PollEvents(grpc::CallbackServerContext* context,
                                                    const proto::PollEventsRequest* request,
                                                    proto::PollEventsReply* reply) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  loop_->Post([this, request, reply, reactor] {
    absl::Status status = master_->PollEvents(request->app_id(), request->after_seq(),
                                              [reply, reactor](std::vector<AppEventRecord> events) {
                                                for (const AppEventRecord& e : events) {
                                                  EventToProto(e, reply->add_events());
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
