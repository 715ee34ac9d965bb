#!/usr/bin/env bash
# Usage: deploy/test_summary.sh LOG TESTLOGS_DIR
#
# Counts what a `bazel test` run did, from its output (LOG) and its test reports (TESTLOGS_DIR, what
# `bazel info bazel-testlogs` names): prints "SKIPPED: //pkg:target Suite.Case" for every skipped test case, then
# "N passed, N failed, N skipped". Exits 0. deploy/test.sh ends with it.
set -euo pipefail

LOG="$1"
TESTLOGS="$2"

# Summary lines look like "//pkg:test   PASSED in 1.2s", "//pkg:test   (cached) PASSED in 0.1s",
# "//pkg:test   FAILED in 2 out of 3 in 4.0s", "//pkg:test   TIMEOUT in 300.0s", "//pkg:test   FAILED TO BUILD".
# FLAKY tests passed on a retry, which bazel counts as a pass.
summary_line='^//[^[:space:]]+[[:space:]]+(\(cached\)[[:space:]]+)?'
passed=$(grep -cE "${summary_line}(PASSED|FLAKY)" "$LOG" || true)
failed=$(grep -cE "${summary_line}(FAILED|TIMEOUT|INCOMPLETE|REMOTE FAILURE|NO STATUS)" "$LOG" || true)

# A skipped test case still makes its target PASS; gtest's XML report (TESTLOGS/<pkg>/<target>/test.xml, or one
# per shard in shard_K_of_N/) names the cases that skipped.
skipped=0
while read -r target; do
  dir="$TESTLOGS/$(echo "${target#//}" | tr ':' '/')"
  while IFS= read -r -d '' xml; do
    while IFS= read -r case_name; do
      echo "SKIPPED: $target $case_name"
      skipped=$((skipped + 1))
    done < <(grep -oE '<testcase [^>]*result="skipped"[^>]*>' "$xml" |
      sed -E 's/.* name="([^"]*)".* classname="([^"]*)".*/\2.\1/')
  done < <(find "$dir" -maxdepth 2 -name test.xml -print0 2>/dev/null)
done < <(grep -oE "${summary_line}(PASSED|FLAKY)" "$LOG" | awk '{print $1}')

echo "${passed} passed, ${failed} failed, ${skipped} skipped"
