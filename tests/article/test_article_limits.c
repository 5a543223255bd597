/*
 * Size limits at their boundaries: the whole message (default 1 MiB, configurable) and each
 * string field but body (8 KiB after JSON unescaping).
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

/* A valid submission of exactly total bytes: the body is padded with 'x'. */
static char *message_of_size(size_t total)
{
    static const char head[] = "{\"source\":\"s\",\"body\":\"";
    static const char tail[] = "\"}";
    size_t fixed = sizeof head - 1 + sizeof tail - 1;
    assert_true(total > fixed);
    char *buf = malloc(total);
    assert_non_null(buf);
    memcpy(buf, head, sizeof head - 1);
    memset(buf + sizeof head - 1, 'x', total - fixed);
    memcpy(buf + total - (sizeof tail - 1), tail, sizeof tail - 1);
    return buf;
}

static void test_default_limits(void **state)
{
    (void)state;
    struct article_limits lim;
    article_limits_default(&lim);
    assert_int_equal(lim.max_message_bytes, 1048576);
    assert_int_equal(lim.max_field_bytes, 8192);
}

static void test_message_exactly_at_limit_is_accepted(void **state)
{
    (void)state;
    char *buf = message_of_size(1048576);
    struct article *a = NULL;
    struct article_error err;
    assert_int_equal(article_parse(buf, 1048576, NULL, &a, &err), 0);
    assert_non_null(a);
    assert_int_equal(a->sub.body_len, 1048576 - 24);
    article_free(a);
    free(buf);
}

static void test_message_one_byte_over_is_too_large(void **state)
{
    (void)state;
    char *buf = message_of_size(1048577);
    struct article *a = NULL;
    struct article_error err;
    assert_int_equal(article_parse(buf, 1048577, NULL, &a, &err), ARTICLE_ERR_REJECTED);
    assert_null(a);
    assert_string_equal(article_reason_code(err.reason), "too_large");
    assert_string_equal(err.path, "");
    assert_string_equal(err.message, "the message is 1048577 bytes, over the limit of 1048576");
    free(buf);
}

/* The size is checked before anything else: even garbage over the limit is too_large. */
static void test_size_checked_before_content(void **state)
{
    (void)state;
    struct article_limits lim = {.max_message_bytes = 4, .max_field_bytes = 8192};
    struct article *a = NULL;
    struct article_error err;
    assert_int_equal(article_parse("\xff\xff\xff\xff\xff", 5, &lim, &a, &err),
                     ARTICLE_ERR_REJECTED);
    assert_string_equal(article_reason_code(err.reason), "too_large");
    assert_string_equal(err.message, "the message is 5 bytes, over the limit of 4");
}

/* {"source":"s","body":"b","<field>":"<n bytes>"} */
static char *with_field(const char *field, const char *fill, size_t fill_len, size_t n, size_t *len)
{
    size_t cap = 64 + strlen(field) + n * fill_len;
    char *buf = malloc(cap);
    assert_non_null(buf);
    size_t at = (size_t)sprintf(buf, "{\"source\":\"s\",\"body\":\"b\",\"%s\":\"", field);
    for (size_t i = 0; i < n; i++) {
        memcpy(buf + at, fill, fill_len);
        at += fill_len;
    }
    at += (size_t)sprintf(buf + at, "\"}");
    *len = at;
    return buf;
}

static void test_field_limit_boundary(void **state)
{
    (void)state;
    const char *limited[] = {"title", "byline", "url"};
    for (size_t f = 0; f < 3; f++) {
        size_t len;
        /* The url prefix takes 8 bytes of the field, so fill to exactly 8192 either way. */
        int is_url = strcmp(limited[f], "url") == 0;
        char *buf = with_field(limited[f], "a", 1, 8192, &len);
        if (is_url) {
            memcpy(strstr(buf, "\"url\":\"") + 7, "https://", 8);
        }
        struct article *a = NULL;
        struct article_error err;
        assert_int_equal(article_parse(buf, len, NULL, &a, &err), 0);
        article_free(a);
        free(buf);

        buf = with_field(limited[f], "a", 1, 8193, &len);
        if (is_url) {
            memcpy(strstr(buf, "\"url\":\"") + 7, "https://", 8);
        }
        assert_int_equal(article_parse(buf, len, NULL, &a, &err), ARTICLE_ERR_REJECTED);
        char path[32], message[128];
        snprintf(path, sizeof path, "/%s", limited[f]);
        snprintf(message, sizeof message, "field %s is 8193 bytes, over the limit of 8192",
                 limited[f]);
        assert_string_equal(article_reason_code(err.reason), "too_large");
        assert_string_equal(err.path, path);
        assert_string_equal(err.message, message);
        free(buf);
    }
}

