#include "worker/library_loader.h"

#include <dlfcn.h>

#include <exception>

#include "absl/status/status.h"
#include "common/mutex.h"
#include "runtime/graph_capture.h"

namespace sluice {
namespace {

using JobEntry = int (*)(const std::vector<std::string>*);

// dlerror() reports the last error of any thread's dl call: the threads that load and unload jobs (task threads,
// receiver-ops) take turns, so each reads its own. Guards no data. Never destroyed: a library may be unloaded
// while the process exits.
Mutex& DlMutex() {
  static Mutex* mu = new Mutex;
  return *mu;
}

class LibraryHandle {
 public:
  explicit LibraryHandle(void* handle) : handle_(handle) {}
  ~LibraryHandle() {
    MutexLock lock(&DlMutex());
    dlclose(handle_);
  }
  LibraryHandle(const LibraryHandle&) = delete;
  LibraryHandle& operator=(const LibraryHandle&) = delete;
  void* get() const { return handle_; }

 private:
  void* handle_;
};

// Member order matters: the graph (whose destructors live in the library) goes before the library.
struct GraphWithLibrary {
  std::shared_ptr<LibraryHandle> library;
  std::shared_ptr<const JobGraph> graph;
};

absl::StatusOr<std::shared_ptr<const JobGraph>> CaptureGraph(JobEntry entry, const std::string& path,
                                                             const std::vector<std::string>& args) {
  GraphCapture capture;
  try {
    entry(&args);
  } catch (const GraphCaptured&) {
    if (capture.graph() == nullptr) {
      return absl::FailedPreconditionError("the job " + path + " stopped before StreamingContext::start()");
    }
    return capture.graph();
  } catch (const std::exception& e) {
    return absl::FailedPreconditionError("the job " + path + " failed while building its graph: " + e.what());
  } catch (...) {
    return absl::FailedPreconditionError("the job " + path +
                                         " failed while building its graph: an exception that is not a "
                                         "std::exception");
  }
  return absl::FailedPreconditionError("the job returned without calling StreamingContext::start()");
}

}  // namespace

absl::StatusOr<LoadedJob> LoadJobLibrary(const std::string& path, const std::vector<std::string>& args) {
  std::shared_ptr<LibraryHandle> library;
  JobEntry entry = nullptr;
  {
    MutexLock lock(&DlMutex());
    void* handle = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (handle == nullptr) {
      const char* error = dlerror();
      return absl::FailedPreconditionError("cannot load job library " + path + ": " +
                                           (error != nullptr ? error : "unknown error"));
    }
    library = std::make_shared<LibraryHandle>(handle);
    dlerror();
    entry = reinterpret_cast<JobEntry>(dlsym(handle, "sluice_job_entry"));
  }
  if (entry == nullptr) {
    // `library` unloads it again; the lock is not held here, as its destructor takes it.
    return absl::FailedPreconditionError(path + " is not a Sluice job (no SLUICE_JOB entry point)");
  }
  auto graph = CaptureGraph(entry, path, args);
  if (!graph.ok()) return graph.status();
  auto holder = std::make_shared<GraphWithLibrary>(GraphWithLibrary{std::move(library), *std::move(graph)});
  const JobGraph* raw = holder->graph.get();
  return LoadedJob{std::shared_ptr<const JobGraph>(std::move(holder), raw)};
}

}  // namespace sluice
