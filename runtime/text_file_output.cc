#include "runtime/text_file_output.h"

#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <stdexcept>
#include <system_error>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace sluice {
namespace {

// Fixed, not a setting: the write size changes the number of system calls, not the files written.
constexpr size_t kFlushBytes = 64 * 1024;

absl::Status ErrnoError(const std::string& what, const std::string& path, int error) {
  return absl::Status(absl::ErrnoToStatusCode(error), absl::StrCat(what, " '", path, "': ", std::strerror(error)));
}

// The API reports failures as exceptions: the worker turns one into a failed task, the driver into a failed
// application, each with this message.
void ThrowIfError(const absl::Status& status) {
  if (!status.ok()) throw std::runtime_error(std::string(status.message()));
}

// The parent of `path`, "." for a bare name.
std::string ParentOf(const std::string& path) {
  std::filesystem::path parent = std::filesystem::path(path).parent_path();
  return parent.empty() ? std::string(".") : parent.string();
}

// mkdir -p: several tasks of one batch create the staging directory at once, so one that exists is fine.
absl::Status MakeDirectories(const std::string& path) {
  std::error_code error;
  std::filesystem::create_directories(path, error);
  if (error) return ErrnoError("cannot create directory", path, error.value());
  return absl::OkStatus();
}

absl::Status WriteAll(int fd, std::string_view data, const std::string& path) {
  while (!data.empty()) {
    ssize_t written = ::write(fd, data.data(), data.size());
    if (written < 0) {
      if (errno == EINTR) continue;
      return ErrnoError("cannot write", path, errno);
    }
    data.remove_prefix(static_cast<size_t>(written));
  }
  return absl::OkStatus();
}

absl::Status OpenForWriting(const std::string& path, int* fd) {
  *fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (*fd < 0) return ErrnoError("cannot create file", path, errno);
  return absl::OkStatus();
}

// Makes a completed file or rename durable before it is announced: the directory must never appear with a
// part file that a crash could still empty.
absl::Status SyncAndClose(int fd, const std::string& path) {
  absl::Status status;
  if (::fsync(fd) != 0) status = ErrnoError("cannot sync", path, errno);
  if (::close(fd) != 0 && status.ok()) status = ErrnoError("cannot close", path, errno);
  return status;
}

absl::Status SyncDirectory(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return ErrnoError("cannot open directory", path, errno);
  return SyncAndClose(fd, path);
}

absl::Status WriteEmptyFile(const std::string& path) {
  int fd = -1;
  if (absl::Status status = OpenForWriting(path, &fd); !status.ok()) return status;
  return SyncAndClose(fd, path);
}

absl::Status RemoveTree(const std::string& path) {
  std::error_code error;
  std::filesystem::remove_all(path, error);
  if (error) return ErrnoError("cannot remove", path, error.value());
  return absl::OkStatus();
}

// Puts `staging` in the place of an existing `target`. Swapping the two in one step keeps a complete directory
// under the name throughout; where the file system cannot swap, the old one moves aside first, so the name is
// briefly absent but never incomplete.
absl::Status ReplaceWith(const std::string& staging, const std::string& target) {
  if (::renameat2(AT_FDCWD, staging.c_str(), AT_FDCWD, target.c_str(), RENAME_EXCHANGE) == 0) {
    return RemoveTree(staging);  // now the old directory
  }
  if (errno != EINVAL && errno != ENOSYS) return ErrnoError("cannot replace", target, errno);
  const std::string aside = staging + ".replaced";
  if (absl::Status status = RemoveTree(aside); !status.ok()) return status;
  if (::rename(target.c_str(), aside.c_str()) != 0) return ErrnoError("cannot move aside", target, errno);
  if (::rename(staging.c_str(), target.c_str()) != 0) return ErrnoError("cannot rename to", target, errno);
  return RemoveTree(aside);
}

// The temporary files of attempts that never finished (their worker died) are not part of the output.
absl::Status RemoveUnfinishedAttempts(const std::string& staging) {
  std::error_code error;
  for (const auto& entry : std::filesystem::directory_iterator(staging, error)) {
    if (entry.path().filename().string().rfind('.', 0) != 0) continue;
    if (absl::Status status = RemoveTree(entry.path().string()); !status.ok()) return status;
  }
  if (error) return ErrnoError("cannot list", staging, error.value());
  return absl::OkStatus();
}

absl::Status Commit(const std::string& batch_directory) {
  const std::string staging = TextFilesStagingDirectory(batch_directory);
  // A data set without partitions leaves no staging directory; Spark still writes _SUCCESS.
  if (absl::Status status = MakeDirectories(staging); !status.ok()) return status;
  if (absl::Status status = RemoveUnfinishedAttempts(staging); !status.ok()) return status;
  if (absl::Status status = WriteEmptyFile(staging + "/_SUCCESS"); !status.ok()) return status;
  if (absl::Status status = SyncDirectory(staging); !status.ok()) return status;
  if (::rename(staging.c_str(), batch_directory.c_str()) != 0) {
    if (errno != EEXIST && errno != ENOTEMPTY && errno != ENOTDIR && errno != EISDIR) {
      return ErrnoError("cannot rename to", batch_directory, errno);
    }
    if (absl::Status status = ReplaceWith(staging, batch_directory); !status.ok()) return status;
  }
  return SyncDirectory(ParentOf(batch_directory));
}

}  // namespace

std::string TextFilesStagingDirectory(const std::string& batch_directory) {
  std::filesystem::path path(batch_directory);
  return (path.parent_path() / ("." + path.filename().string() + ".staging")).string();
}

TextPartFile::TextPartFile(const std::string& batch_directory, int32_t partition, int32_t attempt) {
  const std::string staging = TextFilesStagingDirectory(batch_directory);
  const std::string part = absl::StrFormat("part-%05d", partition);
  part_path_ = staging + "/" + part;
  temp_path_ = absl::StrCat(staging, "/.", part, ".attempt-", attempt, ".tmp");
  ThrowIfError(MakeDirectories(staging));
  ThrowIfError(OpenForWriting(temp_path_, &fd_));
}

TextPartFile::~TextPartFile() {
  if (fd_ < 0) return;
  ::close(fd_);
  ::unlink(temp_path_.c_str());
}

void TextPartFile::AppendLine(std::string_view line) {
  buffer_.append(line.data(), line.size());
  buffer_.push_back('\n');
  if (buffer_.size() >= kFlushBytes) Flush();
}

void TextPartFile::Flush() {
  absl::Status status = WriteAll(fd_, buffer_, temp_path_);
  buffer_.clear();
  ThrowIfError(status);
}

void TextPartFile::Commit() {
  Flush();
  int fd = fd_;
  fd_ = -1;  // closed below whatever happens; on failure the temporary file is removed here
  absl::Status status = SyncAndClose(fd, temp_path_);
  if (status.ok() && ::rename(temp_path_.c_str(), part_path_.c_str()) != 0) {
    status = ErrnoError("cannot rename to", part_path_, errno);
  }
  if (!status.ok()) ::unlink(temp_path_.c_str());
  ThrowIfError(status);
}

void CommitTextFilesBatch(const std::string& batch_directory) { ThrowIfError(Commit(batch_directory)); }

}  // namespace sluice
