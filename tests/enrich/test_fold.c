/*
 * enrich_fold: the matching key. Table of (input, key) pairs for casing, đ, tone placement old
 * and new style, decomposed input and slips; the buffer contract; and the tokenizer's keys,
 * which it folds while reading, equal to enrich_fold() of each token.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "enrich_entities_internal.h"

struct fold_case {
    const char *in;
    const char *key;
};

static const struct fold_case cases[] = {
    /* Casing, Vietnamese letters and đ. */
    {"Cần Thơ", "cần thơ"},
    {"THÀNH ỦY CẦN THƠ", "thành ủy cần thơ"},
    {"Đà Nẵng", "đà nẵng"},
    {"ĐỒNG CHÍ", "đồng chí"},
    {"\xc3\x90\xe1\xba\xa3ng", "đảng"}, /* Ð (U+00D0) for Đ */
    {"NGƯỜI DÂN", "người dân"},
    {"Việt Nam", "việt nam"},
    {"290-QĐ/TW", "290-qđ/tw"},
    {"TP.HCM", "tp.hcm"},
    {"", ""},
    {"123 456", "123 456"},
    /* Tone placement: new style and old style give one key (the old style). */
    {"hoà", "hòa"},
    {"hòa", "hòa"},
    {"Khánh Hoà", "khánh hòa"},
    {"thuỷ", "thủy"},
    {"THUỶ", "thủy"},
    {"uỷ ban", "ủy ban"},
    {"Ủy ban", "ủy ban"},
    {"khoẻ", "khỏe"},
    {"khỏe", "khỏe"},
    {"Thuỵ Điển", "thụy điển"},
    {"loà", "lòa"},
    {"toà án", "tòa án"},
    {"tòa án", "tòa án"},
    /* A consonant after the vowels takes the tone to the last vowel. */
    {"hoàn", "hoàn"},
    {"hòan", "hoàn"},
    {"toán", "toán"},
    {"tóan", "toán"},
    /* Three vowels: the middle one. */
    {"ngoài", "ngoài"},
    {"ngòai", "ngoài"},
    {"khuỷu", "khuỷu"},
    {"khủyu", "khuỷu"},
    /* A vowel with a modifier takes the tone: ươ -> ơ, uyê -> ê. */
    {"người", "người"},
    {"ngừơi", "người"},
    {"thuở", "thuở"},
    {"khuyến", "khuyến"},
    {"khúyên", "khuyến"},
    /* qu and gi: their u and i are consonants. */
    {"quý", "quý"},
    {"Qúy", "quý"},
    {"quỳnh", "quỳnh"},
    {"giữ", "giữ"},
    {"gìn", "gìn"},
    {"già", "già"},
    {"gía", "giá"},
    {"gìa", "già"},
    {"qùa", "quà"},
    {"QÙY", "quỳ"},
    {"giừơng", "giường"},
    {"gịa", "giạ"},
    /* Edges of the rule, which the tokenizer checks from what it noted while reading: a
     * syllable cut by digits, two tones (left as written), a run of more than three vowels (no
     * syllable), more than twelve letters (no syllable either), a modifier before the run's end. */
    {"hoà9", "hòa9"},
    {"9thuỷ", "9thủy"},
    {"hoàhoà", "hoàhoà"},
    {"aaaaaaaaaaaà", "aaaaaaaaaaaà"},
    {"bchdfghklmnoà", "bchdfghklmnoà"},
    {"trởuy", "trởuy"},
    /* Decomposed input (NFD) gives the key of the composed one. */
    {"ho\xcc\x80"
     "a",
     "hòa"},
    {"hoa\xcc\x80", "hòa"},
    {"Vie\xcc\x82\xcc\xa3t", "việt"},
    {"o\xcc\x9b\xcc\x80", "ờ"},
    {"u\xcc\x9b", "ư"},
    {"a\xcc\x86\xcc\x81", "ắ"},
    /* Other scripts: simple lowercase. */
    {"Straße", "straße"},
    {"ÉCOLE", "école"},
    {"ΑΘΗΝΑ", "αθηνα"},
};

