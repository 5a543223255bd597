/*
 * Every rejection reason, with the exact path and message a user sees in the dead-letter
 * headers and in `ingestctl enrich` output. Table-driven: one row per input.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "article.h"

struct reason_case {
    const char *name;
    const char *input; /* bytes; length is strlen unless len is set */
    size_t len;
    enum article_reason reason;
    const char *path;
    const char *message;
};

#define OK_BODY "\"source\":\"s\",\"body\":\"b\""

static const struct reason_case cases[] = {
    {"empty message", "", 0, ARTICLE_EMPTY_MESSAGE, "", "the message is empty (0 bytes)"},
    {"whitespace only", "  \n", 0, ARTICLE_INVALID_JSON, "",
     "invalid JSON at byte 3: unexpected token near end of file"},
    {"truncated object", "{\"source\":\"s\"", 0, ARTICLE_INVALID_JSON, "/source",
     "invalid JSON at byte 13: '}' expected near end of file"},
    {"trailing garbage", "{" OK_BODY "} x", 0, ARTICLE_INVALID_JSON, "",
     "invalid JSON at byte 27: end of file expected near 'x'"},
    {"raw control character in body", "{\"source\":\"s\",\"body\":\"a\tb\"}", 0,
     ARTICLE_INVALID_JSON, "/body", "invalid JSON at byte 23: control character 0x9 near '\"a'"},
    {"raw NUL byte", "{\"source\":\"s\",\"body\":\"a\0b\"}", 27, ARTICLE_INVALID_JSON, "/body",
     "invalid JSON at byte 23: control character 0x0 near '\"a'"},
    {"lone surrogate escape", "{\"source\":\"s\",\"body\":\"\\ud800\"}", 0, ARTICLE_INVALID_JSON,
     "/body", "invalid JSON at byte 29: invalid Unicode '\\uD800' near '\"\\ud800\"'"},
    {"array", "[1,2]", 0, ARTICLE_NOT_AN_OBJECT, "",
     "a submission must be a JSON object, got an array"},
    {"string", "\"text\"", 0, ARTICLE_NOT_AN_OBJECT, "",
     "a submission must be a JSON object, got a string"},
    {"number", "42", 0, ARTICLE_NOT_AN_OBJECT, "",
     "a submission must be a JSON object, got a number"},
    {"null", "null", 0, ARTICLE_NOT_AN_OBJECT, "", "a submission must be a JSON object, got null"},
    {"missing source", "{\"body\":\"b\"}", 0, ARTICLE_MISSING_FIELD, "/source",
     "required field source is missing"},
    {"missing body", "{\"source\":\"s\"}", 0, ARTICLE_MISSING_FIELD, "/body",
     "required field body is missing"},
    {"missing both: source first", "{}", 0, ARTICLE_MISSING_FIELD, "/source",
     "required field source is missing"},
    {"source is a number", "{\"source\":7,\"body\":\"b\"}", 0, ARTICLE_WRONG_TYPE, "/source",
     "field source must be a string, got number"},
    {"required source is null", "{\"source\":null,\"body\":\"b\"}", 0, ARTICLE_WRONG_TYPE,
     "/source", "field source must be a string, got null"},
    {"body is an object", "{\"source\":\"s\",\"body\":{\"text\":\"b\"}}", 0, ARTICLE_WRONG_TYPE,
     "/body", "field body must be a string, got object"},
    {"title is an array", "{" OK_BODY ",\"title\":[\"t\"]}", 0, ARTICLE_WRONG_TYPE, "/title",
     "field title must be a string, got array"},
    {"lang is a boolean", "{" OK_BODY ",\"lang\":true}", 0, ARTICLE_WRONG_TYPE, "/lang",
     "field lang must be a string, got boolean"},
    {"invalid UTF-8 in body", "{\"source\":\"s\",\"body\":\"caf\xe9\"}", 0, ARTICLE_INVALID_UTF8,
     "/body", "invalid UTF-8: byte 0xE9 at byte 25 does not start or continue a valid sequence"},
    {"overlong encoding", "{\"source\":\"s\",\"body\":\"\xc0\xaf\"}", 0, ARTICLE_INVALID_UTF8,
     "/body", "invalid UTF-8: byte 0xC0 at byte 22 does not start or continue a valid sequence"},
    {"encoded surrogate", "{\"source\":\"s\",\"body\":\"\xed\xa0\x80\"}", 0, ARTICLE_INVALID_UTF8,
     "/body", "invalid UTF-8: byte 0xED at byte 22 does not start or continue a valid sequence"},
    {"binary garbage", "\xff\xfe\x00\x01", 4, ARTICLE_INVALID_UTF8, "",
     "invalid UTF-8: byte 0xFF at byte 0 does not start or continue a valid sequence"},
    {"empty body", "{\"source\":\"s\",\"body\":\"\"}", 0, ARTICLE_EMPTY_BODY, "/body",
     "field body is empty"},
    {"whitespace body", "{\"source\":\"s\",\"body\":\" \\n\\t\xc2\xa0\xe2\x80\x8b\"}", 0,
     ARTICLE_EMPTY_BODY, "/body", "field body holds only whitespace (8 bytes)"},
    {"empty source", "{\"source\":\"\",\"body\":\"b\"}", 0, ARTICLE_INVALID_VALUE, "/source",
     "field source must not be empty"},
    {"uppercase source", "{\"source\":\"BaoCanTho\",\"body\":\"b\"}", 0, ARTICLE_INVALID_VALUE,
     "/source",
     "field source has 'B' at byte 0; a source is a-z, 0-9, '.', '_' and '-', starting with a "
     "letter or digit"},
    {"source with a space", "{\"source\":\"bao can\",\"body\":\"b\"}", 0, ARTICLE_INVALID_VALUE,
     "/source",
     "field source has a space at byte 3; a source is a-z, 0-9, '.', '_' and '-', starting with "
     "a letter or digit"},
    {"id with a space", "{" OK_BODY ",\"id\":\"a b\"}", 0, ARTICLE_INVALID_VALUE, "/id",
     "field id has a space at byte 1; an id is visible ASCII without whitespace"},
    {"empty id", "{" OK_BODY ",\"id\":\"\"}", 0, ARTICLE_INVALID_VALUE, "/id",
     "field id must not be empty"},
    {"non-ASCII id", "{" OK_BODY ",\"id\":\"b\xc3\xa1o\"}", 0, ARTICLE_INVALID_VALUE, "/id",
     "field id has byte 0xC3 at byte 1; an id is visible ASCII without whitespace"},
    {"ftp url", "{" OK_BODY ",\"url\":\"ftp://x.vn/a\"}", 0, ARTICLE_INVALID_VALUE, "/url",
     "field url must be an absolute URL starting with http:// or https://"},
    {"relative url", "{" OK_BODY ",\"url\":\"/tin-tuc/a.html\"}", 0, ARTICLE_INVALID_VALUE, "/url",
     "field url must be an absolute URL starting with http:// or https://"},
    {"url without host", "{" OK_BODY ",\"url\":\"https:///a\"}", 0, ARTICLE_INVALID_VALUE, "/url",
     "field url has no host"},
    {"local date-time", "{" OK_BODY ",\"published_at\":\"2020-07-15T21:29:00\"}", 0,
     ARTICLE_INVALID_VALUE, "/published_at",
     "field published_at has no UTC offset; add Z or one like +07:00"},
    {"Vietnamese date format", "{" OK_BODY ",\"published_at\":\"15/07/2020\"}", 0,
     ARTICLE_INVALID_VALUE, "/published_at",
     "field published_at must be an ISO 8601 date (2020-07-15) or date-time with a UTC offset "
     "(2020-07-15T21:29:00+07:00, seconds optional)"},
    {"30 February", "{" OK_BODY ",\"published_at\":\"2021-02-30\"}", 0, ARTICLE_INVALID_VALUE,
     "/published_at", "field published_at is not a real calendar date"},
    {"lang fr", "{" OK_BODY ",\"lang\":\"fr\"}", 0, ARTICLE_INVALID_VALUE, "/lang",
     "field lang must be \"vi\" or \"en\""},
    {"content type with charset", "{" OK_BODY ",\"content_type\":\"text/html; charset=utf-8\"}", 0,
     ARTICLE_INVALID_VALUE, "/content_type",
     "field content_type must be \"text/plain\" or \"text/html\""},
    {"NUL escape in title", "{" OK_BODY ",\"title\":\"a\\u0000b\"}", 0, ARTICLE_INVALID_VALUE,
     "/title", "field title contains a NUL character (\\u0000)"},
    {"NUL escape in body", "{\"source\":\"s\",\"body\":\"\\u0000\"}", 0, ARTICLE_INVALID_VALUE,
     "/body", "field body contains a NUL character (\\u0000)"},
    {"integer too big", "{" OK_BODY ",\"n\":123456789012345678901234567890}", 0,
     ARTICLE_INVALID_VALUE, "/n", "number out of range at byte 59 (too big integer)"},
    {"typo titel", "{" OK_BODY ",\"titel\":\"t\"}", 0, ARTICLE_UNKNOWN_FIELD, "/titel",
     "unknown field \"titel\"; did you mean \"title\"?"},
    {"capitalized Body", "{\"source\":\"s\",\"Body\":\"b\"}", 0, ARTICLE_UNKNOWN_FIELD, "/Body",
     "unknown field \"Body\"; did you mean \"body\"?"},
    {"unrelated field", "{" OK_BODY ",\"category\":\"news\"}", 0, ARTICLE_UNKNOWN_FIELD,
     "/category",
     "unknown field \"category\"; the schema allows source, body, id, url, title, published_at, "
     "lang, content_type and byline"},
    {"unknown field with a slash", "{" OK_BODY ",\"a/b~c\":1}", 0, ARTICLE_UNKNOWN_FIELD,
     "/a~1b~0c",
     "unknown field \"a/b~c\"; the schema allows source, body, id, url, title, published_at, "
     "lang, content_type and byline"},
    {"unknown before missing", "{\"sourse\":\"s\",\"body\":\"b\"}", 0, ARTICLE_UNKNOWN_FIELD,
     "/sourse", "unknown field \"sourse\"; did you mean \"source\"?"},
    {"duplicate title", "{" OK_BODY ",\"title\":\"a\",\"title\":\"b\"}", 0, ARTICLE_DUPLICATE_KEY,
     "/title", "key /title appears twice in one object (at byte 44)"},
    {"duplicate body", "{\"source\":\"s\",\"body\":\"a\",\"body\":\"b\"}", 0, ARTICLE_DUPLICATE_KEY,
     "/body", "key /body appears twice in one object (at byte 31)"},
    {"duplicate in nested object", "{" OK_BODY ",\"x\":{\"k\":1,\"k\":2}}", 0,
     ARTICLE_DUPLICATE_KEY, "/x/k", "key /x/k appears twice in one object (at byte 39)"},
};

