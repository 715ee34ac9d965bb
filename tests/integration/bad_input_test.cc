// Bad input given to the real binaries: an unreachable master, job libraries that are not jobs, an unreadable
// file in a watched directory, unknown flags and wrong flag values. Each gets a clear message and a clean exit;
// nothing crashes and nothing already accepted is lost.
#include <dlfcn.h>
#include <signal.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/testing/environment_skip.h"
#include "gtest/gtest.h"
#include "tests/integration/line_server.h"
#include "tests/integration/printed_batches.h"
#include "tests/integration/subprocess.h"

namespace sluice::testing {
namespace {

using std::chrono::seconds;

constexpr char kSetpriv[] = "/usr/bin/setpriv";
// Without these capabilities root is refused a mode-000 file like anyone else.
constexpr char kDropFileReadOverride[] = "--bounding-set=-dac_override,-dac_read_search";

std::string NewTempDir(const std::string& name) {
  std::string pattern = ::testing::TempDir() + "/" + name + "-XXXXXX";
  char* made = mkdtemp(pattern.data());
  return made == nullptr ? "" : std::string(made);
}

void WriteFile(const std::string& path, const std::string& text) { std::ofstream(path, std::ios::binary) << text; }

int ClosedPort() {
  LineServer closed;
  return closed.port();
}

bool Contains(const std::string& text, const std::string& needle) { return text.find(needle) != std::string::npos; }

// True if a log line of `component` ("[component]", see common/logging.h) contains `needle`.
bool HasLogLine(const std::string& log, const std::string& component, const std::string& needle) {
  size_t start = 0;
  while (start < log.size()) {
    size_t end = log.find('\n', start);
    if (end == std::string::npos) end = log.size();
    std::string line = log.substr(start, end - start);
    if (Contains(line, "[" + component + "]") && Contains(line, needle)) return true;
    start = end + 1;
  }
  return false;
}

class BadInputTest : public ::testing::Test {
 protected:
  std::unique_ptr<Subprocess> Run(std::vector<std::string> argv, const std::string& name) {
    return std::make_unique<Subprocess>(std::move(argv), ::testing::TempDir(), name);
  }

  // Runs a command that must refuse its input: it ends within 30 s; returns its exit code (-1 if it did not end).
  int RunToExit(std::vector<std::string> argv, const std::string& name, std::string* stderr_text) {
    auto process = Run(std::move(argv), name);
    std::optional<int> exit_code = process->Wait(seconds(30));
    *stderr_text = process->Stderr();
    return exit_code.value_or(-1);
  }

