#!/usr/bin/env bash
# Usage: deploy/stop-all.sh
#
# Stops every daemon the start scripts recorded in $SLUICE_PID_DIR (sluice-worker-<n>.pid, then
# sluice-master.pid): SIGTERM, up to 10 s to exit, then SIGKILL; removes the pid files. Pid files whose process
# is gone (or is no longer a sluice daemon) are just removed.
set -euo pipefail
# shellcheck source=SCRIPTDIR/sluice-env.sh
source "$(dirname "${BASH_SOURCE[0]}")/sluice-env.sh"

shopt -s nullglob
# Workers first, so they do not spend their last seconds reporting a lost master.
pid_files=("$SLUICE_PID_DIR"/sluice-worker-*.pid "$SLUICE_PID_DIR/sluice-master.pid")

stopping=()
for pid_file in "${pid_files[@]}"; do
  [[ -f "$pid_file" ]] || continue
  name="$(basename "$pid_file" .pid)"
  if sluice_running "$pid_file" "${name%-[0-9]*}"; then
    pid="$(cat "$pid_file")"
    echo "stopping $name (pid $pid)"
    kill -TERM "$pid" 2>/dev/null || true
    stopping+=("$pid_file")
  else
    echo "$name is not running; removing $pid_file"
    rm -f "$pid_file"
  fi
done

if [[ ${#stopping[@]} -eq 0 ]]; then
  echo "no sluice daemons running"
  exit 0
fi

for _ in $(seq 1 100); do
  still_running=0
  for pid_file in "${stopping[@]}"; do
    name="$(basename "$pid_file" .pid)"
    sluice_running "$pid_file" "${name%-[0-9]*}" && still_running=1
  done
  [[ "$still_running" -eq 0 ]] && break
  sleep 0.1
done

for pid_file in "${stopping[@]}"; do
  name="$(basename "$pid_file" .pid)"
  if sluice_running "$pid_file" "${name%-[0-9]*}"; then
    echo "$name did not exit within 10 s; killing it"
    kill -KILL "$(cat "$pid_file")" 2>/dev/null || true
  fi
  rm -f "$pid_file"
done
echo "stopped ${#stopping[@]} daemon(s)"
