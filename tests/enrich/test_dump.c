/* enrich_json_dumps(): the exact text of hand-made values, the same bytes as json_dumps() with
 * every flag it takes for those and for the records of every whole article, and the same
 * refusals (strings that are not UTF-8, cycles, bad arguments). */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "enrich.h"
#include "support.h"

static const size_t flag_sets[] = {
    JSON_COMPACT,
    JSON_COMPACT | JSON_REAL_PRECISION(6),
    JSON_COMPACT | JSON_REAL_PRECISION(15),
    JSON_COMPACT | JSON_REAL_PRECISION(17),
    JSON_COMPACT | JSON_SORT_KEYS,
    JSON_COMPACT | JSON_SORT_KEYS | JSON_REAL_PRECISION(15) | JSON_ENCODE_ANY,
};

/* Asserts that both writers give exactly the same text with every set of flags. */
static void assert_same_as_jansson(const json_t *v)
{
    for (size_t k = 0; k < sizeof flag_sets / sizeof flag_sets[0]; k++) {
        char *want = json_dumps(v, flag_sets[k]);
        char *got = NULL;
        size_t len = 0;
        assert_non_null(want);
        assert_int_equal(enrich_json_dumps(v, flag_sets[k], &got, &len), 0);
        assert_string_equal(got, want);
        assert_int_equal(len, strlen(want));
        free(got);
        free(want);
    }
}

static void assert_dumps(const json_t *v, size_t flags, const char *expected)
{
    char *got = NULL;
    size_t len = 0;
    assert_int_equal(enrich_json_dumps(v, flags, &got, &len), 0);
    assert_string_equal(got, expected);
    assert_int_equal(len, strlen(expected));
    free(got);
}

static void test_scalars_and_escapes(void **state)
{
    (void)state;
    json_t *o = json_object();
    json_object_set_new(o, "s", json_string("x\"y\\z/\n\t\r\b\f\x01\x1f\x7f"));
    json_object_set_new(o, "vi", json_string("Đà Nẵng – “Quốc hội” …"));
    json_object_set_new(o, "astral", json_string("\xF0\x9F\x98\x80"));
    json_object_set_new(o, "nul", json_stringn("a\0b", 3));
    json_object_set_new(o, "n", json_null());
    json_object_set_new(o, "t", json_true());
    json_object_set_new(o, "f", json_false());
    json_object_set_new(o, "min", json_integer(INT64_MIN));
    json_object_set_new(o, "max", json_integer(INT64_MAX));
    json_object_set_new(o, "zero", json_integer(0));
    json_object_set_new(o, "neg", json_integer(-42));
    json_object_set_new(o, "empty_a", json_array());
    json_object_set_new(o, "empty_o", json_object());
    json_object_setn_new(o, "k\"\xC3\xA9", 4, json_integer(1));
    assert_dumps(o, JSON_COMPACT | JSON_REAL_PRECISION(15),
                 "{\"s\":\"x\\\"y\\\\z/\\n\\t\\r\\b\\f\\u0001\\u001F\x7f\","
                 "\"vi\":\"Đà Nẵng – “Quốc hội” …\",\"astral\":\"\xF0\x9F\x98\x80\","
                 "\"nul\":\"a\\u0000b\",\"n\":null,\"t\":true,\"f\":false,"
                 "\"min\":-9223372036854775808,\"max\":9223372036854775807,\"zero\":0,"
                 "\"neg\":-42,\"empty_a\":[],\"empty_o\":{},\"k\\\"\xC3\xA9\":1}");
    assert_same_as_jansson(o);
    json_decref(o);
}

/* Strings of random pieces (ASCII, escapes, characters of two, three and four bytes with the
 * leads whose second byte is narrower, and ill-formed sequences) at every offset against the
 * 16 bytes the writer checks at a time: the same text as json_dumps(), or the same refusal. */
