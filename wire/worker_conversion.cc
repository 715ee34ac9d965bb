#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "wire/proto_conversion.h"

// Workers, receivers and job libraries on the wire.

namespace sluice {
namespace {

proto::ReportReceiverRequest::Event KindToProto(ReceiverEventKind kind) {
  switch (kind) {
    case ReceiverEventKind::kStarted:
      return proto::ReportReceiverRequest::STARTED;
    case ReceiverEventKind::kError:
      return proto::ReportReceiverRequest::ERROR;
    case ReceiverEventKind::kFailed:
      return proto::ReportReceiverRequest::FAILED;
    case ReceiverEventKind::kStopped:
      return proto::ReportReceiverRequest::STOPPED;
  }
  return proto::ReportReceiverRequest::EVENT_UNSPECIFIED;
}

// An event this master does not know (a newer worker's) is an error report: the receiver goes on.
ReceiverEventKind KindFromProto(proto::ReportReceiverRequest::Event event) {
  switch (event) {
    case proto::ReportReceiverRequest::STARTED:
      return ReceiverEventKind::kStarted;
    case proto::ReportReceiverRequest::FAILED:
      return ReceiverEventKind::kFailed;
    case proto::ReportReceiverRequest::STOPPED:
      return ReceiverEventKind::kStopped;
    default:
      return ReceiverEventKind::kError;
  }
}

}  // namespace

void ToProto(const WorkerRegistration& registration, proto::RegisterWorkerRequest* out) {
  out->set_worker_id(registration.worker_id);
  out->set_address(registration.address);
  out->set_cores(registration.cores);
}

WorkerRegistration FromProto(const proto::RegisterWorkerRequest& request) {
  return WorkerRegistration{request.worker_id(), request.address(), request.cores()};
}

void ToProto(const ReceiverSpec& receiver, proto::ReceiverSpec* out) {
  out->set_app_id(receiver.app_id);
  out->set_source_node(receiver.source_node);
  out->set_library_hash(receiver.library_hash);
  out->set_block_interval_ms(receiver.block_interval_ms);
}

absl::StatusOr<ReceiverSpec> FromProto(const proto::ReceiverSpec& spec) {
  if (spec.app_id().empty()) return absl::InvalidArgumentError("a receiver needs an app_id");
  if (spec.library_hash().empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat("receiver for node ", spec.source_node(), " of app ", spec.app_id(), " has no library_hash"));
  }
  return ReceiverSpec{spec.app_id(), spec.source_node(), spec.library_hash(), spec.block_interval_ms()};
}

void ToProto(const ReceiverEvent& event, proto::ReportReceiverRequest* out) {
  out->set_app_id(event.app_id);
  out->set_source_node(event.source_node);
  out->set_worker_id(event.worker_id);
  out->set_event(KindToProto(event.kind));
  out->set_message(event.message);
}

ReceiverEvent FromProto(const proto::ReportReceiverRequest& request) {
  return ReceiverEvent{request.app_id(), request.source_node(), request.worker_id(), KindFromProto(request.event()),
                       request.message()};
}

void ToProto(const JobLibrary& library, proto::GetLibraryReply* out) {
  out->set_library(library.bytes);
  for (const std::string& arg : library.args) out->add_args(arg);
  out->set_graph_fingerprint(library.graph.Fingerprint());
  ToProto(library.graph, out->mutable_graph());
}

JobLibrary FromProto(const proto::GetLibraryReply& reply) {
  JobLibrary library;
  library.bytes = reply.library();
  library.args.assign(reply.args().begin(), reply.args().end());
  library.graph = FromProto(reply.graph());
  return library;
}

}  // namespace sluice
