#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "kafka_scenarios.h"

/* ---- what a test consumer saw ---------------------------------------------------------------- */

struct seen {
    int32_t partition;
    int64_t offset;
    int key_null;
    char *key;
    size_t key_len;
    int value_null;
    char *value;
    size_t value_len;
};

struct sink {
    struct kafka_consumer *consumer;
    struct seen items[512];
    size_t count;
    size_t assigned_events;
    size_t revoked_events;
    size_t commit_events;
    int last_commit_err;
    int64_t last_commit_offset;
    size_t errors;
    int closed;
    int close_err;
};

static char *copy_bytes(const void *p, size_t len)
{
    char *out = malloc(len + 1);
    assert_non_null(out);
    if (len > 0) {
        memcpy(out, p, len);
    }
    out[len] = '\0';
    return out;
}

static void sink_on_message(struct kafka_consumer *c, const struct kafka_message *msg, void *arg)
{
    struct sink *s = arg;
    struct seen *it;

    (void)c;
    assert_true(s->count < sizeof(s->items) / sizeof(s->items[0]));
    it = &s->items[s->count++];
    it->partition = msg->partition;
    it->offset = msg->offset;
    it->key_null = msg->key == NULL;
    it->key = it->key_null ? NULL : copy_bytes(msg->key, msg->key_len);
    it->key_len = msg->key_len;
    it->value_null = msg->value == NULL;
    it->value = it->value_null ? NULL : copy_bytes(msg->value, msg->value_len);
    it->value_len = msg->value_len;
}

static void sink_on_assigned(struct kafka_consumer *c, const struct kafka_partition *parts,
                             size_t count, void *arg)
{
    (void)c;
    (void)parts;
    (void)count;
    ((struct sink *)arg)->assigned_events++;
}

static void sink_on_revoked(struct kafka_consumer *c, const struct kafka_partition *parts,
                            size_t count, int lost, void *arg)
{
    (void)c;
    (void)parts;
    (void)count;
    (void)lost;
    ((struct sink *)arg)->revoked_events++;
}

static void sink_on_committed(struct kafka_consumer *c, int err, const struct kafka_offset *offs,
                              size_t count, void *arg)
{
    struct sink *s = arg;
    (void)c;
    s->commit_events++;
    s->last_commit_err = err;
    s->last_commit_offset = count > 0 ? offs[0].offset : -1;
}

static void sink_on_error(void *arg, int fatal, const char *code, const char *reason)
{
    (void)fatal;
    (void)code;
    (void)reason;
    ((struct sink *)arg)->errors++;
}

static void sink_on_closed(struct kafka_consumer *c, int err, void *arg)
{
    struct sink *s = arg;
    (void)c;
    s->closed = 1;
    s->close_err = err;
    s->consumer = NULL;
}

static void sink_free(struct sink *s)
{
    for (size_t i = 0; i < s->count; i++) {
        free(s->items[i].key);
        free(s->items[i].value);
    }
    s->count = 0;
}

static const struct kafka_consumer_events sink_events = {
    .message = sink_on_message,
    .assigned = sink_on_assigned,
    .revoked = sink_on_revoked,
    .committed = sink_on_committed,
    .error = sink_on_error,
};

static void sink_start_held(struct sink *s, uv_loop_t *loop, struct kt_cluster *cl,
                            const char *group, const char *topic, int hold);

static void sink_start(struct sink *s, uv_loop_t *loop, struct kt_cluster *cl, const char *group,
                       const char *topic)
{
    sink_start_held(s, loop, cl, group, topic, 0);
}

static void sink_start_held(struct sink *s, uv_loop_t *loop, struct kt_cluster *cl,
                            const char *group, const char *topic, int hold)
{
    char err[512];
    const char *topics[] = {topic};
    /* The mock cluster and a fresh group make a quick join; keep the rebalance short too. */
    const struct kafka_property props[] = {{"session.timeout.ms", "6000"},
                                           {"heartbeat.interval.ms", "500"}};
    struct kafka_consumer_config cfg = {
        .brokers = cl->brokers,
        .group_id = group,
        .topics = topics,
        .topic_count = 1,
        .properties = props,
        .property_count = 2,
        .hold_assigned = hold,
    };
    memset(s, 0, sizeof(*s));
    if (kafka_consumer_create(loop, &cfg, &sink_events, s, &s->consumer, err, sizeof(err)) != 0) {
        fail_msg("kafka_consumer_create: %s", err);
    }
}

