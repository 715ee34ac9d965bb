#ifndef SLUICE_COMMON_CONFIG_H_
#define SLUICE_COMMON_CONFIG_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"

namespace sluice {

// Every setting of Sluice, with its default. `SettingsTable()` gives each a name and a one-line meaning;
// flags (`--conf name=value`), a config file (`name = value` lines) and the named flags of each binary all
// map onto these fields through `Config::Set`.
struct Config {
  // Master.
  std::string master_host = "0.0.0.0";
  int master_port = 7077;
  int master_webui_port = 8080;
  int64_t worker_timeout_ms = 4000;
  int64_t default_parallelism = 0;
  // Worker.
  std::string worker_host = "127.0.0.1";
  int worker_port = 0;
  int worker_cores = 0;
  std::string worker_work_dir = "/tmp/sluice-work";
  int64_t heartbeat_interval_ms = 1000;
  // Local mode.
  int local_webui_port = -1;
  // Receivers and input.
  int64_t block_interval_ms = 200;
  int64_t receiver_restart_delay_ms = 2000;
  int receiver_max_initial_connect_attempts = 3;
  int64_t max_record_bytes = 64 << 20;
  int64_t file_split_bytes = 64 << 20;
  // Data movement.
  int64_t shuffle_chunk_bytes = 1 << 20;
  int64_t max_message_bytes = 1 << 30;
  int64_t rpc_timeout_ms = 10000;
  // Applications.
  int64_t graceful_stop_timeout_ms = 0;
  int64_t held_output_timeout_ms = 60000;
  int64_t retained_batches = 1000;
  std::string app_clock = "system";  // "system" or "manual"
  int64_t manual_clock_batches = 0;
  std::string checkpoint_dir;          // empty: no checkpoints
  int64_t checkpoint_interval_ms = 0;  // 0: Spark's default for each stream

  // Sets a field from its text form; an unknown name or a malformed value is an error naming both.
  absl::Status Set(const std::string& name, const std::string& value);
  // Reads `name = value` lines; '#' starts a comment; blank lines are skipped.
  absl::Status LoadFile(const std::string& path);
  // Applies `name=value` pairs, as given to repeated --conf flags.
  absl::Status ApplyOverrides(const std::vector<std::string>& name_equals_value);
  std::string Get(const std::string& name) const;
};

struct SettingInfo {
  std::string name;
  std::string default_value;
  std::string meaning;
};

// The documented table of every setting, in the order of the struct.
std::vector<SettingInfo> SettingsTable();

}  // namespace sluice

#endif  // SLUICE_COMMON_CONFIG_H_
