#include "tests/tools/flags.h"

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"

namespace sluice::tools {

void FlagSet::AddString(const std::string& name, std::string* target, const std::string& help) {
  Add(name, Kind::kString, target, help);
}

void FlagSet::AddInt(const std::string& name, int64_t* target, const std::string& help) {
  Add(name, Kind::kInt, target, help);
}

void FlagSet::AddDouble(const std::string& name, double* target, const std::string& help) {
  Add(name, Kind::kDouble, target, help);
}

void FlagSet::AddBool(const std::string& name, bool* target, const std::string& help) {
  Add(name, Kind::kBool, target, help);
}

void FlagSet::Add(const std::string& name, Kind kind, void* target, const std::string& help) {
  flags_[name] = Flag{kind, target, help};
  order_.push_back(name);
}

absl::Status FlagSet::Parse(const std::vector<std::string>& args) {
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg == "--help" || arg == "-h") {
      help_requested_ = true;
      continue;
    }
    if (arg.rfind("--", 0) != 0 || arg.size() == 2) {
      return absl::InvalidArgumentError(absl::StrCat("unexpected argument '", arg, "'"));
    }
    std::string name = arg.substr(2);
    std::string value;
    bool has_inline_value = false;
    if (size_t eq = name.find('='); eq != std::string::npos) {
      value = name.substr(eq + 1);
      name = name.substr(0, eq);
      has_inline_value = true;
    }
    auto it = flags_.find(name);
    if (it == flags_.end()) return absl::InvalidArgumentError(absl::StrCat("unknown flag --", name));
    if (it->second.kind == Kind::kBool && !has_inline_value) {
      value = "true";
    } else if (!has_inline_value) {
      if (i + 1 >= args.size()) return absl::InvalidArgumentError(absl::StrCat("flag --", name, " needs a value"));
      value = args[++i];
    }
    if (absl::Status status = Assign(name, it->second, value); !status.ok()) return status;
    set_.insert(name);
  }
  return absl::OkStatus();
}

absl::Status FlagSet::Assign(const std::string& name, const Flag& flag, const std::string& value) {
  bool ok = true;
  switch (flag.kind) {
    case Kind::kString:
      *static_cast<std::string*>(flag.target) = value;
      break;
    case Kind::kInt:
      ok = absl::SimpleAtoi(value, static_cast<int64_t*>(flag.target));
      break;
    case Kind::kDouble:
      ok = absl::SimpleAtod(value, static_cast<double*>(flag.target));
      break;
    case Kind::kBool:
      ok = absl::SimpleAtob(value, static_cast<bool*>(flag.target));
      break;
  }
  if (!ok) return absl::InvalidArgumentError(absl::StrCat("bad value '", value, "' for flag --", name));
  return absl::OkStatus();
}

std::string FlagSet::Usage() const {
  std::string usage = absl::StrCat("usage: ", synopsis_, "\n");
  for (const std::string& name : order_) {
    absl::StrAppend(&usage, "  --", name, "  ", flags_.at(name).help, "\n");
  }
  return usage;
}

std::vector<std::string> ArgsAfterProgram(int argc, char** argv) {
  return std::vector<std::string>(argv + (argc > 0 ? 1 : 0), argv + argc);
}

}  // namespace sluice::tools