static int sink_closed(void *arg)
{
    return ((struct sink *)arg)->closed;
}

static void sink_close(struct sink *s, uv_loop_t *loop)
{
    assert_int_equal(kafka_consumer_close(s->consumer, 15000, sink_on_closed), 0);
    assert_true(kt_run_until(loop, sink_closed, s, 20000));
    assert_int_equal(s->close_err, 0);
}

struct sink_wait {
    struct sink *sink;
    size_t count;
};

static int sink_has(void *arg)
{
    struct sink_wait *w = arg;
    return w->sink->count >= w->count;
}

static int sink_assigned(void *arg)
{
    struct sink *s = arg;
    return s->consumer != NULL && kafka_consumer_assignment_count(s->consumer) > 0;
}

/* ---- a test producer ------------------------------------------------------------------------- */

struct sent {
    int32_t partition;
    int delivered;
    int err;
    int64_t offset;
};

struct source {
    struct kafka_producer *producer;
    size_t delivered;
    size_t failed;
    int closed;
    size_t undelivered;
};

static void source_on_delivered(struct kafka_producer *p, const struct kafka_delivery *d,
                                void *msg_opaque, void *arg)
{
    struct source *src = arg;
    struct sent *rec = msg_opaque;

    (void)p;
    assert_non_null(rec);
    assert_int_equal(rec->delivered, 0); /* exactly one report per record */
    rec->delivered = 1;
    rec->err = d->err;
    rec->offset = d->offset;
    if (d->err == 0) {
        assert_int_equal(d->partition, rec->partition);
        src->delivered++;
    } else {
        src->failed++;
    }
}

static void source_on_closed(struct kafka_producer *p, size_t undelivered, void *arg)
{
    struct source *src = arg;
    (void)p;
    src->closed = 1;
    src->undelivered = undelivered;
    src->producer = NULL;
}

static void source_start(struct source *src, uv_loop_t *loop, const char *brokers)
{
    char err[512];
    const struct kafka_property props[] = {{"linger.ms", "1"}};
    struct kafka_producer_config cfg = {
        .brokers = brokers, .properties = props, .property_count = 1};
    const struct kafka_producer_events events = {.delivered = source_on_delivered};

    memset(src, 0, sizeof(*src));
    if (kafka_producer_create(loop, &cfg, &events, src, &src->producer, err, sizeof(err)) != 0) {
        fail_msg("kafka_producer_create: %s", err);
    }
}

static int source_closed(void *arg)
{
    return ((struct source *)arg)->closed;
}

struct source_wait {
    struct source *src;
    size_t count;
};

static int source_done(void *arg)
{
    struct source_wait *w = arg;
    return w->src->delivered + w->src->failed >= w->count;
}

static void source_send_text(struct source *src, const char *topic, struct sent *rec,
                             int32_t partition, const char *value)
{
    struct kafka_record r = {
        .topic = topic, .partition = partition, .value = value, .value_len = strlen(value)};
    rec->partition = partition;
    assert_int_equal(kafka_producer_send(src->producer, &r, rec), 0);
}

/* ---- scenarios ------------------------------------------------------------------------------- */

#define ROUNDTRIP_RECORDS 60

struct expected {
    int key_null;
    char key[32];
    size_t key_len;
    int value_null;
    char value[32];
    size_t value_len;
};

static void roundtrip_record(int i, struct expected *e)
{
    memset(e, 0, sizeof(*e));
    if (i % 10 == 0) {
        e->key_null = 1;
    } else if (i % 10 == 1) {
        e->key_len = 0; /* an empty key is not a null key */
    } else {
        e->key_len = (size_t)snprintf(e->key, sizeof(e->key), "key-%d", i);
    }
    if (i % 10 == 2) {
        e->value_null = 1;
    } else if (i == 5) {
        /* Binary bytes, NUL included, must come back unchanged. */
        memcpy(e->value, "\x00\x01\xff\xfe\x00z", 6);
        e->value_len = 6;
    } else {
        e->value_len = (size_t)snprintf(e->value, sizeof(e->value), "value-%d", i);
    }
}