static void test_fold_table(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        char out[256];
        long n = enrich_fold(cases[i].in, strlen(cases[i].in), out, sizeof(out));
        if (n < 0 || strcmp(out, cases[i].key) != 0) {
            print_error("fold(\"%s\") = \"%s\", want \"%s\"\n", cases[i].in,
                        n < 0 ? "<error>" : out, cases[i].key);
        }
        assert_true(n >= 0);
        assert_int_equal((size_t)n, strlen(cases[i].key));
        assert_string_equal(out, cases[i].key);
    }
}

/* đ is its own letter: "đa" and "da" never share a key. */
static void test_d_stays_distinct(void **state)
{
    (void)state;
    char a[16], b[16];
    assert_int_equal(enrich_fold("Đa", strlen("Đa"), a, sizeof(a)), 3);
    assert_int_equal(enrich_fold("Da", 2, b, sizeof(b)), 2);
    assert_string_not_equal(a, b);
    assert_string_equal(b, "da");
}

static void test_buffer_contract(void **state)
{
    (void)state;
    char out[8];
    /* Exactly enough room: the key and its NUL. */
    assert_int_equal(enrich_fold("ABCDEFG", 7, out, 8), 7);
    assert_string_equal(out, "abcdefg");
    /* One byte short: an error, never a cut key. */
    assert_true(enrich_fold("ABCDEFGH", 8, out, 8) < 0);
    assert_true(enrich_fold("hoà", strlen("hoà"), out, 4) < 0);
    assert_int_equal(enrich_fold("hoà", strlen("hoà"), out, 5), 4);
    assert_int_equal(enrich_fold(NULL, 0, out, sizeof(out)), 0);
    assert_int_equal(enrich_fold(NULL, 3, out, sizeof(out)), ENRICH_ERR_INVALID);
    assert_int_equal(enrich_fold("a", 1, NULL, 4), ENRICH_ERR_INVALID);
    assert_int_equal(enrich_fold("a", 1, out, 0), ENRICH_ERR_INVALID);
    /* Invalid UTF-8 becomes U+FFFD; the key stays valid UTF-8. */
    char big[32];
    assert_int_equal(enrich_fold("a\xff"
                                 "b",
                                 3, big, sizeof(big)),
                     5);
    assert_string_equal(big, "a\xef\xbf\xbd"
                             "b");
    /* Bytes past len are not read. */
    assert_int_equal(enrich_fold("HOA", 2, big, sizeof(big)), 2);
    assert_string_equal(big, "ho");
}

/* Folding twice changes nothing. */
static void test_idempotent(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        char once[256], twice[256];
        long n = enrich_fold(cases[i].in, strlen(cases[i].in), once, sizeof(once));
        assert_true(n >= 0);
        assert_int_equal(enrich_fold(once, (size_t)n, twice, sizeof(twice)), n);
        assert_string_equal(once, twice);
    }
}

static void check_tokens_fold_alike(const char *text)
{
    struct ent_tokens t;
    memset(&t, 0, sizeof(t));
    assert_int_equal(ent_tokenize(text, strlen(text), &t), 0);
    for (size_t i = 0; i < t.n; i++) {
        if (!(t.v[i].flags & ENT_TOK_WORD)) {
            continue;
        }
        char want[1024];
        long n = enrich_fold(text + t.v[i].start, t.v[i].end - t.v[i].start, want, sizeof(want));
        assert_true(n >= 0);
        if ((size_t)n != t.v[i].key_len || strcmp(want, ent_tok_key(&t, i)) != 0) {
            print_error("token \"%.*s\": tokenizer key \"%s\", enrich_fold \"%s\"\n",
                        (int)(t.v[i].end - t.v[i].start), text + t.v[i].start, ent_tok_key(&t, i),
                        want);
        }
        assert_int_equal((size_t)n, t.v[i].key_len);
        assert_string_equal(want, ent_tok_key(&t, i));
        assert_int_equal(t.v[i].hash, ent_hash_key(want, (size_t)n));
    }
    ent_tokens_free(&t);
}

