/*
 * The gazetteer: the embedded data files agree with the files in the repository, every file
 * names its source, the 63 provincial units before the 2025 reform and the 34 after it are all
 * there (and every merged unit points at one of the 34), variants and acronyms resolve, and one
 * gazetteer serves many threads at once.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <pthread.h>

#include "enrich_entities_internal.h"

static struct enrich_gazetteer *gz;
static struct ent_tokens lookup_tokens;

static int setup(void **state)
{
    (void)state;
    return enrich_gazetteer_create(&gz);
}

static int teardown(void **state)
{
    (void)state;
    ent_tokens_free(&lookup_tokens);
    enrich_gazetteer_destroy(gz);
    return 0;
}

/* The longest phrase at the start of text with one of roles; *ntok gets its length. */
static const struct gz_entry *lookup(const char *text, uint32_t roles, size_t *ntok)
{
    struct ent_tokens *t = &lookup_tokens;
    assert_int_equal(ent_tokenize(text, strlen(text), t), 0);
    gz_annotate(gz, t);
    size_t len = 0;
    const struct gz_entry *e = gz_longest(gz, t, 0, roles, false, &len);
    if (ntok) {
        *ntok = len;
    }
    return e;
}

static const struct gz_entry *whole(const char *text, uint32_t roles)
{
    struct ent_tokens t;
    memset(&t, 0, sizeof(t));
    assert_int_equal(ent_tokenize(text, strlen(text), &t), 0);
    size_t len = 0;
    const struct gz_entry *e = lookup(text, roles, &len);
    size_t n = t.n;
    ent_tokens_free(&t);
    return (e != NULL && len == n) ? e : NULL;
}

static const struct gz_file *file_named(const char *name)
{
    for (size_t i = 0; i < enrich_gazetteer_file_count; i++) {
        if (strcmp(enrich_gazetteer_files[i].name, name) == 0) {
            return &enrich_gazetteer_files[i];
        }
    }
    return NULL;
}

static char *read_source(const char *name, size_t *len)
{
    const char *root = getenv("INGEST_SOURCE_DIR");
    char path[4096];
    snprintf(path, sizeof(path), "%s/common/enrich/data/%s", root ? root : INGEST_SOURCE_DIR, name);
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        return NULL;
    }
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = malloc((size_t)n + 1);
    assert_non_null(buf);
    assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
    buf[n] = '\0';
    fclose(f);
    *len = (size_t)n;
    return buf;
}

static void test_files_embedded_and_sourced(void **state)
{
    (void)state;
    static const char *expected[] = {
        "acronyms.tsv",       "cities.tsv",       "countries.tsv",     "districts.tsv",
        "document_types.tsv", "english_cues.tsv", "event_cues.tsv",    "location_cues.tsv",
        "name_words.tsv",     "org_cues.tsv",     "organizations.tsv", "person_cues.tsv",
        "provinces.tsv",      "regions.tsv",      "surnames.tsv",      "outlets.tsv",
    };
    for (size_t i = 0; i < sizeof(expected) / sizeof(expected[0]); i++) {
        const struct gz_file *f = file_named(expected[i]);
        if (f == NULL) {
            fail_msg("%s is not embedded", expected[i]);
        }
        /* The embedded bytes are the repository's file, byte for byte. */
        size_t len;
        char *src = read_source(expected[i], &len);
        assert_non_null(src);
        assert_int_equal(len, f->len);
        assert_memory_equal(src, f->data, len);
        free(src);
        /* Its header comment names its source. */
        assert_true(f->data[0] == '#');
        char head[2048];
        size_t n = f->len < sizeof(head) - 1 ? f->len : sizeof(head) - 1;
        memcpy(head, f->data, n);
        head[n] = '\0';
        assert_non_null(strstr(head, "Source"));
    }
}

struct province_row {
    char name[128], kind[32], in63[8], in34[8], merged[128];
};

/* Reads provinces.tsv rows (skipping comments and the column header). */
static size_t province_rows(struct province_row *rows, size_t cap)
{
    const struct gz_file *f = file_named("provinces.tsv");
    assert_non_null(f);
    char *text = malloc(f->len + 1);
    memcpy(text, f->data, f->len);
    text[f->len] = '\0';
    size_t n = 0;
    bool header = false;
    for (char *line = strtok(text, "\n"); line && n < cap; line = strtok(NULL, "\n")) {
        if (line[0] == '#') {
            continue;
        }
        if (!header) {
            header = true;
            continue;
        }
        char *col[7] = {0};
        char *p = line;
        for (int c = 0; c < 7 && p; c++) {
            col[c] = p;
            p = strchr(p, '\t');
            if (p) {
                *p++ = '\0';
            }
        }
        assert_non_null(col[4]);
        snprintf(rows[n].name, sizeof(rows[n].name), "%s", col[0]);
        snprintf(rows[n].kind, sizeof(rows[n].kind), "%s", col[1]);
        snprintf(rows[n].in63, sizeof(rows[n].in63), "%s", col[2]);
        snprintf(rows[n].in34, sizeof(rows[n].in34), "%s", col[3]);
        snprintf(rows[n].merged, sizeof(rows[n].merged), "%s", col[4]);
        n++;
    }
    free(text);
    return n;
}

