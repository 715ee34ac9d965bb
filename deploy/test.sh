#!/usr/bin/env bash
# Usage: deploy/test.sh [BAZEL_TARGET_OR_FLAG...]
#
# The CI entry point (.ci/run): installs the dependencies, then runs two suites with settings for a 2-core box:
#   1. every test (`bazel test //...`), or the targets given;
#   2. without arguments, the worker, master, common, runtime and driver tests and a chosen set of integration tests
#      again under ThreadSanitizer (`--config=tsan`, with tsan_suppressions.txt); SLUICE_TSAN=0 leaves it out.
# Each suite's output is teed to a log and counted (deploy/test_summary.sh): skipped cases are named, and the
# run ends with one line "N passed, N failed, N skipped" over both suites.
# Exits 0 when everything passed, else the first failing bazel status (3 some test failed, 1 build failure, ...).
# Env: SLUICE_TEST_LOG  where to keep the first suite's log (default: a new /tmp/sluice-test.XXXXXX.log); the
#      TSAN suite's log is beside it, with .tsan before .log.
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$REPO_ROOT"

"$REPO_ROOT/deploy/install-deps.sh"

LOG="${SLUICE_TEST_LOG:-$(mktemp /tmp/sluice-test.XXXXXX.log)}"
TSAN_LOG="${LOG%.log}.tsan.log"
if [[ $# -gt 0 ]]; then
  targets=("$@")
  run_tsan=0
else
  targets=(//...)
  run_tsan="${SLUICE_TSAN:-1}"
fi

# The integration tests that run under TSAN too: the word count in local mode and on a cluster, a shuffle across
# workers, a killed worker, the driver's data on a cluster and two applications on one worker (the others repeat
# these paths; building and running them all twice would not fit CI's time on 2 cores).
TSAN_TARGETS=(
  //common/...
  //worker/...
  //master/...
  //runtime/...
  //rpc/...
  //wire/...
  //driver/...
  //tests/integration:local_wordcount_test
  //tests/integration:cluster_wordcount_test
  //tests/integration:cluster_shuffle_test
  //tests/integration:worker_loss_test
  //tests/integration:cluster_queue_stream_test
  //tests/integration:concurrent_applications_test
)

status=0
totals=(0 0 0)

# run_suite LOG CONFIG TARGETS...: one bazel test run (CONFIG: a --config=... flag, or ""), its summary, and the
# totals.
run_suite() {
  local log="$1" config="$2" suite_status
  shift 2
  # --keep_going: one broken target must not hide the results of all the others.
  # --test_env=CI: under CI=true a test that would skip for its environment fails instead (environment_skip.h).
  set +e
  bazel test --jobs=2 --local_test_jobs=2 --test_output=errors --keep_going --color=no --curses=no \
    --test_env=CI ${config:+"$config"} "$@" 2>&1 | tee "$log"
  suite_status=${PIPESTATUS[0]}
  set -e
  local testlogs summary
  testlogs="$(bazel info ${config:+"$config"} bazel-testlogs 2>/dev/null || true)"
  summary="$("$REPO_ROOT/deploy/test_summary.sh" "$log" "$testlogs")"
  echo "log: $log"
  echo "$summary"
  read -r passed _ failed _ skipped _ <<<"$(echo "$summary" | tail -1)"
  totals=($((totals[0] + passed)) $((totals[1] + failed)) $((totals[2] + skipped)))
  if [[ "$suite_status" -eq 0 && "$failed" -gt 0 ]]; then suite_status=3; fi
  if [[ "$status" -eq 0 ]]; then status="$suite_status"; fi
}

run_suite "$LOG" "" "${targets[@]}"
if [[ "$run_tsan" == 1 ]]; then
  # Passed through by .bazelrc's --config=tsan (--test_env=TSAN_OPTIONS) to the tests and the daemons they start.
  export TSAN_OPTIONS="ignore_noninstrumented_modules=1 suppressions=$REPO_ROOT/tsan_suppressions.txt"
  echo "=== the same under ThreadSanitizer: ${TSAN_TARGETS[*]}"
  run_suite "$TSAN_LOG" --config=tsan "${TSAN_TARGETS[@]}"
fi

echo "${totals[0]} passed, ${totals[1]} failed, ${totals[2]} skipped"
exit "$status"
