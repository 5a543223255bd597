/*
 * Rows on the wire: libpq pipeline mode, one prepared statement per row (the article upsert, or
 * the dead-letter insert), one ingest_store_offset() per partition of the batch when offsets are
 * kept, and one pipeline sync per batch, so that each batch is one implicit transaction. Results
 * come back in the order the rows were sent; the rows of a batch complete when its
 * PGRES_PIPELINE_SYNC arrives, i.e. after its commit. After an error, libpq reports the batch's
 * remaining statements as PGRES_PIPELINE_ABORTED and the server rolls the batch back at the sync; a
 * batch of several rows is then sent again row by row (see pgw.h).
 *
 * A batch holding rows with detail rows starts with an explicit BEGIN instead, so that its sync
 * leaves the transaction open: pgw_copy.c then writes the detail rows and commits.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pgw_internal.h"

/* Parameter types (pg_type OIDs). The raw submission and the enriched record go as text: the
 * function parses them into jsonb only when it writes, so a replay costs no JSON parsing. The
 * isolated statement takes published_at as text too, and converts it where a bad value is
 * caught as the row's data error. */
#define PGW_OID_BYTEA       17
#define PGW_OID_INT8        20
#define PGW_OID_INT4        23
#define PGW_OID_TEXT        25
#define PGW_OID_TIMESTAMPTZ 1184

/* The parameters of both article statements (ingest_upsert_article and _row). */
#define PGW_ARTICLE_TYPES                                                                          \
    PGW_OID_TEXT, PGW_OID_TEXT, PGW_OID_TEXT, PGW_OID_TEXT, PGW_OID_TIMESTAMPTZ, PGW_OID_TEXT,     \
        PGW_OID_TEXT, PGW_OID_TEXT, PGW_OID_TEXT, PGW_OID_TEXT, PGW_OID_TEXT, PGW_OID_INT4,        \
        PGW_OID_INT8

struct pgw_statement {
    const char *name;
    const char *sql;
    int nparams;
    Oid types[PGW_MAX_PARAMS];
    bool needs_group; /* prepared only when options.group_id is set (migration 006) */
};

static const struct pgw_statement pgw_statements[] = {
    {PGW_STMT_UPSERT,
     "SELECT outcome, revision FROM ingest_upsert_article($1, $2, $3, $4, $5, $6, $7, $8, $9, "
     "$10, $11, $12, $13)",
     PGW_UPSERT_PARAMS,
     {PGW_ARTICLE_TYPES},
     false},
    {PGW_STMT_ROW,
     "SELECT outcome, revision FROM ingest_upsert_article_row($1, $2, $3, $4, $5, $6, $7, $8, "
     "$9, $10, $11, $12, $13)",
     PGW_UPSERT_PARAMS,
     {PGW_ARTICLE_TYPES},
     false},
    {PGW_STMT_ISOLATED,
     "SELECT outcome, revision, err_sqlstate, err_message FROM ingest_upsert_or_reject($1, $2, "
     "$3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)",
     PGW_ISOLATED_PARAMS,
     {PGW_OID_TEXT, PGW_OID_TEXT, PGW_OID_TEXT, PGW_OID_TEXT, PGW_OID_TEXT, PGW_OID_TEXT,
      PGW_OID_TEXT, PGW_OID_TEXT, PGW_OID_TEXT, PGW_OID_TEXT, PGW_OID_TEXT, PGW_OID_INT4,
      PGW_OID_INT8, PGW_OID_TEXT, PGW_OID_BYTEA, PGW_OID_BYTEA},
     true},
    {PGW_STMT_DEAD_LETTER,
     "SELECT outcome, revision FROM ingest_store_dead_letter($1, $2, $3, $4, $5, $6, $7, $8, $9, "
     "$10)",
     PGW_DEAD_PARAMS,
     {PGW_OID_TEXT, PGW_OID_TEXT, PGW_OID_INT4, PGW_OID_INT8, PGW_OID_BYTEA, PGW_OID_BYTEA,
      PGW_OID_TEXT, PGW_OID_TEXT, PGW_OID_TEXT, PGW_OID_TEXT},
     true},
    {PGW_STMT_OFFSET,
     "SELECT ingest_store_offset($1, $2, $3, $4, $5, $6)",
     PGW_OFFSET_PARAMS,
     {PGW_OID_TEXT, PGW_OID_TEXT, PGW_OID_INT4, PGW_OID_INT8, PGW_OID_INT8, PGW_OID_INT8},
     true},
};

