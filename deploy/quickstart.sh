#!/usr/bin/env bash
# Usage: deploy/quickstart.sh
#
# Sluice in one command: installs the dependencies, builds, starts a text server that sends a few sample lines
# (~20 lines/s) and runs the network word count on it in local mode (sluice-submit --master local[2]) for
# about 6 seconds (SLUICE_QUICKSTART_SECONDS), i.e. ~5 one-second batches, then stops it with SIGINT as a user
# would with Ctrl-C. What you see is sluice-submit's output: the word counts of each batch.
# Exits with sluice-submit's exit status (0 expected).
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$REPO_ROOT"

RUN_SECONDS="${SLUICE_QUICKSTART_SECONDS:-6}"
TEXT_SERVER=bazel-bin/tests/tools/sluice-text-server
SUBMIT=bazel-bin/driver/sluice-submit
JOB=bazel-bin/driver/examples/network_wordcount.so
SAMPLE_LINES="hello world,hello sluice,sluice counts words in micro-batches,hello again world,streams of words"

WORK_DIR="$(mktemp -d /tmp/sluice-quickstart.XXXXXX)"
TEXT_SERVER_PID=""
SUBMIT_PID=""

say() { echo "quickstart: $*" >&2; }

# wait_gone PID SECONDS: true once PID has exited, false if it still runs after SECONDS.
wait_gone() {
  local pid="$1" ticks=$(($2 * 10))
  while ((ticks-- > 0)); do
    kill -0 "$pid" 2>/dev/null || return 0
    sleep 0.1
  done
  ! kill -0 "$pid" 2>/dev/null
}

# stop_gracefully PID: SIGINT (what Ctrl-C sends), then SIGTERM after 20 s, then SIGKILL after 10 s more.
stop_gracefully() {
  local pid="$1"
  kill -0 "$pid" 2>/dev/null || return 0
  kill -INT "$pid" 2>/dev/null || true
  wait_gone "$pid" 20 && return 0
  say "pid $pid still running 20 s after SIGINT; sending SIGTERM"
  kill -TERM "$pid" 2>/dev/null || true
  wait_gone "$pid" 10 && return 0
  kill -KILL "$pid" 2>/dev/null || true
}

# shellcheck disable=SC2317  # run by the EXIT trap
cleanup() {
  if [[ -n "$SUBMIT_PID" ]]; then stop_gracefully "$SUBMIT_PID"; fi
  if [[ -n "$TEXT_SERVER_PID" ]] && kill -0 "$TEXT_SERVER_PID" 2>/dev/null; then
    kill -TERM "$TEXT_SERVER_PID" 2>/dev/null || true
    wait_gone "$TEXT_SERVER_PID" 5 || kill -KILL "$TEXT_SERVER_PID" 2>/dev/null || true
  fi
  rm -rf "$WORK_DIR"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

"$REPO_ROOT/deploy/install-deps.sh"
say "building"
bazel build //master:sluice-master //worker:sluice-worker //driver:sluice-submit \
  //driver/examples:network_wordcount.so //tests/tools:sluice-text-server

"$TEXT_SERVER" --port 0 --port-file "$WORK_DIR/port" --lines "$SAMPLE_LINES" --repeat 0 --lines-per-second 20 \
  2>"$WORK_DIR/text-server.log" &
TEXT_SERVER_PID=$!
for _ in $(seq 1 100); do
  [[ -s "$WORK_DIR/port" ]] && break
  kill -0 "$TEXT_SERVER_PID" 2>/dev/null || break
  sleep 0.1
done
[[ -s "$WORK_DIR/port" ]] || { say "the text server did not start:"; cat "$WORK_DIR/text-server.log" >&2; exit 1; }
PORT="$(cat "$WORK_DIR/port")"
say "text server on localhost:$PORT sends ~20 lines/s"

say "running: $SUBMIT --master local[2] $JOB localhost $PORT 1"
# bash starts background commands with SIGINT ignored (and keeps it ignored if this script inherited it so);
# a program that waits for signals with sigwait() would then never see our SIGINT, so restore the default.
env --default-signal=INT "$SUBMIT" --master 'local[2]' "$JOB" localhost "$PORT" 1 &
SUBMIT_PID=$!

if wait_gone "$SUBMIT_PID" "$RUN_SECONDS"; then
  status=0
  wait "$SUBMIT_PID" || status=$?
  SUBMIT_PID=""
  say "sluice-submit ended on its own within ${RUN_SECONDS}s, with status $status"
  exit "$status"
fi

say "stopping sluice-submit with SIGINT"
stop_gracefully "$SUBMIT_PID"
status=0
wait "$SUBMIT_PID" || status=$?
SUBMIT_PID=""
say "sluice-submit exited with status $status"
exit "$status"
