#ifndef BOUNCEWORKER_CRDKAFKA_SHIM_H
#define BOUNCEWORKER_CRDKAFKA_SHIM_H

#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>

/*
 * Non-variadic wrapper around rd_kafka_producev(), which Swift cannot call
 * directly. The payload is always copied (RD_KAFKA_MSG_F_COPY).
 *
 * - partition: RD_KAFKA_PARTITION_UA (-1) lets the configured partitioner pick.
 * - headers: may be NULL; on success librdkafka takes ownership of them, on
 *   failure the caller still owns them and must destroy them.
 * - opaque: per-message opaque pointer handed back in the delivery report
 *   (rkmessage->_private).
 */
static inline rd_kafka_resp_err_t bw_rd_kafka_produce(rd_kafka_t *rk,
                                                      const char *topic,
                                                      int32_t partition,
                                                      const void *key,
                                                      size_t key_len,
                                                      const void *value,
                                                      size_t value_len,
                                                      rd_kafka_headers_t *headers,
                                                      void *opaque) {
        if (headers != NULL) {
                return rd_kafka_producev(
                    rk, RD_KAFKA_V_TOPIC(topic), RD_KAFKA_V_PARTITION(partition),
                    RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY),
                    RD_KAFKA_V_KEY(key, key_len),
                    RD_KAFKA_V_VALUE((void *)value, value_len),
                    RD_KAFKA_V_HEADERS(headers), RD_KAFKA_V_OPAQUE(opaque),
                    RD_KAFKA_V_END);
        }
        return rd_kafka_producev(
            rk, RD_KAFKA_V_TOPIC(topic), RD_KAFKA_V_PARTITION(partition),
            RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY),
            RD_KAFKA_V_KEY(key, key_len),
            RD_KAFKA_V_VALUE((void *)value, value_len),
            RD_KAFKA_V_OPAQUE(opaque), RD_KAFKA_V_END);
}

#endif
