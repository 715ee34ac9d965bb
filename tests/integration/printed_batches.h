#ifndef SLUICE_TESTS_INTEGRATION_PRINTED_BATCHES_H_
#define SLUICE_TESTS_INTEGRATION_PRINTED_BATCHES_H_

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace sluice::testing {

struct PrintedBatch {
  int64_t time_ms = 0;
  std::vector<std::string> lines;
  bool truncated = false;  // a "..." line followed the records
};

// Parses pprint output (Spark's format); a batch whose blank closing line has not arrived yet is left out.
std::vector<PrintedBatch> ParsePrintedBatches(const std::string& text);

// Sums "(word,count)" lines over batches.
std::map<std::string, int64_t> SumCounts(const std::vector<PrintedBatch>& batches);

}  // namespace sluice::testing

#endif  // SLUICE_TESTS_INTEGRATION_PRINTED_BATCHES_H_
