/*
 * The group consumer on a libuv loop. See kafka.h for the offset, rebalance and close policy.
 *
 * Lifecycle: RUNNING -> (kafka_consumer_close) CLOSING -> (rd_kafka_consumer_closed, or the
 * close timeout) TEARDOWN: the wake-up driver and the close timer are closed, the queue
 * reference dropped, rd_kafka_destroy() runs on the threadpool, the eventfd is closed, the
 * closed callback runs and the struct is freed.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kafka_internal.h"
#include "kafka_positions.h"

#define CONSUMER_DEFAULT_BUDGET_MESSAGES 256
#define CONSUMER_DEFAULT_BUDGET_MS       5
#define CONSUMER_DEFAULT_CLOSE_MS        10000
/* Well under the default max.poll.interval.ms (300 s): an idle consumer still polls. */
#define CONSUMER_KEEPALIVE_MS 1000
/* How often a closing consumer checks rd_kafka_consumer_closed() besides its wake-ups. */
#define CONSUMER_CLOSE_CHECK_MS 100

enum consumer_state { CONSUMER_RUNNING, CONSUMER_CLOSING, CONSUMER_TEARDOWN };

struct kafka_consumer {
    uv_loop_t *loop;
    rd_kafka_t *rk;
    rd_kafka_queue_t *queue; /* the consumer queue; the main queue is forwarded to it */
    int fd;
    struct kafka_wake *wake;
    struct kafka_consumer_events events;
    void *arg;
    unsigned budget_messages;
    uint64_t budget_ns;
    enum consumer_state state;
    int paused;
    int pause_used; /* pause was called at least once: re-assigned partitions may be paused */
    int hold_assigned;
    rd_kafka_topic_partition_list_t *held; /* assigned, paused until kafka_consumer_release */
    struct kafka_positions *positions;     /* what each partition must deliver next */
    uint64_t redelivered;                  /* messages dropped because they were delivered before */
    size_t assigned;
    struct kafka_error_gate gate;

    uv_timer_t close_timer;
    int close_timer_open;
    uint64_t close_deadline;
    int close_err;
    int pending_closes; /* wake driver and close timer still closing */
    void (*closed)(struct kafka_consumer *c, int err, void *arg);
};

static const char *const consumer_refused[] = {
    "enable.auto.commit",
    "enable.auto.offset.store",
    "group.id",
    "bootstrap.servers",
    "metadata.broker.list",
    "log.queue",
    NULL,
};

static void consumer_report_error(struct kafka_consumer *c, rd_kafka_resp_err_t err,
                                  const char *reason)
{
    char fatal_reason[512];
    int fatal = err == RD_KAFKA_RESP_ERR__FATAL;

    if (fatal) {
        err = rd_kafka_fatal_error(c->rk, fatal_reason, sizeof(fatal_reason));
        reason = fatal_reason;
    }
    if (c->events.error == NULL || (!fatal && !kafka_error_gate_pass(&c->gate, err))) {
        return;
    }
    c->events.error(c->arg, fatal, rd_kafka_err2name(err), reason);
}

static void consumer_on_error(rd_kafka_t *rk, int err, const char *reason, void *opaque)
{
    (void)rk;
    consumer_report_error(opaque, (rd_kafka_resp_err_t)err, reason);
}

static void consumer_on_log(const rd_kafka_t *rk, int level, const char *facility,
                            const char *message)
{
    struct kafka_consumer *c = rd_kafka_opaque(rk);
    if (c != NULL && c->events.log != NULL) {
        c->events.log(c->arg, level, facility, message);
    }
}

/* A partition list as an array of borrowed kafka_partition; NULL when out of memory. */
static struct kafka_partition *consumer_parts(const rd_kafka_topic_partition_list_t *list)
{
    struct kafka_partition *parts = calloc((size_t)list->cnt + 1, sizeof(*parts));
    if (parts == NULL) {
        return NULL;
    }
    for (int i = 0; i < list->cnt; i++) {
        parts[i].topic = list->elems[i].topic;
        parts[i].partition = list->elems[i].partition;
    }
    return parts;
}

