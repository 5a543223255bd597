/*
 * ingestd: the daemon's state and the contracts between its files. One libuv loop owns all of
 * it; only the work function of a job (parse + enrich, ingestd_job.c) runs on a worker thread,
 * and it touches nothing but its own job and the immutable enrichment tables.
 *
 * A partition is claimed in PostgreSQL before it is read (ingestd_claim.c). Then a message
 * becomes a job (consumed order kept per partition):
 *
 *   consume -> [pool: article_parse, enrich_article, serialize]
 *     then, in consumed order per partition, pgw_submit; each transaction also stores the
 *     partition's offset (exactly once into PostgreSQL):
 *     invalid -> dead letter row -> committed -> DLQ produce ------------> delivered -> done
 *     valid   -> article upsert  -> committed -> enriched produce -------> delivered -> done
 *                data error (SQLSTATE 22/23/54) -> dead letter row "db_rejected" (same
 *                transaction) -> committed -> DLQ produce ---------------> delivered -> done
 *
 * "done" marks the offset in the partition's kafka_tracker; the offset after the leading run of
 * done offsets is the partition's published position: it goes with the next transaction to
 * PostgreSQL, and to Kafka's commit (for lag monitoring). Nothing is acknowledged before it is
 * safe.
 *
 * Files: ingestd.c (lifecycle, signals, shutdown), ingestd_kafka.c (consumer and producer
 * callbacks, partitions, backpressure), ingestd_job.c (a message's stages), ingestd_dlq.c
 * (dead-letter records), ingestd_http.c (/healthz, /readyz), ingestd_config.c (the table).
 */
#ifndef INGESTD_H
#define INGESTD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <uv.h>

#include "article.h"
#include "config.h"
#include "enrich.h"
#include "http.h"
#include "ingest_metrics.h"
#include "ingestd_budget.h"
#include "ingestd_config.h"
#include "kafka.h"
#include "pgw.h"

struct ingestd_job;
struct ingestd_claim;

#define INGESTD_MAX_DB_CONNECTIONS 16

/* One assigned partition (or a revoked one whose jobs are still finishing). */
struct ingestd_partition {
    struct ingestd *d;
    char *topic;
    int32_t partition;
    bool revoked; /* no longer ours: its offsets can no longer be stored */
    struct kafka_tracker *tracker;
    struct ingestd_job *head, *tail; /* every live job of this partition, in consumed order */
    struct ingestd_job *db_cursor;   /* first job not yet handed to the database stage */
    bool has_lag_series;
    size_t lag_index; /* ingest_consumer_lag_messages series, when has_lag_series */
    /* Exactly once (ingestd_claim.c): the epoch of this owner's claim (0 until claimed), the
     * published position (every message below has its output delivered; -1 unknown), and the
     * sorted offsets of replayed messages whose dead letters are already on the topic. */
    struct ingestd_claim *claim; /* in progress, or NULL */
    int64_t epoch;
    int64_t published;
    int64_t published_stored; /* the last published position handed to the database */
    int64_t *delivered;
    size_t delivered_count;
    struct ingestd_partition *next;
};

enum ingestd_route {
    INGESTD_ROUTE_PENDING = 0, /* parse/enrich not finished */
    INGESTD_ROUTE_DB,          /* valid: to PostgreSQL, then the enriched topic */
    INGESTD_ROUTE_DLQ,         /* rejected: to the dead-letter topic */
};

/* What a job waiting in the retry list does when its time comes. */
enum ingestd_retry {
    INGESTD_RETRY_NONE = 0,
    INGESTD_RETRY_WORK,     /* parse/enrich ran out of memory */
    INGESTD_RETRY_DB,       /* the server refused the row for a reason that is not its data */
    INGESTD_RETRY_ENRICHED, /* producing the enriched record failed */
    INGESTD_RETRY_DLQ,      /* producing the dead-letter record failed */
};

/* How the enriched record is written, for the database and the enriched topic. Figures are
 * doubles parsed from text of at most 15 significant digits: printed with 15, 98.7 stays 98.7
 * rather than 98.700000000000003. */
