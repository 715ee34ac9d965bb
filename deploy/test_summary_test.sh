#!/usr/bin/env bash
# Usage: bazel test //deploy:test_summary_test
# A skip for the environment is a skip, and under CI=true a failure naming what is missing
# (common/testing/environment_skip.h); test_summary.sh counts passed, failed and skipped from a bazel log and
# the gtest XML reports, including a sharded target's.
set -euo pipefail

RUNFILES="${TEST_SRCDIR:-$PWD/..}/${TEST_WORKSPACE:-sluice}"
PROBE="$RUNFILES/common/testing/environment_skip_probe"
SUMMARY="$RUNFILES/deploy/test_summary.sh"
WORK="$(mktemp -d "${TEST_TMPDIR:-/tmp}/test_summary_test.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT

fail() {
  echo "FAIL: $*" >&2
  exit 1
}
expect_in() { grep -qF -- "$2" "$1" || fail "expected '$2' in: $(cat "$1")"; }

# Outside CI the case skips, saying why, and the binary passes.
mkdir -p "$WORK/logs/common/testing/probe"
status=0
env -u CI "$PROBE" --gtest_output="xml:$WORK/logs/common/testing/probe/test.xml" >"$WORK/out" 2>&1 || status=$?
[[ "$status" == 0 ]] || fail "the probe exited $status outside CI: $(cat "$WORK/out")"
expect_in "$WORK/out" "[  SKIPPED ] EnvironmentSkipProbe.SkipsForItsEnvironment"
expect_in "$WORK/out" "no frobnicator here"
if grep -qF "ran on past the skip" "$WORK/out"; then fail "the skip did not end the test"; fi

# Under CI=true the same case fails, naming what is missing.
status=0
CI=true "$PROBE" >"$WORK/ci-out" 2>&1 || status=$?
[[ "$status" != 0 ]] || fail "the probe passed under CI=true: $(cat "$WORK/ci-out")"
expect_in "$WORK/ci-out" "CI=true, and this environment lacks what the test needs: no frobnicator here"
expect_in "$WORK/ci-out" "[  FAILED  ] EnvironmentSkipProbe.SkipsForItsEnvironment"
expect_in "$WORK/ci-out" "[       OK ] EnvironmentSkipProbe.Runs"

# The summary: two passed targets (one cached and sharded, whose second shard skipped a case), one failed, one
# timed out; a stale report of a target that is not in the log is not counted.
mkdir -p "$WORK/logs/other/sharded/shard_2_of_2" "$WORK/logs/other/stale"
cp "$WORK/logs/common/testing/probe/test.xml" "$WORK/logs/other/sharded/shard_2_of_2/test.xml"
cp "$WORK/logs/common/testing/probe/test.xml" "$WORK/logs/other/stale/test.xml"
cat >"$WORK/bazel.log" <<'LOG'
INFO: Build completed, 2 tests FAILED
//common/testing:probe                                        PASSED in 0.1s
//other:sharded                                      (cached) PASSED in 3.0s
//other:failing                                               FAILED in 2 out of 3 in 4.0s
//other:slow                                                  TIMEOUT in 300.0s
LOG
"$SUMMARY" "$WORK/bazel.log" "$WORK/logs" >"$WORK/summary"
expect_in "$WORK/summary" "SKIPPED: //common/testing:probe EnvironmentSkipProbe.SkipsForItsEnvironment"
expect_in "$WORK/summary" "SKIPPED: //other:sharded EnvironmentSkipProbe.SkipsForItsEnvironment"
[[ "$(tail -1 "$WORK/summary")" == "2 passed, 2 failed, 2 skipped" ]] || fail "summary: $(cat "$WORK/summary")"
echo "PASS"
