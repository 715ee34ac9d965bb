#include "common/config.h"

#include <algorithm>
#include <fstream>
#include <variant>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/strip.h"
#include "absl/strings/ascii.h"

namespace sluice {
namespace {

using Field = std::variant<std::string Config::*, int Config::*, int64_t Config::*>;

struct Setting {
  const char* name;
  Field field;
  const char* meaning;
  std::vector<std::string> choices = {};  // the only values accepted, when not empty
};

const std::vector<Setting>& Settings() {
  static const std::vector<Setting> settings = {
      {"master.host", &Config::master_host, "Address the master's RPC and web servers bind to."},
      {"master.port", &Config::master_port, "Port of the master's RPC service (workers and drivers connect here)."},
      {"master.webui_port", &Config::master_webui_port, "Port of the master's status page; 0 picks a free port, -1 disables it."},
      {"master.worker_timeout_ms", &Config::worker_timeout_ms,
       "A worker silent for this long is declared dead and its slots are no longer used."},
      {"master.default_parallelism", &Config::default_parallelism,
       "Partitions of a shuffle that names none; 0 means max(2, total cores of the cluster)."},
      {"worker.host", &Config::worker_host, "Address the worker binds to and advertises to the master."},
      {"worker.port", &Config::worker_port, "Port of the worker's RPC service; 0 picks a free port."},
      {"worker.cores", &Config::worker_cores, "Task slots of the worker (receivers hold one each); 0 means all cores."},
      {"worker.work_dir", &Config::worker_work_dir, "Directory for the worker's job libraries and spilled data."},
      {"worker.heartbeat_interval_ms", &Config::heartbeat_interval_ms, "How often a worker tells the master it is alive."},
      {"local.webui_port", &Config::local_webui_port,
       "Port of the status page of a local[N] run's in-process master; -1 disables it, 0 picks a free port."},
      {"receiver.block_interval_ms", &Config::block_interval_ms,
       "Receivers cut their records into a block this often (Spark's spark.streaming.blockInterval)."},
      {"receiver.restart_delay_ms", &Config::receiver_restart_delay_ms,
       "A receiver whose source closed or failed reconnects after this delay."},
      {"receiver.max_initial_connect_attempts", &Config::receiver_max_initial_connect_attempts,
       "A receiver that never connected gives up, failing the application, after this many attempts."},
      {"input.max_record_bytes", &Config::max_record_bytes, "Longest accepted record (line); longer ones are dropped with an error."},
      {"input.file_split_bytes", &Config::file_split_bytes, "Files of a file stream are read in splits of at most this size."},
      {"shuffle.chunk_bytes", &Config::shuffle_chunk_bytes, "Shuffle data moves between workers in chunks of about this size."},
      {"rpc.max_message_bytes", &Config::max_message_bytes, "Largest RPC message accepted or sent."},
      {"rpc.timeout_ms", &Config::rpc_timeout_ms, "Deadline of control RPCs between the daemons."},
      {"app.graceful_stop_timeout_ms", &Config::graceful_stop_timeout_ms,
       "Longest wait for received data to be processed on a graceful stop; 0 means 10 batch intervals."},
      {"app.held_output_timeout_ms", &Config::held_output_timeout_ms,
       "After an application ends, how long workers keep foreachRDD data sets its driver has not released yet."},
      {"app.retained_batches", &Config::retained_batches, "Completed batches each application keeps for the status page."},
      {"app.clock", &Config::app_clock,
       "What generates batches: system (the wall clock) or manual (tests; Spark's ManualClock, spark.streaming.clock).",
       {"system", "manual"}},
      {"app.manual_clock.batches", &Config::manual_clock_batches,
       "With app.clock=manual: batches at 1, 2, ... N intervals, each as soon as the previous one completed; then the "
       "application stops."},
      {"app.checkpoint_dir", &Config::checkpoint_dir,
       "Directory the application's state is checkpointed to; ssc.checkpoint(dir) sets it (Spark's "
       "spark.streaming.checkpoint.directory)."},
      {"app.checkpoint_interval_ms", &Config::checkpoint_interval_ms,
       "How often state is checkpointed; 0 means Spark's default: the smallest multiple of the stream's slide that "
       "is at least 10 s, or 10 slides for mapWithState."},
  };
  return settings;
}

const Setting* FindSetting(const std::string& name) {
  for (const Setting& s : Settings()) {
    if (name == s.name) return &s;
  }
  return nullptr;
}

std::string FieldText(const Config& config, const Field& field) {
  return std::visit(
      [&config](auto member) -> std::string {
        const auto& value = config.*member;
        if constexpr (std::is_same_v<std::decay_t<decltype(value)>, std::string>) {
          return value;
        } else {
          return absl::StrCat(value);
        }
      },
      field);
}

}  // namespace

absl::Status Config::Set(const std::string& name, const std::string& value) {
  const Setting* setting = FindSetting(name);
  if (setting == nullptr) return absl::InvalidArgumentError(absl::StrCat("unknown setting '", name, "'"));
  return std::visit(
      [&](auto member) -> absl::Status {
        auto& field = this->*member;
        using T = std::decay_t<decltype(field)>;
        if constexpr (std::is_same_v<T, std::string>) {
          if (!setting->choices.empty() &&
              std::find(setting->choices.begin(), setting->choices.end(), value) == setting->choices.end()) {
            return absl::InvalidArgumentError(absl::StrCat("setting '", name, "' must be one of ",
                                                           absl::StrJoin(setting->choices, ", "), ", not '", value,
                                                           "'"));
          }
          field = value;
          return absl::OkStatus();
        } else {
          T parsed;
          if (!absl::SimpleAtoi(value, &parsed)) {
            return absl::InvalidArgumentError(
                absl::StrCat("setting '", name, "' wants a whole number, not '", value, "'"));
          }
          field = parsed;
          return absl::OkStatus();
        }
      },
      setting->field);
}

std::string Config::Get(const std::string& name) const {
  const Setting* setting = FindSetting(name);
  return setting ? FieldText(*this, setting->field) : std::string();
}

absl::Status Config::ApplyOverrides(const std::vector<std::string>& name_equals_value) {
  for (const std::string& pair : name_equals_value) {
    size_t eq = pair.find('=');
    if (eq == std::string::npos) {
      return absl::InvalidArgumentError(absl::StrCat("expected name=value, got '", pair, "'"));
    }
    absl::string_view text = pair;
    absl::Status status = Set(std::string(absl::StripAsciiWhitespace(text.substr(0, eq))),
                              std::string(absl::StripAsciiWhitespace(text.substr(eq + 1))));
    if (!status.ok()) return status;
  }
  return absl::OkStatus();
}

absl::Status Config::LoadFile(const std::string& path) {
  std::ifstream in(path);
  if (!in) return absl::NotFoundError(absl::StrCat("cannot read config file ", path));
  std::string line;
  for (int line_number = 1; std::getline(in, line); ++line_number) {
    absl::string_view text = line;
    if (size_t hash = text.find('#'); hash != absl::string_view::npos) text = text.substr(0, hash);
    text = absl::StripAsciiWhitespace(text);
    if (text.empty()) continue;
    absl::Status status = ApplyOverrides({std::string(text)});
    if (!status.ok()) {
      return absl::InvalidArgumentError(absl::StrCat(path, ":", line_number, ": ", status.message()));
    }
  }
  return absl::OkStatus();
}

std::vector<SettingInfo> SettingsTable() {
  Config defaults;
  std::vector<SettingInfo> table;
  for (const Setting& s : Settings()) table.push_back({s.name, FieldText(defaults, s.field), s.meaning});
  return table;
}

}  // namespace sluice
