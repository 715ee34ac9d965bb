#ifndef SLUICE_MASTER_FILE_STREAM_SPLIT_PLANNER_H_
#define SLUICE_MASTER_FILE_STREAM_SPLIT_PLANNER_H_

#include <cstdint>
#include <string>
#include <vector>

#include "master/file_stream/file_stream_monitor.h"
#include "wire/data_refs.h"

namespace sluice {

// One split per file, or, like Hadoop's FileInputFormat, consecutive splits of at most max_split_bytes for a
// bigger file (max_split_bytes <= 0 means no limit). Empty files give no split. Splits come in the order of
// `files`, each file's in ascending offset.
std::vector<FileSplit> PlanSplits(const std::vector<NewFile>& files, int64_t max_split_bytes);

}  // namespace sluice

#endif  // SLUICE_MASTER_FILE_STREAM_SPLIT_PLANNER_H_
