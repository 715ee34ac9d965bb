#ifndef SLUICE_WORKER_JOB_CATALOG_H_
#define SLUICE_WORKER_JOB_CATALOG_H_

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>

#include "absl/status/statusor.h"
#include "common/mutex.h"
#include "runtime/job_graph.h"
#include "wire/worker_messages.h"

namespace sluice {

// The job graphs this worker runs, by library hash. A graph comes either from the driver in the same process
// (local mode) or from the job's library, fetched from the master once and rebuilt here. Thread-safe: task
// threads and receiver-ops ask for graphs, the driver registers its own.
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
  using GraphOrError = absl::StatusOr<std::shared_ptr<const JobGraph>>;

  // The graph, or the failure of the attempt the caller waited for; nullopt if the caller must load it (the
  // attempt is then the caller's: `loading_` names it).
  std::optional<GraphOrError> KnownOrClaim(const std::string& library_hash) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // Ends the caller's attempt, keeping its outcome; returns the graph every caller is to use.
  GraphOrError EndAttempt(const std::string& library_hash, GraphOrError graph) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  GraphOrError FetchAndLoad(const std::string& library_hash);
  // Writes through a temporary file and a rename, so a reader never sees half a library.
  absl::StatusOr<std::string> WriteLibrary(const std::string& library_hash, const std::string& bytes);

  const std::string work_dir_;
  const LibraryFetcher fetcher_;

  Mutex mu_;        // shared by every thread that runs a job's code: task threads, receiver-ops, the driver
  CondVar loaded_;  // an attempt ended, or the driver registered a graph
  std::map<std::string, std::shared_ptr<const JobGraph>> graphs_ ABSL_GUARDED_BY(mu_);
  std::set<std::string> loading_ ABSL_GUARDED_BY(mu_);
  // The outcome of the last attempt, for the callers that waited on it.
  std::map<std::string, absl::Status> last_failure_ ABSL_GUARDED_BY(mu_);
};

}  // namespace sluice

#endif  // SLUICE_WORKER_JOB_CATALOG_H_