static void consumer_assign(struct kafka_consumer *c, rd_kafka_topic_partition_list_t *list,
                            int cooperative)
{
    rd_kafka_error_t *error = NULL;
    rd_kafka_resp_err_t err = RD_KAFKA_RESP_ERR_NO_ERROR;
    struct kafka_partition *parts;

    if (cooperative) {
        error = rd_kafka_incremental_assign(c->rk, list);
        if (error != NULL) {
            err = rd_kafka_error_code(error);
            consumer_report_error(c, err, rd_kafka_error_string(error));
            rd_kafka_error_destroy(error);
            return;
        }
        c->assigned += (size_t)list->cnt;
    } else {
        err = rd_kafka_assign(c->rk, list);
        if (err != RD_KAFKA_RESP_ERR_NO_ERROR) {
            consumer_report_error(c, err, "assigning partitions failed");
            return;
        }
        c->assigned = (size_t)list->cnt;
    }
    /* A partition keeps librdkafka's pause flag across revoke and re-assignment, so make each
     * new partition follow the consumer's current state. */
    if (c->paused) {
        rd_kafka_pause_partitions(c->rk, list);
    } else if (c->pause_used) {
        rd_kafka_resume_partitions(c->rk, list);
    }
    for (int i = 0; i < list->cnt; i++) {
        /* A new ownership: what an earlier one delivered says nothing about this one (a failed
         * rebalance drops partitions without a revoke). */
        kafka_positions_forget(c->positions, list->elems[i].topic, list->elems[i].partition);
    }
    if (c->hold_assigned) {
        /* Paused before the fetcher has anything to deliver: this runs in the rebalance
         * callback, on the thread that delivers messages. */
        rd_kafka_pause_partitions(c->rk, list);
        for (int i = 0; i < list->cnt; i++) {
            if (rd_kafka_topic_partition_list_find(c->held, list->elems[i].topic,
                                                   list->elems[i].partition) == NULL) {
                rd_kafka_topic_partition_list_add(c->held, list->elems[i].topic,
                                                  list->elems[i].partition);
            }
        }
    }
    kafka_error_gate_reset(&c->gate);
    if (c->events.assigned != NULL) {
        parts = consumer_parts(list);
        if (parts != NULL) {
            c->events.assigned(c, parts, (size_t)list->cnt, c->arg);
            free(parts);
        }
    }
}

static void consumer_revoke(struct kafka_consumer *c, rd_kafka_topic_partition_list_t *list,
                            int cooperative)
{
    rd_kafka_error_t *error;
    struct kafka_partition *parts;
    int lost = rd_kafka_assignment_lost(c->rk);

    if (c->events.revoked != NULL) {
        parts = consumer_parts(list);
        if (parts != NULL) {
            c->events.revoked(c, parts, (size_t)list->cnt, lost, c->arg);
            free(parts);
        }
    }
    for (int i = 0; i < list->cnt; i++) {
        rd_kafka_topic_partition_list_del(c->held, list->elems[i].topic, list->elems[i].partition);
        kafka_positions_forget(c->positions, list->elems[i].topic, list->elems[i].partition);
    }
    if (cooperative) {
        error = rd_kafka_incremental_unassign(c->rk, list);
        if (error != NULL) {
            consumer_report_error(c, rd_kafka_error_code(error), rd_kafka_error_string(error));
            rd_kafka_error_destroy(error);
        }
        c->assigned = c->assigned > (size_t)list->cnt ? c->assigned - (size_t)list->cnt : 0;
    } else {
        rd_kafka_assign(c->rk, NULL);
        c->assigned = 0;
    }
}

static void consumer_on_rebalance(rd_kafka_t *rk, rd_kafka_resp_err_t err,
                                  rd_kafka_topic_partition_list_t *list, void *opaque)
{
    struct kafka_consumer *c = opaque;
    const char *protocol = rd_kafka_rebalance_protocol(rk);
    int cooperative = protocol != NULL && strcmp(protocol, "COOPERATIVE") == 0;

    switch (err) {
    case RD_KAFKA_RESP_ERR__ASSIGN_PARTITIONS:
        consumer_assign(c, list, cooperative);
        break;
    case RD_KAFKA_RESP_ERR__REVOKE_PARTITIONS:
        consumer_revoke(c, list, cooperative);
        break;
    default:
        /* The group could not be joined or synced: librdkafka asks us to drop everything. */
        consumer_report_error(c, err, "rebalance failed");
        rd_kafka_assign(rk, NULL);
        c->assigned = 0;
        while (c->held->cnt > 0) {
            rd_kafka_topic_partition_list_del_by_idx(c->held, c->held->cnt - 1);
        }
        break;
    }
}

