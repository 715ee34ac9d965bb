#include "master/file_stream/split_planner.h"

#include <algorithm>

namespace sluice {

std::vector<FileSplit> PlanSplits(const std::vector<NewFile>& files, int64_t max_split_bytes) {
  std::vector<FileSplit> splits;
  for (const NewFile& file : files) {
    const int64_t split_bytes = max_split_bytes > 0 ? max_split_bytes : file.size;
    for (int64_t start = 0; start < file.size; start += split_bytes) {
      splits.push_back({file.path, start, std::min(split_bytes, file.size - start)});
    }
  }
  return splits;
}

}  // namespace sluice
