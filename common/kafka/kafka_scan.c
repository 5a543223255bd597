/*
 * A blocking, group-less read of a topic's recent messages: every partition from the first
 * message at or after a timestamp up to the end as it was when the scan began. For worker
 * threads only (it waits on the network); used to find out which records an earlier owner of a
 * partition already delivered.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "kafka_internal.h"

static const char *const scan_refused[] = {
    "group.id", "bootstrap.servers", "metadata.broker.list", "enable.auto.commit", NULL,
};

static uint64_t scan_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

static int64_t scan_remaining_ms(uint64_t deadline_ms)
{
    uint64_t now = scan_now_ms();
    return now >= deadline_ms ? 0 : (int64_t)(deadline_ms - now);
}

/* The topic's partitions, each at the first offset at or after since_ms, and the end offsets
 * (high watermarks) they must be read up to. Partitions with nothing to read are left out. */
static int scan_plan(rd_kafka_t *rk, const char *topic, int64_t since_ms, uint64_t deadline,
                     rd_kafka_topic_partition_list_t **plan, int64_t **ends, char *err,
                     size_t errlen)
{
    const struct rd_kafka_metadata *md = NULL;
    rd_kafka_topic_t *rkt = rd_kafka_topic_new(rk, topic, NULL);
    rd_kafka_resp_err_t e;
    rd_kafka_topic_partition_list_t *list = NULL;
    int rc = 0;

    *plan = NULL;
    *ends = NULL;
    if (rkt == NULL) {
        snprintf(err, errlen, "topic handle for %s: out of memory", topic);
        return -ENOMEM;
    }
    e = rd_kafka_metadata(rk, 0, rkt, &md, (int)scan_remaining_ms(deadline));
    rd_kafka_topic_destroy(rkt);
    if (e != RD_KAFKA_RESP_ERR_NO_ERROR || md->topic_cnt != 1 || md->topics[0].err != 0) {
        snprintf(err, errlen, "metadata of %s: %s", topic,
                 rd_kafka_err2str(e != 0               ? e
                                  : md->topic_cnt == 1 ? md->topics[0].err
                                                       : e));
        rc = e != 0 ? kafka_errno(e) : -ENOENT;
        goto out;
    }
    list = rd_kafka_topic_partition_list_new(md->topics[0].partition_cnt);
    for (int i = 0; i < md->topics[0].partition_cnt; i++) {
        rd_kafka_topic_partition_list_add(list, topic, md->topics[0].partitions[i].id)->offset =
            since_ms;
    }
    e = rd_kafka_offsets_for_times(rk, list, (int)scan_remaining_ms(deadline));
    if (e != RD_KAFKA_RESP_ERR_NO_ERROR) {
        snprintf(err, errlen, "offsets of %s by time: %s", topic, rd_kafka_err2str(e));
        rc = kafka_errno(e);
        goto out;
    }
    *plan = rd_kafka_topic_partition_list_new(list->cnt);
    *ends = calloc((size_t)list->cnt + 1, sizeof(**ends));
    if (*ends == NULL) {
        rc = -ENOMEM;
        goto out;
    }
    for (int i = 0; i < list->cnt; i++) {
        int64_t low, high;
        if (list->elems[i].err != 0 || list->elems[i].offset < 0) {
            continue; /* nothing at or after since_ms (RD_KAFKA_OFFSET_END) */
        }
        e = rd_kafka_query_watermark_offsets(rk, topic, list->elems[i].partition, &low, &high,
                                             (int)scan_remaining_ms(deadline));
        if (e != RD_KAFKA_RESP_ERR_NO_ERROR) {
            snprintf(err, errlen, "end offset of %s [%d]: %s", topic, list->elems[i].partition,
                     rd_kafka_err2str(e));
            rc = kafka_errno(e);
            goto out;
        }
        if (list->elems[i].offset >= high) {
            continue;
        }
        (*ends)[(*plan)->cnt] = high;
        rd_kafka_topic_partition_list_add(*plan, topic, list->elems[i].partition)->offset =
            list->elems[i].offset;
    }
out:
    if (list != NULL) {
        rd_kafka_topic_partition_list_destroy(list);
    }
    if (md != NULL) {
        rd_kafka_metadata_destroy(md);
    }
    if (rc < 0) {
        if (*plan != NULL) {
            rd_kafka_topic_partition_list_destroy(*plan);
        }
        free(*ends);
        *plan = NULL;
        *ends = NULL;
    }
    return rc;
}

