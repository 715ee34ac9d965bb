#include "common/checkpoint_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <filesystem>
#include <optional>
#include <system_error>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/bytes.h"

namespace sluice {
namespace {

namespace fs = std::filesystem;

uint32_t Crc32(uint32_t crc, std::string_view bytes) {
  return static_cast<uint32_t>(crc32_z(crc, reinterpret_cast<const Bytef*>(bytes.data()), bytes.size()));
}

absl::Status FileError(int error_number, const std::string& path, const char* action) {
  return absl::ErrnoToStatus(error_number, absl::StrCat("checkpoint file ", path, ": ", action));
}

absl::Status DataLoss(const std::string& path, const std::string& why) {
  return absl::DataLossError(absl::StrCat("checkpoint file ", path, ": ", why));
}

// Closes the descriptor it owns unless released; an error path then needs no cleanup of its own.
class ScopedFd {
 public:
  explicit ScopedFd(int fd) : fd_(fd) {}
  ~ScopedFd() {
    if (fd_ >= 0) ::close(fd_);
  }
  ScopedFd(const ScopedFd&) = delete;
  ScopedFd& operator=(const ScopedFd&) = delete;
  int get() const { return fd_; }
  // Closes now, reporting close's errno (0 if fine): close can be the first to report a failed write.
  int Close() {
    int result = ::close(fd_) == 0 ? 0 : errno;
    fd_ = -1;
    return result;
  }

