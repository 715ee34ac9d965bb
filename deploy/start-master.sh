#!/usr/bin/env bash
# Usage: deploy/start-master.sh [--host H] [--port P] [--webui-port W]
#
# Starts sluice-master in the background (like Spark's sbin/start-master.sh), logging to
# $SLUICE_LOG_DIR/sluice-master.log with its pid in $SLUICE_PID_DIR/sluice-master.pid, and prints the master URL
# sluice://HOST:PORT for workers and sluice-submit. Refuses to start while a master from this pid file runs.
# Defaults also come from SLUICE_MASTER_HOST, SLUICE_MASTER_PORT (7077), SLUICE_MASTER_WEBUI_PORT (8080).
# See sluice-env.sh for SLUICE_HOME, SLUICE_BIN_DIR, SLUICE_LOG_DIR, SLUICE_PID_DIR.
set -euo pipefail
# shellcheck source=SCRIPTDIR/sluice-env.sh
source "$(dirname "${BASH_SOURCE[0]}")/sluice-env.sh"

usage() {
  sed -n '2,/^set -euo/p' "$0" | sed -e '/^set -euo/d' -e 's/^# \{0,1\}//' >&2
  exit 2
}

host="${SLUICE_MASTER_HOST:-}"
port="${SLUICE_MASTER_PORT:-7077}"
webui_port="${SLUICE_MASTER_WEBUI_PORT:-8080}"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --host) [[ $# -ge 2 ]] || usage; host="$2"; shift 2 ;;
    --port) [[ $# -ge 2 ]] || usage; port="$2"; shift 2 ;;
    --webui-port) [[ $# -ge 2 ]] || usage; webui_port="$2"; shift 2 ;;
    -h | --help) usage ;;
    *) echo "start-master.sh: unknown argument '$1'" >&2; usage ;;
  esac
done

binary="$(sluice_binary sluice-master master)"
pid_file="$SLUICE_PID_DIR/sluice-master.pid"
log_file="$SLUICE_LOG_DIR/sluice-master.log"

if sluice_running "$pid_file" sluice-master; then
  sluice_die "a master is already running as pid $(cat "$pid_file") (see $pid_file); stop it with deploy/stop-all.sh"
fi

command=("$binary" --port "$port" --webui-port "$webui_port")
[[ -n "$host" ]] && command+=(--host "$host")
sluice_start sluice-master "$pid_file" "$log_file" "${command[@]}"

# Workers need an address they can reach: a wildcard or default bind is advertised as this machine's name.
advertised_host="$host"
if [[ -z "$advertised_host" || "$advertised_host" == "0.0.0.0" || "$advertised_host" == "::" ]]; then
  advertised_host="$(hostname)"
fi
probe_host="$host"
if [[ -z "$probe_host" || "$probe_host" == "0.0.0.0" || "$probe_host" == "::" ]]; then
  probe_host="127.0.0.1"
fi
sluice_await_start sluice-master "$pid_file" "$log_file" "$probe_host" "$port"
echo "master URL: sluice://$advertised_host:$port"
echo "web UI:     http://$advertised_host:$webui_port"
