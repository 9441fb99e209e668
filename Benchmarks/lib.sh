# Helpers of run-e2e.sh: process bookkeeping, the dev broker, workers and their /metrics.
# Sourced, not run. Every process started here is recorded in STARTED and stopped by stop_all (the trap).

STARTED=()

now() { date +%s.%N; }

log() { printf '▸ %s\n' "$*" >&2; }

stop_all() {
    local pid
    for pid in "${STARTED[@]}"; do
        kill -TERM "$pid" 2>/dev/null || true
    done
    for pid in "${STARTED[@]}"; do
        wait "$pid" 2>/dev/null || true
    done
    STARTED=()
}

# begin_results: creates RUN_DIR, stops every process started here when the script ends (or is interrupted),
# and starts the results table TABLE, to which `row` adds a line.
begin_results() {
    mkdir -p "$RUN_DIR"
    trap 'stop_all; exec 3>&- 2>/dev/null || true; rm -f "$RUN_DIR/broker.in"' EXIT
    trap 'exit 130' INT TERM
    TABLE="$RUN_DIR/table.tsv"
    printf 'figure\tvalue\treference\tratio\ttarget\tmet\n' >"$TABLE"
}
row() { printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$@" >>"$TABLE"; } # row FIGURE VALUE REFERENCE RATIO TARGET MET

# start_broker DIR [COUNT]: dev-broker with COUNT brokers (default 3) and no default topics; commands go
# through a FIFO kept open on fd 3, so `broker_cmd` can slow the round-trip (`rtt`) or create topics while the
# benchmark runs.
start_broker() {
    local dir=$1 count=${2:-3}
    mkfifo "$dir/broker.in"
    "$BIN" dev-broker --brokers "$count" --no-default-topics --bootstrap-file "$dir/bootstrap" \
        <"$dir/broker.in" >"$dir/broker.out" 2>"$dir/broker.err" &
    BROKER_PID=$!
    STARTED+=("$BROKER_PID")
    exec 3>"$dir/broker.in"
    local waited=0
    until [[ -s "$dir/bootstrap" ]]; do
        sleep 0.1
        waited=$((waited + 1))
        ((waited < 300)) || { log "dev-broker did not start"; return 1; }
    done
    BROKERS=$(cat "$dir/bootstrap")
}

# restart_broker DIR [COUNT]: stops the dev-broker and starts an empty one of COUNT brokers (default 3) in its
# place (new BROKERS); the output of the one stopped is kept as broker-N.out / broker-N.err.
restart_broker() {
    local dir=$1
    exec 3>&-
    kill -TERM "$BROKER_PID" 2>/dev/null || true
    wait "$BROKER_PID" 2>/dev/null || true
    BROKER_GENERATION=$((${BROKER_GENERATION:-1} + 1))
    mv "$dir/broker.out" "$dir/broker-$((BROKER_GENERATION - 1)).out"
    mv "$dir/broker.err" "$dir/broker-$((BROKER_GENERATION - 1)).err"
    rm -f "$dir/broker.in" "$dir/bootstrap"
    start_broker "$dir" "${@:2}"
}

# broker_cmd COMMAND...: one fault/topic command; waits for its answer (`ok` or `error: ...`).
broker_cmd() {
    local before
    before=$(wc -l <"$RUN_DIR/broker.out")
    echo "$*" >&3
    local waited=0
    while (($(wc -l <"$RUN_DIR/broker.out") <= before)); do
        sleep 0.05
        waited=$((waited + 1))
        ((waited < 200)) || { log "dev-broker did not answer '$*'"; return 1; }
    done
    local answer
    answer=$(tail -n 1 "$RUN_DIR/broker.out")
    [[ $answer == ok ]] || { log "dev-broker: '$*' → $answer"; return 1; }
}

# worker_topics PREFIX CLASSIFIED OUTPUTS: the topics of one worker run (so runs never read each other's
# outputs): CLASSIFIED partitions for the internal topic, OUTPUTS for the others. The internal topic must
# retain the whole backlog's results until the policy stage reads them (the mock keeps ~5 MiB per partition).
worker_topics() {
    local prefix=$1 classified=$2 outputs=$3 name
    broker_cmd topic "$prefix.classified" "$classified"
    broker_cmd topic "$prefix.policy-state" "$classified" # the changelog is co-partitioned with its input
    for name in bounce-log status blacklist dlq; do
        broker_cmd topic "$prefix.$name" "$outputs"
    done
    broker_cmd topic "$prefix.commands" 12
}

# The container image's allocator (deploy/Dockerfile): jemalloc, preloaded, with its MALLOC_CONF. `make bench`
# installs Debian's libjemalloc2 when it is missing.
JEMALLOC=/usr/lib/$(uname -m)-linux-gnu/libjemalloc.so.2
IMAGE_MALLOC_CONF=narenas:2,dirty_decay_ms:1000,muzzy_decay_ms:0

# start_worker PREFIX INPUT PORT STAGES [NAME=VALUE...]: a release worker reading INPUT, writing PREFIX.*
# topics, serving /metrics on PORT, with the container image's allocator (JEMALLOC, IMAGE_MALLOC_CONF).
# Sets WORKER_PID.
start_worker() {
    local prefix=$1 input=$2 port=$3 stages=$4
    shift 4
    [[ -e $JEMALLOC ]] || { log "$JEMALLOC missing (Debian: apt-get install libjemalloc2)"; return 1; }
    env LD_PRELOAD="$JEMALLOC" MALLOC_CONF="$IMAGE_MALLOC_CONF" BW_KAFKA_BROKERS="$BROKERS" BW_STAGES="$stages" BW_HTTP_PORT="$port" \
        BW_TOPIC_RAW="$input" BW_TOPIC_COMMANDS="$prefix.commands" BW_TOPIC_CLASSIFIED="$prefix.classified" \
        BW_TOPIC_BOUNCE_LOG="$prefix.bounce-log" BW_TOPIC_SUBSCRIBER_STATUS="$prefix.status" \
        BW_TOPIC_BLACKLIST="$prefix.blacklist" BW_TOPIC_POLICY_STATE="$prefix.policy-state" \
        BW_TOPIC_DLQ="$prefix.dlq" BW_CLASSIFY_GROUP="$prefix-classify" BW_POLICY_GROUP="$prefix-policy" \
        BW_SESSION_TIMEOUT_MS=6000 BW_HEARTBEAT_INTERVAL_MS=500 BW_LOG_LEVEL=warning "$@" \
        "$BIN" run >"$RUN_DIR/$prefix.$port.log" 2>&1 &
    WORKER_PID=$!
    STARTED+=("$WORKER_PID")
}

# stop_worker PID: graceful stop (SIGTERM: drain, flush, commit, leave the group), bounded in time.
stop_worker() {
    local pid=$1 waited=0
    kill -TERM "$pid" 2>/dev/null || return 0
    while kill -0 "$pid" 2>/dev/null; do
        sleep 0.1
        waited=$((waited + 1))
        if ((waited > 400)); then kill -KILL "$pid" 2>/dev/null || true; fi
    done
    wait "$pid" 2>/dev/null || true
}

# metric PORT NAME LABEL: the sum of NAME's samples whose labels contain LABEL (e.g. stage="policy"); -1 if
# the worker does not answer (not started yet, or too busy to answer within 5 s): callers must not read that
# as "nothing processed yet".
metric() {
    local text
    text=$(curl -fs --max-time 5 "http://127.0.0.1:$1/metrics" 2>/dev/null) || { echo -1; return; }
    awk -v name="$2" -v label="$3" '
        index($0, name) == 1 && (label == "" || index($0, label)) { sum += $NF }
        END { printf "%d\n", sum }' <<<"$text"
}

# processed PORT... STAGE: messages of STAGE fully processed, summed over the workers on the ports; -1 if one
# of them did not answer.
processed() {
    local stage=${*: -1} total=0 port value
    for port in "${@:1:$#-1}"; do
        value=$(metric "$port" bounce_worker_messages_processed_total "stage=\"$stage\"")
        ((value >= 0)) || { echo -1; return; }
        total=$((total + value))
    done
    echo "$total"
}

# wait_rate COUNT TIMEOUT FIRST_STAGE LAST_STAGE PORT...: polls about every 0.2 s; the clock starts at the
# last poll that saw no message of FIRST_STAGE processed (so the group join is excluded, and the rate is
# conservative by at most one poll; a poll the worker did not answer moves nothing) and stops at the poll that
# sees COUNT processed by LAST_STAGE.
# Prints "SECONDS RATE".
wait_rate() {
    local count=$1 timeout=$2 first_stage=$3 last_stage=$4
    shift 4
    local started t0="" t_zero t c
    started=$(now)
    t_zero=$started
    while :; do
        t=$(now)
        if [[ -z $t0 ]]; then
            c=$(processed "$@" "$first_stage")
            if ((c > 0)); then t0=$t_zero; elif ((c == 0)); then t_zero=$t; fi
        fi
        if [[ -n $t0 ]]; then
            c=$(processed "$@" "$last_stage")
            if ((c >= count)); then
                awk -v a="$t0" -v b="$(now)" -v n="$count" 'BEGIN { printf "%.2f %.0f\n", b - a, n / (b - a) }'
                return 0
            fi
        fi
        if awk -v a="$started" -v b="$t" -v l="$timeout" 'BEGIN { exit !(b - a > l) }'; then
            log "timed out after ${timeout}s ($last_stage processed $(processed "$@" "$last_stage") of $count)"
            echo "0 0"
            return 0
        fi
        sleep 0.2
    done
}

# cpu_per_message PID COUNT: the process's CPU time per message in µs, whole and split: "total librdkafka rest",
# where librdkafka is its own threads (named rdk:*) and the rest is Swift's cooperative pool and the threads that
# poll librdkafka. The group join is included.
cpu_per_message() {
    local hz total
    hz=$(getconf CLK_TCK)
    total=$(awk '{ print $14 + $15 }' "/proc/$1/stat" 2>/dev/null || echo 0)
    for task in /proc/"$1"/task/*; do awk '$2 ~ /^\(rdk:/ { print $14 + $15 }' "$task/stat" 2>/dev/null; done |
        awk -v total="$total" -v n="$2" -v hz="$hz" '{ r += $1 } END {
            f = (n > 0) ? 1e6 / hz / n : 0; printf "%.1f %.1f %.1f\n", total * f, r * f, (total - r) * f }'
}

# peak_rss_mb PID: VmHWM (the process's peak resident set) in MB.
peak_rss_mb() { awk '/^VmHWM:/ { printf "%.0f\n", $2 / 1024 }' "/proc/$1/status" 2>/dev/null || echo 0; }

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f\n", a / b; else print "n/a" }'; }

# met VALUE OP TARGET: "yes" or "no".
met() { [[ -n $1 && $1 != n/a ]] || { echo "n/a"; return; }; awk -v v="$1" -v t="$3" -v op="$2" 'BEGIN { ok = (op == ">=") ? v >= t : v <= t; print (ok ? "yes" : "no") }'; }

# median N...: the middle value (the lower of the two middle ones for an even count).
median() { printf '%s\n' "$@" | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
