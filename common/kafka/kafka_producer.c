/*
 * The idempotent producer on a libuv loop. Delivery reports arrive on librdkafka's main queue,
 * which signals an eventfd watched by the loop; serving the queue calls the delivered callback.
 *
 * Lifecycle: RUNNING -> (kafka_producer_close) FLUSHING -> (outstanding reaches 0, or the
 * timeout purges what is left) TEARDOWN -> handles closed, rd_kafka_destroy() on the threadpool,
 * eventfd closed, closed callback, struct freed.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kafka_internal.h"

#define PRODUCER_DEFAULT_CLOSE_MS 10000
#define PRODUCER_CLOSE_CHECK_MS   100
/* After a purge the purged records' reports still have to be served; give up after this. */
#define PRODUCER_PURGE_GRACE_MS 2000

enum producer_state { PRODUCER_RUNNING, PRODUCER_FLUSHING, PRODUCER_TEARDOWN };

struct kafka_producer {
    uv_loop_t *loop;
    rd_kafka_t *rk;
    rd_kafka_queue_t *queue; /* the main queue, where delivery reports land */
    int fd;
    struct kafka_wake *wake;
    struct kafka_producer_events events;
    void *arg;
    enum producer_state state;
    struct kafka_error_gate gate;
    size_t in_flight; /* accepted records whose delivery report has not been handed out */

    uv_timer_t close_timer;
    int close_timer_open;
    uint64_t close_deadline;
    int purged;
    size_t undelivered;
    int pending_closes;
    void (*closed)(struct kafka_producer *p, size_t undelivered, void *arg);
};

static const char *const producer_refused[] = {
    "enable.idempotence",
    "acks",
    "request.required.acks",
    "bootstrap.servers",
    "metadata.broker.list",
    "log.queue",
    NULL,
};

static void producer_on_error(rd_kafka_t *rk, int err, const char *reason, void *opaque)
{
    struct kafka_producer *p = opaque;
    char fatal_reason[512];
    int fatal = err == RD_KAFKA_RESP_ERR__FATAL;

    if (fatal) {
        err = rd_kafka_fatal_error(rk, fatal_reason, sizeof(fatal_reason));
        reason = fatal_reason;
    }
    if (p->events.error == NULL || (!fatal && !kafka_error_gate_pass(&p->gate, err))) {
        return;
    }
    p->events.error(p->arg, fatal, rd_kafka_err2name((rd_kafka_resp_err_t)err), reason);
}

static void producer_on_log(const rd_kafka_t *rk, int level, const char *facility,
                            const char *message)
{
    struct kafka_producer *p = rd_kafka_opaque(rk);
    if (p != NULL && p->events.log != NULL) {
        p->events.log(p->arg, level, facility, message);
    }
}

static void producer_on_delivery(rd_kafka_t *rk, const rd_kafka_message_t *m, void *opaque)
{
    struct kafka_producer *p = opaque;
    struct kafka_delivery d;

    (void)rk;
    d.err = kafka_errno(m->err);
    d.code = rd_kafka_err2name(m->err);
    /* Not rd_kafka_message_errstr(): on a delivery report it returns the message's payload,
     * which is the record's value and not NUL-terminated. */
    d.reason = m->err ? rd_kafka_err2str(m->err) : "";
    d.topic = m->rkt != NULL ? rd_kafka_topic_name(m->rkt) : "";
    d.partition = m->partition;
    d.offset = m->err ? -1 : m->offset;
    if (m->err == RD_KAFKA_RESP_ERR_NO_ERROR) {
        kafka_error_gate_reset(&p->gate);
    } else if (p->state != PRODUCER_RUNNING) {
        p->undelivered++;
    }
    p->in_flight--;
    p->events.delivered(p, &d, m->_private, p->arg);
}

static void producer_teardown(struct kafka_producer *p);

static int producer_drain(void *owner)
{
    struct kafka_producer *p = owner;
    /* rd_kafka_poll serves what is queued now; each delivery-report op carries a batch. */
    int served = rd_kafka_poll(p->rk, 0);

    if (p->state == PRODUCER_FLUSHING && p->in_flight == 0) {
        producer_teardown(p);
        return 0;
    }
    return served > 0;
}

