#ifndef SLUICE_MASTER_TASK_SPEC_BUILDER_H_
#define SLUICE_MASTER_TASK_SPEC_BUILDER_H_

#include "master/worker_clients.h"
#include "wire/task.h"

namespace sluice {

// The task a worker runs for one launch of a planned task: its input with every site known (map outputs,
// materialized parts, a window's delta), its pipeline and its sink.
TaskSpec BuildTaskSpec(const TaskAssignment& assignment);

}  // namespace sluice

#endif  // SLUICE_MASTER_TASK_SPEC_BUILDER_H_
