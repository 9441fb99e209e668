# The latency runs of run-e2e.sh and run-latency.sh: their settings and functions. Sourced after lib.sh, by a
# script that sets RUN_DIR, BIN, REFPIPE and TIMEOUT, has called begin_results and has started a dev-broker.

LATENCY_SECONDS=20
# The latency runs' input topic and paced producer: few partitions and the worker's own linger.ms make record
# batches of several messages. The mock answers a fetch with one record batch per partition, so a consumer
# reading one-record batches (120 partitions, linger.ms=1: until 2026-11-23) falls behind for good once a
# fetch takes longer than the producer's linger; on that topic even the C pipe's p99 was seconds. 6 partitions
# (12 until 2026-11-24) halve the batches the mock's fetches walk (below): at 28,512 msg/s, alternating on
# one-broker dev-brokers, 12 input partitions gave p99 4,026 / 517 ms and 6 gave 38 / 44 ms. These comparisons
# (here and below) predate the paced producer's sleeping (2026-11-24 05:20): it busy-waited then, and part of
# what they show is the worker short of CPU (BENCHMARKS.md, "The load generator's busy wait").
LATENCY_PARTITIONS=6 LATENCY_LINGER_MS=5
# The latency runs have a dev-broker of their own with one broker, and a classified topic of 6 partitions
# (outputs 24, so that the mock keeps every bounce-log row). The mock holds a fetch that finds no new record for
# the whole fetch.wait.max.ms instead of answering when one arrives (a real Kafka answers at once), and walks a
# partition's list of record batches from its start for every fetch that returns data (a list that grows by ~200
# batches a second per partition at linger.ms=5, up to ~5 MiB). Spread over 3 brokers a consumer's fetches hold a
# few partitions each and often wait; with 24 classified partitions the policy stage walks four times as many
# lists as with 6. At 36,800 msg/s, 12 input partitions (single runs, 2026-11-24): 3 brokers and 24 partitions
# (as until 2026-11-24) p99 2.4 s; 1 broker and 24 partitions 534 ms; 1 and 12: 40 / 43 / 545 ms; 1 and 6: 38 /
# 40 / 40 ms. 6 partitions keep ~7 s of the classified stream, slack enough at half the rate.
LATENCY_BROKERS=1 LATENCY_CLASSIFIED_PARTITIONS=6 LATENCY_OUTPUT_PARTITIONS=24
LATENCY_PAIRS=${BENCH_LATENCY_PAIRS:-3} # C pipe / worker pairs at half the rate; the median worker p99 decides
LATENCY_LIVE_RATE=1000 # a live stream's rate that the two hops keep up with on the mock (see BENCHMARKS.md)