/* Flushes what libpq holds and watches for writability only while some of it is left. */
static int pgw_pipeline_flush(struct pgw *w)
{
    int r = PQflush(w->conn);
    if (r < 0) {
        return -EIO;
    }
    return pgw_conn_watch(w, UV_READABLE | (r == 1 ? UV_WRITABLE : 0));
}

int pgw_pipeline_setup(struct pgw *w)
{
    for (size_t i = 0; i < sizeof(pgw_statements) / sizeof(pgw_statements[0]); i++) {
        const struct pgw_statement *st = &pgw_statements[i];
        if (st->needs_group && w->group_id == NULL) {
            continue;
        }
        if (PQsendPrepare(w->conn, st->name, st->sql, st->nparams, st->types) != 1) {
            return -EIO;
        }
    }
    if (PQpipelineSync(w->conn) != 1) {
        return -EIO;
    }
    memset(&w->reading, 0, sizeof(w->reading));
    return pgw_pipeline_flush(w);
}

static void pgw_pipeline_on_linger(uv_timer_t *timer)
{
    struct pgw *w = timer->data;
    if (w->state == PGW_STATE_READY && !w->fail_deferred && pgw_pipeline_send(w) < 0) {
        pgw_conn_fail(w, PQerrorMessage(w->conn));
    }
}

/* Sends ingest_store_offset() for r's partition and epoch, with next as given (-1: unchanged)
 * and r's published position. */
static int pgw_pipeline_send_offset(struct pgw *w, const struct pgw_request *r, int64_t next)
{
    char next_text[24], published[24], epoch[24];
    snprintf(next_text, sizeof(next_text), "%" PRId64, next);
    snprintf(published, sizeof(published), "%" PRId64, r->published);
    snprintf(epoch, sizeof(epoch), "%" PRId64, r->epoch);
    const char *params[PGW_OFFSET_PARAMS] = {w->group_id, r->topic,  r->partition,
                                             next_text,   published, epoch};
    return PQsendQueryPrepared(w->conn, PGW_STMT_OFFSET, PGW_OFFSET_PARAMS, params, NULL, NULL,
                               0) == 1
               ? 0
               : -EIO;
}

/* Sends req's statement (without a sync). */
static int pgw_pipeline_send_row(struct pgw *w, struct pgw_request *req)
{
    const char *name = PGW_STMT_UPSERT;
    int nparams = PGW_UPSERT_PARAMS;
    const char *const *params = req->params;
    const int *lengths = req->lengths, *formats = req->formats;

    req->sent_isolated = false;
    if (req->kind == PGW_ROW_POSITION) {
        if (pgw_pipeline_send_offset(w, req, -1) < 0) {
            return -EIO;
        }
        goto sent;
    }
    if (req->kind == PGW_ROW_DEAD_LETTER) {
        name = PGW_STMT_DEAD_LETTER;
        nparams = PGW_DEAD_PARAMS;
    } else if (req->isolated && w->group_id != NULL) {
        name = PGW_STMT_ISOLATED;
        nparams = PGW_ISOLATED_PARAMS;
        req->sent_isolated = true;
    } else if (w->copy_phase == PGW_COPY_ROWS && req->details != NULL) {
        name = PGW_STMT_ROW; /* its detail rows follow by COPY (pgw_copy.c) */
    }
    if (PQsendQueryPrepared(w->conn, name, nparams, params, lengths, formats, 0) != 1) {
        return -EIO;
    }
sent:
    if (req->sent > 0) {
        w->stats.resent++;
    }
    req->sent++;
    req->sent_at = uv_now(w->loop);
    req->batch_last = false;
    req->got_row = false;
    w->next_send = req->next;
    w->unsent--;
    w->in_flight++;
    return 0;
}

static bool pgw_same_place(const struct pgw_request *a, const struct pgw_request *b)
{
    return b->kind != PGW_ROW_POSITION && a->partition_no == b->partition_no &&
           a->epoch == b->epoch && a->topic != NULL && b->topic != NULL &&
           strcmp(a->topic, b->topic) == 0;
}

/*
 * Ends the batch first..last: one ingest_store_offset() per partition (and epoch) among its rows,
 * with the position after that partition's last row (rows of a partition come in offset order),
 * then the sync that commits.
 */
