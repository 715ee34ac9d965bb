#include "master/file_stream/file_stream_monitor.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "common/testing/environment_skip.h"
#include "common/testing/scoped_no_file_read_override.h"

namespace sluice {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

std::string MakeTempDir() {
  std::string pattern = ::testing::TempDir() + "/file_stream_XXXXXX";
  const char* made = mkdtemp(pattern.data());
  EXPECT_NE(made, nullptr) << "mkdtemp " << pattern << ": " << strerror(errno);
  return pattern;
}

void WriteFile(const std::string& path, const std::string& content) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << content;
  ASSERT_TRUE(out.good()) << path;
}

void AppendFile(const std::string& path, const std::string& content) {
  std::ofstream out(path, std::ios::binary | std::ios::app);
  out << content;
  ASSERT_TRUE(out.good()) << path;
}

std::vector<std::string> Paths(const FileSelection& selection) {
  std::vector<std::string> paths;
  for (const NewFile& file : selection.files) paths.push_back(file.path);
  return paths;
}

// A monitor of a fresh directory, plus a staging directory on the same file system to move files in from,
// the way users are told to deliver files.
class FileStreamMonitorTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = MakeTempDir();
    staging_ = MakeTempDir();
  }

  std::string InDir(const std::string& name) const { return dir_ + "/" + name; }

  void MoveIn(const std::string& name, const std::string& content) {
    const std::string staged = staging_ + "/" + name;
    WriteFile(staged, content);
    ASSERT_EQ(rename(staged.c_str(), InDir(name).c_str()), 0) << strerror(errno);
  }

  FileSelection Select(FileStreamMonitor& monitor) {
    absl::StatusOr<FileSelection> selection = monitor.SelectNewFiles();
    EXPECT_TRUE(selection.ok()) << selection.status();
    return selection.ok() ? *selection : FileSelection{};
  }

  std::string dir_;
  std::string staging_;
};

TEST_F(FileStreamMonitorTest, FilesPresentAtStartAreNeverSelected) {
  WriteFile(InDir("old.txt"), "old\n");
  FileStreamMonitor monitor(dir_);
  ASSERT_TRUE(monitor.Initialize().ok());
  EXPECT_THAT(Select(monitor).files, IsEmpty());
  AppendFile(InDir("old.txt"), "more\n");
  EXPECT_THAT(Select(monitor).files, IsEmpty());
}

TEST_F(FileStreamMonitorTest, NewFileIsSelectedOnceWithItsSize) {
  FileStreamMonitor monitor(dir_);
  ASSERT_TRUE(monitor.Initialize().ok());
  MoveIn("a.txt", "hello\n");
  FileSelection first = Select(monitor);
  ASSERT_EQ(first.files.size(), 1u);
  EXPECT_EQ(first.files[0].path, InDir("a.txt"));
  EXPECT_EQ(first.files[0].size, 6);
  EXPECT_THAT(first.warnings, IsEmpty());
  EXPECT_THAT(Select(monitor).files, IsEmpty());
  EXPECT_THAT(Select(monitor).files, IsEmpty());
}

TEST_F(FileStreamMonitorTest, FilesOfOneBatchAreSortedByPath) {
  FileStreamMonitor monitor(dir_);
  ASSERT_TRUE(monitor.Initialize().ok());
  for (const char* name : {"c", "a", "b", "a2"}) MoveIn(name, "x");
  EXPECT_THAT(Paths(Select(monitor)), ElementsAre(InDir("a"), InDir("a2"), InDir("b"), InDir("c")));
}

TEST_F(FileStreamMonitorTest, HiddenAndInProgressFilesAreIgnoredUntilRenamed) {
  FileStreamMonitor monitor(dir_);
  ASSERT_TRUE(monitor.Initialize().ok());
  MoveIn(".hidden", "x\n");
  MoveIn("part.csv._COPYING_", "x\n");
  MoveIn("other.csv.tmp", "x\n");
  FileSelection selection = Select(monitor);
  EXPECT_THAT(selection.files, IsEmpty());
  EXPECT_THAT(selection.warnings, IsEmpty());

  ASSERT_EQ(rename(InDir("part.csv._COPYING_").c_str(), InDir("part.csv").c_str()), 0);
  EXPECT_THAT(Paths(Select(monitor)), ElementsAre(InDir("part.csv")));
}