#define INGESTD_RECORD_DUMP_FLAGS (JSON_COMPACT | JSON_REAL_PRECISION(15))

struct ingestd_job {
    struct ingestd_partition *part;
    struct ingestd_job *prev, *next; /* in part's list */
    int64_t offset;
    int64_t timestamp_ms;
    char *key; /* NULL for a null key; else malloc'd, key_len bytes (+ NUL) */
    size_t key_len;
    char *value; /* NULL for a null value */
    size_t value_len;

    /* Filled by the work function on the pool. */
    uv_work_t work;
    int work_rc;                /* 0, or ARTICLE_ERR_NOMEM / ENRICH_ERR_* */
    struct article *article;    /* valid submissions */
    struct article_error error; /* rejected ones */
    json_t *record;             /* the enriched record */
    char *record_json;          /* compact JSON of record (the enriched message value) */
    size_t record_json_len;
    struct pgw_details details; /* record's detail rows for COPY; text NULL when not built
                                   (the database then computes them from record_json) */
    char *raw_json;             /* canonical JSON of the submission (sorted keys, compact) */
    char content_hash[65];      /* SHA-256 hex of raw_json */

    enum ingestd_route work_route; /* written by the work function */
    enum ingestd_route route;      /* the loop's copy, set when the work came back */
    bool in_pool;                  /* the work request has not come back yet */
    bool submitted_db;             /* handed to pgw */
    int32_t revision;              /* after the upsert */
    const char *outcome;           /* "inserted", "updated", "unchanged" (static) */

    /* Dead-letter details (route DLQ). */
    char reason[32];
    char path[128];
    char message[512];
    char sqlstate[6];

    enum ingestd_retry retry;
    unsigned attempts;
    uint64_t retry_at; /* uv_now() ms */
    struct ingestd_job *retry_next;
};

struct ingestd_stats {
    uint64_t consumed, inserted, updated, unchanged;
    uint64_t dead_lettered, db_rejected, enriched_produced, retries, abandoned;
};

struct ingestd {
    uv_loop_t *loop;
    struct ingestd_settings *settings;
    const struct config *cfg;
    struct enrich *enrich;
    struct article_limits limits;

    struct kafka_consumer *consumer;
    struct kafka_producer *producer;
    /* The database writers: partition p writes through pgw[p % pgw_count] (db.connections);
     * NULL once closed. */
    struct pgw *pgw[INGESTD_MAX_DB_CONNECTIONS];
    size_t pgw_count;
    size_t pgw_closing; /* writers whose close has not finished */
    struct http_server *http;
    struct ingest_metrics *metrics; /* NULL when it could not be created (then no /metrics) */
    uv_signal_t sigterm, sigint;
    uv_timer_t retry_timer;
    uv_timer_t stats_timer;
    uv_timer_t shutdown_timer;
    uv_timer_t claim_timer;            /* claims waiting to be tried again */
    uv_timer_t position_timer;         /* writes published positions that moved */
    size_t positions_pending;          /* position rows submitted, not completed */
    struct ingestd_claim *claim_retry; /* waiting claims */
    size_t claims;                     /* claims alive */
    char claim_error[640];             /* the last claim failure, "" once one succeeds */

    struct ingestd_partition *partitions; /* assigned ones and revoked ones still busy */
    struct ingestd_job *retry_head;
    size_t inflight;               /* jobs alive */
    uint64_t inflight_bytes;       /* their message values */
    size_t high_watermark;         /* pause at or above */
    size_t low_watermark;          /* resume at or below */
    uint64_t bytes_high_watermark; /* in-flight raw bytes: pause at or above */
    uint64_t bytes_low_watermark;  /* resume at or below (with the message count) */
    bool paused;                   /* by backpressure */
    bool db_blocked; /* pgw refused a row with -EAGAIN: retry on its next completion */
    bool db_connected;
    bool db_failure_logged; /* since the last successful connect */
    /* The last produce or delivery failure ("" after a successful delivery), for /readyz. */
    char producer_error[160];

