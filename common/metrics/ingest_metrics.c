/*
 * The catalogue of ingestd's metrics: names, help, labels, buckets, and the fixed series.
 */
#include <assert.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "article.h"
#include "ingest_metrics.h"
#include "log.h"

/* Dead-letter reasons besides article_reason_code()'s, from ingestd's own stages. */
static const char *const extra_reasons[] = {"enrich_failed", "db_rejected", "other"};
#define ARTICLE_REASONS ((size_t)ARTICLE_REASON_COUNT - 1) /* without ARTICLE_OK */
#define REASON_COUNT    (ARTICLE_REASONS + sizeof(extra_reasons) / sizeof(extra_reasons[0]))

static const char *const outcome_names[INGEST_STORED_COUNT] = {"inserted", "updated", "unchanged"};
static const char *const stage_names[INGEST_RETRY_COUNT] = {"work", "db", "enriched", "dlq"};
static const char *const code_names[] = {"1xx", "2xx", "3xx", "4xx", "5xx"};
static const char *const level_names[LOG_LEVEL_COUNT] = {"debug", "info", "warn", "error"};
static const char *const db_event_names[INGEST_DB_EVENT_COUNT] = {"connect", "transaction", "copy",
                                                                  "row_resent", "row_isolated"};

/* Messages per batch: one at a time when traffic is thin, up to the batch size under a backlog. */
static const double batch_buckets[] = {1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000};
/* One batch's write: sub-millisecond on a warm local server, seconds when it struggles. */
static const double write_buckets[] = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                       0.1,    0.25,  0.5,    1,     2.5,  5,     10};
/* Kafka timestamp to outcome: the p99 target is under 1 s; backlogs take minutes to hours. */
static const double latency_buckets[] = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1,   2.5,
                                         5,     10,   30,    60,   120, 300,  900, 3600};

#define COUNT_OF(a) (sizeof(a) / sizeof((a)[0]))

const char *ingest_metrics_reason_name(size_t index)
{
    if (index < ARTICLE_REASONS) {
        return article_reason_code((enum article_reason)(index + 1));
    }
    if (index < REASON_COUNT) {
        return extra_reasons[index - ARTICLE_REASONS];
    }
    return NULL;
}

size_t ingest_metrics_reason_count(void)
{
    return REASON_COUNT;
}

size_t ingest_metrics_reason_index(const char *reason)
{
    if (reason != NULL) {
        for (size_t i = 0; i + 1 < REASON_COUNT; i++) {
            if (strcmp(ingest_metrics_reason_name(i), reason) == 0) {
                return i;
            }
        }
    }
    return REASON_COUNT - 1;
}

int ingest_metrics_outcome_index(const char *outcome)
{
    for (int i = 0; outcome != NULL && i < INGEST_STORED_COUNT; i++) {
        if (strcmp(outcome_names[i], outcome) == 0) {
            return i;
        }
    }
    return -ENOENT;
}

/* Adds the series of a one-label family in table order, so that index i is names(i). */
static int add_fixed_series(struct metrics_counter *c, size_t count,
                            const char *(*name_of)(size_t i, const void *table), const void *table)
{
    for (size_t i = 0; i < count; i++) {
        const char *values[1] = {name_of(i, table)};
        size_t index;
        int rc = metrics_counter_series(c, values, &index);
        if (rc < 0) {
            return rc;
        }
        assert(index == i); /* a fresh family fills its slots in order */
    }
    return 0;
}

static const char *table_name(size_t i, const void *table)
{
    return ((const char *const *)table)[i];
}

static const char *reason_name(size_t i, const void *table)
{
    (void)table;
    return ingest_metrics_reason_name(i);
}

struct counter_spec {
    size_t offset; /* of the struct metrics_counter * in struct ingest_metrics */
    const char *name, *help, *label;
    size_t series;
    const char *(*name_of)(size_t i, const void *table);
    const void *table;
};

struct gauge_spec {
    size_t offset;
    const char *name, *help;
};

struct histogram_spec {
    size_t offset;
    const char *name, *help;
    const double *buckets;
    size_t bucket_count;
};

#define AT(field) offsetof(struct ingest_metrics, field)

