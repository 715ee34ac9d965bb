#include "tests/tools/text_source.h"

#include <fstream>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

namespace sluice::tools {

absl::StatusOr<std::vector<std::string>> ReadLinesFromFile(const std::string& path) {
  std::ifstream in(path);
  if (!in) return absl::NotFoundError(absl::StrCat("cannot open text file '", path, "'"));
  std::vector<std::string> lines;
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    lines.push_back(std::move(line));
  }
  if (in.bad()) return absl::DataLossError(absl::StrCat("error reading text file '", path, "'"));
  return lines;
}

std::vector<std::string> SplitCommaSeparatedLines(std::string_view text) {
  // Debian's Abseil keeps its own string_view, distinct from std::string_view.
  return absl::StrSplit(absl::string_view(text.data(), text.size()), ',');
}

TextSource::TextSource(std::vector<std::string> lines, int64_t repeat)
    : lines_(std::move(lines)), repeat_(repeat < 0 ? 0 : repeat) {}

bool TextSource::Exhausted() const {
  if (lines_.empty()) return true;
  return repeat_ != 0 && pass_ >= repeat_;
}

std::optional<std::string_view> TextSource::Next() {
  if (Exhausted()) return std::nullopt;
  std::string_view line = lines_[line_];
  if (++line_ == lines_.size()) {
    line_ = 0;
    ++pass_;
  }
  return line;
}

void TextSource::Rewind() {
  line_ = 0;
  pass_ = 0;
}

std::chrono::nanoseconds LineThrottle::DueOffset(int64_t index) const {
  if (unthrottled()) return std::chrono::nanoseconds(0);
  return std::chrono::nanoseconds(static_cast<int64_t>(static_cast<double>(index) * 1e9 / lines_per_second_));
}

}  // namespace sluice::tools
