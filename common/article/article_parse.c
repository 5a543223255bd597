#include "article_internal.h"

#include <stdlib.h>
#include <string.h>

/* Turns a jansson load error into our reason. Duplicate keys, NUL bytes in keys and numbers
 * out of range are valid JSON grammar that jansson refuses; the rest are syntax errors. */
static int reject_load_error(const char *buf, size_t len, const json_error_t *jerr,
                             struct article_error *err)
{
    size_t pos = jerr->position > 0 ? (size_t)jerr->position : 0;
    char path[sizeof err->path];
    article_pointer_at(buf, len, pos, path, sizeof path);
    char text[JSON_ERROR_TEXT_LENGTH];
    memcpy(text, jerr->text, sizeof text);
    text[sizeof text - 1] = '\0'; /* the last byte holds the error code, not text */
    article_utf8_trim_partial(text);
    switch (json_error_code(jerr)) {
    case json_error_out_of_memory:
        err->reason = ARTICLE_OK;
        return ARTICLE_ERR_NOMEM;
    case json_error_duplicate_key:
        return article_reject(err, ARTICLE_DUPLICATE_KEY, path,
                              "key %s appears twice in one object (at byte %zu)",
                              path[0] != '\0' ? path : "\"\"", pos);
    case json_error_stack_overflow:
        return article_reject(err, ARTICLE_INVALID_JSON, "",
                              "invalid JSON: nested too deep (more than %d levels) at byte %zu",
                              JSON_PARSER_MAX_DEPTH, pos);
    case json_error_invalid_utf8:
        /* Not reached: the bytes were checked before parsing. Kept for a complete mapping. */
        return article_reject(err, ARTICLE_INVALID_UTF8, path, "invalid UTF-8 at byte %zu", pos);
    case json_error_numeric_overflow:
        return article_reject(err, ARTICLE_INVALID_VALUE, path,
                              "number out of range at byte %zu (%s)", pos, text);
    case json_error_null_byte_in_key:
        return article_reject(err, ARTICLE_INVALID_JSON, path,
                              "invalid JSON: an object key contains \\u0000 (at byte %zu)", pos);
    default:
        return article_reject(err, ARTICLE_INVALID_JSON, path, "invalid JSON at byte %zu: %s", pos,
                              text);
    }
}

static const char *top_level_type(const json_t *v)
{
    if (json_is_array(v)) {
        return "an array";
    }
    if (json_is_string(v)) {
        return "a string";
    }
    if (json_is_number(v)) {
        return "a number";
    }
    if (json_is_boolean(v)) {
        return "a boolean";
    }
    return "null";
}

int article_parse(const void *buf, size_t len, const struct article_limits *lim,
                  struct article **out, struct article_error *err)
{
    struct article_limits defaults;
    *out = NULL;
    memset(err, 0, sizeof *err);
    if (lim == NULL) {
        article_limits_default(&defaults);
        lim = &defaults;
    }
    if (len == 0) {
        return article_reject(err, ARTICLE_EMPTY_MESSAGE, "", "the message is empty (0 bytes)");
    }
    if (len > lim->max_message_bytes) {
        return article_reject(err, ARTICLE_TOO_LARGE, "",
                              "the message is %zu bytes, over the limit of %zu", len,
                              lim->max_message_bytes);
    }
    /* jansson would reject these too, but as a syntax error without saying what is wrong. */
    size_t bad = article_utf8_invalid_at(buf, len);
    if (bad < len) {
        char path[sizeof err->path];
        article_pointer_at(buf, len, bad, path, sizeof path);
        return article_reject(err, ARTICLE_INVALID_UTF8, path,
                              "invalid UTF-8: byte 0x%02X at byte %zu does not start or continue "
                              "a valid sequence",
                              ((const unsigned char *)buf)[bad], bad);
    }
    /* JSON_ALLOW_NUL lets "\u0000" through so that it is reported as an invalid value at its
     * field's path rather than as a syntax error somewhere in the message. */
    json_error_t jerr;
    json_t *root =
        json_loadb(buf, len, JSON_REJECT_DUPLICATES | JSON_DECODE_ANY | JSON_ALLOW_NUL, &jerr);
    if (root == NULL) {
        return reject_load_error(buf, len, &jerr, err);
    }
    if (!json_is_object(root)) {
        int rc = article_reject(err, ARTICLE_NOT_AN_OBJECT, "",
                                "a submission must be a JSON object, got %s", top_level_type(root));
        json_decref(root);
        return rc;
    }
    struct article *a = calloc(1, sizeof *a);
    if (a == NULL) {
        json_decref(root);
        return ARTICLE_ERR_NOMEM;
    }
    a->raw = root;
    root = NULL;
    int rc = article_fields_check(a->raw, lim, a, err);
    if (rc != 0) {
        goto fail;
    }
    if (a->sub.id != NULL) {
        /* Copied so that a->id is always the id, submitted or derived. */
        memcpy(a->id, a->sub.id, strlen(a->sub.id) + 1);
    } else {
        rc = article_derive_id(a->sub.source, a->sub.url, a->sub.body, a->sub.body_len, a->id,
                               sizeof a->id);
        if (rc != 0) {
            /* Only hashing can fail here (source fits by its length limit): not the input's
             * fault, so it is reported like a lack of memory. */
            rc = ARTICLE_ERR_NOMEM;
            goto fail;
        }
        a->id_derived = 1;
    }
    a->sub.id = a->id;
    *out = a;
    return 0;

fail:
    article_free(a);
    return rc;
}

void article_free(struct article *a)
{
    if (a == NULL) {
        return;
    }
    json_decref(a->raw);
    free(a);
}
