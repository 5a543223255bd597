/*
 * ingestd's metrics (common/metrics/ingest_metrics.h) beyond single counter bumps: a finished
 * job, the per-partition lag series, and the GET /metrics handler, which reads the gauges of
 * state (partitions, in flight, database, readiness, lag) at scrape time.
 */
#include <time.h>

#include "ingestd.h"
#include "log.h"

/* A job delivered its last record: count it by route, and time it from its Kafka timestamp. */
void ingestd_metrics_finished(struct ingestd *d, const struct ingestd_job *job)
{
    struct timespec now;
    double seconds;

    if (d->metrics == NULL) {
        return;
    }
    if (job->route == INGESTD_ROUTE_DLQ) {
        metrics_counter_inc(d->metrics->dead_lettered, ingest_metrics_reason_index(job->reason));
    } else {
        metrics_counter_inc(d->metrics->enriched_published, 0);
    }
    if (job->timestamp_ms >= 0) {
        clock_gettime(CLOCK_REALTIME, &now);
        seconds = (double)now.tv_sec + (double)now.tv_nsec / 1e9 - (double)job->timestamp_ms / 1e3;
        metrics_histogram_observe(d->metrics->end_to_end_seconds, 0, seconds < 0 ? 0 : seconds);
    }
}

void ingestd_metrics_lag_add(struct ingestd_partition *part)
{
    struct ingestd *d = part->d;

    if (d->metrics != NULL && !part->has_lag_series &&
        ingest_metrics_lag_series(d->metrics, part->topic, part->partition, &part->lag_index) ==
            0) {
        part->has_lag_series = true;
    }
}

void ingestd_metrics_lag_remove(struct ingestd_partition *part)
{
    if (part->d->metrics != NULL && part->has_lag_series) {
        ingest_metrics_lag_remove(part->d->metrics, part->lag_index);
        part->has_lag_series = false;
    }
}

/* The writers' own counters, summed over the connections (db.connections). */
static void set_db_events(struct ingestd *d, struct ingest_metrics *m)
{
    uint64_t sum[INGEST_DB_EVENT_COUNT] = {0};
    struct pgw_stats st;

    for (size_t i = 0; i < d->pgw_count; i++) {
        if (d->pgw[i] == NULL) {
            continue;
        }
        pgw_stats_get(d->pgw[i], &st);
        sum[INGEST_DB_CONNECT] += st.connects;
        sum[INGEST_DB_TRANSACTION] += st.batches;
        sum[INGEST_DB_COPY] += st.copies;
        sum[INGEST_DB_ROW_RESENT] += st.resent;
        sum[INGEST_DB_ROW_ISOLATED] += st.isolated;
    }
    for (size_t e = 0; e < INGEST_DB_EVENT_COUNT; e++) {
        metrics_counter_set(m->db_events, e, sum[e]);
    }
}

void ingestd_metrics_serve(const struct http_request *req, struct http_response *resp, void *arg)
{
    struct ingestd *d = arg;
    struct ingest_metrics *m = d->metrics;
    struct metrics_buffer buf = METRICS_BUFFER_INIT;
    struct http_server_stats st;
    int64_t lag;
    size_t len;
    char *body;

    (void)req;
    if (m == NULL) {
        http_response_set(resp, 503, NULL, "metrics unavailable\n", 20);
        return;
    }
    if (d->http != NULL) {
        http_server_stats(d->http, &st);
        ingest_metrics_set_http(m, st.responses_by_class);
    }
    for (struct ingestd_partition *p = d->partitions; p != NULL; p = p->next) {
        if (p->has_lag_series && d->consumer != NULL &&
            kafka_consumer_lag(d->consumer, p->topic, p->partition, &lag) == 0) {
            metrics_gauge_set(m->consumer_lag, p->lag_index, (double)lag);
        }
    }
    /* Gauges of state are read here rather than kept in step on the hot path. */
    size_t assigned = d->consumer != NULL ? kafka_consumer_assignment_count(d->consumer) : 0;
    metrics_gauge_set(m->partitions_assigned, 0, (double)assigned);
    if (d->consumer != NULL) {
        metrics_counter_set(m->redelivered, 0, kafka_consumer_redelivered(d->consumer));
    }
    set_db_events(d, m);
    metrics_gauge_set(m->partitions_paused, 0, d->paused ? (double)assigned : 0.0);
    metrics_gauge_set(m->inflight_messages, 0, (double)d->inflight);
    metrics_gauge_set(m->inflight_bytes, 0, (double)d->inflight_bytes);
    metrics_gauge_set(m->db_connected, 0, ingestd_db_connected(d) ? 1.0 : 0.0);
    metrics_gauge_set(m->ready, 0, ingestd_ready(d) ? 1.0 : 0.0);
    ingest_metrics_refresh(m, (int64_t)uv_now(d->loop));
    if (metrics_render(m->registry, &buf) < 0) {
        metrics_buffer_free(&buf);
        http_response_set(resp, 500, NULL, "metrics rendering failed\n", 25);
        return;
    }
    body = metrics_buffer_take(&buf, &len);
    http_response_status(resp, 200, METRICS_CONTENT_TYPE);
    http_response_body_take(resp, body, len);
}
