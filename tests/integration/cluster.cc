#include "tests/integration/cluster.h"

#include <httplib.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/stat.h>

#include <algorithm>
#include <sstream>

namespace sluice::testing {
namespace {

using std::chrono::seconds;

// Daemons start in well under a second; the margin is for a loaded machine.
constexpr seconds kStartTimeout(30);
constexpr seconds kExitTimeout(30);

std::string MakeTempDir(const std::string& parent) {
  std::string pattern = parent + "/cluster-XXXXXX";
  char* made = mkdtemp(pattern.data());
  return made ? std::string(made) : std::string();
}

// Bazel keeps the undeclared outputs of a test (in outputs.zip), so the daemons' logs outlive a failure.
std::string LogsParent() {
  const char* outputs = std::getenv("TEST_UNDECLARED_OUTPUTS_DIR");
  return outputs != nullptr ? outputs : ::testing::TempDir();
}

}  // namespace

std::optional<std::string> WordAfter(const std::string& text, const std::string& prefix) {
  size_t at = text.find(prefix);
  if (at == std::string::npos) return std::nullopt;
  size_t begin = at + prefix.size();
  size_t end = text.find_first_of(" \n", begin);
  if (end == std::string::npos) return std::nullopt;  // the line is still being written
  return text.substr(begin, end - begin);
}

std::optional<nlohmann::json> MasterStatus(int webui_port) {
  httplib::Client client("127.0.0.1", webui_port);
  client.set_connection_timeout(2);
  client.set_read_timeout(5);
  httplib::Result response = client.Get("/api/status");
  if (!response || response->status != 200) return std::nullopt;
  nlohmann::json json = nlohmann::json::parse(response->body, nullptr, /*allow_exceptions=*/false);
  if (json.is_discarded()) return std::nullopt;
  return json;
}

int64_t ReceivedRecords(const std::optional<nlohmann::json>& status, size_t application) {
  if (!status || !(*status)["applications"].is_array() || (*status)["applications"].size() <= application) return 0;
  return (*status)["applications"][application].value("received_records", int64_t{0});
}

std::string DescribeRun(Subprocess& submit, Cluster& cluster) {
  return "\nsubmit stdout:\n" + Tail(submit.Stdout(), 60) + "\nsubmit stderr:\n" + Tail(submit.Stderr()) +
         "\nmaster stderr:\n" + Tail(cluster.master().Stderr(), 60);
}

::testing::AssertionResult StopsGracefully(Subprocess& submit, Cluster& cluster) {
  submit.Signal(SIGTERM);
  std::optional<int> exit_code = submit.Wait(std::chrono::seconds(60));
  if (!exit_code.has_value()) {
    return ::testing::AssertionFailure() << "the driver did not stop within a minute" << DescribeRun(submit, cluster);
  }
  if (*exit_code != 0) {
    return ::testing::AssertionFailure() << "the driver exited with " << *exit_code << DescribeRun(submit, cluster);
  }
  return ::testing::AssertionSuccess();
}

std::string Tail(const std::string& text, size_t lines) {
  size_t at = text.size();
  for (size_t i = 0; i <= lines; ++i) {
    if (at == 0) return text;
    at = text.rfind('\n', at - 1);
    if (at == std::string::npos) return text;
  }
  return text.substr(at + 1);
}

Cluster::Cluster(ClusterOptions options)
    : options_(std::move(options)), dir_(MakeTempDir(::testing::TempDir())), logs_dir_(MakeTempDir(LogsParent())) {}

std::vector<std::string> Cluster::ConfFlags(const std::vector<std::string>& extra) const {
  std::vector<std::string> flags;
  for (const std::vector<std::string>* settings : {&options_.conf, &extra}) {
    for (const std::string& setting : *settings) {
      flags.push_back("--conf");
      flags.push_back(setting);
    }
  }
  return flags;
}

::testing::AssertionResult Cluster::Start() {
  if (dir_.empty() || logs_dir_.empty()) return ::testing::AssertionFailure() << "cannot make temporary directories";
  if (auto started = StartMaster(); !started) return started;
  for (int i = 0; i < options_.workers; ++i) {
    if (auto started = StartWorker(i); !started) return started;
  }
  auto all_listed = [this] {
    std::vector<std::string> listed = ListedWorkerIds();
    return std::all_of(workers_.begin(), workers_.end(),
                       [&](const Worker& w) { return std::find(listed.begin(), listed.end(), w.id) != listed.end(); });
  };
  if (!WaitFor(all_listed, kStartTimeout)) {
    return ::testing::AssertionFailure() << "the master does not list every worker; status: "
                                         << Status().value_or(nlohmann::json()).dump() << "\nmaster log:\n"
                                         << Tail(master_->Stderr());
  }
  return ::testing::AssertionSuccess();
}

::testing::AssertionResult Cluster::StartMaster() {
  std::vector<std::string> argv = {RunfilePath("master/sluice-master"),
                                   "--host",
                                   "127.0.0.1",
                                   "--port",
                                   "0",
                                   "--webui_port",
                                   "0",
                                   "--log_level",
                                   options_.log_level};
  for (std::string& flag : ConfFlags(options_.master_conf)) argv.push_back(std::move(flag));
  master_ = std::make_unique<Subprocess>(argv, logs_dir_, "master");
  // "sluice-master: listening at sluice://HOST:PORT (status page on port N)"
  std::optional<std::string> address, webui;
  bool announced = WaitFor(
      [&] {
        std::string out = master_->Stdout();
        address = WordAfter(out, "listening at sluice://");
        webui = WordAfter(out, "(status page on port ");
        return address.has_value() && webui.has_value();
      },
      kStartTimeout);
  if (!announced) {
    return ::testing::AssertionFailure() << "the master did not say where it listens; stdout:\n"
                                         << master_->Stdout() << "\nstderr:\n"
                                         << Tail(master_->Stderr());
  }
  port_ = std::atoi(address->substr(address->rfind(':') + 1).c_str());
  webui_port_ = std::atoi(webui->c_str());  // atoi stops at the closing parenthesis
  if (port_ <= 0 || webui_port_ <= 0) {
    return ::testing::AssertionFailure() << "unexpected announcement: " << master_->Stdout();
  }
  return ::testing::AssertionSuccess();
}

::testing::AssertionResult Cluster::StartWorker(int index) {
  Worker worker;
  worker.work_dir = dir_ + "/worker-" + std::to_string(index);
  mkdir(worker.work_dir.c_str(), 0755);
  std::vector<std::string> argv = {RunfilePath("worker/sluice-worker"),
                                   "--master",
                                   "127.0.0.1:" + std::to_string(port_),
                                   "--host",
                                   "127.0.0.1",
                                   "--port",
                                   "0",
                                   "--cores",
                                   std::to_string(options_.cores_per_worker),
                                   "--work_dir",
                                   worker.work_dir,
                                   "--log_level",
                                   options_.log_level};
  for (std::string& flag : ConfFlags({})) argv.push_back(std::move(flag));
  worker.process = std::make_unique<Subprocess>(argv, logs_dir_, "worker-" + std::to_string(index));
  // "worker worker-127.0.0.1-PORT-HEX listening on ..."
  std::optional<std::string> id;
  if (!WaitFor([&] { return (id = WordAfter(worker.process->Stderr(), "] worker ")).has_value(); }, kStartTimeout)) {
    return ::testing::AssertionFailure() << "worker " << index << " did not start; stderr:\n"
                                         << Tail(worker.process->Stderr());
  }
  worker.id = *id;
  workers_.push_back(std::move(worker));
  return ::testing::AssertionSuccess();
}

::testing::AssertionResult Cluster::Stop() {
  std::ostringstream problems;
  auto stop = [&](Subprocess& process, const std::string& name) {
    process.Signal(SIGTERM);
    std::optional<int> code = process.Wait(kExitTimeout);
    if (!code) {
      problems << name << " did not exit within " << kExitTimeout.count() << " s of SIGTERM\n";
    } else if (*code != 0) {
      problems << name << " exited with " << *code << "; its log ends:\n" << Tail(process.Stderr()) << "\n";
    }
  };
  for (int i = 0; i < num_workers(); ++i) {
    if (!workers_[i].killed) stop(*workers_[i].process, "worker " + std::to_string(i));
  }
  if (master_) stop(*master_, "the master");
  std::string text = problems.str();
  if (text.empty()) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << text;
}

std::string Cluster::master_url() const { return "sluice://127.0.0.1:" + std::to_string(port_); }

std::optional<int> Cluster::WorkerRunningReceiverOf(const std::string& app_id) {
  for (int i = 0; i < num_workers(); ++i) {
    if (workers_[i].killed) continue;
    std::string log = workers_[i].process->Stderr();
    if (log.find("started receiver for node") != std::string::npos &&
        log.find("of app " + app_id + " (") != std::string::npos) {
      return i;
    }
  }
  return std::nullopt;
}

std::optional<nlohmann::json> Cluster::Status() const { return MasterStatus(webui_port_); }

std::vector<std::string> Cluster::ListedWorkerIds() const {
  std::vector<std::string> ids;
  std::optional<nlohmann::json> status = Status();
  if (!status || !status->contains("workers")) return ids;
  for (const nlohmann::json& worker : (*status)["workers"]) ids.push_back(worker.value("id", ""));
  return ids;
}

void Cluster::KillWorker(int index) {
  workers_.at(index).process->Signal(SIGKILL);
  workers_.at(index).process->Wait(kExitTimeout);
  workers_.at(index).killed = true;
}

std::unique_ptr<Subprocess> Cluster::Submit(const std::string& job, const std::vector<std::string>& args,
                                            const std::string& name) {
  std::vector<std::string> argv = {RunfilePath("driver/sluice-submit"), "--master", master_url(), RunfilePath(job)};
  argv.insert(argv.end(), args.begin(), args.end());
  return std::make_unique<Subprocess>(argv, logs_dir_, name);
}

}  // namespace sluice::testing
