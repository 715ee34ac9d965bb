#ifndef SLUICE_TESTS_TOOLS_FLAGS_H_
#define SLUICE_TESTS_TOOLS_FLAGS_H_

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"

namespace sluice::tools {

// A minimal command-line parser for the test tools: "--name value", "--name=value" and boolean "--name".
// Hand-rolled rather than absl/flags so that a bad flag yields a Status the tool can turn into exit code 2.
class FlagSet {
 public:
  // `synopsis` opens Usage(), e.g. "my-tool --in FILE [flags]".
  explicit FlagSet(std::string synopsis) : synopsis_(std::move(synopsis)) {}

  // Each target keeps its current value as the default. `help` shows up in Usage().
  void AddString(const std::string& name, std::string* target, const std::string& help);
  void AddInt(const std::string& name, int64_t* target, const std::string& help);
  void AddDouble(const std::string& name, double* target, const std::string& help);
  void AddBool(const std::string& name, bool* target, const std::string& help);

  // Parses `args` (argv without the program name). Unknown flags, missing or malformed values and positional
  // arguments are errors. "--help" sets help_requested() instead.
  absl::Status Parse(const std::vector<std::string>& args);

  bool WasSet(const std::string& name) const { return set_.count(name) > 0; }
  bool help_requested() const { return help_requested_; }
  std::string Usage() const;

 private:
  enum class Kind { kString, kInt, kDouble, kBool };
  struct Flag {
    Kind kind;
    void* target;
    std::string help;
  };

  void Add(const std::string& name, Kind kind, void* target, const std::string& help);
  absl::Status Assign(const std::string& name, const Flag& flag, const std::string& value);

  std::string synopsis_;
  std::map<std::string, Flag> flags_;
  std::vector<std::string> order_;
  std::set<std::string> set_;
  bool help_requested_ = false;
};

// argv[1..argc) as strings.
std::vector<std::string> ArgsAfterProgram(int argc, char** argv);

}  // namespace sluice::tools

#endif  // SLUICE_TESTS_TOOLS_FLAGS_H_
