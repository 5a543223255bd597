/*
 * Kafka helpers of ingestctl's reading commands (see ctl_kafka.h). Blocking librdkafka calls are
 * fine here: no event loop.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "ctl_kafka.h"

/* A scan or fetch that hears nothing for this long gives up rather than hang. */
#define CTL_KAFKA_IDLE_MS 30000
#define CTL_KAFKA_POLL_MS 200

rd_kafka_t *ctl_kafka_consumer_new(const char *brokers, const char *group, char *err, size_t errlen)
{
    rd_kafka_conf_t *conf = rd_kafka_conf_new();
    /* auto.offset.reset=error: an offset past either end of the log is reported to us instead of
     * silently moved, so that fetching a removed dead letter says so. */
    const char *settings[][2] = {
        {"bootstrap.servers", brokers},  {"group.id", group},
        {"enable.auto.commit", "false"}, {"enable.partition.eof", "true"},
        {"auto.offset.reset", "error"},
    };
    for (size_t i = 0; i < sizeof settings / sizeof settings[0]; i++) {
        if (rd_kafka_conf_set(conf, settings[i][0], settings[i][1], err, errlen) !=
            RD_KAFKA_CONF_OK) {
            rd_kafka_conf_destroy(conf);
            return NULL;
        }
    }
    rd_kafka_t *rk = rd_kafka_new(RD_KAFKA_CONSUMER, conf, err, errlen);
    if (rk == NULL) {
        rd_kafka_conf_destroy(conf);
    }
    return rk;
}

void ctl_kafka_consumer_destroy(rd_kafka_t *rk)
{
    if (rk != NULL) {
        rd_kafka_consumer_close(rk);
        rd_kafka_destroy(rk);
    }
}

int ctl_kafka_partitions(rd_kafka_t *rk, const char *topic, int32_t **ids, int *count, char *err,
                         size_t errlen)
{
    *ids = NULL;
    *count = 0;
    rd_kafka_topic_t *rkt = rd_kafka_topic_new(rk, topic, NULL);
    if (rkt == NULL) {
        snprintf(err, errlen, "invalid topic name %s", topic);
        return -ENOENT;
    }
    const struct rd_kafka_metadata *md = NULL;
    rd_kafka_resp_err_t merr = rd_kafka_metadata(rk, 0, rkt, &md, CTL_KAFKA_TIMEOUT_MS);
    int rc = 0;
    if (merr != RD_KAFKA_RESP_ERR_NO_ERROR) {
        snprintf(err, errlen, "cannot read metadata of %s: %s", topic, rd_kafka_err2str(merr));
        rc = -EIO;
    } else if (md->topic_cnt != 1 || md->topics[0].err != RD_KAFKA_RESP_ERR_NO_ERROR ||
               md->topics[0].partition_cnt == 0) {
        snprintf(err, errlen, "topic %s does not exist", topic);
        rc = -ENOENT;
    } else {
        int n = md->topics[0].partition_cnt;
        *ids = malloc((size_t)n * sizeof **ids);
        if (*ids == NULL) {
            rc = -ENOMEM;
        } else {
            for (int i = 0; i < n; i++) {
                (*ids)[i] = md->topics[0].partitions[i].id;
            }
            /* Metadata lists partitions in no promised order; callers print them sorted. */
            for (int i = 1; i < n; i++) {
                for (int j = i; j > 0 && (*ids)[j - 1] > (*ids)[j]; j--) {
                    int32_t t = (*ids)[j];
                    (*ids)[j] = (*ids)[j - 1];
                    (*ids)[j - 1] = t;
                }
            }
            *count = n;
        }
    }
    if (md != NULL) {
        rd_kafka_metadata_destroy(md);
    }
    rd_kafka_topic_destroy(rkt);
    return rc;
}

int ctl_kafka_assign_all(rd_kafka_t *rk, const char *topic, int64_t start, char *err, size_t errlen)
{
    int32_t *ids = NULL;
    int n = 0;
    int rc = ctl_kafka_partitions(rk, topic, &ids, &n, err, errlen);
    if (rc != 0) {
        return rc;
    }
    rd_kafka_topic_partition_list_t *parts = rd_kafka_topic_partition_list_new(n);
    for (int i = 0; i < n; i++) {
        rd_kafka_topic_partition_list_add(parts, topic, ids[i])->offset = start;
    }
    rd_kafka_resp_err_t aerr = rd_kafka_assign(rk, parts);
    rd_kafka_topic_partition_list_destroy(parts);
    free(ids);
    if (aerr != RD_KAFKA_RESP_ERR_NO_ERROR) {
        snprintf(err, errlen, "cannot assign %s: %s", topic, rd_kafka_err2str(aerr));
        return -EIO;
    }
    return 0;
}

