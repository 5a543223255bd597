/*
 * Entity extractor tests: the case table tests/enrich/cases/entities.tsv (sentence -> entities
 * that must and must not be found), the seed article's expected entities, the shape of every
 * entity object, exact UTF-8 spans, and robustness on hostile input.
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

static struct enrich_gazetteer *gazetteer;

static int setup(void **state)
{
    (void)state;
    return enrich_gazetteer_create(&gazetteer);
}

static int teardown(void **state)
{
    (void)state;
    enrich_gazetteer_destroy(gazetteer);
    return 0;
}

static char *read_file(const char *rel, size_t *len)
{
    const char *root = getenv("INGEST_SOURCE_DIR");
    char path[4096];
    snprintf(path, sizeof(path), "%s/%s", root ? root : INGEST_SOURCE_DIR, rel);
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        fail_msg("cannot open %s", path);
    }
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = malloc((size_t)n + 1);
    assert_non_null(buf);
    assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
    buf[n] = '\0';
    fclose(f);
    if (len) {
        *len = (size_t)n;
    }
    return buf;
}

static void set_seg(struct enrich_doc *d, enum enrich_segment_kind k, const char *s)
{
    d->seg[k].s = s ? s : "";
    d->seg[k].len = s ? strlen(s) : 0;
}

static bool utf8_valid(const char *s, size_t len)
{
    for (size_t i = 0; i < len;) {
        uint32_t cp;
        size_t n = ent_utf8_decode(s + i, len - i, &cp);
        if (cp == 0xFFFD && n == 1) {
            return false;
        }
        i += n;
    }
    return true;
}

/* Runs the extractor; checks every entity's shape and span. Caller json_decref()s. */
static json_t *extract(const struct enrich_doc *d)
{
    json_t *arr = json_array();
    assert_int_equal(enrich_entities_find(gazetteer, d, arr), 0);
    size_t i;
    json_t *e;
    json_array_foreach(arr, i, e)
    {
        const char *type = json_string_value(json_object_get(e, "type"));
        assert_non_null(type);
        assert_true(strcmp(type, "person") == 0 || strcmp(type, "organization") == 0 ||
                    strcmp(type, "location") == 0 || strcmp(type, "document") == 0 ||
                    strcmp(type, "event") == 0);
        assert_true(json_is_string(json_object_get(e, "normalized")));
        assert_true(json_string_length(json_object_get(e, "normalized")) > 0);
        assert_true(json_is_array(json_object_get(e, "titles")));
        json_t *x = json_object_get(e, "expansion");
        assert_true(json_is_null(x) || json_is_string(x));
        assert_true(json_integer_value(json_object_get(e, "count")) >= 1);
        json_int_t seg = json_integer_value(json_object_get(e, "segment"));
        assert_true(seg >= 0 && seg < ENRICH_SEG_COUNT);
        json_int_t start = json_integer_value(json_object_get(e, "start"));
        json_int_t end = json_integer_value(json_object_get(e, "end"));
        const struct enrich_segment *s = &d->seg[seg];
        assert_true(start >= 0 && start < end && (size_t)end <= s->len);
        /* Spans sit on UTF-8 boundaries (of valid input: the core rejects invalid UTF-8
         * before extraction) and slice exactly to "text". */
        if (utf8_valid(s->s, s->len)) {
            assert_true(((unsigned char)s->s[start] & 0xC0) != 0x80);
            assert_true((size_t)end == s->len || ((unsigned char)s->s[end] & 0xC0) != 0x80);
            assert_true(utf8_valid(s->s + start, (size_t)(end - start)));
        }
        const char *text = json_string_value(json_object_get(e, "text"));
        assert_non_null(text);
        assert_int_equal(strlen(text), (size_t)(end - start));
        assert_memory_equal(text, s->s + start, (size_t)(end - start));
    }
    return arr;
}

/* ---- The case table ---- */

static bool titles_equal(json_t *titles, const char *want)
{
    size_t n = json_array_size(titles), k = 0;
    const char *p = want;
    while (*p != '\0') {
        const char *plus = strchr(p, '+');
        size_t len = plus ? (size_t)(plus - p) : strlen(p);
        const char *have = json_string_value(json_array_get(titles, k));
        if (have == NULL || strlen(have) != len || memcmp(have, p, len) != 0) {
            return false;
        }
        k++;
        p += len + (plus ? 1 : 0);
    }
    return k == n;
}

