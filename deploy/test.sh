#!/usr/bin/env bash
# Usage: deploy/test.sh [BAZEL_TARGET_OR_FLAG...]      (default target: //...)
#
# The CI entry point (.ci/run): installs the dependencies, runs `bazel test` with settings for a 2-core box,
# tees bazel's output to a log, and ends with a plain "N passed, N failed, N skipped" line counted from bazel's
# summary and, for skipped test cases (which bazel counts as passed), from gtest's XML reports.
# Exits with bazel's status: 0 all passed, 3 some test failed, 1 build failure, 4 no tests, ...
# Env: SLUICE_TEST_LOG  where to keep the log (default: a new /tmp/sluice-test.XXXXXX.log).
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$REPO_ROOT"

"$REPO_ROOT/deploy/install-deps.sh"

LOG="${SLUICE_TEST_LOG:-$(mktemp /tmp/sluice-test.XXXXXX.log)}"
if [[ $# -gt 0 ]]; then
  targets=("$@")
else
  targets=(//...)
fi

# --keep_going: one broken target must not hide the results of all the others.
# --test_env=CI: under CI=true a test that would skip for its environment fails instead (environment_skip.h).
set +e
bazel test \
  --jobs=2 \
  --local_test_jobs=2 \
  --test_output=errors \
  --keep_going \
  --color=no \
  --curses=no \
  --test_env=CI \
  "${targets[@]}" 2>&1 | tee "$LOG"
status=${PIPESTATUS[0]}
set -e

echo "log: $LOG"
summary="$("$REPO_ROOT/deploy/test_summary.sh" "$LOG" "$(bazel info bazel-testlogs 2>/dev/null)")"
echo "$summary"
failed="$(echo "$summary" | tail -1 | awk '{print $3}')"

if [[ "$status" -eq 0 && "$failed" -gt 0 ]]; then
  status=3
fi
exit "$status"
