#ifndef SLUICE_WORKER_WIRE_H_
#define SLUICE_WORKER_WIRE_H_

// Conversions between the wire (proto/sluice.proto) and the worker's C++ types. The only place, with the RPC
// handlers and stubs, where protobuf types appear.

#include "absl/status/statusor.h"
#include "common/graph_description.h"
#include "proto/graph_wire.h"  // GraphFromProto
#include "proto/sluice.pb.h"
#include "worker/master_messages.h"
#include "worker/receiver_spec.h"
#include "worker/shuffle_store.h"
#include "worker/task_spec.h"

namespace sluice {



// Checks what the master must always fill in; InvalidArgument names what is missing.
absl::StatusOr<TaskSpec> TaskFromProto(const proto::TaskSpec& spec);
void TaskResultToProto(const TaskResult& result, proto::TaskResult* out);

absl::StatusOr<ReceiverSpec> ReceiverFromProto(const proto::ReceiverSpec& spec);

void BlockReportToProto(const BlockReport& block, const std::string& worker_id, proto::BlockRef* out);
proto::ReportReceiverRequest::Event ReceiverEventToProto(ReceiverEventKind kind);

ShuffleKey ShuffleKeyFromProto(const proto::FetchShuffleRequest& request);
void ShuffleKeyToProto(const ShuffleKey& key, int32_t reduce_partition, proto::FetchShuffleRequest* out);

}  // namespace sluice

#endif  // SLUICE_WORKER_WIRE_H_
