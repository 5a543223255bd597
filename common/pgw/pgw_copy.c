/*
 * The second half of a batch that writes detail rows by COPY (see pgw_internal.h, enum
 * pgw_copy_phase). Its article statements ran in pipeline mode inside an explicit transaction
 * and said which articles were inserted or updated; now, outside pipeline mode (libpq refuses
 * COPY in it), the detail rows of those articles go into their tables, one COPY per table that
 * has any, and COMMIT ends the transaction. Any failure rolls the whole batch back, and its rows
 * are then sent again alone through the function that computes the detail rows on the server,
 * so that a row the database refuses fails by itself, as before.
 *
 * Only the last version of an id written in the batch has its rows copied: an earlier version's
 * were deleted by the later one (ingest_upsert_article_row deletes an updated article's rows).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pgw_internal.h"

/* Batch rows are few (batch_size, 200 by default) and ids rarely repeat within a batch, so a
 * quadratic look for a later version is cheaper than a hash table would be to set up. */
static const char *pgw_copy_id(const struct pgw_request *r)
{
    return r->params[0];
}

static bool pgw_copy_written(const struct pgw_request *r)
{
    return r->kind == PGW_ROW_ARTICLE &&
           (r->outcome == PGW_OUTCOME_INSERTED || r->outcome == PGW_OUTCOME_UPDATED);
}

/* Marks the head batch's requests whose detail rows this COPY writes; returns how many. */
static size_t pgw_copy_mark(struct pgw *w)
{
    size_t marked = 0;
    for (struct pgw_request *r = w->head;; r = r->next) {
        r->copy_details = false;
        if (pgw_copy_written(r) && r->details != NULL) {
            bool later = false;
            for (const struct pgw_request *o = r; !o->batch_last && !later;) {
                o = o->next;
                later = pgw_copy_written(o) && strcmp(pgw_copy_id(o), pgw_copy_id(r)) == 0;
            }
            r->copy_details = !later;
            marked += !later;
        }
        if (r->batch_last) {
            break;
        }
    }
    return marked;
}

static int pgw_copy_reserve(struct pgw *w, size_t more)
{
    if (w->copy_cap - w->copy_len >= more) {
        return 0;
    }
    size_t cap = w->copy_cap > 0 ? w->copy_cap : 64 * 1024;
    while (cap - w->copy_len < more) {
        cap *= 2;
    }
    char *p = realloc(w->copy_buf, cap);
    if (p == NULL) {
        return -ENOMEM;
    }
    w->copy_buf = p;
    w->copy_cap = cap;
    return 0;
}

/* Appends id escaped for COPY, and the tab after it. */
static int pgw_copy_put_id(struct pgw *w, const char *id)
{
    size_t len = strlen(id);
    if (pgw_copy_reserve(w, 2 * len + 1) < 0) {
        return -ENOMEM;
    }
    w->copy_len += pgw_details_escape(id, len, w->copy_buf + w->copy_len);
    w->copy_buf[w->copy_len++] = '\t';
    return 0;
}

/* Fills copy_buf with table t's lines of the marked requests, each after its article's id. */
static int pgw_copy_fill(struct pgw *w, int t)
{
    w->copy_len = 0;
    for (const struct pgw_request *r = w->head;; r = r->next) {
        if (r->copy_details) {
            const struct pgw_details *d = r->details;
            size_t from = 0;
            for (int i = 0; i < t; i++) {
                from += d->len[i];
            }
            const char *p = d->text + from, *end = p + d->len[t];
            while (p < end) {
                const char *nl = memchr(p, '\n', (size_t)(end - p));
                size_t line = nl != NULL ? (size_t)(nl - p) + 1 : (size_t)(end - p);
                if (pgw_copy_put_id(w, pgw_copy_id(r)) < 0 || pgw_copy_reserve(w, line) < 0) {
                    return -ENOMEM;
                }
                memcpy(w->copy_buf + w->copy_len, p, line);
                w->copy_len += line;
                p += line;
            }
        }
        if (r->batch_last) {
            break;
        }
    }
    return 0;
}

static int pgw_copy_flush(struct pgw *w)
{
    int r = PQflush(w->conn);
    if (r < 0) {
        return -EIO;
    }
    return pgw_conn_watch(w, UV_READABLE | (r == 1 ? UV_WRITABLE : 0));
}

static void pgw_copy_fail_conn(struct pgw *w)
{
    pgw_conn_fail(w, PQerrorMessage(w->conn));
}

/* Sends a statement that takes no parameters (COMMIT, ROLLBACK, COPY). */
static void pgw_copy_send(struct pgw *w, enum pgw_copy_phase phase, const char *sql)
{
    w->copy_phase = phase;
    w->copy_got_result = false;
    if (PQsendQuery(w->conn, sql) != 1 || pgw_copy_flush(w) < 0) {
        pgw_copy_fail_conn(w);
    }
}

static void pgw_copy_fail_batch(struct pgw *w, int status, const char *message)
{
    if (w->copy_failed.status == 0) {
        w->copy_failed.status = status;
        pgw_result_set_message(&w->copy_failed, message);
    }
}

/* Starts the COPY of the next table from copy_table on that has rows, or the COMMIT. */
static void pgw_copy_next(struct pgw *w)
{
    while (++w->copy_table < PGW_DETAIL_TABLES) {
        int rc = pgw_copy_fill(w, w->copy_table);
        if (rc < 0) {
            /* Not the rows' fault: the batch goes again alone, through the function. */
            pgw_copy_fail_batch(w, PGW_ERR_SERVER, "out of memory building the COPY data");
            pgw_copy_send(w, PGW_COPY_ROLLBACK, "ROLLBACK");
            return;
        }
        if (w->copy_len > 0) {
            pgw_copy_send(w, PGW_COPY_STARTING, pgw_details_copy_sql(w->copy_table));
            return;
        }
    }
    pgw_copy_send(w, PGW_COPY_COMMIT, "COMMIT");
}

