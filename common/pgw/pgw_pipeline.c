/*
 * Rows on the wire: libpq pipeline mode, one prepared ingest_upsert_article() call per row and
 * one pipeline sync per batch, so that each batch is one implicit transaction. Results come back
 * in the order the rows were sent; the rows of a batch complete when its PGRES_PIPELINE_SYNC
 * arrives, i.e. after its commit. After an error, libpq reports the batch's remaining statements
 * as PGRES_PIPELINE_ABORTED and the server rolls the batch back at the sync; a batch of several
 * rows is then sent again row by row (see pgw.h).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pgw_internal.h"

/* Parameter types, in the order of ingest_upsert_article()'s arguments (pg_type OIDs). The raw
 * submission and the enriched record go as text: the function parses them into jsonb only when
 * it writes, so a replay costs no JSON parsing. */
#define PGW_OID_TEXT        25
#define PGW_OID_TIMESTAMPTZ 1184
#define PGW_OID_INT4        23
#define PGW_OID_INT8        20

static const Oid pgw_param_types[PGW_PARAM_COUNT] = {
    PGW_OID_TEXT, PGW_OID_TEXT, PGW_OID_TEXT, PGW_OID_TEXT, PGW_OID_TIMESTAMPTZ,
    PGW_OID_TEXT, PGW_OID_TEXT, PGW_OID_TEXT, PGW_OID_TEXT, PGW_OID_TEXT,
    PGW_OID_TEXT, PGW_OID_INT4, PGW_OID_INT8,
};

static const char pgw_upsert_sql[] =
    "SELECT outcome, revision FROM ingest_upsert_article($1, $2, $3, $4, $5, $6, $7, $8, $9, "
    "$10, $11, $12, $13)";

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
    if (PQsendPrepare(w->conn, PGW_STATEMENT, pgw_upsert_sql, PGW_PARAM_COUNT, pgw_param_types) !=
            1 ||
        PQpipelineSync(w->conn) != 1) {
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

static int pgw_pipeline_send_one(struct pgw *w, struct pgw_request *req, bool last)
{
    if (PQsendQueryPrepared(w->conn, PGW_STATEMENT, PGW_PARAM_COUNT, req->params, NULL, NULL, 0) !=
        1) {
        return -EIO;
    }
    if (last && PQpipelineSync(w->conn) != 1) {
        return -EIO;
    }
    if (req->sent > 0) {
        w->stats.resent++;
    }
    req->sent++;
    req->sent_at = uv_now(w->loop);
    req->batch_last = last;
    req->got_row = false;
    w->next_send = req->next;
    w->unsent--;
    w->in_flight++;
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

int pgw_pipeline_send(struct pgw *w)
{
    while (w->next_send != NULL) {
        struct pgw_request *first = w->next_send;
        if (first->isolated) {
            if (w->in_flight >= w->opt.max_in_flight) {
                break;
            }
            if (pgw_pipeline_send_one(w, first, true) < 0) {
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
        for (size_t i = 0; i < n; i++) {
            if (pgw_pipeline_send_one(w, w->next_send, i + 1 == n) < 0) {
                return -EIO;
            }
        }
    }
    return pgw_pipeline_flush(w);
}

/* Records a server error in w->reading. */
static void pgw_pipeline_record_error(struct pgw *w, const PGresult *res, int status)
{
    const char *sqlstate = PQresultErrorField(res, PG_DIAG_SQLSTATE);
    const char *primary = PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY);
    w->reading.status = status;
    w->reading.outcome = PGW_OUTCOME_NONE;
    w->reading.revision = 0;
    snprintf(w->reading.sqlstate, sizeof(w->reading.sqlstate), "%s",
             sqlstate != NULL ? sqlstate : "");
    pgw_result_set_message(&w->reading, primary != NULL ? primary : PQresultErrorMessage(res));
}

/* Reads one statement's row into req; a malformed one is the batch's error. */
static void pgw_pipeline_record_row(struct pgw *w, struct pgw_request *req, const PGresult *res)
{
    req->got_row = true;
    if (PQntuples(res) != 1 || PQnfields(res) != 2 || PQgetisnull(res, 0, 0) ||
        PQgetisnull(res, 0, 1)) {
        w->reading.status = PGW_ERR_SERVER;
        pgw_result_set_message(&w->reading, "ingest_upsert_article returned an unexpected result");
        return;
    }
    const char *outcome = PQgetvalue(res, 0, 0);
    if (strcmp(outcome, "inserted") == 0) {
        req->outcome = PGW_OUTCOME_INSERTED;
    } else if (strcmp(outcome, "updated") == 0) {
        req->outcome = PGW_OUTCOME_UPDATED;
    } else if (strcmp(outcome, "unchanged") == 0) {
        req->outcome = PGW_OUTCOME_UNCHANGED;
    } else if (strcmp(outcome, "stale") == 0) {
        req->outcome = PGW_OUTCOME_STALE;
    } else {
        w->reading.status = PGW_ERR_SERVER;
        pgw_result_set_message(&w->reading, "ingest_upsert_article returned an unknown outcome");
        return;
    }
    req->revision = (int32_t)strtol(PQgetvalue(res, 0, 1), NULL, 10);
}

/* A result while the statement is being prepared. Takes res. */
static void pgw_pipeline_setup_result(struct pgw *w, PGresult *res)
{
    ExecStatusType st = PQresultStatus(res);
    if (st == PGRES_FATAL_ERROR) {
        pgw_pipeline_record_error(w, res, PGW_ERR_SERVER);
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

/* The sync of the batch at the head arrived: the transaction is over. Completes its rows, or
 * sends a failed batch of several rows again row by row. */
static void pgw_pipeline_batch_over(struct pgw *w)
{
    struct pgw_result failed = w->reading;
    w->reading_req = NULL;
    w->reading_done = false;
    memset(&w->reading, 0, sizeof(w->reading));

    if (failed.status != 0 && !w->head->batch_last) {
        /* Rolled back: nothing of it is stored. Isolated rows go first, alone, in order. */
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
            unsigned rows = 1;
            for (const struct pgw_request *r = w->head; !r->batch_last; r = r->next) {
                rows++;
            }
            w->opt.batch_cb(w->opt.batch_arg, rows, uv_now(w->loop) - w->head->sent_at);
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
        const char *sqlstate = PQresultErrorField(res, PG_DIAG_SQLSTATE);
        enum pgw_error_class cls = pgw_sqlstate_classify(sqlstate);
        if (cls == PGW_CLASS_TRANSIENT) {
            char why[600];
            snprintf(why, sizeof(why), "%s%s%s", sqlstate != NULL ? sqlstate : "",
                     sqlstate != NULL ? " " : "", PQresultErrorMessage(res));
            PQclear(res);
            pgw_conn_fail(w, why);
            return;
        }
        /* A failed statement, or a failed commit after the statements' own results: the first
         * error is the batch's. */
        (void)pgw_pipeline_answered(w);
        if (w->reading.status == 0) {
            pgw_pipeline_record_error(w, res,
                                      cls == PGW_CLASS_DATA ? PGW_ERR_DATA : PGW_ERR_SERVER);
        }
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
    while (w->state == PGW_STATE_SETUP || w->state == PGW_STATE_READY) {
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