void kt_scenario_roundtrip(struct kt_cluster *cl)
{
    uv_loop_t loop;
    char topic[128], group[128];
    struct source src;
    struct sink sink;
    struct sent recs[ROUNDTRIP_RECORDS];
    struct expected exp[ROUNDTRIP_RECORDS];
    int64_t last_offset[3] = {-1, -1, -1};
    size_t next_in_partition[3] = {0, 0, 0};
    const char bin[3] = {0, 1, (char)0xff};

    kt_unique_name("roundtrip", topic, sizeof(topic));
    kt_unique_name("roundtrip-group", group, sizeof(group));
    kt_create_topic(cl, topic, 3);
    assert_int_equal(uv_loop_init(&loop), 0);
    memset(recs, 0, sizeof(recs));

    source_start(&src, &loop, cl->brokers);
    for (int i = 0; i < ROUNDTRIP_RECORDS; i++) {
        char idx[16];
        struct kafka_header headers[2] = {{"idx", idx, 0}, {"bin", bin, sizeof(bin)}};
        struct kafka_record r = {.topic = topic, .partition = i % 3};

        roundtrip_record(i, &exp[i]);
        headers[0].value_len = (size_t)snprintf(idx, sizeof(idx), "%d", i);
        r.key = exp[i].key_null ? NULL : exp[i].key;
        r.key_len = exp[i].key_len;
        r.value = exp[i].value_null ? NULL : exp[i].value;
        r.value_len = exp[i].value_len;
        r.headers = headers;
        r.header_count = 2;
        recs[i].partition = i % 3;
        assert_int_equal(kafka_producer_send(src.producer, &r, &recs[i]), 0);
    }
    struct source_wait sw = {&src, ROUNDTRIP_RECORDS};
    assert_true(kt_run_until(&loop, source_done, &sw, 30000));
    assert_int_equal(src.delivered, ROUNDTRIP_RECORDS);
    assert_int_equal(src.failed, 0);
    for (int i = 0; i < ROUNDTRIP_RECORDS; i++) {
        /* Offsets grow in send order within a partition: the idempotent producer keeps order. */
        assert_true(recs[i].offset > last_offset[i % 3]);
        last_offset[i % 3] = recs[i].offset;
    }

    sink_start(&sink, &loop, cl, group, topic);
    struct sink_wait kw = {&sink, ROUNDTRIP_RECORDS};
    assert_true(kt_run_until(&loop, sink_has, &kw, 60000));
    kt_run_for(&loop, 300); /* nothing more may come */
    assert_int_equal(sink.count, ROUNDTRIP_RECORDS);
    assert_int_equal(sink.assigned_events, 1);
    assert_string_equal(kafka_consumer_rebalance_protocol(sink.consumer), "EAGER");
    for (int32_t p = 0; p < 3; p++) {
        int64_t lag = -1;
        assert_int_equal(kafka_consumer_lag(sink.consumer, topic, p, &lag), 0);
        assert_int_equal(lag, 0); /* everything fetched was delivered */
    }
    {
        int64_t lag = -1;
        assert_int_equal(kafka_consumer_lag(sink.consumer, topic, 9, &lag), -ENODATA);
    }

    for (size_t k = 0; k < sink.count; k++) {
        const struct seen *it = &sink.items[k];
        size_t nth = next_in_partition[it->partition]++;
        int i = (int)(nth * 3) + it->partition; /* record i went to partition i % 3 */
        assert_true(i < ROUNDTRIP_RECORDS);
        assert_int_equal(it->offset, recs[i].offset);
        assert_int_equal(it->key_null, exp[i].key_null);
        assert_int_equal(it->key_len, exp[i].key_len);
        if (!exp[i].key_null) {
            assert_memory_equal(it->key, exp[i].key, exp[i].key_len);
        }
        assert_int_equal(it->value_null, exp[i].value_null);
        assert_int_equal(it->value_len, exp[i].value_len);
        if (!exp[i].value_null && exp[i].value_len > 0) {
            assert_memory_equal(it->value, exp[i].value, exp[i].value_len);
        }
    }

    sink_close(&sink, &loop);
    assert_int_equal(sink.revoked_events, 1);
    assert_int_equal(kafka_producer_close(src.producer, 5000, source_on_closed), 0);
    assert_true(kt_run_until(&loop, source_closed, &src, 10000));
    assert_int_equal(src.undelivered, 0);
    sink_free(&sink);
    assert_int_equal(kt_loop_finish(&loop), 0);
}

