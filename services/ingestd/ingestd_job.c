/*
 * The stages of one message (see ingestd.h). A job is always owned by exactly one pending
 * operation: the work request on the pool, pgw (until its callback), the producer (until the
 * delivery report), or the retry list. That operation's completion moves it on, finishes it
 * (done: its offset may be committed) or abandons it (shutdown: its offset is never stored, so
 * the message is consumed again later).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "digest.h"
#include "ingestd.h"
#include "log.h"

#define RETRY_FIRST_MS 200
#define RETRY_MAX_MS   30000
#define RETRY_TICK_MS  50

static void job_send_enriched(struct ingestd_job *job);
static void job_send_dlq(struct ingestd_job *job);
static void job_advance(struct ingestd_partition *part);

static char *job_copy(const void *p, size_t len)
{
    char *out = malloc(len + 1); /* never malloc(0): an empty key must stay non-NULL */
    if (out != NULL) {
        if (len > 0) {
            memcpy(out, p, len);
        }
        out[len] = '\0';
    }
    return out;
}

int ingestd_job_create(struct ingestd_partition *part, const struct kafka_message *msg,
                       struct ingestd_job **out)
{
    struct ingestd_job *job = calloc(1, sizeof(*job));
    int rc = -ENOMEM;

    *out = NULL;
    if (job == NULL) {
        return -ENOMEM;
    }
    job->part = part;
    job->offset = msg->offset;
    job->timestamp_ms = msg->timestamp_ms;
    job->key_len = msg->key_len;
    job->value_len = msg->value_len;
    /* The tracker refuses (-EINVAL) an offset not after the last one taken. */
    if ((msg->key != NULL && (job->key = job_copy(msg->key, msg->key_len)) == NULL) ||
        (msg->value != NULL && (job->value = job_copy(msg->value, msg->value_len)) == NULL) ||
        (rc = kafka_tracker_add(part->tracker, msg->offset)) < 0) {
        free(job->key);
        free(job->value);
        free(job);
        return rc;
    }
    job->prev = part->tail;
    if (part->tail != NULL) {
        part->tail->next = job;
    } else {
        part->head = job;
    }
    part->tail = job;
    if (part->db_cursor == NULL) {
        part->db_cursor = job;
    }
    if (part->published < 0) {
        /* The first message this owner reads: everything before it is someone else's. */
        part->published = msg->offset;
    }
    part->d->inflight++;
    part->d->inflight_bytes += job->value_len;
    part->d->stats.consumed++;
    if (part->d->metrics != NULL) {
        metrics_counter_inc(part->d->metrics->consumed, 0);
        metrics_counter_add(part->d->metrics->consumed_bytes, 0, job->value_len);
    }
    *out = job;
    return 0;
}

/* Unlinks and frees; the offset stays in the tracker unless job_done marked it. */
static void job_free(struct ingestd_job *job)
{
    struct ingestd_partition *part = job->part;
    struct ingestd *d = part->d;

    if (part->db_cursor == job) {
        part->db_cursor = job->next;
    }
    if (job->prev != NULL) {
        job->prev->next = job->next;
    } else {
        part->head = job->next;
    }
    if (job->next != NULL) {
        job->next->prev = job->prev;
    } else {
        part->tail = job->prev;
    }
    article_free(job->article);
    json_decref(job->record);
    free(job->record_json);
    pgw_details_clear(&job->details);
    free(job->raw_json);
    free(job->key);
    d->inflight_bytes -= job->value_len;
    free(job->value);
    free(job);
    d->inflight--;
    ingestd_backpressure(d);
    ingestd_check_drained(d);
}

/* The message is finished: its offset may be committed once everything before it is. */
static void job_done(struct ingestd_job *job)
{
    struct ingestd_partition *part = job->part;
    int64_t commit;

    if (kafka_tracker_done(part->tracker, job->offset, &commit) == 1) {
        ingestd_store_offset(part, commit);
    }
    job_free(job);
}

/* Shutdown cut the job short: never stored, so it is consumed again by the next owner. */
static void job_abandon(struct ingestd_job *job)
{
    struct ingestd *d = job->part->d;

    d->stats.abandoned++;
    if (d->metrics != NULL) {
        metrics_counter_inc(d->metrics->abandoned, 0);
    }
    job_free(job);
}

/* ---- retry list --------------------------------------------------------------------------- */

static void retry_on_tick(uv_timer_t *timer);

