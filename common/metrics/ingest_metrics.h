/*
 * ingest_metrics: the catalogue of ingestd's metrics (issue 6), all named ingest_*, built on
 * metrics.h. One call creates every family with its fixed series, so dashboards and alerts
 * see each series (at 0) from the first scrape; rate() needs that.
 *
 *   name                                 type       labels       meaning
 *   ingest_messages_consumed_total       counter                 taken from the raw topic
 *   ingest_consumed_bytes_total          counter                 their value bytes
 *   ingest_messages_stored_total         counter    outcome      inserted|updated|unchanged
 *   ingest_enriched_published_total      counter                 enriched records delivered
 *   ingest_messages_dead_lettered_total  counter    reason       dead letters delivered
 *   ingest_retries_total                 counter    stage        work|db|enriched|dlq
 *   ingest_messages_abandoned_total      counter                 given up at shutdown timeout
 *   ingest_messages_redelivered_total    counter                 handed over twice, dropped
 *   ingest_commit_failures_total         counter                 failed offset commits
 *   ingest_http_requests_total           counter    code         answered, 1xx..5xx
 *   ingest_log_lines_total               counter    level        log lines, debug..error
 *   ingest_db_events_total               counter    event        connect|transaction|copy|
 *                                                                row_resent|row_isolated
 *   ingest_db_batch_messages             histogram               messages (articles and dead
 * letters) per database batch ingest_db_write_duration_seconds     histogram               time to
 * write one batch ingest_end_to_end_latency_seconds    histogram               Kafka timestamp ->
 * delivered ingest_consumer_lag_messages         gauge      topic,       high watermark - position
 *                                                   partition
 *   ingest_partitions_assigned           gauge                   partitions owned
 *   ingest_partitions_paused             gauge                   of them, paused
 *   ingest_inflight_messages             gauge                   consumed, not yet done
 *   ingest_inflight_bytes                gauge                   their value bytes
 *   ingest_resident_memory_bytes         gauge                   RSS (ingest_metrics_refresh)
 *   ingest_memory_budget_bytes           gauge                   the memory budget
 *   ingest_db_connected                  gauge                   1 when connected
 *   ingest_ready                         gauge                   1 when /readyz says 200
 *   ingest_last_commit_age_seconds       gauge                   since the last commit
 *   ingest_build_info                    gauge      version      always 1
 *
 * Wiring into ingestd (a few lines; every call is cheap and never blocks):
 *   1. Start: ingest_metrics_create(INGEST_VERSION, uv_now(loop), budget_bytes, &d->metrics);
 *      exit: ingest_metrics_destroy(d->metrics) after the loop closed.
 *   2. Counters where d->stats is bumped today, e.g.
 *        metrics_counter_inc(m->consumed, 0);
 *        metrics_counter_add(m->consumed_bytes, 0, len);
 *        metrics_counter_inc(m->stored, ingest_metrics_outcome_index(job->outcome));
 *        metrics_counter_inc(m->dead_lettered, ingest_metrics_reason_index(job->reason));
 *        metrics_counter_inc(m->retries, INGEST_RETRY_DB);
 *      histograms where a batch is written or a job finishes:
 *        metrics_histogram_observe(m->batch_size, 0, n_articles);
 *        metrics_histogram_observe(m->write_seconds, 0, seconds);
 *        metrics_histogram_observe(m->end_to_end_seconds, 0, (now_ms - job->timestamp_ms) / 1e3);
 *   3. Gauges where the state changes: metrics_gauge_set(m->inflight_messages, 0, d->inflight),
 *      m->db_connected on connect/disconnect, m->partitions_* on (un)assign/pause/resume;
 *      on assign ingest_metrics_lag_series(m, topic, partition, &part->lag_index), on revoke
 *      ingest_metrics_lag_remove(m, part->lag_index); the lag itself from the non-blocking
 *      rd_kafka_get_watermark_offsets (cached high watermark) minus rd_kafka_position.
 *   4. On every successful offset commit: ingest_metrics_commit_succeeded(m, uv_now(loop));
 *      on a failed one metrics_counter_inc(m->commit_failures, 0).
 *   5. GET /metrics (http_server_route(srv, "GET", "/metrics", on_metrics, d)):
 *        struct metrics_buffer buf = METRICS_BUFFER_INIT;
 *        struct http_server_stats st;
 *        http_server_stats(d->http, &st);
 *        ingest_metrics_set_http(m, st.responses_by_class);
 *        metrics_gauge_set(m->ready, 0, ready_now(d));  <- the same checks as /readyz
 *        ingest_metrics_refresh(m, uv_now(d->loop));     <- RSS, commit age, log lines
 *        if (metrics_render(m->registry, &buf) < 0) { metrics_buffer_free(&buf); 500; }
 *        http_response_status(resp, 200, METRICS_CONTENT_TYPE);
 *        body = metrics_buffer_take(&buf, &len);
 *        http_response_body_take(resp, body, len);
 *
 * Threads: the counters and histograms may be bumped from worker threads; the functions below
 * that take now_ms (create, commit_succeeded, refresh) and the lag series functions belong to
 * the loop thread. Ownership: *out of create is owned by the caller (ingest_metrics_destroy);
 * the handles inside it are borrowed from m->registry and live as long as m.
 */
#ifndef INGEST_METRICS_H
#define INGEST_METRICS_H

#include <stddef.h>
#include <stdint.h>

#include "metrics.h"

/* Series of ingest_messages_stored_total, in the order of the outcome label's values. */
enum ingest_stored_outcome {
    INGEST_STORED_INSERTED = 0,
    INGEST_STORED_UPDATED,
    INGEST_STORED_UNCHANGED,
    INGEST_STORED_COUNT
};