/* Hands one message and its headers to fn. */
static int scan_deliver(rd_kafka_message_t *m, kafka_scan_fn fn, void *arg)
{
    struct kafka_header headers[32];
    size_t count = 0;
    rd_kafka_headers_t *hdrs = NULL;
    const char *name;
    const void *value;
    size_t size;
    struct kafka_message msg = {
        .topic = rd_kafka_topic_name(m->rkt),
        .partition = m->partition,
        .offset = m->offset,
        .timestamp_ms = rd_kafka_message_timestamp(m, NULL),
        .key = m->key,
        .key_len = m->key_len,
        .value = m->payload,
        .value_len = m->len,
    };

    if (rd_kafka_message_headers(m, &hdrs) == RD_KAFKA_RESP_ERR_NO_ERROR) {
        for (size_t i = 0; count < sizeof(headers) / sizeof(headers[0]) &&
                           rd_kafka_header_get_all(hdrs, i, &name, &value, &size) == 0;
             i++) {
            headers[count++] = (struct kafka_header){name, value, size};
        }
    }
    return fn(arg, &msg, headers, count);
}

int kafka_scan_since(const struct kafka_scan_config *cfg, const char *topic, int64_t since_ms,
                     kafka_scan_fn fn, void *arg, char *err, size_t errlen)
{
    static const struct kafka_property defaults[] = {
        {"enable.auto.commit", "false"},
        {"enable.partition.eof", "true"},
        {"client.id", "ingest-scan"},
    };
    uint64_t deadline = scan_now_ms() + (cfg->timeout_ms != 0 ? cfg->timeout_ms : 30000);
    rd_kafka_conf_t *conf = rd_kafka_conf_new();
    rd_kafka_t *rk;
    rd_kafka_topic_partition_list_t *plan = NULL;
    int64_t *ends = NULL;
    int rc;

    rc = kafka_conf_apply(conf, defaults, sizeof(defaults) / sizeof(defaults[0]), cfg->properties,
                          cfg->property_count, scan_refused, err, errlen);
    /* librdkafka 2.0 assigns through its group machinery, so it needs a group id even though
     * this consumer never joins a group nor commits. */
    if (rc == 0 &&
        (rd_kafka_conf_set(conf, "bootstrap.servers", cfg->brokers, err, errlen) !=
             RD_KAFKA_CONF_OK ||
         rd_kafka_conf_set(conf, "group.id", "ingest-scan", err, errlen) != RD_KAFKA_CONF_OK)) {
        rc = -EINVAL;
    }
    if (rc < 0) {
        rd_kafka_conf_destroy(conf);
        return rc;
    }
    rk = rd_kafka_new(RD_KAFKA_CONSUMER, conf, err, errlen);
    if (rk == NULL) {
        rd_kafka_conf_destroy(conf);
        return -EINVAL;
    }
    rc = scan_plan(rk, topic, since_ms, deadline, &plan, &ends, err, errlen);
    if (rc < 0 || plan->cnt == 0) {
        goto out;
    }
    rd_kafka_resp_err_t e = rd_kafka_assign(rk, plan);
    if (e != RD_KAFKA_RESP_ERR_NO_ERROR) {
        snprintf(err, errlen, "assigning %s: %s", topic, rd_kafka_err2str(e));
        rc = kafka_errno(e);
        goto out;
    }
    int left = plan->cnt;
    while (left > 0) {
        int64_t remaining = scan_remaining_ms(deadline);
        if (remaining == 0) {
            snprintf(err, errlen, "reading %s did not reach its end in time", topic);
            rc = -ETIMEDOUT;
            break;
        }
        rd_kafka_message_t *m = rd_kafka_consumer_poll(rk, remaining > 200 ? 200 : (int)remaining);
        if (m == NULL) {
            continue;
        }
        bool eof = m->err == RD_KAFKA_RESP_ERR__PARTITION_EOF;
        if (m->err != RD_KAFKA_RESP_ERR_NO_ERROR && !eof) {
            /* Transient fetch errors are retried by librdkafka; a lasting one ends in the
             * deadline above. */
            rd_kafka_message_destroy(m);
            continue;
        }
        for (int i = 0; i < plan->cnt; i++) {
            if (plan->elems[i].partition == m->partition && ends[i] > 0) {
                if (!eof && m->offset < ends[i]) {
                    rc = scan_deliver(m, fn, arg);
                }
                /* The end offset itself may never come as a message (a transaction marker). */
                if (eof || m->offset + 1 >= ends[i]) {
                    ends[i] = 0; /* done */
                    left--;
                }
                break;
            }
        }
        rd_kafka_message_destroy(m);
        if (rc < 0) {
            snprintf(err, errlen, "the scan's callback failed");
            break;
        }
    }
out:
    if (plan != NULL) {
        rd_kafka_topic_partition_list_destroy(plan);
    }
    free(ends);
    rd_kafka_consumer_close(rk);
    rd_kafka_destroy(rk);
    return rc;
}
