#!/usr/bin/env bash
# End-to-end benchmarks against `bounce-worker dev-broker` in a separate process, every worker figure side by
# side with a reference measured in the same run on the same broker (the C pipe, kcat). Prints one table and
# writes it, with every log, to bench-results/<time>/. Run by `make bench`, which builds what it needs.
#
#   BENCH_EVENTS   backlog size (default 1,000,000)   BENCH_OUT      results directory
#   BIN            release bounce-worker              REFPIPE        the C reference program
#   BENCH_PAIRS    C pipe / worker pairs per stage ratio (default 3; the medians are compared)
#   BENCH_LATENCY_PAIRS  C pipe / worker latency pairs at half the rate (default 3; the median p99 decides)
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
EVENTS=${BENCH_EVENTS:-1000000}
BIN=${BIN:-$ROOT/.build-bench/release/bounce-worker}
REFPIPE=${REFPIPE:-$ROOT/.build-bench/refpipe}
RUN_DIR=${BENCH_OUT:-$ROOT/bench-results/$(date +%Y%m%d-%H%M%S)}
PARTITIONS=120                          # input partitions: ~2.5 MiB of the 1M backlog each (mock keeps ~5 MiB)
# The classified topic (and its changelog) of the two-stage runs. Few partitions make large producer batches
# (the C pipe writes to 12); 24 keep ~200,000 messages of slack before the policy stage, behind the classify
# stage, would read past the mock's ~5 MiB per partition (a real Kafka keeps everything). 160 (before
# 2026-11-22) made 1–2-record batches and cost the policy stage half its rate.
CLASSIFIED_PARTITIONS=24
MIXED_EVENTS=$((EVENTS / 5))            # the mixed stream is larger per message: a fifth of the backlog
SWEEP_EVENTS=$((EVENTS < 200000 ? EVENTS : 200000))
MEMORY_SECONDS=30 MEMORY_RTT_MS=50
TIMEOUT=$((120 + EVENTS / 2000))        # per run: generous, but bounded
PAIRS=${BENCH_PAIRS:-3}                 # C pipe / worker pairs behind each of the two stage ratios (medians)
EMAILS=("$ROOT"/samples/*.eml)
# Every worker runs with its shipped settings; the C pipe uses the same consumer and producer settings.

# shellcheck source=Benchmarks/lib.sh
source "$HERE/lib.sh"
# shellcheck source=Benchmarks/latency.sh
source "$HERE/latency.sh"
begin_results
field() { sed -n "s/.*$1=\([^ ]*\).*/\1/p"; } # field NAME: a key=value from refpipe's line

log "machine: $(nproc) cores, $(awk '/MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo), librdkafka $(pkg-config --modversion rdkafka), $EVENTS events → $RUN_DIR"

# Each stage ratio's worker runs are taken on a dev-broker of their own, right after the C pipe on the same
# backlog of that broker: on one broker the worker ran slower with every run (the mock keeps what each run
# wrote, up to ~5 MiB per partition) while the C pipe did not, so a late run would be compared unfairly.
# preload [mixed]: the canonical backlog (large batches, keyed by recipient over PARTITIONS partitions) and,
# with "mixed", the mixed one, on the current broker.
preload() {
    broker_cmd topic bench.raw "$PARTITIONS"
    broker_cmd topic ref.out 12 # as the classified default
    "$REFPIPE" produce -b "$BROKERS" -t bench.raw -n "$EVENTS" | tee -a "$RUN_DIR/preload.txt" >&2
    if [[ ${1:-} == mixed ]]; then
        broker_cmd topic bench.mixed "$PARTITIONS"
        broker_cmd topic mixed.ref.out 12
        "$REFPIPE" produce -b "$BROKERS" -t bench.mixed -n "$MIXED_EVENTS" -m 20 "${EMAILS[@]}" |
            tee "$RUN_DIR/preload-mixed.txt" >&2
    fi
}
# c_pipe FILE GROUP: the C pipe (consumer group GROUP) on the current broker's canonical backlog; sets C_RATE
# and C_CPU, keeps its line in FILE.
c_pipe() {
    timeout "$TIMEOUT" "$REFPIPE" pipe -b "$BROKERS" -i bench.raw -o ref.out -g "$2" -n "$EVENTS" |
        tee "$RUN_DIR/$1" >&2
    C_RATE=$(field rate <"$RUN_DIR/$1") C_CPU=$(field cpu_us_per_message <"$RUN_DIR/$1")
}

# --- The worker runs: run_worker runs one, paired_runs alternates the C pipe and the worker.
run_worker() { # run_worker PREFIX INPUT COUNT STAGES FIRST LAST CLASSIFIED_PARTITIONS [NAME=VALUE...]
    local prefix=$1 input=$2 count=$3 stages=$4 first=$5 last=$6 classified=$7
    shift 7
    worker_topics "$prefix" "$classified" 12
    start_worker "$prefix" "$input" 9501 "$stages" "$@"
    read -r SECONDS_TAKEN RATE < <(wait_rate "$count" "$TIMEOUT" "$first" "$last" 9501)
    PEAK_MB=$(peak_rss_mb "$WORKER_PID")
    read -r CPU_TOTAL CPU_RDKAFKA CPU_REST < <(cpu_per_message "$WORKER_PID" "$count")
    stop_worker "$WORKER_PID"
    log "$prefix: $RATE msg/s over ${SECONDS_TAKEN}s, peak RSS $PEAK_MB MB," \
        "CPU $CPU_TOTAL µs per message ($CPU_RDKAFKA in librdkafka's threads, $CPU_REST in the rest)"
}
# fresh_broker [mixed]: an empty dev-broker (the first one, or in place of the current one), preloaded.
fresh_broker() {
    if [[ -n ${BROKER_PID:-} ]]; then restart_broker "$RUN_DIR"; else start_broker "$RUN_DIR"; fi
    log "dev-broker at $BROKERS"
    preload "$@"
}
# paired_runs PREFIX STAGES LAST CLASSIFIED [mixed]: PAIRS times, on a fresh broker (preloaded, with "mixed"
# also the mixed stream), the C pipe and then the worker. Sets C_RATE and RATE to the medians, C_RUNS and W_RUNS
# to every rate ("a / b / c"), and the CPU and RSS figures to the last pair's; the last broker stays up.
paired_runs() {
    local prefix=$1 stages=$2 last=$3 classified=$4 i c_rates=() w_rates=()
    shift 4
    for ((i = 1; i <= PAIRS; i++)); do
        fresh_broker "$@"
        c_pipe "refpipe-$prefix$i.txt" "ref-$prefix$i"
        c_rates+=("$C_RATE")
        run_worker "$prefix$i" bench.raw "$EVENTS" "$stages" classify "$last" "$classified"
        w_rates+=("$RATE")
    done
    C_RATE=$(median "${c_rates[@]}") RATE=$(median "${w_rates[@]}")
    C_RUNS=$(printf '%s / ' "${c_rates[@]}") W_RUNS=$(printf '%s / ' "${w_rates[@]}")
    C_RUNS=${C_RUNS% / } W_RUNS=${W_RUNS% / }
}
cpu_row() { # cpu_row: the CPU cost per message of the last run_worker, beside the last C pipe's
    row "  CPU per message of the last run, µs (librdkafka's threads + the rest)" \
        "$CPU_TOTAL ($CPU_RDKAFKA + $CPU_REST)" "C pipe $C_CPU" "$(ratio "$CPU_TOTAL" "$C_CPU")" "-" "-"
}

# --- (a) The classify stage alone, each run after the C pipe (the reference) on the same fresh broker.
log "C pipe and classify stage alone, $PAIRS pairs"
paired_runs c classify classify 12
echo "$C_RATE" >"$RUN_DIR/c-pipe-rate.txt" # the chart's scale
row "C pipe (consume → produce → store offset), msg/s: median ($C_RUNS)" "$C_RATE" "-" "1.00" "reference" "-"
row "  CPU per message of the last C pipe, µs (its process, the group join included)" "$C_CPU" "-" "1.00" "-" "-"
row "classify stage alone (BW_STAGES=classify), msg/s: median ($W_RUNS)" "$RATE" "$C_RATE" \
    "$(ratio "$RATE" "$C_RATE")" "≥ 0.8" "$(met "$(ratio "$RATE" "$C_RATE")" ">=" 0.8)"
cpu_row

log "kcat pipe"
broker_cmd topic kcat.out 12
"$REFPIPE" watch -b "$BROKERS" -t kcat.out -n "$EVENTS" >"$RUN_DIR/kcat.txt" &
WATCH_PID=$!
STARTED+=("$WATCH_PID")
(kcat -b "$BROKERS" -G kcat-pipe -X auto.offset.reset=earliest -X session.timeout.ms=6000 -X queued.max.messages.kbytes=16384 -X fetch.wait.max.ms=10 -q -u -c "$EVENTS" \
    -f '%k\t%s\n' bench.raw |
    kcat -P -b "$BROKERS" -t kcat.out -K $'\t' -X linger.ms=5) 2>"$RUN_DIR/kcat.err" &
KCAT_PID=$!
STARTED+=("$KCAT_PID")
timeout "$TIMEOUT" tail --pid="$WATCH_PID" -f /dev/null || true
pkill -TERM -P "$KCAT_PID" 2>/dev/null || true # the two kcat children of the pipeline subshell
KCAT_RATE=$(field rate <"$RUN_DIR/kcat.txt")
row "kcat -G | kcat -P, msg/s" "${KCAT_RATE:-0}" "$C_RATE" "$(ratio "${KCAT_RATE:-0}" "$C_RATE")" "-" "-"

# --- In-flight sweep for the chart: classify stage alone, SWEEP_EVENTS of the backlog per point, on the broker
# of the C pipe above (the chart's scale).
log "in-flight sweep ($SWEEP_EVENTS events per point)"
: >"$RUN_DIR/sweep.dat"
n=0
for bound in 1 4 16 64 256 2000; do
    n=$((n + 1))
    run_worker "p$n" bench.raw "$SWEEP_EVENTS" classify classify classify 12 \
        BW_MAX_IN_FLIGHT_PER_PARTITION="$bound"
    echo "per-partition $bound $RATE $PEAK_MB" >>"$RUN_DIR/sweep.dat"
done
for bound in 120 1000 5000 7500 10000 20000; do # 7,500: the shipped total; 10,000 until 2026-11-24
    n=$((n + 1))
    run_worker "t$n" bench.raw "$SWEEP_EVENTS" classify classify classify 12 \
        BW_MAX_IN_FLIGHT_TOTAL="$bound"
    echo "total $bound $RATE $PEAK_MB" >>"$RUN_DIR/sweep.dat"
done
row "in-flight sweep (chart), C pipe for scale, msg/s" "see chart" "$C_RATE" "-" "-" "-"

log "whole pipeline: $PAIRS pairs of the C pipe and the worker, each on a fresh dev-broker"
paired_runs f classify,policy policy "$CLASSIFIED_PARTITIONS" mixed
FULL_RATE=$RATE FULL_PEAK=$PEAK_MB
row "C pipe on the whole pipeline's dev-broker, msg/s: median ($C_RUNS)" "$C_RATE" "-" "1.00" "reference" "-"
row "whole pipeline (classify + policy, 1 process), msg/s: median ($W_RUNS)" "$RATE" "$C_RATE" \
    "$(ratio "$RATE" "$C_RATE")" "≥ 0.4" "$(met "$(ratio "$RATE" "$C_RATE")" ">=" 0.4)"
cpu_row
row "  peak RSS of the last run, MB" "$FULL_PEAK" "-" "-" "-" "-"

# --- Mixed stream: 20% raw bounce emails; the C pipe on the same stream is the reference.
log "mixed stream"
timeout "$TIMEOUT" "$REFPIPE" pipe -b "$BROKERS" -i bench.mixed -o mixed.ref.out -g ref-mixed -n "$MIXED_EVENTS" |
    tee "$RUN_DIR/refpipe-mixed.txt" >&2
C_MIXED=$(field rate <"$RUN_DIR/refpipe-mixed.txt")
run_worker x1 bench.mixed "$MIXED_EVENTS" classify classify classify 12
row "mixed stream (20% raw emails), C pipe, msg/s" "$C_MIXED" "-" "1.00" "reference" "-"
row "mixed stream, classify stage alone, msg/s" "$RATE" "$C_MIXED" "$(ratio "$RATE" "$C_MIXED")" "-" "-"
run_worker x2 bench.mixed "$MIXED_EVENTS" classify,policy classify policy "$CLASSIFIED_PARTITIONS"
row "mixed stream, whole pipeline, msg/s" "$RATE" "$C_MIXED" "$(ratio "$RATE" "$C_MIXED")" "-" "-"

# --- Memory: the 1M backlog waits while every broker answers MEMORY_RTT_MS late; with the shipped consumer
# settings (the bounds under test), then with the tuned prefetch the throughput figures use.
memory_run() { # memory_run PREFIX [NAME=VALUE...]: sets MEMORY_PEAK and MEMORY_DONE
    local prefix=$1 i rss
    shift
    broker_cmd rtt -1 "$MEMORY_RTT_MS"
    worker_topics "$prefix" "$CLASSIFIED_PARTITIONS" 12
    start_worker "$prefix" bench.raw 9501 classify,policy "$@"
    for ((i = 0; i < MEMORY_SECONDS; i++)); do
        sleep 1
        rss=$(awk '/^VmRSS:/ { printf "%.0f\n", $2 / 1024 }' "/proc/$WORKER_PID/status")
        echo "$prefix $i $rss" >>"$RUN_DIR/memory-rss.txt"
    done
    MEMORY_PEAK=$(peak_rss_mb "$WORKER_PID")
    MEMORY_DONE=$(processed 9501 policy)
    broker_cmd rtt -1 0
    stop_worker "$WORKER_PID"
}
log "memory: ${MEMORY_SECONDS}s with rtt ${MEMORY_RTT_MS} ms"
memory_run m0
row "peak RSS, $EVENTS backlog, rtt ${MEMORY_RTT_MS} ms, ${MEMORY_SECONDS}s ($MEMORY_DONE done), MB" \
    "$MEMORY_PEAK" "$FULL_PEAK (unslowed run)" "$(ratio "$MEMORY_PEAK" "$FULL_PEAK")" "≤ 200 MB" \
    "$(met "$MEMORY_PEAK" "<=" 200)"

LAT_RATE=$((FULL_RATE > 200 ? FULL_RATE / 2 : 100)) # a failed pipeline run must not stop the others
log "latency at $LAT_RATE/s (½ × the backlog rate; $LATENCY_PAIRS pairs) and at $LATENCY_LIVE_RATE/s, ${LATENCY_SECONDS}s" \
    "each, every pair on a fresh dev-broker of $LATENCY_BROKERS broker(s)"
latency_pairs lat "$LAT_RATE" " = ½ × $FULL_RATE" "$LATENCY_PAIRS"
latency_pairs live "$LATENCY_LIVE_RATE" " (live)" 1

# --- Scaling: two processes in one group on the same backlog vs the one-process run above, on a fresh
# dev-broker after its own C pipe, like the one-process run.
log "scaling: a fresh dev-broker, the C pipe, then two processes"
fresh_broker
c_pipe refpipe-scaling.txt ref-scaling
row "C pipe on the scaling run's dev-broker, msg/s" "$C_RATE" "-" "1.00" "reference" "-"
worker_topics s2 "$CLASSIFIED_PARTITIONS" 12
start_worker s2 bench.raw 9501 classify,policy
PID_A=$WORKER_PID
start_worker s2 bench.raw 9502 classify,policy
PID_B=$WORKER_PID
# The clock starts once both processes hold partitions of both stages (a later join would be a rebalance
# of ~session.timeout on the mock, not processing); messages processed before that are not counted.
for ((i = 0; i < 300; i++)); do
    joined=1
    for port in 9501 9502; do
        for stage in classify policy; do
            (($(metric $port bounce_worker_assigned_partitions "stage=\"$stage\"") > 0)) || joined=0
        done
    done
    ((joined)) && break
    sleep 0.1
done
JOINED_AT=$(now)
DONE_AT_JOIN=$(processed 9501 9502 policy)
wait_rate "$EVENTS" "$TIMEOUT" policy policy 9501 9502 >/dev/null
TWO_RATE=$(awk -v a="$JOINED_AT" -v b="$(now)" -v n="$((EVENTS - DONE_AT_JOIN))" 'BEGIN { printf "%.0f", n / (b - a) }')
log "two processes: $DONE_AT_JOIN processed before both joined; $TWO_RATE msg/s after"
stop_worker "$PID_A"
stop_worker "$PID_B"
row "two processes in one group, msg/s" "$TWO_RATE" "$FULL_RATE (one)" "$(ratio "$TWO_RATE" "$FULL_RATE")" \
    "≥ 1.6 with the cores ($(nproc) here)" "$(met "$(ratio "$TWO_RATE" "$FULL_RATE")" ">=" 1.6)"

column -t -s $'\t' "$TABLE" | tee "$RUN_DIR/table.txt"
