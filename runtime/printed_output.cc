#include "runtime/printed_output.h"

#include <cstdio>

#include "runtime/batch_printer.h"

namespace sluice {

void PrintBatchOnDriver(Time batch_time, const std::vector<std::string>& lines, int num) {
  std::string text = FormatPrintedBatch(batch_time.milliseconds(), lines, num);
  std::fwrite(text.data(), 1, text.size(), stdout);
  std::fflush(stdout);
}

}  // namespace sluice