void kt_scenario_pause_resume(struct kt_cluster *cl)
{
    uv_loop_t loop;
    char topic[128], group[128];
    struct source src;
    struct sink sink;
    struct sent recs[20];
    char value[32];

    kt_unique_name("pause", topic, sizeof(topic));
    kt_unique_name("pause-group", group, sizeof(group));
    kt_create_topic(cl, topic, 2);
    assert_int_equal(uv_loop_init(&loop), 0);
    memset(recs, 0, sizeof(recs));
    source_start(&src, &loop, cl->brokers);
    sink_start(&sink, &loop, cl, group, topic);
    assert_true(kt_run_until(&loop, sink_assigned, &sink, 60000));

    for (int i = 0; i < 10; i++) {
        snprintf(value, sizeof(value), "m%d", i);
        source_send_text(&src, topic, &recs[i], i % 2, value);
    }
    struct sink_wait first = {&sink, 10};
    assert_true(kt_run_until(&loop, sink_has, &first, 30000));

    assert_int_equal(kafka_consumer_pause(sink.consumer), 0);
    assert_int_equal(kafka_consumer_pause(sink.consumer), 0); /* idempotent */
    assert_true(kafka_consumer_is_paused(sink.consumer));
    for (int i = 10; i < 20; i++) {
        snprintf(value, sizeof(value), "m%d", i);
        source_send_text(&src, topic, &recs[i], i % 2, value);
    }
    struct source_wait sw = {&src, 20};
    assert_true(kt_run_until(&loop, source_done, &sw, 30000));
    assert_int_equal(src.delivered, 20);
    kt_run_for(&loop, 2500);
    assert_int_equal(sink.count, 10);
    /* Still a member with its partitions: the queue was served while paused. */
    assert_int_equal(kafka_consumer_assignment_count(sink.consumer), 2);

    assert_int_equal(kafka_consumer_resume(sink.consumer), 0);
    assert_false(kafka_consumer_is_paused(sink.consumer));
    struct sink_wait all = {&sink, 20};
    assert_true(kt_run_until(&loop, sink_has, &all, 30000));
    kt_run_for(&loop, 300);
    assert_int_equal(sink.count, 20);
    for (int i = 0; i < 20; i++) {
        int found = 0;
        snprintf(value, sizeof(value), "m%d", i);
        for (size_t k = 0; k < sink.count; k++) {
            found += strcmp(sink.items[k].value, value) == 0;
        }
        assert_int_equal(found, 1);
    }

    sink_close(&sink, &loop);
    assert_int_equal(kafka_producer_close(src.producer, 5000, source_on_closed), 0);
    assert_true(kt_run_until(&loop, source_closed, &src, 10000));
    sink_free(&sink);
    assert_int_equal(kt_loop_finish(&loop), 0);
}

static int sink_committed_once_more(void *arg)
{
    struct sink_wait *w = arg;
    return w->sink->commit_events >= w->count;
}

