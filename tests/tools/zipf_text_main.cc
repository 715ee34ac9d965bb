// sluice-zipf-text: writes benchmark text of Zipf-distributed words.
//   sluice-zipf-text --bytes N [--vocabulary 50000] [--line-bytes 100] [--exponent 1.0] [--seed S] --out FILE
// --out - writes to stdout. Exit codes: 0 written, 1 cannot write, 2 bad flags.
#include <cstdio>
#include <fstream>
#include <iostream>

#include "tests/tools/flags.h"
#include "tests/tools/zipf_generator.h"

namespace {

constexpr char kSynopsis[] =
    "sluice-zipf-text --bytes N [--vocabulary 50000] [--line-bytes 100] [--exponent 1.0] [--seed S] --out FILE";

int UsageError(const std::string& message, const std::string& usage) {
  std::fprintf(stderr, "sluice-zipf-text: %s\n%s", message.c_str(), usage.c_str());
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  sluice::tools::ZipfTextOptions options;
  int64_t seed = 1;
  std::string out_path;
  sluice::tools::FlagSet flags(kSynopsis);
  flags.AddInt("bytes", &options.bytes, "write at least this many bytes (required)");
  flags.AddInt("vocabulary", &options.vocabulary, "number of distinct words (default 50000)");
  flags.AddInt("line-bytes", &options.line_bytes, "approximate line length including '\\n' (default 100)");
  flags.AddDouble("exponent", &options.exponent, "Zipf exponent s (default 1.0)");
  flags.AddInt("seed", &seed, "random seed; the same seed gives the same text (default 1)");
  flags.AddString("out", &out_path, "output file, - for stdout (required)");
  if (absl::Status status = flags.Parse(sluice::tools::ArgsAfterProgram(argc, argv)); !status.ok()) {
    return UsageError(std::string(status.message()), flags.Usage());
  }
  if (flags.help_requested()) {
    std::fputs(flags.Usage().c_str(), stdout);
    return 0;
  }
  if (!flags.WasSet("bytes")) return UsageError("--bytes is required", flags.Usage());
  if (out_path.empty()) return UsageError("--out is required", flags.Usage());
  options.seed = static_cast<uint64_t>(seed);
  if (absl::Status status = sluice::tools::ValidateZipfTextOptions(options); !status.ok()) {
    return UsageError(std::string(status.message()), flags.Usage());
  }

  absl::Status written;
  if (out_path == "-") {
    written = sluice::tools::WriteZipfText(options, std::cout);
  } else {
    std::ofstream out(out_path, std::ios::binary | std::ios::trunc);
    if (!out) {
      std::fprintf(stderr, "sluice-zipf-text: cannot open '%s' for writing\n", out_path.c_str());
      return 1;
    }
    written = sluice::tools::WriteZipfText(options, out);
  }
  if (!written.ok()) {
    std::fprintf(stderr, "sluice-zipf-text: %s\n", std::string(written.message()).c_str());
    return 1;
  }
  return 0;
}