static void test_string_runs(void **state)
{
    (void)state;
    static const char *const pieces[] = {"a",
                                         "Z ",
                                         " ",
                                         "\"",
                                         "\\",
                                         "\n",
                                         "\x01",
                                         "\x7f",
                                         "/",
                                         "\xc3\xa9",
                                         "\xdf\x90",
                                         "\xe1\xba\xa1",
                                         "\xe2\x80\x94",
                                         "\xe0\xa0\x80",
                                         "\xed\x9f\xbf",
                                         "\xee\x80\x80",
                                         "\xef\xbf\xbd",
                                         "\xf0\x9f\x98\x80",
                                         "\xed\xa0\x80",
                                         "\xc3",
                                         "\x80",
                                         "\xc0\xaf",
                                         "\xe1\xba",
                                         "\xf5\x80\x80\x80",
                                         "\xe0\x80\x80"};
    uint32_t seed = 0x2545f491u;
    char buf[256];
    int refused = 0, written = 0;
    for (int round = 0; round < 20000; round++) {
        size_t n = 0;
        seed = seed * 1103515245u + 12345u;
        int parts = (int)((seed >> 16) % 60);
        bool valid_only = round % 2 == 0; /* half the texts keep to well-formed pieces */
        for (int k = 0; k < parts; k++) {
            seed = seed * 1103515245u + 12345u;
            size_t count = sizeof pieces / sizeof pieces[0];
            size_t pick = (seed >> 16) % (valid_only ? count - 7 : count);
            /* Mostly letters, so that runs are long enough to cross 16-byte blocks. */
            if (((seed >> 8) & 3) != 0) {
                pick = (seed >> 10) % 13 < 6 ? 0 : 9 + (seed >> 12) % 4;
            }
            size_t l = strlen(pieces[pick]);
            if (n + l > sizeof buf) {
                break;
            }
            memcpy(buf + n, pieces[pick], l);
            n += l;
        }
        json_t *arr = json_array();
        json_array_append_new(arr, json_stringn_nocheck(buf, n));
        char *want = json_dumps(arr, JSON_COMPACT);
        char *got = NULL;
        size_t len = 0;
        int rc = enrich_json_dumps(arr, JSON_COMPACT, &got, &len);
        if (want == NULL) {
            assert_int_equal(rc, ENRICH_ERR_INVALID);
            refused++;
        } else {
            assert_int_equal(rc, 0);
            assert_string_equal(got, want);
            assert_int_equal(len, strlen(want));
            written++;
        }
        free(got);
        free(want);
        json_decref(arr);
    }
    assert_true(refused > 1000 && written > 1000);
}

static void test_reals(void **state)
{
    (void)state;
    json_t *a = json_pack("[f,f,f,f,f,f]", 98.7, 2345000000000.0, 1e20, 1.5e-7, -0.5, 1e300);
    assert_dumps(a, JSON_COMPACT | JSON_REAL_PRECISION(15),
                 "[98.7,2345000000000.0,1e20,1.5e-7,-0.5,1e300]");
    assert_dumps(a, JSON_COMPACT | JSON_REAL_PRECISION(17),
                 "[98.700000000000003,2345000000000.0,1e20,1.4999999999999999e-7,-0.5,"
                 "1.0000000000000001e300]");
    assert_same_as_jansson(a);
    json_decref(a);
}

static void test_sorted_keys(void **state)
{
    (void)state;
    json_t *o = json_pack("{s:i, s:i, s:i, s:i, s:i, s:{s:i, s:i}}", "b", 4, "ab", 3, "", 1, "a", 2,
                          "\xC3\xA9", 5, "z", "y", 1, "x", 2);
    assert_dumps(o, JSON_COMPACT | JSON_SORT_KEYS,
                 "{\"\":1,\"a\":2,\"ab\":3,\"b\":4,\"z\":{\"x\":2,\"y\":1},\"\xC3\xA9\":5}");
    assert_dumps(o, JSON_COMPACT,
                 "{\"b\":4,\"ab\":3,\"\":1,\"a\":2,\"\xC3\xA9\":5,\"z\":{\"y\":1,\"x\":2}}");
    assert_same_as_jansson(o);
    /* More members than the writer sorts on its stack. */
    json_t *big = json_object();
    for (int i = 0; i < 100; i++) {
        char key[16];
        snprintf(key, sizeof key, "k%d", (i * 37) % 100);
        json_object_set_new(big, key, json_integer(i));
    }
    assert_same_as_jansson(big);
    /* A key that is not UTF-8 (set without checks): jansson's own text either way. */
    json_object_set_new_nocheck(big, "bad\xFF", json_integer(0));
    char *want = json_dumps(big, JSON_COMPACT | JSON_SORT_KEYS), *got = NULL;
    size_t len = 0;
    int rc = enrich_json_dumps(big, JSON_COMPACT | JSON_SORT_KEYS, &got, &len);
    if (want == NULL) {
        assert_int_equal(rc, ENRICH_ERR_INVALID);
    } else {
        assert_int_equal(rc, 0);
        assert_string_equal(got, want);
    }
    free(want);
    free(got);
    json_decref(big);
    json_decref(o);
}

static void test_nesting(void **state)
{
    (void)state;
    /* Deeper than the writer's own stack: the result must not change. */
    json_t *root = json_array(), *cur = root;
    for (int i = 0; i < 200; i++) {
        json_t *next = i % 2 ? json_array() : json_object();
        if (json_is_array(cur)) {
            json_array_append_new(cur, next);
        } else {
            json_object_set_new(cur, "k", next);
        }
        cur = next;
    }
    assert_same_as_jansson(root);
    json_decref(root);
}

