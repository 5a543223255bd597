/*
 * ingestd's lifecycle on the loop: start every component, and stop them in the one order that
 * never acknowledges unsafe work:
 *
 *   SIGTERM/SIGINT -> draining: fetching paused, new messages ignored, in-flight ones finish
 *   (most of shutdown.timeout; the rest is kept for closing) -> consumer closed (final offsets
 * committed, group left)
 *   -> database writer closed (rows still queued are canceled: never committed in Kafka)
 *   -> producer flushed and closed -> HTTP server, signals and timers closed -> the loop ends.
 *
 * A second signal stops waiting for in-flight messages.
 */
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "ingestd.h"
#include "log.h"

static void shutdown_close(struct ingestd *d);

/* What is left of shutdown.timeout for one closing step, never less than a floor that lets a
 * healthy client finish (leaving the group takes one round trip). */
static unsigned shutdown_remaining_ms(const struct ingestd *d)
{
    uint64_t now = uv_now(d->loop);
    uint64_t left = d->shutdown_deadline > now ? d->shutdown_deadline - now : 0;
    return left < 500 ? 500 : (unsigned)left;
}

/* ---- the end of the shutdown chain -------------------------------------------------------- */

static void on_handle_closed(uv_handle_t *handle)
{
    (void)handle; /* the handles live in struct ingestd, which outlives the loop */
}

static void close_handle(uv_handle_t *handle)
{
    if (!uv_is_closing(handle)) {
        uv_close(handle, on_handle_closed);
    }
}

static void on_http_closed(void *arg)
{
    struct ingestd *d = arg;

    close_handle((uv_handle_t *)&d->sigterm);
    close_handle((uv_handle_t *)&d->sigint);
    close_handle((uv_handle_t *)&d->retry_timer);
    close_handle((uv_handle_t *)&d->stats_timer);
    close_handle((uv_handle_t *)&d->shutdown_timer);
    close_handle((uv_handle_t *)&d->claim_timer);
    close_handle((uv_handle_t *)&d->position_timer);
}

static void close_http(struct ingestd *d)
{
    struct http_server *http = d->http;

    d->http = NULL;
    if (http != NULL) {
        http_server_close(http, on_http_closed, d);
    } else {
        on_http_closed(d);
    }
}

static void on_producer_closed(struct kafka_producer *p, size_t undelivered, void *arg)
{
    struct ingestd *d = arg;

    (void)p;
    d->producer = NULL;
    if (undelivered > 0) {
        log_warn("producer closed with undelivered records (their messages were not committed)",
                 LOG_UINT("undelivered", undelivered));
    } else {
        log_info("producer flushed and closed");
    }
    close_http(d);
}

static void close_producer(struct ingestd *d)
{
    if (d->producer == NULL ||
        kafka_producer_close(d->producer, shutdown_remaining_ms(d), on_producer_closed) != 0) {
        close_http(d);
    }
}

static void on_pgw_closed(void *arg)
{
    struct ingestd *d = arg;

    if (--d->pgw_closing > 0) {
        return;
    }
    log_info("database writers closed");
    close_producer(d);
}

static void close_pgw(struct ingestd *d)
{
    for (size_t i = 0; i < d->pgw_count; i++) {
        if (d->pgw[i] != NULL) {
            d->pgw_closing++;
        }
    }
    if (d->pgw_closing == 0) {
        close_producer(d);
        return;
    }
    for (size_t i = 0; i < d->pgw_count; i++) {
        struct pgw *w = d->pgw[i];
        d->pgw[i] = NULL;
        if (w != NULL) {
            pgw_close(w, on_pgw_closed, d);
        }
    }
}

struct pgw *ingestd_pgw_for(const struct ingestd_partition *part)
{
    const struct ingestd *d = part->d;
    size_t n = d->pgw_count > 0 ? d->pgw_count : 1;
    return d->pgw[(size_t)(part->partition >= 0 ? part->partition : 0) % n];
}

bool ingestd_db_connected(const struct ingestd *d)
{
    for (size_t i = 0; i < d->pgw_count; i++) {
        if (d->pgw[i] == NULL || !pgw_is_connected(d->pgw[i])) {
            return false;
        }
    }
    return d->pgw_count > 0;
}

const char *ingestd_db_error(const struct ingestd *d)
{
    for (size_t i = 0; i < d->pgw_count; i++) {
        if (d->pgw[i] != NULL && pgw_last_error(d->pgw[i])[0] != '\0') {
            return pgw_last_error(d->pgw[i]);
        }
    }
    return "";
}