void kt_scenario_offsets_only_when_stored(struct kt_cluster *cl)
{
    uv_loop_t loop;
    char topic[128], group[128], value[32];
    struct source src;
    struct sink sink;
    struct sent recs[10];
    struct kafka_offset off;

    kt_unique_name("offsets", topic, sizeof(topic));
    kt_unique_name("offsets-group", group, sizeof(group));
    kt_create_topic(cl, topic, 1);
    assert_int_equal(uv_loop_init(&loop), 0);
    memset(recs, 0, sizeof(recs));
    source_start(&src, &loop, cl->brokers);
    for (int i = 0; i < 10; i++) {
        snprintf(value, sizeof(value), "o%d", i);
        source_send_text(&src, topic, &recs[i], 0, value);
    }
    struct source_wait sw = {&src, 10};
    assert_true(kt_run_until(&loop, source_done, &sw, 30000));
    assert_int_equal(src.delivered, 10);

    sink_start(&sink, &loop, cl, group, topic);
    struct sink_wait all = {&sink, 10};
    assert_true(kt_run_until(&loop, sink_has, &all, 60000));

    /* Consumed but not stored: an explicit commit has nothing to send. */
    assert_int_equal(kafka_consumer_commit(sink.consumer), 0);
    struct sink_wait c1 = {&sink, 1};
    assert_true(kt_run_until(&loop, sink_committed_once_more, &c1, 10000));
    assert_int_equal(sink.last_commit_err, -ENODATA);
    /* Two auto-commit intervals pass: still nothing committed. */
    kt_run_for(&loop, 2500);
    assert_int_equal(kt_committed(cl, group, topic, 0), RD_KAFKA_OFFSET_INVALID);

    /* A partition that is not ours is refused. */
    off = (struct kafka_offset){.topic = topic, .partition = 7, .offset = 1};
    assert_int_equal(kafka_consumer_store_offsets(sink.consumer, &off, 1), -ESRCH);
    assert_int_equal(off.err, -ESRCH);

    /* Messages 0..3 done: the next to consume is 4. */
    off = (struct kafka_offset){.topic = topic, .partition = 0, .offset = 4};
    assert_int_equal(kafka_consumer_store_offsets(sink.consumer, &off, 1), 0);
    assert_int_equal(off.err, 0);
    size_t before = sink.commit_events;
    assert_int_equal(kafka_consumer_commit(sink.consumer), 0);
    struct sink_wait c2 = {&sink, before + 1};
    assert_true(kt_run_until(&loop, sink_committed_once_more, &c2, 10000));
    assert_int_equal(sink.last_commit_err, 0);
    assert_int_equal(sink.last_commit_offset, 4);
    assert_int_equal(kt_committed(cl, group, topic, 0), 4);

    sink_close(&sink, &loop);
    assert_int_equal(kt_committed(cl, group, topic, 0), 4);
    sink_free(&sink);

    /* A new member resumes at the committed offset. */
    sink_start(&sink, &loop, cl, group, topic);
    struct sink_wait rest = {&sink, 6};
    assert_true(kt_run_until(&loop, sink_has, &rest, 60000));
    kt_run_for(&loop, 300);
    assert_int_equal(sink.count, 6);
    assert_int_equal(sink.items[0].offset, 4);
    assert_string_equal(sink.items[0].value, "o4");
    assert_int_equal(sink.items[5].offset, 9);
    sink_close(&sink, &loop);
    sink_free(&sink);

    assert_int_equal(kafka_producer_close(src.producer, 5000, source_on_closed), 0);
    assert_true(kt_run_until(&loop, source_closed, &src, 10000));
    assert_int_equal(kt_loop_finish(&loop), 0);
}

void kt_scenario_producer_close_purges(struct kt_cluster *cl, const char *unreachable_brokers)
{
    uv_loop_t loop;
    struct source src;
    struct sent recs[5];

    (void)cl;
    assert_int_equal(uv_loop_init(&loop), 0);
    memset(recs, 0, sizeof(recs));
    source_start(&src, &loop, unreachable_brokers);
    for (int i = 0; i < 5; i++) {
        struct kafka_record r = {
            .topic = "nowhere", .partition = KAFKA_PARTITION_ANY, .value = "x", .value_len = 1};
        assert_int_equal(kafka_producer_send(src.producer, &r, &recs[i]), 0);
    }
    assert_int_equal(kafka_producer_outstanding(src.producer), 5);
    uv_update_time(&loop);
    uint64_t start = uv_now(&loop);
    assert_int_equal(kafka_producer_close(src.producer, 500, source_on_closed), 0);
    struct kafka_record late = {.topic = "nowhere", .value = "y", .value_len = 1};
    assert_int_equal(kafka_producer_send(src.producer, &late, NULL), -ESHUTDOWN);
    assert_true(kt_run_until(&loop, source_closed, &src, 10000));
    assert_true(uv_now(&loop) - start >= 500);
    assert_int_equal(src.undelivered, 5);
    assert_int_equal(src.failed, 5);
    for (int i = 0; i < 5; i++) {
        assert_int_equal(recs[i].delivered, 1);
        assert_int_equal(recs[i].err, -ESHUTDOWN);
    }
    assert_int_equal(kt_loop_finish(&loop), 0);
}

/* ---- held partitions and the blocking scan ----------------------------------------------------
 */

static size_t sink_count_partition(const struct sink *s, int32_t partition)
{
    size_t n = 0;
    for (size_t i = 0; i < s->count; i++) {
        n += s->items[i].partition == partition;
    }
    return n;
}