static void test_provinces_before_and_after_2025(void **state)
{
    (void)state;
    struct province_row rows[128];
    size_t n = province_rows(rows, 128);
    size_t in63 = 0, in34 = 0, cities34 = 0;
    for (size_t i = 0; i < n; i++) {
        in63 += strcmp(rows[i].in63, "yes") == 0;
        if (strcmp(rows[i].in34, "yes") == 0) {
            in34++;
            cities34 += strcmp(rows[i].kind, "thành phố") == 0;
            assert_string_equal(rows[i].merged, "-");
        } else {
            /* A unit that no longer stands alone was merged into one of the 34. */
            bool found = false;
            for (size_t k = 0; k < n; k++) {
                found = found || (strcmp(rows[k].name, rows[i].merged) == 0 &&
                                  strcmp(rows[k].in34, "yes") == 0);
            }
            if (!found) {
                fail_msg("%s merged into unknown unit %s", rows[i].name, rows[i].merged);
            }
        }
        /* Every unit is a location under its canonical name. */
        const struct gz_entry *e = whole(rows[i].name, GZ_LOCATION);
        if (e == NULL) {
            fail_msg("%s is not a location", rows[i].name);
        }
        assert_string_equal(e->name, rows[i].name);
        assert_int_equal(e->loc_kind, GZ_LOC_PROVINCE);
    }
    assert_int_equal(in63, 63);
    assert_int_equal(in34, 34);
    /* Nghị quyết 202/2025/QH15: 28 provinces and 6 centrally-run cities. */
    assert_int_equal(cities34, 6);
}

static void test_variants(void **state)
{
    (void)state;
    static const struct {
        const char *text, *name;
    } variants[] = {
        {"TP.HCM", "Thành phố Hồ Chí Minh"},
        {"TP HCM", "Thành phố Hồ Chí Minh"},
        {"TP. Hồ Chí Minh", "Thành phố Hồ Chí Minh"},
        {"Sài Gòn", "Thành phố Hồ Chí Minh"},
        {"Ho Chi Minh City", "Thành phố Hồ Chí Minh"},
        {"Đăk Lăk", "Đắk Lắk"},
        {"Bà Rịa – Vũng Tàu", "Bà Rịa - Vũng Tàu"},
        {"Bà Rịa-Vũng Tàu", "Bà Rịa - Vũng Tàu"},
        {"Khánh Hoà", "Khánh Hòa"},
        {"Hanoi", "Hà Nội"},
        {"ĐBSCL", "Đồng bằng sông Cửu Long"},
        {"Mekong Delta", "Đồng bằng sông Cửu Long"},
        {"Mỹ", "Hoa Kỳ"},
        {"the US", "Hoa Kỳ"},
        {"Ninh Kiều", "Ninh Kiều"},
        {"Thủ Đức", "Thủ Đức"},
    };
    for (size_t i = 0; i < sizeof(variants) / sizeof(variants[0]); i++) {
        const struct gz_entry *e = whole(variants[i].text, GZ_LOCATION);
        if (e == NULL) {
            fail_msg("%s is not a location", variants[i].text);
        }
        assert_string_equal(e->name, variants[i].name);
    }
    /* Names are capitalized: the lowercase words are not places. */
    assert_null(whole("hà nội", GZ_LOCATION));
    assert_null(whole("sài gòn", GZ_LOCATION));
    /* English names are kept for English copy. */
    assert_string_equal(whole("Cần Thơ", GZ_LOCATION)->name_en, "Can Tho");
    assert_string_equal(whole("Nhật Bản", GZ_LOCATION)->name_en, "Japan");
}

static void test_countries(void **state)
{
    (void)state;
    const struct gz_file *f = file_named("countries.tsv");
    size_t rows = 0;
    for (size_t i = 0; i < f->len; i++) {
        rows += f->data[i] == '\n';
    }
    assert_true(rows >= 60);
    assert_int_equal(whole("Trung Quốc", GZ_LOCATION)->loc_kind, GZ_LOC_COUNTRY);
    assert_string_equal(whole("Campuchia", GZ_LOCATION)->name_en, "Cambodia");
    /* "Anh" is also a form of address: it counts only after a cue word. */
    assert_true(whole("Anh", GZ_LOCATION)->needs_cue);
    assert_false(whole("Vương quốc Anh", GZ_LOCATION)->needs_cue);
}