TEST_F(FileStreamMonitorTest, ChangesToAFileAlreadyReadAreIgnored) {
  FileStreamMonitor monitor(dir_);
  ASSERT_TRUE(monitor.Initialize().ok());
  MoveIn("a.txt", "one\n");
  ASSERT_EQ(Select(monitor).files.size(), 1u);

  AppendFile(InDir("a.txt"), "two\n");
  EXPECT_THAT(Select(monitor).files, IsEmpty());
  // An editor saving by rename gives the name a new inode: still the same file to the user.
  MoveIn("a.txt", "rewritten\n");
  EXPECT_THAT(Select(monitor).files, IsEmpty());
}

TEST_F(FileStreamMonitorTest, FileMovedInWithAnOldModificationTimeIsSelected) {
  FileStreamMonitor monitor(dir_);
  ASSERT_TRUE(monitor.Initialize().ok());
  const std::string staged = staging_ + "/old-mtime.txt";
  WriteFile(staged, "from yesterday\n");
  timeval an_hour_ago[2];
  gettimeofday(&an_hour_ago[0], nullptr);
  an_hour_ago[0].tv_sec -= 3600;
  an_hour_ago[1] = an_hour_ago[0];
  ASSERT_EQ(utimes(staged.c_str(), an_hour_ago), 0) << strerror(errno);
  ASSERT_EQ(rename(staged.c_str(), InDir("old-mtime.txt").c_str()), 0);

  EXPECT_THAT(Paths(Select(monitor)), ElementsAre(InDir("old-mtime.txt")));
}

bool CanOpen(const std::string& path) {
  const int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return false;
  close(fd);
  return true;
}

TEST_F(FileStreamMonitorTest, UnreadableFileIsReportedOnceAndNeverSelected) {
  FileStreamMonitor monitor(dir_);
  ASSERT_TRUE(monitor.Initialize().ok());
  MoveIn("readable.txt", "ok\n");
  MoveIn("secret.txt", "no\n");
  ASSERT_EQ(chmod(InDir("secret.txt").c_str(), 0), 0);

  absl::StatusOr<FileSelection> selection;
  {
    ScopedNoFileReadOverride no_override;
    if (CanOpen(InDir("secret.txt"))) {
      SLUICE_SKIP_FOR_ENVIRONMENT("cannot make a mode-000 file unreadable here (root whose CAP_DAC_OVERRIDE cannot be dropped)");
    }
    selection = monitor.SelectNewFiles();
  }
  ASSERT_TRUE(selection.ok()) << selection.status();
  EXPECT_THAT(Paths(*selection), ElementsAre(InDir("readable.txt")));
  EXPECT_THAT(selection->warnings,
              ElementsAre("skipping unreadable file " + InDir("secret.txt") + ": Permission denied"));

  // Made readable later, it is still not retried: it was reported once, in the batch it appeared in.
  ASSERT_EQ(chmod(InDir("secret.txt").c_str(), 0644), 0);
  FileSelection later = Select(monitor);
  EXPECT_THAT(later.files, IsEmpty());
  EXPECT_THAT(later.warnings, IsEmpty());
}

TEST_F(FileStreamMonitorTest, SubdirectoriesAndTheirContentsAreIgnored) {
  FileStreamMonitor monitor(dir_);
  ASSERT_TRUE(monitor.Initialize().ok());
  ASSERT_EQ(mkdir(InDir("sub").c_str(), 0755), 0);
  WriteFile(InDir("sub/inner.txt"), "x\n");
  FileSelection selection = Select(monitor);
  EXPECT_THAT(selection.files, IsEmpty());
  EXPECT_THAT(selection.warnings, IsEmpty());
}

TEST_F(FileStreamMonitorTest, SymlinksToRegularFilesAreFollowedOtherEntriesSkippedSilently) {
  FileStreamMonitor monitor(dir_);
  ASSERT_TRUE(monitor.Initialize().ok());
  WriteFile(staging_ + "/target.txt", "12345");
  ASSERT_EQ(symlink((staging_ + "/target.txt").c_str(), InDir("link.txt").c_str()), 0);
  ASSERT_EQ(symlink((staging_ + "/missing").c_str(), InDir("broken.txt").c_str()), 0);
  ASSERT_EQ(symlink(staging_.c_str(), InDir("dirlink").c_str()), 0);
  ASSERT_EQ(mkfifo(InDir("fifo").c_str(), 0644), 0);

  FileSelection selection = Select(monitor);
  ASSERT_EQ(selection.files.size(), 1u);
  EXPECT_EQ(selection.files[0].path, InDir("link.txt"));
  EXPECT_EQ(selection.files[0].size, 5);
  EXPECT_THAT(selection.warnings, IsEmpty());
}

