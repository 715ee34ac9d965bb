#ifndef SLUICE_DRIVER_EXAMPLES_WORDS_H_
#define SLUICE_DRIVER_EXAMPLES_WORDS_H_

#include <string>
#include <vector>

namespace sluice::examples {

// The words of a line, split on single spaces (runs of spaces give no empty words), as the examples count them.
inline std::vector<std::string> SplitOnSpaces(const std::string& line) {
  std::vector<std::string> words;
  size_t start = 0;
  while (start <= line.size()) {
    size_t end = line.find(' ', start);
    if (end == std::string::npos) end = line.size();
    if (end > start) words.push_back(line.substr(start, end - start));
    start = end + 1;
  }
  return words;
}

}  // namespace sluice::examples

#endif  // SLUICE_DRIVER_EXAMPLES_WORDS_H_
