#!/usr/bin/env bash
# Usage: deploy/test.sh [BAZEL_TARGET_OR_FLAG...]      (default target: //...)
#
# The CI entry point (.ci/run): installs the dependencies, runs `bazel test` with settings for a 2-core box,
# tees bazel's output to a log, and ends with a plain "N passed, N failed" line counted from bazel's summary.
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
set +e
bazel test \
  --jobs=2 \
  --local_test_jobs=2 \
  --test_output=errors \
  --keep_going \
  --color=no \
  --curses=no \
  "${targets[@]}" 2>&1 | tee "$LOG"
status=${PIPESTATUS[0]}
set -e

# Summary lines look like "//pkg:test   PASSED in 1.2s", "//pkg:test   (cached) PASSED in 0.1s",
# "//pkg:test   FAILED in 2 out of 3 in 4.0s", "//pkg:test   TIMEOUT in 300.0s", "//pkg:test   FAILED TO BUILD".
# FLAKY tests passed on a retry, which bazel counts as a pass.
summary_line='^//[^[:space:]]+[[:space:]]+(\(cached\)[[:space:]]+)?'
passed=$(grep -cE "${summary_line}(PASSED|FLAKY)" "$LOG" || true)
failed=$(grep -cE "${summary_line}(FAILED|TIMEOUT|INCOMPLETE|REMOTE FAILURE|NO STATUS)" "$LOG" || true)

echo "log: $LOG"
echo "${passed} passed, ${failed} failed"

if [[ "$status" -eq 0 && "$failed" -gt 0 ]]; then
  status=3
fi
exit "$status"