 private:
  int fd_;
};

// 0 or the errno of the failed write.
int WriteAll(int fd, std::string_view bytes) {
  while (!bytes.empty()) {
    ssize_t n = ::write(fd, bytes.data(), bytes.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return errno;
    }
    bytes.remove_prefix(static_cast<size_t>(n));
  }
  return 0;
}

std::string EncodeFileHeader(const CheckpointHeader& header, uint64_t payload_bytes, uint32_t payload_crc) {
  std::string body;
  ByteWriter body_writer(&body);
  body_writer.PutFixed32(static_cast<uint32_t>(header.node));
  body_writer.PutFixed64(static_cast<uint64_t>(header.batch_ms));
  body_writer.PutFixed32(static_cast<uint32_t>(header.partition));
  body_writer.PutFixed64(static_cast<uint64_t>(header.record_count));
  body_writer.PutLengthPrefixed(header.type_name);
  body_writer.PutFixed64(payload_bytes);
  body_writer.PutFixed32(payload_crc);

  std::string out;
  ByteWriter writer(&out);
  writer.PutRaw(kCheckpointMagic);
  writer.PutFixed32(kCheckpointFormatVersion);
  writer.PutLengthPrefixed(body);
  writer.PutFixed32(Crc32(0, out));
  return out;
}

// Writes everything to `temp` and makes it durable; the caller renames it or removes it.
absl::Status WriteDurably(const std::string& temp, std::string_view file_header,
                          const std::vector<std::string_view>& payload_chunks) {
  ScopedFd fd(::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644));
  if (fd.get() < 0) return FileError(errno, temp, "cannot create");
  int error = WriteAll(fd.get(), file_header);
  for (size_t i = 0; error == 0 && i < payload_chunks.size(); ++i) error = WriteAll(fd.get(), payload_chunks[i]);
  if (error != 0) return FileError(error, temp, "cannot write");
  if (::fsync(fd.get()) != 0) return FileError(errno, temp, "cannot fsync");
  if (int close_error = fd.Close(); close_error != 0) return FileError(close_error, temp, "cannot close");
  return absl::OkStatus();
}

// Makes the rename itself durable. Best effort: some file systems do not support syncing a directory.
void SyncDirectory(const fs::path& directory) {
  ScopedFd fd(::open(directory.empty() ? "." : directory.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (fd.get() >= 0) ::fsync(fd.get());
}

std::string TemporaryName(const fs::path& target) {
  static std::atomic<uint64_t> counter{0};
  // The leading dot keeps it out of every part-<p> lookup; pid and counter keep concurrent writers apart.
  return (target.parent_path() /
          absl::StrCat(".", target.filename().string(), ".tmp.", ::getpid(), ".", counter.fetch_add(1)))
      .string();
}

absl::StatusOr<std::string> ReadWholeFile(const std::string& path) {
  ScopedFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (fd.get() < 0) return FileError(errno, path, "cannot open");
  struct stat info;
  if (::fstat(fd.get(), &info) != 0) return FileError(errno, path, "cannot stat");
  // One byte more than the size, so the read that meets the end needs no second buffer (the file may grow).
  std::string contents(static_cast<size_t>(info.st_size) + 1, '\0');
  size_t filled = 0;
  while (true) {
    if (filled == contents.size()) contents.resize(contents.size() * 2);
    ssize_t n = ::read(fd.get(), contents.data() + filled, contents.size() - filled);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return FileError(errno, path, "cannot read");
    if (n == 0) break;
    filled += static_cast<size_t>(n);
  }
  contents.resize(filled);
  return contents;
}

absl::StatusOr<CheckpointPartition> ParseCheckpoint(const std::string& path, std::string contents) {
  std::string_view all(contents);
  if (all.substr(0, kCheckpointMagic.size()) != kCheckpointMagic) {
    if (kCheckpointMagic.substr(0, all.size()) == all) return DataLoss(path, "truncated in the magic");
    return absl::InvalidArgumentError(absl::StrCat("checkpoint file ", path, ": not a Sluice checkpoint (bad magic)"));
  }
  ByteReader reader(all.substr(kCheckpointMagic.size()));
  uint32_t version = reader.GetFixed32();
  if (!reader.ok()) return DataLoss(path, "truncated in the header");
  if (version != kCheckpointFormatVersion) {
    return absl::FailedPreconditionError(absl::StrCat("checkpoint file ", path, ": unknown format version ", version,
                                                      " (this build reads version ", kCheckpointFormatVersion, ")"));
  }
  std::string_view body = reader.GetLengthPrefixed();
  size_t checked_bytes = kCheckpointMagic.size() + reader.position();
  uint32_t header_crc = reader.GetFixed32();
  if (!reader.ok()) return DataLoss(path, "truncated in the header");
  if (Crc32(0, all.substr(0, checked_bytes)) != header_crc) return DataLoss(path, "corrupt header (checksum mismatch)");

  CheckpointPartition result;
  ByteReader body_reader(body);
  result.header.node = static_cast<int32_t>(body_reader.GetFixed32());
  result.header.batch_ms = static_cast<int64_t>(body_reader.GetFixed64());
  result.header.partition = static_cast<int32_t>(body_reader.GetFixed32());
  result.header.record_count = static_cast<int64_t>(body_reader.GetFixed64());
  result.header.type_name = std::string(body_reader.GetLengthPrefixed());
  uint64_t payload_bytes = body_reader.GetFixed64();
  uint32_t payload_crc = body_reader.GetFixed32();
  if (!body_reader.ok() || !body_reader.AtEnd()) return DataLoss(path, "malformed header");

  size_t payload_offset = kCheckpointMagic.size() + reader.position();
  uint64_t present = all.size() - payload_offset;
  if (present < payload_bytes) {
    return DataLoss(path, absl::StrCat("truncated: the payload has ", present, " of ", payload_bytes, " bytes"));
  }
  if (present > payload_bytes) return DataLoss(path, absl::StrCat(present - payload_bytes, " bytes after the payload"));
  if (Crc32(0, all.substr(payload_offset)) != payload_crc) return DataLoss(path, "corrupt payload (checksum mismatch)");
  contents.erase(0, payload_offset);
  result.payload = std::move(contents);
  return result;
}

absl::StatusOr<fs::path> NodeDirectory(const std::string& dir, const std::string& app_id, int32_t node) {
  if (dir.empty()) return absl::InvalidArgumentError("the checkpoint directory is empty");
  if (absl::Status status = CheckPathComponent("app id", app_id); !status.ok()) return status;
  if (node < 0) return absl::InvalidArgumentError(absl::StrCat("negative node id ", node, " for a checkpoint"));
  return fs::path(dir) / app_id / std::to_string(node);
}

std::string PartFileName(int32_t partition) { return absl::StrFormat("part-%05d", partition); }

// A time directory's name is the batch time in ms, digits only.
std::optional<int64_t> ParseBatchTime(const std::string& name) {
  if (name.empty() || name.size() > 18) return std::nullopt;
  if (!std::all_of(name.begin(), name.end(), [](char c) { return c >= '0' && c <= '9'; })) return std::nullopt;
  int64_t value = 0;
  if (!absl::SimpleAtoi(absl::string_view(name.data(), name.size()), &value)) return std::nullopt;
  return value;
}

// Calls fn(batch_ms, path) for each time directory under node_dir; a missing node_dir has none.
template <class Fn>
absl::Status ForEachTimeDirectory(const fs::path& node_dir, Fn&& fn) {
  std::error_code ec;
  fs::directory_iterator it(node_dir, ec);
  if (ec == std::errc::no_such_file_or_directory) return absl::OkStatus();
  for (; !ec && it != fs::directory_iterator(); it.increment(ec)) {
    std::optional<int64_t> batch_ms = ParseBatchTime(it->path().filename().string());
    std::error_code type_ec;
    if (batch_ms.has_value() && it->is_directory(type_ec)) fn(*batch_ms, it->path());
  }
  if (ec) return FileError(ec.value(), node_dir.string(), "cannot list");
  return absl::OkStatus();
}

}  // namespace

absl::Status CheckPathComponent(std::string_view what, std::string_view name) {
  if (name.empty() || name == "." || name == ".." || name.find('/') != std::string_view::npos ||
      name.find('\0') != std::string_view::npos) {
    return absl::InvalidArgumentError(absl::StrCat("unsafe ", absl::string_view(what.data(), what.size()), " '",
                                                   absl::string_view(name.data(), name.size()),
                                                   "': it must be one path component (no '/', not '.' or '..')"));
  }
  return absl::OkStatus();
}

absl::StatusOr<std::string> CheckpointPartitionPath(const std::string& dir, const std::string& app_id, int32_t node,
                                                    int64_t batch_ms, int32_t partition) {
  absl::StatusOr<fs::path> node_dir = NodeDirectory(dir, app_id, node);
  if (!node_dir.ok()) return node_dir.status();
  if (batch_ms < 0 || partition < 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("negative batch time ", batch_ms, " or partition ", partition, " for a checkpoint"));
  }
  return (*node_dir / std::to_string(batch_ms) / PartFileName(partition)).string();
}

absl::Status WriteCheckpointPartition(const std::string& path, const CheckpointHeader& header,
                                      const std::vector<std::string_view>& payload_chunks) {
  uint32_t payload_crc = 0;
  uint64_t payload_bytes = 0;
  for (std::string_view chunk : payload_chunks) {
    payload_crc = Crc32(payload_crc, chunk);
    payload_bytes += chunk.size();
  }
  const fs::path target(path);
  std::error_code ec;
  if (!target.parent_path().empty()) fs::create_directories(target.parent_path(), ec);
  if (ec) return FileError(ec.value(), path, "cannot create its directory");

  const std::string temp = TemporaryName(target);
  absl::Status status = WriteDurably(temp, EncodeFileHeader(header, payload_bytes, payload_crc), payload_chunks);
  if (status.ok() && ::rename(temp.c_str(), path.c_str()) != 0) status = FileError(errno, path, "cannot rename into");
  if (!status.ok()) {
    ::unlink(temp.c_str());
    return status;
  }
  SyncDirectory(target.parent_path());
  return absl::OkStatus();
}

absl::StatusOr<CheckpointPartition> ReadCheckpointPartition(const std::string& path) {
  absl::StatusOr<std::string> contents = ReadWholeFile(path);
  if (!contents.ok()) return contents.status();
  return ParseCheckpoint(path, std::move(*contents));
}

absl::StatusOr<std::vector<int64_t>> ListCompleteCheckpointTimes(const std::string& dir, const std::string& app_id,
                                                                 int32_t node, int32_t num_partitions) {
  if (num_partitions <= 0) {
    return absl::InvalidArgumentError(absl::StrCat("a checkpoint needs partitions, not ", num_partitions));
  }
  absl::StatusOr<fs::path> node_dir = NodeDirectory(dir, app_id, node);
  if (!node_dir.ok()) return node_dir.status();
  std::vector<int64_t> times;
  absl::Status status = ForEachTimeDirectory(*node_dir, [&](int64_t batch_ms, const fs::path& time_dir) {
    for (int32_t p = 0; p < num_partitions; ++p) {
      std::error_code ec;
      if (!fs::is_regular_file(time_dir / PartFileName(p), ec)) return;
    }
    times.push_back(batch_ms);
  });
  if (!status.ok()) return status;
  std::sort(times.begin(), times.end());
  return times;
}

absl::Status RemoveCheckpointsBefore(const std::string& dir, const std::string& app_id, int32_t node,
                                     int64_t batch_ms) {
  absl::StatusOr<fs::path> node_dir = NodeDirectory(dir, app_id, node);
  if (!node_dir.ok()) return node_dir.status();
  std::vector<fs::path> old_dirs;  // collected first: removing while iterating is unspecified
  absl::Status status = ForEachTimeDirectory(*node_dir, [&](int64_t time, const fs::path& time_dir) {
    if (time < batch_ms) old_dirs.push_back(time_dir);
  });
  if (!status.ok()) return status;
  for (const fs::path& old_dir : old_dirs) {
    std::error_code ec;
    fs::remove_all(old_dir, ec);
    if (ec) return FileError(ec.value(), old_dir.string(), "cannot remove the checkpoint directory");
  }
  return absl::OkStatus();
}

}  // namespace sluice
