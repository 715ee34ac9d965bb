#include "driver/master_url.h"

#include <thread>

#include "absl/strings/match.h"
#include "absl/strings/strip.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"

namespace sluice {

absl::StatusOr<MasterUrl> ParseMasterUrl(const std::string& url) {
  auto invalid = [&url] {
    return absl::InvalidArgumentError(absl::StrCat(
        "invalid master '", url, "': expected local, local[N], local[*] or sluice://host:port"));
  };
  MasterUrl parsed;
  absl::string_view text = url;
  if (text == "local") {
    parsed.local = true;
    parsed.local_slots = 1;
    return parsed;
  }
  if (absl::ConsumePrefix(&text, "local[") && absl::ConsumeSuffix(&text, "]")) {
    parsed.local = true;
    if (text == "*") {
      parsed.local_slots = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    } else if (!absl::SimpleAtoi(text, &parsed.local_slots) || parsed.local_slots <= 0) {
      return invalid();
    }
    return parsed;
  }
  text = url;
  if (absl::ConsumePrefix(&text, "sluice://")) {
    size_t colon = text.rfind(':');
    int port = 0;
    if (colon == absl::string_view::npos || colon == 0 || !absl::SimpleAtoi(text.substr(colon + 1), &port) ||
        port <= 0 || port > 65535) {
      return invalid();
    }
    parsed.address = std::string(text);
    return parsed;
  }
  return invalid();
}

}  // namespace sluice
