#include "worker/file_input/text_split_reader.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <limits>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"

namespace sluice {
namespace {

// Fixed, not a setting: the read size changes the number of system calls, not the records read (tests pass
// small ones to ReadTextSplit to cross record boundaries).
constexpr size_t kDefaultReadBytes = size_t{1} << 20;

class ScopedFd {
 public:
  explicit ScopedFd(int fd) : fd_(fd) {}
  ScopedFd(const ScopedFd&) = delete;
  ScopedFd& operator=(const ScopedFd&) = delete;
  ~ScopedFd() {
    if (fd_ >= 0) close(fd_);
  }
  int get() const { return fd_; }
  int release() {
    const int fd = fd_;
    fd_ = -1;
    return fd;
  }

 private:
  int fd_;
};

absl::StatusOr<int> OpenTextFile(const std::string& path) {
  // O_NONBLOCK: a FIFO put in place of the file must give an error, not hang the task.
  const int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
  if (fd < 0) return absl::ErrnoToStatus(errno, absl::StrCat("cannot open text file ", path));
  ScopedFd owned(fd);
  struct stat info;
  if (fstat(fd, &info) != 0) return absl::ErrnoToStatus(errno, absl::StrCat("cannot stat text file ", path));
  if (S_ISDIR(info.st_mode)) {
    return absl::FailedPreconditionError(absl::StrCat("cannot read text file ", path, ": it is a directory"));
  }
  if (!S_ISREG(info.st_mode)) {
    return absl::FailedPreconditionError(
        absl::StrCat("cannot read text file ", path, ": it is not a regular file"));
  }
  return owned.release();
}

// Reads a file forward from an offset in large chunks and hands out its lines. Lines that lie within one
// chunk are passed as views of the chunk; only a line spanning chunks is copied, and never beyond
// max_record_bytes + 1 bytes (the one byte for a '\r' that stripping may remove).
class LineReader {
 public:
  LineReader(int fd, const std::string& path, int64_t offset, int64_t max_record_bytes, size_t read_bytes)
      : fd_(fd), path_(path), max_record_bytes_(max_record_bytes), buffer_(read_bytes), buffer_offset_(offset) {}

  // File offset of the next byte a line would start at.
  int64_t position() const { return buffer_offset_ + static_cast<int64_t>(begin_); }

  // Moves past the next '\n'. Returns false if the file ends first.
  absl::StatusOr<bool> SkipPastNewline() {
    while (true) {
      absl::StatusOr<bool> more = Refill();
      if (!more.ok() || !*more) return more;
      const char* from = buffer_.data() + begin_;
      const void* newline = std::memchr(from, '\n', end_ - begin_);
      if (newline != nullptr) {
        begin_ += static_cast<const char*>(newline) - from + 1;
        return true;
      }
      begin_ = end_;
    }
  }

  // Passes the line starting at position() to on_line. Returns false if the file ends there.
  absl::StatusOr<bool> ReadLine(const std::function<void(std::string_view)>& on_line) {
    const int64_t line_offset = position();
    carry_.clear();
    bool started = false;
    while (true) {
      absl::StatusOr<bool> more = Refill();
      if (!more.ok()) return more.status();
      if (!*more) {
        if (!started) return false;
        absl::Status delivered = Deliver(carry_, line_offset, on_line);
        if (!delivered.ok()) return delivered;
        return true;
      }
      started = true;
      const char* from = buffer_.data() + begin_;
      const void* newline = std::memchr(from, '\n', end_ - begin_);
      const size_t take = newline != nullptr ? static_cast<const char*>(newline) - from : end_ - begin_;
      if (static_cast<int64_t>(carry_.size() + take) > max_record_bytes_ + 1) return TooLong(line_offset);
      if (newline == nullptr) {
        carry_.append(from, take);
        begin_ = end_;
        continue;
      }
      begin_ += take + 1;
      std::string_view line(from, take);
      if (!carry_.empty()) {
        carry_.append(from, take);
        line = carry_;
      }
      absl::Status delivered = Deliver(line, line_offset, on_line);
      if (!delivered.ok()) return delivered;
      return true;
    }
  }

