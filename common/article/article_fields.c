#include "article_internal.h"

#include <stddef.h>
#include <stdio.h>
#include <string.h>

typedef bool (*value_check_fn)(const char *s, size_t len, char *why, size_t cap);

/* The schema's properties, in the order they are checked and documented
 * (schemas/raw-article.schema.json; tests/article checks the two agree). */
struct field {
    const char *name;
    bool required;
    bool size_limited;    /* max_field_bytes applies (all but body) */
    bool blank_is_absent; /* an all-whitespace value is treated as absent */
    value_check_fn check; /* NULL: any string */
    size_t sub_offset;    /* where the value goes in struct enrich_submission */
};

#define SUB(member) offsetof(struct enrich_submission, member)

static const struct field fields[] = {
    {"source", true, true, false, article_value_source, SUB(source)},
    {"body", true, false, false, NULL, SUB(body)},
    {"id", false, true, false, article_value_id, SUB(id)},
    {"url", false, true, false, article_value_url, SUB(url)},
    {"title", false, true, true, NULL, SUB(title)},
    {"published_at", false, true, false, article_value_published_at, SUB(published_at)},
    {"lang", false, true, false, article_value_lang, SUB(lang)},
    {"content_type", false, true, false, article_value_content_type, SUB(content_type)},
    {"byline", false, true, true, NULL, SUB(byline)},
};

#define FIELD_COUNT (sizeof fields / sizeof fields[0])

size_t article_field_count(void)
{
    return FIELD_COUNT;
}

const char *article_field_name(size_t i)
{
    return i < FIELD_COUNT ? fields[i].name : NULL;
}

static const char *json_type_name(const json_t *v)
{
    switch (json_typeof(v)) {
    case JSON_OBJECT:
        return "object";
    case JSON_ARRAY:
        return "array";
    case JSON_STRING:
        return "string";
    case JSON_INTEGER:
    case JSON_REAL:
        return "number";
    case JSON_TRUE:
    case JSON_FALSE:
        return "boolean";
    case JSON_NULL:
        return "null";
    }
    return "unknown";
}

static const struct field *field_find(const char *key, size_t len)
{
    for (size_t i = 0; i < FIELD_COUNT; i++) {
        if (strlen(fields[i].name) == len && memcmp(fields[i].name, key, len) == 0) {
            return &fields[i];
        }
    }
    return NULL;
}

static char lower_ascii(char c)
{
    return (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
}

/* Levenshtein distance between a (ASCII-folded) and b, both at most 31 bytes. */
static size_t edit_distance(const char *a, size_t alen, const char *b, size_t blen)
{
    size_t row[32];
    for (size_t j = 0; j <= blen; j++) {
        row[j] = j;
    }
    for (size_t i = 1; i <= alen; i++) {
        size_t diag = row[0];
        row[0] = i;
        for (size_t j = 1; j <= blen; j++) {
            size_t up = row[j];
            size_t cost = lower_ascii(a[i - 1]) == b[j - 1] ? 0 : 1;
            size_t best = diag + cost;
            if (up + 1 < best) {
                best = up + 1;
            }
            if (row[j - 1] + 1 < best) {
                best = row[j - 1] + 1;
            }
            row[j] = best;
            diag = up;
        }
    }
    return row[blen];
}

/* The schema field a mistyped key most likely meant ("titel" -> "title"), or NULL. */
static const char *field_suggest(const char *key, size_t len)
{
    if (len == 0 || len > 31) {
        return NULL;
    }
    const char *best = NULL;
    size_t best_distance = 3; /* more than two edits away is a different word */
    for (size_t i = 0; i < FIELD_COUNT; i++) {
        size_t d = edit_distance(key, len, fields[i].name, strlen(fields[i].name));
        if (d < best_distance) {
            best_distance = d;
            best = fields[i].name;
        }
    }
    return best;
}

/* How many bytes of s[0..len) to quote in a message: at most max, ending on a character. */
static int quote_len(const char *s, size_t len, size_t max)
{
    if (len <= max) {
        return (int)len;
    }
    size_t n = max;
    while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80) {
        n--;
    }
    return (int)n;
}

