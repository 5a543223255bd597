/* enrich_article end to end: the record's fields from submissions of every shape, the schema and
 * offset invariants, language detection, offsets conversion, word counts and thread safety. */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "digest.h"
#include "enrich_internal.h"
#include "support.h"

static struct enrich *engine;

static int setup(void **state)
{
    (void)state;
    return enrich_create(&engine);
}

static int teardown(void **state)
{
    (void)state;
    enrich_destroy(engine);
    return 0;
}

/* Enriches and checks the invariants; the caller releases the record. */
static json_t *enrich(struct enrich_submission sub)
{
    if (sub.id == NULL) {
        sub.id = "t-1";
    }
    if (sub.source == NULL) {
        sub.source = "test";
    }
    sub.body_len = strlen(sub.body);
    json_t *rec = NULL;
    assert_int_equal(enrich_article(engine, &sub, &rec), 0);
    assert_int_equal(support_check_invariants(sub.id, rec), 0);
    return rec;
}

static const char *str(json_t *rec, const char *key)
{
    return json_string_value(json_object_get(rec, key));
}

static bool has_warning(json_t *rec, const char *code)
{
    size_t i;
    json_t *w;
    json_array_foreach(json_object_get(rec, "warnings"), i, w)
    {
        if (strcmp(json_string_value(w), code) == 0) {
            return true;
        }
    }
    return false;
}

static const char *seed_like =
    "15/07/2020 - 21:29\n\nĐồng chí Phạm Văn Hiểu, Chủ tịch HĐND thành phố:\n\nHạn chế tình trạng "
    "hành chính hóa\n\n(CT) - Ngày 15-7-2020, Thành ủy Cần Thơ tổ chức hội nghị.\n\nTin, ảnh: "
    "THANH THY\n\nChia sẻ bài viết\n";

static void test_plain_record(void **state)
{
    (void)state;
    json_t *rec = enrich((struct enrich_submission){.id = "ct-1",
                                                    .source = "baocantho",
                                                    .url = "https://baocantho.com.vn/a.html",
                                                    .body = seed_like});
    assert_int_equal(json_integer_value(json_object_get(rec, "schema_version")), 1);
    assert_string_equal(str(rec, "id"), "ct-1");
    assert_string_equal(str(rec, "source"), "baocantho");
    assert_string_equal(str(rec, "url"), "https://baocantho.com.vn/a.html");
    assert_string_equal(str(rec, "lang"), "vi");
    assert_string_equal(str(rec, "title"), "Hạn chế tình trạng hành chính hóa");
    assert_string_equal(str(rec, "kicker"), "Đồng chí Phạm Văn Hiểu, Chủ tịch HĐND thành phố");
    assert_string_equal(str(rec, "published_at"), "2020-07-15T21:29:00+07:00");
    assert_string_equal(str(rec, "source_tag"), "CT");
    assert_string_equal(str(rec, "text"), "Ngày 15-7-2020, Thành ủy Cần Thơ tổ chức hội nghị.");
    assert_int_equal(json_integer_value(json_object_get(rec, "word_count")), 10);
    char hash[65];
    digest_sha256_hex(str(rec, "text"), strlen(str(rec, "text")), hash);
    assert_string_equal(str(rec, "content_hash"), hash);
    json_t *d0 = json_array_get(json_object_get(rec, "dates"), 0);
    assert_string_equal(str(d0, "text"), "15/07/2020 - 21:29");
    assert_string_equal(str(d0, "value"), "2020-07-15T21:29:00+07:00");
    assert_string_equal(str(d0, "role"), "published");
    assert_true(json_is_null(json_object_get(d0, "start")));
    assert_int_equal(json_array_size(json_object_get(rec, "warnings")), 0);
    json_decref(rec);
}

