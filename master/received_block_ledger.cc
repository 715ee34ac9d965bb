#include "master/received_block_ledger.h"

#include <cctype>
#include <charconv>
#include <optional>

namespace sluice {
namespace {

struct StreamPosition {
  std::string_view stream;
  int64_t sequence = 0;
};

// Splits the trailing decimal number off an id; nullopt if it has none in the form workers write (no leading zero).
std::optional<StreamPosition> PositionOf(std::string_view block_id) {
  size_t start = block_id.size();
  while (start > 0 && std::isdigit(static_cast<unsigned char>(block_id[start - 1]))) --start;
  std::string_view digits = block_id.substr(start);
  int64_t sequence = 0;
  if (digits.empty() || (digits.size() > 1 && digits[0] == '0')) return std::nullopt;
  auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), sequence);
  if (error != std::errc() || end != digits.data() + digits.size()) return std::nullopt;  // too large
  return StreamPosition{block_id.substr(0, start), sequence};
}

}  // namespace

void ReceivedBlockLedger::Settle(Stream& stream) {
  auto& taken = stream.taken_above_floor;
  while (true) {
    if (!taken.empty() && *taken.begin() == stream.floor) {
      taken.erase(taken.begin());
      ++stream.floor;
    } else if (static_cast<int64_t>(taken.size()) > kReorderWindow) {
      stream.floor = *taken.begin();  // gives up on the blocks missing below the oldest one taken
    } else {
      return;
    }
  }
}

bool ReceivedBlockLedger::TakeFirst(std::string_view block_id) {
  std::optional<StreamPosition> position = PositionOf(block_id);
  if (!position) return unnumbered_.emplace(block_id).second;
  auto it = streams_.find(position->stream);
  if (it == streams_.end()) it = streams_.emplace(std::string(position->stream), Stream{}).first;
  Stream& stream = it->second;
  if (position->sequence < stream.floor) return false;  // settled: taken, or given up on
  if (!stream.taken_above_floor.insert(position->sequence).second) return false;
  Settle(stream);
  return true;
}

size_t ReceivedBlockLedger::sequences_above_floors() const {
  size_t total = 0;
  for (const auto& [name, stream] : streams_) total += stream.taken_above_floor.size();
  return total;
}

}  // namespace sluice