    bool draining;              /* SIGTERM seen: no new work; finishing what is in flight */
    bool closing;               /* components are being closed */
    uint64_t shutdown_deadline; /* uv_now() ms by which the process should have exited */
    int exit_code;
    struct ingestd_stats stats, stats_logged;
};

/* ingestd.c */
int ingestd_start(struct ingestd *d); /* creates and starts everything; logs why on error */
void ingestd_shutdown(struct ingestd *d, const char *why); /* idempotent */
void ingestd_check_drained(struct ingestd *d);             /* continues a shutdown once idle */

/* ingestd.c: the database writers. */
struct pgw *ingestd_pgw_for(const struct ingestd_partition *part); /* NULL once closed */
bool ingestd_db_connected(const struct ingestd *d);                /* every writer */
const char *ingestd_db_error(const struct ingestd *d); /* the first writer's error, or "" */

/* ingestd_kafka.c */
int ingestd_kafka_start(struct ingestd *d);
/* Checks both clients' librdkafka properties without connecting (for startup and
 * --check-config). Returns 0 or -EINVAL with the reason in err. */
int ingestd_kafka_check(const struct ingestd_settings *s, const struct config *cfg, char *err,
                        size_t errlen);
void ingestd_backpressure(struct ingestd *d); /* pause/resume by d->inflight */
void ingestd_store_offset(struct ingestd_partition *part, int64_t next_offset);
/* Hands the database the published positions that moved since they last went with a row (so
 * that a restart replays little). Called every second, and once more when draining. */
void ingestd_positions_flush(struct ingestd *d);
/* Frees revoked partitions that have no job left. Called only where no partition pointer is
 * held across the call (rebalance callbacks, timers, teardown). */
void ingestd_partitions_sweep(struct ingestd *d, bool all);

/* ingestd_job.c */
/* Takes a message: 0 and *out, -ENOMEM, or -EINVAL when its offset is not after the last one
 * this partition took (it was taken already). */
int ingestd_job_create(struct ingestd_partition *part, const struct kafka_message *msg,
                       struct ingestd_job **out);
void ingestd_job_start(struct ingestd_job *job);
void ingestd_job_delivered(struct ingestd_job *job, const struct kafka_delivery *dr);
void ingestd_advance_all(struct ingestd *d); /* resumes database submission everywhere */
void ingestd_retry_abandon_all(struct ingestd *d);
/* After the loop ended: frees jobs that no component owns any more (those that waited for an
 * earlier job of their partition when the shutdown cut it short). */
void ingestd_jobs_release_all(struct ingestd *d);

/* ingestd_claim.c: claims a newly assigned (held) partition in PostgreSQL and releases it at
 * the position to start from. Returns 0 or -ENOMEM. */
int ingestd_claim_start(struct ingestd_partition *part);
/* Drops the claims waiting for a retry (shutdown). */
void ingestd_claim_cancel_waiting(struct ingestd *d);
/* Whether the dead letter of offset was found on the dead-letter topic by the claim. */
bool ingestd_partition_delivered(const struct ingestd_partition *part, int64_t offset);

/* ingestd_dlq.c: produces job's original key and value to the dead-letter topic with the
 * reason headers. Returns kafka_producer_send's code. */
int ingestd_dlq_send(struct ingestd *d, struct ingestd_job *job);

/* ingestd_http.c */
int ingestd_http_start(struct ingestd *d);
/* What /readyz checks: partitions assigned, database connected, producer healthy, partition claims
 * not failing, not shutting down. */
bool ingestd_ready(const struct ingestd *d);

/* ingestd_metrics.c: the metric updates that are more than one call. All no-ops when
 * d->metrics is NULL. */
void ingestd_metrics_finished(struct ingestd *d, const struct ingestd_job *job);
void ingestd_metrics_lag_add(struct ingestd_partition *part);
void ingestd_metrics_lag_remove(struct ingestd_partition *part);
void ingestd_metrics_serve(const struct http_request *req, struct http_response *resp, void *arg);

#endif
