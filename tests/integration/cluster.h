#ifndef SLUICE_TESTS_INTEGRATION_CLUSTER_H_
#define SLUICE_TESTS_INTEGRATION_CLUSTER_H_

#include <cstdint>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "tests/integration/subprocess.h"

namespace sluice::testing {

struct ClusterOptions {
  int workers = 2;
  int cores_per_worker = 2;
  // Settings (name=value) for every daemon; fast heartbeats so that a lost worker is noticed in about a second.
  std::vector<std::string> conf = {"worker.heartbeat_interval_ms=200", "master.worker_timeout_ms=1500"};
  std::vector<std::string> master_conf;  // for the master only, e.g. input.file_split_bytes
  // info or debug (which makes workers log every task they run): the cluster reads worker ids from the logs.
  std::string log_level = "info";
};

// A real Sluice cluster on 127.0.0.1: one sluice-master and N sluice-worker processes, each with its own work
// directory under a fresh temporary directory; their output (and that of Submit) goes to files kept among the
// test's undeclared outputs. Whatever still runs when the cluster is destroyed is killed.
class Cluster {
 public:
  explicit Cluster(ClusterOptions options = {});

  // Starts the master, then the workers, and waits until the master lists every worker.
  ::testing::AssertionResult Start();
  // SIGTERM to the workers still running, then to the master; each must exit 0.
  ::testing::AssertionResult Stop();

  std::string master_url() const;  // sluice://127.0.0.1:PORT
  const std::string& dir() const { return dir_; }
  int num_workers() const { return static_cast<int>(workers_.size()); }
  Subprocess& master() { return *master_; }
  Subprocess& worker(int index) { return *workers_.at(index).process; }
  const std::string& worker_id(int index) const { return workers_.at(index).id; }
  std::string worker_work_dir(int index) const { return workers_.at(index).work_dir; }
  // The index of the worker whose log says it started the receiver of `app_id`, if one did.
  std::optional<int> WorkerRunningReceiverOf(const std::string& app_id);

  // The master's /api/status, or nothing if it does not answer.
  std::optional<nlohmann::json> Status() const;
  // The ids of the workers the master's status lists (the live ones: a lost worker is removed).
  std::vector<std::string> ListedWorkerIds() const;

  // SIGKILL: the worker dies without a word to the master.
  void KillWorker(int index);

  // Runs `sluice-submit --master <this cluster> <job library> <args...>`; `job` is a workspace path.
  std::unique_ptr<Subprocess> Submit(const std::string& job, const std::vector<std::string>& args,
                                     const std::string& name);

 private:
  struct Worker {
    std::unique_ptr<Subprocess> process;
    std::string work_dir;
    std::string id;
    bool killed = false;
  };

  std::vector<std::string> ConfFlags(const std::vector<std::string>& extra) const;
  ::testing::AssertionResult StartMaster();
  ::testing::AssertionResult StartWorker(int index);

  const ClusterOptions options_;
  std::string dir_;       // work directories
  std::string logs_dir_;  // every process's stdout and stderr
  std::unique_ptr<Subprocess> master_;
  int port_ = 0;
  int webui_port_ = 0;
  std::vector<Worker> workers_;
};

// The text after `prefix` on the first line of `text` that has it, up to the next space or the line's end;
// nothing while that line is not complete.
std::optional<std::string> WordAfter(const std::string& text, const std::string& prefix);

// The /api/status of the master whose status page is on 127.0.0.1:`webui_port`, or nothing if it does not answer.
std::optional<nlohmann::json> MasterStatus(int webui_port);

// The records that the receivers of the `application`-th application in `status` reported storing: a receiver
// has read a line once it is counted here, so a graceful stop must still process it. 0 without a status.
int64_t ReceivedRecords(const std::optional<nlohmann::json>& status, size_t application = 0);

// The last lines of a process's stderr, for failure messages.
std::string Tail(const std::string& text, size_t lines = 40);

// A driver's output and the ends of its and the master's logs, for failure messages.
std::string DescribeRun(Subprocess& submit, Cluster& cluster);

// SIGTERM to a driver (sluice-submit stops its application gracefully): it must exit 0 within a minute.
::testing::AssertionResult StopsGracefully(Subprocess& submit, Cluster& cluster);

}  // namespace sluice::testing

#endif  // SLUICE_TESTS_INTEGRATION_CLUSTER_H_