/* The configuration every producer gets, then the caller's properties. */
static int producer_conf_build(const struct kafka_producer_config *cfg, rd_kafka_conf_t **out,
                               char *errbuf, size_t errlen)
{
    char client_id[128];
    rd_kafka_conf_t *conf;
    int rc;

    if (cfg->client_id == NULL) {
        kafka_default_client_id("ingest-producer", client_id, sizeof(client_id));
    } else {
        snprintf(client_id, sizeof(client_id), "%s", cfg->client_id);
    }
    const struct kafka_property defaults[] = {
        {"bootstrap.servers", cfg->brokers},
        {"client.id", client_id},
        {"enable.idempotence", "true"},
        {"acks", "all"},
        {"log.queue", "true"},
    };

    conf = rd_kafka_conf_new();
    rc = kafka_conf_apply(conf, defaults, sizeof(defaults) / sizeof(defaults[0]), cfg->properties,
                          cfg->property_count, producer_refused, errbuf, errlen);
    if (rc < 0) {
        rd_kafka_conf_destroy(conf);
        return rc;
    }
    *out = conf;
    return 0;
}

int kafka_producer_check_config(const struct kafka_producer_config *cfg, char *errbuf,
                                size_t errlen)
{
    rd_kafka_conf_t *conf;
    int rc = producer_conf_build(cfg, &conf, errbuf, errlen);

    if (rc == 0) {
        rd_kafka_conf_destroy(conf);
    }
    return rc;
}

int kafka_producer_create(uv_loop_t *loop, const struct kafka_producer_config *cfg,
                          const struct kafka_producer_events *events, void *arg,
                          struct kafka_producer **out, char *errbuf, size_t errlen)
{
    struct kafka_producer *p;
    rd_kafka_conf_t *conf;
    int rc;

    *out = NULL;
    if (cfg->brokers == NULL || events->delivered == NULL) {
        snprintf(errbuf, errlen, "kafka producer needs brokers and a delivery callback");
        return -EINVAL;
    }
    p = calloc(1, sizeof(*p));
    if (p == NULL) {
        return -ENOMEM;
    }
    p->loop = loop;
    p->fd = -1;
    p->events = *events;
    p->arg = arg;

    rc = producer_conf_build(cfg, &conf, errbuf, errlen);
    if (rc < 0) {
        conf = NULL;
        goto fail_conf;
    }
    rd_kafka_conf_set_opaque(conf, p);
    rd_kafka_conf_set_error_cb(conf, producer_on_error);
    rd_kafka_conf_set_log_cb(conf, producer_on_log);
    rd_kafka_conf_set_dr_msg_cb(conf, producer_on_delivery);

    p->rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, errbuf, errlen);
    if (p->rk == NULL) {
        rc = -EINVAL;
        goto fail_conf;
    }
    conf = NULL; /* owned by rk now */
    rd_kafka_set_log_queue(p->rk, NULL);
    p->queue = rd_kafka_queue_get_main(p->rk);

    p->fd = kafka_eventfd_open();
    if (p->fd < 0) {
        rc = p->fd;
        snprintf(errbuf, errlen, "eventfd: %s", strerror(-rc));
        goto fail_rk;
    }
    rd_kafka_queue_io_event_enable(p->queue, p->fd, &kafka_eventfd_payload,
                                   sizeof(kafka_eventfd_payload));
    rc = kafka_wake_start(loop, p->fd, 0, producer_drain, p, &p->wake);
    if (rc < 0) {
        snprintf(errbuf, errlen, "watching the producer queue: %s", uv_strerror(rc));
        goto fail_io;
    }
    p->state = PRODUCER_RUNNING;
    *out = p;
    return 0;

fail_io:
    rd_kafka_queue_io_event_enable(p->queue, -1, NULL, 0);
    close(p->fd);
fail_rk:
    rd_kafka_queue_destroy(p->queue);
    rd_kafka_destroy(p->rk); /* nothing was produced: returns quickly */
fail_conf:
    if (conf != NULL) {
        rd_kafka_conf_destroy(conf);
    }
    free(p);
    return rc;
}

