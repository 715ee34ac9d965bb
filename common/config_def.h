// The one list of Sluice's settings. Every other form of a setting is generated from it: the fields of `Config`
// (common/config.h) with their defaults, the lookup table behind `Config::Set`/`Get`, and `SettingsTable()`,
// which `--help-settings` prints and the README's "## Settings" table must equal (common/settings_readme_test.cc).
//
//   SLUICE_SETTING(type, field, "name", default, "meaning"[, "choice", ...])
//
// `type` is std::string, int or int64_t; `field` names the member of Config; the meaning is one line of markdown
// (it is a cell of the README's table: no '|', no line break). Choices, when given, are the only values a string
// setting accepts.
//
// No include guard on purpose: an includer defines SLUICE_SETTING, includes this file, then undefines it.

#ifndef SLUICE_SETTING
#error "define SLUICE_SETTING(type, field, name, default_value, meaning, ...) before including common/config_def.h"
#endif

// Master.
SLUICE_SETTING(std::string, master_host, "master.host", "0.0.0.0", "Address the master's RPC and web servers bind to.")
SLUICE_SETTING(int, master_port, "master.port", 7077,
               "Port of the master's RPC service (workers and drivers connect here).")
SLUICE_SETTING(int, master_webui_port, "master.webui_port", 8080,
               "Port of the master's status page; 0 picks a free port, -1 disables it.")
SLUICE_SETTING(int64_t, worker_timeout_ms, "master.worker_timeout_ms", 4000,
               "A worker silent for this long is declared dead and its slots are no longer used.")
SLUICE_SETTING(int64_t, default_parallelism, "master.default_parallelism", 0,
               "Partitions of a shuffle that names none; 0 means max(2, total cores of the cluster).")
SLUICE_SETTING(int, task_max_attempts, "master.task_max_attempts", 3,
               "A failed task runs again until it has failed this many times; then its batch, and the application, "
               "fails (Spark's `spark.task.maxFailures`).")
SLUICE_SETTING(int64_t, max_tick_interval_ms, "master.max_tick_interval_ms", 500,
               "The master checks worker liveness, receivers and stop deadlines, and answers idle polls, every "
               "`worker.heartbeat_interval_ms` but at least this often.")
// Worker.
SLUICE_SETTING(std::string, worker_host, "worker.host", "127.0.0.1",
               "Address the worker binds to and advertises to the master.")
SLUICE_SETTING(int, worker_port, "worker.port", 0, "Port of the worker's RPC service; 0 picks a free port.")
SLUICE_SETTING(int, worker_cores, "worker.cores", 0,
               "Task slots of the worker (receivers hold one each); 0 means all cores.")
SLUICE_SETTING(std::string, worker_work_dir, "worker.work_dir", "/tmp/sluice-work",
               "Directory for the worker's job libraries and spilled data.")
SLUICE_SETTING(int64_t, heartbeat_interval_ms, "worker.heartbeat_interval_ms", 1000,
               "How often a worker tells the master it is alive.")
SLUICE_SETTING(int64_t, register_retry_ms, "worker.register_retry_ms", 1000,
               "A worker that cannot reach its master to register tries again this often, for as long as it takes.")
SLUICE_SETTING(int, report_attempts, "worker.report_attempts", 4,
               "Tries of each report to the master (blocks, receiver events, task results) before the worker logs "
               "it as lost.")
SLUICE_SETTING(int64_t, report_backoff_ms, "worker.report_backoff_ms", 200,
               "Wait before a report's first retry; each further retry waits twice as long as the one before.")
// Driver.
SLUICE_SETTING(int64_t, poll_wait_ms, "driver.poll_wait_ms", 1000,
               "The driver's poll for its application's events waits at most this long at the master for one.")
SLUICE_SETTING(int, max_poll_failures, "driver.max_poll_failures", 10,
               "The driver gives up on the master, failing the application, after this many failed polls in a row.")
SLUICE_SETTING(int64_t, poll_retry_delay_ms, "driver.poll_retry_delay_ms", 500,
               "After a failed poll the driver waits this long before the next.")
// Local mode.
SLUICE_SETTING(int, local_webui_port, "local.webui_port", -1,
               "Port of the status page of a `local[N]` run's in-process master; -1 disables it, 0 picks a free port.")
