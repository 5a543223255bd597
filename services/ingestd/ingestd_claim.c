/*
 * Claiming an assigned partition before any of its messages is read (exactly once into
 * PostgreSQL, see schemas/migrations/006_offsets_dead_letters.sql).
 *
 * The consumer holds every newly assigned partition (paused). On the threadpool, with a
 * connection of its own, the claim calls ingest_claim_partition(): that raises the partition's
 * epoch, which fences off whoever wrote for it before, and returns next_offset (everything
 * below is stored) and published_offset (everything below was also delivered). When dead
 * letters were stored in [published, next), the claim reads the dead-letter topic from a
 * minute before the first of them and notes which ones are already there (headers
 * ingest.topic/partition/offset), so that the replay does not publish them twice. Back on the
 * loop, the partition is released at published_offset: the replayed messages find their rows
 * stored (nothing written twice) and publish their output again.
 *
 * A claim that fails (database or broker unreachable) is tried again every few seconds; the
 * partition stays held meanwhile, and nothing is read from it.
 */
#include <errno.h>
#include <inttypes.h>
#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ingestd.h"
#include "log.h"

#define CLAIM_RETRY_MIN_MS 500
#define CLAIM_RETRY_MAX_MS 10000
/* How much earlier than a dead letter's row its record may carry as timestamp (clocks of the
 * database and of this host differ). */
#define CLAIM_CLOCK_SLACK_MS   60000
#define CLAIM_SCAN_TIMEOUT_MS  60000
#define CLAIM_OLD_JOBS_POLL_MS 100

struct ingestd_claim {
    uv_work_t work;
    struct ingestd *d;
    struct ingestd_partition *part;
    struct kafka_property *props; /* the consumer's pass-through properties (security) */
    size_t prop_count;
    unsigned attempts;
    uint64_t retry_at;
    struct ingestd_claim *retry_next;

    /* Written on the pool. */
    int rc;
    char err[512];
    int64_t next, published, epoch, since_ms; /* since_ms -1: no dead letter to look for */
    int64_t *delivered;                       /* sorted, dead letters already on the topic */
    size_t delivered_count, delivered_cap;
};

/* ---- on the pool ---------------------------------------------------------------------------- */

static int claim_query(struct ingestd_claim *cl)
{
    const char *keys[] = {"dbname", "connect_timeout", "application_name", NULL};
    const char *values[] = {cl->d->settings->pg_conninfo, "10", "ingestd-claim", NULL};
    char partition[16];
    const char *params[3] = {cl->d->settings->group_id, cl->part->topic, partition};
    PGconn *conn = PQconnectdbParams(keys, values, 1);
    PGresult *res = NULL;
    int rc = 0;

    snprintf(partition, sizeof(partition), "%" PRId32, cl->part->partition);
    if (PQstatus(conn) != CONNECTION_OK) {
        snprintf(cl->err, sizeof(cl->err), "database: %s", PQerrorMessage(conn));
        rc = -ECONNREFUSED;
        goto out;
    }
    res = PQexecParams(conn,
                       "SELECT next_offset, published_offset, epoch, "
                       "floor(extract(epoch FROM dead_letters_since) * 1000)::bigint "
                       "FROM ingest_claim_partition($1, $2, $3::int)",
                       3, NULL, params, NULL, NULL, 0);
    if (PQresultStatus(res) != PGRES_TUPLES_OK || PQntuples(res) != 1 || PQnfields(res) != 4) {
        snprintf(cl->err, sizeof(cl->err), "claiming the partition: %s %s",
                 PQresultErrorField(res, PG_DIAG_SQLSTATE) != NULL
                     ? PQresultErrorField(res, PG_DIAG_SQLSTATE)
                     : "",
                 PQresultErrorMessage(res));
        rc = -EIO;
        goto out;
    }
    cl->next = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
    cl->published = strtoll(PQgetvalue(res, 0, 1), NULL, 10);
    cl->epoch = strtoll(PQgetvalue(res, 0, 2), NULL, 10);
    cl->since_ms = PQgetisnull(res, 0, 3) ? -1 : strtoll(PQgetvalue(res, 0, 3), NULL, 10);
out:
    PQclear(res);
    PQfinish(conn);
    return rc;
}

static const struct kafka_header *claim_header(const struct kafka_header *headers, size_t count,
                                               const char *name)
{
    for (size_t i = 0; i < count; i++) {
        if (strcmp(headers[i].name, name) == 0 && headers[i].value != NULL) {
            return &headers[i];
        }
    }
    return NULL;
}

static bool claim_header_is(const struct kafka_header *h, const char *text)
{
    return h != NULL && h->value_len == strlen(text) && memcmp(h->value, text, h->value_len) == 0;
}

/* A record of the dead-letter topic: notes it when it is one of this partition's replayed
 * range. */
