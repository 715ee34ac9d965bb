#ifndef SLUICE_TESTS_INTEGRATION_RANDOM_TEXT_H_
#define SLUICE_TESTS_INTEGRATION_RANDOM_TEXT_H_

#include <cstdint>
#include <map>
#include <random>
#include <string>
#include <vector>

namespace sluice::testing {

using WordCounts = std::map<std::string, int64_t>;

// `lines` lines of `words_per_line` words drawn from `vocabulary`, separated by single spaces; every word is
// also counted into `expected`, so a test knows the exact answer for whatever it sends.
std::string RandomLines(std::mt19937& random, const std::vector<std::string>& vocabulary, int lines, int words_per_line,
                        WordCounts* expected);

}  // namespace sluice::testing

#endif  // SLUICE_TESTS_INTEGRATION_RANDOM_TEXT_H_