static void test_submitted_fields_win(void **state)
{
    (void)state;
    json_t *rec = enrich((struct enrich_submission){.body = seed_like,
                                                    .title = "  Tiêu đề  của  tòa soạn ",
                                                    .byline = "Nguyễn Văn An",
                                                    .published_at = "2020-07-16T08:00:00+07:00"});
    assert_string_equal(str(rec, "title"), "Tiêu đề của tòa soạn");
    assert_string_equal(str(rec, "published_at"), "2020-07-16T08:00:00+07:00");
    json_t *byline = json_object_get(rec, "byline");
    assert_string_equal(str(byline, "raw"), "Nguyễn Văn An");
    assert_string_equal(json_string_value(json_array_get(json_object_get(byline, "authors"), 0)),
                        "Nguyễn Văn An");
    /* The header and byline lines are still not body text. */
    assert_string_equal(str(rec, "text"), "Ngày 15-7-2020, Thành ủy Cần Thơ tổ chức hội nghị.");
    assert_false(has_warning(rec, "published_at_mismatch"));
    json_decref(rec);
}

static void test_published_at_fallbacks(void **state)
{
    (void)state;
    json_t *rec = enrich((struct enrich_submission){.body = seed_like, .published_at = "hôm qua"});
    assert_true(has_warning(rec, "published_at_unparseable"));
    assert_string_equal(str(rec, "published_at"), "2020-07-15T21:29:00+07:00");
    json_decref(rec);

    rec = enrich((struct enrich_submission){.body = seed_like, .published_at = "2020-07-15"});
    assert_string_equal(str(rec, "published_at"), "2020-07-15T21:29:00+07:00");
    json_decref(rec);

    rec = enrich((struct enrich_submission){.body = "Nội dung không có ngày tháng.",
                                            .published_at = "2021-03-04"});
    assert_string_equal(str(rec, "published_at"), "2021-03-04");
    json_decref(rec);

    rec =
        enrich((struct enrich_submission){.body = seed_like, .published_at = "2020-09-01T10:00Z"});
    assert_string_equal(str(rec, "published_at"), "2020-09-01T10:00:00+00:00");
    assert_true(has_warning(rec, "published_at_mismatch"));
    json_decref(rec);

    rec = enrich((struct enrich_submission){.body = "Không có gì cả."});
    assert_true(json_is_null(json_object_get(rec, "published_at")));
    assert_true(has_warning(rec, "no_published_at"));
    assert_true(has_warning(rec, "no_title"));
    json_decref(rec);
}

static void test_html_submission(void **state)
{
    (void)state;
    const char *html =
        "<html><head><title>Báo X</title><script>track()</script></head><body>"
        "<h1>Đà Nẵng đón 1 triệu lượt khách</h1><div class=\"sapo\">(ĐNO) - Sáng 2/1, thành phố "
        "đón đoàn khách đầu tiên.</div><figure><img src=a.jpg><figcaption>Du khách tại cầu Rồng. "
        "Ảnh: HOÀNG HIỆP</figcaption></figure><p>Ngành du lịch kỳ vọng năm 2024 tăng trưởng.</p>"
        "<div class=\"share-tools\">Chia sẻ</div><p class=\"author\">HOÀNG HIỆP</p></body></html>";
    json_t *rec = enrich((struct enrich_submission){.body = html, .content_type = "text/html"});
    assert_string_equal(str(rec, "title"), "Đà Nẵng đón 1 triệu lượt khách");
    assert_string_equal(str(rec, "source_tag"), "ĐNO");
    assert_string_equal(str(rec, "text"), "Sáng 2/1, thành phố đón đoàn khách đầu tiên.\nNgành du "
                                          "lịch kỳ vọng năm 2024 tăng trưởng.");
    json_t *cap = json_array_get(json_object_get(rec, "captions"), 0);
    assert_string_equal(str(cap, "text"), "Du khách tại cầu Rồng. Ảnh: HOÀNG HIỆP");
    assert_string_equal(str(cap, "credit"), "HOÀNG HIỆP");
    json_t *byline = json_object_get(rec, "byline");
    assert_string_equal(json_string_value(json_array_get(json_object_get(byline, "authors"), 0)),
                        "Hoàng Hiệp");
    json_decref(rec);
}

/* Objects the core builds itself, to the byte: a <figcaption> without a credit, and a
 * submitted byline that does not parse as one (kept whole as its only author). */