static void job_retry_later(struct ingestd_job *job, enum ingestd_retry what)
{
    struct ingestd *d = job->part->d;
    uint64_t delay = RETRY_FIRST_MS;

    if (d->closing) {
        job_abandon(job);
        return;
    }
    for (unsigned i = 0; i < job->attempts && delay < RETRY_MAX_MS; i++) {
        delay *= 2;
    }
    if (delay > RETRY_MAX_MS) {
        delay = RETRY_MAX_MS;
    }
    job->attempts++;
    job->retry = what;
    job->retry_at = uv_now(d->loop) + delay;
    job->retry_next = d->retry_head;
    d->retry_head = job;
    d->stats.retries++;
    if (d->metrics != NULL) {
        /* enum ingest_retry_stage is enum ingestd_retry without NONE. */
        metrics_counter_inc(d->metrics->retries, (size_t)what - 1);
    }
    if (!uv_is_active((uv_handle_t *)&d->retry_timer)) {
        uv_timer_start(&d->retry_timer, retry_on_tick, RETRY_TICK_MS, RETRY_TICK_MS);
    }
}

static void job_run_work(struct ingestd_job *job);

static void retry_on_tick(uv_timer_t *timer)
{
    struct ingestd *d = timer->data;
    uint64_t now = uv_now(d->loop);
    struct ingestd_job **link = &d->retry_head, *due = NULL, *job;

    /* Take the due jobs out first: running one may put it (or others) back on the list. */
    while ((job = *link) != NULL) {
        if (job->retry_at <= now) {
            *link = job->retry_next;
            job->retry_next = due;
            due = job;
        } else {
            link = &job->retry_next;
        }
    }
    if (d->retry_head == NULL) {
        uv_timer_stop(&d->retry_timer);
    }
    while ((job = due) != NULL) {
        enum ingestd_retry what = job->retry;
        due = job->retry_next;
        job->retry_next = NULL;
        job->retry = INGESTD_RETRY_NONE;
        switch (what) {
        case INGESTD_RETRY_WORK:
            job_run_work(job);
            break;
        case INGESTD_RETRY_DB:
            job->submitted_db = false;
            job->part->db_cursor = job;
            job_advance(job->part);
            break;
        case INGESTD_RETRY_ENRICHED:
            job_send_enriched(job);
            break;
        case INGESTD_RETRY_DLQ:
            job_send_dlq(job);
            break;
        case INGESTD_RETRY_NONE:
            break;
        }
    }
}

void ingestd_retry_abandon_all(struct ingestd *d)
{
    struct ingestd_job *job;

    uv_timer_stop(&d->retry_timer);
    while ((job = d->retry_head) != NULL) {
        d->retry_head = job->retry_next;
        job_abandon(job);
    }
}

/* ---- parse and enrich, on the pool ---------------------------------------------------------- */

static void job_set_reason(struct ingestd_job *job, const char *reason, const char *path,
                           const char *message)
{
    snprintf(job->reason, sizeof(job->reason), "%s", reason);
    snprintf(job->path, sizeof(job->path), "%s", path);
    snprintf(job->message, sizeof(job->message), "%s", message);
}

/* On the loop: the job goes to the dead-letter topic for this reason. */
static void job_reject(struct ingestd_job *job, const char *reason, const char *path,
                       const char *message)
{
    job->route = INGESTD_ROUTE_DLQ;
    job_set_reason(job, reason, path, message);
}

/*
 * Runs on a worker thread: reads only the job and the immutable enrichment tables, and writes
 * only fields the loop leaves alone while in_pool is set (the outcome goes to work_route, not
 * route, which the loop reads at any time to order the partition's database writes).
 */
