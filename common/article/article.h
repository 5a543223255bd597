/*
 * article: parses and validates one raw submission (schemas/raw-article.schema.json) from the
 * bytes of a Kafka message, derives its id, and names the reason when it is rejected.
 * No Kafka, no SQL, no logging: callers decide what to do with a rejection.
 *
 * Thread safety: every function is reentrant; a struct article may be read from any thread once
 * article_parse() has returned it.
 */
#ifndef ARTICLE_H
#define ARTICLE_H

#include <stddef.h>
#include <jansson.h>

#include "enrich.h"

/* Why a submission was rejected. The string form (article_reason_code) is the stable contract
 * written to the dead-letter topic's `ingest.reason` header and documented in the README. */
enum article_reason {
    ARTICLE_OK = 0,
    ARTICLE_EMPTY_MESSAGE, /* "empty_message": zero bytes */
    ARTICLE_TOO_LARGE,     /* "too_large": message or field over its byte limit */
    ARTICLE_INVALID_UTF8,  /* "invalid_utf8": bytes that are not UTF-8 */
    ARTICLE_INVALID_JSON,  /* "invalid_json": not parseable as JSON (or nested too deep) */
    ARTICLE_NOT_AN_OBJECT, /* "not_an_object": valid JSON, but not an object */
    ARTICLE_MISSING_FIELD, /* "missing_field": a required field is absent */
    ARTICLE_WRONG_TYPE,    /* "wrong_type": a field has the wrong JSON type */
    ARTICLE_EMPTY_BODY,    /* "empty_body": body is empty or only whitespace */
    ARTICLE_INVALID_VALUE, /* "invalid_value": right type, value outside what is allowed */
    ARTICLE_UNKNOWN_FIELD, /* "unknown_field": a key the schema does not define */
    ARTICLE_DUPLICATE_KEY, /* "duplicate_key": the same key twice in one object */
    ARTICLE_REASON_COUNT
};

/* Return codes of article_parse(). */
#define ARTICLE_ERR_REJECTED (-22) /* -EINVAL: the submission is invalid; err says why */
#define ARTICLE_ERR_NOMEM    (-12) /* -ENOMEM: not the submission's fault; retry, never DLQ */

#define ARTICLE_ID_MAX                128 /* bytes of a submitted id */
#define ARTICLE_SOURCE_MAX            100 /* bytes of source */
#define ARTICLE_DEFAULT_MESSAGE_BYTES (1024 * 1024)
#define ARTICLE_DEFAULT_FIELD_BYTES   (8 * 1024)

struct article_limits {
    size_t max_message_bytes; /* whole message; default 1 MiB (INGEST_MAX_MESSAGE_BYTES) */
    size_t max_field_bytes;   /* each string field but body, after JSON unescaping; 8 KiB */
};

/* Fills *lim with the defaults above. */
void article_limits_default(struct article_limits *lim);

struct article_error {
    enum article_reason reason;
    char path[128];    /* JSON pointer of the offending field ("/body"), "" for the whole message;
                        * valid UTF-8, cut at a character boundary when longer */
    char message[256]; /* one human sentence, e.g. "field body must be a string, got number";
                        * valid UTF-8, cut at a character boundary when longer */
};

/* A validated submission. Owns its parsed JSON; every string in `sub` borrows from it. */
struct article {
    json_t *raw;                  /* the parsed submission (owned; do not modify) */
    char id[ARTICLE_ID_MAX + 1];  /* submitted id, or derived (see article_derive_id) */
    int id_derived;               /* 1 when id was derived */
    struct enrich_submission sub; /* ready for enrich_article(); borrows from raw and id, valid
                                   * until article_free(). Absent optional fields are NULL, except
                                   * content_type, which defaults to "text/plain"; an empty or
                                   * all-whitespace title or byline counts as absent. */
};

/*
 * Parses buf[0..len) (any bytes; need not be NUL-terminated). On success returns 0 and *out
 * (caller frees with article_free()). Otherwise leaves *out NULL and returns
 * ARTICLE_ERR_REJECTED with *err filled in, or ARTICLE_ERR_NOMEM (err->reason is ARTICLE_OK).
 * lim may be NULL for the defaults.
 *
 * Checks run in this order and the first failure wins: size (empty_message, too_large), UTF-8,
 * JSON syntax (invalid_json, also for nesting deeper than 2048 levels; duplicate_key; a number
 * too large to represent is invalid_value), not_an_object, unknown_field (first in document
 * order), missing_field (source, then body), then each field in schema order (source, body, id,
 * url, title, published_at, lang, content_type, byline): wrong_type, invalid_value for a NUL
 * character, too_large, invalid_value, empty_body. The path of a syntax or UTF-8 error is the
 * member being read where the text breaks ("/body"), "" at the top level.
 */
int article_parse(const void *buf, size_t len, const struct article_limits *lim,
                  struct article **out, struct article_error *err);

/* Frees a from article_parse(); NULL is allowed. */
void article_free(struct article *a);

/* Stable snake_case name of a reason ("invalid_json"; "ok" for ARTICLE_OK). Never NULL. */
const char *article_reason_code(enum article_reason r);

/*
 * Deterministic id when none is submitted: "<source>-" followed by the first 16 hex digits of
 * SHA-256 over source + "\n" + url when url is non-NULL, else over source + "\n" +
 * body[0..body_len). The bytes are hashed exactly as submitted (before any normalization). Writes a
 * NUL-terminated string to out. Returns 0, -ENOSPC when cap is too small (strlen(source) + 18 bytes
 * are needed), or -EIO when hashing failed.
 */
int article_derive_id(const char *source, const char *url, const char *body, size_t body_len,
                      char *out, size_t cap);

/* Replaces, in place, every byte of the NUL-terminated s that is not part of well-formed UTF-8
 * with '?', so that a message built from outside bytes can go where only text is accepted. */
void article_utf8_sanitize(char *s);

#endif