static void consumer_on_commit(rd_kafka_t *rk, rd_kafka_resp_err_t err,
                               rd_kafka_topic_partition_list_t *list, void *opaque)
{
    struct kafka_consumer *c = opaque;
    struct kafka_offset *offsets = NULL;
    size_t count = 0;

    (void)rk;
    if (c->events.committed == NULL) {
        return;
    }
    if (list != NULL && list->cnt > 0) {
        offsets = calloc((size_t)list->cnt, sizeof(*offsets));
        if (offsets == NULL) {
            return;
        }
        count = (size_t)list->cnt;
        for (size_t i = 0; i < count; i++) {
            offsets[i].topic = list->elems[i].topic;
            offsets[i].partition = list->elems[i].partition;
            offsets[i].offset = list->elems[i].offset;
            offsets[i].err = kafka_errno(list->elems[i].err);
        }
    }
    c->events.committed(c, kafka_errno(err), offsets, count, c->arg);
    free(offsets);
}

static void consumer_deliver(struct kafka_consumer *c, const rd_kafka_message_t *m)
{
    struct kafka_message msg;
    rd_kafka_timestamp_type_t ts_type;

    if (m->err != RD_KAFKA_RESP_ERR_NO_ERROR) {
        if (m->err != RD_KAFKA_RESP_ERR__PARTITION_EOF) {
            consumer_report_error(c, m->err, rd_kafka_message_errstr(m));
        }
        return;
    }
    if (c->state != CONSUMER_RUNNING) {
        return; /* not processed, so never stored: the next owner consumes it again */
    }
    if (!kafka_positions_admit(c->positions, rd_kafka_topic_name(m->rkt), m->partition,
                               m->offset)) {
        c->redelivered++;
        return;
    }
    kafka_error_gate_reset(&c->gate);
    msg.topic = rd_kafka_topic_name(m->rkt);
    msg.partition = m->partition;
    msg.offset = m->offset;
    msg.timestamp_ms = rd_kafka_message_timestamp(m, &ts_type);
    if (ts_type == RD_KAFKA_TIMESTAMP_NOT_AVAILABLE) {
        msg.timestamp_ms = -1;
    }
    msg.key = m->key;
    msg.key_len = m->key_len;
    msg.value = m->payload;
    msg.value_len = m->len;
    c->events.message(c, &msg, c->arg);
}

static void consumer_teardown(struct kafka_consumer *c, int err);

static int consumer_drain(void *owner)
{
    struct kafka_consumer *c = owner;
    uint64_t start = uv_hrtime();
    rd_kafka_message_t *m;

    for (unsigned n = 0; n < c->budget_messages; n++) {
        if (c->state == CONSUMER_TEARDOWN) {
            return 0;
        }
        m = rd_kafka_consumer_poll(c->rk, 0);
        if (m == NULL) {
            /* The queue is empty: also where the close's TERMINATE reply has been served. */
            if (c->state == CONSUMER_CLOSING && rd_kafka_consumer_closed(c->rk)) {
                consumer_teardown(c, 0);
            }
            return 0;
        }
        consumer_deliver(c, m);
        rd_kafka_message_destroy(m);
        if (uv_hrtime() - start >= c->budget_ns) {
            return 1;
        }
    }
    return 1;
}