static void job_work(uv_work_t *req)
{
    struct ingestd_job *job = req->data;
    struct ingestd *d = job->part->d;
    size_t raw_len;
    int rc;

    rc = article_parse(job->value, job->value != NULL ? job->value_len : 0, &d->limits,
                       &job->article, &job->error);
    if (rc == ARTICLE_ERR_REJECTED) {
        job->work_rc = 0;
        job->work_route = INGESTD_ROUTE_DLQ;
        job_set_reason(job, article_reason_code(job->error.reason), job->error.path,
                       job->error.message);
        return;
    }
    if (rc != 0) {
        job->work_rc = rc;
        return;
    }
    rc = enrich_article(d->enrich, &job->article->sub, &job->record);
    if (rc == ENRICH_ERR_INVALID) {
        /* Validation let through something enrichment cannot take: a bug on our side, but the
         * message must still end somewhere, with a reason that says so. */
        job->work_rc = 0;
        job->work_route = INGESTD_ROUTE_DLQ;
        job_set_reason(job, "enrich_failed", "", "enrichment refused a validated submission");
        return;
    }
    if (rc != 0) {
        job->work_rc = rc;
        return;
    }
    /* enrich_json_dumps writes json_dumps' bytes with a quarter of its instructions. */
    if (enrich_json_dumps(job->record, INGESTD_RECORD_DUMP_FLAGS, &job->record_json,
                          &job->record_json_len) != 0 ||
        enrich_json_dumps(job->article->raw, JSON_COMPACT | JSON_SORT_KEYS, &job->raw_json,
                          &raw_len) != 0 ||
        digest_sha256_hex(job->raw_json, raw_len, job->content_hash) != 0) {
        job->work_rc = -ENOMEM;
        return;
    }
    /* The detail rows for the database, computed here on the worker rather than by the server
     * from record_json (half the server's CPU per article). -EINVAL: the record holds something
     * only the server's function reads exactly; it gets to. */
    if (pgw_details_build(job->record, INGESTD_RECORD_DUMP_FLAGS, &job->details) == -ENOMEM) {
        job->work_rc = -ENOMEM;
        return;
    }
    job->work_rc = 0;
    job->work_route = INGESTD_ROUTE_DB;
}

static void job_reset_work(struct ingestd_job *job)
{
    article_free(job->article);
    job->article = NULL;
    json_decref(job->record);
    job->record = NULL;
    free(job->record_json);
    job->record_json = NULL;
    job->record_json_len = 0;
    free(job->raw_json);
    job->raw_json = NULL;
    pgw_details_clear(&job->details);
    job->work_route = INGESTD_ROUTE_PENDING;
}

static void job_after_work(uv_work_t *req, int status)
{
    struct ingestd_job *job = req->data;
    struct ingestd_partition *part = job->part; /* partitions outlive their jobs' callbacks */
    struct ingestd *d = part->d;

    job->in_pool = false;
    if (status == UV_ECANCELED || d->closing) {
        job_abandon(job);
        return;
    }
    if (job->work_rc != 0) {
        log_warn("processing a message ran out of memory; retrying", LOG_ERRNO(job->work_rc),
                 LOG_STR("topic", job->part->topic), LOG_INT("partition", job->part->partition),
                 LOG_INT("offset", job->offset));
        job_reset_work(job);
        job_retry_later(job, INGESTD_RETRY_WORK);
        return;
    }
    job->route = job->work_route;
    if (job->route == INGESTD_ROUTE_DLQ) {
        log_debug("message rejected", LOG_STR("reason", job->reason), LOG_STR("path", job->path),
                  LOG_STR("topic", job->part->topic), LOG_INT("partition", job->part->partition),
                  LOG_INT("offset", job->offset));
    }
    /* Valid or not, it goes to the database in the partition's order: an article, or a dead
     * letter stored before it is published. */
    job_advance(part);
}

static void job_run_work(struct ingestd_job *job)
{
    struct ingestd *d = job->part->d;
    int rc;

    job->work.data = job;
    job->in_pool = true;
    rc = uv_queue_work(d->loop, &job->work, job_work, job_after_work);
    if (rc < 0) {
        job->in_pool = false;
        job_retry_later(job, INGESTD_RETRY_WORK);
    }
}

void ingestd_job_start(struct ingestd_job *job)
{
    job_run_work(job);
}

/* ---- the database, in consumed order per partition ------------------------------------------ */

static const char *json_string_or(const json_t *record, const char *key, const char *fallback)
{
    const char *s = json_string_value(json_object_get(record, key));
    return s != NULL ? s : fallback;
}

/* A dead letter is stored: publish it, unless the partition has another owner now (who
 * publishes it from its claim) or this is a replay and the claim found it on the topic. */
static void job_publish_dead_letter(struct ingestd_job *job, bool stored_before)
{
    struct ingestd *d = job->part->d;

    /* A revoked partition's letters are left to its new owner by job_send_dlq. */
    if (stored_before && ingestd_partition_delivered(job->part, job->offset)) {
        log_debug("dead letter already published", LOG_STR("topic", job->part->topic),
                  LOG_INT("partition", job->part->partition), LOG_INT("offset", job->offset));
        d->stats.dead_lettered++;
        ingestd_metrics_finished(d, job);
        job_done(job);
        return;
    }
    job_send_dlq(job);
}