/* Where a scan of one partition stops: the high watermark at the start. */
struct scan_part {
    int32_t id;
    int64_t end;
    int done;
};

static struct scan_part *scan_part_of(struct scan_part *parts, int n, int32_t id)
{
    for (int i = 0; i < n; i++) {
        if (parts[i].id == id) {
            return &parts[i];
        }
    }
    return NULL;
}

int ctl_kafka_scan(rd_kafka_t *rk, const char *topic, ctl_kafka_scan_fn fn, void *arg, char *err,
                   size_t errlen)
{
    int32_t *ids = NULL;
    int n = 0;
    int rc = ctl_kafka_partitions(rk, topic, &ids, &n, err, errlen);
    if (rc != 0) {
        return rc;
    }
    struct scan_part *parts = calloc((size_t)n, sizeof *parts);
    rd_kafka_topic_partition_list_t *assign = rd_kafka_topic_partition_list_new(n);
    int remaining = 0;
    if (parts == NULL) {
        rc = -ENOMEM;
        goto out;
    }
    for (int i = 0; i < n; i++) {
        int64_t low = 0, high = 0;
        rd_kafka_resp_err_t werr =
            rd_kafka_query_watermark_offsets(rk, topic, ids[i], &low, &high, CTL_KAFKA_TIMEOUT_MS);
        if (werr != RD_KAFKA_RESP_ERR_NO_ERROR) {
            snprintf(err, errlen, "cannot read the watermarks of %s [%d]: %s", topic, (int)ids[i],
                     rd_kafka_err2str(werr));
            rc = -EIO;
            goto out;
        }
        parts[i] = (struct scan_part){ids[i], high, high <= low};
        if (high > low) {
            rd_kafka_topic_partition_list_add(assign, topic, ids[i])->offset = low;
            remaining++;
        }
    }
    if (remaining == 0) {
        goto out;
    }
    rd_kafka_resp_err_t aerr = rd_kafka_assign(rk, assign);
    if (aerr != RD_KAFKA_RESP_ERR_NO_ERROR) {
        snprintf(err, errlen, "cannot assign %s: %s", topic, rd_kafka_err2str(aerr));
        rc = -EIO;
        goto out;
    }
    int idle_ms = 0;
    while (rc == 0 && remaining > 0) {
        rd_kafka_message_t *msg = rd_kafka_consumer_poll(rk, CTL_KAFKA_POLL_MS);
        if (msg == NULL) {
            idle_ms += CTL_KAFKA_POLL_MS;
            if (idle_ms >= CTL_KAFKA_IDLE_MS) {
                snprintf(err, errlen, "no message from %s for %d s", topic,
                         CTL_KAFKA_IDLE_MS / 1000);
                rc = -EIO;
            }
            continue;
        }
        idle_ms = 0;
        struct scan_part *p = scan_part_of(parts, n, msg->partition);
        if (msg->err == RD_KAFKA_RESP_ERR__PARTITION_EOF) {
            if (p != NULL && !p->done) {
                p->done = 1;
                remaining--;
            }
        } else if (msg->err != RD_KAFKA_RESP_ERR_NO_ERROR) {
            snprintf(err, errlen, "reading %s: %s", topic, rd_kafka_message_errstr(msg));
            rc = -EIO;
        } else if (p != NULL && !p->done) {
            if (msg->offset < p->end) {
                rc = fn(msg, arg);
            }
            /* The last offset may be a transaction marker that is never delivered; EOF covers
             * that case. */
            if (msg->offset >= p->end - 1) {
                p->done = 1;
                remaining--;
            }
        }
        rd_kafka_message_destroy(msg);
    }
    rd_kafka_assign(rk, NULL);
out:
    rd_kafka_topic_partition_list_destroy(assign);
    free(parts);
    free(ids);
    return rc;
}

