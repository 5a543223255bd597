/*
 * The queue wake-up driver: librdkafka writes to an eventfd when a queue goes from empty to
 * non-empty; a uv_poll_t on the fd starts a budgeted drain, and a uv_idle_t repeats it while
 * the budget keeps running out, so a busy queue never starves the loop's other handles.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include "kafka_internal.h"

const uint64_t kafka_eventfd_payload = 1;

struct kafka_wake {
    uv_poll_t poll;
    uv_idle_t idle;
    uv_timer_t keepalive;
    int fd;
    int closing;
    int handles_open;
    kafka_wake_drain_fn drain;
    void *owner;
    void (*closed)(void *owner);
};

int kafka_eventfd_open(void)
{
    int fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    return fd < 0 ? -errno : fd;
}

static void wake_on_idle(uv_idle_t *idle);

/* Drains once and decides whether to continue on the next iteration. The drain may close w
 * (the owner shuts down from inside a callback): nothing is started after that. */
static void wake_run(struct kafka_wake *w)
{
    int more;

    if (w->closing) {
        return;
    }
    more = w->drain(w->owner);
    if (w->closing) {
        return;
    }
    if (more) {
        uv_idle_start(&w->idle, wake_on_idle);
    } else {
        uv_idle_stop(&w->idle);
    }
}

static void wake_on_idle(uv_idle_t *idle)
{
    wake_run(idle->data);
}

static void wake_on_readable(uv_poll_t *poll, int status, int events)
{
    struct kafka_wake *w = poll->data;
    uint64_t count;

    (void)events;
    if (status < 0) {
        /* An eventfd has no error a retry would fix. Stop watching it and let the keepalive
         * timer (and kicks) keep the queue served. */
        uv_poll_stop(poll);
    } else {
        /* One read resets the counter; EAGAIN means another wake-up already consumed it. */
        while (read(w->fd, &count, sizeof(count)) < 0 && errno == EINTR) {
        }
    }
    wake_run(w);
}

static void wake_on_keepalive(uv_timer_t *timer)
{
    wake_run(timer->data);
}

static void wake_on_handle_closed(uv_handle_t *handle)
{
    struct kafka_wake *w = handle->data;
    void (*closed)(void *owner);
    void *owner;

    if (--w->handles_open > 0) {
        return;
    }
    closed = w->closed;
    owner = w->owner;
    free(w);
    if (closed) {
        closed(owner);
    }
}

static void wake_close_handles(struct kafka_wake *w)
{
    w->closing = 1;
    uv_close((uv_handle_t *)&w->poll, wake_on_handle_closed);
    uv_close((uv_handle_t *)&w->idle, wake_on_handle_closed);
    uv_close((uv_handle_t *)&w->keepalive, wake_on_handle_closed);
}

int kafka_wake_start(uv_loop_t *loop, int fd, unsigned keepalive_ms, kafka_wake_drain_fn drain,
                     void *owner, struct kafka_wake **out)
{
    struct kafka_wake *w;
    int rc;

    *out = NULL;
    w = calloc(1, sizeof(*w));
    if (w == NULL) {
        return -ENOMEM;
    }
    w->fd = fd;
    w->drain = drain;
    w->owner = owner;
    rc = uv_poll_init(loop, &w->poll, fd);
    if (rc < 0) {
        free(w); /* uv_poll_init registers nothing when it fails */
        return rc;
    }
    /* uv_idle_init and uv_timer_init cannot fail. */
    uv_idle_init(loop, &w->idle);
    uv_timer_init(loop, &w->keepalive);
    w->poll.data = w;
    w->idle.data = w;
    w->keepalive.data = w;
    w->handles_open = 3;

    rc = uv_poll_start(&w->poll, UV_READABLE, wake_on_readable);
    if (rc < 0) {
        wake_close_handles(w); /* frees w from the last close callback; no owner callback */
        return rc;
    }
    if (keepalive_ms > 0) {
        uv_timer_start(&w->keepalive, wake_on_keepalive, keepalive_ms, keepalive_ms);
    }
    uv_idle_start(&w->idle, wake_on_idle);
    *out = w;
    return 0;
}

void kafka_wake_kick(struct kafka_wake *w)
{
    if (!w->closing) {
        uv_idle_start(&w->idle, wake_on_idle);
    }
}

void kafka_wake_close(struct kafka_wake *w, void (*closed)(void *owner))
{
    if (w->closing) {
        return;
    }
    w->closed = closed;
    wake_close_handles(w);
}