static void assert_refused(const json_t *v)
{
    char *got = (char *)"unset";
    size_t len = 1;
    assert_null(json_dumps(v, JSON_COMPACT));
    assert_int_equal(enrich_json_dumps(v, JSON_COMPACT, &got, &len), ENRICH_ERR_INVALID);
    assert_null(got);
    assert_int_equal(len, 0);
}

static void test_refusals(void **state)
{
    (void)state;
    /* Strings jansson's own checks would have refused, made without those checks. */
    static const char *const bad[] = {
        "\xC3",             /* cut short */
        "\xC3(",            /* not a continuation byte */
        "\x80",             /* a continuation byte first */
        "\xC0\x80",         /* overlong, C0 */
        "\xE0\x80\x80",     /* overlong, 3 bytes */
        "\xED\xA0\x80",     /* a surrogate */
        "\xF0\x80\x80\x80", /* overlong, 4 bytes */
        "\xF4\x90\x80\x80", /* above U+10FFFF */
        "\xF5\x80\x80\x80", /* no such lead byte */
        "ok\xFF",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        json_t *a = json_array();
        json_array_append_new(a, json_stringn_nocheck(bad[i], strlen(bad[i])));
        assert_refused(a);
        json_decref(a);
    }
    /* A cycle through two arrays. */
    json_t *a = json_array(), *b = json_array();
    json_array_append(a, b);
    json_array_append(b, a);
    assert_refused(a);
    json_array_clear(b);
    json_decref(b);
    json_decref(a);
    /* A scalar only with JSON_ENCODE_ANY, as json_dumps(); flags it does not reproduce. */
    json_t *s = json_string("x\n");
    char *out = NULL;
    size_t len = 0;
    assert_int_equal(enrich_json_dumps(s, JSON_COMPACT, &out, &len), ENRICH_ERR_INVALID);
    assert_dumps(s, JSON_COMPACT | JSON_ENCODE_ANY, "\"x\\n\"");
    assert_int_equal(enrich_json_dumps(NULL, JSON_COMPACT, &out, &len), ENRICH_ERR_INVALID);
    json_t *o = json_object();
    assert_int_equal(enrich_json_dumps(o, 0, &out, &len), ENRICH_ERR_INVALID);
    assert_int_equal(enrich_json_dumps(o, JSON_COMPACT | JSON_INDENT(2), &out, &len),
                     ENRICH_ERR_INVALID);
    assert_int_equal(enrich_json_dumps(o, JSON_COMPACT | JSON_ENSURE_ASCII, &out, &len),
                     ENRICH_ERR_INVALID);
    assert_int_equal(enrich_json_dumps(o, JSON_COMPACT | JSON_ESCAPE_SLASH, &out, &len),
                     ENRICH_ERR_INVALID);
    assert_null(out);
    json_decref(o);
    json_decref(s);
}

/* Every whole article of tests/enrich/articles, as text and as HTML where it is HTML. */
static void test_article_records(void **state)
{
    (void)state;
    struct enrich *e = NULL;
    assert_int_equal(enrich_create(&e), 0);
    char dir[4096];
    support_source_path("tests/enrich/articles", dir, sizeof dir);
    DIR *d = opendir(dir);
    assert_non_null(d);
    int records = 0;
    struct dirent *ent;
    while ((ent = readdir(d)) != NULL) {
        size_t l = strlen(ent->d_name);
        bool html = l > 5 && strcmp(ent->d_name + l - 5, ".html") == 0;
        if (!html && !(l > 4 && strcmp(ent->d_name + l - 4, ".txt") == 0)) {
            continue;
        }
        char path[8192];
        snprintf(path, sizeof path, "%s/%s", dir, ent->d_name);
        size_t len = 0;
        char *body = support_read_file(path, &len);
        assert_non_null(body);
        struct enrich_submission sub = {.id = ent->d_name,
                                        .source = "test",
                                        .body = body,
                                        .body_len = len,
                                        .content_type = html ? "text/html" : "text/plain",
                                        .published_at = "2024-03-05T08:00:00+07:00"};
        json_t *rec = NULL;
        assert_int_equal(enrich_article(e, &sub, &rec), 0);
        assert_same_as_jansson(rec);
        json_decref(rec);
        free(body);
        records++;
    }
    closedir(d);
    enrich_destroy(e);
    /* The folder holds at least the fifteen articles the issue asks for. */
    assert_true(records >= 15);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_scalars_and_escapes),
        cmocka_unit_test(test_string_runs),
        cmocka_unit_test(test_reals),
        cmocka_unit_test(test_sorted_keys),
        cmocka_unit_test(test_nesting),
        cmocka_unit_test(test_refusals),
        cmocka_unit_test(test_article_records),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