static const struct counter_spec counters[] = {
    {AT(consumed), "ingest_messages_consumed_total", "Messages taken from the raw topic.", NULL, 0,
     NULL, NULL},
    {AT(consumed_bytes), "ingest_consumed_bytes_total",
     "Value bytes of the messages taken from the raw topic.", NULL, 0, NULL, NULL},
    {AT(stored), "ingest_messages_stored_total",
     "Articles upserted into PostgreSQL, by outcome (inserted, updated, unchanged).", "outcome",
     INGEST_STORED_COUNT, table_name, outcome_names},
    {AT(enriched_published), "ingest_enriched_published_total",
     "Enriched records delivered to the enriched topic.", NULL, 0, NULL, NULL},
    {AT(dead_lettered), "ingest_messages_dead_lettered_total",
     "Messages delivered to the dead-letter topic, by the reason in their ingest.reason header.",
     "reason", REASON_COUNT, reason_name, NULL},
    {AT(retries), "ingest_retries_total",
     "Retries, by stage: work (out of memory), db (server refused for a non-data reason), "
     "enriched and dlq (producing failed).",
     "stage", INGEST_RETRY_COUNT, table_name, stage_names},
    {AT(abandoned), "ingest_messages_abandoned_total",
     "In-flight messages given up at the shutdown timeout (consumed again after restart).", NULL, 0,
     NULL, NULL},
    {AT(redelivered), "ingest_messages_redelivered_total",
     "Messages the Kafka client handed over again from below an offset already taken (after a "
     "pause or a lost seek), dropped so that nothing is processed twice.",
     NULL, 0, NULL, NULL},
    {AT(commit_failures), "ingest_commit_failures_total",
     "Offset commits that failed (the offsets are committed again later).", NULL, 0, NULL, NULL},
    {AT(http_requests), "ingest_http_requests_total",
     "HTTP requests answered on the operational port, by status class.", "code",
     COUNT_OF(code_names), table_name, code_names},
    {AT(log_lines), "ingest_log_lines_total", "Log lines written, by level.", "level",
     LOG_LEVEL_COUNT, table_name, level_names},
    {AT(db_events), "ingest_db_events_total",
     "What the PostgreSQL writers did: connections made, transactions committed, COPY statements "
     "of detail rows, rows sent again, and rows sent again alone because their batch failed.",
     "event", INGEST_DB_EVENT_COUNT, table_name, db_event_names},
};

static const struct histogram_spec histograms[] = {
    {AT(batch_size), "ingest_db_batch_messages",
     "Messages (articles and dead letters) written per database batch.", batch_buckets,
     COUNT_OF(batch_buckets)},
    {AT(write_seconds), "ingest_db_write_duration_seconds",
     "Time to write one batch to PostgreSQL, from submission to commit.", write_buckets,
     COUNT_OF(write_buckets)},
    {AT(end_to_end_seconds), "ingest_end_to_end_latency_seconds",
     "From a raw message's Kafka timestamp to its enriched record or dead letter being delivered.",
     latency_buckets, COUNT_OF(latency_buckets)},
};

static const struct gauge_spec gauges[] = {
    {AT(partitions_assigned), "ingest_partitions_assigned",
     "Partitions of the raw topic assigned to this instance."},
    {AT(partitions_paused), "ingest_partitions_paused",
     "Assigned partitions paused by backpressure."},
    {AT(inflight_messages), "ingest_inflight_messages",
     "Messages consumed and not yet finished (stored and published, or dead-lettered)."},
    {AT(inflight_bytes), "ingest_inflight_bytes", "Value bytes of the in-flight messages."},
    {AT(resident_memory), "ingest_resident_memory_bytes", "Resident set size of the process."},
    {AT(memory_budget), "ingest_memory_budget_bytes",
     "The memory budget the process is configured to stay under."},
    {AT(db_connected), "ingest_db_connected",
     "1 when the PostgreSQL connection is up, 0 otherwise."},
    {AT(ready), "ingest_ready", "1 when /readyz answers 200 (this instance can make progress)."},
    {AT(last_commit_age), "ingest_last_commit_age_seconds",
     "Seconds since the last successful offset commit (since start if none yet)."},
};

static int create_counter(struct ingest_metrics *m, const struct counter_spec *spec)
{
    struct metrics_counter **slot = (struct metrics_counter **)((char *)m + spec->offset);
    const char *labels[2] = {spec->label, NULL};
    struct metrics_desc desc = {.name = spec->name,
                                .help = spec->help,
                                .label_names = spec->label != NULL ? labels : NULL,
                                .max_series = spec->series};
    int rc = metrics_counter_create(m->registry, &desc, slot);

    if (rc == 0 && spec->label != NULL) {
        rc = add_fixed_series(*slot, spec->series, spec->name_of, spec->table);
    }
    return rc;
}