int kafka_producer_send(struct kafka_producer *p, const struct kafka_record *rec, void *msg_opaque)
{
    rd_kafka_headers_t *headers = NULL;
    rd_kafka_resp_err_t err;

    if (p->state != PRODUCER_RUNNING) {
        return -ESHUTDOWN;
    }
    if (rec->header_count > 0) {
        headers = rd_kafka_headers_new(rec->header_count);
        for (size_t i = 0; i < rec->header_count; i++) {
            rd_kafka_header_add(headers, rec->headers[i].name, -1, rec->headers[i].value,
                                (ssize_t)rec->headers[i].value_len);
        }
        err = rd_kafka_producev(
            p->rk, RD_KAFKA_V_TOPIC(rec->topic), RD_KAFKA_V_PARTITION(rec->partition),
            RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY), RD_KAFKA_V_KEY(rec->key, rec->key_len),
            RD_KAFKA_V_VALUE((void *)rec->value, rec->value_len), RD_KAFKA_V_HEADERS(headers),
            RD_KAFKA_V_OPAQUE(msg_opaque), RD_KAFKA_V_END);
    } else {
        err = rd_kafka_producev(
            p->rk, RD_KAFKA_V_TOPIC(rec->topic), RD_KAFKA_V_PARTITION(rec->partition),
            RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY), RD_KAFKA_V_KEY(rec->key, rec->key_len),
            RD_KAFKA_V_VALUE((void *)rec->value, rec->value_len), RD_KAFKA_V_OPAQUE(msg_opaque),
            RD_KAFKA_V_END);
    }
    if (err != RD_KAFKA_RESP_ERR_NO_ERROR) {
        /* The headers become librdkafka's only when the record was accepted. */
        if (headers != NULL) {
            rd_kafka_headers_destroy(headers);
        }
        return kafka_errno(err);
    }
    p->in_flight++;
    return 0;
}

size_t kafka_producer_outstanding(const struct kafka_producer *p)
{
    return p->in_flight;
}

static void producer_on_destroyed(void *owner)
{
    struct kafka_producer *p = owner;

    close(p->fd);
    if (p->closed != NULL) {
        p->closed(p, p->undelivered, p->arg);
    }
    free(p);
}

static void producer_on_part_closed(struct kafka_producer *p)
{
    if (--p->pending_closes > 0) {
        return;
    }
    rd_kafka_queue_destroy(p->queue);
    p->queue = NULL;
    kafka_destroy_async(p->loop, p->rk, 0, producer_on_destroyed, p);
}

static void producer_on_wake_closed(void *owner)
{
    producer_on_part_closed(owner);
}

static void producer_on_timer_closed(uv_handle_t *handle)
{
    producer_on_part_closed(handle->data);
}

static void producer_teardown(struct kafka_producer *p)
{
    if (p->state == PRODUCER_TEARDOWN) {
        return;
    }
    p->state = PRODUCER_TEARDOWN;
    rd_kafka_queue_io_event_enable(p->queue, -1, NULL, 0);
    p->pending_closes = 1 + p->close_timer_open;
    kafka_wake_close(p->wake, producer_on_wake_closed);
    if (p->close_timer_open) {
        uv_close((uv_handle_t *)&p->close_timer, producer_on_timer_closed);
    }
}

static void producer_on_close_check(uv_timer_t *timer)
{
    struct kafka_producer *p = timer->data;

    if (p->state != PRODUCER_FLUSHING) {
        return;
    }
    if (p->in_flight == 0) {
        producer_teardown(p);
    } else if (uv_now(p->loop) >= p->close_deadline) {
        if (!p->purged) {
            /* Out of time: fail what is left so each record still gets its report. */
            p->purged = 1;
            rd_kafka_purge(p->rk, RD_KAFKA_PURGE_F_QUEUE | RD_KAFKA_PURGE_F_INFLIGHT);
            p->close_deadline = uv_now(p->loop) + PRODUCER_PURGE_GRACE_MS;
            kafka_wake_kick(p->wake);
        } else {
            /* Reports that never came: rd_kafka_destroy() drops them. */
            p->undelivered += p->in_flight;
            producer_teardown(p);
        }
    } else {
        kafka_wake_kick(p->wake);
    }
}

int kafka_producer_close(struct kafka_producer *p, unsigned timeout_ms,
                         void (*closed)(struct kafka_producer *p, size_t undelivered, void *arg))
{
    if (p->state != PRODUCER_RUNNING) {
        return -EALREADY;
    }
    p->state = PRODUCER_FLUSHING;
    p->closed = closed;
    p->close_deadline = uv_now(p->loop) + (timeout_ms ? timeout_ms : PRODUCER_DEFAULT_CLOSE_MS);
    uv_timer_init(p->loop, &p->close_timer);
    p->close_timer.data = p;
    p->close_timer_open = 1;
    uv_timer_start(&p->close_timer, producer_on_close_check, PRODUCER_CLOSE_CHECK_MS,
                   PRODUCER_CLOSE_CHECK_MS);
    /* The next drain tears down at once if nothing is outstanding. */
    kafka_wake_kick(p->wake);
    return 0;
}
