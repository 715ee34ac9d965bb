#ifndef SLUICE_MASTER_FILE_STREAM_FILE_STREAM_MONITOR_H_
#define SLUICE_MASTER_FILE_STREAM_FILE_STREAM_MONITOR_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace sluice {

// A file a batch must read, with its size when it was selected (the splits are planned from it).
struct NewFile {
  std::string path;
  int64_t size = 0;
};

struct FileSelection {
  std::vector<NewFile> files;         // sorted by path
  std::vector<std::string> warnings;  // one per new file that had to be skipped; the caller reports them
};

// Decides, once per batch, which files of a watched directory are that batch's input. The promise to users:
// each file moved into the directory after the start is read exactly once, in the batch in which it appeared;
// files that were there before the start, hidden files and later changes to a file already read are ignored.
//
// Files are selected by appearance of their name, never by modification time: `mv` keeps a file's old mtime,
// which is why selecting by mtime (as Spark does) silently loses files. The consequence is that a name that
// is deleted and re-created between two listings is not seen as new; once a listing has seen it gone, it is.
// Files must appear complete (moved in, or copied under a "._COPYING_" / ".tmp" name and then renamed).
//
// Not thread-safe: owned and called by the master's batch loop.
class FileStreamMonitor {
 public:
  explicit FileStreamMonitor(std::string directory);

  // Lists the directory once; everything in it now is old and never selected. Fails, naming the directory,
  // if it does not exist, is not a directory or cannot be listed.
  absl::Status Initialize();

  // Instead of Initialize(): resumes from names persisted by SeenFiles(). Files that appeared while the
  // monitor was not running are new at the next selection.
  void Restore(std::vector<std::string> seen);

  // Lists the directory and returns the files that appeared since the previous listing: regular files (or
  // symlinks to them) directly in the directory, not hidden, not in-progress copies, readable. A new file that
  // cannot be opened is reported once as a warning and never retried. If the directory cannot be listed the
  // status says why and nothing remembered changes, so a directory that comes back is handled as before.
  absl::StatusOr<FileSelection> SelectNewFiles();

  // The names (not paths) present at the last listing, sorted: the whole state, as plain data to persist.
  std::vector<std::string> SeenFiles() const;

  const std::string& directory() const { return directory_; }

 private:
  absl::StatusOr<std::vector<std::string>> ListNames() const;
  std::string PathOf(const std::string& name) const;

  std::string directory_;
  bool initialized_ = false;
  // Only names present at the last listing, so memory is bounded by the directory's size.
  absl::flat_hash_set<std::string> seen_;
};

}  // namespace sluice

#endif  // SLUICE_MASTER_FILE_STREAM_FILE_STREAM_MONITOR_H_
