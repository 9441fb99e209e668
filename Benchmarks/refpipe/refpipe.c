/*
 * refpipe: the benchmark's reference program, written directly against librdkafka.
 *
 *   refpipe pipe    -b BROKERS -i IN -o OUT -g GROUP -n COUNT
 *       Consume IN as a group member (enable.auto.offset.store=false), produce each value to OUT with the
 *       same key, store the input offset on the delivery report. Prints the rate from the first consumed
 *       message to the COUNT-th delivery report: the most any worker can do on this broker and machine.
 *   refpipe produce -b BROKERS -t TOPIC -n COUNT [-r RATE [-l LINGER_MS]] [-m PERCENT EMAIL...]
 *       Preload COUNT canonical events (~300 bytes) with large batches, or pace them at RATE/s (-r; the
 *       subscriber_id then carries the send time in microseconds for the latency measurement; linger.ms is
 *       LINGER_MS, default 1). With -m, PERCENT of the inputs are the given raw bounce emails (cycled).
 *   refpipe watch   -b BROKERS -t TOPIC -n COUNT
 *       Poll the sum of TOPIC's high watermarks until it reaches COUNT; prints the rate from the last poll
 *       that saw an empty topic (used for pipes that cannot report their own progress, e.g. kcat).
 *
 * Every mode prints one line of `key=value` pairs on stdout; diagnostics go to stderr.
 * Built by `make bench` with `cc -O2 refpipe.c $(pkg-config --cflags --libs rdkafka)`.
 */
#include <librdkafka/rdkafka.h>
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

static volatile sig_atomic_t stopping = 0;
static void on_signal(int sig) { (void)sig; stopping = 1; }