/* The limit counts bytes after unescaping: 2731 x "\u00e1" is 16386 bytes of JSON but 5462 of
 * UTF-8 text, and 4097 x "á" (2 bytes each) is 8194 bytes, just over. */
static void test_field_limit_counts_unescaped_bytes(void **state)
{
    (void)state;
    size_t len;
    char *buf = with_field("title", "\\u00e1", 6, 2731, &len);
    struct article *a = NULL;
    struct article_error err;
    assert_int_equal(article_parse(buf, len, NULL, &a, &err), 0);
    assert_int_equal(strlen(a->sub.title), 5462);
    article_free(a);
    free(buf);

    buf = with_field("title", "\xc3\xa1", 2, 4097, &len);
    assert_int_equal(article_parse(buf, len, NULL, &a, &err), ARTICLE_ERR_REJECTED);
    assert_string_equal(err.message, "field title is 8194 bytes, over the limit of 8192");
    free(buf);
}

/* body is bounded by the message only. */
static void test_body_has_no_field_limit(void **state)
{
    (void)state;
    char *buf = message_of_size(100000);
    struct article *a = NULL;
    struct article_error err;
    assert_int_equal(article_parse(buf, 100000, NULL, &a, &err), 0);
    article_free(a);
    free(buf);
}

static void test_source_and_id_length_limits(void **state)
{
    (void)state;
    char buf[512];
    char long_source[102], long_id[131];
    memset(long_source, 'a', 101);
    long_source[101] = '\0';
    memset(long_id, 'i', 129);
    long_id[129] = '\0';
    struct article *a = NULL;
    struct article_error err;

    int n = snprintf(buf, sizeof buf, "{\"source\":\"%.100s\",\"body\":\"b\"}", long_source);
    assert_int_equal(article_parse(buf, (size_t)n, NULL, &a, &err), 0);
    article_free(a);
    n = snprintf(buf, sizeof buf, "{\"source\":\"%s\",\"body\":\"b\"}", long_source);
    assert_int_equal(article_parse(buf, (size_t)n, NULL, &a, &err), ARTICLE_ERR_REJECTED);
    assert_string_equal(err.message, "field source is 101 bytes, longer than the 100 allowed");
    assert_string_equal(article_reason_code(err.reason), "invalid_value");

    n = snprintf(buf, sizeof buf, "{\"source\":\"s\",\"body\":\"b\",\"id\":\"%.128s\"}", long_id);
    assert_int_equal(article_parse(buf, (size_t)n, NULL, &a, &err), 0);
    assert_int_equal(strlen(a->id), 128);
    assert_int_equal(a->id_derived, 0);
    article_free(a);
    n = snprintf(buf, sizeof buf, "{\"source\":\"s\",\"body\":\"b\",\"id\":\"%s\"}", long_id);
    assert_int_equal(article_parse(buf, (size_t)n, NULL, &a, &err), ARTICLE_ERR_REJECTED);
    assert_string_equal(err.path, "/id");
    assert_string_equal(err.message, "field id is 129 bytes, longer than the 128 allowed");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_default_limits),
        cmocka_unit_test(test_message_exactly_at_limit_is_accepted),
        cmocka_unit_test(test_message_one_byte_over_is_too_large),
        cmocka_unit_test(test_size_checked_before_content),
        cmocka_unit_test(test_field_limit_boundary),
        cmocka_unit_test(test_field_limit_counts_unescaped_bytes),
        cmocka_unit_test(test_body_has_no_field_limit),
        cmocka_unit_test(test_source_and_id_length_limits),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