/* The configuration every consumer gets, then the caller's properties. */
static int consumer_conf_build(const struct kafka_consumer_config *cfg, rd_kafka_conf_t **out,
                               char *errbuf, size_t errlen)
{
    char client_id[128];
    rd_kafka_conf_t *conf;
    int rc;

    if (cfg->client_id == NULL) {
        kafka_default_client_id("ingest-consumer", client_id, sizeof(client_id));
    } else {
        snprintf(client_id, sizeof(client_id), "%s", cfg->client_id);
    }
    const struct kafka_property defaults[] = {
        {"bootstrap.servers", cfg->brokers},
        {"group.id", cfg->group_id},
        {"client.id", client_id},
        {"enable.auto.commit", "true"},
        {"enable.auto.offset.store", "false"},
        {"auto.commit.interval.ms", "1000"},
        {"auto.offset.reset", "earliest"},
        {"log.queue", "true"},
    };

    conf = rd_kafka_conf_new();
    rc = kafka_conf_apply(conf, defaults, sizeof(defaults) / sizeof(defaults[0]), cfg->properties,
                          cfg->property_count, consumer_refused, errbuf, errlen);
    if (rc < 0) {
        rd_kafka_conf_destroy(conf);
        return rc;
    }
    *out = conf;
    return 0;
}

int kafka_consumer_check_config(const struct kafka_consumer_config *cfg, char *errbuf,
                                size_t errlen)
{
    rd_kafka_conf_t *conf;
    int rc = consumer_conf_build(cfg, &conf, errbuf, errlen);

    if (rc == 0) {
        rd_kafka_conf_destroy(conf);
    }
    return rc;
}

int kafka_consumer_create(uv_loop_t *loop, const struct kafka_consumer_config *cfg,
                          const struct kafka_consumer_events *events, void *arg,
                          struct kafka_consumer **out, char *errbuf, size_t errlen)
{
    struct kafka_consumer *c;
    rd_kafka_conf_t *conf;
    rd_kafka_topic_partition_list_t *topics;
    rd_kafka_resp_err_t err;
    int rc;

    *out = NULL;
    if (cfg->brokers == NULL || cfg->group_id == NULL || cfg->topic_count == 0 ||
        events->message == NULL) {
        snprintf(errbuf, errlen,
                 "kafka consumer needs brokers, a group id, topics and a "
                 "message callback");
        return -EINVAL;
    }
    c = calloc(1, sizeof(*c));
    if (c == NULL) {
        return -ENOMEM;
    }
    c->loop = loop;
    c->fd = -1;
    c->events = *events;
    c->arg = arg;
    c->budget_messages =
        cfg->drain_budget_messages ? cfg->drain_budget_messages : CONSUMER_DEFAULT_BUDGET_MESSAGES;
    c->budget_ns =
        (uint64_t)(cfg->drain_budget_ms ? cfg->drain_budget_ms : CONSUMER_DEFAULT_BUDGET_MS) *
        1000000u;
    c->hold_assigned = cfg->hold_assigned;
    c->held = rd_kafka_topic_partition_list_new(8);
    if (c->held == NULL || kafka_positions_create(&c->positions) < 0) {
        snprintf(errbuf, errlen, "out of memory");
        rc = -ENOMEM;
        conf = NULL;
        goto fail_conf;
    }

    rc = consumer_conf_build(cfg, &conf, errbuf, errlen);
    if (rc < 0) {
        conf = NULL;
        goto fail_conf;
    }
    rd_kafka_conf_set_opaque(conf, c);
    rd_kafka_conf_set_error_cb(conf, consumer_on_error);
    rd_kafka_conf_set_log_cb(conf, consumer_on_log);
    rd_kafka_conf_set_rebalance_cb(conf, consumer_on_rebalance);
    rd_kafka_conf_set_offset_commit_cb(conf, consumer_on_commit);

    c->rk = rd_kafka_new(RD_KAFKA_CONSUMER, conf, errbuf, errlen);
    if (c->rk == NULL) {
        rc = -EINVAL;
        goto fail_conf;
    }
    conf = NULL; /* owned by rk now */
    /* One queue for everything: messages, rebalances, errors, commits and log lines. */
    rd_kafka_poll_set_consumer(c->rk);
    rd_kafka_set_log_queue(c->rk, NULL);
    c->queue = rd_kafka_queue_get_consumer(c->rk);

    c->fd = kafka_eventfd_open();
    if (c->fd < 0) {
        rc = c->fd;
        snprintf(errbuf, errlen, "eventfd: %s", strerror(-rc));
        goto fail_rk;
    }
    rd_kafka_queue_io_event_enable(c->queue, c->fd, &kafka_eventfd_payload,
                                   sizeof(kafka_eventfd_payload));

