#!/usr/bin/env bash
# Runs the built test suite (`swift test --skip-build`) and, when it fails, repeats every failed test and
# recorded issue at the end of the output, where a log that shows only its last lines still has them.
# SWIFT: the swift driver (default: swift). The whole output is kept in .build/test-output.txt.
set -uo pipefail
cd "$(dirname "$0")/.."

SWIFT=${SWIFT:-swift}
LOG=.build/test-output.txt
mkdir -p .build
"$SWIFT" test --skip-build "$@" 2>&1 | tee "$LOG"
status=${PIPESTATUS[0]}
if ((status != 0)); then
    echo
    echo "── the test run failed (exit $status); what failed, from $LOG:"
    grep -E '✘|recorded an issue|error:|Fatal error|Crash' "$LOG" | tail -n 60
fi
exit "$status"