/* Checks "type:normalized@key=value@..." (or its negation) against the entities. Returns NULL
 * when it holds, else a static description of the failure. */
static const char *check_item(json_t *ents, char *item)
{
    bool negate = item[0] == '!';
    if (negate) {
        item++;
    }
    char *colon = strchr(item, ':');
    if (colon == NULL) {
        return "malformed expectation";
    }
    *colon = '\0';
    const char *type = item;
    char *norm = colon + 1;
    char *attrs = strchr(norm, '@');
    if (attrs) {
        *attrs++ = '\0';
    }
    size_t i;
    json_t *e;
    json_array_foreach(ents, i, e)
    {
        if (strcmp(json_string_value(json_object_get(e, "type")), type) != 0) {
            continue;
        }
        if (strcmp(norm, "*") != 0 &&
            strcmp(json_string_value(json_object_get(e, "normalized")), norm) != 0) {
            continue;
        }
        if (negate) {
            return "unwanted entity found";
        }
        char buf[1024];
        snprintf(buf, sizeof(buf), "%s", attrs ? attrs : "");
        for (char *a = buf; a && *a;) {
            char *next = strchr(a, '@');
            if (next) {
                *next++ = '\0';
            }
            char *eq = strchr(a, '=');
            if (eq == NULL) {
                return "malformed attribute";
            }
            *eq = '\0';
            const char *want = eq + 1;
            if (strcmp(a, "titles") == 0) {
                if (!titles_equal(json_object_get(e, "titles"), want)) {
                    return "titles differ";
                }
            } else if (strcmp(a, "expansion") == 0) {
                const char *have = json_string_value(json_object_get(e, "expansion"));
                if (want[0] == '\0' ? have != NULL : (have == NULL || strcmp(have, want) != 0)) {
                    return "expansion differs";
                }
            } else if (strcmp(a, "count") == 0) {
                if (json_integer_value(json_object_get(e, "count")) != atoi(want)) {
                    return "count differs";
                }
            } else if (strcmp(a, "text") == 0) {
                if (strcmp(json_string_value(json_object_get(e, "text")), want) != 0) {
                    return "text differs";
                }
            } else {
                return "unknown attribute";
            }
            a = next;
        }
        return NULL;
    }
    return negate ? NULL : "entity missing";
}

static void test_case_table(void **state)
{
    (void)state;
    char *table = read_file("tests/enrich/cases/entities.tsv", NULL);
    size_t cases = 0, items = 0, failures = 0;
    bool header = false;
    for (char *line = table; line && *line;) {
        char *nl = strchr(line, '\n');
        if (nl) {
            *nl = '\0';
        }
        char *next = nl ? nl + 1 : NULL;
        if (line[0] == '#' || line[0] == '\0') {
            line = next;
            continue;
        }
        if (!header) {
            header = true;
            line = next;
            continue;
        }
        char *col[5] = {line, NULL, NULL, NULL, NULL};
        for (int c = 1; c < 5; c++) {
            char *tab = col[c - 1] ? strchr(col[c - 1], '\t') : NULL;
            if (tab) {
                *tab = '\0';
                col[c] = tab + 1;
            }
        }
        assert_non_null(col[2]);
        struct enrich_doc d;
        memset(&d, 0, sizeof(d));
        d.lang = strcmp(col[0], "en") == 0 ? ENRICH_LANG_EN : ENRICH_LANG_VI;
        set_seg(&d, ENRICH_SEG_TEXT, col[1]);
        set_seg(&d, ENRICH_SEG_TITLE, col[4] ? col[4] : "");
        set_seg(&d, ENRICH_SEG_KICKER, col[3]);
        json_t *ents = extract(&d);
        cases++;
        char *expect = col[2];
        while (expect && *expect) {
            char *sep = strstr(expect, " ; ");
            if (sep) {
                *sep = '\0';
            }
            char item[1024];
            snprintf(item, sizeof(item), "%s", expect);
            items++;
            const char *why = check_item(ents, item);
            if (why != NULL) {
                failures++;
                char *dump = json_dumps(ents, JSON_COMPACT);
                print_error("case %zu \"%s\": %s: %s\n  got %s\n", cases, col[1], expect, why,
                            dump);
                free(dump);
            }
            expect = sep ? sep + 3 : NULL;
        }
        json_decref(ents);
        line = next;
    }
    free(table);
    print_message("%zu cases, %zu expectations, %zu failed\n", cases, items, failures);
    assert_true(cases >= 100);
    assert_int_equal(failures, 0);
}

