#ifndef SLUICE_RUNTIME_BATCH_PRINTER_H_
#define SLUICE_RUNTIME_BATCH_PRINTER_H_

#include <cstdint>
#include <string>
#include <vector>

namespace sluice {

// Spark's print() of one batch: 43 dashes, "Time: <ms> ms", dashes, the first `num` records, "..." only when
// there were more, then one blank line. `lines` holds up to num + 1 records.
std::string FormatPrintedBatch(int64_t batch_ms, const std::vector<std::string>& lines, int num);

}  // namespace sluice

#endif  // SLUICE_RUNTIME_BATCH_PRINTER_H_
