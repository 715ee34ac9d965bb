#include "master/file_stream/file_stream_monitor.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <memory>
#include <optional>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace sluice {
namespace {

struct DirCloser {
  void operator()(DIR* dir) const { closedir(dir); }
};
using DirHandle = std::unique_ptr<DIR, DirCloser>;

absl::StatusOr<DirHandle> OpenDirectory(const std::string& directory) {
  DIR* dir = opendir(directory.c_str());
  if (dir != nullptr) return DirHandle(dir);
  const int error = errno;
  if (error == ENOENT) {
    return absl::NotFoundError(absl::StrCat("file stream directory ", directory, " does not exist"));
  }
  if (error == ENOTDIR) {
    return absl::FailedPreconditionError(
        absl::StrCat("file stream directory ", directory, " is not a directory"));
  }
  return absl::ErrnoToStatus(error, absl::StrCat("cannot list file stream directory ", directory));
}

absl::StatusOr<std::vector<std::string>> ReadNames(DIR* dir, const std::string& directory) {
  std::vector<std::string> names;
  while (true) {
    errno = 0;
    const dirent* entry = readdir(dir);
    if (entry == nullptr) break;
    const std::string_view name = entry->d_name;
    if (name == "." || name == "..") continue;
    names.emplace_back(name);
  }
  if (errno != 0) {
    return absl::ErrnoToStatus(errno, absl::StrCat("cannot list file stream directory ", directory));
  }
  return names;
}

// A directory removed while it was being listed gives a listing that must not be trusted: its entries
// could not be examined, so remembering them would lose them if the directory came back.
absl::Status CheckStillExists(DIR* dir, const std::string& directory) {
  struct stat info;
  if (fstat(dirfd(dir), &info) != 0) {
    return absl::ErrnoToStatus(errno, absl::StrCat("cannot stat file stream directory ", directory));
  }
  if (info.st_nlink == 0) {
    return absl::NotFoundError(
        absl::StrCat("file stream directory ", directory, " was removed while being listed"));
  }
  return absl::OkStatus();
}

// Names users are told are never read: hidden files and copies still in progress (Hadoop's `put` writes
// "<name>._COPYING_" and renames it when done; many tools write "<name>.tmp").
bool IsIgnoredName(const std::string& name) {
  return absl::StartsWith(name, ".") || absl::EndsWith(name, "._COPYING_") || absl::EndsWith(name, ".tmp");
}

// What examining one new directory entry found.
struct Examined {
  std::optional<int64_t> readable_size;  // set for a readable regular file
  std::optional<std::string> warning;
};

Examined ExamineEntry(int dir_fd, const std::string& name, const std::string& path) {
  struct stat info;
  // Following symlinks: a broken one, a loop or a name already gone is silently not a file.
  if (fstatat(dir_fd, name.c_str(), &info, 0) != 0 || !S_ISREG(info.st_mode)) return {};
  // O_NONBLOCK: should the name be swapped for a FIFO after the stat, open must not hang the batch loop.
  const int fd = openat(dir_fd, name.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
  if (fd < 0) {
    const int error = errno;
    if (error == ENOENT) return {};
    return {std::nullopt, absl::StrCat("skipping unreadable file ", path, ": ", std::strerror(error))};
  }
  const bool stat_ok = fstat(fd, &info) == 0;
  close(fd);
  if (!stat_ok || !S_ISREG(info.st_mode)) return {};
  return {static_cast<int64_t>(info.st_size), std::nullopt};
}

}  // namespace

FileStreamMonitor::FileStreamMonitor(std::string directory) : directory_(std::move(directory)) {}

absl::Status FileStreamMonitor::Initialize() {
  absl::StatusOr<std::vector<std::string>> names = ListNames();
  if (!names.ok()) return names.status();
  seen_ = absl::flat_hash_set<std::string>(names->begin(), names->end());
  initialized_ = true;
  return absl::OkStatus();
}

void FileStreamMonitor::Restore(std::vector<std::string> seen) {
  seen_ = absl::flat_hash_set<std::string>(std::make_move_iterator(seen.begin()),
                                           std::make_move_iterator(seen.end()));
  initialized_ = true;
}

absl::StatusOr<FileSelection> FileStreamMonitor::SelectNewFiles() {
  if (!initialized_) {
    return absl::FailedPreconditionError(
        absl::StrCat("file stream monitor of ", directory_, " used before Initialize() or Restore()"));
  }
  absl::StatusOr<DirHandle> dir = OpenDirectory(directory_);
  if (!dir.ok()) return dir.status();
  absl::StatusOr<std::vector<std::string>> names = ReadNames(dir->get(), directory_);
  if (!names.ok()) return names.status();

  FileSelection selection;
  for (const std::string& name : *names) {
    if (seen_.contains(name) || IsIgnoredName(name)) continue;
    const std::string path = PathOf(name);
    Examined examined = ExamineEntry(dirfd(dir->get()), name, path);
    if (examined.warning.has_value()) selection.warnings.push_back(std::move(*examined.warning));
    if (examined.readable_size.has_value()) selection.files.push_back({path, *examined.readable_size});
  }
  if (absl::Status exists = CheckStillExists(dir->get(), directory_); !exists.ok()) return exists;

  // Every name present now is remembered, selected or not: a skipped file is reported once and never
  // retried, and names that vanished are forgotten, so one re-created later is new again.
  seen_ = absl::flat_hash_set<std::string>(names->begin(), names->end());
  std::sort(selection.files.begin(), selection.files.end(),
            [](const NewFile& a, const NewFile& b) { return a.path < b.path; });
  std::sort(selection.warnings.begin(), selection.warnings.end());
  return selection;
}

std::vector<std::string> FileStreamMonitor::SeenFiles() const {
  std::vector<std::string> seen(seen_.begin(), seen_.end());
  std::sort(seen.begin(), seen.end());
  return seen;
}

absl::StatusOr<std::vector<std::string>> FileStreamMonitor::ListNames() const {
  absl::StatusOr<DirHandle> dir = OpenDirectory(directory_);
  if (!dir.ok()) return dir.status();
  return ReadNames(dir->get(), directory_);
}

std::string FileStreamMonitor::PathOf(const std::string& name) const {
  if (absl::EndsWith(directory_, "/")) return absl::StrCat(directory_, name);
  return absl::StrCat(directory_, "/", name);
}

}  // namespace sluice