/* ---- The seed article ---- */

/* Splits the seed the way the core does: kicker (without its ':'), title, and the text
 * without dateline, source tag, byline and share widget. */
static void seed_doc(char *raw, struct enrich_doc *d, char **text_out)
{
    char *lines[64] = {0};
    size_t n = 0;
    for (char *l = raw; l && n < 64;) {
        char *nl = strchr(l, '\n');
        if (nl) {
            *nl = '\0';
        }
        size_t len = strlen(l);
        while (len > 0 && (l[len - 1] == ' ' || l[len - 1] == '\r')) {
            l[--len] = '\0';
        }
        if (len > 0) {
            lines[n++] = l;
        }
        l = nl ? nl + 1 : NULL;
    }
    assert_true(n >= 6);
    /* lines: 0 dateline, 1 kicker, 2 title, 3.. paragraphs, then byline and share widget. */
    size_t kl = strlen(lines[1]);
    assert_true(lines[1][kl - 1] == ':');
    lines[1][kl - 1] = '\0';
    char *text = calloc(1, 8192);
    assert_non_null(text);
    for (size_t i = 3; i < n; i++) {
        if (strncmp(lines[i], "Tin, ảnh", strlen("Tin, ảnh")) == 0 ||
            strcmp(lines[i], "Chia sẻ bài viết") == 0) {
            continue;
        }
        const char *p = lines[i];
        if (strncmp(p, "(CT) - ", 7) == 0) {
            p += 7;
        }
        if (text[0] != '\0') {
            strcat(text, "\n");
        }
        strcat(text, p);
    }
    memset(d, 0, sizeof(*d));
    set_seg(d, ENRICH_SEG_KICKER, lines[1]);
    set_seg(d, ENRICH_SEG_TITLE, lines[2]);
    set_seg(d, ENRICH_SEG_TEXT, text);
    *text_out = text;
}

static void test_seed_article(void **state)
{
    (void)state;
    char *raw = read_file("tests/fixtures/000_f4fd15bba88c9e78.txt", NULL);
    char *expected_text = read_file("tests/fixtures/000_f4fd15bba88c9e78.expected.json", NULL);
    json_error_t err;
    json_t *expected = json_loads(expected_text, 0, &err);
    assert_non_null(expected);
    struct enrich_doc d;
    char *text;
    /* The raw text still has Ð (U+00D0) where the core would have written Đ; the extractor
     * must normalize names anyway. */
    seed_doc(raw, &d, &text);
    json_t *ents = extract(&d);
    size_t i;
    json_t *want;
    json_array_foreach(json_object_get(expected, "entities"), i, want)
    {
        bool found = false;
        size_t k;
        json_t *have;
        json_array_foreach(ents, k, have)
        {
            bool ok = true;
            const char *key;
            json_t *v;
            json_object_foreach(want, key, v)
            {
                json_t *h = json_object_get(have, key);
                if (!json_equal(h, v)) {
                    ok = false;
                }
            }
            found = found || ok;
        }
        if (!found) {
            char *w = json_dumps(want, JSON_COMPACT), *g = json_dumps(ents, JSON_COMPACT);
            print_error("seed entity missing: %s\n  got %s\n", w, g);
            free(w);
            free(g);
        }
        assert_true(found);
    }
    /* Counts that follow from the article: two mentions of the person and the decision, three
     * of the campaign (one with its cue, two quoted), the city committee in kicker and text. */
    json_t *have;
    json_array_foreach(ents, i, have)
    {
        const char *norm = json_string_value(json_object_get(have, "normalized"));
        json_int_t count = json_integer_value(json_object_get(have, "count"));
        if (strcmp(norm, "Phạm Văn Hiểu") == 0 || strcmp(norm, "Quyết định 290-QĐ/TW") == 0) {
            assert_int_equal(count, 2);
        }
        if (strcmp(norm, "Dân vận khéo") == 0) {
            assert_int_equal(count, 3);
            assert_int_equal(json_integer_value(json_object_get(have, "segment")), ENRICH_SEG_TEXT);
        }
        if (strcmp(norm, "Thành ủy Cần Thơ") == 0) {
            assert_int_equal(count, 2);
            assert_string_equal(json_string_value(json_object_get(have, "text")),
                                "Thành ủy Cần Thơ");
        }
    }
    json_decref(ents);
    json_decref(expected);
    free(text);
    free(expected_text);
    free(raw);
}

