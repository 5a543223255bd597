/*
 * The connection: non-blocking connect (PQconnectStart/PQconnectPoll), the poll handle on its
 * socket, failure handling with capped exponential backoff, and reconnecting.
 *
 * The poll handle watches our own dup() of libpq's socket. During a connect libpq may close its
 * socket and open another (next address, next host, SSL retry), possibly under the same
 * descriptor number; a watcher on libpq's descriptor could then be left registered on a closed
 * or reused descriptor. Our duplicate stays valid until we close it ourselves, after uv_close()
 * has stopped watching it, and a changed socket is noticed by comparing inodes.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "pgw_internal.h"

static void pgw_conn_on_poll(uv_poll_t *handle, int status, int events);
static void pgw_conn_on_timer(uv_timer_t *timer);

static void pgw_conn_on_poll_closed(uv_handle_t *handle)
{
    struct pgw *w = handle->data;
    free(handle);
    pgw_handle_closed(w);
}

static bool pgw_conn_same_socket(int a, int b)
{
    struct stat sa, sb;
    if (fstat(a, &sa) != 0 || fstat(b, &sb) != 0) {
        return false;
    }
    return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

static void pgw_conn_unwatch(struct pgw *w)
{
    if (w->poll == NULL) {
        return;
    }
    /* uv_close() stops watching at once; only then may the descriptor be closed. */
    uv_close((uv_handle_t *)w->poll, pgw_conn_on_poll_closed);
    close(w->poll_fd);
    w->poll = NULL;
    w->poll_fd = -1;
    w->poll_events = 0;
}

int pgw_conn_watch(struct pgw *w, int events)
{
    int fd = PQsocket(w->conn);
    if (fd < 0) {
        return -EBADF;
    }
    /* libpq replaces its socket only while connecting; afterwards this costs no syscalls. */
    if (w->poll != NULL && w->state == PGW_STATE_CONNECTING &&
        !pgw_conn_same_socket(fd, w->poll_fd)) {
        pgw_conn_unwatch(w);
    }
    if (w->poll == NULL) {
        int dup_fd = fcntl(fd, F_DUPFD_CLOEXEC, 0);
        if (dup_fd < 0) {
            return -errno;
        }
        uv_poll_t *poll = malloc(sizeof(*poll));
        if (poll == NULL) {
            close(dup_fd);
            return -ENOMEM;
        }
        int rc = uv_poll_init_socket(w->loop, poll, dup_fd);
        if (rc < 0) {
            free(poll);
            close(dup_fd);
            return rc;
        }
        poll->data = w;
        w->poll = poll;
        w->poll_fd = dup_fd;
        w->poll_events = 0;
        w->handles_open++;
    }
    if (events != w->poll_events) {
        int rc = uv_poll_start(w->poll, events, pgw_conn_on_poll);
        if (rc < 0) {
            return rc;
        }
        w->poll_events = events;
    }
    return 0;
}

void pgw_conn_drop(struct pgw *w)
{
    pgw_conn_unwatch(w);
    if (w->conn != NULL) {
        PQfinish(w->conn);
        w->conn = NULL;
    }
}

/* libpq's message for the current failure, or a fallback. */
static const char *pgw_conn_message(const struct pgw *w, const char *fallback)
{
    if (w->conn != NULL) {
        const char *msg = PQerrorMessage(w->conn);
        if (msg != NULL && msg[0] != '\0') {
            return msg;
        }
    }
    return fallback;
}

void pgw_conn_connect(struct pgw *w)
{
    /* client_encoding is forced: every string we send is UTF-8. A later keyword overrides what
     * the expanded conninfo says; fallback_application_name yields to the user's own. */
    static const char *const keywords[] = {"dbname", "client_encoding", "fallback_application_name",
                                           NULL};
    const char *values[] = {w->conninfo, "UTF8", "ingest-pgw", NULL};

    w->state = PGW_STATE_CONNECTING;
    w->conn = PQconnectStartParams(keywords, values, 1);
    if (w->conn == NULL) {
        pgw_conn_fail(w, "out of memory starting a connection");
        return;
    }
    if (PQstatus(w->conn) == CONNECTION_BAD) {
        pgw_conn_fail(w, pgw_conn_message(w, "connection failed"));
        return;
    }
    /* PQconnectPoll ignores connect_timeout: the attempt, setup included, has our own. */
    uv_timer_start(&w->timer, pgw_conn_on_timer, w->opt.connect_timeout_ms, 0);
    /* Before the first PQconnectPoll, libpq says to wait as if it had returned WRITING. */
    if (pgw_conn_watch(w, UV_WRITABLE) < 0) {
        pgw_conn_fail(w, "cannot watch the connection's socket");
    }
}