    topics = rd_kafka_topic_partition_list_new((int)cfg->topic_count);
    for (size_t i = 0; i < cfg->topic_count; i++) {
        rd_kafka_topic_partition_list_add(topics, cfg->topics[i], RD_KAFKA_PARTITION_UA);
    }
    err = rd_kafka_subscribe(c->rk, topics);
    rd_kafka_topic_partition_list_destroy(topics);
    if (err != RD_KAFKA_RESP_ERR_NO_ERROR) {
        rc = kafka_errno(err);
        snprintf(errbuf, errlen, "subscribe: %s", rd_kafka_err2str(err));
        goto fail_io;
    }

    rc = kafka_wake_start(loop, c->fd, CONSUMER_KEEPALIVE_MS, consumer_drain, c, &c->wake);
    if (rc < 0) {
        snprintf(errbuf, errlen, "watching the consumer queue: %s", uv_strerror(rc));
        goto fail_io;
    }
    c->state = CONSUMER_RUNNING;
    *out = c;
    return 0;

fail_io:
    rd_kafka_queue_io_event_enable(c->queue, -1, NULL, 0);
fail_rk:
    rd_kafka_queue_destroy(c->queue);
    /* Never joined a group, so nothing to leave: this returns quickly. */
    rd_kafka_destroy_flags(c->rk, RD_KAFKA_DESTROY_F_NO_CONSUMER_CLOSE);
    if (c->fd >= 0) {
        close(c->fd);
    }
fail_conf:
    if (conf != NULL) {
        rd_kafka_conf_destroy(conf);
    }
    if (c->held != NULL) {
        rd_kafka_topic_partition_list_destroy(c->held);
    }
    kafka_positions_destroy(c->positions);
    free(c);
    return rc;
}

int kafka_consumer_store_offsets(struct kafka_consumer *c, struct kafka_offset *offsets,
                                 size_t count)
{
    rd_kafka_topic_partition_list_t *list;
    rd_kafka_topic_partition_t *elem;
    int first_err = 0;

    if (count == 0) {
        return 0;
    }
    list = rd_kafka_topic_partition_list_new((int)count);
    for (size_t i = 0; i < count; i++) {
        elem = rd_kafka_topic_partition_list_add(list, offsets[i].topic, offsets[i].partition);
        elem->offset = offsets[i].offset;
    }
    rd_kafka_offsets_store(c->rk, list);
    /* rd_kafka_offsets_store reports per partition; its return value only says "some failed". */
    for (size_t i = 0; i < count; i++) {
        offsets[i].err = kafka_errno(list->elems[i].err);
        if (offsets[i].err != 0 && first_err == 0) {
            first_err = offsets[i].err;
        }
    }
    rd_kafka_topic_partition_list_destroy(list);
    return first_err;
}

int kafka_consumer_commit(struct kafka_consumer *c)
{
    return kafka_errno(rd_kafka_commit(c->rk, NULL, 1));
}

/* Seeks the resumed partitions to what they must deliver next, which librdkafka may have lost
 * (see kafka_positions.h). A held partition has no position (it is learnt on release or
 * delivery, and forgotten on assignment), so only resumed ones are sought. */
static void consumer_seek_positions(struct kafka_consumer *c)
{
    rd_kafka_topic_partition_list_t *list = kafka_positions_list(c->positions);
    rd_kafka_error_t *error;

    if (list == NULL) {
        return;
    }
    /* Asynchronous; a seek that fails still leaves the positions dropping what comes before. */
    error = rd_kafka_seek_partitions(c->rk, list, 0);
    if (error != NULL) {
        rd_kafka_error_destroy(error);
    }
    rd_kafka_topic_partition_list_destroy(list);
}