static void job_on_db_done(void *arg, const struct pgw_result *res)
{
    struct ingestd_job *job = arg;
    struct ingestd *d = job->part->d;
    bool dead_letter = job->route == INGESTD_ROUTE_DLQ;

    if (d->db_blocked) {
        d->db_blocked = false;
        ingestd_advance_all(d);
    }
    if (res->status == 0 && (dead_letter || res->outcome == PGW_OUTCOME_REJECTED)) {
        if (!dead_letter) {
            d->stats.db_rejected++;
            log_debug("database refused an article; stored as a dead letter",
                      LOG_STR("id", job->article->id), LOG_STR("sqlstate", res->sqlstate),
                      LOG_STR("db_error", res->message));
            job_reject(job, "db_rejected", "", res->message);
            snprintf(job->sqlstate, sizeof(job->sqlstate), "%s", res->sqlstate);
        }
        job_publish_dead_letter(job, res->stored_before);
        return;
    }
    switch (res->status) {
    case 0:
        job->revision = res->revision;
        /* A stale replay (newer content of this id is stored from a later offset) counts as
         * unchanged: nothing was written. */
        job->outcome = res->outcome == PGW_OUTCOME_INSERTED  ? "inserted"
                       : res->outcome == PGW_OUTCOME_UPDATED ? "updated"
                                                             : "unchanged";
        if (d->metrics != NULL) {
            metrics_counter_inc(d->metrics->stored,
                                (size_t)ingest_metrics_outcome_index(job->outcome));
        }
        if (res->outcome == PGW_OUTCOME_INSERTED) {
            d->stats.inserted++;
        } else if (res->outcome == PGW_OUTCOME_UPDATED) {
            d->stats.updated++;
        } else {
            d->stats.unchanged++;
        }
        if (res->outcome == PGW_OUTCOME_STALE) {
            /* Its content is older than what is stored: publishing it would put old content
             * last on the enriched topic. The newer version is published from its own
             * (later) message. */
            ingestd_metrics_finished(d, job);
            job_done(job);
            break;
        }
        job_send_enriched(job);
        break;
    case PGW_ERR_DATA:
        /* Only when the row could not even be sent as a dead letter (pgw.h): the message is in
         * neither table, so the dead-letter topic is all it can have. */
        if (dead_letter) {
            log_error("database refused a dead letter; publishing it to the dead-letter topic "
                      "only",
                      LOG_STR("sqlstate", res->sqlstate), LOG_STR("db_error", res->message),
                      LOG_STR("topic", job->part->topic),
                      LOG_INT("partition", job->part->partition), LOG_INT("offset", job->offset));
        } else {
            d->stats.db_rejected++;
            log_error("database refused an article and its dead letter; publishing it to the "
                      "dead-letter topic only",
                      LOG_STR("id", job->article->id), LOG_STR("sqlstate", res->sqlstate),
                      LOG_STR("db_error", res->message));
            job_reject(job, "db_rejected", "", res->message);
            snprintf(job->sqlstate, sizeof(job->sqlstate), "%s", res->sqlstate);
        }
        job_send_dlq(job);
        break;
    case PGW_ERR_FENCED:
        log_debug("write fenced: the partition has a new owner", LOG_STR("topic", job->part->topic),
                  LOG_INT("partition", job->part->partition), LOG_INT("offset", job->offset));
        job_abandon(job);
        break;
    case PGW_ERR_CANCELED:
        job_abandon(job);
        break;
    default:
        /* Not the row's fault and not transient (a schema mismatch, a bug): dead-lettering a
         * valid article would lose it, so keep retrying and say so loudly. */
        log_error("database refused a row for a reason that is not its data; retrying",
                  LOG_BOOL("dead_letter", dead_letter), LOG_STR("sqlstate", res->sqlstate),
                  LOG_STR("db_error", res->message), LOG_STR("topic", job->part->topic),
                  LOG_INT("partition", job->part->partition), LOG_INT("offset", job->offset));
        job_retry_later(job, INGESTD_RETRY_DB);
        break;
    }
}

/* The original message and the partition's place, common to both kinds of rows. */
static void job_row_origin(struct ingestd_job *job, struct pgw_row *row)
{
    row->topic = job->part->topic;
    row->partition = job->part->partition;
    row->offset = job->offset;
    row->key = job->key;
    row->key_len = job->key_len;
    row->value = job->value;
    row->value_len = job->value_len;
    row->epoch = job->part->epoch;
    row->published = job->part->published;
    job->part->published_stored = job->part->published;
}

