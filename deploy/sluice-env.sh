# shellcheck shell=bash
# Usage: source "$(dirname "${BASH_SOURCE[0]}")/sluice-env.sh"      (by start-master.sh, start-worker.sh, stop-all.sh)
#
# Where the daemons' binaries, logs and pid files live, and the helpers the start/stop scripts share.
#   SLUICE_HOME      the repository root (default: the parent of deploy/)
#   SLUICE_BIN_DIR   directory of installed binaries (default: the bazel-bin tree under SLUICE_HOME)
#   SLUICE_LOG_DIR   default: $SLUICE_HOME/logs
#   SLUICE_PID_DIR   default: /tmp

SLUICE_HOME="${SLUICE_HOME:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}"
SLUICE_LOG_DIR="${SLUICE_LOG_DIR:-$SLUICE_HOME/logs}"
SLUICE_PID_DIR="${SLUICE_PID_DIR:-/tmp}"

sluice_die() {
  echo "$(basename "$0"): $*" >&2
  exit 1
}

# sluice_binary NAME BAZEL_PACKAGE: prints the path of a daemon binary, or fails with how to build it.
sluice_binary() {
  local name="$1" package="$2" path
  if [[ -n "${SLUICE_BIN_DIR:-}" ]]; then
    path="$SLUICE_BIN_DIR/$name"
  else
    path="$SLUICE_HOME/bazel-bin/$package/$name"
  fi
  [[ -x "$path" ]] || sluice_die "$path not found: run 'bazel build //$package:$name' in $SLUICE_HOME, or set SLUICE_BIN_DIR"
  echo "$path"
}

# sluice_running PID_FILE NAME: true when PID_FILE holds the pid of a live process running NAME. Checking the
# command line keeps a stale pid file, whose pid the kernel gave to another process since, from counting.
sluice_running() {
  local pid_file="$1" name="$2" pid
  [[ -f "$pid_file" ]] || return 1
  pid="$(cat "$pid_file" 2>/dev/null || true)"
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  kill -0 "$pid" 2>/dev/null || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q -- "$name"
}

# sluice_start NAME PID_FILE LOG_FILE COMMAND...: starts COMMAND in the background with nohup, logging to
# LOG_FILE, and records its pid.
sluice_start() {
  local name="$1" pid_file="$2" log_file="$3"
  shift 3
  mkdir -p "$(dirname "$log_file")" "$(dirname "$pid_file")"
  echo "=== $(date '+%Y-%m-%d %H:%M:%S') starting: $*" >>"$log_file"
  nohup "$@" >>"$log_file" 2>&1 </dev/null &
  echo $! >"$pid_file"
  echo "$name started (pid $!), logging to $log_file"
}

# sluice_await_start NAME PID_FILE LOG_FILE [HOST PORT]: waits until the daemon accepts connections on
# HOST:PORT (up to 10 s) or, without a port, has stayed up for a second. Fails, showing the log's tail, if the
# daemon dies meanwhile.
sluice_await_start() {
  local name="$1" pid_file="$2" log_file="$3" host="${4:-}" port="${5:-}" pid tick
  pid="$(cat "$pid_file")"
  for tick in $(seq 1 100); do
    if ! kill -0 "$pid" 2>/dev/null; then
      rm -f "$pid_file"
      echo "$name exited at startup; the end of $log_file:" >&2
      tail -n 20 "$log_file" >&2
      return 1
    fi
    if [[ -n "$port" ]]; then
      if (exec 3<>"/dev/tcp/$host/$port") 2>/dev/null; then return 0; fi
    elif [[ "$tick" -ge 10 ]]; then
      return 0
    fi
    sleep 0.1
  done
  echo "warning: $name (pid $pid) is not accepting connections on $host:$port yet; see $log_file" >&2
}
