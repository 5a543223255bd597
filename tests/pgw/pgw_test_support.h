/*
 * Shared by the pgw tests and the pgw benchmark: the database under test, a loop runner, and
 * realistic rows. Test code: it may block and print; the library may not.
 */
#ifndef PGW_TEST_SUPPORT_H
#define PGW_TEST_SUPPORT_H

#include <jansson.h>
#include <libpq-fe.h>
#include <stdbool.h>
#include <uv.h>

#include "pgw.h"

#define PGW_TEST_DEFAULT_CONNINFO                                                                  \
    "host=127.0.0.1 port=55432 dbname=newsingest user=ingest password=ingest"

/* INGEST_PG_CONNINFO, or the local stack's default. Borrowed, static. */
const char *pgw_test_conninfo(void);

/* The source tree (INGEST_SOURCE_DIR). Borrowed, static. */
const char *pgw_test_source_dir(void);

/* A blocking connection for checking what pgw wrote. NULL, with a message on stderr saying how
 * to start the database, when it is unreachable. Caller frees with PQfinish. */
PGconn *pgw_test_connect(const char *conninfo);

/* Applies schemas/migrations to the default schema (the writer's tests need them). Returns 0
 * or negative, with the reason on stderr. */
int pgw_test_migrate(void);

/* Runs the loop until *done is true or timeout_ms passes. Returns true when *done. */
bool pgw_test_run_until(uv_loop_t *loop, const bool *done, unsigned timeout_ms);

/* Runs the loop until it has nothing left and closes it; returns uv_loop_close()'s result. */
int pgw_test_loop_finish(uv_loop_t *loop);

/* A prefix unique to this run ("pgwt-<pid>-<seconds>-"), so reruns never collide. */
const char *pgw_test_prefix(void);

/* One query's single value as a new string (caller frees), or NULL (SQL NULL or error). */
char *pgw_test_value(PGconn *conn, const char *sql, const char *param);
long pgw_test_count(PGconn *conn, const char *sql, const char *param);

/*
 * A realistic enriched record: text of about text_bytes bytes built from the Vietnamese sample
 * article and variant, with n_entities entities, n_dates dates and n_figures figures whose
 * offsets lie inside the text. Caller owns the result (json_decref).
 */
json_t *pgw_test_enriched(const char *id, unsigned variant, size_t text_bytes, unsigned n_entities,
                          unsigned n_dates, unsigned n_figures);

/* A row for id built from an enriched record; every string is owned by *store (free with
 * pgw_test_row_free). */
struct pgw_test_row {
    struct pgw_row row;
    char *raw_json;
    char *enriched_json;
    char hash[65];
    struct pgw_details details; /* row.details points here when pgw_test_details() */
};

/* Whether rows carry their detail rows (written by COPY) rather than leaving them to the SQL
 * function: PGW_TEST_DETAILS=1 in the environment. The writer's tests run both ways. */
bool pgw_test_details(void);
int pgw_test_row_make(struct pgw_test_row *tr, const char *id, json_t *enriched, int64_t offset);
void pgw_test_row_free(struct pgw_test_row *tr);

#endif