// Receivers and input.
SLUICE_SETTING(int64_t, block_interval_ms, "receiver.block_interval_ms", 200,
               "Receivers cut their records into a block this often (Spark's `spark.streaming.blockInterval`).")
SLUICE_SETTING(int, receiver_replication, "receiver.replication", 2,
               "Copies of each received block, on as many workers, stored before the block is reported (Spark's `MEMORY_AND_DISK_SER_2`); 1 keeps one.")
SLUICE_SETTING(int64_t, receiver_restart_delay_ms, "receiver.restart_delay_ms", 2000,
               "A receiver whose source closed or failed reconnects after this delay.")
SLUICE_SETTING(int, receiver_max_initial_connect_attempts, "receiver.max_initial_connect_attempts", 3,
               "A receiver that never connected gives up, failing the application, after this many attempts.")
SLUICE_SETTING(int64_t, max_record_bytes, "input.max_record_bytes", 64 << 20,
               "Longest accepted record (line); longer ones are dropped with an error.")
SLUICE_SETTING(int64_t, file_split_bytes, "input.file_split_bytes", 64 << 20,
               "Files of a file stream are read in splits of at most this size.")
// Data movement.
SLUICE_SETTING(int64_t, shuffle_chunk_bytes, "shuffle.chunk_bytes", 1 << 20,
               "Shuffle data moves between workers in chunks of about this size.")
SLUICE_SETTING(int64_t, max_message_bytes, "rpc.max_message_bytes", 1 << 30, "Largest RPC message accepted or sent.")
SLUICE_SETTING(int64_t, rpc_timeout_ms, "rpc.timeout_ms", 10000,
               "Deadline of control RPCs between the daemons and from the driver.")
SLUICE_SETTING(int, start_receiver_timeout_factor, "rpc.start_receiver_timeout_factor", 3,
               "Deadline of starting a receiver, in multiples of `rpc.timeout_ms`: the worker may first have to "
               "fetch and load the job library.")
SLUICE_SETTING(std::string, inject_failures, "rpc.inject_failures", "",
               "For tests: drop the request or the reply of named RPCs, e.g. `ReportBlocks:reply:n=1` "
               "(docs/rpc.md); empty: none.")
// Applications.
SLUICE_SETTING(int64_t, graceful_stop_timeout_ms, "app.graceful_stop_timeout_ms", 0,
               "Longest wait for received data to be processed on a graceful stop; 0 means 10 batch intervals.")
SLUICE_SETTING(int64_t, driver_timeout_ms, "app.driver_timeout_ms", 60000,
               "The master ends an application whose driver has not polled for this long (it died): receivers stop, slots and data go. A driver-side output (foreachRDD) must return sooner.")
SLUICE_SETTING(int64_t, held_output_timeout_ms, "app.held_output_timeout_ms", 60000,
               "After an application ends, how long workers keep `foreachRDD` data sets its driver has not released.")
SLUICE_SETTING(int64_t, retained_batches, "app.retained_batches", 1000,
               "Completed batches each application keeps for the status page.")
SLUICE_SETTING(std::string, app_clock, "app.clock", "system",
               "What generates batches: `system` (the wall clock) or `manual` (tests; Spark's `ManualClock`).",
               "system", "manual")
SLUICE_SETTING(int64_t, manual_clock_batches, "app.manual_clock.batches", 0,
               "With `app.clock=manual`: batches at 1, 2, ... N intervals, each as soon as the previous one completed; "
               "then the application stops.")
SLUICE_SETTING(std::string, checkpoint_dir, "app.checkpoint_dir", "",
               "Where state is checkpointed; `ssc.checkpoint(dir)` sets it.")
SLUICE_SETTING(int64_t, checkpoint_interval_ms, "app.checkpoint_interval_ms", 0,
               "How often state is checkpointed; 0: Spark's default (the smallest multiple of the slide that is at "
               "least 10 s; 10 slides for `mapWithState`).")
// Every process.
SLUICE_SETTING(std::string, log_level, "log.level", "info",
               "Level of the log on stderr: `trace`, `debug`, `info`, `warn`, `error` or `off` (`sluice-submit`'s "
               "default is `warn`).",
               "trace", "debug", "info", "warn", "error", "off")