static void test_built_objects(void **state)
{
    (void)state;
    const char *html = "<p>Đà Nẵng đón đoàn khách đầu tiên của năm.</p><figure><img src=b.jpg>"
                       "<figcaption>Cầu Rồng về đêm</figcaption></figure>";
    json_t *rec = enrich((struct enrich_submission){
        .body = html, .content_type = "text/html", .byline = "Ban Biên tập"});
    char *cap = json_dumps(json_array_get(json_object_get(rec, "captions"), 0), JSON_COMPACT);
    assert_string_equal(cap, "{\"text\":\"Cầu Rồng về đêm\",\"credit\":null}");
    char *byline = json_dumps(json_object_get(rec, "byline"), JSON_COMPACT);
    assert_string_equal(byline,
                        "{\"raw\":\"Ban Biên tập\",\"authors\":[\"Ban Biên tập\"],\"roles\":[]}");
    free(cap);
    free(byline);
    json_decref(rec);
}

/* A text/html body without any tag or entity is read as the plain text it is. */
static void test_html_without_tags(void **state)
{
    (void)state;
    json_t *rec = enrich((struct enrich_submission){.body = "Nông dân Cà Mau trúng mùa.\n\nGiá tôm "
                                                            "tăng.",
                                                    .content_type = "text/html"});
    assert_string_equal(str(rec, "text"), "Nông dân Cà Mau trúng mùa.\nGiá tôm tăng.");
    json_decref(rec);
}

/* The same article composed and decomposed gives the same text and hash. */
static void test_decomposed_equals_composed(void **state)
{
    (void)state;
    const char *nfc = "Người dân Quảng Ninh đón Tết.";
    const char *nfd =
        "Ngu\xcc\x9bo\xcc\x9b\xcc\x80i da\xcc\x82n Qua\xcc\x89ng Ninh \xc4\x91o\xcc\x81n "
        "Te\xcc\x82\xcc\x81t.";
    json_t *a = enrich((struct enrich_submission){.body = nfc});
    json_t *b = enrich((struct enrich_submission){.body = nfd});
    assert_string_equal(str(a, "text"), nfc);
    assert_string_equal(str(b, "text"), nfc);
    assert_string_equal(str(a, "content_hash"), str(b, "content_hash"));
    assert_int_equal(
        json_integer_value(json_object_get(json_object_get(b, "normalizations"), "nfc")), 8);
    json_decref(a);
    json_decref(b);
}

static void test_language(void **state)
{
    (void)state;
    json_t *rec = enrich((struct enrich_submission){
        .body = "HANOI (Reuters) - Vietnam's exports rose 12.5% in the first half of the year, "
                "the statistics office said on Monday, as demand for electronics recovered."});
    assert_string_equal(str(rec, "lang"), "en");
    assert_string_equal(str(rec, "source_tag"), "Reuters");
    json_decref(rec);
    rec =
        enrich((struct enrich_submission){.body = "Nông dân Cà Mau trúng mùa tôm.", .lang = "en"});
    assert_string_equal(str(rec, "lang"), "en");
    json_decref(rec);
    rec =
        enrich((struct enrich_submission){.body = "Nông dân Cà Mau trúng mùa tôm.", .lang = "fr"});
    assert_string_equal(str(rec, "lang"), "vi");
    assert_true(has_warning(rec, "lang_unknown"));
    json_decref(rec);
}

struct lang_case {
    const char *text;
    enum enrich_lang lang;
};

