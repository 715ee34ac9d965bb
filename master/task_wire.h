#ifndef SLUICE_MASTER_TASK_WIRE_H_
#define SLUICE_MASTER_TASK_WIRE_H_

#include "master/master.h"
#include "master/worker_clients.h"
#include "proto/sluice.pb.h"

namespace sluice {

// The master's task types on the wire.
void TaskToProto(const TaskAssignment& assignment, proto::TaskSpec* out);
TaskReport TaskReportFromProto(const proto::ReportTaskRequest& request);
BlockInfo BlockFromProto(const proto::BlockRef& block);

}  // namespace sluice

#endif  // SLUICE_MASTER_TASK_WIRE_H_
