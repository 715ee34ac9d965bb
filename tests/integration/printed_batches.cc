#include "tests/integration/printed_batches.h"

#include <sstream>

namespace sluice::testing {

std::vector<PrintedBatch> ParsePrintedBatches(const std::string& text) {
  static const std::string kDashes(43, '-');
  std::vector<PrintedBatch> batches;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    if (line != kDashes) continue;
    std::string time_line, dashes;
    if (!std::getline(in, time_line) || !std::getline(in, dashes) || dashes != kDashes) break;
    if (time_line.rfind("Time: ", 0) != 0) break;
    PrintedBatch batch;
    batch.time_ms = std::stoll(time_line.substr(6));
    bool closed = false;
    while (std::getline(in, line)) {
      if (line.empty()) {
        closed = true;
        break;
      }
      if (line == "...") {
        batch.truncated = true;
      } else {
        batch.lines.push_back(line);
      }
    }
    if (closed) batches.push_back(std::move(batch));
  }
  return batches;
}

std::map<std::string, int64_t> SumCounts(const std::vector<PrintedBatch>& batches) {
  std::map<std::string, int64_t> counts;
  for (const PrintedBatch& batch : batches) {
    for (const std::string& line : batch.lines) {
      size_t comma = line.rfind(',');
      if (line.size() < 4 || line.front() != '(' || line.back() != ')' || comma == std::string::npos) continue;
      counts[line.substr(1, comma - 1)] += std::stoll(line.substr(comma + 1, line.size() - comma - 2));
    }
  }
  return counts;
}

}  // namespace sluice::testing