void pgw_copy_after_rows(struct pgw *w, const struct pgw_result *failed)
{
    w->copy_failed = *failed;
    if (PQexitPipelineMode(w->conn) != 1) {
        pgw_copy_fail_conn(w);
        return;
    }
    if (failed->status != 0) {
        pgw_copy_send(w, PGW_COPY_ROLLBACK, "ROLLBACK");
        return;
    }
    w->copy_table = -1;
    if (pgw_copy_mark(w) == 0) {
        w->copy_table = PGW_DETAIL_TABLES - 1;
    }
    pgw_copy_next(w);
}

/* The transaction is over (committed, or rolled back with copy_failed set): back to pipeline
 * mode, and the batch completes. */
static void pgw_copy_finish(struct pgw *w)
{
    struct pgw_result failed = w->copy_failed;
    pgw_copy_reset(w);
    if (PQenterPipelineMode(w->conn) != 1) {
        pgw_copy_fail_conn(w);
        return;
    }
    pgw_pipeline_batch_done(w, &failed);
    if (w->state == PGW_STATE_READY && pgw_pipeline_send(w) < 0) {
        pgw_copy_fail_conn(w);
    }
}

/* COPY_IN: the server takes the data. libpq queues it whole (its buffer grows), so one call. */
static void pgw_copy_put(struct pgw *w)
{
    if (PQputCopyData(w->conn, w->copy_buf, (int)w->copy_len) != 1 ||
        PQputCopyEnd(w->conn, NULL) != 1) {
        pgw_copy_fail_conn(w);
        return;
    }
    w->copy_phase = PGW_COPY_ENDING;
    w->copy_got_result = false;
    if (pgw_copy_flush(w) < 0) {
        pgw_copy_fail_conn(w);
    }
}

/* One result of the current command. Returns false when the connection was failed. */
static bool pgw_copy_result(struct pgw *w, PGresult *res)
{
    ExecStatusType st = PQresultStatus(res);
    w->copy_got_result = true;
    if (st == PGRES_FATAL_ERROR) {
        char why[600];
        if (pgw_sqlstate_transient(res, why, sizeof(why))) {
            PQclear(res);
            pgw_conn_fail(w, why);
            return false;
        }
        pgw_sqlstate_record(res, &w->copy_failed);
    } else if (st == PGRES_COMMAND_OK && w->copy_phase == PGW_COPY_COMMIT &&
               strcmp(PQcmdStatus(res), "COMMIT") != 0) {
        /* COMMIT of a transaction the server had aborted answers ROLLBACK, not an error. */
        pgw_copy_fail_batch(w, PGW_ERR_SERVER, "the server rolled the batch back at commit");
    } else if (st != PGRES_COMMAND_OK) {
        pgw_copy_fail_batch(w, PGW_ERR_SERVER, "unexpected result while copying detail rows");
    }
    PQclear(res);
    return true;
}

/* The current command's results are all read: the next step. */
static void pgw_copy_step(struct pgw *w)
{
    /* After ROLLBACK copy_failed says why (a failed ROLLBACK changes nothing); a failed COMMIT
     * ended the transaction too. */
    if (w->copy_phase == PGW_COPY_ROLLBACK || w->copy_phase == PGW_COPY_COMMIT) {
        pgw_copy_finish(w);
        return;
    }
    if (w->copy_failed.status != 0) {
        pgw_copy_send(w, PGW_COPY_ROLLBACK, "ROLLBACK");
        return;
    }
    w->stats.copies++;
    pgw_copy_next(w);
}

static void pgw_copy_read(struct pgw *w)
{
    while (w->state == PGW_STATE_READY && w->copy_phase > PGW_COPY_ROWS) {
        if (PQisBusy(w->conn)) {
            return;
        }
        PGresult *res = PQgetResult(w->conn);
        if (res == NULL) {
            if (!w->copy_got_result) {
                return; /* nothing pending yet */
            }
            pgw_copy_step(w);
            continue;
        }
        if (PQresultStatus(res) == PGRES_COPY_IN) {
            PQclear(res);
            if (w->copy_phase != PGW_COPY_STARTING) {
                pgw_conn_fail(w, "the server asked for COPY data out of turn");
                return;
            }
            pgw_copy_put(w);
            continue;
        }
        if (!pgw_copy_result(w, res)) {
            return;
        }
    }
}

void pgw_copy_on_events(struct pgw *w, int events)
{
    if (events & UV_READABLE) {
        if (PQconsumeInput(w->conn) != 1) {
            pgw_copy_fail_conn(w);
            return;
        }
    }
    if ((events & UV_WRITABLE) && pgw_copy_flush(w) < 0) {
        pgw_copy_fail_conn(w);
        return;
    }
    pgw_copy_read(w);
}

void pgw_copy_reset(struct pgw *w)
{
    w->copy_phase = PGW_COPY_NONE;
    w->copy_got_result = false;
    memset(&w->copy_failed, 0, sizeof(w->copy_failed));
    /* The buffer is kept for the next batch unless it grew large. */
    if (w->copy_cap > 4 * 1024 * 1024) {
        free(w->copy_buf);
        w->copy_buf = NULL;
        w->copy_cap = 0;
    }
    w->copy_len = 0;
}