static void test_acronyms_and_bodies(void **state)
{
    (void)state;
    const struct gz_entry *e = whole("HĐND", GZ_ACRONYM);
    assert_non_null(e);
    assert_string_equal(e->expansion, "Hội đồng nhân dân");
    assert_true(e->roles & GZ_ORG_ADMIN);
    assert_int_equal(e->acr_kind, GZ_ACR_ADMIN);
    e = whole("MTTQVN", GZ_ACRONYM);
    assert_non_null(e);
    assert_string_equal(e->expansion, "Mặt trận Tổ quốc Việt Nam");
    e = whole("NHNN", GZ_ACRONYM);
    assert_string_equal(e->expansion, "Ngân hàng Nhà nước Việt Nam");
    e = whole("THPT", GZ_OTHER_ACRONYM);
    assert_non_null(e);
    assert_false(e->roles & GZ_ACRONYM);
    assert_non_null(whole("Bộ Chính trị", GZ_ORG));
    assert_non_null(whole("Ban Bí thư", GZ_ORG));
    assert_non_null(whole("Thành ủy", GZ_ORG_ADMIN));
    assert_non_null(whole("Sở", GZ_ORG_HEAD));
    assert_non_null(whole("Công ty", GZ_ORG_HEAD));
    /* Acronyms are names: written in capitals. */
    assert_null(whole("hđnd", GZ_ACRONYM));
    /* Kinds that own the unit named before them ("Khoa Nhi Bệnh viện Nhi đồng"). */
    e = whole("Bệnh viện", GZ_ORG_OWNER);
    assert_non_null(e);
    assert_true(e->roles & GZ_ORG_HEAD);
    assert_non_null(whole("Bộ", GZ_ORG_OWNER));
    assert_null(whole("Sở", GZ_ORG_OWNER));
    assert_non_null(whole("Đoàn Luật sư", GZ_ORG_ADMIN));
    assert_non_null(whole("Công an nhân dân", GZ_ORG));
    /* Nouns of a body's name, and the verbs that are not. */
    assert_non_null(whole("giao thông", GZ_NAME_NOUN));
    assert_non_null(whole("bệnh tật", GZ_NAME_NOUN));
    assert_null(whole("kiểm tra", GZ_NAME_NOUN));
    assert_non_null(whole("kiểm tra", GZ_NAME_WORD));
}

static void test_features_and_roads(void **state)
{
    (void)state;
    const struct gz_entry *e = whole("sông", GZ_LOC_FEATURE);
    assert_non_null(e);
    assert_string_equal(e->level, "sông");
    assert_false(e->doc_named);
    e = whole("quốc lộ", GZ_LOC_FEATURE);
    assert_non_null(e);
    assert_string_equal(e->level, "Quốc lộ");
    assert_true(e->doc_named); /* named by a number */
    assert_string_equal(whole("QL", GZ_LOC_FEATURE)->level, "Quốc lộ");
    /* "huyện đảo Cô Tô" is the district. */
    assert_string_equal(whole("huyện đảo", GZ_LOC_LEVEL)->level, "huyện");
    /* The bay is not the city: "vịnh Hạ Long" is read by the feature rule. */
    assert_null(whole("vịnh Hạ Long", GZ_LOCATION));
}

static void test_people_and_documents(void **state)
{
    (void)state;
    assert_non_null(whole("Nguyễn", GZ_SURNAME));
    assert_non_null(whole("Nguyen", GZ_SURNAME));
    assert_non_null(whole("Huỳnh", GZ_SURNAME));
    assert_non_null(whole("đồng chí", GZ_HONORIFIC));
    assert_non_null(whole("Phó", GZ_TITLE_PREFIX));
    assert_non_null(whole("Bí thư", GZ_TITLE));
    assert_non_null(whole("PGS.TS", GZ_TITLE));
    assert_non_null(whole("Thượng tướng", GZ_TITLE));
    assert_null(whole("bí thư", GZ_TITLE)); /* before a name a title is capitalized */
    assert_non_null(whole("Nghệ nhân ưu tú", GZ_TITLE));
    assert_non_null(whole("Trưởng", GZ_TITLE));
    assert_non_null(whole("thẩm phán", GZ_TITLE));
    const struct gz_entry *e = gz_doc_by_code(gz, "NĐ", strlen("NĐ"));
    assert_non_null(e);
    assert_string_equal(e->name, "Nghị định");
    assert_string_equal(gz_doc_by_code(gz, "QĐi", strlen("QĐi"))->name, "Quy định");
    assert_string_equal(gz_doc_by_code(gz, "QĐ", strlen("QĐ"))->name, "Quyết định");
    assert_string_equal(gz_doc_by_code(gz, "TT", 2)->name, "Thông tư");
    assert_null(gz_doc_by_code(gz, "XYZ", 3));
    assert_null(gz_doc_by_code(gz, "Q", 1));
}

