#ifndef SLUICE_WIRE_PROTO_CONVERSION_H_
#define SLUICE_WIRE_PROTO_CONVERSION_H_

// The one place where the native wire types (wire/*.h, common/graph_description.h) meet their protobuf form
// (proto/sluice.proto). Every type has a ToProto and a FromProto, and native -> proto -> native gives back what
// went in (wire/proto_conversion_test.cc). Besides the RPC services and clients, this is the only code that
// includes the generated headers. FromProto returns a Status where a message can be incomplete in a way the
// receiver must refuse (a task or a receiver without its application); elsewhere a missing field is its default.

#include <cstdint>

#include "absl/status/statusor.h"
#include "common/graph_description.h"
#include "proto/sluice.pb.h"
#include "wire/application.h"
#include "wire/data_refs.h"
#include "wire/task.h"
#include "wire/worker_messages.h"

namespace sluice {

// The graph.
void ToProto(const GraphDescription& graph, proto::GraphSpec* out);
GraphDescription FromProto(const proto::GraphSpec& spec);

// Data references.
void ToProto(const BlockRef& block, proto::BlockRef* out);
BlockRef FromProto(const proto::BlockRef& block);
void ToProto(const FileSplit& split, proto::FileSplit* out);
FileSplit FromProto(const proto::FileSplit& split);
void ToProto(const EncodedPartition& partition, proto::InlinePartition* out);
EncodedPartition FromProto(const proto::InlinePartition& partition);
void ToProto(const MapOutputLocation& location, proto::ShuffleMapOutput* out);
MapOutputLocation FromProto(const proto::ShuffleMapOutput& location);
void ToProto(const MaterializedPart& part, proto::MaterializedPartition* out);
MaterializedPart FromProto(const proto::MaterializedPartition& part);
void ToProto(const MaterializedKey& key, proto::MaterializedKey* out);
MaterializedKey FromProto(const proto::MaterializedKey& key);
void ToProto(const HeldPartition& partition, proto::HeldPartition* out);
HeldPartition FromProto(const proto::HeldPartition& partition);
// FetchShuffle asks for one reduce partition of the map output `key` names.
void ToProto(const ShuffleKey& key, int32_t reduce_partition, proto::FetchShuffleRequest* out);
ShuffleKey FromProto(const proto::FetchShuffleRequest& request);

// Tasks. A task must name its application, its library, its input and its sink; InvalidArgument says what is
// missing.
void ToProto(const TaskSpec& task, proto::TaskSpec* out);
absl::StatusOr<TaskSpec> FromProto(const proto::TaskSpec& spec);
void ToProto(const TaskResult& result, proto::TaskResult* out);
TaskResult FromProto(const proto::TaskResult& result);
void ToProto(const TaskReport& report, proto::ReportTaskRequest* out);
TaskReport FromProto(const proto::ReportTaskRequest& request);

// Workers and receivers. A receiver must name its application and its library.
void ToProto(const WorkerRegistration& registration, proto::RegisterWorkerRequest* out);
WorkerRegistration FromProto(const proto::RegisterWorkerRequest& request);
void ToProto(const ReceiverSpec& receiver, proto::ReceiverSpec* out);
absl::StatusOr<ReceiverSpec> FromProto(const proto::ReceiverSpec& spec);
void ToProto(const RegistrationAnswer& answer, proto::RegisterWorkerReply* out);
RegistrationAnswer FromProto(const proto::RegisterWorkerReply& reply);
void ToProto(const HeartbeatAnswer& answer, proto::HeartbeatReply* out);
HeartbeatAnswer FromProto(const proto::HeartbeatReply& reply);
void ToProto(const BlockReplica& replica, proto::StoreBlockReplicaRequest* out);
// Takes the request's data rather than copying it.
absl::StatusOr<BlockReplica> FromProto(proto::StoreBlockReplicaRequest&& request);
void ToProto(const ReceiverEvent& event, proto::ReportReceiverRequest* out);
ReceiverEvent FromProto(const proto::ReportReceiverRequest& request);
void ToProto(const JobLibrary& library, proto::GetLibraryReply* out);
JobLibrary FromProto(const proto::GetLibraryReply& reply);

// Applications.
void ToProto(const Submission& submission, proto::SubmitApplicationRequest* out);
Submission FromProto(const proto::SubmitApplicationRequest& request);
void ToProto(const AppEvent& event, proto::AppEvent* out);
AppEvent FromProto(const proto::AppEvent& event);

}  // namespace sluice

#endif  // SLUICE_WIRE_PROTO_CONVERSION_H_
