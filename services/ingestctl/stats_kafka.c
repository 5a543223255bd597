/*
 * The Kafka part of `ingestctl stats` (see stats.h): the consumer group's lag per partition of
 * the raw topic, read without joining the group, and the dead letters counted by reason.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>

#include "ctl_kafka.h"
#include "stats.h"

int stats_kafka_lag(rd_kafka_t *rk, const char *topic, const char *group, json_t *report, char *err,
                    size_t errlen)
{
    int32_t *ids = NULL;
    int n = 0;
    int rc = ctl_kafka_partitions(rk, topic, &ids, &n, err, errlen);
    if (rc != 0) {
        return rc;
    }
    rd_kafka_topic_partition_list_t *parts = rd_kafka_topic_partition_list_new(n);
    for (int i = 0; i < n; i++) {
        rd_kafka_topic_partition_list_add(parts, topic, ids[i]);
    }
    /* OffsetFetch from the group coordinator: reading the group's offsets does not join it. */
    rd_kafka_resp_err_t cerr = rd_kafka_committed(rk, parts, CTL_KAFKA_TIMEOUT_MS);
    json_t *list = json_array();
    json_int_t total = 0;
    if (cerr != RD_KAFKA_RESP_ERR_NO_ERROR) {
        snprintf(err, errlen, "cannot read the committed offsets of group %s: %s", group,
                 rd_kafka_err2str(cerr));
        rc = -EIO;
        goto out;
    }
    for (int i = 0; i < parts->cnt; i++) {
        const rd_kafka_topic_partition_t *p = &parts->elems[i];
        int64_t low = 0, high = 0;
        rd_kafka_resp_err_t werr = rd_kafka_query_watermark_offsets(rk, topic, p->partition, &low,
                                                                    &high, CTL_KAFKA_TIMEOUT_MS);
        if (werr != RD_KAFKA_RESP_ERR_NO_ERROR) {
            snprintf(err, errlen, "cannot read the watermarks of %s [%d]: %s", topic,
                     (int)p->partition, rd_kafka_err2str(werr));
            rc = -EIO;
            goto out;
        }
        bool committed = p->err == RD_KAFKA_RESP_ERR_NO_ERROR && p->offset >= 0;
        int64_t from = committed ? p->offset : low;
        int64_t lag = high > from ? high - from : 0;
        total += lag;
        json_array_append_new(
            list, json_pack("{s:i, s:o, s:I, s:I, s:I}", "partition", (int)p->partition,
                            "committed", committed ? json_integer(p->offset) : json_null(), "low",
                            (json_int_t)low, "high", (json_int_t)high, "lag", (json_int_t)lag));
    }
    json_object_set_new(report, "lag",
                        json_pack("{s:s, s:s, s:O, s:I}", "topic", topic, "group", group,
                                  "partitions", list, "total", total));
out:
    json_decref(list);
    rd_kafka_topic_partition_list_destroy(parts);
    free(ids);
    return rc;
}

static int count_reason(const rd_kafka_message_t *msg, void *arg)
{
    json_t *by_reason = arg;
    char reason[128];
    ctl_kafka_header(msg, "ingest.reason", reason, sizeof reason);
    json_t *n = json_object_get(by_reason, reason);
    if (n == NULL) {
        return json_object_set_new(by_reason, reason, json_integer(1)) == 0 ? 0 : -ENOMEM;
    }
    json_integer_set(n, json_integer_value(n) + 1);
    return 0;
}

int stats_kafka_dead_letters(rd_kafka_t *rk, const char *topic, json_t *report, char *err,
                             size_t errlen)
{
    json_t *by_reason = json_object();
    if (by_reason == NULL) {
        return -ENOMEM;
    }
    int rc = ctl_kafka_scan(rk, topic, count_reason, by_reason, err, errlen);
    if (rc != 0) {
        json_decref(by_reason);
        return rc;
    }
    json_int_t total = 0;
    const char *reason;
    json_t *n;
    json_object_foreach(by_reason, reason, n)
    {
        total += json_integer_value(n);
    }
    json_object_set_new(
        report, "dead_letters",
        json_pack("{s:s, s:I, s:o}", "topic", topic, "total", total, "by_reason", by_reason));
    return 0;
}