static int claim_on_dead_letter(void *arg, const struct kafka_message *msg,
                                const struct kafka_header *headers, size_t count)
{
    struct ingestd_claim *cl = arg;
    char partition[16], offset_text[24];
    const struct kafka_header *offset = claim_header(headers, count, "ingest.offset");

    (void)msg;
    snprintf(partition, sizeof(partition), "%" PRId32, cl->part->partition);
    if (!claim_header_is(claim_header(headers, count, "ingest.topic"), cl->part->topic) ||
        !claim_header_is(claim_header(headers, count, "ingest.partition"), partition) ||
        offset == NULL || offset->value_len == 0 || offset->value_len >= sizeof(offset_text)) {
        return 0;
    }
    memcpy(offset_text, offset->value, offset->value_len);
    offset_text[offset->value_len] = '\0';
    int64_t off = strtoll(offset_text, NULL, 10);
    if (off < cl->published || off >= cl->next) {
        return 0;
    }
    if (cl->delivered_count == cl->delivered_cap) {
        size_t cap = cl->delivered_cap != 0 ? cl->delivered_cap * 2 : 64;
        int64_t *grown = realloc(cl->delivered, cap * sizeof(*grown));
        if (grown == NULL) {
            return -ENOMEM;
        }
        cl->delivered = grown;
        cl->delivered_cap = cap;
    }
    cl->delivered[cl->delivered_count++] = off;
    return 0;
}