static int create_families(struct ingest_metrics *m, const char *version)
{
    static const char *const lag_labels[] = {"topic", "partition", NULL};
    static const char *const version_label[] = {"version", NULL};
    size_t index;
    int rc;

    for (size_t i = 0; i < COUNT_OF(counters); i++) {
        if ((rc = create_counter(m, &counters[i])) < 0) {
            return rc;
        }
    }
    for (size_t i = 0; i < COUNT_OF(histograms); i++) {
        const struct histogram_spec *spec = &histograms[i];
        struct metrics_desc desc = {.name = spec->name,
                                    .help = spec->help,
                                    .buckets = spec->buckets,
                                    .bucket_count = spec->bucket_count};
        rc = metrics_histogram_create(m->registry, &desc,
                                      (struct metrics_histogram **)((char *)m + spec->offset));
        if (rc < 0) {
            return rc;
        }
    }
    rc = metrics_gauge_create(
        m->registry,
        &(struct metrics_desc){.name = "ingest_consumer_lag_messages",
                               .help = "Messages in a partition not yet consumed: its high "
                                       "watermark minus this consumer's position.",
                               .label_names = lag_labels,
                               .max_series = INGEST_METRICS_MAX_PARTITIONS},
        &m->consumer_lag);
    if (rc < 0) {
        return rc;
    }
    for (size_t i = 0; i < COUNT_OF(gauges); i++) {
        struct metrics_desc desc = {.name = gauges[i].name, .help = gauges[i].help};
        rc = metrics_gauge_create(m->registry, &desc,
                                  (struct metrics_gauge **)((char *)m + gauges[i].offset));
        if (rc < 0) {
            return rc;
        }
    }
    rc = metrics_gauge_create(m->registry,
                              &(struct metrics_desc){.name = "ingest_build_info",
                                                     .help = "Always 1; the version is a label.",
                                                     .label_names = version_label,
                                                     .max_series = 1},
                              &m->build_info);
    if (rc < 0 ||
        (rc = metrics_gauge_series(m->build_info, (const char *const[]){version}, &index)) < 0) {
        return rc;
    }
    metrics_gauge_set(m->build_info, index, 1);
    return 0;
}

int ingest_metrics_create(const char *version, int64_t now_ms, uint64_t memory_budget_bytes,
                          struct ingest_metrics **out)
{
    struct ingest_metrics *m;
    int rc;

    if (version == NULL) {
        return -EINVAL;
    }
    m = calloc(1, sizeof(*m));
    if (m == NULL) {
        return -ENOMEM;
    }
    rc = metrics_registry_create(&m->registry);
    if (rc < 0) {
        free(m);
        return rc;
    }
    rc = create_families(m, version);
    if (rc < 0) {
        ingest_metrics_destroy(m);
        return rc;
    }
    m->start_ms = now_ms;
    m->last_commit_ms = -1;
    metrics_gauge_set(m->memory_budget, 0, (double)memory_budget_bytes);
    *out = m;
    return 0;
}

void ingest_metrics_destroy(struct ingest_metrics *m)
{
    if (m == NULL) {
        return;
    }
    metrics_registry_destroy(m->registry);
    free(m);
}

int ingest_metrics_lag_series(struct ingest_metrics *m, const char *topic, int32_t partition,
                              size_t *index)
{
    char number[16];

    if (topic == NULL || partition < 0) {
        return -EINVAL;
    }
    snprintf(number, sizeof(number), "%d", (int)partition);
    return metrics_gauge_series(m->consumer_lag, (const char *const[]){topic, number}, index);
}

int ingest_metrics_lag_remove(struct ingest_metrics *m, size_t index)
{
    return metrics_gauge_remove(m->consumer_lag, index);
}

void ingest_metrics_commit_succeeded(struct ingest_metrics *m, int64_t now_ms)
{
    m->last_commit_ms = now_ms;
}

void ingest_metrics_set_http(struct ingest_metrics *m, const uint64_t responses_by_class[6])
{
    for (size_t i = 0; i < COUNT_OF(code_names); i++) {
        metrics_counter_set(m->http_requests, i, responses_by_class[i + 1]);
    }
}

int ingest_metrics_refresh(struct ingest_metrics *m, int64_t now_ms)
{
    int64_t since = m->last_commit_ms >= 0 ? m->last_commit_ms : m->start_ms;
    uint64_t rss;
    int rc;

    metrics_gauge_set(m->last_commit_age, 0, now_ms > since ? (double)(now_ms - since) / 1e3 : 0);
    for (int level = 0; level < LOG_LEVEL_COUNT; level++) {
        metrics_counter_set(m->log_lines, (size_t)level, log_lines_total((enum log_level)level));
    }
    rc = metrics_process_resident_bytes(&rss);
    if (rc == 0) {
        metrics_gauge_set(m->resident_memory, 0, (double)rss);
    }
    return rc;
}
