#include "tests/bench/in_memory_word_count.h"

namespace sluice::bench {

WordCounts CountWordsInMemory(std::string_view text) {
  WordCounts result;
  size_t line_begin = 0;
  while (line_begin < text.size()) {
    size_t line_end = text.find('\n', line_begin);
    if (line_end == std::string_view::npos) line_end = text.size();
    ++result.lines;
    // Like the examples' SplitOnSpaces: the non-empty pieces between spaces are the words.
    size_t word_begin = line_begin;
    while (true) {
      size_t space = text.find(' ', word_begin);
      size_t word_end = space == std::string_view::npos || space > line_end ? line_end : space;
      if (word_end > word_begin) {
        ++result.counts[text.substr(word_begin, word_end - word_begin)];
        ++result.words;
      }
      if (word_end == line_end) break;
      word_begin = word_end + 1;
    }
    line_begin = line_end + 1;
  }
  return result;
}

}  // namespace sluice::bench