static double now_s(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int64_t wall_us(void) {
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

static void die(const char *what, const char *detail) {
    fprintf(stderr, "refpipe: %s: %s\n", what, detail);
    exit(2);
}

static void set(rd_kafka_conf_t *conf, const char *name, const char *value) {
    char err[512];
    if (rd_kafka_conf_set(conf, name, value, err, sizeof err) != RD_KAFKA_CONF_OK) die(name, err);
}

/* Applies REFPIPE_CONSUMER_PROPERTIES ("name=value,name=value"), the counterpart of BW_KAFKA_PROPERTIES. */
static void set_extra(rd_kafka_conf_t *conf, const char *variable) {
    const char *extra = getenv(variable);
    if (!extra || !*extra) return;
    char copy[1024];
    snprintf(copy, sizeof copy, "%s", extra);
    char *save = NULL;
    for (char *pair = strtok_r(copy, ",", &save); pair; pair = strtok_r(NULL, ",", &save)) {
        char *equals = strchr(pair, '=');
        if (!equals) die(variable, pair);
        *equals = 0;
        set(conf, pair, equals + 1);
    }
}

/* Options shared by all modes. */
struct options {
    const char *brokers, *in, *out, *group, *topic, *linger;
    long count;
    double rate;
    int raw_percent;
    char **emails;
    int email_count;
};

/* ---------------------------------------------------------------- pipe */

struct pipe_state {
    rd_kafka_t *consumer;
    rd_kafka_topic_t *in_topic; /* for rd_kafka_offset_store */
    long delivered, failed, target;
    double last_delivery;
    int64_t *stored; /* highest stored offset per input partition */
    int partitions;
};

/* The delivery report stores the input offset (packed in the opaque as partition << 48 | offset). Reports of
 * one input partition can arrive out of order (its keys go to several output partitions), so only a higher
 * offset is stored: enough for a throughput reference, not a contiguous-acknowledgement tracker. */
static void pipe_delivered(rd_kafka_t *rk, const rd_kafka_message_t *m, void *opaque) {
    (void)rk;
    struct pipe_state *s = opaque;
    if (m->err) {
        s->failed++;
        return;
    }
    uint64_t packed = (uint64_t)(uintptr_t)m->_private;
    int32_t partition = (int32_t)(packed >> 48);
    int64_t offset = (int64_t)(packed & ((1ULL << 48) - 1));
    if (partition < s->partitions && offset > s->stored[partition]) {
        s->stored[partition] = offset;
        rd_kafka_offset_store(s->in_topic, partition, offset); /* commits offset + 1 */
    }
    s->delivered++;
    s->last_delivery = now_s();
}

/* The worker's consumer settings (WorkerConfiguration.consumerConfiguration) where they are comparable. */
static rd_kafka_t *pipe_consumer(const struct options *o) {
    char err[512];
    rd_kafka_conf_t *conf = rd_kafka_conf_new();
    set(conf, "bootstrap.servers", o->brokers);
    set(conf, "group.id", o->group);
    set(conf, "auto.offset.reset", "earliest");
    set(conf, "partition.assignment.strategy", "cooperative-sticky");
    set(conf, "enable.auto.commit", "true");
    set(conf, "auto.commit.interval.ms", "1000");
    set(conf, "enable.auto.offset.store", "false");
    set(conf, "session.timeout.ms", getenv("BW_SESSION_TIMEOUT_MS") ? getenv("BW_SESSION_TIMEOUT_MS") : "6000");
    set(conf, "heartbeat.interval.ms", getenv("BW_HEARTBEAT_INTERVAL_MS") ? getenv("BW_HEARTBEAT_INTERVAL_MS") : "500");
    /* The worker's shipped consumer settings (BW_PREFETCH_KB=16384; queued.min.messages left at 100000). */
    set(conf, "queued.max.messages.kbytes", "16384");
    set(conf, "queued.min.messages", "100000");
    set(conf, "fetch.max.bytes", "8388608");
    set(conf, "max.partition.fetch.bytes", "1048576");
    set(conf, "fetch.wait.max.ms", "10"); /* BW_FETCH_WAIT_MAX_MS */
    set(conf, "enable.partition.eof", "false");
    set_extra(conf, "REFPIPE_CONSUMER_PROPERTIES");
    rd_kafka_t *rk = rd_kafka_new(RD_KAFKA_CONSUMER, conf, err, sizeof err);
    if (!rk) die("consumer", err);
    rd_kafka_poll_set_consumer(rk);
    return rk;
}

/* The worker's producer settings (WorkerConfiguration.producerConfiguration). */
static rd_kafka_t *pipe_producer(const struct options *o, struct pipe_state *s) {
    char err[512];
    rd_kafka_conf_t *conf = rd_kafka_conf_new();
    set(conf, "bootstrap.servers", o->brokers);
    set(conf, "enable.idempotence", "true");
    set(conf, "acks", "all");
    set(conf, "linger.ms", "5");
    set(conf, "compression.codec", "lz4"); /* as the worker's producer */
    set(conf, "queue.buffering.max.messages", "100000");
    rd_kafka_conf_set_dr_msg_cb(conf, pipe_delivered);
    rd_kafka_conf_set_opaque(conf, s);
    rd_kafka_t *rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, err, sizeof err);
    if (!rk) die("producer", err);
    return rk;
}

static int run_pipe(const struct options *o) {
    struct pipe_state s = {0};
    s.target = o->count;
    s.partitions = 4096;
    s.stored = malloc(sizeof(int64_t) * s.partitions);
    for (int i = 0; i < s.partitions; i++) s.stored[i] = -1;
    s.consumer = pipe_consumer(o);
    rd_kafka_t *producer = pipe_producer(o, &s);
    s.in_topic = rd_kafka_topic_new(s.consumer, o->in, NULL);
    rd_kafka_topic_partition_list_t *topics = rd_kafka_topic_partition_list_new(1);
    rd_kafka_topic_partition_list_add(topics, o->in, RD_KAFKA_PARTITION_UA);
    rd_kafka_resp_err_t e = rd_kafka_subscribe(s.consumer, topics);
    if (e) die("subscribe", rd_kafka_err2str(e));
    rd_kafka_topic_partition_list_destroy(topics);

    double started = now_s(), first = 0, progress = started + 1;
    long consumed = 0;
    int verbose = getenv("REFPIPE_PROGRESS") != NULL;
    while (!stopping && s.delivered + s.failed < s.target) {
        rd_kafka_poll(producer, 0);
        if (verbose && now_s() > progress) { /* REFPIPE_PROGRESS=1: where the time goes */
            fprintf(stderr, "refpipe: %.1fs consumed=%ld delivered=%ld\n", now_s() - started, consumed, s.delivered);
            progress += 1;
        }
        if (consumed >= s.target) { /* all read: wait for the last reports */
            rd_kafka_poll(producer, 50);
            continue;
        }
        rd_kafka_message_t *m = rd_kafka_consumer_poll(s.consumer, 100);
        if (!m) continue;
        if (m->err) {
            fprintf(stderr, "refpipe: consumer: %s\n", rd_kafka_message_errstr(m));
            rd_kafka_message_destroy(m);
            continue;
        }
        if (!first) first = now_s();
        consumed++;
        void *packed = (void *)(uintptr_t)(((uint64_t)m->partition << 48) | (uint64_t)m->offset);
        for (;;) {
            e = rd_kafka_producev(producer, RD_KAFKA_V_TOPIC(o->out), RD_KAFKA_V_KEY(m->key, m->key_len),
                                  RD_KAFKA_V_VALUE(m->payload, m->len), RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY),
                                  RD_KAFKA_V_OPAQUE(packed), RD_KAFKA_V_END);
            if (e != RD_KAFKA_RESP_ERR__QUEUE_FULL) break;
            rd_kafka_poll(producer, 10); /* wait for delivery reports to make room */
        }
        if (e) die("produce", rd_kafka_err2str(e));
        rd_kafka_message_destroy(m);
    }
    double seconds = s.last_delivery - first;
    /* The process's CPU time (all threads, the group join included) per delivered message. */
    struct rusage usage;
    getrusage(RUSAGE_SELF, &usage);
    double cpu = usage.ru_utime.tv_sec + usage.ru_stime.tv_sec + (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
    printf("mode=pipe messages=%ld failed=%ld seconds=%.3f rate=%.0f join_seconds=%.3f cpu_us_per_message=%.1f\n",
           s.delivered, s.failed, seconds, seconds > 0 ? s.delivered / seconds : 0, first ? first - started : 0,
           s.delivered > 0 ? cpu * 1e6 / s.delivered : 0);
    fflush(stdout);
    rd_kafka_flush(producer, 10000);
    rd_kafka_commit(s.consumer, NULL, 0);
    rd_kafka_consumer_close(s.consumer);
    rd_kafka_topic_destroy(s.in_topic);
    rd_kafka_destroy(s.consumer);
    rd_kafka_destroy(producer);
    return s.failed ? 1 : 0;
}

/* ---------------------------------------------------------------- produce */

/* SMTP replies cycled through the canonical events, so the classifier's rules see varied codes. */
static const char *replies[] = {
    "550 5.1.1 The email account that you tried to reach does not exist",
    "552 5.2.2 The email account that you tried to reach is over quota",
    "550 5.7.1 Message rejected as spam by Content Filtering",
    "451 4.7.0 Recipient server is rate-limiting your IP. Retry recommended",
    "550 5.1.2 The domain has no DNS / no MX records",
    "550 5.7.7 Message failed DMARC alignment for the From: domain",
};

static char *read_file(const char *path, size_t *length) {
    FILE *f = fopen(path, "rb");
    if (!f) die(path, strerror(errno));
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *data = malloc(n);
    if (fread(data, 1, n, f) != (size_t)n) die(path, "short read");
    fclose(f);
    *length = n;
    return data;
}

static int run_produce(const struct options *o) {
    char err[512];
    rd_kafka_conf_t *conf = rd_kafka_conf_new();
    set(conf, "bootstrap.servers", o->brokers);
    if (o->rate > 0) { /* paced: small batches, the latency run must not wait for a full batch */
        set(conf, "linger.ms", o->linger ? o->linger : "1");
    } else { /* preload: as few, as large batches as the mock accepts */
        set(conf, "linger.ms", "100");
        set(conf, "batch.num.messages", "10000");
        set(conf, "batch.size", "1000000");
        set(conf, "queue.buffering.max.messages", "1000000");
        set(conf, "queue.buffering.max.kbytes", "1048576");
    }
    rd_kafka_t *rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, err, sizeof err);
    if (!rk) die("producer", err);

    size_t *email_lengths = calloc(o->email_count + 1, sizeof(size_t));
    char **email_data = calloc(o->email_count + 1, sizeof(char *));
    for (int i = 0; i < o->email_count; i++) email_data[i] = read_file(o->emails[i], &email_lengths[i]);

    double started = now_s();
    long emails = 0;
    size_t bytes = 0;
    char value[1024], key[128];
    for (long i = 0; i < o->count && !stopping; i++) {
        if (o->rate > 0) { /* wait for this message's slot, sleeping at least 1 ms at a time */
            double due = started + i / o->rate, wait = due - now_s();
            while (wait > 0) {
                /* A busy wait for the next slot (34 us apart at 30,000/s) would take a core from the program
                 * under test; sleeping sends the messages due in each millisecond together, each stamped with
                 * its own send time. */
                rd_kafka_poll(rk, (int)(wait * 1000) + 1);
                wait = due - now_s();
            }
        }
        const char *payload;
        size_t length;
        int keylen = snprintf(key, sizeof key, "user%ld@d%ld.example", i, i % 997);
        if (o->email_count && o->raw_percent > 0 && (i % 100) < o->raw_percent) {
            payload = email_data[emails % o->email_count];
            length = email_lengths[emails % o->email_count];
            emails++;
        } else {
            /* Paced events carry their send time in subscriber_id, which the bounce-log row copies (its
             * event_id is a hash), so the latency is read back from the output topic. */
            char subscriber[64];
            if (o->rate > 0) snprintf(subscriber, sizeof subscriber, "lat-%lld-%ld", (long long)wall_us(), i);
            else snprintf(subscriber, sizeof subscriber, "sub-%ld", i);
            length = snprintf(value, sizeof value,
                              "{\"id\":\"bench-%09ld\",\"event\":\"bounce\",\"recipient\":\"%s\",\"smtp_reply\":\"%s\","
                              "\"remote_mta\":\"mx.d%ld.example\",\"campaign_id\":\"cmp-2026-11\",\"subscriber_id\":"
                              "\"%s\",\"list_id\":\"list-7\",\"timestamp\":\"2026-11-20T09:14:03Z\"}",
                              i, key, replies[i % 6], i % 997, subscriber);
            payload = value;
        }
        bytes += length;
        for (;;) {
            rd_kafka_resp_err_t e = rd_kafka_producev(
                rk, RD_KAFKA_V_TOPIC(o->topic), RD_KAFKA_V_KEY(key, keylen), RD_KAFKA_V_VALUE((void *)payload, length),
                RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY), RD_KAFKA_V_END);
            if (e == RD_KAFKA_RESP_ERR_NO_ERROR) break;
            if (e != RD_KAFKA_RESP_ERR__QUEUE_FULL) die("produce", rd_kafka_err2str(e));
            rd_kafka_poll(rk, 10);
        }
        rd_kafka_poll(rk, 0);
    }
    if (rd_kafka_flush(rk, 60000)) die("flush", "timed out");
    double seconds = now_s() - started;
    printf("mode=produce messages=%ld emails=%ld bytes=%zu seconds=%.3f rate=%.0f\n", o->count, emails, bytes, seconds,
           o->count / seconds);
    rd_kafka_destroy(rk);
    return 0;
}

