/*
 * enrich: turns one raw article submission into the enriched record described by
 * schemas/enriched-article.schema.json. Knows nothing of Kafka or SQL; callable from a test,
 * the CLI or a worker thread on a plain string.
 *
 * Thread safety: any number of threads may call enrich_article() on the same instance at once.
 * The gazetteers are immutable after enrich_create(); the only state that changes is a pool of
 * working memory (one scratch per thread that calls at once, up to 16 kept, each holding at
 * most about 1 MB per buffer between calls), which each call takes from and gives back to
 * without a lock, so that an article's large buffers are not allocated anew. enrich_destroy()
 * frees it.
 */
#ifndef ENRICH_H
#define ENRICH_H

#include <stddef.h>
#include <jansson.h>

#define ENRICH_SCHEMA_VERSION 1

/* Error codes: negative, so that 0 means success. */
#define ENRICH_ERR_NOMEM   (-12) /* out of memory */
#define ENRICH_ERR_INVALID (-22) /* input breaks a precondition (NULL body, invalid UTF-8) */

/*
 * A validated raw submission. Every string is borrowed, UTF-8, NUL-terminated, and may be NULL
 * when the field was absent, except id, source and body which are always set. body_len is the
 * body's length in bytes (the body may not contain NUL; validation rejects that earlier).
 */
struct enrich_submission {
    const char *id;
    const char *source;
    const char *url;
    const char *title;
    const char *published_at; /* as submitted, ISO 8601; NULL when absent */
    const char *lang;         /* "vi" or "en"; NULL means detect */
    const char *content_type; /* "text/plain" (default) or "text/html" */
    const char *byline;
    const char *body;
    size_t body_len;
};

struct enrich;

/* Builds the gazetteers and lookup tables. Caller frees with enrich_destroy(). */
int enrich_create(struct enrich **out);
void enrich_destroy(struct enrich *e);

/*
 * Enriches one submission. On success *out is a new reference to the record (a JSON object
 * valid against schemas/enriched-article.schema.json); the caller releases it with json_decref().
 * Returns 0, ENRICH_ERR_NOMEM or ENRICH_ERR_INVALID.
 */
int enrich_article(const struct enrich *e, const struct enrich_submission *sub, json_t **out);

/*
 * JSON text exactly as json_dumps(json, flags) writes it, with about a quarter of its
 * instructions for an enriched record: for the record (JSON_COMPACT | JSON_REAL_PRECISION(15)
 * in ingestd) and for any other value that is written compact, such as the raw submission
 * (JSON_COMPACT | JSON_SORT_KEYS). flags must hold JSON_COMPACT and may hold JSON_SORT_KEYS,
 * JSON_REAL_PRECISION(n), JSON_ENCODE_ANY and JSON_PRESERVE_ORDER, nothing else.
 * On success *out is a new NUL-terminated string of *len bytes; the caller frees it with
 * free(). Returns 0, ENRICH_ERR_NOMEM, or ENRICH_ERR_INVALID where json_dumps() would return
 * NULL (a string that is not UTF-8, a cycle, a scalar without JSON_ENCODE_ANY) or for flags it
 * does not take; *out is then NULL.
 */
int enrich_json_dumps(const json_t *json, size_t flags, char **out, size_t *len);

#endif