struct scan_tally {
    size_t messages;
    int64_t min_offset[2];
};

static int scan_count(void *arg, const struct kafka_message *msg,
                      const struct kafka_header *headers, size_t header_count)
{
    struct scan_tally *t = arg;
    (void)headers;
    (void)header_count;
    t->messages++;
    if (msg->partition >= 0 && msg->partition < 2 &&
        (t->min_offset[msg->partition] < 0 || msg->offset < t->min_offset[msg->partition])) {
        t->min_offset[msg->partition] = msg->offset;
    }
    return 0;
}

void kt_scenario_hold_release_scan(struct kt_cluster *cl)
{
    uv_loop_t loop;
    char topic[128], group[128], err[256];
    struct source src;
    struct sink sink;
    struct sent recs[10];
    char value[32];

    kt_unique_name("hold", topic, sizeof(topic));
    kt_unique_name("hold-group", group, sizeof(group));
    kt_create_topic(cl, topic, 2);
    assert_int_equal(uv_loop_init(&loop), 0);
    memset(recs, 0, sizeof(recs));
    source_start(&src, &loop, cl->brokers);
    for (int i = 0; i < 10; i++) {
        snprintf(value, sizeof(value), "h%d", i);
        source_send_text(&src, topic, &recs[i], i % 2, value);
    }
    struct source_wait sw = {&src, 10};
    assert_true(kt_run_until(&loop, source_done, &sw, 30000));

    sink_start_held(&sink, &loop, cl, group, topic, 1);
    assert_true(kt_run_until(&loop, sink_assigned, &sink, 60000));
    kt_run_for(&loop, 2000);
    assert_int_equal(sink.count, 0); /* held: nothing is delivered */
    /* A resume of the whole consumer (backpressure) leaves held partitions alone. */
    assert_int_equal(kafka_consumer_pause(sink.consumer), 0);
    assert_int_equal(kafka_consumer_resume(sink.consumer), 0);
    kt_run_for(&loop, 1500);
    assert_int_equal(sink.count, 0);

    /* Released at an offset: delivery starts there. */
    assert_int_equal(kafka_consumer_release(sink.consumer, topic, 0, 2, err, sizeof(err)), 0);
    struct sink_wait three = {&sink, 3};
    assert_true(kt_run_until(&loop, sink_has, &three, 30000));
    kt_run_for(&loop, 500);
    assert_int_equal(sink.count, 3);
    for (size_t i = 0; i < sink.count; i++) {
        assert_int_equal(sink.items[i].partition, 0);
        assert_int_equal(sink.items[i].offset, (int64_t)i + 2);
    }
    /* Released without an offset: Kafka's position (earliest here) decides. */
    assert_int_equal(kafka_consumer_release(sink.consumer, topic, 1, -1, err, sizeof(err)), 0);
    struct sink_wait eight = {&sink, 8};
    assert_true(kt_run_until(&loop, sink_has, &eight, 30000));
    assert_int_equal(sink_count_partition(&sink, 1), 5);
    assert_int_equal(kafka_consumer_release(sink.consumer, topic, 1, 0, err, sizeof(err)), -ESRCH);

    /* The blocking scan: every message since a time before the first; none after the last. */
    struct kafka_scan_config scan = {.brokers = cl->brokers, .timeout_ms = 20000};
    struct scan_tally tally = {0, {-1, -1}};
    assert_int_equal(kafka_scan_since(&scan, topic, 0, scan_count, &tally, err, sizeof(err)), 0);
    assert_int_equal(tally.messages, 10);
    assert_int_equal(tally.min_offset[0], 0);
    assert_int_equal(tally.min_offset[1], 0);
    struct scan_tally none = {0, {-1, -1}};
    int64_t future_ms = (int64_t)time(NULL) * 1000 + 3600 * 1000;
    assert_int_equal(kafka_scan_since(&scan, topic, future_ms, scan_count, &none, err, sizeof(err)),
                     0);
    assert_int_equal(none.messages, 0);

    sink_close(&sink, &loop);
    assert_int_equal(kafka_producer_close(src.producer, 5000, source_on_closed), 0);
    assert_true(kt_run_until(&loop, source_closed, &src, 10000));
    sink_free(&sink);
    assert_int_equal(kt_loop_finish(&loop), 0);
}

