#!/usr/bin/env bash
# Runs the built test suite (`swift test --skip-build`) and, when it fails, repeats every failed test and
# recorded issue at the end of the output, where a log that shows only its last lines still has them. A run
# that does not finish within TEST_TIMEOUT seconds (default 900; the suite takes ~2 minutes) is stopped, and
# the tests it had started and not finished are named.
# SWIFT: the swift driver (default: swift). The whole output is kept in .build/test-output.txt.
set -uo pipefail
cd "$(dirname "$0")/.."

SWIFT=${SWIFT:-swift}
LOG=.build/test-output.txt
LIMIT=${TEST_TIMEOUT:-900}
mkdir -p .build
timeout --kill-after=10 "$LIMIT" "$SWIFT" test --skip-build "$@" 2>&1 | tee "$LOG"
status=${PIPESTATUS[0]}
if ((status == 124 || status == 137)); then
    echo
    pkill -KILL -f BounceWorkerPackageTests.xctest # swift test's runner, which the timeout does not reach
    echo "── the test run did not finish within ${LIMIT}s; started and not finished:"
    comm -23 <(grep -v '^◇ Test case ' "$LOG" | sed -n 's/^◇ Test \(.*\) started\.$/\1/p' | grep -vx run | sort -u) \
        <(sed -n 's/^\(✔\|✘\) Test \(.*\) \(passed\|failed\) .*/\2/p' "$LOG" | sed 's/ with [0-9,]* test cases$//' | sort -u)
elif ((status != 0)); then
    echo
    echo "── the test run failed (exit $status); what failed, from $LOG:"
    grep -E '✘|recorded an issue|error:|Fatal error|Crash' "$LOG" | tail -n 60
fi
exit "$status"