static int pgw_pipeline_end_batch(struct pgw *w, struct pgw_request *first,
                                  struct pgw_request *last)
{
    if (w->group_id != NULL) {
        for (struct pgw_request *r = first;; r = r->next) {
            bool later = false;
            for (const struct pgw_request *o = r->next; r != last && o != NULL; o = o->next) {
                if (pgw_same_place(r, o)) {
                    later = true;
                    break;
                }
                if (o == last) {
                    break;
                }
            }
            if (!later && r->epoch > 0 && r->topic != NULL) {
                char next[24], published[24], epoch[24];
                snprintf(next, sizeof(next), "%" PRId64, r->offset_no + 1);
                snprintf(published, sizeof(published), "%" PRId64, r->published);
                snprintf(epoch, sizeof(epoch), "%" PRId64, r->epoch);
                const char *params[PGW_OFFSET_PARAMS] = {w->group_id, r->topic,  r->partition,
                                                         next,        published, epoch};
                if (PQsendQueryPrepared(w->conn, PGW_STMT_OFFSET, PGW_OFFSET_PARAMS, params, NULL,
                                        NULL, 0) != 1) {
                    return -EIO;
                }
            }
            if (r == last) {
                break;
            }
        }
    }
    if (PQpipelineSync(w->conn) != 1) {
        return -EIO;
    }
    last->batch_last = true;
    return 0;
}

/* Whether the partial batch starting at first may go now; if not, the linger timer is armed. */
static bool pgw_pipeline_partial_due(struct pgw *w, const struct pgw_request *first)
{
    uint64_t now = uv_now(w->loop);
    uint64_t due = first->queued_at + w->opt.batch_linger_ms;
    if (now >= due) {
        return true;
    }
    if (!uv_is_active((uv_handle_t *)&w->linger)) {
        uv_timer_start(&w->linger, pgw_pipeline_on_linger, due - now, 0);
    }
    return false;
}

/* Whether the n requests from first write detail rows by COPY (only articles carry them). */
static bool pgw_pipeline_batch_copies(const struct pgw_request *first, size_t n)
{
    for (const struct pgw_request *r = first; n > 0; r = r->next, n--) {
        if (r->details != NULL) {
            return true;
        }
    }
    return false;
}

int pgw_pipeline_send(struct pgw *w)
{
    while (w->next_send != NULL && w->copy_phase == PGW_COPY_NONE) {
        struct pgw_request *first = w->next_send;
        if (first->isolated) {
            if (w->in_flight >= w->opt.max_in_flight) {
                break;
            }
            if (pgw_pipeline_send_row(w, first) < 0 ||
                pgw_pipeline_end_batch(w, first, first) < 0) {
                return -EIO;
            }
            continue;
        }
        /* One batch on the wire at a time (see pgw.h). */
        if (w->in_flight > 0) {
            break;
        }
        size_t n = w->unsent < w->opt.batch_size ? w->unsent : w->opt.batch_size;
        if (n < w->opt.batch_size && !pgw_pipeline_partial_due(w, first)) {
            break;
        }
        uv_timer_stop(&w->linger);
        if (pgw_pipeline_batch_copies(first, n)) {
            /* Explicit, so that the sync after the statements leaves it open for the COPY. */
            if (PQsendQueryParams(w->conn, "BEGIN", 0, NULL, NULL, NULL, NULL, 0) != 1) {
                return -EIO;
            }
            w->copy_phase = PGW_COPY_ROWS;
        }
        struct pgw_request *last = NULL;
        for (size_t i = 0; i < n; i++) {
            last = w->next_send;
            if (pgw_pipeline_send_row(w, last) < 0) {
                return -EIO;
            }
        }
        if (pgw_pipeline_end_batch(w, first, last) < 0) {
            return -EIO;
        }
    }
    return pgw_pipeline_flush(w);
}