/* Longest match: "Thành phố Hồ Chí Minh" beats the level word "Thành phố". */
static void test_longest_match(void **state)
{
    (void)state;
    size_t len;
    const struct gz_entry *e =
        lookup("Thành phố Hồ Chí Minh hôm nay", GZ_LOCATION | GZ_LOC_LEVEL, &len);
    assert_non_null(e);
    assert_int_equal(len, 5);
    e = lookup("thành phố Cần Thơ", GZ_LOC_LEVEL, &len);
    assert_non_null(e);
    assert_int_equal(len, 2);
    assert_string_equal(e->level, "thành phố");
    e = lookup("TP Cần Thơ", GZ_LOC_LEVEL, &len);
    assert_string_equal(e->level, "thành phố");
    /* No phrase crosses a line break. */
    assert_null(lookup("Cần\nThơ", GZ_LOCATION, &len));
}

struct worker {
    const char *text;
    char *result;
};

static void *work(void *arg)
{
    struct worker *w = arg;
    for (int round = 0; round < 50; round++) {
        struct enrich_doc d;
        memset(&d, 0, sizeof(d));
        d.seg[ENRICH_SEG_TEXT].s = w->text;
        d.seg[ENRICH_SEG_TEXT].len = strlen(w->text);
        json_t *arr = json_array();
        if (enrich_entities_find(gz, &d, arr) != 0) {
            json_decref(arr);
            return NULL;
        }
        char *s = json_dumps(arr, JSON_COMPACT);
        json_decref(arr);
        if (w->result == NULL) {
            w->result = s;
        } else {
            if (strcmp(w->result, s) != 0) {
                free(s);
                return NULL;
            }
            free(s);
        }
    }
    return w;
}

/* The gazetteer is immutable once built: threads share it and get identical results. */
static void test_shared_by_threads(void **state)
{
    (void)state;
    const char *text = "Chủ tịch UBND tỉnh An Giang Nguyễn Thanh Bình làm việc với Sở Y tế. "
                       "Theo Quyết định 290-QĐ/TW của Bộ Chính trị, phong trào “Dân vận khéo” "
                       "được triển khai tại TP.HCM và Cần Thơ.";
    pthread_t th[4];
    struct worker w[4];
    for (int i = 0; i < 4; i++) {
        w[i].text = text;
        w[i].result = NULL;
        assert_int_equal(pthread_create(&th[i], NULL, work, &w[i]), 0);
    }
    for (int i = 0; i < 4; i++) {
        void *ret;
        assert_int_equal(pthread_join(th[i], &ret), 0);
        assert_ptr_equal(ret, &w[i]);
    }
    for (int i = 1; i < 4; i++) {
        assert_string_equal(w[0].result, w[i].result);
    }
    assert_non_null(strstr(w[0].result, "\"Nguyễn Thanh Bình\""));
    for (int i = 0; i < 4; i++) {
        free(w[i].result);
    }
}

static void test_create_twice(void **state)
{
    (void)state;
    struct enrich_gazetteer *a = NULL, *b = NULL;
    assert_int_equal(enrich_gazetteer_create(&a), 0);
    assert_int_equal(enrich_gazetteer_create(&b), 0);
    assert_int_equal(a->count, b->count);
    assert_true(a->count > 2000);
    enrich_gazetteer_destroy(a);
    enrich_gazetteer_destroy(b);
    enrich_gazetteer_destroy(NULL);
    assert_int_equal(enrich_gazetteer_create(NULL), ENRICH_ERR_INVALID);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_files_embedded_and_sourced),
        cmocka_unit_test(test_provinces_before_and_after_2025),
        cmocka_unit_test(test_variants),
        cmocka_unit_test(test_countries),
        cmocka_unit_test(test_acronyms_and_bodies),
        cmocka_unit_test(test_people_and_documents),
        cmocka_unit_test(test_features_and_roads),
        cmocka_unit_test(test_longest_match),
        cmocka_unit_test(test_shared_by_threads),
        cmocka_unit_test(test_create_twice),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