static void on_consumer_closed(struct kafka_consumer *c, int err, void *arg)
{
    struct ingestd *d = arg;

    uint64_t redelivered = kafka_consumer_redelivered(c);

    d->consumer = NULL;
    if (err != 0) {
        log_warn("consumer closed without leaving the group cleanly", LOG_ERRNO(err),
                 LOG_UINT("redelivered_dropped", redelivered));
    } else {
        log_info("consumer closed: offsets committed, group left",
                 LOG_UINT("redelivered_dropped", redelivered));
    }
    close_pgw(d);
}

static void shutdown_close(struct ingestd *d)
{
    if (d->closing) {
        return;
    }
    d->closing = true;
    uv_timer_stop(&d->shutdown_timer);
    uv_timer_stop(&d->position_timer);
    if (d->inflight > 0) {
        log_warn("shutdown timeout: abandoning messages in flight (they are consumed again "
                 "after the restart)",
                 LOG_UINT("inflight", d->inflight));
    }
    ingestd_retry_abandon_all(d);
    ingestd_claim_cancel_waiting(d);
    if (d->consumer == NULL ||
        kafka_consumer_close(d->consumer, shutdown_remaining_ms(d), on_consumer_closed) != 0) {
        close_pgw(d);
    }
}

static void on_shutdown_timeout(uv_timer_t *timer)
{
    shutdown_close(timer->data);
}

void ingestd_check_drained(struct ingestd *d)
{
    if (!d->draining || d->closing || d->inflight > 0 || d->positions_pending > 0) {
        return;
    }
    /* Everything finished: store the final published positions, then close. */
    ingestd_positions_flush(d);
    if (d->positions_pending == 0) {
        shutdown_close(d);
    }
}

void ingestd_shutdown(struct ingestd *d, const char *why)
{
    uint64_t timeout = (uint64_t)d->settings->shutdown_timeout_ms;
    /* Closing (commit, leave the group, flush) needs time too: keep a quarter of the timeout,
     * at most 5 s, for it, so that the whole shutdown fits in shutdown.timeout. */
    uint64_t reserve = timeout / 4 < 5000 ? timeout / 4 : 5000;

    if (d->draining) {
        return;
    }
    d->draining = true;
    d->shutdown_deadline = uv_now(d->loop) + timeout;
    log_info("shutting down", LOG_STR("why", why), LOG_UINT("inflight", d->inflight));
    if (d->consumer != NULL && !d->paused) {
        kafka_consumer_pause(d->consumer);
        d->paused = true;
    }
    uv_timer_start(&d->shutdown_timer, on_shutdown_timeout, timeout - reserve, 0);
    ingestd_check_drained(d);
}

static void on_signal(uv_signal_t *handle, int signum)
{
    struct ingestd *d = handle->data;

    if (d->draining) {
        log_warn("second signal: not waiting for messages in flight", LOG_INT("signal", signum));
        shutdown_close(d);
        return;
    }
    ingestd_shutdown(d, signum == SIGTERM ? "SIGTERM" : "SIGINT");
}

/* Published positions reach the database with every transaction; this covers the quiet
 * moments after the last one, so that a restart replays little. */
#define POSITION_FLUSH_MS 1000

static void on_position_tick(uv_timer_t *timer)
{
    ingestd_positions_flush(timer->data);
}

/* ---- statistics and the database's state ---------------------------------------------------- */

static void on_stats(uv_timer_t *timer)
{
    struct ingestd *d = timer->data;
    const struct ingestd_stats *s = &d->stats;
    double seconds = (double)d->settings->stats_interval_ms / 1000.0;
    uint64_t stored = s->inserted + s->updated + s->unchanged;
    uint64_t stored_before =
        d->stats_logged.inserted + d->stats_logged.updated + d->stats_logged.unchanged;

    ingestd_partitions_sweep(d, false);
    if (memcmp(&d->stats, &d->stats_logged, sizeof(d->stats)) == 0) {
        return; /* nothing happened: say nothing */
    }
    log_info("progress", LOG_UINT("consumed", s->consumed), LOG_UINT("inserted", s->inserted),
             LOG_UINT("updated", s->updated), LOG_UINT("unchanged", s->unchanged),
             LOG_UINT("dead_lettered", s->dead_lettered), LOG_UINT("db_rejected", s->db_rejected),
             LOG_UINT("enriched_produced", s->enriched_produced), LOG_UINT("retries", s->retries),
             LOG_UINT("inflight", d->inflight),
             LOG_DOUBLE("stored_per_s", (double)(stored - stored_before) / seconds));
    d->stats_logged = d->stats;
}