# --- Latency: input CreateTime → bounce-log record (see BENCHMARKS.md), at half the whole pipeline's backlog
# rate (the issue's figure) and at a fixed live rate of LATENCY_LIVE_RATE, each beside the C pipe (one
# consume → produce hop) at the same rate on the same broker.
# latency_rows TOPIC OUT: for every record of TOPIC, its CreateTime (ms, set when it was produced) minus the
# send time the paced producer wrote into the subscriber id (lat-<µs>-<n>), which both the C pipe's copies and
# the bounce-log rows carry; "LATENCY_MS SEND_US" per line.
latency_rows() {
    timeout 120 kcat -C -b "$BROKERS" -t "$1" -e -q -f '%T %s\n' |
        sed -n 's/^\([0-9]*\) .*"subscriber_id": *"lat-\([0-9]*\)-.*/\1 \2/p' |
        awk '{ print $1 - $2 / 1000, $2 }' >"$2"
}
pct() { awk -v p="$1" '{ v[NR] = $1 } END { i = int(NR * p + 0.999999); if (i < 1) i = 1; printf "%.0f\n", v[i] }' "$2"; }
percentiles() { echo "$(pct 0.5 "$1") / $(pct 0.99 "$1") / $(pct 0.999 "$1")"; }
# reference_latency NAME RATE: the C pipe at RATE for LATENCY_SECONDS; sets REF_MS (sorted latencies).
reference_latency() {
    local name=$1 rate=$2 count=$(($2 * LATENCY_SECONDS)) pid
    broker_cmd topic "$name.raw" "$LATENCY_PARTITIONS"
    broker_cmd topic "$name.out" 12
    timeout "$TIMEOUT" "$REFPIPE" pipe -b "$BROKERS" -i "$name.raw" -o "$name.out" -g "$name" -n "$count" \
        >"$RUN_DIR/$name.txt" &
    pid=$!
    STARTED+=("$pid")
    sleep 6 # its group join
    "$REFPIPE" produce -b "$BROKERS" -t "$name.raw" -n "$count" -r "$rate" -l "$LATENCY_LINGER_MS" >&2
    wait "$pid" || true
    latency_rows "$name.out" "$RUN_DIR/$name-raw.txt"
    REF_MS=$RUN_DIR/$name-ms.txt
    cut -d' ' -f1 "$RUN_DIR/$name-raw.txt" | sort -n >"$REF_MS"
}
# worker_latency NAME RATE: both stages in one process at RATE for LATENCY_SECONDS; sets WORKER_MS.
worker_latency() {
    local name=$1 rate=$2 count=$(($2 * LATENCY_SECONDS)) i
    broker_cmd topic "$name.raw" "$LATENCY_PARTITIONS"
    # Outputs on 24 partitions: the mock keeps ~5 MiB per partition, and 12 held only the last ~540,000
    # bounce-log rows (~116 bytes each, compressed), fewer than a run at 32,000 msg/s writes.
    worker_topics "$name" "$LATENCY_CLASSIFIED_PARTITIONS" "$LATENCY_OUTPUT_PARTITIONS"
    start_worker "$name" "$name.raw" 9501 classify,policy
    for ((i = 0; i < 300; i++)); do # both stages in their groups before the first event
        (($(metric 9501 bounce_worker_assigned_partitions 'stage="policy"') > 0 &&
            $(metric 9501 bounce_worker_assigned_partitions 'stage="classify"') > 0)) && break
        sleep 0.1
    done
    sleep 2
    "$REFPIPE" produce -b "$BROKERS" -t "$name.raw" -n "$count" -r "$rate" -l "$LATENCY_LINGER_MS" | tee "$RUN_DIR/$name-produce.txt" >&2
    wait_rate "$count" "$TIMEOUT" policy policy 9501 >/dev/null
    # The worker's own histogram (per stage: that stage's input timestamp → its outputs acknowledged), kept.
    curl -fs "http://127.0.0.1:9501/metrics" | grep processing_latency >"$RUN_DIR/$name-histogram.txt" || true
    stop_worker "$WORKER_PID"
    latency_rows "$name.bounce-log" "$RUN_DIR/$name-raw.txt" # CreateTime: when the policy stage produced it
    latency_rows "$name.classified" "$RUN_DIR/$name-hop1-raw.txt" # the first hop alone, kept for the reading
    WORKER_MS=$RUN_DIR/$name-ms.txt
    cut -d' ' -f1 "$RUN_DIR/$name-raw.txt" | sort -n >"$WORKER_MS"
}
slashed() { local IFS=/; local joined="$*"; echo "${joined//\// / }"; } # slashed A B C: "A / B / C"
# latency_pairs NAME RATE LABEL COUNT: COUNT times, on a fresh dev-broker of LATENCY_BROKERS broker(s), the C
# pipe and then the worker at RATE. Table rows for the pair whose worker p99 is the median, listing every pair's
# p99 (single runs on the mock range from tens of milliseconds to seconds, see BENCHMARKS.md).
latency_pairs() {
    local name=$1 rate=$2 label=$3 count=$4 i p99 pick p99s=() ref_p99s=()
    for ((i = 1; i <= count; i++)); do
        restart_broker "$RUN_DIR" "$LATENCY_BROKERS"
        reference_latency "${name}ref$i" "$rate"
        ref_p99s+=("$(pct 0.99 "$REF_MS")")
        worker_latency "$name$i" "$rate"
        p99s+=("$(pct 0.99 "$WORKER_MS")")
    done
    p99=$(median "${p99s[@]}")
    for ((pick = 1; pick < count; pick++)); do [[ ${p99s[pick - 1]} == "$p99" ]] && break; done
    local ref_ms=$RUN_DIR/${name}ref$pick-ms.txt worker_ms=$RUN_DIR/$name$pick-ms.txt
    local hop1_ms=$RUN_DIR/$name$pick-hop1-ms.txt ref_which="" which=""
    if ((count > 1)); then
        ref_which="pair $pick of p99 $(slashed "${ref_p99s[@]}"); "
        which="pair $pick, the median of p99 $(slashed "${p99s[@]}"); "
    fi
    row "latency reference: C pipe p50 / p99 / p999 at $rate msg/s (${ref_which}$(wc -l <"$ref_ms") rows), ms" \
        "$(percentiles "$ref_ms")" "-" "-" "-" "-"
    row "latency p50 / p99 / p999 at $rate msg/s$label (${which}$(wc -l <"$worker_ms") rows), ms" \
        "$(percentiles "$worker_ms")" "C pipe p99 ${ref_p99s[pick - 1]}" "-" "p99 ≤ 50 ms" "$(met "$p99" "<=" 50)"
    cut -d' ' -f1 "$RUN_DIR/$name$pick-hop1-raw.txt" | sort -n >"$hop1_ms"
    row "  of which the first hop (raw → classified record; the $(wc -l <"$hop1_ms") rows the mock kept), ms" \
        "$(percentiles "$hop1_ms")" "C pipe p99 ${ref_p99s[pick - 1]}" "-" "-" "-"
}
