#ifndef SLUICE_TESTS_TOOLS_TEXT_SOURCE_H_
#define SLUICE_TESTS_TOOLS_TEXT_SOURCE_H_

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"

namespace sluice::tools {

// The lines of a text file, without their line terminators ("\n" or "\r\n").
absl::StatusOr<std::vector<std::string>> ReadLinesFromFile(const std::string& path);

// The lines of a --lines flag: "hello world,hello sluice" is two lines. Every comma separates, so "a,,b" has an
// empty middle line.
std::vector<std::string> SplitCommaSeparatedLines(std::string_view text);

// The text one client receives: `lines`, `repeat` times over (0 = forever), read line by line.
class TextSource {
 public:
  TextSource(std::vector<std::string> lines, int64_t repeat);

  // The next line, or nullopt once all repetitions were read. An empty `lines` is exhausted at once, even
  // with repeat 0, so that "forever" never spins on nothing.
  std::optional<std::string_view> Next();
  bool Exhausted() const;

  // Starts over for the next client.
  void Rewind();

 private:
  std::vector<std::string> lines_;
  int64_t repeat_;
  size_t line_ = 0;
  int64_t pass_ = 0;
};

// Spaces lines evenly: line i may go out i / lines_per_second after the start. Tying each line to the start
// (rather than sleeping a fixed gap after each send) keeps the average rate exact when sends are slow.
class LineThrottle {
 public:
  // 0 (or less) means unthrottled: every line is due at once.
  explicit LineThrottle(double lines_per_second) : lines_per_second_(lines_per_second) {}

  bool unthrottled() const { return lines_per_second_ <= 0; }

  // How long after the start line `index` (0-based) is due.
  std::chrono::nanoseconds DueOffset(int64_t index) const;

 private:
  double lines_per_second_;
};

}  // namespace sluice::tools

#endif  // SLUICE_TESTS_TOOLS_TEXT_SOURCE_H_
