#ifndef SLUICE_RUNTIME_TEXT_FILE_OUTPUT_H_
#define SLUICE_RUNTIME_TEXT_FILE_OUTPUT_H_

// saveAsTextFiles: every batch becomes a directory of text files, as Spark writes them, that appears complete
// or not at all. Workers write the part files into a hidden staging directory beside the final one; the driver,
// once every task of the batch has succeeded, adds _SUCCESS and renames the staging directory to the final
// name. So the prefix must be on a file system that the workers and the driver share (as HDFS is for Spark),
// and is best absolute: a relative one resolves against each process's own working directory.

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "common/display.h"
#include "common/time.h"
#include "runtime/node.h"

namespace sluice {

// The directory of one batch: prefix-<ms>.suffix, or prefix-<ms> when the suffix is empty (Spark's naming).
inline std::string TextFilesBatchDirectory(const std::string& prefix, const std::string& suffix, Time batch_time) {
  std::string directory = prefix + "-" + std::to_string(batch_time.milliseconds());
  if (!suffix.empty()) directory += "." + suffix;
  return directory;
}

// Where the batch's part files wait for the commit: ".<name>.staging" beside the batch directory. Hidden, so
// a textFileStream watching the same directory never picks up a half-written batch.
std::string TextFilesStagingDirectory(const std::string& batch_directory);

// One partition's part file. The lines go to a temporary file named after the attempt in the staging
// directory; Commit() renames it to part-NNNNN, so a retried attempt replaces an earlier one whole. Every
// failure throws std::runtime_error naming the path and the system's reason, which fails the task.
// Defined in the processes that run jobs, not in job libraries.
class TextPartFile {
 public:
  TextPartFile(const std::string& batch_directory, int32_t partition, int32_t attempt);
  ~TextPartFile();  // an uncommitted file (a failed task) is removed
  TextPartFile(const TextPartFile&) = delete;
  TextPartFile& operator=(const TextPartFile&) = delete;

  void AppendLine(std::string_view line);
  void Commit();

 private:
  void Flush();

  std::string temp_path_;
  std::string part_path_;
  int fd_ = -1;
  std::string buffer_;
};

// The driver's commit of one batch: writes _SUCCESS into the staging directory and renames it to
// `batch_directory`, replacing a directory of that name (a batch run again). Throws std::runtime_error naming
// the path and the system's reason, which fails the application.
void CommitTextFilesBatch(const std::string& batch_directory);

// The part file sink: each record is one line of its display string, as Spark writes toString.
template <class T>
class TextPartSink final : public Sink<T> {
 public:
  TextPartSink(const std::string& batch_directory, const OutputTaskContext& task, ResultBuffer& out)
      : file_(batch_directory, task.partition, task.attempt), out_(out) {}

  void Push(T&& value) override {
    file_.AppendLine(ToDisplayString(value));
    ++out_.seen;  // the task's records_out; nothing goes back to the driver
  }
  void Finish() override { file_.Commit(); }

 private:
  TextPartFile file_;
  ResultBuffer& out_;
};

// The node of saveAsTextFiles(prefix, suffix); its records are its parent's. Params: "prefix", "suffix".
template <class T>
class TextFileOutputNode final : public TypedNode<T> {
 public:
  explicit TextFileOutputNode(NodeDescription description)
      : TypedNode<T>(std::move(description)), prefix_(Param("prefix")), suffix_(Param("suffix")) {}

  std::unique_ptr<AnySink> MakeResultSink(int /*parent_index*/, const OutputTaskContext& task,
                                          ResultBuffer& out) const override {
    return std::make_unique<TextPartSink<T>>(BatchDirectory(task.batch_time), task, out);
  }

  // Called once every task of the batch has succeeded, so the staging directory holds every part file.
  bool OnDriverResults(Time batch_time, std::string_view /*encoded_records*/) const override {
    CommitTextFilesBatch(BatchDirectory(batch_time));
    return true;
  }

  std::string BatchDirectory(Time batch_time) const { return TextFilesBatchDirectory(prefix_, suffix_, batch_time); }

 private:
  std::string Param(const std::string& name) const {
    auto it = this->description().params.find(name);
    return it == this->description().params.end() ? std::string() : it->second;
  }

  std::string prefix_;
  std::string suffix_;
};

}  // namespace sluice

#endif  // SLUICE_RUNTIME_TEXT_FILE_OUTPUT_H_