/* ---------------------------------------------------------------- watch */

static int run_watch(const struct options *o) {
    char err[512];
    rd_kafka_conf_t *conf = rd_kafka_conf_new();
    set(conf, "bootstrap.servers", o->brokers);
    rd_kafka_t *rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, err, sizeof err);
    if (!rk) die("watch", err);
    rd_kafka_topic_t *rkt = rd_kafka_topic_new(rk, o->topic, NULL);
    const struct rd_kafka_metadata *md;
    rd_kafka_resp_err_t e = rd_kafka_metadata(rk, 0, rkt, &md, 10000);
    if (e || md->topic_cnt != 1) die("metadata", rd_kafka_err2str(e));
    int partitions = md->topics[0].partition_cnt;
    rd_kafka_metadata_destroy(md);

    /* The clock starts at the last poll that saw an empty topic: conservative by at most one poll. */
    double first = 0, last = 0, empty = now_s();
    long total = 0;
    while (!stopping) {
        total = 0;
        for (int p = 0; p < partitions; p++) {
            int64_t low, high;
            if (rd_kafka_query_watermark_offsets(rk, o->topic, p, &low, &high, 5000) == 0) total += high;
        }
        double t = now_s();
        if (total == 0) empty = t;
        else if (!first) first = empty;
        if (total >= o->count) {
            last = t;
            break;
        }
        usleep(100000);
    }
    double seconds = last - first;
    printf("mode=watch messages=%ld seconds=%.3f rate=%.0f\n", total, seconds,
           seconds > 0 ? total / seconds : 0);
    rd_kafka_topic_destroy(rkt);
    rd_kafka_destroy(rk);
    return last ? 0 : 1;
}

