#include "tests/integration/random_text.h"

namespace sluice::testing {

std::string RandomLines(std::mt19937& random, const std::vector<std::string>& vocabulary, int lines, int words_per_line,
                        WordCounts* expected) {
  std::string text;
  for (int line = 0; line < lines; ++line) {
    for (int w = 0; w < words_per_line; ++w) {
      const std::string& word = vocabulary[random() % vocabulary.size()];
      text += word;
      text += w + 1 == words_per_line ? '\n' : ' ';
      ++(*expected)[word];
    }
  }
  return text;
}

}  // namespace sluice::testing