/* The first mention in the text is reported, even when the kicker names the entity first. */
static void test_text_mention_preferred(void **state)
{
    (void)state;
    struct enrich_doc d;
    memset(&d, 0, sizeof(d));
    set_seg(&d, ENRICH_SEG_KICKER, "Bộ Y tế khuyến cáo");
    set_seg(&d, ENRICH_SEG_TITLE, "Bộ Y tế họp báo");
    set_seg(&d, ENRICH_SEG_TEXT, "Sáng nay, Bộ Y tế công bố số liệu.");
    json_t *ents = extract(&d);
    assert_int_equal(json_array_size(ents), 1);
    json_t *e = json_array_get(ents, 0);
    assert_int_equal(json_integer_value(json_object_get(e, "segment")), ENRICH_SEG_TEXT);
    assert_int_equal(json_integer_value(json_object_get(e, "start")), strlen("Sáng nay, "));
    assert_int_equal(json_integer_value(json_object_get(e, "count")), 3);
    json_decref(ents);

    /* Only in the kicker: reported there, with the kicker's segment. */
    set_seg(&d, ENRICH_SEG_TEXT, "Không có tên riêng nào ở đây.");
    ents = extract(&d);
    assert_int_equal(json_array_size(ents), 1);
    e = json_array_get(ents, 0);
    assert_int_equal(json_integer_value(json_object_get(e, "segment")), ENRICH_SEG_KICKER);
    assert_int_equal(json_integer_value(json_object_get(e, "start")), 0);
    json_decref(ents);
}

/* Hostile input: invalid UTF-8, lone continuation bytes, control characters, huge runs of
 * capitals and quotes; nothing crashes and every span stays valid (checked by extract). */
static void test_hostile_input(void **state)
{
    (void)state;
    static const char *inputs[] = {
        "",
        "\xff\xfe\xfd Ông \xc3",
        "\x80\x80\x80 Bà \xe1\xbb",
        "“““““ ” ” Phong trào “",
        "Ông , , , ( ( ) ) UBND ( NHNN ) ( X )",
        "Quyết định số / - 1-/QĐ số số Luật",
        "A B C D E F G H I J K L M N O P Q R S T U V W X Y Z AA BB CC DD EE",
        "tại tại tại Ở Ở ở",
        "Chủ tịch Chủ tịch Chủ tịch Phó Phó Phó Thường trực",
        "Ngân hàng Nhà nước Việt Nam (NHNN) (NHNN) (NHNN) NHNN NHNN",
    };
    for (size_t i = 0; i < sizeof(inputs) / sizeof(inputs[0]); i++) {
        struct enrich_doc d;
        memset(&d, 0, sizeof(d));
        set_seg(&d, ENRICH_SEG_TEXT, inputs[i]);
        set_seg(&d, ENRICH_SEG_TITLE, inputs[i]);
        set_seg(&d, ENRICH_SEG_KICKER, inputs[i]);
        json_decref(extract(&d));
        d.lang = ENRICH_LANG_EN;
        json_decref(extract(&d));
    }
    /* A long random byte string, deterministic. */
    char buf[20000];
    uint32_t x = 12345;
    for (size_t i = 0; i < sizeof(buf) - 1; i++) {
        x = x * 1103515245u + 12345u;
        buf[i] = (char)((x >> 16) & 0xFF);
        if (buf[i] == 0) {
            buf[i] = ' ';
        }
    }
    buf[sizeof(buf) - 1] = '\0';
    struct enrich_doc d;
    memset(&d, 0, sizeof(d));
    set_seg(&d, ENRICH_SEG_TEXT, buf);
    set_seg(&d, ENRICH_SEG_TITLE, "");
    set_seg(&d, ENRICH_SEG_KICKER, "");
    json_decref(extract(&d));
}