static int check_unknown_keys(json_t *root, struct article_error *err)
{
    for (void *it = json_object_iter(root); it != NULL; it = json_object_iter_next(root, it)) {
        const char *key = json_object_iter_key(it);
        size_t len = json_object_iter_key_len(it);
        if (field_find(key, len) != NULL) {
            continue;
        }
        char path[sizeof err->path] = "";
        article_pointer_append(path, sizeof path, key, len);
        int shown = quote_len(key, len, 64);
        const char *more = (size_t)shown < len ? "..." : "";
        const char *guess = field_suggest(key, len);
        if (guess != NULL) {
            return article_reject(err, ARTICLE_UNKNOWN_FIELD, path,
                                  "unknown field \"%.*s%s\"; did you mean \"%s\"?", shown, key,
                                  more, guess);
        }
        return article_reject(err, ARTICLE_UNKNOWN_FIELD, path,
                              "unknown field \"%.*s%s\"; the schema allows source, body, id, url, "
                              "title, published_at, lang, content_type and byline",
                              shown, key, more);
    }
    return 0;
}

static int check_field(const struct field *f, json_t *v, const struct article_limits *lim,
                       struct enrich_submission *sub, struct article_error *err)
{
    char path[64];
    snprintf(path, sizeof path, "/%s", f->name);
    if (json_is_null(v) && !f->required) {
        return 0; /* null means absent for an optional field */
    }
    if (!json_is_string(v)) {
        return article_reject(err, ARTICLE_WRONG_TYPE, path, "field %s must be a string, got %s",
                              f->name, json_type_name(v));
    }
    const char *s = json_string_value(v);
    size_t len = json_string_length(v);
    if (strlen(s) != len) {
        return article_reject(err, ARTICLE_INVALID_VALUE, path,
                              "field %s contains a NUL character (\\u0000)", f->name);
    }
    if (f->size_limited && len > lim->max_field_bytes) {
        return article_reject(err, ARTICLE_TOO_LARGE, path,
                              "field %s is %zu bytes, over the limit of %zu", f->name, len,
                              lim->max_field_bytes);
    }
    char why[200];
    if (f->check != NULL && !f->check(s, len, why, sizeof why)) {
        return article_reject(err, ARTICLE_INVALID_VALUE, path, "field %s %s", f->name, why);
    }
    if (f->blank_is_absent && article_text_is_blank(s, len)) {
        return 0;
    }
    *(const char **)((char *)sub + f->sub_offset) = s;
    if (f->sub_offset == SUB(body)) {
        if (len == 0) {
            return article_reject(err, ARTICLE_EMPTY_BODY, path, "field body is empty");
        }
        if (article_text_is_blank(s, len)) {
            return article_reject(err, ARTICLE_EMPTY_BODY, path,
                                  "field body holds only whitespace (%zu bytes)", len);
        }
        sub->body_len = len;
    }
    return 0;
}

int article_fields_check(json_t *root, const struct article_limits *lim, struct article *a,
                         struct article_error *err)
{
    int rc = check_unknown_keys(root, err);
    if (rc != 0) {
        return rc;
    }
    for (size_t i = 0; i < FIELD_COUNT; i++) {
        if (fields[i].required && json_object_get(root, fields[i].name) == NULL) {
            char path[64];
            snprintf(path, sizeof path, "/%s", fields[i].name);
            return article_reject(err, ARTICLE_MISSING_FIELD, path, "required field %s is missing",
                                  fields[i].name);
        }
    }
    memset(&a->sub, 0, sizeof a->sub);
    for (size_t i = 0; i < FIELD_COUNT; i++) {
        json_t *v = json_object_get(root, fields[i].name);
        if (v == NULL) {
            continue;
        }
        rc = check_field(&fields[i], v, lim, &a->sub, err);
        if (rc != 0) {
            return rc;
        }
    }
    if (a->sub.content_type == NULL) {
        a->sub.content_type = "text/plain";
    }
    return 0;
}
