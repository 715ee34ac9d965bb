#include "runtime/batch_printer.h"

#include "absl/strings/str_cat.h"

namespace sluice {

std::string FormatPrintedBatch(int64_t batch_ms, const std::vector<std::string>& lines, int num) {
  static const std::string kDashes(43, '-');
  std::string out = absl::StrCat(kDashes, "\nTime: ", batch_ms, " ms\n", kDashes, "\n");
  for (int i = 0; i < static_cast<int>(lines.size()) && i < num; ++i) absl::StrAppend(&out, lines[i], "\n");
  if (static_cast<int>(lines.size()) > num) out += "...\n";
  out += "\n";
  return out;
}

}  // namespace sluice
