/*
 * Rows on the wire: libpq pipeline mode, one prepared ingest_upsert_article() call and one
 * pipeline sync per row, so that each row is its own implicit transaction and an error aborts
 * nothing but its own row. Results come back in the order the rows were sent; a row is complete
 * when its PGRES_PIPELINE_SYNC arrives, i.e. after its commit.
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
    w->got_row = false;
    memset(&w->reading, 0, sizeof(w->reading));
    return pgw_pipeline_flush(w);
}

int pgw_pipeline_send(struct pgw *w)
{
    while (w->next_send != NULL && w->in_flight < w->opt.max_in_flight) {
        struct pgw_request *req = w->next_send;
        if (PQsendQueryPrepared(w->conn, PGW_STATEMENT, PGW_PARAM_COUNT, req->params, NULL, NULL,
                                0) != 1 ||
            PQpipelineSync(w->conn) != 1) {
            return -EIO;
        }
        if (req->sent > 0) {
            w->stats.resent++;
        }
        req->sent++;
        w->next_send = req->next;
        w->in_flight++;
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

static void pgw_pipeline_record_row(struct pgw *w, const PGresult *res)
{
    w->got_row = true;
    if (PQntuples(res) != 1 || PQnfields(res) != 2 || PQgetisnull(res, 0, 0) ||
        PQgetisnull(res, 0, 1)) {
        w->reading.status = PGW_ERR_SERVER;
        pgw_result_set_message(&w->reading, "ingest_upsert_article returned an unexpected result");
        return;
    }
    const char *outcome = PQgetvalue(res, 0, 0);
    if (strcmp(outcome, "inserted") == 0) {
        w->reading.outcome = PGW_OUTCOME_INSERTED;
    } else if (strcmp(outcome, "updated") == 0) {
        w->reading.outcome = PGW_OUTCOME_UPDATED;
    } else if (strcmp(outcome, "unchanged") == 0) {
        w->reading.outcome = PGW_OUTCOME_UNCHANGED;
    } else {
        w->reading.status = PGW_ERR_SERVER;
        pgw_result_set_message(&w->reading, "ingest_upsert_article returned an unknown outcome");
        return;
    }
    w->reading.revision = (int32_t)strtol(PQgetvalue(res, 0, 1), NULL, 10);
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

/* A result for the head request. Takes res. */
static void pgw_pipeline_row_result(struct pgw *w, PGresult *res)
{
    ExecStatusType st = PQresultStatus(res);
    if (w->in_flight == 0 || w->head == NULL) {
        PQclear(res);
        pgw_conn_fail(w, "the server sent a result for no request");
        return;
    }
    switch (st) {
    case PGRES_TUPLES_OK:
        if (w->reading.status == 0) {
            pgw_pipeline_record_row(w, res);
        }
        PQclear(res);
        return;
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
        /* A failed commit reports its error after the statement's own result: the error wins. */
        pgw_pipeline_record_error(w, res, cls == PGW_CLASS_DATA ? PGW_ERR_DATA : PGW_ERR_SERVER);
        PQclear(res);
        return;
    }
    case PGRES_PIPELINE_SYNC: {
        PQclear(res);
        struct pgw_result done = w->reading;
        if (done.status == 0 && !w->got_row) {
            done.status = PGW_ERR_SERVER;
            pgw_result_set_message(&done, "the server acknowledged the row without a result");
        }
        w->got_row = false;
        memset(&w->reading, 0, sizeof(w->reading));
        pgw_complete_head(w, &done);
        return;
    }
    case PGRES_PIPELINE_ABORTED:
        /* Only one statement per sync: nothing of ours can be aborted by another. */
        PQclear(res);
        pgw_conn_fail(w, "the pipeline was aborted unexpectedly");
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
