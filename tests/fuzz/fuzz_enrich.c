// fuzz-links: enrich
/*
 * Any bytes through enrich_article(). The first byte chooses the submission's shape (HTML or
 * plain text, given language, title, time and byline); the rest is the body, well-formed or not.
 * Checks the record's invariants: text is well-formed UTF-8 without control characters but '\n',
 * every span with offsets slices the text (in code points) to exactly its own text, and
 * enrich_json_dumps() writes the record as json_dumps() does.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "enrich.h"
#include "enrich_utf8.h"

#define OPT_HTML      0x01
#define OPT_LANG      0x02
#define OPT_LANG_EN   0x04
#define OPT_TITLE     0x08
#define OPT_PUBLISHED 0x10
#define OPT_BYLINE    0x20

static struct enrich *engine;

static void check(int ok)
{
    if (!ok) {
        abort();
    }
}

/* Byte offset of code point cp in s, or len + 1 when past the end. */
static size_t byte_of(const char *s, size_t len, json_int_t cp)
{
    json_int_t seen = 0;
    for (size_t i = 0; i <= len; i++) {
        if (i == len || ((unsigned char)s[i] & 0xC0) != 0x80) {
            if (seen == cp) {
                return i;
            }
            seen++;
        }
    }
    return len + 1;
}

static void check_spans(json_t *record, const char *key, const char *text, size_t len)
{
    json_t *list = json_object_get(record, key);
    check(json_is_array(list));
    size_t i;
    json_t *span;
    json_array_foreach(list, i, span)
    {
        json_t *js = json_object_get(span, "start"), *je = json_object_get(span, "end");
        json_t *jt = json_object_get(span, "text");
        check(json_is_string(jt) && js != NULL && je != NULL);
        check(json_object_get(span, "segment") == NULL);
        if (json_is_null(js)) {
            check(json_is_null(je));
            continue;
        }
        check(json_is_integer(js) && json_is_integer(je));
        json_int_t s = json_integer_value(js), e = json_integer_value(je);
        check(s >= 0 && e >= s);
        size_t b = byte_of(text, len, s), f = byte_of(text, len, e);
        check(b <= len && f <= len && f - b == json_string_length(jt) &&
              memcmp(text + b, json_string_value(jt), f - b) == 0);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (engine == NULL && enrich_create(&engine) != 0) {
        abort();
    }
    if (size == 0) {
        return 0;
    }
    unsigned opt = data[0];
    char *body = malloc(size);
    if (body == NULL) {
        return 0;
    }
    memcpy(body, data + 1, size - 1);
    body[size - 1] = '\0';
    struct enrich_submission sub = {
        .id = "fuzz",
        .source = "fuzz",
        .body = body,
        .body_len = size - 1,
        .content_type = (opt & OPT_HTML) ? "text/html" : "text/plain",
        .lang = (opt & OPT_LANG) ? ((opt & OPT_LANG_EN) ? "en" : "vi") : NULL,
        .title = (opt & OPT_TITLE) ? "Tiêu đề  của\tbài" : NULL,
        .published_at = (opt & OPT_PUBLISHED) ? "2020-07-15T21:29:00+07:00" : NULL,
        .byline = (opt & OPT_BYLINE) ? "Tin, ảnh: THANH THY" : NULL,
    };
    json_t *record = NULL;
    int rc = enrich_article(engine, &sub, &record);
    check(rc == 0 && record != NULL);
    json_t *jtext = json_object_get(record, "text");
    check(json_is_string(jtext));
    const char *text = json_string_value(jtext);
    size_t len = json_string_length(jtext);
    check(enrich_utf8_valid(text, len));
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)text[i];
        check((c >= 0x20 || c == '\n') && c != 0x7F);
    }
    check_spans(record, "entities", text, len);
    check_spans(record, "dates", text, len);
    check_spans(record, "figures", text, len);
    /* The fast writer gives jansson's bytes, at the precision ingestd uses. */
    char *dump = json_dumps(record, JSON_COMPACT | JSON_REAL_PRECISION(15));
    check(dump != NULL);
    char *fast = NULL;
    size_t fast_len = 0;
    check(enrich_json_dumps(record, JSON_COMPACT | JSON_REAL_PRECISION(15), &fast, &fast_len) == 0);
    check(fast_len == strlen(dump) && memcmp(fast, dump, fast_len) == 0);
    free(fast);
    free(dump);
    json_decref(record);
    free(body);
    return 0;
}
