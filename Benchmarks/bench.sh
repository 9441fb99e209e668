#!/usr/bin/env bash
# `make bench`: builds what the benchmarks need, runs the classifier micro-benchmarks and the end-to-end
# benchmarks (run-e2e.sh), draws the in-flight chart and prints one table. Results (and the chart):
# bench-results/<time>/. Tracked files are left alone: the run whose table goes into BENCHMARKS.md has its chart
# copied to docs/benchmarks-inflight.png with it (a disturbed run must not replace the published chart).
#   BENCH_EVENTS (default 1,000,000)   BENCH_PAIRS (default 3)   BENCH_MICRO=0 skips the micro-benchmarks
#   SWIFT (default swift)
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
SWIFT=${SWIFT:-swift}
OUT=$ROOT/bench-results/$(date +%Y%m%d-%H%M%S)
mkdir -p "$OUT"
STARTED_AT=$(date +%s)
cd "$ROOT"

if ! command -v gnuplot >/dev/null; then
    echo "▸ installing gnuplot (for the chart)" >&2
    apt-get install -y gnuplot-nox >/dev/null || sudo apt-get install -y gnuplot-nox >/dev/null
fi
# shellcheck source=Benchmarks/lib.sh
source "$HERE/lib.sh" # JEMALLOC: the allocator every worker runs with (the image's)
if [[ ! -e $JEMALLOC ]]; then
    echo "▸ installing libjemalloc2 (the container image's allocator, which the worker runs with)" >&2
    apt-get install -y libjemalloc2 >/dev/null || sudo apt-get install -y libjemalloc2 >/dev/null
fi

echo "▸ building the release bounce-worker and the C reference program" >&2
"$SWIFT" build -c release --scratch-path .build-bench --product bounce-worker
mkdir -p .build-bench
# shellcheck disable=SC2046 # pkg-config's flags are meant to split
cc -O2 -Wall -o .build-bench/refpipe Benchmarks/refpipe/refpipe.c $(pkg-config --cflags --libs rdkafka)

# The host's share of this VM's CPU time ("steal", /proc/stat): on a shared host the same code runs slower while
# it is high, so every part of the run reports it.
cpu_times() { awk '/^cpu / { print $2 + $3 + $4 + $5 + $6 + $7 + $8 + $9, $9 }' /proc/stat; }
steal_since() { # steal_since "TOTAL STEAL": steal as a % of all CPU time since then
    local now
    now=$(cpu_times)
    awk -v a="$1" -v b="$now" 'BEGIN { split(a, x, " "); split(b, y, " "); t = y[1] - x[1];
        printf "%.0f", (t > 0 ? 100 * (y[2] - x[2]) / t : 0) }'
}
RUN_START=$(cpu_times)

{
    echo "machine: $(nproc) cores; $(awk '/MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo) memory;" \
        "librdkafka $(pkg-config --modversion rdkafka); $(uname -srm); $("$SWIFT" --version 2>/dev/null | head -n 1)"
    echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
} | tee "$OUT/machine.txt" >&2

if [[ ${BENCH_MICRO:-1} != 0 ]]; then
    echo "▸ classifier micro-benchmarks" >&2
    PART_START=$(cpu_times)
    (cd Benchmarks && "$SWIFT" package --allow-writing-to-package-directory benchmark --no-progress) |
        tee "$OUT/micro.txt"
    "$HERE/micro-table.sh" "$OUT/micro.txt" >"$OUT/micro-table.tsv"
    echo "host steal during the micro-benchmarks: $(steal_since "$PART_START") % of CPU time" | tee -a "$OUT/machine.txt" >&2
fi

echo "▸ end-to-end benchmarks" >&2
PART_START=$(cpu_times)
BENCH_OUT=$OUT "$HERE/run-e2e.sh"
echo "host steal during the end-to-end part: $(steal_since "$PART_START") % of CPU time" | tee -a "$OUT/machine.txt" >&2

C_RATE=$(cat "$OUT/c-pipe-rate.txt") # the median C pipe of the classify runs: the chart's scale
gnuplot -e "data='$OUT/sweep.dat'; cpipe=$C_RATE; out='$OUT/inflight.png'" \
    "$HERE/inflight-chart.gp"

{
    cat "$OUT/table.tsv"
    [[ -f $OUT/micro-table.tsv ]] && cat "$OUT/micro-table.tsv"
} >"$OUT/all.tsv"
echo
echo "BounceWorker benchmarks ($(cat "$OUT/machine.txt" | head -n 1))"
column -t -s $'\t' "$OUT/all.tsv" | tee "$OUT/all.txt"
sed -n 's/^host steal/host steal/p' "$OUT/machine.txt"
echo "host steal during the whole run: $(steal_since "$RUN_START") % of CPU time"
echo "total time: $(($(date +%s) - STARTED_AT)) s; results in $OUT; chart in $OUT/inflight.png" \
    "(to publish it with the table: cp $OUT/inflight.png docs/benchmarks-inflight.png)"