/* Reads one statement's row into req; a malformed one is the batch's error. */
static void pgw_pipeline_record_row(struct pgw *w, struct pgw_request *req, const PGresult *res)
{
    req->got_row = true;
    if (req->kind == PGW_ROW_POSITION) {
        return; /* ingest_store_offset() returns nothing to read */
    }
    int fields = req->sent_isolated ? 4 : 2;
    if (PQntuples(res) != 1 || PQnfields(res) != fields || PQgetisnull(res, 0, 0) ||
        PQgetisnull(res, 0, 1)) {
        w->reading.status = PGW_ERR_SERVER;
        pgw_result_set_message(&w->reading, "the write function returned an unexpected result");
        return;
    }
    static const struct {
        const char *name;
        enum pgw_outcome outcome;
        bool stored_before;
    } outcomes[] = {
        {"inserted", PGW_OUTCOME_INSERTED, false},  {"updated", PGW_OUTCOME_UPDATED, false},
        {"unchanged", PGW_OUTCOME_UNCHANGED, true}, {"stale", PGW_OUTCOME_STALE, false},
        {"rejected", PGW_OUTCOME_REJECTED, false},  {"rejected_again", PGW_OUTCOME_REJECTED, true},
    };
    const char *outcome = PQgetvalue(res, 0, 0);
    size_t i = 0;
    while (i < sizeof(outcomes) / sizeof(outcomes[0]) && strcmp(outcome, outcomes[i].name) != 0) {
        i++;
    }
    if (i == sizeof(outcomes) / sizeof(outcomes[0])) {
        w->reading.status = PGW_ERR_SERVER;
        pgw_result_set_message(&w->reading, "the write function returned an unknown outcome");
        return;
    }
    req->outcome = outcomes[i].outcome;
    /* Only a dead letter or a rejected article can have been stored before: for an article,
     * "unchanged" is its own outcome. */
    req->stored_before = outcomes[i].stored_before &&
                         (req->kind == PGW_ROW_DEAD_LETTER || req->outcome == PGW_OUTCOME_REJECTED);
    req->revision = (int32_t)strtol(PQgetvalue(res, 0, 1), NULL, 10);
    if (req->outcome == PGW_OUTCOME_REJECTED) {
        snprintf(req->sqlstate, sizeof(req->sqlstate), "%s", PQgetvalue(res, 0, 2));
        free(req->message);
        req->message = strdup(PQgetvalue(res, 0, 3)); /* NULL: the result goes without it */
    }
}

/* A result while the statement is being prepared. Takes res. */
static void pgw_pipeline_setup_result(struct pgw *w, PGresult *res)
{
    ExecStatusType st = PQresultStatus(res);
    if (st == PGRES_FATAL_ERROR) {
        pgw_sqlstate_record(res, &w->reading);
    }
    PQclear(res);
    if (st != PGRES_PIPELINE_SYNC) {
        return;
    }
    if (w->reading.status != 0) {
        char why[sizeof(w->reading.message) + 96];
        snprintf(why, sizeof(why),
                 "preparing the upsert failed (are the migrations applied?): %s %s",
                 w->reading.sqlstate, w->reading.message);
        pgw_conn_fail(w, why);
        return;
    }
    pgw_conn_ready(w);
}

/* The in-flight request whose statement answered; moves on to the next one of the batch. NULL
 * when the batch's statements have all answered (a commit error comes after them). */
static struct pgw_request *pgw_pipeline_answered(struct pgw *w)
{
    if (w->reading_done) {
        return NULL;
    }
    struct pgw_request *req = w->reading_req != NULL ? w->reading_req : w->head;
    if (req->batch_last) {
        w->reading_done = true;
    } else {
        w->reading_req = req->next;
    }
    return req;
}

/* The sync of the batch at the head arrived: the transaction is over, or, for a batch with
 * detail rows, its COPY comes next. */
static void pgw_pipeline_batch_over(struct pgw *w)
{
    struct pgw_result failed = w->reading;
    w->reading_req = NULL;
    w->reading_done = false;
    memset(&w->reading, 0, sizeof(w->reading));
    if (w->copy_phase == PGW_COPY_ROWS) {
        pgw_copy_after_rows(w, &failed);
        return;
    }
    pgw_pipeline_batch_done(w, &failed);
}

