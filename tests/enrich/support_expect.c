/*
 * The whole-article checker shared by test_seed and test_articles: record invariants, and the
 * seed's "must include" expectations (tests/enrich/articles/README.md documents the format).
 */
#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "support.h"

char *support_read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        return NULL;
    }
    size_t cap = 1 << 16, n = 0;
    char *buf = malloc(cap + 1);
    while (buf != NULL) {
        size_t got = fread(buf + n, 1, cap - n, f);
        n += got;
        if (n < cap) {
            break;
        }
        cap *= 2;
        char *grown = realloc(buf, cap + 1);
        if (grown == NULL) {
            free(buf);
            buf = NULL;
            break;
        }
        buf = grown;
    }
    fclose(f);
    if (buf != NULL) {
        buf[n] = '\0';
        *len = n;
    }
    return buf;
}

const char *support_source_path(const char *relative, char *buf, size_t cap)
{
    const char *root = getenv("INGEST_SOURCE_DIR");
#ifdef INGEST_SOURCE_DIR
    if (root == NULL) {
        root = INGEST_SOURCE_DIR;
    }
#endif
    snprintf(buf, cap, "%s/%s", root ? root : ".", relative);
    return buf;
}

/* ---- invariants ---- */

static bool utf8_ok(const unsigned char *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        unsigned char c = s[i];
        size_t len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
        if (len == 0 || i + len > n || (len == 2 && c < 0xC2)) {
            return false;
        }
        unsigned cp = len == 1 ? c : c & (0x7F >> len);
        for (size_t k = 1; k < len; k++) {
            if ((s[i + k] & 0xC0) != 0x80) {
                return false;
            }
            cp = (cp << 6) | (s[i + k] & 0x3F);
        }
        if ((len == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) ||
            (len == 4 && (cp < 0x10000 || cp > 0x10FFFF))) {
            return false;
        }
        if (cp < 0x20 && cp != '\n') {
            return false;
        }
        i += len;
    }
    return true;
}

/* Byte offset of code point cp in s (n bytes), or (size_t)-1 when past the end. */
static size_t byte_of(const char *s, size_t n, long long cp)
{
    long long seen = 0;
    for (size_t i = 0; i <= n; i++) {
        if (i == n || ((unsigned char)s[i] & 0xC0) != 0x80) {
            if (seen == cp) {
                return i;
            }
            seen++;
        }
    }
    return (size_t)-1;
}

static int check_spans(const char *name, const char *key, json_t *record)
{
    json_t *text = json_object_get(record, "text");
    const char *t = json_string_value(text);
    size_t tl = json_string_length(text);
    int failures = 0;
    size_t i;
    json_t *span;
    json_array_foreach(json_object_get(record, key), i, span)
    {
        json_t *js = json_object_get(span, "start"), *je = json_object_get(span, "end");
        const char *st = json_string_value(json_object_get(span, "text"));
        if (json_is_null(js) && json_is_null(je)) {
            continue;
        }
        if (!json_is_integer(js) || !json_is_integer(je) || st == NULL) {
            printf("%s: %s[%zu] has offsets of the wrong type\n", name, key, i);
            failures++;
            continue;
        }
        size_t b = byte_of(t, tl, json_integer_value(js));
        size_t e = byte_of(t, tl, json_integer_value(je));
        if (b == (size_t)-1 || e == (size_t)-1 || e < b || e - b != strlen(st) ||
            memcmp(t + b, st, e - b) != 0) {
            printf("%s: %s[%zu] \"%s\" [%lld, %lld) does not slice text to its text\n", name, key,
                   i, st, json_integer_value(js), json_integer_value(je));
            failures++;
        }
    }
    return failures;
}

int support_check_invariants(const char *name, json_t *record)
{
    int failures = 0;
    json_t *schema = support_schema();
    if (schema == NULL) {
        printf("%s: the record schema cannot be loaded\n", name);
        return 1;
    }
    json_t *errors = json_array();
    failures += support_schema_validate(schema, record, errors);
    size_t i;
    json_t *msg;
    json_array_foreach(errors, i, msg)
    {
        printf("%s: schema: %s\n", name, json_string_value(msg));
    }
    json_decref(errors);
    json_t *text = json_object_get(record, "text");
    if (!json_is_string(text)) {
        return failures + 1;
    }
    if (!utf8_ok((const unsigned char *)json_string_value(text), json_string_length(text))) {
        printf("%s: text is not clean UTF-8\n", name);
        failures++;
    }
    failures += check_spans(name, "entities", record);
    failures += check_spans(name, "dates", record);
    failures += check_spans(name, "figures", record);
    return failures;
}

/* ---- expectations ---- */

static char *dump(json_t *v)
{
    return json_dumps(v, JSON_ENCODE_ANY | JSON_COMPACT);
}

