/*
 * article: parses and validates one raw submission (schemas/raw-article.schema.json) from the
 * bytes of a Kafka message, derives its id, and names the reason when it is rejected.
 * No Kafka, no SQL, no logging: callers decide what to do with a rejection.
 */
#ifndef ARTICLE_H
#define ARTICLE_H

#include <stddef.h>
#include <jansson.h>

#include "enrich.h"

/* Why a submission was rejected. The string form (article_reason_code) is the stable contract
 * written to the dead-letter topic's `reason` header and documented in the README. */
enum article_reason {
    ARTICLE_OK = 0,
    ARTICLE_EMPTY_MESSAGE, /* "empty_message": zero bytes */
    ARTICLE_TOO_LARGE,     /* "too_large": message or field over its limit */
    ARTICLE_INVALID_UTF8,  /* "invalid_utf8": bytes that are not UTF-8 */
    ARTICLE_INVALID_JSON,  /* "invalid_json": not parseable as JSON */
    ARTICLE_NOT_AN_OBJECT, /* "not_an_object": valid JSON, but not an object */
    ARTICLE_MISSING_FIELD, /* "missing_field": a required field is absent */
    ARTICLE_WRONG_TYPE,    /* "wrong_type": a field has the wrong JSON type */
    ARTICLE_EMPTY_BODY,    /* "empty_body": body is empty or only whitespace */
    ARTICLE_INVALID_VALUE, /* "invalid_value": right type, value outside what is allowed */
    ARTICLE_UNKNOWN_FIELD, /* "unknown_field": a key the schema does not define */
    ARTICLE_DUPLICATE_KEY, /* "duplicate_key": the same key twice in the object */
    ARTICLE_REASON_COUNT
};

struct article_limits {
    size_t max_message_bytes; /* default 1 MiB */
    size_t max_field_bytes;   /* for every field but body; default 8 KiB */
};

void article_limits_default(struct article_limits *lim);

struct article_error {
    enum article_reason reason;
    char path[128];    /* JSON pointer of the offending field ("/body"), "" for the whole message */
    char message[256]; /* one human sentence, e.g. "field body must be a string, got number" */
};

/* A validated submission. Owns its parsed JSON; every string in `sub` borrows from it. */
struct article {
    json_t *raw;                  /* the parsed submission (owned) */
    char id[128];                 /* submitted id, or derived (see article_derive_id) */
    int id_derived;               /* 1 when id was derived */
    struct enrich_submission sub; /* ready for enrich_article(); borrows from raw and id */
};

/*
 * Parses buf[0..len). On success returns 0 and *out (caller frees with article_free()).
 * On rejection returns a negative code, fills *err, and leaves *out NULL.
 */
int article_parse(const void *buf, size_t len, const struct article_limits *lim,
                  struct article **out, struct article_error *err);
void article_free(struct article *a);

/* Stable snake_case name of a reason ("invalid_json"). Never NULL. */
const char *article_reason_code(enum article_reason r);

/*
 * Deterministic id when none is submitted: "<source>-" followed by 16 hex digits of a SHA-256
 * over source + "\n" + url when url is present, else over source + "\n" + body.
 * Writes a NUL-terminated string to out (cap >= 64). Returns 0 or a negative code.
 */
int article_derive_id(const char *source, const char *url, const char *body, size_t body_len,
                      char *out, size_t cap);

#endif
