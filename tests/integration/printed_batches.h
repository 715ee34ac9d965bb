#ifndef SLUICE_TESTS_INTEGRATION_PRINTED_BATCHES_H_
#define SLUICE_TESTS_INTEGRATION_PRINTED_BATCHES_H_

#include <cstdint>
#include <map>
#include <ostream>
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

// The "(word,count)" lines of printed batches summed over the batches, and every reason the sum cannot be
// trusted: a line that is not "(word,count)", a word printed twice in one batch (a reduceByKey prints each key
// once per batch), a truncated batch. It equals a map of expected counts only when there is no such problem, so
// `SumCounts(batches) == expected` is an exact comparison, and a failed EXPECT_EQ prints the problems.
struct PrintedCounts {
  std::map<std::string, int64_t> counts;
  std::vector<std::string> problems;

  bool operator==(const std::map<std::string, int64_t>& expected) const {
    return problems.empty() && counts == expected;
  }
};

PrintedCounts SumCounts(const std::vector<PrintedBatch>& batches);

// For gtest's failure messages.
void PrintTo(const PrintedCounts& printed, std::ostream* out);

}  // namespace sluice::testing

#endif  // SLUICE_TESTS_INTEGRATION_PRINTED_BATCHES_H_
