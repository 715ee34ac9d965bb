#ifndef SLUICE_WORKER_RECEIVER_LINE_SPLITTER_H_
#define SLUICE_WORKER_RECEIVER_LINE_SPLITTER_H_

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

namespace sluice {

// Splits a byte stream, fed in arbitrary chunks, into '\n'-terminated lines with one trailing '\r' stripped.
// Bytes pass through unchanged otherwise (NUL, invalid UTF-8). A line longer than `max_line_bytes` is
// dropped while it streams by: at most max_line_bytes + 1 bytes of a line are ever buffered.
class LineSplitter {
 public:
  // `line` is valid only during the call.
  using LineSink = std::function<void(std::string_view line)>;
  using DropSink = std::function<void()>;

  LineSplitter(int64_t max_line_bytes, LineSink on_line, DropSink on_dropped);

  void Feed(std::string_view bytes);
  // End of stream: a last line without '\n' is still a line. Leaves the splitter ready for a new stream.
  void Finish();
  // Forgets a partial line without emitting it (the stream was cut off, not ended).
  void Reset();

  // Bytes of the current partial line held in memory.
  int64_t buffered_bytes() const { return static_cast<int64_t>(partial_.size()); }

 private:
  // Handles the bytes of one line up to (not including) its '\n', or up to the end of the chunk.
  void Accumulate(std::string_view piece);
  void EmitLine(std::string_view line);

  const int64_t max_line_bytes_;
  const LineSink on_line_;
  const DropSink on_dropped_;
  std::string partial_;     // the current line so far, when it spans chunks
  bool discarding_ = false;  // skipping the rest of an over-long line
};

}  // namespace sluice

#endif  // SLUICE_WORKER_RECEIVER_LINE_SPLITTER_H_