static const struct lang_case langs[] = {
    {"Thành ủy Cần Thơ tổ chức hội nghị tổng kết công tác dân vận.", ENRICH_LANG_VI},
    {"The ministry said the new rules would take effect next month.", ENRICH_LANG_EN},
    {"Prime Minister Phạm Minh Chính met the delegation in Hà Nội on Tuesday and said that the "
     "two countries would expand trade.",
     ENRICH_LANG_EN},
    {"Thanh pho Can Tho to chuc hoi nghi tong ket cong tac dan van", ENRICH_LANG_VI},
    {"COVID-19 2020 9.720", ENRICH_LANG_VI},
    {"Nguyễn Phú Trọng, Phạm Minh Chính, Võ Văn Thưởng attended the ceremony in Hà Nội on Tuesday.",
     ENRICH_LANG_EN},
    {"Ông Nguyễn Văn A nói.", ENRICH_LANG_VI},
    {"Bí Thư Tỉnh Ủy Đồng Tháp Lê Quốc Phong", ENRICH_LANG_VI},
    {"Tesla, Apple, Samsung và Google đều có mặt.", ENRICH_LANG_VI},
    {"", ENRICH_LANG_VI},
    /* Short English with Vietnamese and Korean names, no diacritics, few function words. */
    {"Prime Minister Pham Minh Chinh met Samsung chairman Lee Jae-yong in Hanoi on Monday.",
     ENRICH_LANG_EN},
    {"Vietnam Airlines adds weekly flights between Ho Chi Minh City and Melbourne from December.",
     ENRICH_LANG_EN},
    {"Deputy Prime Minister Tran Hong Ha inspected flood defences in Quang Ngai province.",
     ENRICH_LANG_EN},
    {"Vingroup chairman Pham Nhat Vuong pledged new investment in electric buses, the company "
     "announced in a statement on Friday. Sales rose sharply last quarter.",
     ENRICH_LANG_EN},
    /* Vietnamese typed without marks, names and English brands included. */
    {"Thu tuong Pham Minh Chinh tiep Chu tich Samsung Lee Jae-yong tai Ha Noi", ENRICH_LANG_VI},
    {"Nguoi dan o Quang Ngai khong the ve nha vi mua lon", ENRICH_LANG_VI},
    {"Cong ty Samsung va Apple deu co mat tai hoi cho cong nghe", ENRICH_LANG_VI},
    {"Bo Cong an to chuc hoi nghi tong ket nam", ENRICH_LANG_VI},
    {"Apple Ra Mắt iPhone 15 Pro Max Tại Việt Nam", ENRICH_LANG_VI},
    /* A brief with lowercase Vietnamese words stays Vietnamese. */
    {"Samsung Electronics công bố kế hoạch mở rộng nhà máy tại Bắc Ninh.", ENRICH_LANG_VI},
};

static void test_lang_detect(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof langs / sizeof langs[0]; i++) {
        if (enrich_lang_detect(langs[i].text, strlen(langs[i].text)) != langs[i].lang) {
            fail_msg("language of \"%s\"", langs[i].text);
        }
    }
}

static void test_bad_input(void **state)
{
    (void)state;
    json_t *rec = NULL;
    struct enrich_submission sub = {.id = "x", .source = "s", .body = NULL};
    assert_int_equal(enrich_article(engine, &sub, &rec), ENRICH_ERR_INVALID);
    assert_null(rec);
    sub.body = "Tin.";
    sub.body_len = 4;
    sub.id = "bad\xff";
    assert_int_equal(enrich_article(engine, &sub, &rec), ENRICH_ERR_INVALID);
    assert_null(rec);

    rec = enrich((struct enrich_submission){.body = "Giá \xff\xfe lúa"});
    assert_true(has_warning(rec, "invalid_utf8"));
    assert_string_equal(str(rec, "text"), "Giá \xef\xbf\xbd\xef\xbf\xbd lúa");
    json_decref(rec);

    rec = enrich((struct enrich_submission){.body = " \n\xe2\x80\x8b\n "});
    assert_string_equal(str(rec, "text"), "");
    assert_true(has_warning(rec, "empty_text"));
    assert_int_equal(json_integer_value(json_object_get(rec, "word_count")), 0);
    json_decref(rec);
}

/* ---- offsets ---- */