static void on_db_state(void *arg, bool connected, const char *error)
{
    struct ingestd *d = arg;

    if (connected) {
        log_info("database connected", LOG_UINT("connections", d->pgw_count));
        d->db_failure_logged = false;
    } else if (!d->db_failure_logged) {
        /* Every attempt fails the same way while the database is down: say it once. */
        log_warn(d->db_connected ? "database connection lost; reconnecting"
                                 : "database connection failed; retrying",
                 LOG_STR("reason", error));
        d->db_failure_logged = true;
    } else {
        log_debug("database connection attempt failed", LOG_STR("reason", error));
    }
    d->db_connected = connected;
}

static void on_db_batch(void *arg, unsigned rows, uint64_t write_ms)
{
    struct ingestd *d = arg;

    if (d->metrics != NULL) {
        metrics_histogram_observe(d->metrics->batch_size, 0, (double)rows);
        metrics_histogram_observe(d->metrics->write_seconds, 0, (double)write_ms / 1000.0);
    }
}

/* ---- start ---------------------------------------------------------------------------------- */

static int start_pgw(struct ingestd *d)
{
    struct pgw_options opt;
    int rc = 0;

    pgw_options_default(&opt);
    opt.conninfo = d->settings->pg_conninfo;
    /* Never refuse a row while under the in-flight cap (pgw_submit would say -EAGAIN). */
    opt.max_queue = (unsigned)d->settings->max_inflight_messages + 64;
    opt.batch_size = (unsigned)d->settings->db_batch_size;
    opt.batch_linger_ms = (unsigned)d->settings->db_batch_linger_ms;
    opt.state_cb = on_db_state;
    opt.state_arg = d;
    opt.batch_cb = on_db_batch;
    opt.batch_arg = d;
    opt.group_id = d->settings->group_id;
    d->pgw_count = (size_t)d->settings->db_connections;
    if (d->pgw_count > INGESTD_MAX_DB_CONNECTIONS) {
        d->pgw_count = INGESTD_MAX_DB_CONNECTIONS;
    }
    for (size_t i = 0; i < d->pgw_count && rc == 0; i++) {
        rc = pgw_create(d->loop, &opt, &d->pgw[i]);
        if (rc == 0) {
            rc = pgw_start(d->pgw[i]);
        }
    }
    if (rc < 0) {
        log_error("cannot start the database writers", LOG_ERRNO(rc));
    }
    return rc;
}

int ingestd_start(struct ingestd *d)
{
    int rc;

    rc = ingest_metrics_create(INGEST_VERSION, (int64_t)uv_now(d->loop),
                               (uint64_t)d->settings->memory_budget, &d->metrics);
    if (rc < 0) {
        log_warn("metrics unavailable", LOG_ERRNO(rc));
        d->metrics = NULL;
    }

    d->high_watermark = (size_t)d->settings->max_inflight_messages;
    d->low_watermark = d->high_watermark / 2;
    struct ingestd_budget budget;
    ingestd_budget_split((uint64_t)d->settings->memory_budget,
                         (uint64_t)d->settings->max_message_bytes, &budget);
    d->bytes_high_watermark = budget.inflight_bytes_high;
    d->bytes_low_watermark = budget.inflight_bytes_high / 2;
    uv_timer_init(d->loop, &d->retry_timer);
    uv_timer_init(d->loop, &d->stats_timer);
    uv_timer_init(d->loop, &d->shutdown_timer);
    uv_timer_init(d->loop, &d->claim_timer);
    uv_timer_init(d->loop, &d->position_timer);
    d->claim_timer.data = d;
    d->position_timer.data = d;
    d->retry_timer.data = d;
    d->stats_timer.data = d;
    d->shutdown_timer.data = d;
    uv_signal_init(d->loop, &d->sigterm);
    uv_signal_init(d->loop, &d->sigint);
    d->sigterm.data = d;
    d->sigint.data = d;

    if ((rc = uv_signal_start(&d->sigterm, on_signal, SIGTERM)) < 0 ||
        (rc = uv_signal_start(&d->sigint, on_signal, SIGINT)) < 0) {
        log_error("cannot watch signals", LOG_ERRNO(rc));
        goto fail;
    }
    if ((rc = start_pgw(d)) < 0 || (rc = ingestd_kafka_start(d)) < 0 ||
        (rc = ingestd_http_start(d)) < 0) {
        goto fail;
    }
    if (d->settings->stats_interval_ms > 0) {
        uv_timer_start(&d->stats_timer, on_stats, (uint64_t)d->settings->stats_interval_ms,
                       (uint64_t)d->settings->stats_interval_ms);
    }
    uv_timer_start(&d->position_timer, on_position_tick, POSITION_FLUSH_MS, POSITION_FLUSH_MS);
    return 0;

fail:
    d->exit_code = 1;
    ingestd_shutdown(d, "startup failed");
    return rc;
}