static int claim_compare(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

static void claim_work(uv_work_t *req)
{
    struct ingestd_claim *cl = req->data;
    const struct ingestd_settings *s = cl->d->settings;

    cl->err[0] = '\0';
    cl->delivered_count = 0;
    cl->rc = claim_query(cl);
    if (cl->rc < 0 || cl->since_ms < 0) {
        return;
    }
    struct kafka_scan_config scan = {
        .brokers = s->kafka_brokers,
        .properties = cl->props,
        .property_count = cl->prop_count,
        .timeout_ms = CLAIM_SCAN_TIMEOUT_MS,
    };
    cl->rc = kafka_scan_since(&scan, s->topic_dlq, cl->since_ms - CLAIM_CLOCK_SLACK_MS,
                              claim_on_dead_letter, cl, cl->err, sizeof(cl->err));
    if (cl->rc == 0 && cl->delivered_count > 1) {
        qsort(cl->delivered, cl->delivered_count, sizeof(*cl->delivered), claim_compare);
    }
}

/* ---- on the loop ---------------------------------------------------------------------------- */

static void claim_free(struct ingestd_claim *cl)
{
    if (cl->part->claim == cl) {
        cl->part->claim = NULL;
    }
    if (--cl->d->claims == 0) {
        cl->d->claim_error[0] = '\0';
    }
    free(cl->delivered);
    free(cl->props);
    free(cl);
}

static void claim_on_retry_tick(uv_timer_t *timer);
static void claim_run(struct ingestd_claim *cl);
static void claim_wait(struct ingestd_claim *cl, uint64_t delay_ms);

/* Puts cl on the waiting list, to run again in delay_ms. */
static void claim_wait(struct ingestd_claim *cl, uint64_t delay_ms)
{
    struct ingestd *d = cl->d;

    cl->retry_at = uv_now(d->loop) + delay_ms;
    cl->retry_next = d->claim_retry;
    d->claim_retry = cl;
    if (!uv_is_active((uv_handle_t *)&d->claim_timer)) {
        uv_timer_start(&d->claim_timer, claim_on_retry_tick, 100, 100);
    }
}

static void claim_retry_later(struct ingestd_claim *cl)
{
    uint64_t delay = CLAIM_RETRY_MIN_MS;

    for (unsigned i = 1; i < cl->attempts && delay < CLAIM_RETRY_MAX_MS; i++) {
        delay *= 2;
    }
    claim_wait(cl, delay < CLAIM_RETRY_MAX_MS ? delay : CLAIM_RETRY_MAX_MS);
}

static void claim_on_retry_tick(uv_timer_t *timer)
{
    struct ingestd *d = timer->data;
    uint64_t now = uv_now(d->loop);
    struct ingestd_claim **link = &d->claim_retry, *cl, *due = NULL;

    while ((cl = *link) != NULL) {
        if (cl->retry_at <= now) {
            *link = cl->retry_next;
            cl->retry_next = due;
            due = cl;
        } else {
            link = &cl->retry_next;
        }
    }
    if (d->claim_retry == NULL) {
        uv_timer_stop(&d->claim_timer);
    }
    while ((cl = due) != NULL) {
        due = cl->retry_next;
        claim_run(cl);
    }
}

static bool claim_obsolete(const struct ingestd_claim *cl)
{
    return cl->d->closing || cl->d->draining || cl->part->revoked || cl->d->consumer == NULL;
}

static void claim_after_work(uv_work_t *req, int status)
{
    struct ingestd_claim *cl = req->data;
    struct ingestd_partition *part = cl->part;
    struct ingestd *d = cl->d;
    int64_t start;
    int rc;

    if (status == UV_ECANCELED || claim_obsolete(cl)) {
        claim_free(cl);
        ingestd_partitions_sweep(d, false);
        ingestd_check_drained(d);
        return;
    }
    if (cl->rc < 0) {
        log_write(cl->attempts == 1 ? LOG_LEVEL_WARN : LOG_LEVEL_DEBUG,
                  "claiming a partition failed; retrying", LOG_STR("topic", part->topic),
                  LOG_INT("partition", part->partition), LOG_ERRNO(cl->rc),
                  LOG_STR("reason", cl->err));
        snprintf(d->claim_error, sizeof(d->claim_error), "claiming %s [%d] failing: %s",
                 part->topic, (int)part->partition, cl->err);
        claim_retry_later(cl);
        return;
    }
    /* Start at published_offset: what lies between it and next_offset is stored but its output
     * may not have been delivered. Unknown (-1) lets Kafka's committed offset decide. */
    start = cl->published >= 0 ? cl->published : cl->next;
    part->epoch = cl->epoch;
    part->published = start;
    part->delivered = cl->delivered;
    part->delivered_count = cl->delivered_count;
    cl->delivered = NULL;
    char why[256] = "";
    rc = kafka_consumer_release(d->consumer, part->topic, part->partition, start, why, sizeof(why));
    if (rc < 0 && rc != -ESRCH) {
        snprintf(cl->err, sizeof(cl->err), "seeking to offset %" PRId64 ": %s", start, why);
        log_warn("releasing a claimed partition failed; retrying", LOG_STR("topic", part->topic),
                 LOG_INT("partition", part->partition), LOG_ERRNO(rc), LOG_STR("reason", why));
        claim_retry_later(cl);
        return;
    }
    d->claim_error[0] = '\0';
    log_info("partition claimed", LOG_STR("topic", part->topic),
             LOG_INT("partition", part->partition), LOG_INT("epoch", cl->epoch),
             LOG_INT("start_offset", start), LOG_INT("stored_up_to", cl->next),
             LOG_UINT("dead_letters_already_published", part->delivered_count));
    claim_free(cl);
}

/* This process owned the partition before (a rebalance that gave it back, as after a broker
 * restart) and some of those jobs are still out: a dead letter of theirs may be in the producer's
 * queue, and it must be on the topic before the claim looks there, or it would be published
 * twice. Those jobs end by themselves (delivered, or failed at message.timeout.ms). */
static bool claim_waits_for_old_jobs(const struct ingestd_claim *cl)
{
    for (const struct ingestd_partition *p = cl->d->partitions; p != NULL; p = p->next) {
        if (p != cl->part && p->revoked && p->head != NULL && p->partition == cl->part->partition &&
            strcmp(p->topic, cl->part->topic) == 0) {
            return true;
        }
    }
    return false;
}

static void claim_run(struct ingestd_claim *cl)
{
    int rc;

    if (claim_obsolete(cl)) {
        claim_free(cl);
        return;
    }
    if (claim_waits_for_old_jobs(cl)) {
        claim_wait(cl, CLAIM_OLD_JOBS_POLL_MS);
        return;
    }
    cl->attempts++;
    cl->work.data = cl;
    rc = uv_queue_work(cl->d->loop, &cl->work, claim_work, claim_after_work);
    if (rc < 0) {
        cl->rc = rc;
        snprintf(cl->err, sizeof(cl->err), "queueing the claim: %s", uv_strerror(rc));
        claim_retry_later(cl);
    }
}

int ingestd_claim_start(struct ingestd_partition *part)
{
    struct ingestd *d = part->d;
    struct ingestd_claim *cl = calloc(1, sizeof(*cl));
    int rc;

    if (cl == NULL) {
        return -ENOMEM;
    }
    rc = ingestd_kafka_properties(d->cfg, true, &cl->props, &cl->prop_count);
    if (rc < 0) {
        free(cl);
        return rc;
    }
    cl->d = d;
    cl->part = part;
    part->claim = cl;
    d->claims++;
    claim_run(cl);
    return 0;
}

void ingestd_claim_cancel_waiting(struct ingestd *d)
{
    struct ingestd_claim *cl;

    uv_timer_stop(&d->claim_timer);
    while ((cl = d->claim_retry) != NULL) {
        d->claim_retry = cl->retry_next;
        claim_free(cl);
    }
}

bool ingestd_partition_delivered(const struct ingestd_partition *part, int64_t offset)
{
    size_t lo = 0, hi = part->delivered_count;

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (part->delivered[mid] < offset) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    return lo < part->delivered_count && part->delivered[lo] == offset;
}
