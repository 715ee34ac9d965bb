#ifndef SLUICE_WORKER_JOB_CATALOG_H_
#define SLUICE_WORKER_JOB_CATALOG_H_

#include <condition_variable>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>

#include "absl/status/statusor.h"
#include "driver/api/job_graph.h"
#include "worker/master_messages.h"

namespace sluice {

// The job graphs this worker runs, by library hash. A graph comes either from the driver in the same process
// (local mode) or from the job's library, fetched from the master once and rebuilt here. Thread-safe.
class JobCatalog {
 public:
  using LibraryFetcher = std::function<absl::StatusOr<JobLibrary>(const std::string& library_hash)>;

  // Libraries are kept in `<work_dir>/libs`.
  JobCatalog(std::string work_dir, LibraryFetcher fetcher);

  // Local mode: the driver hands its graph over before it submits the application.
  void RegisterLocal(std::string library_hash, std::shared_ptr<const JobGraph> graph);

  // The graph of `library_hash`. The first caller fetches and loads the library while concurrent callers wait
  // for that one attempt; a failed attempt is not remembered, so a later call tries again.
  absl::StatusOr<std::shared_ptr<const JobGraph>> Get(const std::string& library_hash);

 private:
  absl::StatusOr<std::shared_ptr<const JobGraph>> FetchAndLoad(const std::string& library_hash);
  // Writes through a temporary file and a rename, so a reader never sees half a library.
  absl::StatusOr<std::string> WriteLibrary(const std::string& library_hash, const std::string& bytes);

  const std::string work_dir_;
  const LibraryFetcher fetcher_;

  std::mutex mu_;
  std::condition_variable loaded_;
  std::map<std::string, std::shared_ptr<const JobGraph>> graphs_;
  std::set<std::string> loading_;
  // The outcome of the last attempt, for the callers that waited on it.
  std::map<std::string, absl::Status> last_failure_;
};

}  // namespace sluice

#endif  // SLUICE_WORKER_JOB_CATALOG_H_
