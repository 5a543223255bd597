/*
 * Derived ids: deterministic, from source + url when there is a url, else from source + body,
 * and different for different sources. Expected values were computed independently with
 * Python's hashlib: sha256(b"baocantho\nhttps://baocantho.com.vn/a123.html").hexdigest()[:16].
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "article.h"

static void test_derive_from_url(void **state)
{
    (void)state;
    char id[64];
    assert_int_equal(article_derive_id("baocantho", "https://baocantho.com.vn/a123.html", "ignored",
                                       7, id, sizeof id),
                     0);
    assert_string_equal(id, "baocantho-6b868207929839d5");
}

static void test_derive_from_body(void **state)
{
    (void)state;
    char id[64];
    const char body[] = "N\xe1\xbb\x99i dung"; /* "Nội dung" */
    assert_int_equal(article_derive_id("baocantho", NULL, body, strlen(body), id, sizeof id), 0);
    assert_string_equal(id, "baocantho-dee11b7194a55836");
}

static void test_sources_differ(void **state)
{
    (void)state;
    char id[64];
    assert_int_equal(article_derive_id("vnexpress", "https://baocantho.com.vn/a123.html", NULL, 0,
                                       id, sizeof id),
                     0);
    assert_string_equal(id, "vnexpress-b026594cca28b4a7");
}

/* body_len counts, not the NUL: only the first body_len bytes are hashed. */
static void test_body_len_is_respected(void **state)
{
    (void)state;
    char id[64];
    assert_int_equal(article_derive_id("s", NULL, "bXYZ", 1, id, sizeof id), 0);
    assert_string_equal(id, "s-cd85bddd767983fd");
}

static void test_small_buffer(void **state)
{
    (void)state;
    char id[27];
    /* "baocantho-" + 16 + NUL = 27 bytes: fits exactly; one less does not. */
    assert_int_equal(article_derive_id("baocantho", "u", NULL, 0, id, 27), 0);
    assert_int_equal(strlen(id), 26);
    assert_int_equal(article_derive_id("baocantho", "u", NULL, 0, id, 26), -ENOSPC);
}

static struct article *parse_ok(const char *json)
{
    struct article *a = NULL;
    struct article_error err;
    int rc = article_parse(json, strlen(json), NULL, &a, &err);
    if (rc != 0) {
        fail_msg("%s: %s %s %s", json, article_reason_code(err.reason), err.path, err.message);
    }
    return a;
}

static void test_parse_derives_from_url(void **state)
{
    (void)state;
    struct article *a = parse_ok("{\"source\":\"baocantho\",\"body\":\"x\","
                                 "\"url\":\"https://baocantho.com.vn/a123.html\"}");
    assert_string_equal(a->id, "baocantho-6b868207929839d5");
    assert_int_equal(a->id_derived, 1);
    assert_ptr_equal(a->sub.id, a->id);
    article_free(a);
    /* Same url, another body: same id (a revision of the same article). */
    a = parse_ok("{\"source\":\"baocantho\",\"body\":\"y\","
                 "\"url\":\"https://baocantho.com.vn/a123.html\"}");
    assert_string_equal(a->id, "baocantho-6b868207929839d5");
    article_free(a);
}

/* The body is hashed as submitted, after JSON unescaping: "\u1ed9" and the raw UTF-8 bytes of
 * "ộ" are the same text and give the same id. */
static void test_parse_derives_from_unescaped_body(void **state)
{
    (void)state;
    struct article *a = parse_ok("{\"source\":\"baocantho\",\"body\":\"N\\u1ed9i dung\"}");
    assert_string_equal(a->id, "baocantho-dee11b7194a55836");
    article_free(a);
    a = parse_ok("{\"body\":\"N\xe1\xbb\x99i dung\",\"source\":\"baocantho\"}");
    assert_string_equal(a->id, "baocantho-dee11b7194a55836");
    article_free(a);
}

static void test_submitted_id_wins(void **state)
{
    (void)state;
    struct article *a = parse_ok("{\"source\":\"baocantho\",\"body\":\"x\","
                                 "\"id\":\"baocantho-2020-07-15-dan-van\","
                                 "\"url\":\"https://baocantho.com.vn/a123.html\"}");
    assert_string_equal(a->id, "baocantho-2020-07-15-dan-van");
    assert_int_equal(a->id_derived, 0);
    assert_ptr_equal(a->sub.id, a->id);
    article_free(a);
}

/* A null id is an absent id. */
static void test_null_id_is_derived(void **state)
{
    (void)state;
    struct article *a = parse_ok("{\"source\":\"s\",\"body\":\"b\",\"id\":null}");
    assert_string_equal(a->id, "s-cd85bddd767983fd");
    assert_int_equal(a->id_derived, 1);
    article_free(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_derive_from_url),
        cmocka_unit_test(test_derive_from_body),
        cmocka_unit_test(test_sources_differ),
        cmocka_unit_test(test_body_len_is_respected),
        cmocka_unit_test(test_small_buffer),
        cmocka_unit_test(test_parse_derives_from_url),
        cmocka_unit_test(test_parse_derives_from_unescaped_body),
        cmocka_unit_test(test_submitted_id_wins),
        cmocka_unit_test(test_null_id_is_derived),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