int ctl_kafka_fetch(rd_kafka_t *rk, const char *topic, int32_t partition, int64_t offset,
                    rd_kafka_message_t **out, char *err, size_t errlen)
{
    *out = NULL;
    rd_kafka_topic_partition_list_t *assign = rd_kafka_topic_partition_list_new(1);
    rd_kafka_topic_partition_list_add(assign, topic, partition)->offset = offset;
    rd_kafka_resp_err_t aerr = rd_kafka_assign(rk, assign);
    rd_kafka_topic_partition_list_destroy(assign);
    if (aerr != RD_KAFKA_RESP_ERR_NO_ERROR) {
        snprintf(err, errlen, "cannot assign %s [%d]: %s", topic, (int)partition,
                 rd_kafka_err2str(aerr));
        return -EIO;
    }
    int rc = 1;
    for (int idle_ms = 0; rc == 1;) {
        rd_kafka_message_t *msg = rd_kafka_consumer_poll(rk, CTL_KAFKA_POLL_MS);
        if (msg == NULL) {
            idle_ms += CTL_KAFKA_POLL_MS;
            if (idle_ms >= CTL_KAFKA_IDLE_MS) {
                snprintf(err, errlen, "no answer from %s [%d] for %d s", topic, (int)partition,
                         CTL_KAFKA_IDLE_MS / 1000);
                rc = -EIO;
            }
            continue;
        }
        if (msg->err == RD_KAFKA_RESP_ERR__PARTITION_EOF ||
            msg->err == RD_KAFKA_RESP_ERR__AUTO_OFFSET_RESET ||
            msg->err == RD_KAFKA_RESP_ERR_OFFSET_OUT_OF_RANGE) {
            rc = -ENOENT;
        } else if (msg->err != RD_KAFKA_RESP_ERR_NO_ERROR) {
            snprintf(err, errlen, "reading %s [%d]: %s", topic, (int)partition,
                     rd_kafka_message_errstr(msg));
            rc = -EIO;
        } else if (msg->offset == offset) {
            *out = msg;
            msg = NULL;
            rc = 0;
        } else if (msg->offset > offset) {
            rc = -ENOENT; /* removed by compaction, or a transaction marker */
        }
        if (msg != NULL) {
            rd_kafka_message_destroy(msg);
        }
    }
    if (rc == -ENOENT) {
        snprintf(err, errlen, "no message at %s [%d] offset %lld", topic, (int)partition,
                 (long long)offset);
    }
    rd_kafka_assign(rk, NULL);
    return rc;
}

int ctl_kafka_header(const rd_kafka_message_t *msg, const char *name, char *buf, size_t cap)
{
    rd_kafka_headers_t *hdrs = NULL;
    const void *value = NULL;
    size_t size = 0;
    buf[0] = '\0';
    if (rd_kafka_message_headers(msg, &hdrs) != RD_KAFKA_RESP_ERR_NO_ERROR ||
        rd_kafka_header_get(hdrs, 0, name, &value, &size) != RD_KAFKA_RESP_ERR_NO_ERROR) {
        return -ENOENT;
    }
    if (value == NULL) {
        return 0;
    }
    size_t n = size < cap - 1 ? size : cap - 1;
    memcpy(buf, value, n);
    buf[n] = '\0';
    return 0;
}

json_t *ctl_json_bytes(const void *data, size_t len)
{
    if (data == NULL) {
        return json_null();
    }
    json_t *s = json_stringn(data, len);
    if (s != NULL) {
        return s;
    }
    static const char digits[] = "0123456789abcdef";
    char *hex = malloc(2 * len + 1);
    if (hex == NULL) {
        return NULL;
    }
    const unsigned char *p = data;
    for (size_t i = 0; i < len; i++) {
        hex[2 * i] = digits[p[i] >> 4];
        hex[2 * i + 1] = digits[p[i] & 0x0f];
    }
    hex[2 * len] = '\0';
    json_t *obj = json_pack("{s:s}", "hex", hex);
    free(hex);
    return obj;
}

json_t *ctl_json_headers(const rd_kafka_message_t *msg)
{
    json_t *obj = json_object();
    rd_kafka_headers_t *hdrs = NULL;
    if (obj == NULL || rd_kafka_message_headers(msg, &hdrs) != RD_KAFKA_RESP_ERR_NO_ERROR) {
        return obj;
    }
    const char *name;
    const void *value;
    size_t size;
    for (size_t i = 0;
         rd_kafka_header_get_all(hdrs, i, &name, &value, &size) == RD_KAFKA_RESP_ERR_NO_ERROR;
         i++) {
        json_object_set_new(obj, name, ctl_json_bytes(value, size));
    }
    return obj;
}
