#!/usr/bin/env bash
# Usage: deploy/start-worker.sh <master host:port | sluice://host:port> [--cores N] [--port P] [--work-dir D]
#                               [--host H]
#
# Starts one more sluice-worker in the background (like Spark's sbin/start-worker.sh). Worker n (the first
# n = 1, 2, ... without a live pid file) logs to $SLUICE_LOG_DIR/sluice-worker-<n>.log, keeps its pid in
# $SLUICE_PID_DIR/sluice-worker-<n>.pid and, unless --work-dir is given, works in
# ${SLUICE_WORK_DIR:-$SLUICE_HOME/work}/worker-<n>. Several workers on one machine need distinct --port values
# unless the worker picks a free port by default. On a multi-machine cluster give --host, the address the worker
# binds and advertises to the master and drivers.
# See sluice-env.sh for SLUICE_HOME, SLUICE_BIN_DIR, SLUICE_LOG_DIR, SLUICE_PID_DIR.
set -euo pipefail
# shellcheck source=SCRIPTDIR/sluice-env.sh
source "$(dirname "${BASH_SOURCE[0]}")/sluice-env.sh"

usage() {
  sed -n '2,/^set -euo/p' "$0" | sed -e '/^set -euo/d' -e 's/^# \{0,1\}//' >&2
  exit 2
}

[[ $# -ge 1 && "$1" != -* ]] || usage
master="${1#sluice://}"
shift
[[ "$master" =~ ^[^:/]+:[0-9]+$ ]] || { echo "start-worker.sh: the master must be host:port, got '$master'" >&2; usage; }

extra=()
work_dir=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --cores | --port | --host) [[ $# -ge 2 ]] || usage; extra+=("$1" "$2"); shift 2 ;;
    --work-dir) [[ $# -ge 2 ]] || usage; work_dir="$2"; shift 2 ;;
    -h | --help) usage ;;
    *) echo "start-worker.sh: unknown argument '$1'" >&2; usage ;;
  esac
done

binary="$(sluice_binary sluice-worker worker)"

n=1
while sluice_running "$SLUICE_PID_DIR/sluice-worker-$n.pid" sluice-worker; do
  n=$((n + 1))
done
pid_file="$SLUICE_PID_DIR/sluice-worker-$n.pid"
log_file="$SLUICE_LOG_DIR/sluice-worker-$n.log"
work_dir="${work_dir:-${SLUICE_WORK_DIR:-$SLUICE_HOME/work}/worker-$n}"
mkdir -p "$work_dir"

sluice_start "sluice-worker-$n" "$pid_file" "$log_file" \
  "$binary" --master "$master" --work-dir "$work_dir" "${extra[@]}"
sluice_await_start "sluice-worker-$n" "$pid_file" "$log_file"
echo "worker $n registers with master $master"
