#!/bin/bash
# sluice-worker as a process: its flags, its exit codes, and a clean stop on SIGTERM and SIGINT.
set -u

WORKER="${TEST_SRCDIR}/sluice/worker/sluice-worker"
TMP="${TEST_TMPDIR:-$(mktemp -d)}"
# Port 1 on loopback: nothing listens there, so the worker keeps trying to register.
MASTER="127.0.0.1:1"
failures=0

fail() {
  echo "FAIL: $*"
  failures=$((failures + 1))
}

expect_exit() {  # expected_code stderr_substring args...
  local expected="$1" needle="$2"
  shift 2
  "$WORKER" "$@" >"$TMP/out" 2>"$TMP/err"
  local code=$?
  [[ $code == "$expected" ]] || fail "sluice-worker $* exited $code, expected $expected: $(cat "$TMP/err")"
  grep -qF -- "$needle" "$TMP/err" || fail "sluice-worker $*: stderr lacks '$needle': $(cat "$TMP/err")"
}

expect_exit 2 "--master HOST:PORT is required"
expect_exit 2 "unknown setting 'no.such'" --master "$MASTER" --conf no.such=1
# --conf is repeatable: a bad setting is found whether it comes first or last.
expect_exit 2 "unknown setting 'no.such'" --master "$MASTER" --conf rpc.timeout_ms=500 --conf no.such=1
expect_exit 2 "unknown setting 'no.such'" --master "$MASTER" --conf no.such=1 --conf rpc.timeout_ms=500
expect_exit 2 "bad value 'novalue' for flag --conf: expected name=value" --master "$MASTER" --conf novalue
expect_exit 2 "bad value 'abc' for flag --cores" --master "$MASTER" --cores abc
expect_exit 2 "$TMP/missing.conf" --master "$MASTER" --config-file "$TMP/missing.conf"
expect_exit 2 "unknown flag --no-such-flag" --master "$MASTER" --no-such-flag
expect_exit 2 "unexpected argument 'stray'" --master "$MASTER" stray
expect_exit 2 "setting 'log.level' must be one of" --master "$MASTER" --log-level loud
expect_exit 2 "setting 'log.level' must be one of" --master "$MASTER" --conf log.level=loud

# The setting log.level sets the level, and --log-level, like every named flag, wins over it: a worker at warn
# logs the unreachable master (a warning) but not that it listens (info).
log_level_applies() {  # log_name expect_info(yes|no) args...
  local log="$TMP/$1.log" expect_info="$2"
  shift 2
  "$WORKER" --master "$MASTER" --port 0 --work-dir "$TMP/work" "$@" 2>"$log" &
  local pid=$!
  for _ in $(seq 100); do
    grep -q "cannot reach master at $MASTER" "$log" && break
    sleep 0.1
  done
  grep -q "cannot reach master at $MASTER" "$log" || fail "$*: no warning about the unreachable master: $(cat "$log")"
  kill -TERM "$pid"
  wait "$pid"
  if [[ $expect_info == yes ]]; then
    grep -q "listening on" "$log" || fail "$*: no info line: $(cat "$log")"
  else
    grep -q "listening on" "$log" && fail "$*: an info line at level warn: $(cat "$log")"
  fi
}
log_level_applies conf-warn no --conf log.level=warn
echo "log.level = warn" >"$TMP/warn.conf"
log_level_applies file-warn no --config-file "$TMP/warn.conf"
log_level_applies flag-wins yes --config-file "$TMP/warn.conf" --conf log.level=warn --log-level info

# Runs a worker, waits until it listens, sends `signal`, and expects a clean exit 0.
run_and_stop() {
  local signal="$1" log="$TMP/worker-$1.log"
  echo "worker.heartbeat_interval_ms = 500" >"$TMP/worker.conf"
  "$WORKER" --master "$MASTER" --port 0 --cores 2 --work-dir "$TMP/work" --config-file "$TMP/worker.conf" \
    --conf rpc.timeout_ms=1000 --log-level info 2>"$log" &
  local pid=$!
  for _ in $(seq 100); do
    grep -q "listening on" "$log" && break
    sleep 0.1
  done
  grep -q "listening on 127.0.0.1:[0-9]* with 2 cores" "$log" || fail "the worker did not start: $(cat "$log")"
  for _ in $(seq 100); do
    grep -q "cannot reach master at $MASTER" "$log" && break
    sleep 0.1
  done
  grep -q "cannot reach master at $MASTER" "$log" || fail "no log line about the unreachable master: $(cat "$log")"
  kill "-$signal" "$pid"
  wait "$pid"
  local code=$?
  [[ $code == 0 ]] || fail "SIG$signal: exit code $code, expected 0: $(cat "$log")"
  grep -q "stopped" "$log" || fail "SIG$signal: no clean stop logged: $(cat "$log")"
}

run_and_stop TERM
run_and_stop INT

if [[ $failures -gt 0 ]]; then
  echo "$failures failure(s)"
  exit 1
fi
echo "PASS"