 private:
  // Makes unread bytes available. Returns false at the end of the file.
  absl::StatusOr<bool> Refill() {
    if (begin_ < end_) return true;
    buffer_offset_ += static_cast<int64_t>(end_);
    begin_ = end_ = 0;
    while (true) {
      const ssize_t n = pread(fd_, buffer_.data(), buffer_.size(), buffer_offset_);
      if (n >= 0) {
        end_ = static_cast<size_t>(n);
        return n > 0;
      }
      if (errno != EINTR) {
        return absl::ErrnoToStatus(errno, absl::StrCat("cannot read ", path_, " at offset ", buffer_offset_));
      }
    }
  }

  absl::Status Deliver(std::string_view line, int64_t line_offset,
                       const std::function<void(std::string_view)>& on_line) const {
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (static_cast<int64_t>(line.size()) > max_record_bytes_) return TooLong(line_offset);
    on_line(line);
    return absl::OkStatus();
  }

  absl::Status TooLong(int64_t line_offset) const {
    return absl::OutOfRangeError(absl::StrCat("line at offset ", line_offset, " of ", path_,
                                              " is longer than the limit of ", max_record_bytes_, " bytes"));
  }

  const int fd_;
  const std::string& path_;
  const int64_t max_record_bytes_;
  std::vector<char> buffer_;
  int64_t buffer_offset_;  // file offset of buffer_[0]
  size_t begin_ = 0;       // next unread byte in buffer_
  size_t end_ = 0;         // end of the bytes read into buffer_
  std::string carry_;      // the part read so far of a line spanning reads
};

absl::Status ValidateSplit(const std::string& path, int64_t start, int64_t length, int64_t max_record_bytes,
                           size_t read_bytes) {
  if (start < 0 || length < 0 || length > std::numeric_limits<int64_t>::max() - start) {
    return absl::InvalidArgumentError(
        absl::StrCat("invalid split of ", path, ": start ", start, ", length ", length));
  }
  if (max_record_bytes <= 0 || read_bytes == 0) {
    return absl::InvalidArgumentError(absl::StrCat("invalid limits for reading ", path));
  }
  return absl::OkStatus();
}

}  // namespace

namespace text_split_reader_internal {

absl::Status ReadTextSplit(const std::string& path, int64_t start, int64_t length, int64_t max_record_bytes,
                           size_t read_bytes, const std::function<void(std::string_view line)>& on_line) {
  if (absl::Status valid = ValidateSplit(path, start, length, max_record_bytes, read_bytes); !valid.ok()) {
    return valid;
  }
  absl::StatusOr<int> fd = OpenTextFile(path);
  if (!fd.ok()) return fd.status();
  ScopedFd owned(*fd);

  // A line starts at offset 0 or just after a '\n', so the first line starting at or after `start` begins
  // after the first '\n' at or after start - 1; whatever lies before it belongs to the previous split.
  LineReader reader(owned.get(), path, start > 0 ? start - 1 : 0, max_record_bytes, read_bytes);
  if (start > 0) {
    absl::StatusOr<bool> found = reader.SkipPastNewline();
    if (!found.ok() || !*found) return found.status();
  }
  const int64_t end = start + length;
  while (reader.position() < end) {
    absl::StatusOr<bool> read = reader.ReadLine(on_line);
    if (!read.ok() || !*read) return read.status();
  }
  return absl::OkStatus();
}

}  // namespace text_split_reader_internal

absl::Status ReadTextSplit(const std::string& path, int64_t start, int64_t length, int64_t max_record_bytes,
                           const std::function<void(std::string_view line)>& on_line) {
  return text_split_reader_internal::ReadTextSplit(path, start, length, max_record_bytes, kDefaultReadBytes,
                                                   on_line);
}

}  // namespace sluice
