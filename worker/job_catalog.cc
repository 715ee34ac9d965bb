#include "worker/job_catalog.h"

#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "common/logging.h"
#include "worker/library_loader.h"

namespace sluice {
namespace {

// The hash names a file: it must not be able to name any other path.
bool IsSafeFileName(const std::string& name) {
  if (name.empty() || name.size() > 128) return false;
  for (char c : name) {
    if (!absl::ascii_isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_') return false;
  }
  return true;
}

}  // namespace

JobCatalog::JobCatalog(std::string work_dir, LibraryFetcher fetcher)
    : work_dir_(std::move(work_dir)), fetcher_(std::move(fetcher)) {}

void JobCatalog::RegisterLocal(std::string library_hash, std::shared_ptr<const JobGraph> graph) {
  MutexLock lock(&mu_);
  last_failure_.erase(library_hash);
  graphs_[std::move(library_hash)] = std::move(graph);
  loaded_.SignalAll();
}

absl::StatusOr<std::shared_ptr<const JobGraph>> JobCatalog::Get(const std::string& library_hash) {
  {
    MutexLock lock(&mu_);
    if (std::optional<GraphOrError> known = KnownOrClaim(library_hash)) return *std::move(known);
  }
  GraphOrError graph = FetchAndLoad(library_hash);  // without the lock: it takes as long as the master and the job
  MutexLock lock(&mu_);
  return EndAttempt(library_hash, std::move(graph));
}

std::optional<JobCatalog::GraphOrError> JobCatalog::KnownOrClaim(const std::string& library_hash) {
  if (loading_.count(library_hash) > 0) {
    while (loading_.count(library_hash) > 0) loaded_.Wait(&mu_);
    auto failure = last_failure_.find(library_hash);
    if (graphs_.count(library_hash) == 0 && failure != last_failure_.end()) return failure->second;
  }
  auto it = graphs_.find(library_hash);
  if (it != graphs_.end()) return it->second;
  loading_.insert(library_hash);
  return std::nullopt;
}

JobCatalog::GraphOrError JobCatalog::EndAttempt(const std::string& library_hash, GraphOrError graph) {
  loading_.erase(library_hash);
  if (graph.ok()) {
    // A local registration that raced with the fetch wins: it is the driver's own graph.
    auto [slot, inserted] = graphs_.emplace(library_hash, *graph);
    graph = slot->second;
    last_failure_.erase(library_hash);
  } else {
    last_failure_[library_hash] = graph.status();
  }
  loaded_.SignalAll();
  return graph;
}

JobCatalog::GraphOrError JobCatalog::FetchAndLoad(const std::string& library_hash) {
  if (!IsSafeFileName(library_hash)) {
    return absl::InvalidArgumentError(absl::StrCat("malformed library hash '", library_hash, "'"));
  }
  absl::StatusOr<JobLibrary> library = fetcher_(library_hash);
  if (!library.ok()) {
    return absl::Status(library.status().code(), absl::StrCat("cannot get the job library ", library_hash,
                                                              " from the master: ", library.status().message()));
  }
  absl::StatusOr<std::string> path = WriteLibrary(library_hash, library->bytes);
  if (!path.ok()) return path.status();
  absl::StatusOr<LoadedJob> job = LoadJobLibrary(*path, library->args);
  if (!job.ok()) return job.status();
  std::string difference = library->graph.FirstDifference(job->graph->description());
  if (!difference.empty()) {
    return absl::FailedPreconditionError(absl::StrCat("the job's graph on this worker differs from the driver's: ",
                                                      difference, " (graph construction must be deterministic)"));
  }
  Logger(LogComponent::kWorker).Info("loaded job library {} ({} nodes)", library_hash, job->graph->size());
  return job->graph;
}

absl::StatusOr<std::string> JobCatalog::WriteLibrary(const std::string& library_hash, const std::string& bytes) {
  std::filesystem::path dir = std::filesystem::path(work_dir_) / "libs";
  std::error_code error;
  std::filesystem::create_directories(dir, error);
  if (error) {
    return absl::FailedPreconditionError(
        absl::StrCat("cannot create the library directory ", dir.string(), ": ", error.message()));
  }
  std::filesystem::path final_path = dir / (library_hash + ".so");
  std::filesystem::path temp_path = dir / absl::StrCat(".", library_hash, ".so.tmp-", getpid());
  {
    std::ofstream out(temp_path, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    out.close();
    if (!out) {
      std::filesystem::remove(temp_path, error);
      return absl::FailedPreconditionError(absl::StrCat("cannot write the job library ", temp_path.string()));
    }
  }
  std::filesystem::rename(temp_path, final_path, error);
  if (error) {
    std::filesystem::remove(temp_path, error);
    return absl::FailedPreconditionError(
        absl::StrCat("cannot move the job library into place at ", final_path.string(), ": ", error.message()));
  }
  return final_path.string();
}

}  // namespace sluice
