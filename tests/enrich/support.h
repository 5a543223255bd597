/*
 * Helpers shared by the enrich tests (support_*.c are linked into every test executable of this
 * folder): reading fixtures, checking a record against an "expected" file, checking the
 * invariants every record must keep, and validating against the record's JSON Schema.
 */
#ifndef ENRICH_TEST_SUPPORT_H
#define ENRICH_TEST_SUPPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <jansson.h>

#include "enrich.h"

/* Reads a whole file; caller frees. NULL when it cannot be read. *len gets its size. */
char *support_read_file(const char *path, size_t *len);

/* Absolute path of a file in the source tree (INGEST_SOURCE_DIR); static buffer per call. */
const char *support_source_path(const char *relative, char *buf, size_t cap);

/* The record schema, loaded once; borrowed. */
json_t *support_schema(void);

/*
 * Validates instance against schema (the subset of JSON Schema 2020-12 the record schema uses:
 * type, const, enum, required, properties, additionalProperties, items, minimum, maximum,
 * minLength, pattern, $ref into $defs; annotations ignored). A keyword outside that subset is
 * itself an error, so that the schema cannot say more than this checker checks. Appends one
 * message per violation to errors; returns how many.
 */
int support_schema_validate(json_t *schema, json_t *instance, json_t *errors);

/*
 * Invariants of any record: valid against the schema, text well-formed UTF-8 without control
 * characters but '\n', and every span with offsets slicing text (in code points) to exactly
 * its own text. Prints each failure prefixed with name; returns the number of failures.
 */
int support_check_invariants(const char *name, json_t *record);

/*
 * Compares record with an expected file in the seed's "must include" format (see
 * tests/enrich/articles/README.md). Prints each failure; returns the number of failures.
 */
int support_check_expected(const char *name, json_t *record, json_t *expected);

/*
 * Runs one whole-article case: expected_path is NAME.expected.json; the body is NAME.txt or
 * NAME.html beside it, or body_path when not NULL. Enriches with e, then checks invariants and
 * expectations. Returns the number of failures (a broken case file counts as one).
 */
int support_run_case(const struct enrich *e, const char *expected_path, const char *body_path);

#endif