static int job_submit_dead_letter(struct ingestd_job *job)
{
    struct pgw_row row = {.kind = PGW_ROW_DEAD_LETTER};

    /* Headers of the record, so text; the reason and path are ours, the message may quote the
     * input. */
    article_utf8_sanitize(job->message);
    article_utf8_sanitize(job->path);
    job_row_origin(job, &row);
    row.reason = job->reason;
    row.path = job->path;
    row.error = job->message;
    row.sqlstate = job->sqlstate;
    return pgw_submit(ingestd_pgw_for(job->part), &row, job_on_db_done, job);
}

static int job_submit_db(struct ingestd_job *job)
{
    const struct enrich_submission *sub = &job->article->sub;
    struct pgw_row row = {
        .id = job->article->id,
        .source = sub->source,
        .url = sub->url,
        .title = json_string_or(job->record, "title", sub->title),
        .published_at = json_string_or(job->record, "published_at", sub->published_at),
        .lang = json_string_or(job->record, "lang", sub->lang),
        .text = json_string_or(job->record, "text", sub->body),
        .content_hash = job->content_hash,
        .raw_json = job->raw_json,
        .enriched_json = job->record_json,
        .details = job->details.text != NULL ? &job->details : NULL,
    };
    job_row_origin(job, &row);
    return pgw_submit(ingestd_pgw_for(job->part), &row, job_on_db_done, job);
}

/*
 * Hands the partition's jobs to the database in consumed order: stops at the first job still on
 * the pool, so a fast later job never overtakes a slow earlier one (each transaction stores the
 * offset after its last row, so every earlier message must be in it or before it).
 */
static void job_advance(struct ingestd_partition *part)
{
    struct ingestd *d = part->d;
    struct ingestd_job *job;
    int rc;

    while ((job = part->db_cursor) != NULL && !d->closing) {
        if (job->submitted_db) {
            part->db_cursor = job->next;
            continue;
        }
        if (job->route == INGESTD_ROUTE_PENDING || job->retry != INGESTD_RETRY_NONE) {
            return; /* still on the pool, or waiting to go back to it or to the database */
        }
        rc = job->route == INGESTD_ROUTE_DLQ ? job_submit_dead_letter(job) : job_submit_db(job);
        if (rc == -EAGAIN) {
            d->db_blocked = true; /* the next completion calls ingestd_advance_all */
            return;
        }
        if (rc == 0) {
            part->db_cursor = job->next;
            job->submitted_db = true;
        } else if (rc == -ESHUTDOWN) {
            job_abandon(job);
        } else {
            /* Out of memory (pgw copies the row): try again later, in order. */
            log_error("submitting a row to the database failed; retrying", LOG_ERRNO(rc),
                      LOG_STR("topic", part->topic), LOG_INT("partition", part->partition),
                      LOG_INT("offset", job->offset));
            job_retry_later(job, INGESTD_RETRY_DB);
            return; /* the cursor stays on it: nothing later may go first */
        }
    }
}

void ingestd_advance_all(struct ingestd *d)
{
    for (struct ingestd_partition *p = d->partitions; p != NULL; p = p->next) {
        job_advance(p);
    }
}

/* ---- producing ---------------------------------------------------------------------------- */

static void job_send_enriched(struct ingestd_job *job)
{
    if (job->part->revoked) {
        /* Its new owner publishes it from its claim (a retry too). */
        job_abandon(job);
        return;
    }
    struct ingestd *d = job->part->d;
    char partition[16], offset[24], revision[16];
    const struct kafka_header headers[] = {
        {"ingest.topic", job->part->topic, strlen(job->part->topic)},
        {"ingest.partition", partition,
         (size_t)snprintf(partition, sizeof(partition), "%d", (int)job->part->partition)},
        {"ingest.offset", offset,
         (size_t)snprintf(offset, sizeof(offset), "%lld", (long long)job->offset)},
        {"ingest.revision", revision,
         (size_t)snprintf(revision, sizeof(revision), "%d", (int)job->revision)},
        {"ingest.outcome", job->outcome, strlen(job->outcome)},
    };
    struct kafka_record rec = {
        .topic = d->settings->topic_enriched,
        .partition = KAFKA_PARTITION_ANY,
        .key = job->article->id,
        .key_len = strlen(job->article->id),
        .value = job->record_json,
        .value_len = job->record_json_len,
        .headers = headers,
        .header_count = sizeof(headers) / sizeof(headers[0]),
    };
    int rc = d->producer != NULL ? kafka_producer_send(d->producer, &rec, job) : -ESHUTDOWN;

    if (rc == 0) {
        return;
    }
    if (rc == -ESHUTDOWN) {
        job_abandon(job);
    } else if (rc == -EMSGSIZE) {
        /* The row is stored; only its copy on the enriched topic cannot exist. */
        log_error("enriched record too large for the enriched topic; not published",
                  LOG_STR("id", job->article->id), LOG_UINT("bytes", job->record_json_len));
        job_done(job);
    } else {
        snprintf(job->part->d->producer_error, sizeof job->part->d->producer_error,
                 "producing enriched records failing: %s", strerror(-rc));
        log_warn("producing the enriched record failed; retrying", LOG_ERRNO(rc),
                 LOG_STR("id", job->article->id));
        job_retry_later(job, INGESTD_RETRY_ENRICHED);
    }
}