/* Series of ingest_retries_total: what was retried (ingestd's enum ingestd_retry, minus NONE). */
enum ingest_retry_stage {
    INGEST_RETRY_WORK = 0, /* parse/enrich ran out of memory */
    INGEST_RETRY_DB,       /* the database refused a row for a reason that is not its data */
    INGEST_RETRY_ENRICHED, /* producing the enriched record failed */
    INGEST_RETRY_DLQ,      /* producing the dead letter failed */
    INGEST_RETRY_COUNT
};

/* Partitions one instance can report lag for; beyond it lag_series says -ENOSPC. */
#define INGEST_METRICS_MAX_PARTITIONS 256

/* Series of ingest_db_events_total: what the database writers did (pgw's struct pgw_stats). */
enum ingest_db_event {
    INGEST_DB_CONNECT = 0,  /* connections made, the first included */
    INGEST_DB_TRANSACTION,  /* transactions committed (a batch, or one row sent alone) */
    INGEST_DB_COPY,         /* COPY statements that wrote detail rows */
    INGEST_DB_ROW_RESENT,   /* rows sent again (lost connection, transient error, or alone) */
    INGEST_DB_ROW_ISOLATED, /* rows sent again alone because their batch failed */
    INGEST_DB_EVENT_COUNT
};

struct ingest_metrics {
    struct metrics_registry *registry; /* owned by this struct */

    struct metrics_counter *consumed;
    struct metrics_counter *consumed_bytes;
    struct metrics_counter *stored; /* index: enum ingest_stored_outcome */
    struct metrics_counter *enriched_published;
    struct metrics_counter *dead_lettered; /* index: ingest_metrics_reason_index() */
    struct metrics_counter *retries;       /* index: enum ingest_retry_stage */
    struct metrics_counter *abandoned;
    struct metrics_counter *redelivered; /* set from the consumer at scrape time */
    struct metrics_counter *commit_failures;

    struct metrics_histogram *batch_size;
    struct metrics_histogram *write_seconds;
    struct metrics_histogram *end_to_end_seconds;

    struct metrics_gauge *consumer_lag; /* index: from ingest_metrics_lag_series() */
    struct metrics_gauge *partitions_assigned;
    struct metrics_gauge *partitions_paused;
    struct metrics_gauge *inflight_messages;
    struct metrics_gauge *inflight_bytes;
    struct metrics_gauge *resident_memory;
    struct metrics_gauge *memory_budget;
    struct metrics_gauge *db_connected;
    struct metrics_gauge *ready;
    struct metrics_gauge *last_commit_age;
    struct metrics_counter *http_requests; /* index: status class - 1 (0 = 1xx ... 4 = 5xx) */
    struct metrics_counter *log_lines;     /* index: enum log_level (0 debug ... 3 error) */
    struct metrics_counter *db_events;     /* index: enum ingest_db_event; set at scrape time */
    struct metrics_gauge *build_info;

    /* Loop thread only: uv_now() of creation and of the last successful commit (-1: none). */
    int64_t start_ms;
    int64_t last_commit_ms;
};

/*
 * Creates the registry and every family above. version labels ingest_build_info;
 * memory_budget_bytes is the value of ingest_memory_budget_bytes; now_ms is the loop's clock
 * (uv_now), the start of the commit age until the first commit. Returns 0, -EINVAL (version is
 * not valid UTF-8 or too long) or -ENOMEM.
 */
int ingest_metrics_create(const char *version, int64_t now_ms, uint64_t memory_budget_bytes,
                          struct ingest_metrics **out);

/* Frees m and its registry. NULL is a no-op. No thread may be updating a metric any more. */
void ingest_metrics_destroy(struct ingest_metrics *m);

/* Dead-letter reason -> series of m->dead_lettered. The reasons are article_reason_code()'s
 * codes plus "enrich_failed" and "db_rejected"; anything else counts as "other", so the label's
 * cardinality stays fixed. Never fails; safe from any thread. */
size_t ingest_metrics_reason_index(const char *reason);

/* The reason text of a series index (for tests and logs); NULL past the last. Static. */
const char *ingest_metrics_reason_name(size_t index);

/* Number of reason series (the last is "other"). */
size_t ingest_metrics_reason_count(void);

/* "inserted" | "updated" | "unchanged" -> enum ingest_stored_outcome; -ENOENT otherwise. */
int ingest_metrics_outcome_index(const char *outcome);

/* Adds (or finds) the lag series of topic/partition and writes its index. Returns 0, -EINVAL
 * (bad topic text, negative partition) or -ENOSPC (INGEST_METRICS_MAX_PARTITIONS reached). */
int ingest_metrics_lag_series(struct ingest_metrics *m, const char *topic, int32_t partition,
                              size_t *index);

/* Drops a lag series when its partition is revoked. Returns 0 or -ENOENT. */
int ingest_metrics_lag_remove(struct ingest_metrics *m, size_t index);

/* Records a successful offset commit at now_ms (uv_now). */
void ingest_metrics_commit_succeeded(struct ingest_metrics *m, int64_t now_ms);

/* Copies the HTTP server's answered-request totals (struct http_server_stats's
 * responses_by_class: [1] = 1xx ... [5] = 5xx) into ingest_http_requests_total. */
void ingest_metrics_set_http(struct ingest_metrics *m, const uint64_t responses_by_class[6]);

/*
 * Sets what is measured at scrape time: ingest_resident_memory_bytes (from /proc/self/statm),
 * ingest_last_commit_age_seconds (now_ms minus the last commit, or minus the start when no
 * commit happened yet) and ingest_log_lines_total (copied from log.h's log_lines_total).
 * Returns 0, or the error of reading statm (the others are set regardless).
 */
int ingest_metrics_refresh(struct ingest_metrics *m, int64_t now_ms);

#endif
