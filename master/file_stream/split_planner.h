#ifndef SLUICE_MASTER_FILE_STREAM_SPLIT_PLANNER_H_
#define SLUICE_MASTER_FILE_STREAM_SPLIT_PLANNER_H_

#include <cstdint>
#include <string>
#include <vector>

#include "master/file_stream/file_stream_monitor.h"

namespace sluice {

// A byte range of one file that one task reads. Ranges cut lines anywhere: the reader's rule (a line belongs
// to the split holding its first byte) makes the splits of a file yield each line exactly once.
struct FileSplitSpec {
  std::string path;
  int64_t start = 0;
  int64_t length = 0;
};

// One split per file, or, like Hadoop's FileInputFormat, consecutive splits of at most max_split_bytes for a
// bigger file (max_split_bytes <= 0 means no limit). Empty files give no split. Splits come in the order of
// `files`, each file's in ascending offset.
std::vector<FileSplitSpec> PlanSplits(const std::vector<NewFile>& files, int64_t max_split_bytes);

}  // namespace sluice

#endif  // SLUICE_MASTER_FILE_STREAM_SPLIT_PLANNER_H_