static void job_send_dlq(struct ingestd_job *job)
{
    if (job->part->revoked) {
        /* Its new owner publishes it from its claim (a retry must not race that claim). */
        job_abandon(job);
        return;
    }
    int rc = job->part->d->producer != NULL ? ingestd_dlq_send(job->part->d, job) : -ESHUTDOWN;

    if (rc == 0) {
        return;
    }
    if (rc == -ESHUTDOWN) {
        job_abandon(job);
    } else if (rc == -EMSGSIZE) {
        log_error("dead letter larger than the dead-letter topic accepts; it is kept in table "
                  "dead_letters only",
                  LOG_STR("reason", job->reason), LOG_STR("topic", job->part->topic),
                  LOG_INT("partition", job->part->partition), LOG_INT("offset", job->offset),
                  LOG_UINT("bytes", job->value_len));
        ingestd_metrics_finished(job->part->d, job);
        job_done(job);
    } else {
        /* Never drop it: retried until the dead-letter topic takes it. */
        snprintf(job->part->d->producer_error, sizeof job->part->d->producer_error,
                 "producing dead letters failing: %s", strerror(-rc));
        log_error("producing a dead-letter record failed; retrying", LOG_ERRNO(rc),
                  LOG_STR("reason", job->reason), LOG_STR("topic", job->part->topic),
                  LOG_INT("partition", job->part->partition), LOG_INT("offset", job->offset));
        job_retry_later(job, INGESTD_RETRY_DLQ);
    }
}

void ingestd_job_delivered(struct ingestd_job *job, const struct kafka_delivery *dr)
{
    struct ingestd *d = job->part->d;
    bool dlq = job->route == INGESTD_ROUTE_DLQ;

    if (dr->err == 0) {
        d->producer_error[0] = '\0';
        ingestd_metrics_finished(d, job);
        if (dlq) {
            d->stats.dead_lettered++;
        } else {
            d->stats.enriched_produced++;
        }
        job_done(job);
    } else if (dr->err == -ESHUTDOWN) {
        log_debug("delivery canceled", LOG_STR("kafka_error", dr->code),
                  LOG_STR("reason", dr->reason), LOG_BOOL("dead_letter", dlq));
        job_abandon(job); /* purged at close, or the producer failed fatally */
    } else if (!dlq && dr->err == -EMSGSIZE) {
        log_error("enriched record refused by the broker as too large; not published",
                  LOG_STR("id", job->article->id), LOG_STR("kafka_error", dr->reason));
        job_done(job);
    } else if (dlq && dr->err == -EMSGSIZE) {
        log_error("dead letter refused by the broker as too large; it is kept in table "
                  "dead_letters only",
                  LOG_STR("reason", job->reason), LOG_STR("topic", job->part->topic),
                  LOG_INT("partition", job->part->partition), LOG_INT("offset", job->offset),
                  LOG_STR("kafka_error", dr->reason));
        job_done(job);
    } else {
        snprintf(d->producer_error, sizeof d->producer_error, "delivery to %s failing: %s",
                 dr->topic != NULL ? dr->topic : "?", dr->reason != NULL ? dr->reason : "?");
        log_warn(dlq ? "dead-letter delivery failed; retrying"
                     : "enriched record delivery failed; retrying",
                 LOG_STR("kafka_error", dr->code), LOG_STR("reason", dr->reason),
                 LOG_STR("topic", dr->topic));
        job_retry_later(job, dlq ? INGESTD_RETRY_DLQ : INGESTD_RETRY_ENRICHED);
    }
}

void ingestd_jobs_release_all(struct ingestd *d)
{
    for (struct ingestd_partition *p = d->partitions; p != NULL; p = p->next) {
        while (p->head != NULL) {
            job_abandon(p->head);
        }
    }
}