static void test_offsets(void **state)
{
    (void)state;
    const char *text = "Đồng chí Hiểu đến Cần Thơ.";
    /* Byte offsets: "Hiểu" is bytes 13..19 (code points 9..13), "Cần Thơ" 27..37 (18..25). */
    json_t *ents = json_pack("[{s:s, s:i, s:i, s:i}, {s:s, s:i, s:i}, {s:s, s:i, s:i, s:i},"
                             " {s:s, s:i, s:i}, {s:s, s:i, s:i}, {s:s, s:n, s:n}]",
                             "text", "Hiểu", "start", 13, "end", 19, "segment", 0, "text",
                             "Cần Thơ", "start", 27, "end", 37, "text", "Phó Bí thư", "start", 0,
                             "end", 13, "segment", 2, "text", "Hiểu", "start", 16, "end", 19,
                             "text", "Hiểu", "start", 13, "end", 60, "text", "x", "start", "end");
    json_t *figs = json_pack("[{s:s, s:i, s:i}]", "text", "Đồng", "start", 0, "end", 7);
    json_t *arrays[2] = {ents, figs};
    long invalid = 0;
    assert_int_equal(enrich_offsets_convert(text, strlen(text), arrays, 2, &invalid), 0);
    char *got = json_dumps(ents, JSON_COMPACT);
    assert_string_equal(got, "[{\"text\":\"Hiểu\",\"start\":9,\"end\":13},"
                             "{\"text\":\"Cần Thơ\",\"start\":18,\"end\":25},"
                             "{\"text\":\"Phó Bí thư\",\"start\":null,\"end\":null},"
                             "{\"text\":\"Hiểu\",\"start\":null,\"end\":null},"
                             "{\"text\":\"Hiểu\",\"start\":null,\"end\":null},"
                             "{\"text\":\"x\",\"start\":null,\"end\":null}]");
    free(got);
    got = json_dumps(figs, JSON_COMPACT);
    assert_string_equal(got, "[{\"text\":\"Đồng\",\"start\":0,\"end\":4}]");
    free(got);
    assert_int_equal(invalid, 2); /* mid-character start; end past the text */
    json_decref(ents);
    json_decref(figs);
}

/* The conversion from notes must give what the conversion from the arrays gives, for spans in
 * any order and across the 64-byte steps of its table: the same text as above, repeated. */
static void test_offsets_from_notes(void **state)
{
    (void)state;
    char text[1024] = "";
    for (int i = 0; i < 20; i++) {
        strcat(text, "Đồng chí Hiểu đến Cần Thơ.\n");
    }
    size_t len = strlen(text), piece = strlen("Đồng chí Hiểu đến Cần Thơ.\n");
    json_t *a = json_array(), *b = json_array();
    struct enrich_span_notes notes = {0};
    for (int i = 19; i >= 0; i--) {
        size_t base = (size_t)i * piece;
        const size_t at[3][2] = {{base + 13, base + 19}, {base + 27, base + 37}, {base, base + 7}};
        const char *what[3] = {"Hiểu", "Cần Thơ", "Đồng"};
        for (int k = 0; k < 3; k++) {
            for (int copy = 0; copy < 2; copy++) {
                json_t *text_json = json_string(what[k]);
                json_t *start = json_integer((json_int_t)at[k][0]);
                json_t *end = json_integer((json_int_t)at[k][1] + (i == 7 && k == 1));
                json_t *span = json_object();
                json_object_set_new(span, "text", text_json);
                json_object_set_new(span, "start", start);
                json_object_set_new(span, "end", end);
                json_array_append_new(copy == 0 ? a : b, span);
                if (copy == 1) {
                    assert_int_equal(
                        enrich_span_notes_add(&notes, span, start, end, text_json, ENRICH_SEG_TEXT),
                        0);
                }
            }
        }
    }
    long invalid_a = 0, invalid_b = 0;
    assert_int_equal(enrich_offsets_convert(text, len, &a, 1, &invalid_a), 0);
    assert_int_equal(enrich_offsets_convert_notes(text, len, &notes, &invalid_b), 0);
    assert_int_equal(invalid_a, 1); /* the span whose end was moved */
    assert_int_equal(invalid_b, 1);
    char *want = json_dumps(a, JSON_COMPACT), *got = json_dumps(b, JSON_COMPACT);
    assert_string_equal(got, want);
    /* The last piece's "Hiểu" starts at code point 19 * 27 + 9. */
    assert_int_equal(json_integer_value(json_object_get(json_array_get(b, 0), "start")),
                     19 * 27 + 9);
    free(want);
    free(got);
    free(notes.v);
    json_decref(a);
    json_decref(b);
}

struct count_case {
    const char *text;
    size_t words;
};

static const struct count_case counts[] = {
    {"", 0},          {"Thành ủy Cần Thơ", 4}, {"9.720 điển hình “Dân vận khéo”...", 6},
    {"a - b … c", 3}, {"Một.\nHai ba.", 3},
};

static void test_word_count(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof counts / sizeof counts[0]; i++) {
        assert_int_equal(enrich_record_word_count(counts[i].text, strlen(counts[i].text)),
                         counts[i].words);
    }
}

/* The count as its contract reads, one byte at a time: the record counts 64 bytes at a time
 * with bit masks, so tokens that straddle a block boundary are checked against this. */
