/*
 * Internals the messages rely on: the JSON pointer of a byte position, pointer escaping, and
 * the UTF-8 helpers that keep every path and message valid UTF-8.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "article_internal.h"

static void expect_pointer(const char *json, size_t pos, const char *expected)
{
    char path[128];
    article_pointer_at(json, strlen(json), pos, path, sizeof path);
    if (strcmp(path, expected) != 0) {
        fail_msg("%s @%zu: got \"%s\", expected \"%s\"", json, pos, path, expected);
    }
}

static void test_pointer_at(void **state)
{
    (void)state;
    const char *j = "{\"a\":{\"b\":[1,{\"c\":\"x\"}]},\"d\":\"y\"}";
    expect_pointer(j, 0, "");
    expect_pointer(j, 1, "");
    expect_pointer(j, 4, "/a");        /* just after "a" */
    expect_pointer(j, 11, "/a/b");     /* at '[' */
    expect_pointer(j, 12, "/a/b/0");   /* at 1 */
    expect_pointer(j, 14, "/a/b/1");   /* at '{' of the second element */
    expect_pointer(j, 20, "/a/b/1/c"); /* inside "x" */
    expect_pointer(j, 28, "/d");       /* after "d" */
    expect_pointer(j, 100, "");        /* past the end: all closed */
    expect_pointer("{\"ti", 4, "");    /* inside a name not yet closed */
    expect_pointer("[[[", 3, "/0/0");
}

static void test_pointer_unescapes_names(void **state)
{
    (void)state;
    expect_pointer("{\"a\\/b\\u00e1\\n\":1", 15, "/a~1b\xc3\xa1\n");
    expect_pointer("{\"\\ud83d\\ude00\":1", 16, "/\xf0\x9f\x98\x80");
    expect_pointer("{\"\\ud83d\":1", 10, "/\xef\xbf\xbd"); /* lone surrogate: U+FFFD */
    expect_pointer("{\"\\u0000\":1", 10, "/\xef\xbf\xbd");
}

static void test_pointer_append_escapes_and_cuts(void **state)
{
    (void)state;
    char path[16] = "";
    article_pointer_append(path, sizeof path, "a~b/c", 5);
    assert_string_equal(path, "/a~0b~1c");
    /* 8 bytes used; "/" + 3 x "á" (6 bytes) fits 15; the next one would be cut mid-character. */
    article_pointer_append(path, sizeof path, "\xc3\xa1\xc3\xa1\xc3\xa1\xc3\xa1", 8);
    assert_string_equal(path, "/a~0b~1c/\xc3\xa1\xc3\xa1\xc3\xa1");
}

static void test_utf8_invalid_at(void **state)
{
    (void)state;
    static const struct {
        const char *s;
        size_t expected;
    } cases[] = {
        {"plain", 5},
        {"\xc3\xa1", 2},
        {"\xe1\xbb\x99", 3},
        {"\xf0\x9f\x98\x80", 4},
        {"\xf4\x8f\xbf\xbf", 4},  /* U+10FFFF */
        {"a\xf4\x90\x80\x80", 1}, /* beyond U+10FFFF */
        {"ab\xc1\xbf", 2},        /* overlong */
        {"\xe0\x80\xaf", 0},      /* overlong */
        {"\xed\xbf\xbf", 0},      /* surrogate */
        {"\xc3", 0},              /* cut short */
        {"x\x80", 1},             /* stray continuation */
        {"\xf5\x80\x80\x80", 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        size_t got = article_utf8_invalid_at((const unsigned char *)cases[i].s, strlen(cases[i].s));
        if (got != cases[i].expected) {
            fail_msg("case %zu: got %zu, expected %zu", i, got, cases[i].expected);
        }
    }
}

static void test_trim_partial(void **state)
{
    (void)state;
    char a[] = "ab\xe1\xbb";
    article_utf8_trim_partial(a);
    assert_string_equal(a, "ab");
    char b[] = "ab\xe1\xbb\x99";
    article_utf8_trim_partial(b);
    assert_string_equal(b, "ab\xe1\xbb\x99");
    char c[] = "\xc3";
    article_utf8_trim_partial(c);
    assert_string_equal(c, "");
    char d[] = "abc";
    article_utf8_trim_partial(d);
    assert_string_equal(d, "abc");
}

static void test_blank(void **state)
{
    (void)state;
    assert_true(article_text_is_blank("", 0));
    assert_true(article_text_is_blank(" \t\r\n\v\f", 6));
    assert_true(article_text_is_blank("\xc2\xa0\xe3\x80\x80\xef\xbb\xbf", 8)); /* NBSP, ideo, BOM */
    assert_false(article_text_is_blank(" .", 2));
    assert_false(article_text_is_blank("\xc2\xa0\xc3\xa1", 4));
}

/* A reject message quoting bytes from the input stays printable and valid UTF-8. */
static void test_reject_cleans_message(void **state)
{
    (void)state;
    struct article_error err;
    assert_int_equal(article_reject(&err, ARTICLE_INVALID_JSON, "/x", "a\tb\n\xffz"),
                     ARTICLE_ERR_REJECTED);
    assert_int_equal(err.reason, ARTICLE_INVALID_JSON);
    assert_string_equal(err.path, "/x");
    assert_string_equal(err.message, "a?b??z");
    char longer[400];
    memset(longer, 'a', sizeof longer);
    memcpy(longer + 254, "\xc3\xa1", 2);
    longer[399] = '\0';
    article_reject(&err, ARTICLE_INVALID_JSON, "", "%s", longer);
    assert_int_equal(strlen(err.message), 254); /* "á" would end at byte 256: dropped whole */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pointer_at),
        cmocka_unit_test(test_pointer_unescapes_names),
        cmocka_unit_test(test_pointer_append_escapes_and_cuts),
        cmocka_unit_test(test_utf8_invalid_at),
        cmocka_unit_test(test_trim_partial),
        cmocka_unit_test(test_blank),
        cmocka_unit_test(test_reject_cleans_message),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