static int report(const char *name, const char *what, json_t *expected, json_t *actual)
{
    char *e = dump(expected), *a = dump(actual);
    printf("%s: %s: expected %s, got %s\n", name, what, e ? e : "?", a ? a : "(absent)");
    free(e);
    free(a);
    return 1;
}

static bool numbers_equal(json_t *a, json_t *b)
{
    if (!json_is_number(a) || !json_is_number(b)) {
        return false;
    }
    double x = json_number_value(a), y = json_number_value(b);
    return fabs(x - y) <= 1e-9 * fmax(1.0, fabs(y));
}

static bool contains_string(json_t *list, const char *s)
{
    size_t i;
    json_t *v;
    json_array_foreach(list, i, v)
    {
        if (json_is_string(v) && strcmp(json_string_value(v), s) == 0) {
            return true;
        }
    }
    return false;
}

/* Does actual have every field of want? Lists in want must be included in actual's lists;
 * "context_contains" is a substring of actual's context. */
static bool matches(json_t *want, json_t *actual)
{
    const char *key;
    json_t *w;
    json_object_foreach(want, key, w)
    {
        if (strcmp(key, "context_contains") == 0) {
            const char *ctx = json_string_value(json_object_get(actual, "context"));
            if (ctx == NULL || strstr(ctx, json_string_value(w)) == NULL) {
                return false;
            }
            continue;
        }
        json_t *a = json_object_get(actual, key);
        if (a == NULL) {
            return false;
        }
        if (json_is_array(w)) {
            size_t i;
            json_t *item;
            json_array_foreach(w, i, item)
            {
                if (!json_is_string(item) || !contains_string(a, json_string_value(item))) {
                    return false;
                }
            }
        } else if (json_is_number(w)) {
            if (!numbers_equal(a, w)) {
                return false;
            }
        } else if (!json_equal(w, a)) {
            return false;
        }
    }
    return true;
}

static json_t *find_match(json_t *list, json_t *want)
{
    size_t i;
    json_t *item;
    json_array_foreach(list, i, item)
    {
        if (matches(want, item)) {
            return item;
        }
    }
    return NULL;
}

/* Every expected item must match some actual one; shows same-typed candidates on failure. */
static int must_include(const char *name, const char *what, json_t *wants, json_t *actual)
{
    int failures = 0;
    size_t i;
    json_t *want;
    json_array_foreach(wants, i, want)
    {
        if (find_match(actual, want) != NULL) {
            continue;
        }
        json_t *near = json_array();
        size_t k;
        json_t *item;
        const char *probe = json_object_get(want, "type") ? "type" : "text";
        json_array_foreach(actual, k, item)
        {
            json_t *p = json_object_get(want, probe);
            if (p == NULL || json_equal(p, json_object_get(item, probe)) ||
                strcmp(what, "dates") == 0 || strcmp(what, "figures") == 0) {
                json_array_append(near, item);
            }
        }
        char label[64];
        snprintf(label, sizeof label, "%s must include", what);
        failures += report(name, label, want, near);
        json_decref(near);
    }
    return failures;
}

static int must_exclude(const char *name, const char *what, json_t *wants, json_t *actual)
{
    int failures = 0;
    size_t i;
    json_t *want;
    json_array_foreach(wants, i, want)
    {
        json_t *hit = find_match(actual, want);
        if (hit != NULL) {
            char label[64];
            snprintf(label, sizeof label, "%s must not include", what);
            failures += report(name, label, want, hit);
        }
    }
    return failures;
}

static int exact(const char *name, const char *key, json_t *expected, json_t *record)
{
    json_t *w = json_object_get(expected, key);
    json_t *a = json_object_get(record, key);
    if (w == NULL) {
        return 0;
    }
    if (a != NULL && json_equal(w, a)) {
        return 0;
    }
    return report(name, key, w, a);
}

static int check_byline(const char *name, json_t *want, json_t *actual)
{
    if (json_is_null(want) || json_is_null(actual) || actual == NULL) {
        return json_equal(want, actual) ? 0 : report(name, "byline", want, actual);
    }
    int failures = 0;
    json_t *raw = json_object_get(want, "raw");
    if (raw != NULL && !json_equal(raw, json_object_get(actual, "raw"))) {
        failures += report(name, "byline.raw", raw, json_object_get(actual, "raw"));
    }
    json_t *authors = json_object_get(want, "authors");
    if (authors != NULL && !json_equal(authors, json_object_get(actual, "authors"))) {
        failures += report(name, "byline.authors", authors, json_object_get(actual, "authors"));
    }
    /* Roles are a set. */
    json_t *roles = json_object_get(want, "roles");
    json_t *got = json_object_get(actual, "roles");
    if (roles != NULL) {
        bool same = json_array_size(roles) == json_array_size(got);
        size_t i;
        json_t *r;
        json_array_foreach(roles, i, r)
        {
            same &= contains_string(got, json_string_value(r));
        }
        if (!same) {
            failures += report(name, "byline.roles", roles, got);
        }
    }
    return failures;
}