TEST_F(FileStreamMonitorTest, FileDeletedAndRecreatedLaterIsNewAgain) {
  FileStreamMonitor monitor(dir_);
  ASSERT_TRUE(monitor.Initialize().ok());
  MoveIn("a.txt", "first\n");
  ASSERT_EQ(Select(monitor).files.size(), 1u);
  ASSERT_EQ(unlink(InDir("a.txt").c_str()), 0);
  EXPECT_THAT(Select(monitor).files, IsEmpty());
  EXPECT_THAT(monitor.SeenFiles(), IsEmpty());  // forgotten: memory stays bounded by the directory

  MoveIn("a.txt", "second\n");
  EXPECT_THAT(Paths(Select(monitor)), ElementsAre(InDir("a.txt")));
}

TEST_F(FileStreamMonitorTest, MissingOrNonDirectoryIsAnErrorNamingIt) {
  const std::string missing = dir_ + "/does-not-exist";
  FileStreamMonitor missing_monitor(missing);
  absl::Status status = missing_monitor.Initialize();
  EXPECT_EQ(status.code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(std::string(status.message()), HasSubstr(missing + " does not exist"));

  WriteFile(InDir("plain"), "x");
  FileStreamMonitor file_monitor(InDir("plain"));
  status = file_monitor.Initialize();
  EXPECT_FALSE(status.ok());
  EXPECT_THAT(std::string(status.message()), HasSubstr(InDir("plain") + " is not a directory"));
}

TEST_F(FileStreamMonitorTest, SelectingBeforeInitializeFails) {
  FileStreamMonitor monitor(dir_);
  EXPECT_EQ(monitor.SelectNewFiles().status().code(), absl::StatusCode::kFailedPrecondition);
}

TEST_F(FileStreamMonitorTest, DirectoryThatDisappearsIsAnErrorAndNothingIsForgotten) {
  FileStreamMonitor monitor(dir_);
  ASSERT_TRUE(monitor.Initialize().ok());
  MoveIn("a.txt", "x\n");
  ASSERT_EQ(Select(monitor).files.size(), 1u);

  const std::string away = dir_ + ".away";
  ASSERT_EQ(rename(dir_.c_str(), away.c_str()), 0);
  absl::StatusOr<FileSelection> gone = monitor.SelectNewFiles();
  EXPECT_EQ(gone.status().code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(std::string(gone.status().message()), HasSubstr(dir_));

  ASSERT_EQ(rename(away.c_str(), dir_.c_str()), 0);
  MoveIn("b.txt", "y\n");
  EXPECT_THAT(Paths(Select(monitor)), ElementsAre(InDir("b.txt")));
}

TEST_F(FileStreamMonitorTest, RestoredMonitorSelectsOnlyFilesItHasNotSeen) {
  WriteFile(InDir("old.txt"), "x");
  FileStreamMonitor before(dir_);
  ASSERT_TRUE(before.Initialize().ok());
  MoveIn("read.txt", "x");
  ASSERT_EQ(Select(before).files.size(), 1u);
  const std::vector<std::string> seen = before.SeenFiles();
  EXPECT_THAT(seen, ElementsAre("old.txt", "read.txt"));

  MoveIn("while-down.txt", "x");  // arrives while no monitor runs
  FileStreamMonitor after(dir_);
  after.Restore(seen);
  EXPECT_THAT(Paths(Select(after)), ElementsAre(InDir("while-down.txt")));
}

TEST_F(FileStreamMonitorTest, TrailingSlashInDirectoryGivesCleanPaths) {
  FileStreamMonitor monitor(dir_ + "/");
  ASSERT_TRUE(monitor.Initialize().ok());
  MoveIn("a.txt", "x");
  EXPECT_THAT(Paths(Select(monitor)), ElementsAre(InDir("a.txt")));
}

}  // namespace
}  // namespace sluice
