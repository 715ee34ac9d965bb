#include "tests/tools/zipf_generator.h"

#include <algorithm>
#include <cmath>

namespace sluice::tools {

std::string WordForRank(int64_t rank) {
  static constexpr char kDigits[] = "0123456789abcdefghijklmnopqrstuvwxyz";
  std::string digits;
  do {
    digits.push_back(kDigits[rank % 36]);
    rank /= 36;
  } while (rank > 0);
  std::reverse(digits.begin(), digits.end());
  return "w" + digits;
}

ZipfSampler::ZipfSampler(int64_t vocabulary_size, double exponent, uint64_t seed) : random_(seed) {
  cumulative_.reserve(vocabulary_size);
  double total = 0;
  for (int64_t k = 0; k < vocabulary_size; ++k) {
    total += 1.0 / std::pow(static_cast<double>(k + 1), exponent);
    cumulative_.push_back(total);
  }
  for (double& c : cumulative_) c /= total;
  if (!cumulative_.empty()) cumulative_.back() = 1.0;
}

int64_t ZipfSampler::NextRank() {
  // The top 53 bits make a uniform double in [0, 1).
  const double uniform = static_cast<double>(random_() >> 11) * 0x1.0p-53;
  auto it = std::upper_bound(cumulative_.begin(), cumulative_.end(), uniform);
  return std::min<int64_t>(it - cumulative_.begin(), static_cast<int64_t>(cumulative_.size()) - 1);
}

ZipfLineGenerator::ZipfLineGenerator(const ZipfTextOptions& options)
    : sampler_(options.vocabulary, options.exponent, options.seed), line_bytes_(options.line_bytes) {
  words_.reserve(options.vocabulary);
  for (int64_t rank = 0; rank < options.vocabulary; ++rank) words_.push_back(WordForRank(rank));
}

const std::string& ZipfLineGenerator::NextLine() {
  line_.clear();
  while (true) {
    // A word that does not fit opens the next line instead, so no draw is lost (dropping it would thin out
    // the long, rare words).
    const int64_t rank = pending_rank_ >= 0 ? pending_rank_ : sampler_.NextRank();
    pending_rank_ = -1;
    const std::string& word = words_[rank];
    const size_t length_with_word = line_.empty() ? word.size() : line_.size() + 1 + word.size();
    if (!line_.empty() && length_with_word + 1 > static_cast<size_t>(line_bytes_)) {
      pending_rank_ = rank;
      break;
    }
    if (!line_.empty()) line_.push_back(' ');
    line_.append(word);
    if (length_with_word + 1 >= static_cast<size_t>(line_bytes_)) break;
  }
  line_.push_back('\n');
  return line_;
}

absl::Status ValidateZipfTextOptions(const ZipfTextOptions& options) {
  if (options.bytes < 0) return absl::InvalidArgumentError("--bytes must be >= 0");
  if (options.vocabulary < 1) return absl::InvalidArgumentError("--vocabulary must be >= 1");
  if (options.line_bytes < 2) return absl::InvalidArgumentError("--line-bytes must be >= 2");
  if (!(options.exponent > 0)) return absl::InvalidArgumentError("--exponent must be > 0");
  return absl::OkStatus();
}

absl::Status WriteZipfText(const ZipfTextOptions& options, std::ostream& out) {
  if (absl::Status status = ValidateZipfTextOptions(options); !status.ok()) return status;
  ZipfLineGenerator generator(options);
  int64_t written = 0;
  while (written < options.bytes) {
    const std::string& line = generator.NextLine();
    out.write(line.data(), static_cast<std::streamsize>(line.size()));
    written += static_cast<int64_t>(line.size());
  }
  out.flush();
  if (!out) return absl::DataLossError("error writing the generated text");
  return absl::OkStatus();
}

}  // namespace sluice::tools
