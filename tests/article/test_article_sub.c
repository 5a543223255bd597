/*
 * The mapping from a valid submission to struct enrich_submission: which fields are set, which
 * are NULL, defaults, and values accepted at the edges of each rule.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "article.h"

static struct article *parse_ok(const char *json)
{
    struct article *a = NULL;
    struct article_error err;
    int rc = article_parse(json, strlen(json), NULL, &a, &err);
    if (rc != 0) {
        fail_msg("%s: %s %s %s", json, article_reason_code(err.reason), err.path, err.message);
    }
    assert_int_equal(err.reason, ARTICLE_OK);
    return a;
}

static void test_full_submission(void **state)
{
    (void)state;
    struct article *a =
        parse_ok("{\"source\":\"baocantho\",\"id\":\"baocantho-2020-07-15-dan-van\","
                 "\"url\":\"https://baocantho.com.vn/a.html\",\"title\":\"H\\u1ea1n ch\\u1ebf\","
                 "\"published_at\":\"2020-07-15T21:29:00+07:00\",\"lang\":\"vi\","
                 "\"content_type\":\"text/html\",\"byline\":\"Tin, \\u1ea3nh: THANH THY\","
                 "\"body\":\"<p>N\\u1ed9i dung</p>\"}");
    const struct enrich_submission *s = &a->sub;
    assert_string_equal(s->id, "baocantho-2020-07-15-dan-van");
    assert_string_equal(s->source, "baocantho");
    assert_string_equal(s->url, "https://baocantho.com.vn/a.html");
    assert_string_equal(s->title, "H\xe1\xba\xa1n ch\xe1\xba\xbf");
    assert_string_equal(s->published_at, "2020-07-15T21:29:00+07:00");
    assert_string_equal(s->lang, "vi");
    assert_string_equal(s->content_type, "text/html");
    assert_string_equal(s->byline, "Tin, \xe1\xba\xa3nh: THANH THY");
    assert_string_equal(s->body, "<p>N\xe1\xbb\x99i dung</p>");
    assert_int_equal(s->body_len, strlen("<p>N\xe1\xbb\x99i dung</p>"));
    /* Strings borrow from the parsed JSON. */
    assert_ptr_equal(s->body, json_string_value(json_object_get(a->raw, "body")));
    article_free(a);
}

static void test_minimal_submission(void **state)
{
    (void)state;
    struct article *a = parse_ok("{\"source\":\"s\",\"body\":\"b\"}");
    const struct enrich_submission *s = &a->sub;
    assert_string_equal(s->source, "s");
    assert_string_equal(s->body, "b");
    assert_int_equal(s->body_len, 1);
    assert_null(s->url);
    assert_null(s->title);
    assert_null(s->published_at);
    assert_null(s->lang);
    assert_null(s->byline);
    assert_string_equal(s->content_type, "text/plain");
    assert_string_equal(s->id, "s-cd85bddd767983fd");
    article_free(a);
}

static void test_nulls_are_absent(void **state)
{
    (void)state;
    struct article *a = parse_ok("{\"source\":\"s\",\"body\":\"b\",\"id\":null,\"url\":null,"
                                 "\"title\":null,\"published_at\":null,\"lang\":null,"
                                 "\"content_type\":null,\"byline\":null}");
    assert_null(a->sub.url);
    assert_null(a->sub.title);
    assert_null(a->sub.published_at);
    assert_null(a->sub.lang);
    assert_null(a->sub.byline);
    assert_string_equal(a->sub.content_type, "text/plain");
    assert_int_equal(a->id_derived, 1);
    article_free(a);
}

static void test_blank_title_and_byline_are_absent(void **state)
{
    (void)state;
    struct article *a =
        parse_ok("{\"source\":\"s\",\"body\":\"b\",\"title\":\"  \",\"byline\":\"\"}");
    assert_null(a->sub.title);
    assert_null(a->sub.byline);
    article_free(a);
}