/* Completes the head batch's rows, or sends a failed batch of several rows again row by row. */
void pgw_pipeline_batch_done(struct pgw *w, const struct pgw_result *failed_in)
{
    struct pgw_result failed = *failed_in;
    if (failed.status != 0 && !w->head->isolated) {
        /* Rolled back: nothing of it is stored. Its rows go again first, alone, in order (a
         * batch of one too: alone, a data error becomes a dead letter, see pgw.h). */
        for (struct pgw_request *r = w->head; r != NULL; r = r->next) {
            r->isolated = true;
            w->stats.isolated++;
            if (r->batch_last) {
                break;
            }
        }
        pgw_rewind(w);
        return;
    }
    if (failed.status == 0) {
        w->stats.batches++;
        if (w->opt.batch_cb != NULL) {
            /* Rows of messages: position rows carry none. */
            unsigned rows = 0;
            for (const struct pgw_request *r = w->head;; r = r->next) {
                rows += r->kind != PGW_ROW_POSITION;
                if (r->batch_last) {
                    break;
                }
            }
            if (rows > 0) {
                w->opt.batch_cb(w->opt.batch_arg, rows, uv_now(w->loop) - w->head->sent_at);
            }
        }
    }
    /* Completed in order; a callback may close the writer, but these rows did commit (or, for
     * a single failed row, failed), so each still gets its own result. */
    for (;;) {
        struct pgw_request *req = w->head;
        bool last = req->batch_last;
        struct pgw_result done;
        if (failed.status != 0) {
            done = failed;
        } else {
            memset(&done, 0, sizeof(done));
            done.outcome = req->outcome;
            done.revision = req->revision;
            done.stored_before = req->stored_before;
            if (req->outcome == PGW_OUTCOME_REJECTED) {
                snprintf(done.sqlstate, sizeof(done.sqlstate), "%s", req->sqlstate);
                pgw_result_set_message(&done, req->message);
            }
            if (!req->got_row) {
                done.status = PGW_ERR_SERVER;
                pgw_result_set_message(&done, "the server acknowledged the row without a result");
            }
        }
        pgw_complete_head(w, &done);
        if (last) {
            break;
        }
    }
}

/* A result for the batch in flight at the head. Takes res. */
static void pgw_pipeline_row_result(struct pgw *w, PGresult *res)
{
    ExecStatusType st = PQresultStatus(res);
    if (w->in_flight == 0 || w->head == NULL) {
        PQclear(res);
        pgw_conn_fail(w, "the server sent a result for no request");
        return;
    }
    switch (st) {
    case PGRES_TUPLES_OK: {
        struct pgw_request *req = pgw_pipeline_answered(w);
        if (req != NULL && w->reading.status == 0) {
            pgw_pipeline_record_row(w, req, res);
        }
        PQclear(res);
        return;
    }
    case PGRES_FATAL_ERROR: {
        char why[600];
        if (pgw_sqlstate_transient(res, why, sizeof(why))) {
            PQclear(res);
            pgw_conn_fail(w, why);
            return;
        }
        /* A failed statement, or a failed commit after the statements' own results. */
        (void)pgw_pipeline_answered(w);
        pgw_sqlstate_record(res, &w->reading);
        PQclear(res);
        return;
    }
    case PGRES_PIPELINE_ABORTED:
        /* A statement skipped because an earlier one of its batch failed. */
        (void)pgw_pipeline_answered(w);
        PQclear(res);
        if (w->reading.status == 0) {
            pgw_conn_fail(w, "the pipeline was aborted without an error");
        }
        return;
    case PGRES_PIPELINE_SYNC:
        PQclear(res);
        pgw_pipeline_batch_over(w);
        return;
    default:
        PQclear(res);
        return;
    }
}

/* Reads every result libpq can hand over without blocking. Stops when the writer leaves
 * SETUP/READY (failure, or pgw_close() from a callback). */
static void pgw_pipeline_read(struct pgw *w)
{
    int nulls = 0;
    while ((w->state == PGW_STATE_SETUP || w->state == PGW_STATE_READY) &&
           w->copy_phase <= PGW_COPY_ROWS) {
        if (PQisBusy(w->conn)) {
            return;
        }
        PGresult *res = PQgetResult(w->conn);
        if (res == NULL) {
            /* One NULL ends each statement's results; two in a row mean nothing is pending. */
            if (++nulls >= 2) {
                return;
            }
            continue;
        }
        nulls = 0;
        if (w->state == PGW_STATE_SETUP) {
            pgw_pipeline_setup_result(w, res);
        } else {
            pgw_pipeline_row_result(w, res);
        }
    }
}

void pgw_pipeline_on_events(struct pgw *w, int events)
{
    if (w->copy_phase > PGW_COPY_ROWS) {
        pgw_copy_on_events(w, events);
        return;
    }
    if (events & UV_READABLE) {
        if (PQconsumeInput(w->conn) != 1) {
            pgw_conn_fail(w, PQerrorMessage(w->conn));
            return;
        }
        pgw_pipeline_read(w);
    }
    int rc;
    if (w->state == PGW_STATE_READY) {
        rc = pgw_pipeline_send(w);
    } else if (w->state == PGW_STATE_SETUP) {
        rc = pgw_pipeline_flush(w);
    } else {
        return;
    }
    if (rc < 0) {
        pgw_conn_fail(w, PQerrorMessage(w->conn));
    }
}