static void test_tokenizer_keys_match_fold(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        check_tokens_fold_alike(cases[i].in);
    }
    check_tokens_fold_alike("Đồng chí Phạm Văn Hiểu, Phó Bí thư Thường trực Thành ủy, Chủ tịch "
                            "HĐND thành phố: Quyết định 290-QÐ/TW, 08/2021/TT-BYT, TP.HCM, PGS.TS "
                            "Nguyễn Văn A, Bà Rịa-Vũng Tàu, 9.720 điển hình, 98,7%, GD&ĐT, "
                            "People’s Committee, Khánh Hoà, thuỷ lợi, ho\xcc\x80"
                            "a, \xff\xfe.");
}

/* Token boundaries and flags of the forms that names and numbers take. */
static void test_token_shapes(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        const char *tokens; /* expected token texts separated by '|' */
    } shapes[] = {
        {"TP.HCM và TP. Cần Thơ", "TP.HCM|và|TP|.|Cần|Thơ"},
        {"Quyết định 290-QĐ/TW ngày 15/7/2020", "Quyết|định|290-QĐ/TW|ngày|15/7/2020"},
        {"Bà Rịa-Vũng Tàu, Bà Rịa – Vũng Tàu", "Bà|Rịa|-|Vũng|Tàu|,|Bà|Rịa|–|Vũng|Tàu"},
        {"PGS.TS Nguyễn, ThS.BS Lê", "PGS.TS|Nguyễn|,|ThS.BS|Lê"},
        {"9.720 điển hình, 98,7%", "9.720|điển|hình|,|98,7|%"},
        {"Bộ GD&ĐT; COVID-19", "Bộ|GD&ĐT|;|COVID-19"},
        {"“Dân vận khéo”...", "“|Dân|vận|khéo|”|.|.|."},
        {"People's Committee", "People's|Committee"},
    };
    for (size_t k = 0; k < sizeof(shapes) / sizeof(shapes[0]); k++) {
        struct ent_tokens t;
        memset(&t, 0, sizeof(t));
        const char *text = shapes[k].text;
        assert_int_equal(ent_tokenize(text, strlen(text), &t), 0);
        char got[512] = "";
        for (size_t i = 0; i < t.n; i++) {
            if (i > 0) {
                strcat(got, "|");
            }
            strncat(got, text + t.v[i].start, t.v[i].end - t.v[i].start);
        }
        assert_string_equal(got, shapes[k].tokens);
        ent_tokens_free(&t);
    }
    struct ent_tokens t;
    memset(&t, 0, sizeof(t));
    const char *text = "Thành ủy HĐND 9.720 x";
    assert_int_equal(ent_tokenize(text, strlen(text), &t), 0);
    assert_int_equal(t.n, 5);
    assert_true(t.v[0].flags & ENT_TOK_CAP);
    assert_true(t.v[0].flags & ENT_TOK_SENT_START);
    assert_false(t.v[1].flags & ENT_TOK_CAP);
    assert_true(t.v[2].flags & ENT_TOK_ALLCAPS);
    assert_true(t.v[3].flags & ENT_TOK_NUMBER);
    assert_false(t.v[4].flags & ENT_TOK_SENT_START);
    ent_tokens_free(&t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fold_table),
        cmocka_unit_test(test_d_stays_distinct),
        cmocka_unit_test(test_buffer_contract),
        cmocka_unit_test(test_idempotent),
        cmocka_unit_test(test_tokenizer_keys_match_fold),
        cmocka_unit_test(test_token_shapes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