/* Values that sit at the edge of a rule and must be accepted. */
static void test_accepted_values(void **state)
{
    (void)state;
    static const char *const accepted[] = {
        "{\"source\":\"vnexpress.net\",\"body\":\"b\"}",
        "{\"source\":\"0-a_b.c\",\"body\":\"b\"}",
        "{\"source\":\"s\",\"body\":\"b\",\"id\":\"!~\"}",
        "{\"source\":\"s\",\"body\":\"b\",\"url\":\"HTTP://X\"}",
        "{\"source\":\"s\",\"body\":\"b\",\"url\":\"http://user@host:8080/p?q=1#f\"}",
        "{\"source\":\"s\",\"body\":\"b\",\"url\":\"http://[::1]:80/\"}",
        ("{\"source\":\"s\",\"body\":\"b\",\"url\":\"https://vi.wikipedia.org/wiki/"
         "C\xe1\xba\xa7n_Th\xc6\xa1\"}"),
        "{\"source\":\"s\",\"body\":\"b\",\"published_at\":\"2020-07-15\"}",
        "{\"source\":\"s\",\"body\":\"b\",\"published_at\":\"2020-07-15T21:29+07:00\"}",
        "{\"source\":\"s\",\"body\":\"b\",\"published_at\":\"2020-07-15 21:29:00Z\"}",
        "{\"source\":\"s\",\"body\":\"b\",\"published_at\":\"2020-07-15t21:29:00.123456789z\"}",
        "{\"source\":\"s\",\"body\":\"b\",\"published_at\":\"2024-02-29T00:00:00-12:00\"}",
        "{\"source\":\"s\",\"body\":\"b\",\"published_at\":\"2016-12-31T23:59:60+14:00\"}",
        "{\"source\":\"s\",\"body\":\"b\",\"lang\":\"en\"}",
        "{\"source\":\"s\",\"body\":\"b\",\"content_type\":\"text/plain\"}",
        "{\"source\":\"s\",\"body\":\" x \"}",
    };
    for (size_t i = 0; i < sizeof accepted / sizeof accepted[0]; i++) {
        article_free(parse_ok(accepted[i]));
    }
}

/* Values just past the edge of a rule: all invalid_value, at the field's path. */
static void test_rejected_values(void **state)
{
    (void)state;
    static const struct {
        const char *json;
        const char *path;
    } rejected[] = {
        {"{\"source\":\"-s\",\"body\":\"b\"}", "/source"},
        {"{\"source\":\"s\",\"body\":\"b\",\"url\":\"http://host:65536/\"}", "/url"},
        {"{\"source\":\"s\",\"body\":\"b\",\"url\":\"http://host:8a/\"}", "/url"},
        {"{\"source\":\"s\",\"body\":\"b\",\"url\":\"http://[::1/\"}", "/url"},
        {"{\"source\":\"s\",\"body\":\"b\",\"url\":\"https://a b.vn/\"}", "/url"},
        {"{\"source\":\"s\",\"body\":\"b\",\"url\":\"http://user@/\"}", "/url"},
        {"{\"source\":\"s\",\"body\":\"b\",\"published_at\":\"2023-02-29\"}", "/published_at"},
        {"{\"source\":\"s\",\"body\":\"b\",\"published_at\":\"2020-13-01\"}", "/published_at"},
        {"{\"source\":\"s\",\"body\":\"b\",\"published_at\":\"0000-01-01\"}", "/published_at"},
        {"{\"source\":\"s\",\"body\":\"b\",\"published_at\":\"2020-07-15T24:00Z\"}",
         "/published_at"},
        {"{\"source\":\"s\",\"body\":\"b\",\"published_at\":\"2020-07-15T21:29:00+14:01\"}",
         "/published_at"},
        {"{\"source\":\"s\",\"body\":\"b\",\"published_at\":\"2020-07-15T21:29:00+0700\"}",
         "/published_at"},
        {"{\"source\":\"s\",\"body\":\"b\",\"published_at\":\"2020-07-15T21:29:00.Z\"}",
         "/published_at"},
        {"{\"source\":\"s\",\"body\":\"b\",\"published_at\":\"2020-07-15T\"}", "/published_at"},
        {"{\"source\":\"s\",\"body\":\"b\",\"published_at\":\"2020-7-15\"}", "/published_at"},
        {"{\"source\":\"s\",\"body\":\"b\",\"lang\":\"VI\"}", "/lang"},
        {"{\"source\":\"s\",\"body\":\"b\",\"content_type\":\"TEXT/HTML\"}", "/content_type"},
    };
    for (size_t i = 0; i < sizeof rejected / sizeof rejected[0]; i++) {
        struct article *a = NULL;
        struct article_error err;
        int rc = article_parse(rejected[i].json, strlen(rejected[i].json), NULL, &a, &err);
        if (rc != ARTICLE_ERR_REJECTED || err.reason != ARTICLE_INVALID_VALUE) {
            fail_msg("%s: rc %d reason %s", rejected[i].json, rc, article_reason_code(err.reason));
        }
        assert_string_equal(err.path, rejected[i].path);
    }
}

/* The parser reads exactly len bytes: no NUL terminator needed, nothing read past the end. */
static void test_not_nul_terminated(void **state)
{
    (void)state;
    const char buf[] = "{\"source\":\"s\",\"body\":\"b\"}GARBAGE";
    struct article *a = NULL;
    struct article_error err;
    assert_int_equal(article_parse(buf, 25, NULL, &a, &err), 0);
    article_free(a);
    article_free(NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_full_submission),
        cmocka_unit_test(test_minimal_submission),
        cmocka_unit_test(test_nulls_are_absent),
        cmocka_unit_test(test_blank_title_and_byline_are_absent),
        cmocka_unit_test(test_accepted_values),
        cmocka_unit_test(test_rejected_values),
        cmocka_unit_test(test_not_nul_terminated),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
