/* The public side of the writer: creation, submission, completion, statistics and closing. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "pgw_internal.h"

#define PGW_DEFAULT_MAX_QUEUE          1024
#define PGW_DEFAULT_MAX_IN_FLIGHT      64
#define PGW_DEFAULT_RECONNECT_MIN_MS   100
#define PGW_DEFAULT_RECONNECT_MAX_MS   10000
#define PGW_DEFAULT_CONNECT_TIMEOUT_MS 10000
#define PGW_DEFAULT_BATCH_SIZE         200
#define PGW_DEFAULT_BATCH_LINGER_MS    20

void pgw_options_default(struct pgw_options *opt)
{
    memset(opt, 0, sizeof(*opt));
    opt->max_queue = PGW_DEFAULT_MAX_QUEUE;
    opt->max_in_flight = PGW_DEFAULT_MAX_IN_FLIGHT;
    opt->reconnect_min_ms = PGW_DEFAULT_RECONNECT_MIN_MS;
    opt->reconnect_max_ms = PGW_DEFAULT_RECONNECT_MAX_MS;
    opt->connect_timeout_ms = PGW_DEFAULT_CONNECT_TIMEOUT_MS;
    opt->batch_size = PGW_DEFAULT_BATCH_SIZE;
    opt->batch_linger_ms = PGW_DEFAULT_BATCH_LINGER_MS;
}

static unsigned pgw_or_default(unsigned value, unsigned fallback)
{
    return value != 0 ? value : fallback;
}

int pgw_create(uv_loop_t *loop, const struct pgw_options *opt, struct pgw **out)
{
    *out = NULL;
    if (loop == NULL || opt == NULL || opt->conninfo == NULL) {
        return -EINVAL;
    }
    /* A malformed conninfo is a configuration error: say so now rather than retry forever. A
     * string without '=' or a URI scheme is a bare database name, which libpq also accepts. */
    if (strchr(opt->conninfo, '=') != NULL || strncmp(opt->conninfo, "postgres", 8) == 0) {
        char *parse_error = NULL;
        PQconninfoOption *parsed = PQconninfoParse(opt->conninfo, &parse_error);
        PQfreemem(parse_error);
        if (parsed == NULL) {
            return -EINVAL;
        }
        PQconninfoFree(parsed);
    }
    struct pgw *w = calloc(1, sizeof(*w));
    if (w == NULL) {
        return -ENOMEM;
    }
    w->conninfo = strdup(opt->conninfo);
    if (opt->group_id != NULL) {
        w->group_id = strdup(opt->group_id);
    }
    if (w->conninfo == NULL || (opt->group_id != NULL && w->group_id == NULL)) {
        free(w->conninfo);
        free(w->group_id);
        free(w);
        return -ENOMEM;
    }
    int rc = uv_timer_init(loop, &w->timer);
    /* uv_timer_init cannot fail on Unix (it only fills the handle), so no handle is left open
     * when it is the second that fails: nothing to close. */
    if (rc == 0) {
        rc = uv_timer_init(loop, &w->linger);
    }
    if (rc < 0) {
        free(w->conninfo);
        free(w->group_id);
        free(w);
        return rc;
    }
    w->handles_open = 2;
    w->loop = loop;
    w->opt = *opt;
    w->opt.conninfo = w->conninfo;
    w->opt.group_id = w->group_id;
    w->opt.max_queue = pgw_or_default(opt->max_queue, PGW_DEFAULT_MAX_QUEUE);
    w->opt.max_in_flight = pgw_or_default(opt->max_in_flight, PGW_DEFAULT_MAX_IN_FLIGHT);
    w->opt.reconnect_min_ms = pgw_or_default(opt->reconnect_min_ms, PGW_DEFAULT_RECONNECT_MIN_MS);
    w->opt.reconnect_max_ms = pgw_or_default(opt->reconnect_max_ms, PGW_DEFAULT_RECONNECT_MAX_MS);
    if (w->opt.reconnect_max_ms < w->opt.reconnect_min_ms) {
        w->opt.reconnect_max_ms = w->opt.reconnect_min_ms;
    }
    w->opt.connect_timeout_ms =
        pgw_or_default(opt->connect_timeout_ms, PGW_DEFAULT_CONNECT_TIMEOUT_MS);
    w->opt.batch_size = pgw_or_default(opt->batch_size, PGW_DEFAULT_BATCH_SIZE);
    w->backoff_ms = w->opt.reconnect_min_ms;
    w->poll_fd = -1;
    w->timer.data = w;
    w->linger.data = w;
    w->state = PGW_STATE_IDLE;
    *out = w;
    return 0;
}

int pgw_start(struct pgw *w)
{
    if (w->state == PGW_STATE_CLOSING) {
        return -ESHUTDOWN;
    }
    if (w->state != PGW_STATE_IDLE) {
        return -EALREADY;
    }
    pgw_conn_connect(w);
    return 0;
}

