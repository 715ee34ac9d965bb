#include "tests/integration/printed_batches.h"

#include <set>
#include <sstream>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"

namespace sluice::testing {

std::vector<PrintedBatch> ParsePrintedBatches(const std::string& text) {
  static const std::string kDashes(43, '-');
  std::vector<PrintedBatch> batches;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    if (line != kDashes) continue;
    std::string time_line, dashes;
    if (!std::getline(in, time_line) || !std::getline(in, dashes) || dashes != kDashes) break;
    PrintedBatch batch;
    if (!absl::StartsWith(time_line, "Time: ") || !absl::EndsWith(time_line, " ms") ||
        !absl::SimpleAtoi(absl::string_view(time_line).substr(6, time_line.size() - 9), &batch.time_ms)) {
      break;
    }
    bool closed = false;
    while (std::getline(in, line)) {
      if (line.empty()) {
        closed = true;
        break;
      }
      if (line == "...") {
        batch.truncated = true;
      } else {
        batch.lines.push_back(line);
      }
    }
    if (closed) batches.push_back(std::move(batch));
  }
  return batches;
}

namespace {

// "(word,count)" with a whole-number count: the word and the count, or false.
bool ParseCountLine(const std::string& line, std::string* word, int64_t* count) {
  size_t comma = line.rfind(',');
  if (line.size() < 4 || line.front() != '(' || line.back() != ')' || comma == std::string::npos || comma < 2) {
    return false;
  }
  *word = line.substr(1, comma - 1);
  return absl::SimpleAtoi(absl::string_view(line).substr(comma + 1, line.size() - comma - 2), count);
}

}  // namespace

PrintedCounts SumCounts(const std::vector<PrintedBatch>& batches) {
  PrintedCounts printed;
  for (const PrintedBatch& batch : batches) {
    const std::string where = absl::StrCat("batch ", batch.time_ms, " ms: ");
    if (batch.truncated) printed.problems.push_back(where + "truncated (\"...\"), so some counts were not printed");
    std::set<std::string> words_of_batch;
    for (const std::string& line : batch.lines) {
      std::string word;
      int64_t count = 0;
      if (!ParseCountLine(line, &word, &count)) {
        printed.problems.push_back(absl::StrCat(where, "not a (word,count) line: \"", line, "\""));
      } else if (!words_of_batch.insert(word).second) {
        printed.problems.push_back(absl::StrCat(where, "\"", word, "\" printed twice"));
      } else {
        printed.counts[word] += count;
      }
    }
  }
  return printed;
}

void PrintTo(const PrintedCounts& printed, std::ostream* out) {
  *out << "{";
  const char* separator = "";
  for (const auto& [word, count] : printed.counts) {
    *out << separator << word << ": " << count;
    separator = ", ";
  }
  *out << "}";
  for (const std::string& problem : printed.problems) *out << "\n  problem: " << problem;
}

}  // namespace sluice::testing