static void pgw_conn_step(struct pgw *w)
{
    switch (PQconnectPoll(w->conn)) {
    case PGRES_POLLING_READING:
        if (pgw_conn_watch(w, UV_READABLE) < 0) {
            pgw_conn_fail(w, "cannot watch the connection's socket");
        }
        return;
    case PGRES_POLLING_WRITING:
        if (pgw_conn_watch(w, UV_WRITABLE) < 0) {
            pgw_conn_fail(w, "cannot watch the connection's socket");
        }
        return;
    case PGRES_POLLING_OK:
        if (PQsetnonblocking(w->conn, 1) != 0 || PQenterPipelineMode(w->conn) != 1) {
            pgw_conn_fail(w, pgw_conn_message(w, "cannot enter pipeline mode"));
            return;
        }
        w->state = PGW_STATE_SETUP;
        if (pgw_pipeline_setup(w) < 0) {
            pgw_conn_fail(w, pgw_conn_message(w, "sending the setup failed"));
        }
        return;
    default:
        pgw_conn_fail(w, pgw_conn_message(w, "connection failed"));
        return;
    }
}

static void pgw_conn_on_poll(uv_poll_t *handle, int status, int events)
{
    struct pgw *w = handle->data;
    if (status < 0) {
        /* Let libpq look at the socket and report what is wrong with it. */
        events = UV_READABLE | UV_WRITABLE;
    }
    if (w->state == PGW_STATE_CONNECTING) {
        pgw_conn_step(w);
    } else if (w->state == PGW_STATE_SETUP || w->state == PGW_STATE_READY) {
        pgw_pipeline_on_events(w, events);
    }
}

static void pgw_conn_on_timer(uv_timer_t *timer)
{
    struct pgw *w = timer->data;
    if (w->fail_deferred) {
        w->fail_deferred = false;
        if (w->state == PGW_STATE_READY) {
            pgw_conn_fail(w, pgw_conn_message(w, "sending to the server failed"));
        }
        return;
    }
    switch (w->state) {
    case PGW_STATE_CONNECTING:
    case PGW_STATE_SETUP: {
        char why[96];
        snprintf(why, sizeof(why), "connection attempt timed out after %u ms",
                 w->opt.connect_timeout_ms);
        pgw_conn_fail(w, why);
        break;
    }
    case PGW_STATE_BACKOFF:
        pgw_conn_connect(w);
        break;
    default:
        break;
    }
}

void pgw_conn_fail_later(struct pgw *w)
{
    w->fail_deferred = true;
    uv_timer_start(&w->timer, pgw_conn_on_timer, 0, 0);
}

void pgw_conn_fail(struct pgw *w, const char *why)
{
    if (w->state == PGW_STATE_CLOSING) {
        return;
    }
    struct pgw_result one_line;
    pgw_result_set_message(&one_line, why);
    snprintf(w->last_error, sizeof(w->last_error), "%s", one_line.message);

    /* The oldest row in flight may be the cause: count, and give up on it past a limit. */
    struct pgw_request *suspect = w->in_flight > 0 ? w->head : NULL;
    if (suspect != NULL) {
        suspect->head_failures++;
    }

    /* A batch that broke the connection twice is sent again row by row, so that a row that
     * breaks it is found (and given up on) without holding back its batch-mates. */
    if (suspect != NULL && suspect->head_failures >= 2 && !suspect->batch_last) {
        size_t n = 0;
        for (struct pgw_request *r = w->head; r != NULL && n < w->in_flight; r = r->next, n++) {
            if (!r->isolated) {
                r->isolated = true;
                w->stats.isolated++;
            }
        }
    }

    pgw_conn_drop(w);
    uv_timer_stop(&w->linger);
    pgw_rewind(w);
    w->fail_deferred = false;
    w->state = PGW_STATE_BACKOFF;
    uv_timer_start(&w->timer, pgw_conn_on_timer, w->backoff_ms, 0);
    w->backoff_ms =
        w->backoff_ms >= w->opt.reconnect_max_ms / 2 ? w->opt.reconnect_max_ms : w->backoff_ms * 2;

    if (w->opt.state_cb != NULL) {
        w->opt.state_cb(w->opt.state_arg, false, w->last_error);
        if (w->state == PGW_STATE_CLOSING) {
            return;
        }
    }
    if (suspect != NULL && suspect->head_failures >= PGW_MAX_HEAD_FAILURES) {
        struct pgw_result res;
        memset(&res, 0, sizeof(res));
        res.status = PGW_ERR_SERVER;
        char reason[sizeof(w->last_error) + 96];
        snprintf(reason, sizeof(reason),
                 "the connection failed %d times while this row was the oldest in flight: %s",
                 PGW_MAX_HEAD_FAILURES, w->last_error);
        pgw_result_set_message(&res, reason);
        pgw_complete_head(w, &res);
    }
}

void pgw_conn_ready(struct pgw *w)
{
    uv_timer_stop(&w->timer);
    w->state = PGW_STATE_READY;
    w->backoff_ms = w->opt.reconnect_min_ms;
    w->last_error[0] = '\0';
    w->stats.connects++;
    if (w->opt.state_cb != NULL) {
        w->opt.state_cb(w->opt.state_arg, true, NULL);
        if (w->state != PGW_STATE_READY) {
            return;
        }
    }
    if (pgw_pipeline_send(w) < 0) {
        pgw_conn_fail(w, pgw_conn_message(w, "sending to the server failed"));
    }
}
