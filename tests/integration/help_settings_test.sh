#!/bin/bash
# Every binary's --help-settings prints the README's settings table exactly, exits 0 and writes nothing to stderr;
# --help names --help-settings; a malformed rpc.inject_failures and a receiver.replication below 1 are refused at
# startup.
set -u

RUNFILES="${TEST_SRCDIR:-$PWD/..}/${TEST_WORKSPACE:-sluice}"
TMP="${TEST_TMPDIR:-$(mktemp -d)}"
failures=0

fail() {
  echo "FAIL: $*"
  failures=$((failures + 1))
}

# The README's table under "## Settings": from its header to its last row.
awk '/^## / { in_section = ($0 == "## Settings"); next }
     in_section && /^\|/ { print; seen = 1; next }
     in_section && seen { exit }' "$RUNFILES/README.md" >"$TMP/readme_table"
[[ -s "$TMP/readme_table" ]] || fail "no settings table in README.md"

for binary in master/sluice-master worker/sluice-worker driver/sluice-submit; do
  name="$(basename "$binary")"
  "$RUNFILES/$binary" --help-settings >"$TMP/out" 2>"$TMP/err"
  code=$?
  [[ $code == 0 ]] || fail "$name --help-settings exited $code: $(cat "$TMP/err")"
  [[ -s "$TMP/err" ]] && fail "$name --help-settings wrote to stderr: $(cat "$TMP/err")"
  diff -u "$TMP/readme_table" "$TMP/out" >"$TMP/diff" ||
    fail "$name --help-settings differs from README.md's table (- README, + binary):
$(cat "$TMP/diff")"
  "$RUNFILES/$binary" --help >"$TMP/out" 2>&1 || fail "$name --help failed: $(cat "$TMP/out")"
  grep -qF -- "--help-settings" "$TMP/out" || fail "$name --help does not name --help-settings: $(cat "$TMP/out")"
  # A setting with a grammar of its own is checked before anything starts, with the fix in the message.
  extra=()
  [[ $name == sluice-worker ]] && extra=(--master 127.0.0.1:9)  # the worker checks --master first
  timeout 20 "$RUNFILES/$binary" "${extra[@]}" --conf rpc.inject_failures=ReportBlocks:sometimes >"$TMP/out" 2>&1
  code=$?
  [[ $code == 2 ]] || fail "$name with a malformed rpc.inject_failures exited $code (want 2): $(cat "$TMP/out")"
  grep -qF "ReportBlocks:reply:n=1" "$TMP/out" ||
    fail "$name does not say what a failure-injection rule looks like: $(cat "$TMP/out")"

  timeout 20 "$RUNFILES/$binary" "${extra[@]}" --conf receiver.replication=0 >"$TMP/out" 2>&1
  code=$?
  [[ $code == 2 ]] || fail "$name with receiver.replication=0 exited $code (want 2): $(cat "$TMP/out")"
  grep -qF "receiver.replication must be 1 or more" "$TMP/out" ||
    fail "$name does not say what receiver.replication takes: $(cat "$TMP/out")"
done

if [[ $failures -gt 0 ]]; then
  echo "$failures failure(s)"
  exit 1
fi
echo "PASS"