static int text_checks(const char *name, json_t *expected, const char *text)
{
    int failures = 0;
    size_t i;
    json_t *s;
    json_array_foreach(json_object_get(expected, "text_must_not_contain"), i, s)
    {
        if (strstr(text, json_string_value(s)) != NULL) {
            printf("%s: text must not contain \"%s\"\n", name, json_string_value(s));
            failures++;
        }
    }
    json_array_foreach(json_object_get(expected, "text_must_contain"), i, s)
    {
        if (strstr(text, json_string_value(s)) == NULL) {
            printf("%s: text must contain \"%s\"\n", name, json_string_value(s));
            failures++;
        }
    }
    json_t *starts = json_object_get(expected, "text_starts_with");
    if (starts != NULL &&
        strncmp(text, json_string_value(starts), json_string_length(starts)) != 0) {
        printf("%s: text must start with \"%s\"; it starts \"%.80s\"\n", name,
               json_string_value(starts), text);
        failures++;
    }
    json_t *ends = json_object_get(expected, "text_ends_with");
    if (ends != NULL) {
        size_t tl = strlen(text), el = json_string_length(ends);
        if (tl < el || strcmp(text + tl - el, json_string_value(ends)) != 0) {
            printf("%s: text must end with \"%s\"; it ends \"%s\"\n", name, json_string_value(ends),
                   tl > 80 ? text + tl - 80 : text);
            failures++;
        }
    }
    return failures;
}

static int value_lists(const char *name, json_t *expected, json_t *record)
{
    int failures = 0;
    size_t i;
    json_t *v;
    json_array_foreach(json_object_get(expected, "figures_must_not_have_values"), i, v)
    {
        size_t k;
        json_t *f;
        json_array_foreach(json_object_get(record, "figures"), k, f)
        {
            if (numbers_equal(json_object_get(f, "value"), v)) {
                failures += report(name, "figures must not have value", v, f);
            }
        }
    }
    json_array_foreach(json_object_get(expected, "warnings_must_include"), i, v)
    {
        if (!contains_string(json_object_get(record, "warnings"), json_string_value(v))) {
            failures +=
                report(name, "warnings must include", v, json_object_get(record, "warnings"));
        }
    }
    json_array_foreach(json_object_get(expected, "warnings_must_not_include"), i, v)
    {
        if (contains_string(json_object_get(record, "warnings"), json_string_value(v))) {
            failures +=
                report(name, "warnings must not include", v, json_object_get(record, "warnings"));
        }
    }
    const char *key;
    json_object_foreach(json_object_get(expected, "normalizations_at_least"), key, v)
    {
        json_t *got = json_object_get(json_object_get(record, "normalizations"), key);
        if (!json_is_integer(got) || json_integer_value(got) < json_integer_value(v)) {
            failures += report(name, "normalizations at least", v, got);
        }
    }
    return failures;
}

int support_check_expected(const char *name, json_t *record, json_t *expected)
{
    static const char *const known[] = {"about",
                                        "submission",
                                        "lang",
                                        "published_at",
                                        "kicker",
                                        "title",
                                        "source_tag",
                                        "byline",
                                        "truncated",
                                        "text_must_not_contain",
                                        "text_must_contain",
                                        "text_starts_with",
                                        "text_ends_with",
                                        "entities",
                                        "dates",
                                        "figures",
                                        "figures_must_not_have_values",
                                        "entities_must_not",
                                        "dates_must_not",
                                        "figures_must_not",
                                        "captions",
                                        "warnings_must_include",
                                        "warnings_must_not_include",
                                        "normalizations_at_least"};
    int failures = 0;
    const char *key;
    json_t *v;
    json_object_foreach(expected, key, v)
    {
        bool ok = false;
        for (size_t i = 0; i < sizeof known / sizeof known[0]; i++) {
            ok |= strcmp(key, known[i]) == 0;
        }
        if (!ok) {
            printf("%s: the expected file has an unknown key \"%s\"\n", name, key);
            failures++;
        }
    }
    failures += exact(name, "lang", expected, record);
    failures += exact(name, "published_at", expected, record);
    failures += exact(name, "kicker", expected, record);
    failures += exact(name, "title", expected, record);
    failures += exact(name, "source_tag", expected, record);
    failures += exact(name, "truncated", expected, record);
    json_t *byline = json_object_get(expected, "byline");
    if (byline != NULL) {
        failures += check_byline(name, byline, json_object_get(record, "byline"));
    }
    failures += text_checks(name, expected, json_string_value(json_object_get(record, "text")));
    failures += must_include(name, "entities", json_object_get(expected, "entities"),
                             json_object_get(record, "entities"));
    failures += must_include(name, "dates", json_object_get(expected, "dates"),
                             json_object_get(record, "dates"));
    failures += must_include(name, "figures", json_object_get(expected, "figures"),
                             json_object_get(record, "figures"));
    failures += must_include(name, "captions", json_object_get(expected, "captions"),
                             json_object_get(record, "captions"));
    failures += must_exclude(name, "entities", json_object_get(expected, "entities_must_not"),
                             json_object_get(record, "entities"));
    failures += must_exclude(name, "dates", json_object_get(expected, "dates_must_not"),
                             json_object_get(record, "dates"));
    failures += must_exclude(name, "figures", json_object_get(expected, "figures_must_not"),
                             json_object_get(record, "figures"));
    failures += value_lists(name, expected, record);
    return failures;
}

