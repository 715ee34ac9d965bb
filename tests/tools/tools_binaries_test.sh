#!/usr/bin/env bash
# Usage: bazel test //tests/tools:tools_binaries_test
# Runs sluice-text-server and sluice-zipf-text as real processes: exit codes, --port-file, --exit-when-done,
# clean exit on SIGINT/SIGTERM, and deterministic Zipf output.
set -euo pipefail

RUNFILES="${TEST_SRCDIR:-$PWD/..}/${TEST_WORKSPACE:-sluice}"
TEXT_SERVER="$RUNFILES/tests/tools/sluice-text-server"
ZIPF_TEXT="$RUNFILES/tests/tools/sluice-zipf-text"
WORK="$(mktemp -d "${TEST_TMPDIR:-/tmp}/tools_binaries_test.XXXXXX")"
SERVER_PID=""

cleanup() {
  if [[ -n "$SERVER_PID" ]] && kill -0 "$SERVER_PID" 2>/dev/null; then kill -KILL "$SERVER_PID" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

fail() {
  echo "FAIL: $*" >&2
  exit 1
}

# expect_exit CODE COMMAND...: runs COMMAND and checks its exit status.
expect_exit() {
  local expected="$1"
  shift
  local actual=0
  "$@" >"$WORK/out" 2>"$WORK/err" || actual=$?
  [[ "$actual" == "$expected" ]] || fail "'$*' exited $actual, expected $expected; stderr: $(cat "$WORK/err")"
}

# wait_for_file PATH: polls up to 10 s.
wait_for_file() {
  for _ in $(seq 100); do
    [[ -s "$1" ]] && return 0
    sleep 0.1
  done
  fail "$1 did not appear"
}

# wait_exit PID: waits up to 10 s for PID to end and sets EXIT_STATUS (not printed: `wait` only works in the
# shell that started PID, never in a $(...) subshell).
wait_exit() {
  for _ in $(seq 100); do
    if ! kill -0 "$1" 2>/dev/null; then
      EXIT_STATUS=0
      wait "$1" || EXIT_STATUS=$?
      return 0
    fi
    sleep 0.1
  done
  fail "process $1 did not exit within 10 s"
}

# start_server ARGS...: starts the server in the background with a fresh port file; sets SERVER_PID and PORT.
start_server() {
  rm -f "$WORK/port"
  "$TEXT_SERVER" --port 0 --port-file "$WORK/port" "$@" 2>>"$WORK/server.log" &
  SERVER_PID=$!
  wait_for_file "$WORK/port"
  PORT="$(cat "$WORK/port")"
}

read_all_from_server() {
  exec 3<>"/dev/tcp/127.0.0.1/$PORT"
  timeout 10 cat <&3
  exec 3<&-
}

test_bad_flags_exit_2() {
  expect_exit 2 "$TEXT_SERVER" --bogus
  grep -q "unknown flag --bogus" "$WORK/err" || fail "no clear message for --bogus"
  expect_exit 2 "$TEXT_SERVER" --lines "a"
  grep -q -- "--port is required" "$WORK/err" || fail "no clear message for a missing --port"
  expect_exit 2 "$TEXT_SERVER" --port 0 --lines a --repeat=-1
  expect_exit 0 "$TEXT_SERVER" --help
  grep -q "usage: sluice-text-server" "$WORK/out" || fail "--help printed no usage"
}

test_missing_file_exits_1() {
  expect_exit 1 "$TEXT_SERVER" --port 0 --file "$WORK/no-such-file"
}

test_exit_when_done_after_one_client() {
  printf 'first line\nsecond line\n' >"$WORK/text"
  start_server --file "$WORK/text" --repeat 2 --exit-when-done
  [[ "$PORT" =~ ^[0-9]+$ && "$PORT" -gt 0 ]] || fail "bad port file contents '$PORT'"
  local received
  received="$(read_all_from_server)"
  [[ "$received" == $'first line\nsecond line\nfirst line\nsecond line' ]] || fail "received '$received'"
  wait_exit "$SERVER_PID"
  [[ "$EXIT_STATUS" == 0 ]] || fail "--exit-when-done exited $EXIT_STATUS"
}

test_stop_signals_exit_0() {
  local signal
  for signal in TERM INT; do
    start_server --lines "tick,tock" --repeat 0 --lines-per-second 20
    kill "-$signal" "$SERVER_PID"
    wait_exit "$SERVER_PID"
    [[ "$EXIT_STATUS" == 0 ]] || fail "SIG$signal made the server exit $EXIT_STATUS"
  done
}

test_zipf_text_is_deterministic() {
  expect_exit 0 "$ZIPF_TEXT" --bytes 5000 --seed 3 --out "$WORK/a"
  expect_exit 0 "$ZIPF_TEXT" --bytes 5000 --seed 3 --out "$WORK/b"
  expect_exit 0 "$ZIPF_TEXT" --bytes 5000 --seed 4 --out "$WORK/c"
  cmp -s "$WORK/a" "$WORK/b" || fail "the same seed gave different text"
  ! cmp -s "$WORK/a" "$WORK/c" || fail "different seeds gave the same text"
  [[ "$(stat -c %s "$WORK/a")" -ge 5000 ]] || fail "fewer bytes than --bytes"
  expect_exit 2 "$ZIPF_TEXT" --seed 3 --out "$WORK/a"
  expect_exit 2 "$ZIPF_TEXT" --bytes 10 --out "$WORK/a" --vocabulary 0
}

test_bad_flags_exit_2
test_missing_file_exits_1
test_exit_when_done_after_one_client
test_stop_signals_exit_0
test_zipf_text_is_deterministic
echo "PASS"
