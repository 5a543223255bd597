/*
 * What the consumer and the producer share: configuration building, error codes, the error
 * gate, and destroying a client off the loop thread.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kafka_internal.h"

static int conf_is_refused(const char *name, const char *const *refused)
{
    for (; refused != NULL && *refused != NULL; refused++) {
        if (strcmp(name, *refused) == 0) {
            return 1;
        }
    }
    return 0;
}

static int conf_set_list(rd_kafka_conf_t *conf, const struct kafka_property *props, size_t count,
                         const char *const *refused, char *errbuf, size_t errlen)
{
    char reason[512];

    for (size_t i = 0; i < count; i++) {
        if (props[i].name == NULL || props[i].value == NULL) {
            snprintf(errbuf, errlen, "kafka property %zu has no name or value", i);
            return -EINVAL;
        }
        if (conf_is_refused(props[i].name, refused)) {
            snprintf(errbuf, errlen,
                     "kafka property %s is managed by the service and cannot be overridden",
                     props[i].name);
            return -EINVAL;
        }
        if (rd_kafka_conf_set(conf, props[i].name, props[i].value, reason, sizeof(reason)) !=
            RD_KAFKA_CONF_OK) {
            snprintf(errbuf, errlen, "kafka property %s: %s", props[i].name, reason);
            return -EINVAL;
        }
    }
    return 0;
}

int kafka_conf_apply(rd_kafka_conf_t *conf, const struct kafka_property *defaults,
                     size_t default_count, const struct kafka_property *props, size_t prop_count,
                     const char *const *refused, char *errbuf, size_t errlen)
{
    int rc = conf_set_list(conf, defaults, default_count, NULL, errbuf, errlen);
    if (rc < 0) {
        return rc;
    }
    return conf_set_list(conf, props, prop_count, refused, errbuf, errlen);
}

int kafka_error_gate_pass(struct kafka_error_gate *g, int err)
{
    for (size_t i = 0; i < g->count; i++) {
        if (g->codes[i] == err) {
            return 0;
        }
    }
    if (g->count == KAFKA_ERROR_GATE_SLOTS) {
        memmove(&g->codes[0], &g->codes[1], (KAFKA_ERROR_GATE_SLOTS - 1) * sizeof(g->codes[0]));
        g->count--;
    }
    g->codes[g->count++] = err;
    return 1;
}

void kafka_error_gate_reset(struct kafka_error_gate *g)
{
    g->count = 0;
}

int kafka_errno(int rd_kafka_err)
{
    switch ((rd_kafka_resp_err_t)rd_kafka_err) {
    case RD_KAFKA_RESP_ERR_NO_ERROR:
        return 0;
    case RD_KAFKA_RESP_ERR__QUEUE_FULL:
        return -ENOBUFS;
    case RD_KAFKA_RESP_ERR_MSG_SIZE_TOO_LARGE:
        return -EMSGSIZE;
    case RD_KAFKA_RESP_ERR__UNKNOWN_TOPIC:
    case RD_KAFKA_RESP_ERR__UNKNOWN_PARTITION:
    case RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART:
        return -ENOENT;
    case RD_KAFKA_RESP_ERR__STATE:
        return -ESRCH;
    case RD_KAFKA_RESP_ERR__NO_OFFSET:
        return -ENODATA;
    case RD_KAFKA_RESP_ERR__TIMED_OUT:
    case RD_KAFKA_RESP_ERR__MSG_TIMED_OUT:
    case RD_KAFKA_RESP_ERR_REQUEST_TIMED_OUT:
        return -ETIMEDOUT;
    case RD_KAFKA_RESP_ERR__PURGE_QUEUE:
    case RD_KAFKA_RESP_ERR__PURGE_INFLIGHT:
    case RD_KAFKA_RESP_ERR__DESTROY:
    case RD_KAFKA_RESP_ERR__FATAL:
        return -ESHUTDOWN;
    case RD_KAFKA_RESP_ERR__INVALID_ARG:
    case RD_KAFKA_RESP_ERR_INVALID_MSG:
        return -EINVAL;
    case RD_KAFKA_RESP_ERR_TOPIC_AUTHORIZATION_FAILED:
    case RD_KAFKA_RESP_ERR_GROUP_AUTHORIZATION_FAILED:
    case RD_KAFKA_RESP_ERR_CLUSTER_AUTHORIZATION_FAILED:
        return -EACCES;
    default:
        return -EIO;
    }
}

const char *kafka_library_version(void)
{
    return rd_kafka_version_str();
}

void kafka_default_client_id(const char *role, char *buf, size_t len)
{
    char host[64];

    if (gethostname(host, sizeof(host)) != 0) {
        strcpy(host, "localhost");
    }
    host[sizeof(host) - 1] = '\0';
    snprintf(buf, len, "%s-%s-%ld", role, host, (long)getpid());
}

struct destroy_work {
    uv_work_t req;
    rd_kafka_t *rk;
    int no_consumer_close;
    void (*done)(void *owner);
    void *owner;
};

static void destroy_on_pool(uv_work_t *req)
{
    struct destroy_work *d = req->data;
    rd_kafka_destroy_flags(d->rk, d->no_consumer_close ? RD_KAFKA_DESTROY_F_NO_CONSUMER_CLOSE : 0);
}

static void destroy_after(uv_work_t *req, int status)
{
    struct destroy_work *d = req->data;
    (void)status; /* uv_cancel is never called on this request */
    d->done(d->owner);
    free(d);
}

void kafka_destroy_async(uv_loop_t *loop, rd_kafka_t *rk, int no_consumer_close,
                         void (*done)(void *owner), void *owner)
{
    struct destroy_work *d = calloc(1, sizeof(*d));

    if (d != NULL) {
        d->req.data = d;
        d->rk = rk;
        d->no_consumer_close = no_consumer_close;
        d->done = done;
        d->owner = owner;
        if (uv_queue_work(loop, &d->req, destroy_on_pool, destroy_after) == 0) {
            return;
        }
        free(d);
    }
    /* Out of memory: destroying on the loop blocks it briefly, but leaking the client would
     * keep its threads and sockets alive. */
    rd_kafka_destroy_flags(rk, no_consumer_close ? RD_KAFKA_DESTROY_F_NO_CONSUMER_CLOSE : 0);
    done(owner);
}