static void run_case(const struct reason_case *c)
{
    size_t len = c->len ? c->len : strlen(c->input);
    struct article *a = (struct article *)0x1;
    struct article_error err;
    int rc = article_parse(c->input, len, NULL, &a, &err);
    if (rc != ARTICLE_ERR_REJECTED || err.reason != c->reason || strcmp(err.path, c->path) != 0 ||
        strcmp(err.message, c->message) != 0) {
        print_error("case \"%s\": rc %d, reason %s, path \"%s\", message \"%s\"\n", c->name, rc,
                    article_reason_code(err.reason), err.path, err.message);
    }
    assert_int_equal(rc, ARTICLE_ERR_REJECTED);
    assert_null(a);
    assert_string_equal(article_reason_code(err.reason), article_reason_code(c->reason));
    assert_string_equal(err.path, c->path);
    assert_string_equal(err.message, c->message);
}

static void test_reason_table(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        run_case(&cases[i]);
    }
}

/* Every reason but ARTICLE_OK occurs in the table: nothing is left untested. */
static void test_table_covers_every_reason(void **state)
{
    (void)state;
    for (int r = ARTICLE_OK + 1; r < ARTICLE_REASON_COUNT; r++) {
        int seen = 0;
        for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
            seen |= cases[i].reason == (enum article_reason)r;
        }
        if (!seen && r != ARTICLE_TOO_LARGE) { /* too_large: see test_article_limits.c */
            fail_msg("reason %s has no case", article_reason_code((enum article_reason)r));
        }
    }
}