  std::string Submit() const { return RunfilePath("driver/sluice-submit"); }
  std::string NetworkWordCount() const { return RunfilePath("driver/examples/network_wordcount.so"); }
};

// --- An unreachable master ---------------------------------------------------------------------------------

TEST_F(BadInputTest, SubmitToAnUnreachableMasterFailsPromptlyNamingTheAddress) {
  const std::string address = "127.0.0.1:" + std::to_string(ClosedPort());
  std::string err;
  int exit_code = RunToExit({Submit(), "--master", "sluice://" + address, NetworkWordCount(), "127.0.0.1", "9", "1"},
                            "submit-unreachable", &err);
  EXPECT_NE(exit_code, -1) << "still running after 30 s";
  EXPECT_NE(exit_code, 0);
  EXPECT_LT(exit_code, 128) << "ended by a signal:\n" << err;
  EXPECT_TRUE(Contains(err, "cannot reach the master at " + address)) << err;
}

TEST_F(BadInputTest, WorkerKeepsRetryingAnUnreachableMasterThenRegistersWhenItComesUp) {
  const int port = ClosedPort();
  const std::string address = "127.0.0.1:" + std::to_string(port);
  auto worker = Run({RunfilePath("worker/sluice-worker"), "--master", address, "--host", "127.0.0.1", "--port", "0",
                     "--cores", "1", "--work_dir", NewTempDir("work"), "--log_level", "info"},
                    "worker-retrying");
  ASSERT_TRUE(WaitFor([&] { return HasLogLine(worker->Stderr(), "worker", "cannot reach master at " + address); },
                      seconds(30)))
      << worker->Stderr();
  EXPECT_TRUE(Contains(worker->Stderr(), "retrying")) << worker->Stderr();

  // Still retrying: a master started later on that address gets the worker.
  auto master = Run({RunfilePath("master/sluice-master"), "--host", "127.0.0.1", "--port", std::to_string(port),
                     "--webui_port", "-1"},
                    "master-late");
  ASSERT_TRUE(WaitFor([&] { return Contains(master->Stdout(), "listening at sluice://" + address); }, seconds(30)))
      << master->Stderr();
  EXPECT_TRUE(WaitFor([&] { return HasLogLine(worker->Stderr(), "worker", "registered with master at " + address); },
                      seconds(60)))
      << worker->Stderr();

  worker->Signal(SIGTERM);
  EXPECT_EQ(worker->Wait(seconds(30)), std::optional<int>(0)) << worker->Stderr();
  master->Signal(SIGTERM);
  EXPECT_EQ(master->Wait(seconds(30)), std::optional<int>(0)) << master->Stderr();
}

TEST_F(BadInputTest, WorkerThatNeverReachesItsMasterStopsCleanlyOnSigterm) {
  const std::string address = "127.0.0.1:" + std::to_string(ClosedPort());
  auto worker = Run({RunfilePath("worker/sluice-worker"), "--master", address, "--port", "0", "--work_dir",
                     NewTempDir("work")},
                    "worker-unreachable");
  ASSERT_TRUE(WaitFor([&] { return HasLogLine(worker->Stderr(), "worker", "cannot reach master at " + address); },
                      seconds(30)))
      << worker->Stderr();
  worker->Signal(SIGTERM);
  EXPECT_EQ(worker->Wait(seconds(30)), std::optional<int>(0)) << worker->Stderr();
}

// --- Job libraries that are not jobs ----------------------------------------------------------------------

TEST_F(BadInputTest, MissingJobLibraryIsAUsageError) {
  const std::string missing = NewTempDir("jobs") + "/no_such_job.so";
  std::string err;
  EXPECT_EQ(RunToExit({Submit(), "--master", "local[2]", missing, "127.0.0.1", "9"}, "submit-missing", &err), 2) << err;
  EXPECT_TRUE(Contains(err, "cannot load job library " + missing)) << err;
  EXPECT_TRUE(Contains(err, "No such file or directory")) << err;
}

TEST_F(BadInputTest, TextFileGivenAsJobLibraryIsAUsageError) {
  const std::string text_file = NewTempDir("jobs") + "/words.so";
  WriteFile(text_file, "this is a text file, not a shared library\n");
  std::string err;
  EXPECT_EQ(RunToExit({Submit(), "--master", "local[2]", text_file}, "submit-text", &err), 2) << err;
  EXPECT_TRUE(Contains(err, "cannot load job library " + text_file)) << err;
}

TEST_F(BadInputTest, DirectoryGivenAsJobLibraryIsAUsageError) {
  const std::string directory = NewTempDir("jobs");
  std::string err;
  EXPECT_EQ(RunToExit({Submit(), "--master", "local[2]", directory}, "submit-directory", &err), 2) << err;
  EXPECT_TRUE(Contains(err, "cannot load job library " + directory)) << err;
}

TEST_F(BadInputTest, SharedLibraryWithoutAJobEntryIsAUsageError) {
  // The C library: surely a shared library, surely not a Sluice job.
  Dl_info info{};
  ASSERT_NE(dladdr(reinterpret_cast<void*>(&::puts), &info), 0);
  const std::string libc = info.dli_fname;
  ASSERT_EQ(libc.front(), '/') << libc;
  std::string err;
  EXPECT_EQ(RunToExit({Submit(), "--master", "local[2]", libc}, "submit-not-a-job", &err), 2) << err;
  EXPECT_TRUE(Contains(err, libc + " is not a Sluice job")) << err;
}

TEST_F(BadInputTest, JobLibraryNamedRelativeToTheCurrentDirectoryIsFound) {
  // "job.so" means ./job.so, as any path on a command line does; dlopen alone would search the system's
  // library path for a name without a slash.
  const std::string job_dir = NewTempDir("cwd");
  const std::string copy = job_dir + "/network_wordcount.so";
  {
    std::ifstream in(NetworkWordCount(), std::ios::binary);
    std::ofstream(copy, std::ios::binary) << in.rdbuf();
  }
  LineServer server;
  char* previous = getcwd(nullptr, 0);
  ASSERT_EQ(chdir(job_dir.c_str()), 0);
  auto submit = Run({Submit(), "--master", "local[2]", "network_wordcount.so", "127.0.0.1",
                     std::to_string(server.port()), "1"},
                    "submit-relative");
  ASSERT_EQ(chdir(previous), 0);
  free(previous);
  // Loaded, the job's receiver connects; not loaded, sluice-submit exits at once.
  ASSERT_TRUE(WaitFor(
      [&] { return server.WaitForClient(std::chrono::milliseconds(100)) || submit->Wait(seconds(0)).has_value(); },
      seconds(30)));
  EXPECT_TRUE(server.WaitForClient(seconds(0))) << submit->Stderr();
  submit->Signal(SIGTERM);
  EXPECT_EQ(submit->Wait(seconds(60)), std::optional<int>(0)) << submit->Stderr();
}

// --- An unreadable file in a watched directory ------------------------------------------------------------

TEST_F(BadInputTest, UnreadableFileIsSkippedWithAWarningAndTheOtherFilesAreCounted) {
  const std::string watched = NewTempDir("watched");
  const std::string staging = NewTempDir("staging");
  const std::string secret = "secret.txt";
  WriteFile(staging + "/" + secret, "hidden hidden hidden\n");
  ASSERT_EQ(chmod((staging + "/" + secret).c_str(), 0), 0);

  // As root, mode 000 stops only a process without CAP_DAC_OVERRIDE: run the driver without it.
  std::vector<std::string> prefix;
  if (geteuid() == 0) {
    if (access(kSetpriv, X_OK) != 0) SLUICE_SKIP_FOR_ENVIRONMENT("running as root without " << kSetpriv);
    std::string probe_err;
    int probe = RunToExit({kSetpriv, kDropFileReadOverride, "/bin/sh", "-c",
                           "cat \"$0\" >/dev/null 2>&1 && exit 0 || exit 42", staging + "/" + secret},
                          "probe", &probe_err);
    if (probe != 42) {
      SLUICE_SKIP_FOR_ENVIRONMENT("cannot make a mode-000 file unreadable here (probe exit " << probe << "): "
                                                                                              << probe_err);
    }
    prefix = {kSetpriv, kDropFileReadOverride};
  }
  std::vector<std::string> argv = prefix;
  for (std::string arg : {Submit(), std::string("--master"), std::string("local[2]"),
                          RunfilePath("driver/examples/hdfs_wordcount.so"), watched, std::string("1")}) {
    argv.push_back(arg);
  }
  auto submit = Run(argv, "submit-hdfs");
  // Files already there when the stream starts are not new: wait for the first batch before moving any in.
  ASSERT_TRUE(WaitFor([&] { return !ParsePrintedBatches(submit->Stdout()).empty(); }, seconds(30)))
      << submit->Stderr();

  WriteFile(staging + "/a.txt", "apple banana apple\n");
  WriteFile(staging + "/b.txt", "banana cherry\ncherry cherry\n");
  for (std::string name : {std::string("a.txt"), secret, std::string("b.txt")}) {
    ASSERT_EQ(rename((staging + "/" + name).c_str(), (watched + "/" + name).c_str()), 0) << name;
  }
  std::map<std::string, int64_t> expected = {{"apple", 2}, {"banana", 2}, {"cherry", 3}};
  ASSERT_TRUE(WaitFor([&] { return SumCounts(ParsePrintedBatches(submit->Stdout())) == expected; }, seconds(30)))
      << submit->Stdout() << "\n" << submit->Stderr();
  EXPECT_TRUE(WaitFor(
      [&] {
        return HasLogLine(submit->Stderr(), "driver",
                          "skipping unreadable file " + watched + "/" + secret + ": Permission denied");
      },
      seconds(30)))
      << submit->Stderr();

  // The job goes on: a later file is counted.
  WriteFile(staging + "/c.txt", "damson\n");
  ASSERT_EQ(rename((staging + "/c.txt").c_str(), (watched + "/c.txt").c_str()), 0);
  expected["damson"] = 1;
  EXPECT_TRUE(WaitFor([&] { return SumCounts(ParsePrintedBatches(submit->Stdout())) == expected; }, seconds(30)))
      << submit->Stdout() << "\n" << submit->Stderr();

  submit->Signal(SIGTERM);
  EXPECT_EQ(submit->Wait(seconds(60)), std::optional<int>(0)) << submit->Stderr();
  EXPECT_EQ(SumCounts(ParsePrintedBatches(submit->Stdout())), expected) << submit->Stdout();
}

// --- Unknown flags and wrong flag values --------------------------------------------------------------------

const char kMaster[] = "master/sluice-master";
const char kWorker[] = "worker/sluice-worker";
const char kSubmit[] = "driver/sluice-submit";
const char kJob[] = "driver/examples/network_wordcount.so";  // "JOB" in a case's args

struct UsageErrorCase {
  std::string name;
  std::string binary;  // workspace-relative
  std::vector<std::string> args;
  std::string named_in_stderr;
};

void PrintTo(const UsageErrorCase& c, std::ostream* out) { *out << c.name; }

class UsageErrorTest : public BadInputTest, public ::testing::WithParamInterface<UsageErrorCase> {};

TEST_P(UsageErrorTest, ExitsWithCode2NamingTheBadFlag) {
  const UsageErrorCase& c = GetParam();
  std::vector<std::string> argv = {RunfilePath(c.binary)};
  for (const std::string& arg : c.args) argv.push_back(arg == "JOB" ? RunfilePath(kJob) : arg);
  std::string err;
  int exit_code = RunToExit(argv, "usage-" + c.name, &err);
  EXPECT_EQ(exit_code, 2) << err;
  EXPECT_TRUE(Contains(err, c.named_in_stderr)) << err;
}

// Every case but the bad one would start a daemon on free ports (or a job whose receiver finds nobody).
INSTANTIATE_TEST_SUITE_P(
    AllBinaries, UsageErrorTest,
    ::testing::Values(
        UsageErrorCase{"MasterUnknownFlag", kMaster, {"--port", "0", "--webui_port", "-1", "--no_such_flag"},
                       "no_such_flag"},
        UsageErrorCase{"MasterPortNotANumber", kMaster, {"--port=abc", "--webui_port", "-1"}, "port"},
        UsageErrorCase{"MasterUnknownSetting", kMaster, {"--port", "0", "--webui_port", "-1", "--conf", "no.such=1"},
                       "no.such"},
        UsageErrorCase{"MasterUnknownLogLevel", kMaster, {"--port", "0", "--webui_port", "-1", "--log_level", "loud"},
                       "setting 'log.level' must be one of"},
        UsageErrorCase{"WorkerCoresNotANumber", kWorker, {"--master", "127.0.0.1:1", "--port", "0", "--cores=abc"},
                       "cores"},
        UsageErrorCase{"WorkerUnknownFlag", kWorker, {"--master", "127.0.0.1:1", "--port", "0", "--bogus"}, "bogus"},
        UsageErrorCase{"WorkerUnknownLogLevel", kWorker,
                       {"--master", "127.0.0.1:1", "--port", "0", "--conf", "log.level=loud"},
                       "setting 'log.level' must be one of"},
        UsageErrorCase{"WorkerConfWithoutValue", kWorker, {"--master", "127.0.0.1:1", "--port", "0", "--conf", "novalue"},
                       "novalue"},
        UsageErrorCase{"SubmitUnknownFlag", kSubmit, {"--bogus", "--master", "local[2]", "JOB", "127.0.0.1", "1"},
                       "bogus"},
        UsageErrorCase{"SubmitWithoutMaster", kSubmit, {"JOB", "127.0.0.1", "1"}, "--master"},
        UsageErrorCase{"SubmitForeignMasterUrl", kSubmit, {"--master", "spark://x", "JOB", "127.0.0.1", "1"},
                       "spark://x"},
        UsageErrorCase{"SubmitZeroLocalSlots", kSubmit, {"--master", "local[0]", "JOB", "127.0.0.1", "1"}, "local[0]"},
        UsageErrorCase{"SubmitConfWithoutValue", kSubmit, {"--master", "local[2]", "--conf", "novalue", "JOB"},
                       "novalue"},
        UsageErrorCase{"SubmitUnknownSetting", kSubmit,
                       {"--master", "local[2]", "--conf", "no.such=1", "JOB", "127.0.0.1", "1"}, "no.such"},
        UsageErrorCase{"SubmitUnknownLogLevel", kSubmit,
                       {"--master", "local[2]", "--log_level", "loud", "JOB", "127.0.0.1", "1"},
                       "setting 'log.level' must be one of"},
        UsageErrorCase{"SubmitUnknownLogLevelSetting", kSubmit,
                       {"--master", "local[2]", "--conf", "log.level=loud", "JOB", "127.0.0.1", "1"},
                       "setting 'log.level' must be one of"},
        UsageErrorCase{"SubmitSettingNotANumber", kSubmit,
                       {"--master", "local[2]", "--conf", "input.max_record_bytes=abc", "JOB", "127.0.0.1", "1"},
                       "input.max_record_bytes"}),
    [](const ::testing::TestParamInfo<UsageErrorCase>& info) { return info.param.name; });

}  // namespace
}  // namespace sluice::testing
