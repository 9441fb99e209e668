#!/usr/bin/env bash
# The latency pairs of run-e2e.sh alone, at a given rate: BENCH_LATENCY_PAIRS C pipe / worker pairs (default 3),
# each on a fresh dev-broker, and the same table rows. For repeating the half-rate figure without the backlog
# runs; the binaries are the ones `make bench` builds.
#
#   Benchmarks/run-latency.sh RATE     e.g. 29690, half of a whole-pipeline rate from `make bench`
#   BIN, REFPIPE, BENCH_OUT, BENCH_LATENCY_PAIRS as for run-e2e.sh
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
RATE=${1:?usage: run-latency.sh RATE (messages per second)}
BIN=${BIN:-$ROOT/.build-bench/release/bounce-worker}
REFPIPE=${REFPIPE:-$ROOT/.build-bench/refpipe}
RUN_DIR=${BENCH_OUT:-$ROOT/bench-results/latency-$(date +%Y%m%d-%H%M%S)}
TIMEOUT=300

# shellcheck source=Benchmarks/lib.sh
source "$HERE/lib.sh"
# shellcheck source=Benchmarks/latency.sh
source "$HERE/latency.sh"
[[ -x $BIN && -x $REFPIPE ]] || { log "build them first (make bench builds $BIN and $REFPIPE)"; exit 1; }
begin_results

log "machine: $(nproc) cores, librdkafka $(pkg-config --modversion rdkafka); latency at $RATE/s, $LATENCY_PAIRS pairs → $RUN_DIR"
start_broker "$RUN_DIR" "$LATENCY_BROKERS" # replaced by each pair's fresh one
latency_pairs lat "$RATE" "" "$LATENCY_PAIRS"
column -t -s $'\t' "$TABLE" | tee "$RUN_DIR/table.txt"
