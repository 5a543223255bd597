/*
 * The PostgreSQL part of `ingestctl stats` (see stats.h): three read-only queries with bound
 * parameters, one blocking connection.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include <libpq-fe.h>

#include "stats.h"

/* The first day of the window, as timestamptz: midnight UTC, days - 1 days before today. */
#define WINDOW_START                                                                               \
    "(date_trunc('day', now() AT TIME ZONE 'UTC') - ($1::int - 1) * interval '1 day') "            \
    "AT TIME ZONE 'UTC'"

static const char days_sql[] =
    "SELECT to_char(ingested_at AT TIME ZONE 'UTC', 'YYYY-MM-DD'), source, count(*), "
    "count(*) FILTER (WHERE revision > 1) FROM articles "
    "WHERE ingested_at >= " WINDOW_START " AND ($2::text IS NULL OR source = $2::text) "
    "GROUP BY 1, 2 ORDER BY 1 DESC, 3 DESC, 2";

static const char sources_sql[] =
    "SELECT source, count(*), count(*) FILTER (WHERE revision > 1), "
    "to_char(max(updated_at) AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') "
    "FROM articles WHERE ($1::text IS NULL OR source = $1::text) GROUP BY 1 ORDER BY 2 DESC, 1";

static const char entities_sql[] =
    "SELECT e.type, e.normalized, count(DISTINCT e.article_id) "
    "FROM article_entities e JOIN articles a ON a.id = e.article_id "
    "WHERE a.ingested_at >= " WINDOW_START " AND ($2::text IS NULL OR a.source = $2::text) "
    "AND e.normalized IS NOT NULL GROUP BY 1, 2 ORDER BY 3 DESC, 2, 1 LIMIT $3::int";

static json_int_t int_at(const PGresult *r, int row, int col)
{
    return (json_int_t)strtoll(PQgetvalue(r, row, col), NULL, 10);
}

static json_t *text_at(const PGresult *r, int row, int col)
{
    return PQgetisnull(r, row, col) ? json_null() : json_string(PQgetvalue(r, row, col));
}

/* Runs sql with params; returns the result or NULL with err filled in. */
static PGresult *query(PGconn *pg, const char *sql, int n, const char *const *params, char *err,
                       size_t errlen)
{
    PGresult *r = PQexecParams(pg, sql, n, NULL, params, NULL, NULL, 0);
    if (PQresultStatus(r) != PGRES_TUPLES_OK) {
        snprintf(err, errlen, "query failed: %s", PQresultErrorMessage(r));
        PQclear(r);
        return NULL;
    }
    return r;
}

int stats_db_collect(const struct stats_db_query *q, json_t *report, char *err, size_t errlen)
{
    char days[16], top[16];
    snprintf(days, sizeof days, "%d", q->days);
    snprintf(top, sizeof top, "%d", q->top_entities);
    const char *window_params[3] = {days, q->source, top};
    int rc = -EIO;
    PGresult *r = NULL;
    PGconn *pg = PQconnectdb(q->conninfo);
    if (PQstatus(pg) != CONNECTION_OK) {
        snprintf(err, errlen, "cannot connect to PostgreSQL: %s", PQerrorMessage(pg));
        goto out;
    }
    if ((r = query(pg, days_sql, 2, window_params, err, errlen)) == NULL) {
        goto out;
    }
    json_t *list = json_array();
    for (int i = 0; i < PQntuples(r); i++) {
        json_array_append_new(list, json_pack("{s:o, s:o, s:I, s:I}", "day", text_at(r, i, 0),
                                              "source", text_at(r, i, 1), "articles",
                                              int_at(r, i, 2), "revised", int_at(r, i, 3)));
    }
    json_object_set_new(report, "days", list);
    PQclear(r);
    if ((r = query(pg, sources_sql, 1, &q->source, err, errlen)) == NULL) {
        goto out;
    }
    list = json_array();
    for (int i = 0; i < PQntuples(r); i++) {
        json_array_append_new(list, json_pack("{s:o, s:I, s:I, s:o}", "source", text_at(r, i, 0),
                                              "articles", int_at(r, i, 1), "revised",
                                              int_at(r, i, 2), "last_update", text_at(r, i, 3)));
    }
    json_object_set_new(report, "sources", list);
    PQclear(r);
    r = NULL;
    list = json_array();
    if (q->top_entities > 0) {
        if ((r = query(pg, entities_sql, 3, window_params, err, errlen)) == NULL) {
            json_decref(list);
            goto out;
        }
        for (int i = 0; i < PQntuples(r); i++) {
            json_array_append_new(list,
                                  json_pack("{s:o, s:o, s:I}", "type", text_at(r, i, 0), "name",
                                            text_at(r, i, 1), "articles", int_at(r, i, 2)));
        }
    }
    json_object_set_new(report, "top_entities", list);
    rc = 0;
out:
    PQclear(r);
    PQfinish(pg);
    return rc;
}