/* ---------------------------------------------------------------- main */

static void usage(void) {
    fprintf(stderr, "usage: refpipe pipe -b BROKERS -i IN -o OUT -g GROUP -n COUNT\n"
                    "       refpipe produce -b BROKERS -t TOPIC -n COUNT [-r RATE [-l LINGER_MS]] [-m PERCENT EMAIL...]\n"
                    "       refpipe watch -b BROKERS -t TOPIC -n COUNT\n");
    exit(2);
}

int main(int argc, char **argv) {
    if (argc < 2) usage();
    const char *mode = argv[1];
    struct options o = {0};
    int c;
    optind = 2;
    while ((c = getopt(argc, argv, "b:i:o:g:t:n:r:l:m:")) != -1) {
        switch (c) {
        case 'b': o.brokers = optarg; break;
        case 'i': o.in = optarg; break;
        case 'o': o.out = optarg; break;
        case 'g': o.group = optarg; break;
        case 't': o.topic = optarg; break;
        case 'n': o.count = atol(optarg); break;
        case 'r': o.rate = atof(optarg); break;
        case 'l': o.linger = optarg; break;
        case 'm': o.raw_percent = atoi(optarg); break;
        default: usage();
        }
    }
    o.emails = argv + optind;
    o.email_count = argc - optind;
    if (!o.brokers || o.count <= 0) usage();
    signal(SIGINT, on_signal);
    signal(SIGTERM, on_signal);
    if (!strcmp(mode, "pipe") && o.in && o.out && o.group) return run_pipe(&o);
    if (!strcmp(mode, "produce") && o.topic) return run_produce(&o);
    if (!strcmp(mode, "watch") && o.topic) return run_watch(&o);
    usage();
}