/* Pauses and resumes the whole consumer every few milliseconds, as backpressure does under load. */
struct toggler {
    uv_timer_t timer;
    struct sink *sink;
    unsigned toggles;
};

static void toggler_tick(uv_timer_t *t)
{
    struct toggler *tg = t->data;
    struct kafka_consumer *c = tg->sink->consumer;

    if (kafka_consumer_is_paused(c)) {
        assert_int_equal(kafka_consumer_resume(c), 0);
    } else {
        assert_int_equal(kafka_consumer_pause(c), 0);
    }
    tg->toggles++;
}

#define STORM_PER_PARTITION 200
#define STORM_RELEASE_P1    5

void kt_scenario_pause_storm(struct kt_cluster *cl)
{
    uv_loop_t loop;
    char topic[128], group[128], err[256], value[32];
    struct source src;
    struct sink sink;
    static struct sent recs[2 * STORM_PER_PARTITION];
    struct toggler tg;
    int64_t next[2] = {0, STORM_RELEASE_P1};

    kt_unique_name("storm", topic, sizeof(topic));
    kt_unique_name("storm-group", group, sizeof(group));
    kt_create_topic(cl, topic, 2);
    assert_int_equal(uv_loop_init(&loop), 0);
    memset(recs, 0, sizeof(recs));
    source_start(&src, &loop, cl->brokers);
    for (int i = 0; i < 2 * STORM_PER_PARTITION; i++) {
        snprintf(value, sizeof(value), "s%d", i);
        source_send_text(&src, topic, &recs[i], i % 2, value);
    }
    struct source_wait sw = {&src, 2 * STORM_PER_PARTITION};
    assert_true(kt_run_until(&loop, source_done, &sw, 30000));

    sink_start_held(&sink, &loop, cl, group, topic, 1);
    assert_true(kt_run_until(&loop, sink_assigned, &sink, 60000));
    memset(&tg, 0, sizeof(tg));
    tg.sink = &sink;
    tg.timer.data = &tg;
    assert_int_equal(uv_timer_init(&loop, &tg.timer), 0);
    assert_int_equal(uv_timer_start(&tg.timer, toggler_tick, 3, 3), 0);
    /* One partition where Kafka says (earliest: nothing committed), one at an offset; both
     * released while the storm blows, as ingestd's claims are. */
    kt_run_for(&loop, 20);
    assert_int_equal(kafka_consumer_release(sink.consumer, topic, 0, -1, err, sizeof(err)), 0);
    kt_run_for(&loop, 7);
    assert_int_equal(
        kafka_consumer_release(sink.consumer, topic, 1, STORM_RELEASE_P1, err, sizeof(err)), 0);
    struct sink_wait all = {&sink, 2 * STORM_PER_PARTITION - STORM_RELEASE_P1};
    kt_run_until(&loop, sink_has, &all, 60000);
    uv_timer_stop(&tg.timer);
    if (kafka_consumer_is_paused(sink.consumer)) {
        assert_int_equal(kafka_consumer_resume(sink.consumer), 0);
    }
    kt_run_for(&loop, 1000); /* anything delivered twice would come now */
    uv_close((uv_handle_t *)&tg.timer, NULL);
    assert_true(tg.toggles > 20);

    /* Every offset once, in order, from where each partition was released. */
    for (size_t i = 0; i < sink.count; i++) {
        int32_t p = sink.items[i].partition;
        assert_true(p == 0 || p == 1);
        if (sink.items[i].offset != next[p]) {
            fail_msg("partition %d delivered offset %lld where %lld was due (%zu delivered, "
                     "%u toggles)",
                     (int)p, (long long)sink.items[i].offset, (long long)next[p], sink.count,
                     tg.toggles);
        }
        next[p]++;
    }
    assert_int_equal(next[0], STORM_PER_PARTITION);
    assert_int_equal(next[1], STORM_PER_PARTITION);

    sink_close(&sink, &loop);
    assert_int_equal(kafka_producer_close(src.producer, 5000, source_on_closed), 0);
    assert_true(kt_run_until(&loop, source_closed, &src, 10000));
    sink_free(&sink);
    assert_int_equal(kt_loop_finish(&loop), 0);
}
