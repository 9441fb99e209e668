#!/usr/bin/env bash
# `make bench`: builds what the benchmarks need, runs the classifier micro-benchmarks and the end-to-end
# benchmarks (run-e2e.sh), draws the in-flight chart and prints one table. Results: bench-results/<time>/.
#   BENCH_EVENTS (default 1,000,000)   BENCH_MICRO=0 skips the micro-benchmarks   SWIFT (default swift)
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

echo "▸ building the release bounce-worker and the C reference program" >&2
"$SWIFT" build -c release --scratch-path .build-bench --product bounce-worker
mkdir -p .build-bench
# shellcheck disable=SC2046 # pkg-config's flags are meant to split
cc -O2 -Wall -o .build-bench/refpipe Benchmarks/refpipe/refpipe.c $(pkg-config --cflags --libs rdkafka)

{
    echo "machine: $(nproc) cores; $(awk '/MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo) memory;" \
        "librdkafka $(pkg-config --modversion rdkafka); $(uname -srm); $("$SWIFT" --version 2>/dev/null | head -n 1)"
    echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
} | tee "$OUT/machine.txt" >&2

if [[ ${BENCH_MICRO:-1} != 0 ]]; then
    echo "▸ classifier micro-benchmarks" >&2
    (cd Benchmarks && "$SWIFT" package --allow-writing-to-package-directory benchmark --no-progress) |
        tee "$OUT/micro.txt"
    "$HERE/micro-table.sh" "$OUT/micro.txt" >"$OUT/micro-table.tsv"
fi

echo "▸ end-to-end benchmarks" >&2
BENCH_OUT=$OUT "$HERE/run-e2e.sh"

C_RATE=$(sed -n 's/.*rate=\([0-9]*\).*/\1/p' "$OUT/refpipe.txt")
gnuplot -e "data='$OUT/sweep.dat'; cpipe=$C_RATE; out='$ROOT/docs/benchmarks-inflight.png'" \
    "$HERE/inflight-chart.gp"

{
    cat "$OUT/table.tsv"
    [[ -f $OUT/micro-table.tsv ]] && cat "$OUT/micro-table.tsv"
} >"$OUT/all.tsv"
echo
echo "BounceWorker benchmarks ($(cat "$OUT/machine.txt" | head -n 1))"
column -t -s $'\t' "$OUT/all.tsv" | tee "$OUT/all.txt"
echo "total time: $(($(date +%s) - STARTED_AT)) s; results in $OUT; chart in docs/benchmarks-inflight.png"