static int consumer_pause_resume(struct kafka_consumer *c, int pause)
{
    rd_kafka_topic_partition_list_t *list = NULL;
    rd_kafka_resp_err_t err;

    err = rd_kafka_assignment(c->rk, &list);
    if (err != RD_KAFKA_RESP_ERR_NO_ERROR) {
        return kafka_errno(err);
    }
    if (!pause) {
        for (int i = 0; i < c->held->cnt; i++) {
            rd_kafka_topic_partition_list_del(list, c->held->elems[i].topic,
                                              c->held->elems[i].partition);
        }
    }
    err = pause ? rd_kafka_pause_partitions(c->rk, list) : rd_kafka_resume_partitions(c->rk, list);
    if (!pause && err == RD_KAFKA_RESP_ERR_NO_ERROR) {
        consumer_seek_positions(c);
    }
    rd_kafka_topic_partition_list_destroy(list);
    return kafka_errno(err);
}

int kafka_consumer_pause(struct kafka_consumer *c)
{
    int rc;

    if (c->paused) {
        return 0;
    }
    rc = consumer_pause_resume(c, 1);
    if (rc == 0) {
        c->paused = 1;
        c->pause_used = 1;
    }
    return rc;
}

int kafka_consumer_resume(struct kafka_consumer *c)
{
    int rc;

    if (!c->paused) {
        return 0;
    }
    rc = consumer_pause_resume(c, 0);
    if (rc == 0) {
        c->paused = 0;
        if (c->state == CONSUMER_RUNNING) {
            kafka_wake_kick(c->wake);
        }
    }
    return rc;
}

int kafka_consumer_release(struct kafka_consumer *c, const char *topic, int32_t partition,
                           int64_t offset, char *err, size_t errlen)
{
    rd_kafka_topic_partition_list_t *one;
    rd_kafka_error_t *error;
    int rc = 0;

    if (rd_kafka_topic_partition_list_find(c->held, topic, partition) == NULL) {
        return -ESRCH;
    }
    one = rd_kafka_topic_partition_list_new(1);
    if (one == NULL) {
        return -ENOMEM;
    }
    rd_kafka_topic_partition_list_add(one, topic, partition)->offset = offset;
    if (offset >= 0) {
        /* Asynchronous (timeout 0): the fetcher starts from offset when it resumes. */
        error = rd_kafka_seek_partitions(c->rk, one, 0);
        if (error != NULL) {
            rc = kafka_errno(rd_kafka_error_code(error));
            snprintf(err, errlen, "%s", rd_kafka_error_string(error));
            rd_kafka_error_destroy(error);
        } else if (one->elems[0].err != RD_KAFKA_RESP_ERR_NO_ERROR &&
                   one->elems[0].err != RD_KAFKA_RESP_ERR__IN_PROGRESS) {
            /* _IN_PROGRESS is how an asynchronous seek says it was started. */
            rc = kafka_errno(one->elems[0].err);
            snprintf(err, errlen, "%s: %s", rd_kafka_err2name(one->elems[0].err),
                     rd_kafka_err2str(one->elems[0].err));
        } else if (kafka_positions_set(c->positions, topic, partition, offset) < 0) {
            rc = -ENOMEM;
            snprintf(err, errlen, "out of memory remembering the release offset");
        }
    }
    if (rc == 0) {
        rd_kafka_topic_partition_list_del(c->held, topic, partition);
        if (!c->paused) {
            rc = kafka_errno(rd_kafka_resume_partitions(c->rk, one));
            if (c->state == CONSUMER_RUNNING) {
                kafka_wake_kick(c->wake);
            }
        }
    }
    rd_kafka_topic_partition_list_destroy(one);
    return rc;
}

int kafka_consumer_is_paused(const struct kafka_consumer *c)
{
    return c->paused;
}

uint64_t kafka_consumer_redelivered(const struct kafka_consumer *c)
{
    return c->redelivered;
}

size_t kafka_consumer_assignment_count(const struct kafka_consumer *c)
{
    return c->assigned;
}

