#!/usr/bin/env bash
# profile.sh [STAGES]: where the worker's time goes. Preloads a backlog on a fresh dev-broker, starts one
# worker (BW_STAGES=STAGES, default classify), and samples it with `perf record -g` for PROFILE_SECONDS once it
# processes messages. Writes perf.data and a flat report to bench-results/profile-<time>/. Not part of
# `make bench` (perf disturbs the figures); run after `make bench` has built the binaries.
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
STAGES=${1:-classify}
EVENTS=${PROFILE_EVENTS:-400000}
PROFILE_SECONDS=${PROFILE_SECONDS:-8}
BIN=${BIN:-$ROOT/.build-bench/release/bounce-worker}
REFPIPE=${REFPIPE:-$ROOT/.build-bench/refpipe}
RUN_DIR=$ROOT/bench-results/profile-$(date +%Y%m%d-%H%M%S)
# shellcheck source=Benchmarks/lib.sh
source "$HERE/lib.sh"
mkdir -p "$RUN_DIR"
trap 'stop_all; exec 3>&- 2>/dev/null || true; rm -f "$RUN_DIR/broker.in"' EXIT

start_broker "$RUN_DIR"
broker_cmd topic bench.raw 120
"$REFPIPE" produce -b "$BROKERS" -t bench.raw -n "$EVENTS" >&2
worker_topics pr 24 12 # as the end-to-end runs (CLASSIFIED_PARTITIONS in run-e2e.sh)
start_worker pr bench.raw 9501 "$STAGES" BW_KAFKA_PROPERTIES=queued.min.messages=100000
until (($(processed 9501 classify) > 0)); do sleep 0.1; done
perf record -F ${PROFILE_FREQ:-499} ${PROFILE_CALLGRAPH:--g} -o "$RUN_DIR/perf.data" -p "$WORKER_PID" -- sleep "$PROFILE_SECONDS" 2>"$RUN_DIR/perf.err"
log "processed during the profile: $(processed 9501 classify) classify, $(processed 9501 policy) policy"
stop_worker "$WORKER_PID"
# Flat reports (head closes the pipe early, hence `|| true` under pipefail).
report() { perf report -i "$RUN_DIR/perf.data" -g none --stdio "$@" 2>/dev/null | grep '%' | head -n 60 || true; }
report --no-children --sort dso >"$RUN_DIR/dsos.txt"
report --no-children --sort symbol >"$RUN_DIR/self.txt"
report --children --sort symbol >"$RUN_DIR/inclusive.txt"
log "report in $RUN_DIR"
