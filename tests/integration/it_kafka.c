#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <cmocka.h>

#include "it_support.h"

int64_t it_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void it_sleep_ms(int ms)
{
    struct timespec ts = {.tv_sec = ms / 1000, .tv_nsec = (long)(ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

/* Delivery reports find their it_produce through the message opaque. */
void it_on_delivery(rd_kafka_t *rk, const rd_kafka_message_t *m, void *opaque)
{
    (void)rk;
    (void)opaque;
    struct it_produce *p = m->_private;
    if (p == NULL) {
        return;
    }
    if (m->err != RD_KAFKA_RESP_ERR_NO_ERROR) {
        p->partition = -2;
        p->offset = -(int64_t)m->err;
        return;
    }
    p->partition = m->partition;
    p->offset = m->offset;
}

void it_produce(struct it_env *env, const char *topic, struct it_produce *msgs, size_t n)
{
    rd_kafka_t *producer = env->admin;
    for (size_t i = 0; i < n; i++) {
        msgs[i].partition = -1;
        msgs[i].offset = -1;
        rd_kafka_resp_err_t err;
        do {
            err = rd_kafka_producev(producer, RD_KAFKA_V_TOPIC(topic),
                                    RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY),
                                    RD_KAFKA_V_KEY((void *)msgs[i].key, msgs[i].key_len),
                                    RD_KAFKA_V_VALUE((void *)msgs[i].value, msgs[i].value_len),
                                    RD_KAFKA_V_OPAQUE(&msgs[i]), RD_KAFKA_V_END);
            if (err == RD_KAFKA_RESP_ERR__QUEUE_FULL) {
                rd_kafka_poll(producer, 50);
            }
        } while (err == RD_KAFKA_RESP_ERR__QUEUE_FULL);
        if (err != RD_KAFKA_RESP_ERR_NO_ERROR) {
            fail_msg("cannot produce message %zu to %s: %s", i, topic, rd_kafka_err2str(err));
        }
        rd_kafka_poll(producer, 0);
    }
    if (rd_kafka_flush(producer, 60000) != RD_KAFKA_RESP_ERR_NO_ERROR) {
        fail_msg("messages to %s not delivered within 60 s", topic);
    }
    for (size_t i = 0; i < n; i++) {
        if (msgs[i].partition < 0) {
            fail_msg("message %zu to %s not delivered: %s", i, topic,
                     rd_kafka_err2str((rd_kafka_resp_err_t)-msgs[i].offset));
        }
    }
}

static int partition_count(struct it_env *env, const char *topic)
{
    rd_kafka_topic_t *t = rd_kafka_topic_new(env->admin, topic, NULL);
    const struct rd_kafka_metadata *md = NULL;
    rd_kafka_resp_err_t err = rd_kafka_metadata(env->admin, 0, t, &md, 10000);
    rd_kafka_topic_destroy(t);
    if (err != RD_KAFKA_RESP_ERR_NO_ERROR || md->topic_cnt != 1) {
        fail_msg("no metadata for %s: %s", topic, rd_kafka_err2str(err));
    }
    int n = md->topics[0].partition_cnt;
    rd_kafka_metadata_destroy(md);
    return n;
}

static void *copy_bytes(const void *p, size_t len)
{
    if (p == NULL) {
        return NULL;
    }
    void *c = malloc(len ? len : 1);
    assert_non_null(c);
    memcpy(c, p, len);
    return c;
}

size_t it_consume(struct it_env *env, const char *topic, size_t want, int timeout_ms, int settle_ms,
                  struct it_message **out)
{
    char errstr[512];
    char group[192];
    snprintf(group, sizeof group, "%s.reader", env->prefix);
    rd_kafka_conf_t *conf = rd_kafka_conf_new();
    const char *props[][2] = {
        {"bootstrap.servers", env->brokers},
        {"group.id", group}, /* never joined or committed: partitions are assigned by hand */
        {"enable.auto.commit", "false"},
        {"enable.partition.eof", "false"},
        {"fetch.max.bytes", "16777216"},
        {"max.partition.fetch.bytes", "8388608"},
    };
    for (size_t i = 0; i < sizeof props / sizeof props[0]; i++) {
        rd_kafka_conf_set(conf, props[i][0], props[i][1], errstr, sizeof errstr);
    }
    rd_kafka_t *rk = rd_kafka_new(RD_KAFKA_CONSUMER, conf, errstr, sizeof errstr);
    assert_non_null(rk);
    int parts = partition_count(env, topic);
    rd_kafka_topic_partition_list_t *list = rd_kafka_topic_partition_list_new(parts);
    for (int p = 0; p < parts; p++) {
        rd_kafka_topic_partition_list_add(list, topic, p)->offset = RD_KAFKA_OFFSET_BEGINNING;
    }
    assert_int_equal(rd_kafka_assign(rk, list), RD_KAFKA_RESP_ERR_NO_ERROR);
    rd_kafka_topic_partition_list_destroy(list);

    size_t count = 0, cap = want > 0 ? want : 16;
    struct it_message *msgs = calloc(cap, sizeof *msgs);
    assert_non_null(msgs);
    int64_t deadline = it_now_ms() + timeout_ms;
    int64_t settle_until = -1;
    for (;;) {
        int64_t now = it_now_ms();
        if (settle_until < 0 && (count >= want || now > deadline)) {
            settle_until = now + settle_ms;
        }
        if (settle_until >= 0 && now >= settle_until) {
            break;
        }
        rd_kafka_message_t *m = rd_kafka_consumer_poll(rk, 100);
        if (m == NULL) {
            continue;
        }
        if (m->err != RD_KAFKA_RESP_ERR_NO_ERROR) {
            rd_kafka_message_destroy(m);
            continue;
        }
        if (count == cap) {
            cap *= 2;
            msgs = realloc(msgs, cap * sizeof *msgs);
            assert_non_null(msgs);
        }
        struct it_message *c = &msgs[count++];
        memset(c, 0, sizeof *c);
        c->partition = m->partition;
        c->offset = m->offset;
        c->key = copy_bytes(m->key, m->key_len);
        c->key_len = m->key_len;
        c->value = copy_bytes(m->payload, m->len);
        c->value_len = m->len;
        rd_kafka_headers_t *h = NULL;
        if (rd_kafka_message_headers(m, &h) == RD_KAFKA_RESP_ERR_NO_ERROR) {
            c->headers = rd_kafka_headers_copy(h);
        }
        rd_kafka_message_destroy(m);
    }
    rd_kafka_consumer_close(rk);
    rd_kafka_destroy(rk);
    *out = msgs;
    return count;
}

void it_messages_free(struct it_message *msgs, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(msgs[i].key);
        free(msgs[i].value);
        if (msgs[i].headers != NULL) {
            rd_kafka_headers_destroy(msgs[i].headers);
        }
    }
    free(msgs);
}

const char *it_header(const struct it_message *m, const char *name, char *buf, size_t cap)
{
    const void *v = NULL;
    size_t len = 0;
    if (m->headers == NULL ||
        rd_kafka_header_get_last(m->headers, name, &v, &len) != RD_KAFKA_RESP_ERR_NO_ERROR) {
        return NULL;
    }
    if (len >= cap) {
        len = cap - 1;
    }
    if (len > 0) {
        memcpy(buf, v, len);
    }
    buf[len] = '\0';
    return buf;
}

int64_t it_topic_count(struct it_env *env, const char *topic)
{
    int parts = partition_count(env, topic);
    int64_t total = 0;
    for (int p = 0; p < parts; p++) {
        int64_t low = 0, high = 0;
        rd_kafka_resp_err_t err =
            rd_kafka_query_watermark_offsets(env->admin, topic, p, &low, &high, 10000);
        if (err != RD_KAFKA_RESP_ERR_NO_ERROR) {
            fail_msg("watermarks of %s [%d]: %s", topic, p, rd_kafka_err2str(err));
        }
        total += high - low;
    }
    return total;
}

/* A consumer handle in the group under test, never subscribed: it only asks for the group's
 * committed offsets (OffsetFetch), which does not disturb the members. */
static rd_kafka_t *group_reader(struct it_env *env)
{
    char errstr[512];
    rd_kafka_conf_t *conf = rd_kafka_conf_new();
    rd_kafka_conf_set(conf, "bootstrap.servers", env->brokers, errstr, sizeof errstr);
    rd_kafka_conf_set(conf, "group.id", env->group, errstr, sizeof errstr);
    rd_kafka_conf_set(conf, "enable.auto.commit", "false", errstr, sizeof errstr);
    rd_kafka_t *rk = rd_kafka_new(RD_KAFKA_CONSUMER, conf, errstr, sizeof errstr);
    assert_non_null(rk);
    return rk;
}

static void committed_offsets(struct it_env *env, const char *topic, int partitions, int64_t *out)
{
    rd_kafka_t *rk = group_reader(env);
    rd_kafka_topic_partition_list_t *list = rd_kafka_topic_partition_list_new(partitions);
    for (int p = 0; p < partitions; p++) {
        rd_kafka_topic_partition_list_add(list, topic, p);
    }
    rd_kafka_resp_err_t err = rd_kafka_committed(rk, list, 10000);
    if (err != RD_KAFKA_RESP_ERR_NO_ERROR) {
        fail_msg("cannot read the committed offsets of %s: %s", env->group, rd_kafka_err2str(err));
    }
    for (int p = 0; p < partitions; p++) {
        out[p] = list->elems[p].offset;
    }
    rd_kafka_topic_partition_list_destroy(list);
    rd_kafka_destroy(rk);
}

int64_t it_committed(struct it_env *env, const char *topic, int32_t partition)
{
    int parts = partition_count(env, topic);
    int64_t *offsets = calloc((size_t)parts, sizeof *offsets);
    assert_non_null(offsets);
    committed_offsets(env, topic, parts, offsets);
    int64_t v = offsets[partition];
    free(offsets);
    return v;
}

void it_wait_committed(struct it_env *env, const char *topic, const int64_t *next_offsets,
                       int partitions, int timeout_ms)
{
    int64_t deadline = it_now_ms() + timeout_ms;
    int64_t *got = calloc((size_t)partitions, sizeof *got);
    assert_non_null(got);
    for (;;) {
        committed_offsets(env, topic, partitions, got);
        int behind = -1;
        for (int p = 0; p < partitions && behind < 0; p++) {
            if (next_offsets[p] > 0 && got[p] < next_offsets[p]) {
                behind = p;
            }
        }
        if (behind < 0) {
            break;
        }
        if (it_now_ms() > deadline) {
            fail_msg("group %s: committed offset of %s [%d] is %lld, expected %lld within %d ms",
                     env->group, topic, behind, (long long)got[behind],
                     (long long)next_offsets[behind], timeout_ms);
        }
        it_sleep_ms(500);
    }
    free(got);
}
