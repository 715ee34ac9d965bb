#include "worker/receiver/line_splitter.h"

#include <cstring>
#include <utility>

namespace sluice {
namespace {

// Keep a buffer grown by one huge line only while it is useful. Fixed, not a setting: it bounds idle memory, and
// input.max_record_bytes already bounds the lines.
constexpr size_t kRetainedCapacity = 1 << 20;

}  // namespace

LineSplitter::LineSplitter(int64_t max_line_bytes, LineSink on_line, DropSink on_dropped)
    : max_line_bytes_(max_line_bytes), on_line_(std::move(on_line)), on_dropped_(std::move(on_dropped)) {}

void LineSplitter::Feed(std::string_view bytes) {
  while (!bytes.empty()) {
    const void* newline = std::memchr(bytes.data(), '\n', bytes.size());
    if (newline == nullptr) {
      Accumulate(bytes);
      return;
    }
    size_t length = static_cast<const char*>(newline) - bytes.data();
    std::string_view rest_of_line = bytes.substr(0, length);
    bytes.remove_prefix(length + 1);
    if (discarding_) {
      discarding_ = false;
      continue;
    }
    if (partial_.empty()) {
      EmitLine(rest_of_line);  // the common case: the whole line is in this chunk, no copy
      continue;
    }
    Accumulate(rest_of_line);
    if (discarding_) {  // the line overflowed on its last piece
      discarding_ = false;
      continue;
    }
    EmitLine(partial_);
    partial_.clear();
    if (partial_.capacity() > kRetainedCapacity) std::string().swap(partial_);
  }
}

void LineSplitter::Finish() {
  if (!discarding_ && !partial_.empty()) EmitLine(partial_);
  Reset();
}

void LineSplitter::Reset() {
  std::string().swap(partial_);
  discarding_ = false;
}

void LineSplitter::Accumulate(std::string_view piece) {
  if (discarding_) return;
  // One byte of slack: a line of exactly max_line_bytes may still be followed by its '\r'.
  if (static_cast<int64_t>(partial_.size() + piece.size()) > max_line_bytes_ + 1) {
    std::string().swap(partial_);
    discarding_ = true;
    on_dropped_();
    return;
  }
  partial_.append(piece.data(), piece.size());
}

void LineSplitter::EmitLine(std::string_view line) {
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  if (static_cast<int64_t>(line.size()) > max_line_bytes_) {
    on_dropped_();
    return;
  }
  on_line_(line);
}

}  // namespace sluice