int kafka_consumer_lag(struct kafka_consumer *c, const char *topic, int32_t partition, int64_t *lag)
{
    rd_kafka_topic_partition_list_t *list;
    int64_t low = RD_KAFKA_OFFSET_INVALID, high = RD_KAFKA_OFFSET_INVALID, position;
    rd_kafka_resp_err_t err;

    err = rd_kafka_get_watermark_offsets(c->rk, topic, partition, &low, &high);
    if (err != RD_KAFKA_RESP_ERR_NO_ERROR || high < 0) {
        return -ENODATA;
    }
    list = rd_kafka_topic_partition_list_new(1);
    rd_kafka_topic_partition_list_add(list, topic, partition);
    err = rd_kafka_position(c->rk, list);
    position = list->elems[0].offset;
    rd_kafka_topic_partition_list_destroy(list);
    if (err != RD_KAFKA_RESP_ERR_NO_ERROR || position < 0) {
        return -ENODATA;
    }
    *lag = high > position ? high - position : 0;
    return 0;
}

const char *kafka_consumer_rebalance_protocol(const struct kafka_consumer *c)
{
    const char *protocol = rd_kafka_rebalance_protocol(c->rk);
    return protocol != NULL ? protocol : "NONE";
}

static void consumer_on_destroyed(void *owner)
{
    struct kafka_consumer *c = owner;

    close(c->fd); /* librdkafka no longer writes to it */
    if (c->closed != NULL) {
        c->closed(c, c->close_err, c->arg);
    }
    rd_kafka_topic_partition_list_destroy(c->held);
    kafka_positions_destroy(c->positions);
    free(c);
}

static void consumer_on_part_closed(struct kafka_consumer *c)
{
    if (--c->pending_closes > 0) {
        return;
    }
    rd_kafka_queue_destroy(c->queue);
    c->queue = NULL;
    kafka_destroy_async(c->loop, c->rk, c->close_err != 0, consumer_on_destroyed, c);
}

static void consumer_on_wake_closed(void *owner)
{
    consumer_on_part_closed(owner);
}

static void consumer_on_timer_closed(uv_handle_t *handle)
{
    consumer_on_part_closed(handle->data);
}

static void consumer_teardown(struct kafka_consumer *c, int err)
{
    if (c->state == CONSUMER_TEARDOWN) {
        return;
    }
    c->state = CONSUMER_TEARDOWN;
    c->close_err = err;
    rd_kafka_queue_io_event_enable(c->queue, -1, NULL, 0);
    c->pending_closes = 1 + c->close_timer_open;
    kafka_wake_close(c->wake, consumer_on_wake_closed);
    if (c->close_timer_open) {
        uv_close((uv_handle_t *)&c->close_timer, consumer_on_timer_closed);
    }
}

static void consumer_on_close_check(uv_timer_t *timer)
{
    struct kafka_consumer *c = timer->data;

    if (c->state != CONSUMER_CLOSING) {
        return;
    }
    if (rd_kafka_consumer_closed(c->rk)) {
        consumer_teardown(c, 0);
    } else if (uv_now(c->loop) >= c->close_deadline) {
        consumer_teardown(c, -ETIMEDOUT);
    } else {
        kafka_wake_kick(c->wake);
    }
}

int kafka_consumer_close(struct kafka_consumer *c, unsigned timeout_ms,
                         void (*closed)(struct kafka_consumer *c, int err, void *arg))
{
    rd_kafka_error_t *error;

    if (c->state != CONSUMER_RUNNING) {
        return -EALREADY;
    }
    c->state = CONSUMER_CLOSING;
    c->closed = closed;
    c->close_deadline = uv_now(c->loop) + (timeout_ms ? timeout_ms : CONSUMER_DEFAULT_CLOSE_MS);

    /* Revokes the assignment (the rebalance callback runs from our drain), commits what was
     * stored, leaves the group; the TERMINATE reply arrives on the consumer queue itself. */
    error = rd_kafka_consumer_close_queue(c->rk, c->queue);
    if (error != NULL) {
        /* Already closed or fatal: nothing more to wait for. */
        rd_kafka_error_destroy(error);
        consumer_teardown(c, 0);
        return 0;
    }
    uv_timer_init(c->loop, &c->close_timer);
    c->close_timer.data = c;
    c->close_timer_open = 1;
    uv_timer_start(&c->close_timer, consumer_on_close_check, CONSUMER_CLOSE_CHECK_MS,
                   CONSUMER_CLOSE_CHECK_MS);
    kafka_wake_kick(c->wake);
    return 0;
}