int pgw_submit(struct pgw *w, const struct pgw_row *row, pgw_done_cb cb, void *arg)
{
    if (w->state == PGW_STATE_CLOSING) {
        return -ESHUTDOWN;
    }
    if (w->queued >= w->opt.max_queue) {
        return -EAGAIN;
    }
    struct pgw_request *req;
    int rc = pgw_request_create(row, w->group_id, cb, arg, &req);
    if (rc < 0) {
        return rc;
    }
    if (w->tail != NULL) {
        w->tail->next = req;
    } else {
        w->head = req;
    }
    w->tail = req;
    if (w->next_send == NULL) {
        w->next_send = req;
    }
    req->queued_at = uv_now(w->loop);
    w->unsent++;
    w->queued++;
    w->queued_bytes += req->bytes;
    w->stats.submitted++;
    if (w->state == PGW_STATE_READY && !w->fail_deferred && pgw_pipeline_send(w) < 0) {
        /* The failure is handled from the loop, so that no callback runs inside pgw_submit. */
        pgw_conn_fail_later(w);
    }
    return 0;
}

void pgw_result_set_message(struct pgw_result *res, const char *msg)
{
    if (msg == NULL) {
        res->message[0] = '\0';
        return;
    }
    size_t n = 0;
    /* libpq messages end with a newline and may span lines (DETAIL, HINT): keep one line. */
    while (msg[n] != '\0' && msg[n] != '\n' && n + 1 < sizeof(res->message)) {
        res->message[n] = msg[n];
        n++;
    }
    res->message[n] = '\0';
}

static void pgw_count(struct pgw *w, const struct pgw_result *res)
{
    switch (res->status) {
    case 0:
        if (res->outcome == PGW_OUTCOME_NONE) {
            /* a position row: nothing of an article's */
        } else if (res->outcome == PGW_OUTCOME_INSERTED) {
            w->stats.inserted++;
        } else if (res->outcome == PGW_OUTCOME_UPDATED) {
            w->stats.updated++;
        } else if (res->outcome == PGW_OUTCOME_STALE) {
            w->stats.stale++;
        } else if (res->outcome == PGW_OUTCOME_REJECTED) {
            w->stats.rejected++;
        } else {
            w->stats.unchanged++;
        }
        break;
    case PGW_ERR_DATA:
        w->stats.data_errors++;
        break;
    case PGW_ERR_CANCELED:
        w->stats.canceled++;
        break;
    case PGW_ERR_FENCED:
        w->stats.fenced++;
        break;
    default:
        w->stats.server_errors++;
        break;
    }
}

void pgw_complete_head(struct pgw *w, const struct pgw_result *res)
{
    struct pgw_request *req = w->head;
    w->head = req->next;
    if (w->head == NULL) {
        w->tail = NULL;
    }
    if (w->next_send == req) {
        /* Completed without being sent on this connection (given up on, or canceled). */
        w->next_send = req->next;
        w->unsent--;
    } else if (w->in_flight > 0) {
        w->in_flight--;
    }
    if (w->reading_req == req) {
        w->reading_req = NULL;
    }
    w->queued--;
    w->queued_bytes -= req->bytes;
    pgw_count(w, res);
    /* The request leaves the queue before its callback, which may submit or close. */
    pgw_done_cb cb = req->cb;
    void *arg = req->arg;
    pgw_request_free(req);
    cb(arg, res);
}

bool pgw_is_connected(const struct pgw *w)
{
    return w->state == PGW_STATE_READY;
}

const char *pgw_last_error(const struct pgw *w)
{
    return w->last_error;
}

size_t pgw_queued(const struct pgw *w)
{
    return w->queued;
}

size_t pgw_queued_bytes(const struct pgw *w)
{
    return w->queued_bytes;
}

void pgw_stats_get(const struct pgw *w, struct pgw_stats *out)
{
    *out = w->stats;
}

/* Every handle is closed: cancel what is left, tell the owner, free. */
static void pgw_finish_close(struct pgw *w)
{
    struct pgw_result res;
    memset(&res, 0, sizeof(res));
    res.status = PGW_ERR_CANCELED;
    pgw_result_set_message(&res, "writer closed before the row was acknowledged");
    w->in_flight = 0;
    while (w->head != NULL) {
        pgw_complete_head(w, &res);
    }
    void (*closed_cb)(void *) = w->closed_cb;
    void *closed_arg = w->closed_arg;
    free(w->conninfo);
    free(w->group_id);
    free(w->copy_buf);
    free(w);
    if (closed_cb != NULL) {
        closed_cb(closed_arg);
    }
}

void pgw_handle_closed(struct pgw *w)
{
    w->handles_open--;
    if (w->handles_open == 0 && w->state == PGW_STATE_CLOSING) {
        pgw_finish_close(w);
    }
}

static void pgw_on_timer_closed(uv_handle_t *handle)
{
    pgw_handle_closed(handle->data);
}

void pgw_close(struct pgw *w, void (*closed_cb)(void *arg), void *arg)
{
    if (w->state == PGW_STATE_CLOSING) {
        return;
    }
    w->state = PGW_STATE_CLOSING;
    w->closed_cb = closed_cb;
    w->closed_arg = arg;
    pgw_conn_drop(w);
    uv_close((uv_handle_t *)&w->timer, pgw_on_timer_closed);
    uv_close((uv_handle_t *)&w->linger, pgw_on_timer_closed);
}

void pgw_rewind(struct pgw *w)
{
    w->in_flight = 0;
    w->next_send = w->head;
    w->unsent = w->queued;
    w->reading_req = NULL;
    w->reading_done = false;
    memset(&w->reading, 0, sizeof(w->reading));
    pgw_copy_reset(w);
}