/* ---- one case ---- */

/* Expected strings are compared after NFC, as the seed's file says: a case file saved
 * decomposed by an editor must not fail for that. Rewrites every string of v in place. */
static void nfc_strings(json_t *v)
{
    if (json_is_object(v)) {
        for (void *it = json_object_iter(v); it != NULL; it = json_object_iter_next(v, it)) {
            json_t *child = json_object_iter_value(it);
            if (json_is_string(child)) {
                char *nfc =
                    (char *)utf8proc_NFC((const utf8proc_uint8_t *)json_string_value(child));
                if (nfc != NULL) {
                    json_object_iter_set_new(v, it, json_string(nfc));
                    free(nfc);
                }
            } else {
                nfc_strings(child);
            }
        }
    } else if (json_is_array(v)) {
        size_t i;
        json_t *child;
        json_array_foreach(v, i, child)
        {
            if (json_is_string(child)) {
                char *nfc =
                    (char *)utf8proc_NFC((const utf8proc_uint8_t *)json_string_value(child));
                if (nfc != NULL) {
                    json_array_set_new(v, i, json_string(nfc));
                    free(nfc);
                }
            } else {
                nfc_strings(child);
            }
        }
    }
}

static const char *opt(json_t *sub, const char *key)
{
    return json_string_value(json_object_get(sub, key));
}

int support_run_case(const struct enrich *e, const char *expected_path, const char *body_path)
{
    const char *name =
        strrchr(expected_path, '/') ? strrchr(expected_path, '/') + 1 : expected_path;
    json_error_t err;
    json_t *expected = json_load_file(expected_path, 0, &err);
    if (expected == NULL) {
        printf("%s: cannot load: %s (line %d)\n", name, err.text, err.line);
        return 1;
    }
    json_t *sub_json = json_object_get(expected, "submission");
    char path[4096];
    const char *content_type = opt(sub_json, "content_type");
    size_t len = 0;
    char *body = NULL;
    if (body_path == NULL) {
        size_t base = strlen(expected_path) - strlen(".expected.json");
        snprintf(path, sizeof path, "%.*s.txt", (int)base, expected_path);
        body = support_read_file(path, &len);
        if (body == NULL) {
            snprintf(path, sizeof path, "%.*s.html", (int)base, expected_path);
            body = support_read_file(path, &len);
            if (body != NULL && content_type == NULL) {
                content_type = "text/html";
            }
        }
    } else {
        body = support_read_file(body_path, &len);
    }
    if (body == NULL) {
        printf("%s: no body file beside it\n", name);
        json_decref(expected);
        return 1;
    }
    json_t *checks = json_deep_copy(expected);
    nfc_strings(checks);
    struct enrich_submission sub = {
        .id = opt(sub_json, "id") ? opt(sub_json, "id") : "test-article",
        .source = opt(sub_json, "source") ? opt(sub_json, "source") : "test",
        .url = opt(sub_json, "url"),
        .title = opt(sub_json, "title"),
        .published_at = opt(sub_json, "published_at"),
        .lang = opt(sub_json, "lang"),
        .content_type = content_type,
        .byline = opt(sub_json, "byline"),
        .body = body,
        .body_len = len,
    };
    json_t *record = NULL;
    int rc = enrich_article(e, &sub, &record);
    int failures = 0;
    if (rc != 0) {
        printf("%s: enrich_article returned %d\n", name, rc);
        failures = 1;
    } else {
        failures += support_check_invariants(name, record);
        failures += support_check_expected(name, record, checks);
        if (failures > 0 && getenv("ENRICH_TEST_DUMP") != NULL) {
            char *out = json_dumps(record, JSON_INDENT(1));
            printf("%s: record:\n%s\n", name, out ? out : "?");
            free(out);
        }
    }
    json_decref(record);
    json_decref(checks);
    json_decref(expected);
    free(body);
    return failures;
}
