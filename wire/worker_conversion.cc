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

void PeersToProto(const std::vector<WorkerPeer>& peers, google::protobuf::RepeatedPtrField<proto::WorkerPeer>* out) {
  for (const WorkerPeer& peer : peers) {
    proto::WorkerPeer* added = out->Add();
    added->set_worker_id(peer.worker_id);
    added->set_address(peer.address);
  }
}

std::vector<WorkerPeer> PeersFromProto(const google::protobuf::RepeatedPtrField<proto::WorkerPeer>& peers) {
  std::vector<WorkerPeer> out;
  for (const proto::WorkerPeer& peer : peers) out.push_back({peer.worker_id(), peer.address()});
  return out;
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
  out->set_replication(receiver.replication);
}

absl::StatusOr<ReceiverSpec> FromProto(const proto::ReceiverSpec& spec) {
  if (spec.app_id().empty()) return absl::InvalidArgumentError("a receiver needs an app_id");
  if (spec.library_hash().empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat("receiver for node ", spec.source_node(), " of app ", spec.app_id(), " has no library_hash"));
  }
  if (spec.replication() < 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("receiver for node ", spec.source_node(), " of app ", spec.app_id(), " asks for ",
                     spec.replication(), " copies of each block; it takes 1 or more (0: the worker's setting)"));
  }
  return ReceiverSpec{spec.app_id(), spec.source_node(), spec.library_hash(), spec.block_interval_ms(),
                      spec.replication()};
}

void ToProto(const RegistrationAnswer& answer, proto::RegisterWorkerReply* out) {
  out->set_heartbeat_interval_ms(answer.heartbeat_interval_ms);
  PeersToProto(answer.peers, out->mutable_peers());
  for (const std::string& app_id : answer.applications) out->add_applications(app_id);
}

RegistrationAnswer FromProto(const proto::RegisterWorkerReply& reply) {
  return RegistrationAnswer{reply.heartbeat_interval_ms(),
                            PeersFromProto(reply.peers()),
                            {reply.applications().begin(), reply.applications().end()}};
}

void ToProto(const HeartbeatAnswer& answer, proto::HeartbeatReply* out) {
  out->set_reregister(answer.reregister);
  PeersToProto(answer.peers, out->mutable_peers());
}

HeartbeatAnswer FromProto(const proto::HeartbeatReply& reply) {
  return HeartbeatAnswer{reply.reregister(), PeersFromProto(reply.peers())};
}

void ToProto(const BlockReplica& replica, proto::StoreBlockReplicaRequest* out) {
  out->set_app_id(replica.app_id);
  out->set_block_id(replica.block_id);
  out->set_records(replica.records);
  out->set_data(replica.data);
}

absl::StatusOr<BlockReplica> FromProto(proto::StoreBlockReplicaRequest&& request) {
  if (request.app_id().empty() || request.block_id().empty()) {
    return absl::InvalidArgumentError("a block replica needs an app_id and a block_id");
  }
  if (request.records() < 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("block replica ", request.block_id(), " has ", request.records(), " records"));
  }
  return BlockReplica{request.app_id(), request.block_id(), request.records(), std::move(*request.mutable_data())};
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