static size_t reference_word_count(const unsigned char *p, size_t len)
{
    size_t words = 0;
    bool counted = false;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = p[i];
        if (c == ' ' || c == '\n') {
            counted = false;
            continue;
        }
        bool word = (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') ||
                    (c >= 0xC0 && c != 0xE2);
        if (word && !counted) {
            words++;
            counted = true;
        }
    }
    return words;
}

static void test_word_count_blocks(void **state)
{
    (void)state;
    /* Letters, separators, punctuation, the bytes of "á" and of a curly quote (E2 80 9C). */
    static const unsigned char alphabet[] = {' ',  '\n', 'a',  'Z',  '7',  '.', '-', 0xC3,
                                             0xA1, 0xE2, 0x80, 0x9C, 0xE1, '@', '[', '`'};
    unsigned char text[300];
    uint32_t seed = 12345;
    size_t checked_words = 0;
    for (int round = 0; round < 2000; round++) {
        size_t len = (size_t)(round % (int)sizeof text);
        /* Long runs without a separator in some rounds, so that tokens cross 64-byte blocks. */
        unsigned sparse = (unsigned)(round % 3) * 20 + 1;
        for (size_t i = 0; i < len; i++) {
            seed = seed * 1103515245u + 12345u;
            unsigned r = (seed >> 16) % (sizeof alphabet * sparse);
            text[i] = r < 2 ? alphabet[r] : alphabet[2 + r % (sizeof alphabet - 2)];
        }
        size_t want = reference_word_count(text, len);
        assert_int_equal(enrich_record_word_count((const char *)text, len), want);
        checked_words += want;
    }
    assert_true(checked_words > 10000);
}

/* ---- threads ---- */

struct job {
    const char *body;
    char *out;
};

static void *run_jobs(void *arg)
{
    struct job *jobs = arg;
    for (int round = 0; round < 20; round++) {
        for (int i = 0; jobs[i].body != NULL; i++) {
            struct enrich_submission sub = {.id = "t-1",
                                            .source = "test",
                                            .body = jobs[i].body,
                                            .body_len = strlen(jobs[i].body)};
            json_t *rec = NULL;
            if (enrich_article(engine, &sub, &rec) != 0) {
                return (void *)1;
            }
            char *dump = json_dumps(rec, JSON_COMPACT);
            json_decref(rec);
            bool same = strcmp(dump, jobs[i].out) == 0;
            free(dump);
            if (!same) {
                return (void *)1;
            }
        }
    }
    return NULL;
}

static void test_threads(void **state)
{
    (void)state;
    struct job jobs[] = {{seed_like, NULL},
                         {"<p>Đà Nẵng</p><p>Ảnh minh họa</p>", NULL},
                         {"Vie\xcc\x82\xcc\xa3t Nam 12,5%", NULL},
                         {NULL, NULL}};
    for (int i = 0; jobs[i].body != NULL; i++) {
        json_t *rec = enrich((struct enrich_submission){.body = jobs[i].body});
        jobs[i].out = json_dumps(rec, JSON_COMPACT);
        json_decref(rec);
    }
    pthread_t t[4];
    for (int i = 0; i < 4; i++) {
        assert_int_equal(pthread_create(&t[i], NULL, run_jobs, jobs), 0);
    }
    for (int i = 0; i < 4; i++) {
        void *rc;
        pthread_join(t[i], &rc);
        assert_null(rc);
    }
    for (int i = 0; jobs[i].body != NULL; i++) {
        free(jobs[i].out);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_plain_record),
        cmocka_unit_test(test_submitted_fields_win),
        cmocka_unit_test(test_published_at_fallbacks),
        cmocka_unit_test(test_html_submission),
        cmocka_unit_test(test_html_without_tags),
        cmocka_unit_test(test_decomposed_equals_composed),
        cmocka_unit_test(test_language),
        cmocka_unit_test(test_lang_detect),
        cmocka_unit_test(test_bad_input),
        cmocka_unit_test(test_offsets),
        cmocka_unit_test(test_offsets_from_notes),
        cmocka_unit_test(test_word_count),
        cmocka_unit_test(test_built_objects),
        cmocka_unit_test(test_word_count_blocks),
        cmocka_unit_test(test_threads),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
