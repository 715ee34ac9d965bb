#ifndef SLUICE_TESTS_TOOLS_ZIPF_GENERATOR_H_
#define SLUICE_TESTS_TOOLS_ZIPF_GENERATOR_H_

#include <cstdint>
#include <ostream>
#include <random>
#include <string>
#include <vector>

#include "absl/status/status.h"

namespace sluice::tools {

// The word of a vocabulary rank: "w" + base-36 rank, so rank 0 is "w0", 35 is "wz", 36 is "w10".
std::string WordForRank(int64_t rank);

// Draws ranks 0..vocabulary_size-1 with P(rank k) proportional to 1 / (k+1)^exponent. Deterministic for a seed
// on every platform: it uses mt19937_64 (fully specified by the standard) and its own uniform mapping rather
// than std::uniform_real_distribution (whose algorithm is left to the library).
class ZipfSampler {
 public:
  ZipfSampler(int64_t vocabulary_size, double exponent, uint64_t seed);

  int64_t NextRank();

 private:
  std::vector<double> cumulative_;  // cumulative_[k] = P(rank <= k); the last is exactly 1
  std::mt19937_64 random_;
};

struct ZipfTextOptions {
  int64_t bytes = 0;             // write at least this much
  int64_t vocabulary = 50000;    // distinct words
  int64_t line_bytes = 100;      // lines (with their '\n') are about this long, never longer unless one word is
  double exponent = 1.0;
  uint64_t seed = 1;
};

// Produces lines of space-separated Zipf-distributed words, each line as long as fits in line_bytes.
class ZipfLineGenerator {
 public:
  explicit ZipfLineGenerator(const ZipfTextOptions& options);

  // The next line, ending in '\n'.
  const std::string& NextLine();

 private:
  ZipfSampler sampler_;
  std::vector<std::string> words_;  // by rank, spelled once
  int64_t line_bytes_;
  int64_t pending_rank_ = -1;  // drawn for the previous line but did not fit there
  std::string line_;
};

absl::Status ValidateZipfTextOptions(const ZipfTextOptions& options);

// Writes whole lines until at least options.bytes were written.
absl::Status WriteZipfText(const ZipfTextOptions& options, std::ostream& out);

}  // namespace sluice::tools

#endif  // SLUICE_TESTS_TOOLS_ZIPF_GENERATOR_H_