static void test_reason_codes_are_stable(void **state)
{
    (void)state;
    static const char *const expected[ARTICLE_REASON_COUNT] = {
        "ok",           "empty_message", "too_large",     "invalid_utf8",
        "invalid_json", "not_an_object", "missing_field", "wrong_type",
        "empty_body",   "invalid_value", "unknown_field", "duplicate_key",
    };
    for (int r = 0; r < ARTICLE_REASON_COUNT; r++) {
        assert_string_equal(article_reason_code((enum article_reason)r), expected[r]);
    }
    assert_string_equal(article_reason_code(ARTICLE_REASON_COUNT), "unknown");
}

/* jansson stops at 2048 levels; the message says so instead of a generic syntax error. */
static void test_too_deep(void **state)
{
    (void)state;
    size_t depth = 3000;
    char *buf = malloc(depth + 32);
    assert_non_null(buf);
    size_t n = (size_t)sprintf(buf, "{\"source\":\"s\",\"body\":\"b\",\"x\":");
    memset(buf + n, '[', depth);
    n += depth;
    struct article *a = NULL;
    struct article_error err;
    assert_int_equal(article_parse(buf, n, NULL, &a, &err), ARTICLE_ERR_REJECTED);
    assert_string_equal(article_reason_code(err.reason), "invalid_json");
    assert_string_equal(err.path, "");
    assert_string_equal(err.message,
                        "invalid JSON: nested too deep (more than 2048 levels) at byte 2077");
    free(buf);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_reason_table),
        cmocka_unit_test(test_table_covers_every_reason),
        cmocka_unit_test(test_reason_codes_are_stable),
        cmocka_unit_test(test_too_deep),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
