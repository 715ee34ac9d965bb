#!/usr/bin/env bash
# Usage: bazel test //deploy:daemon_scripts_test
# Exercises start-master.sh, start-worker.sh and stop-all.sh against stand-in daemons (SLUICE_BIN_DIR): pid and
# log files, the master URL, refusing a second master, worker numbering, stale pid files, and stop-all's
# SIGTERM-then-SIGKILL.
set -euo pipefail

RUNFILES="${TEST_SRCDIR:-$PWD/..}/${TEST_WORKSPACE:-sluice}"
DEPLOY="$RUNFILES/deploy"
WORK="$(mktemp -d "${TEST_TMPDIR:-/tmp}/daemon_scripts_test.XXXXXX")"
export TEXT_SERVER="$RUNFILES/tests/tools/sluice-text-server"
export SLUICE_BIN_DIR="$WORK/bin" SLUICE_LOG_DIR="$WORK/logs" SLUICE_PID_DIR="$WORK/pids" SLUICE_WORK_DIR="$WORK/work"
MASTER_PORT=$((20000 + RANDOM % 30000))
BYSTANDER_PID=""

cleanup() {
  "$DEPLOY/stop-all.sh" >/dev/null 2>&1 || true
  if [[ -n "$BYSTANDER_PID" ]]; then kill "$BYSTANDER_PID" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

fail() {
  echo "FAIL: $*" >&2
  exit 1
}

# run EXPECTED_STATUS SCRIPT ARGS...: runs a deploy script, keeping its output in $WORK/out.
run() {
  local expected="$1" status=0
  shift
  "$DEPLOY/$1" "${@:2}" >"$WORK/out" 2>&1 || status=$?
  [[ "$status" == "$expected" ]] || fail "$* exited $status, expected $expected: $(cat "$WORK/out")"
}

expect_output() { grep -qF -- "$1" "$WORK/out" || fail "expected '$1' in: $(cat "$WORK/out")"; }

pid_alive() { kill -0 "$1" 2>/dev/null; }
pid_gone() { ! pid_alive "$1"; }
# log_has FILE TEXT: the file exists and holds the text.
log_has() { grep -qF -- "$2" "$1" 2>/dev/null; }

# eventually CMD ARGS...: polls CMD every 0.1 s until it succeeds; false if it never does within 30 s (a bound
# for a loaded machine: the conditions polled for normally hold within milliseconds).
eventually() {
  local deadline=$((SECONDS + 30))
  until "$@"; do
    ((SECONDS < deadline)) || return 1
    sleep 0.1
  done
}

make_stand_ins() {
  mkdir -p "$SLUICE_BIN_DIR"
  # The master listens on --port (through the text server) so start-master.sh can see it come up.
  cat >"$SLUICE_BIN_DIR/sluice-master" <<'FAKE'
#!/usr/bin/env bash
port=7077
while [[ $# -gt 0 ]]; do
  if [[ "$1" == --port ]]; then port="$2"; shift; fi
  shift
done
"$TEXT_SERVER" --port "$port" --lines x --repeat 0 --lines-per-second 1 &
child=$!
trap 'kill -TERM "$child"; wait "$child"; exit 0' TERM
wait "$child"
FAKE
  cat >"$SLUICE_BIN_DIR/sluice-worker" <<'FAKE'
#!/usr/bin/env bash
echo "worker args: $*"
if [[ -e "$SLUICE_BIN_DIR/workers-ignore-sigterm" ]]; then trap '' TERM; fi
while true; do sleep 0.2; done
FAKE
  chmod +x "$SLUICE_BIN_DIR/sluice-master" "$SLUICE_BIN_DIR/sluice-worker"
}

test_missing_binary_says_how_to_build() {
  SLUICE_BIN_DIR="$WORK/empty" run 1 start-master.sh --port "$MASTER_PORT"
  expect_output "not found"
}

test_start_master() {
  # A stale pid file naming an unrelated live process must neither block the start nor get that process killed.
  sleep 300 &
  BYSTANDER_PID=$!
  mkdir -p "$SLUICE_PID_DIR"
  echo "$BYSTANDER_PID" >"$SLUICE_PID_DIR/sluice-master.pid"

  run 0 start-master.sh --host 127.0.0.1 --port "$MASTER_PORT" --webui-port 18080
  expect_output "master URL: sluice://127.0.0.1:$MASTER_PORT"
  expect_output "$SLUICE_LOG_DIR/sluice-master.log"
  MASTER_PID="$(cat "$SLUICE_PID_DIR/sluice-master.pid")"
  if [[ "$MASTER_PID" == "$BYSTANDER_PID" ]] || ! pid_alive "$MASTER_PID"; then fail "no live master pid"; fi
  grep -qF -- "--port $MASTER_PORT --webui-port 18080 --host 127.0.0.1" "$SLUICE_LOG_DIR/sluice-master.log" ||
    fail "master not started with the given flags: $(cat "$SLUICE_LOG_DIR/sluice-master.log")"

  run 1 start-master.sh --port "$MASTER_PORT"
  expect_output "already running as pid $MASTER_PID"
  run 2 start-master.sh --bogus
}

test_start_workers() {
  run 0 start-worker.sh "sluice://127.0.0.1:$MASTER_PORT" --cores 2
  run 0 start-worker.sh "127.0.0.1:$MASTER_PORT" --cores 1 --port 0 --work-dir "$WORK/custom"
  WORKER1_PID="$(cat "$SLUICE_PID_DIR/sluice-worker-1.pid")"
  WORKER2_PID="$(cat "$SLUICE_PID_DIR/sluice-worker-2.pid")"
  if ! pid_alive "$WORKER1_PID" || ! pid_alive "$WORKER2_PID"; then fail "workers not running"; fi
  # The stand-in logs its arguments as it starts.
  eventually log_has "$SLUICE_LOG_DIR/sluice-worker-1.log" "worker args:" || fail "worker 1 logged nothing"
  eventually log_has "$SLUICE_LOG_DIR/sluice-worker-2.log" "worker args:" || fail "worker 2 logged nothing"
  grep -qF "worker args: --master 127.0.0.1:$MASTER_PORT --work-dir $SLUICE_WORK_DIR/worker-1 --cores 2" \
    "$SLUICE_LOG_DIR/sluice-worker-1.log" || fail "worker 1 args: $(cat "$SLUICE_LOG_DIR/sluice-worker-1.log")"
  grep -qF "worker args: --master 127.0.0.1:$MASTER_PORT --work-dir $WORK/custom --cores 1 --port 0" \
    "$SLUICE_LOG_DIR/sluice-worker-2.log" || fail "worker 2 args: $(cat "$SLUICE_LOG_DIR/sluice-worker-2.log")"
  run 2 start-worker.sh not-a-host-port
  run 2 start-worker.sh
}

test_stop_all() {
  run 0 stop-all.sh
  expect_output "stopped 3 daemon(s)"
  local pid
  for pid in "$MASTER_PID" "$WORKER1_PID" "$WORKER2_PID"; do
    ! pid_alive "$pid" || fail "pid $pid survived stop-all.sh"
  done
  [[ -z "$(ls -A "$SLUICE_PID_DIR")" ]] || fail "pid files left: $(ls "$SLUICE_PID_DIR")"
  pid_alive "$BYSTANDER_PID" || fail "stop-all.sh killed an unrelated process"
  run 0 stop-all.sh
  expect_output "no sluice daemons running"
}

test_stop_all_kills_what_ignores_sigterm() {
  touch "$SLUICE_BIN_DIR/workers-ignore-sigterm"
  run 0 start-worker.sh "127.0.0.1:$MASTER_PORT"
  local pid
  pid="$(cat "$SLUICE_PID_DIR/sluice-worker-1.pid")"
  run 0 stop-all.sh
  expect_output "did not exit within 10 s; killing it"
  eventually pid_gone "$pid" || fail "the worker ignoring SIGTERM survived"
}

make_stand_ins
test_missing_binary_says_how_to_build
test_start_master
test_start_workers
test_stop_all
test_stop_all_kills_what_ignores_sigterm
echo "PASS"
