#ifndef SLUICE_MASTER_TASK_SPEC_BUILDER_H_
#define SLUICE_MASTER_TASK_SPEC_BUILDER_H_

#include <string>

#include "master/batch_run.h"
#include "wire/task.h"

namespace sluice {

// A task as the dispatcher places it: one launch of a planned task of an application's running batch.
struct TaskAssignment {
  std::string app_id;
  std::string library_hash;
  TaskLaunch launch;
  std::string checkpoint_dir;  // where partition writes at a checkpoint time write their checkpoint
};

// The task a worker runs for one launch of a planned task: its input with every site known (map outputs,
// materialized parts, a window's delta), its pipeline and its sink.
TaskSpec BuildTaskSpec(const TaskAssignment& assignment);

}  // namespace sluice

#endif  // SLUICE_MASTER_TASK_SPEC_BUILDER_H_
