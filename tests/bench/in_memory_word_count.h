#ifndef SLUICE_TESTS_BENCH_IN_MEMORY_WORD_COUNT_H_
#define SLUICE_TESTS_BENCH_IN_MEMORY_WORD_COUNT_H_

#include <cstdint>
#include <string_view>

#include "absl/container/flat_hash_map.h"

namespace sluice::bench {

// The ceiling the benchmark compares Sluice with: a hand-written single-thread word count over text already in
// memory (split on '\n' and ' ', count into one hash map keyed by views of the text, no copies).
struct WordCounts {
  absl::flat_hash_map<std::string_view, int64_t> counts;
  int64_t lines = 0;
  int64_t words = 0;
};
WordCounts CountWordsInMemory(std::string_view text);

}  // namespace sluice::bench

#endif  // SLUICE_TESTS_BENCH_IN_MEMORY_WORD_COUNT_H_