/* The count of the entity of type and normalized name in ents, 0 when there is none. */
static json_int_t count_of(json_t *ents, const char *type, const char *normalized)
{
    size_t i;
    json_t *e;
    json_array_foreach(ents, i, e)
    {
        if (strcmp(json_string_value(json_object_get(e, "type")), type) == 0 &&
            strcmp(json_string_value(json_object_get(e, "normalized")), normalized) == 0) {
            return json_integer_value(json_object_get(e, "count"));
        }
    }
    return 0;
}

/* A long article that names the same people by their short names, the same bodies without
 * their places and the same campaign in quotation marks, many times: merging links them all
 * (and does so without comparing every mention with every other, which took seconds). */
static void test_long_article_merges(void **state)
{
    (void)state;
    enum { PARAGRAPHS = 400 };
    static const char paragraph[] =
        "Ông Phạm Văn Hiểu, Bí thư Thành ủy Sóc Trăng, dự lễ phát động phong trào “Dân vận "
        "khéo”. Ông Hiểu cho biết Thành ủy đã chỉ đạo sát sao. Người dân nhắc “Dân vận khéo” "
        "nhiều lần. Anh Tư Sang đến muộn, anh Sang xin lỗi. Ông Hai Lúa chào ông Hai.\n";
    size_t len = strlen(paragraph);
    char *text = malloc(len * PARAGRAPHS + 1);
    assert_non_null(text);
    for (size_t k = 0; k < PARAGRAPHS; k++) {
        memcpy(text + k * len, paragraph, len);
    }
    text[len * PARAGRAPHS] = '\0';
    struct enrich_doc d;
    memset(&d, 0, sizeof(d));
    set_seg(&d, ENRICH_SEG_TEXT, text);
    set_seg(&d, ENRICH_SEG_TITLE, "");
    set_seg(&d, ENRICH_SEG_KICKER, "");
    json_t *ents = extract(&d);
    assert_int_equal(json_array_size(ents), 6);
    /* The full name and "ông Hiểu" after it. */
    assert_int_equal(count_of(ents, "person", "Phạm Văn Hiểu"), 2 * PARAGRAPHS);
    /* "anh Sang": no full name ends with it, a longer short name does. */
    assert_int_equal(count_of(ents, "person", "Tư Sang"), 2 * PARAGRAPHS);
    /* "ông Hai": the one nickname opening with the birth-order name. */
    assert_int_equal(count_of(ents, "person", "Hai Lúa"), 2 * PARAGRAPHS);
    /* "Thành ủy" alone: the one body of its kind with a place. */
    assert_int_equal(count_of(ents, "organization", "Thành ủy Sóc Trăng"), 2 * PARAGRAPHS);
    assert_int_equal(count_of(ents, "location", "Sóc Trăng"), PARAGRAPHS);
    /* The campaign's name, then the quotation alone; the quotation inside the name's own
     * mention is not counted again. */
    assert_int_equal(count_of(ents, "event", "Dân vận khéo"), 2 * PARAGRAPHS);
    json_decref(ents);
    free(text);
}

static void test_invalid_arguments(void **state)
{
    (void)state;
    struct enrich_doc d;
    memset(&d, 0, sizeof(d));
    json_t *obj = json_object();
    assert_int_equal(enrich_entities_find(gazetteer, &d, obj), ENRICH_ERR_INVALID);
    json_t *arr = json_array();
    assert_int_equal(enrich_entities_find(NULL, &d, arr), ENRICH_ERR_INVALID);
    json_decref(obj);
    /* Absent segments (NULL or empty) give no entities. */
    assert_int_equal(enrich_entities_find(gazetteer, &d, arr), 0);
    assert_int_equal(json_array_size(arr), 0);
    json_decref(arr);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_case_table),
        cmocka_unit_test(test_seed_article),
        cmocka_unit_test(test_text_mention_preferred),
        cmocka_unit_test(test_hostile_input),
        cmocka_unit_test(test_long_article_merges),
        cmocka_unit_test(test_invalid_arguments),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
