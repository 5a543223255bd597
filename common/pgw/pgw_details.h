/*
 * The detail rows of an enriched record (article_entities, article_dates, article_figures),
 * computed by the client exactly as the SQL function ingest_upsert_article() (migrations
 * 003-005) computes them from the record's JSON, as lines of COPY's text format. pgw writes
 * them with COPY instead of letting the function parse the JSON on the server, which halves
 * the server's CPU per article (issue 4; tests/bench/e2e.d/sql_upsert.py measured both).
 *
 * Each line is one row without its article_id column (pgw puts the article's id in front of
 * every line): the remaining columns in table order, tab-separated, escaped for COPY, ending
 * in "\n".
 */
#ifndef PGW_DETAILS_H
#define PGW_DETAILS_H

#include <jansson.h>
#include <stddef.h>

enum pgw_detail_table {
    PGW_DETAIL_ENTITIES = 0,
    PGW_DETAIL_DATES,
    PGW_DETAIL_FIGURES,
    PGW_DETAIL_TABLES
};

struct pgw_details {
    char *text;                    /* the tables' lines, one table after the other in enum
                                      order; malloc'd, owned (pgw_details_clear) */
    size_t len[PGW_DETAIL_TABLES]; /* bytes of each table's lines */
    unsigned rows[PGW_DETAIL_TABLES];
};

/*
 * Builds the detail rows of record. dump_flags are the jansson flags the record is serialized
 * with for the database (JSON_REAL_PRECISION matters: a figure's value is the number as that
 * JSON writes it). Returns 0; -EINVAL when the record holds a value that the SQL function would
 * read in a way this does not reproduce (then the caller lets the function compute the rows);
 * -ENOMEM. On success out->text is never NULL (even with no rows); on error *out is left empty.
 */
int pgw_details_build(const json_t *record, size_t dump_flags, struct pgw_details *out);

/* The COPY statement for table t: "COPY article_entities (article_id, ordinal, ...) FROM
 * STDIN". Static. */
const char *pgw_details_copy_sql(enum pgw_detail_table t);

/* Writes the n bytes of s escaped for COPY's text format (backslash, tab, newline, carriage
 * return) to out, which has room for 2 * n bytes; returns the bytes written. */
size_t pgw_details_escape(const char *s, size_t n, char *out);

/* Frees d's text and empties it; d may be empty already. */
void pgw_details_clear(struct pgw_details *d);

#endif
