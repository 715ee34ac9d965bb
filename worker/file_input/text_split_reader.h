#ifndef SLUICE_WORKER_FILE_INPUT_TEXT_SPLIT_READER_H_
#define SLUICE_WORKER_FILE_INPUT_TEXT_SPLIT_READER_H_

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "absl/status/status.h"

namespace sluice {

// Reads the lines of the split [start, start + length) of a text file, with Hadoop's LineRecordReader rule
// so that the splits of one file together yield every line exactly once: a line belongs to the split in
// which its first byte lies, and is read to its end even past the split. '\n' ends a line; one trailing '\r'
// is stripped; a last line without '\n' counts. A line longer than max_record_bytes (after stripping) is an
// error naming the file and the line's offset, raised before more than max_record_bytes + 1 bytes of it are
// held. `line` is valid only during the call. Errors name the path: missing, unreadable, not a regular file.
absl::Status ReadTextSplit(const std::string& path, int64_t start, int64_t length, int64_t max_record_bytes,
                           const std::function<void(std::string_view line)>& on_line);

namespace text_split_reader_internal {

// ReadTextSplit with a chosen read size (the public one reads 1 MiB at a time), so tests can put lines
// across read boundaries with small files.
absl::Status ReadTextSplit(const std::string& path, int64_t start, int64_t length, int64_t max_record_bytes,
                           size_t read_bytes, const std::function<void(std::string_view line)>& on_line);

}  // namespace text_split_reader_internal
}  // namespace sluice

#endif  // SLUICE_WORKER_FILE_INPUT_TEXT_SPLIT_READER_H_
