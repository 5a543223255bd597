/*
 * pgw_details_build() against its specification, the detail rows that the SQL function
 * ingest_upsert_article() writes from the same record on the local stack's database.
 *
 * Fixed cases first, with exact expected lines, so that a failure reads plainly. Then many
 * records: real enrichment output (the articles of tests/enrich/articles and tests/fixtures,
 * whole and in windows of a few lines), pgw_test_enriched() records, and generated hostile
 * records (escapes, non-ASCII, long names, huge and fractional numbers, nulls, junk elements).
 * Each goes through ingest_upsert_article() under an id of this run, and its C lines are
 * copied (with pgw_details_copy_sql(), the statements pgw uses) into TEMP tables of the same
 * names; the two sets of rows, as text, must be equal in both directions.
 */
#include <dirent.h>
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "enrich.h"
#include "pgw_details.h"
#include "pgw_test_support.h"

/* As ingestd serializes the record for the database. */
#define RECORD_FLAGS (JSON_COMPACT | JSON_REAL_PRECISION(15))

static const char *const table_names[PGW_DETAIL_TABLES] = {"article_entities", "article_dates",
                                                           "article_figures"};

/* ---- Fixed cases ------------------------------------------------------------------------ */

static json_t *load(const char *json)
{
    json_error_t err;
    json_t *v = json_loads(json, JSON_DECODE_ANY | JSON_ALLOW_NUL, &err);
    if (v == NULL) {
        fail_msg("bad JSON in the test: %s: %s", err.text, json);
    }
    return v;
}

/* The lines of table t built from json with flags must be exactly expected. */
static void expect_lines_flags(const char *json, size_t flags, enum pgw_detail_table t,
                               const char *expected)
{
    json_t *record = load(json);
    struct pgw_details d;
    int rc = pgw_details_build(record, flags, &d);
    if (rc != 0) {
        fail_msg("%s: build returned %d", json, rc);
    }
    assert_non_null(d.text);
    size_t offset = 0;
    for (int i = 0; i < (int)t; i++) {
        offset += d.len[i];
    }
    if (d.len[t] != strlen(expected) || memcmp(d.text + offset, expected, d.len[t]) != 0) {
        fail_msg("%s (%s):\nexpected: %s\ngot:      %.*s", json, table_names[t], expected,
                 (int)d.len[t], d.text + offset);
    }
    /* rows counts the lines. */
    unsigned lines = 0;
    for (size_t i = 0; i < d.len[t]; i++) {
        lines += d.text[offset + i] == '\n';
    }
    assert_int_equal(d.rows[t], lines);
    pgw_details_clear(&d);
    assert_null(d.text);
    json_decref(record);
}

static void expect_lines(const char *json, enum pgw_detail_table t, const char *expected)
{
    expect_lines_flags(json, RECORD_FLAGS, t, expected);
}

static void expect_einval(const char *json)
{
    json_t *record = load(json);
    struct pgw_details d;
    memset(&d, 0x5a, sizeof(d));
    int rc = pgw_details_build(record, RECORD_FLAGS, &d);
    if (rc != -EINVAL) {
        fail_msg("%s: expected -EINVAL, got %d", json, rc);
    }
    assert_null(d.text);
    for (int t = 0; t < PGW_DETAIL_TABLES; t++) {
        assert_int_equal(d.len[t], 0);
        assert_int_equal(d.rows[t], 0);
    }
    json_decref(record);
}

static void test_copy_sql(void **state)
{
    (void)state;
    assert_string_equal(pgw_details_copy_sql(PGW_DETAIL_ENTITIES),
                        "COPY article_entities (article_id, ordinal, type, text, normalized, "
                        "start_offset, end_offset, mention_count, titles, expansion) FROM STDIN");
    assert_string_equal(pgw_details_copy_sql(PGW_DETAIL_DATES),
                        "COPY article_dates (article_id, ordinal, text, kind, value, range_start, "
                        "range_end, role, start_offset, end_offset) FROM STDIN");
    assert_string_equal(pgw_details_copy_sql(PGW_DETAIL_FIGURES),
                        "COPY article_figures (article_id, ordinal, text, value, unit, qualifier, "
                        "context, start_offset, end_offset) FROM STDIN");
    assert_null(pgw_details_copy_sql(PGW_DETAIL_TABLES));
}

static void test_entity_fields(void **state)
{
    (void)state;
    expect_lines("{\"entities\":[{\"type\":\"person\",\"text\":\"Phạm Văn Hiểu\","
                 "\"normalized\":\"Phạm Văn Hiểu\",\"start\":10,\"end\":23,\"count\":2,"
                 "\"titles\":[\"Chủ tịch\",\"Phó Bí thư\"],\"expansion\":null}]}",
                 PGW_DETAIL_ENTITIES,
                 "0\tperson\tPhạm Văn Hiểu\tPhạm Văn Hiểu\t10\t23\t2\t{\"Chủ tịch\",\"Phó Bí "
                 "thư\"}\t\\N\n");
    /* Missing keys are NULL; so are empty titles' neighbours; {} is an empty array. */
    expect_lines("{\"entities\":[{},{\"titles\":[]},{\"titles\":\"Chủ tịch\"},{\"titles\":null}]}",
                 PGW_DETAIL_ENTITIES,
                 "0\t\\N\t\\N\t\\N\t\\N\t\\N\t\\N\t\\N\t\\N\n"
                 "1\t\\N\t\\N\t\\N\t\\N\t\\N\t\\N\t{}\t\\N\n"
                 "2\t\\N\t\\N\t\\N\t\\N\t\\N\t\\N\t\\N\t\\N\n"
                 "3\t\\N\t\\N\t\\N\t\\N\t\\N\t\\N\t\\N\t\\N\n");
}

static void test_escaping(void **state)
{
    (void)state;
    /* JSON: type "t<TAB>x", text "a<LF>b\c<CR>d", normalized q"uote, titles x"y, b\s,
     * t<TAB>ab, null, "", "NULL". */
    expect_lines("{\"entities\":[{\"type\":\"t\\tx\",\"text\":\"a\\nb\\\\c\\rd\","
                 "\"normalized\":\"q\\\"uote\",\"titles\":[\"x\\\"y\",\"b\\\\s\",\"t\\tab\",null,"
                 "\"\",\"NULL\"],\"expansion\":\"\\\\N\"}]}",
                 PGW_DETAIL_ENTITIES,
                 "0\tt\\tx\ta\\nb\\\\c\\rd\tq\"uote\t\\N\t\\N\t\\N\t"
                 "{\"x\\\\\"y\",\"b\\\\\\\\s\",\"t\\tab\",NULL,\"\",\"NULL\"}\t\\\\N\n");
}

static void test_normalized_cut(void **state)
{
    (void)state;
    /* 600 x U+1EC7 (3 bytes) -> 500 of them; 250 'a' + 300 x U+1F600 (4 bytes) -> 250 + 250. */
    char json[4096], expected[4096];
    char *j = json, *e = expected;
    j += sprintf(j, "{\"entities\":[{\"normalized\":\"");
    e += sprintf(e, "0\t\\N\t\\N\t");
    for (int i = 0; i < 600; i++) {
        j += sprintf(j, "\xe1\xbb\x87");
        if (i < 500) {
            e += sprintf(e, "\xe1\xbb\x87");
        }
    }
    j += sprintf(j, "\"},{\"normalized\":\"");
    e += sprintf(e, "\t\\N\t\\N\t\\N\t\\N\t\\N\n1\t\\N\t\\N\t");
    for (int i = 0; i < 250; i++) {
        *j++ = 'a';
        *e++ = 'a';
    }
    for (int i = 0; i < 300; i++) {
        j += sprintf(j, "\xf0\x9f\x98\x80");
        if (i < 250) {
            e += sprintf(e, "\xf0\x9f\x98\x80");
        }
    }
    sprintf(j, "\"},{\"normalized\":\"%s\"}]}", "exactly short");
    sprintf(e, "\t\\N\t\\N\t\\N\t\\N\t\\N\n2\t\\N\t\\N\texactly short\t\\N\t\\N\t\\N\t\\N\t\\N\n");
    expect_lines(json, PGW_DETAIL_ENTITIES, expected);
}

static void test_int_columns(void **state)
{
    (void)state;
    expect_lines("{\"entities\":[{\"start\":-2147483648,\"end\":2147483647,\"count\":2147483648},"
                 "{\"start\":-2147483649,\"end\":9223372036854775807,\"count\":\"5\"},"
                 "{\"start\":2.5,\"end\":-2.5,\"count\":0.49999999999999994},"
                 "{\"start\":2147483647.4,\"end\":2147483646.5,\"count\":-2147483648.4},"
                 "{\"start\":-2147483647.5,\"end\":1e20,\"count\":1e-7},"
                 "{\"start\":true,\"end\":null,\"count\":[1]},"
                 "{\"start\":-0.0,\"end\":1234.0,\"count\":-0.5}]}",
                 PGW_DETAIL_ENTITIES,
                 "0\t\\N\t\\N\t\\N\t-2147483648\t2147483647\t\\N\t\\N\t\\N\n"
                 "1\t\\N\t\\N\t\\N\t\\N\t\\N\t\\N\t\\N\t\\N\n"
                 /* 0.49999999999999994 is written "0.5" with 15 digits, and the server rounds
                    what the JSON says. */
                 "2\t\\N\t\\N\t\\N\t3\t-3\t1\t\\N\t\\N\n"
                 "3\t\\N\t\\N\t\\N\t\\N\t2147483647\t\\N\t\\N\t\\N\n"
                 "4\t\\N\t\\N\t\\N\t-2147483648\t\\N\t0\t\\N\t\\N\n"
                 "5\t\\N\t\\N\t\\N\t\\N\t\\N\t\\N\t\\N\t\\N\n"
                 "6\t\\N\t\\N\t\\N\t0\t1234\t-1\t\\N\t\\N\n");
    /* With 17 digits the same double is written as it is, below one half. */
    expect_lines_flags("{\"entities\":[{\"count\":0.49999999999999994}]}", JSON_COMPACT,
                       PGW_DETAIL_ENTITIES, "0\t\\N\t\\N\t\\N\t\\N\t\\N\t0\t\\N\t\\N\n");
}

static void test_ordinals_and_shapes(void **state)
{
    (void)state;
    expect_lines("{\"entities\":[1,\"x\",null,{\"type\":\"a\"},[],{\"type\":\"b\"}]}",
                 PGW_DETAIL_ENTITIES,
                 "3\ta\t\\N\t\\N\t\\N\t\\N\t\\N\t\\N\t\\N\n"
                 "5\tb\t\\N\t\\N\t\\N\t\\N\t\\N\t\\N\t\\N\n");
    expect_lines("{\"entities\":{\"type\":\"a\"},\"dates\":\"2020\",\"figures\":null}",
                 PGW_DETAIL_ENTITIES, "");
    expect_lines("[{\"entities\":[{\"type\":\"a\"}]}]", PGW_DETAIL_ENTITIES, "");
    expect_lines("{}", PGW_DETAIL_FIGURES, "");
    /* The tables follow each other in the text. */
    json_t *record = load("{\"figures\":[{\"value\":1}],\"dates\":[{\"value\":\"2023\"}],"
                          "\"entities\":[{\"type\":\"a\"},{\"type\":\"b\"}]}");
    struct pgw_details d;
    assert_int_equal(pgw_details_build(record, RECORD_FLAGS, &d), 0);
    const char *all = "0\ta\t\\N\t\\N\t\\N\t\\N\t\\N\t\\N\t\\N\n"
                      "1\tb\t\\N\t\\N\t\\N\t\\N\t\\N\t\\N\t\\N\n"
                      "0\t\\N\t\\N\t2023\t2023-01-01\t2023-12-31\t\\N\t\\N\t\\N\n"
                      "0\t\\N\t1\t\\N\t\\N\t\\N\t\\N\t\\N\n";
    assert_int_equal(d.len[0] + d.len[1] + d.len[2], strlen(all));
    assert_memory_equal(d.text, all, strlen(all));
    assert_int_equal(d.rows[0], 2);
    assert_int_equal(d.rows[1], 1);
    assert_int_equal(d.rows[2], 1);
    pgw_details_clear(&d);
    pgw_details_clear(&d);
    json_decref(record);
}

static void test_dates(void **state)
{
    (void)state;
    expect_lines("{\"dates\":[{\"text\":\"tháng 10/2022\",\"kind\":\"month\",\"value\":\"2022-10\","
                 "\"role\":\"mentioned\",\"start\":5,\"end\":18},{\"value\":\"P3D\"},"
                 "{\"value\":\"2020-07-15/2020-07-20\",\"start\":\"5\"},{\"value\":null},"
                 "{\"value\":\"2020-07-15T21:29:00+07:00\",\"kind\":\"datetime\"}]}",
                 PGW_DETAIL_DATES,
                 "0\ttháng 10/2022\tmonth\t2022-10\t2022-10-01\t2022-10-31\tmentioned\t5\t18\n"
                 "1\t\\N\t\\N\tP3D\t\\N\t\\N\t\\N\t\\N\t\\N\n"
                 "2\t\\N\t\\N\t2020-07-15/2020-07-20\t2020-07-15\t2020-07-20\t\\N\t\\N\t\\N\n"
                 "3\t\\N\t\\N\t\\N\t\\N\t\\N\t\\N\t\\N\t\\N\n"
                 "4\t\\N\tdatetime\t2020-07-15T21:29:00+07:00\t2020-07-15\t2020-07-15\t\\N\t\\N"
                 "\t\\N\n");
}

static void test_figures(void **state)
{
    (void)state;
    const char *json = "{\"figures\":[{\"text\":\"98,7%\",\"value\":98.7,\"unit\":\"%\","
                       "\"qualifier\":\"khoảng\",\"context\":\"tỷ lệ\\tx\",\"start\":1.5,"
                       "\"end\":-2.5},{\"value\":1e+20},{\"value\":\"+007.50\"},"
                       "{\"value\":\"1e5\"},{\"value\":9720},{\"value\":null},{\"value\":\"1.\"},"
                       "{\"value\":true},{\"value\":-0.0},{\"value\":\" 5\"},{\"value\":{}}]}";
    const char *rest = "1\t\\N\t1e20\t\\N\t\\N\t\\N\t\\N\t\\N\n"
                       "2\t\\N\t+007.50\t\\N\t\\N\t\\N\t\\N\t\\N\n"
                       "3\t\\N\t\\N\t\\N\t\\N\t\\N\t\\N\t\\N\n"
                       "4\t\\N\t9720\t\\N\t\\N\t\\N\t\\N\t\\N\n"
                       "5\t\\N\t\\N\t\\N\t\\N\t\\N\t\\N\t\\N\n"
                       "6\t\\N\t\\N\t\\N\t\\N\t\\N\t\\N\t\\N\n"
                       "7\t\\N\t\\N\t\\N\t\\N\t\\N\t\\N\t\\N\n"
                       "8\t\\N\t-0.0\t\\N\t\\N\t\\N\t\\N\t\\N\n"
                       "9\t\\N\t\\N\t\\N\t\\N\t\\N\t\\N\t\\N\n"
                       "10\t\\N\t\\N\t\\N\t\\N\t\\N\t\\N\t\\N\n";
    char expected[1024];
    snprintf(expected, sizeof(expected), "0\t98,7%%\t98.7\t%%\tkhoảng\ttỷ lệ\\tx\t2\t-3\n%s", rest);
    expect_lines(json, PGW_DETAIL_FIGURES, expected);
    /* Without a precision jansson writes 17 digits, and so does the value. */
    snprintf(expected, sizeof(expected),
             "0\t98,7%%\t98.700000000000003\t%%\tkhoảng\ttỷ lệ\\tx\t2\t-3\n%s", rest);
    expect_lines_flags(json, JSON_COMPACT, PGW_DETAIL_FIGURES, expected);

    /* 60 digits on either side of the point at most. */
    char digits61[62], value[200], json2[400], expected2[400];
    memset(digits61, '7', 61);
    digits61[61] = '\0';
    snprintf(value, sizeof(value), "-%.60s.%.60s", digits61, digits61);
    snprintf(json2, sizeof(json2), "{\"figures\":[{\"value\":\"%s\"},{\"value\":\"%s\"}]}", value,
             digits61);
    snprintf(expected2, sizeof(expected2),
             "0\t\\N\t%s\t\\N\t\\N\t\\N\t\\N\t\\N\n1\t\\N\t\\N\t\\N\t\\N\t\\N\t\\N\t\\N\n", value);
    expect_lines(json2, PGW_DETAIL_FIGURES, expected2);
}

static void test_unsupported_values(void **state)
{
    (void)state;
    expect_einval("{\"entities\":[{\"type\":5}]}");
    expect_einval("{\"entities\":[{\"text\":true}]}");
    expect_einval("{\"entities\":[{\"normalized\":{\"a\":1}}]}");
    expect_einval("{\"entities\":[{\"expansion\":[1]}]}");
    expect_einval("{\"entities\":[{\"titles\":[\"a\",1]}]}");
    expect_einval("{\"entities\":[{\"titles\":[{\"x\":1}]}]}");
    expect_einval("{\"entities\":[{\"titles\":[\"a\\u0000b\"]}]}");
    expect_einval("{\"dates\":[{\"value\":2020}]}");
    expect_einval("{\"dates\":[{\"role\":1.5}]}");
    expect_einval("{\"figures\":[{\"unit\":false}]}");
    expect_einval("{\"figures\":[{\"text\":\"a\\u0000b\"}]}");
    /* After good rows, the error still leaves the result empty. */
    expect_einval("{\"entities\":[{\"type\":\"a\"},{\"type\":\"b\"}],\"figures\":[{\"unit\":0}]}");
}

/* ---- Records for the comparison ---------------------------------------------------------- */

struct records {
    json_t **items;
    size_t count, cap;
    size_t enriched, generated, hostile;
};

static void records_add(struct records *r, json_t *record)
{
    assert_non_null(record);
    if (r->count == r->cap) {
        r->cap = r->cap ? r->cap * 2 : 256;
        r->items = realloc(r->items, r->cap * sizeof(*r->items));
        assert_non_null(r->items);
    }
    r->items[r->count++] = record;
}

static char *read_whole(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        return NULL;
    }
    size_t cap = 1 << 16, n = 0;
    char *data = malloc(cap);
    assert_non_null(data);
    size_t got;
    while ((got = fread(data + n, 1, cap - n - 1, f)) > 0) {
        n += got;
        if (cap - n - 1 == 0) {
            cap *= 2;
            data = realloc(data, cap);
            assert_non_null(data);
        }
    }
    fclose(f);
    data[n] = '\0';
    *len = n;
    return data;
}

static void enrich_one(const struct enrich *engine, struct records *r,
                       const struct enrich_submission *sub)
{
    json_t *record = NULL;
    /* A window of only blank lines may be refused; every other body gives a record. */
    if (enrich_article(engine, sub, &record) != 0) {
        return;
    }
    records_add(r, record);
    r->enriched++;
}

/* The body whole, then (plain text only) every window of 1, 3 and 6 lines, so that each
 * article gives many records with different spans, offsets and numbers. */
static void enrich_body(const struct enrich *engine, struct records *r, const char *name,
                        const char *body, size_t len, int html)
{
    static const size_t window_lines[] = {1, 3, 6};
    struct enrich_submission sub = {
        .id = name,
        .source = "details-test",
        .lang = NULL,
        .content_type = html ? "text/html" : "text/plain",
        .body = body,
        .body_len = len,
    };
    enrich_one(engine, r, &sub);
    if (html) {
        return;
    }
    size_t starts[4096], lines = 0;
    starts[lines++] = 0;
    for (size_t i = 0; i < len && lines < 4095; i++) {
        if (body[i] == '\n') {
            starts[lines++] = i + 1;
        }
    }
    starts[lines] = len;
    for (size_t w = 0; w < sizeof(window_lines) / sizeof(window_lines[0]); w++) {
        for (size_t l = 0; l + 1 < lines; l++) {
            size_t end = starts[l + window_lines[w] < lines ? l + window_lines[w] : lines];
            if (end <= starts[l] + 1) {
                continue;
            }
            char *window = strndup(body + starts[l], end - starts[l]);
            assert_non_null(window);
            sub.body = window;
            sub.body_len = end - starts[l];
            enrich_one(engine, r, &sub);
            free(window);
        }
    }
}

static bool ends_with(const char *name, const char *suffix)
{
    size_t l = strlen(name), n = strlen(suffix);
    return l > n && strcmp(name + l - n, suffix) == 0;
}

/* Each file of the source tree's folder relative whose name ends in one of two suffixes, read
 * whole: calls fn with the file's name and text, and which suffix matched (0 or 1). */
static void for_each_file(const struct enrich *engine, struct records *r, const char *relative,
                          const char *suffix0, const char *suffix1,
                          void (*fn)(const struct enrich *, struct records *, const char *name,
                                     char *text, size_t len, int which))
{
    char dir[4096];
    snprintf(dir, sizeof(dir), "%s/%s", pgw_test_source_dir(), relative);
    DIR *d = opendir(dir);
    if (d == NULL) {
        fail_msg("no folder %s", dir);
    }
    struct dirent *ent;
    while ((ent = readdir(d)) != NULL) {
        int which = ends_with(ent->d_name, suffix0) ? 0 : ends_with(ent->d_name, suffix1) ? 1 : -1;
        if (which < 0) {
            continue;
        }
        char path[8192];
        size_t len = 0;
        snprintf(path, sizeof(path), "%s/%s", dir, ent->d_name);
        char *text = read_whole(path, &len);
        assert_non_null(text);
        fn(engine, r, ent->d_name, text, len, which);
        free(text);
    }
    closedir(d);
}

/* An article file: .txt (which 0) or .html (which 1). */
static void enrich_file(const struct enrich *engine, struct records *r, const char *name,
                        char *body, size_t len, int which)
{
    enrich_body(engine, r, name, body, len, which == 1);
}

static void enrich_folder(const struct enrich *engine, struct records *r, const char *relative)
{
    for_each_file(engine, r, relative, ".txt", ".html", enrich_file);
}

/* A raw submission as in tests/fixtures/samples (the fields enrichment reads). */
static void enrich_submission_json(const struct enrich *engine, struct records *r, json_t *raw)
{
    struct enrich_submission sub = {
        .id = "sample",
        .source = json_string_value(json_object_get(raw, "source")),
        .url = json_string_value(json_object_get(raw, "url")),
        .title = json_string_value(json_object_get(raw, "title")),
        .published_at = json_string_value(json_object_get(raw, "published_at")),
        .lang = json_string_value(json_object_get(raw, "lang")),
        .content_type = json_string_value(json_object_get(raw, "content_type")),
        .byline = json_string_value(json_object_get(raw, "byline")),
        .body = json_string_value(json_object_get(raw, "body")),
    };
    assert_non_null(sub.source);
    assert_non_null(sub.body);
    sub.body_len = json_string_length(json_object_get(raw, "body"));
    enrich_one(engine, r, &sub);
}

static void enrich_submission_text(const struct enrich *engine, struct records *r, const char *text)
{
    json_error_t err;
    json_t *raw = json_loads(text, 0, &err);
    assert_non_null(raw);
    enrich_submission_json(engine, r, raw);
    json_decref(raw);
}

/* A samples file: .jsonl (which 0, a submission per line) or .json (which 1, one). */
static void enrich_sample_file(const struct enrich *engine, struct records *r, const char *name,
                               char *text, size_t len, int which)
{
    (void)name;
    (void)len;
    if (which == 1) {
        enrich_submission_text(engine, r, text);
        return;
    }
    for (char *line = strtok(text, "\n"); line != NULL; line = strtok(NULL, "\n")) {
        enrich_submission_text(engine, r, line);
    }
}

static void enrich_samples(const struct enrich *engine, struct records *r)
{
    for_each_file(engine, r, "tests/fixtures/samples", ".jsonl", ".json", enrich_sample_file);
}

/* Hostile records from a fixed pseudo-random sequence: every value the functions may meet,
 * except the ones pgw_details_build() refuses (non-strings where text is read). */
static uint64_t rng_state = 0x9e3779b97f4a7c15ULL;

static unsigned rng(unsigned n)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return (unsigned)(rng_state % n);
}

static char long_names[3][4096];

static const char *const hostile_strings[] = {
    "",
    "plain",
    "tab\there",
    "new\nline",
    "cr\rlf\r\n",
    "back\\slash",
    "quote\"d",
    "\\N",
    "NULL",
    "null",
    "  spaced  ",
    "{braces}",
    "a,b",
    "\\.",
    "x\\",
    "\x01\x1f\b\f\x7f",
    "Việt Nam — “quotes” 😀",
    "Thành ủy Cần Thơ",
    "e\xcc\x81 decomposed",
    "'single'",
};

static json_t *hostile_string(void)
{
    unsigned n = sizeof(hostile_strings) / sizeof(hostile_strings[0]);
    unsigned k = rng(n + 3);
    return json_string(k < n ? hostile_strings[k] : long_names[k - n]);
}

static json_t *hostile_number(void)
{
    static const json_int_t ints[] = {0,
                                      1,
                                      -1,
                                      7,
                                      2147483647,
                                      2147483648,
                                      -2147483648,
                                      -2147483649LL,
                                      INT64_MAX,
                                      INT64_MIN,
                                      9007199254740993LL};
    static const double reals[] = {0.5,           1.5,
                                   2.5,           -0.5,
                                   -2.5,          0.49999999999999994,
                                   2147483647.0,  2147483647.4,
                                   2147483646.5,  2147483647.5,
                                   -2147483648.0, -2147483648.4,
                                   -2147483647.5, 98.7,
                                   1e20,          1e-7,
                                   0.1 + 0.2,     123456789.123456789,
                                   1e300,         -0.0,
                                   5e-324,        1.7976931348623157e308,
                                   9720.5,        -1e15,
                                   1e15 + 0.3};
    unsigned ni = sizeof(ints) / sizeof(ints[0]), nr = sizeof(reals) / sizeof(reals[0]);
    unsigned k = rng(ni + nr);
    return k < ni ? json_integer(ints[k]) : json_real(reals[k - ni]);
}

static json_t *hostile_junk(void)
{
    switch (rng(6)) {
    case 0:
        return json_true();
    case 1:
        return json_false();
    case 2:
        return json_object();
    case 3:
        return json_pack("{s:[i,s,{s:n}]}", "nested", 1, "x", "y");
    case 4:
        return json_pack("[i,s]", 1, "x");
    default:
        return json_array();
    }
}

/* Any JSON value (for int and numeric columns, where every value has a defined result). */
static json_t *hostile_any(void)
{
    switch (rng(4)) {
    case 0:
        return hostile_string();
    case 1:
        return hostile_junk();
    case 2:
        return json_null();
    default:
        return hostile_number();
    }
}

/* Sets key to a string or null, or leaves it out. */
static void set_text(json_t *obj, const char *key)
{
    unsigned k = rng(6);
    if (k == 0) {
        return;
    }
    json_object_set_new(obj, key, k == 1 ? json_null() : hostile_string());
}

static void set_any(json_t *obj, const char *key)
{
    unsigned k = rng(5);
    if (k == 0) {
        return;
    }
    json_object_set_new(obj, key, k == 1 ? hostile_number() : hostile_any());
}

static json_t *hostile_titles(void)
{
    switch (rng(5)) {
    case 0:
        return json_null();
    case 1: /* not an array: NULL */
        return rng(2) == 0 ? hostile_string() : json_pack("{s:[s]}", "titles", "x");
    case 2:
        return hostile_number();
    default: {
        json_t *a = json_array();
        unsigned n = rng(5);
        for (unsigned i = 0; i < n; i++) {
            json_array_append_new(a, rng(5) == 0 ? json_null() : hostile_string());
        }
        return a;
    }
    }
}

static const char *const numeric_strings[] = {"0",
                                              "+5",
                                              "-007.50",
                                              "1.",
                                              ".5",
                                              "1e5",
                                              " 5",
                                              "5 ",
                                              "1.2.3",
                                              "5\n",
                                              "-0",
                                              "+.5",
                                              "١٢",
                                              "12,5",
                                              "9720",
                                              "-9.72",
                                              "0.0",
                                              "00",
                                              "1234567890123.456"};

static json_t *hostile_figure_value(void)
{
    unsigned n = sizeof(numeric_strings) / sizeof(numeric_strings[0]);
    unsigned k = rng(n + 4);
    if (k < n) {
        return json_string(numeric_strings[k]);
    }
    char digits[200];
    switch (k - n) {
    case 0: /* 60 and 61 digits on either side */
        memset(digits, '9', 122);
        digits[60] = '.';
        digits[60 + 1 + 60 + rng(2)] = '\0';
        return json_string(digits);
    case 1:
        memset(digits, '1', 61);
        digits[60 + rng(2)] = '\0';
        return json_string(digits);
    default:
        return hostile_any();
    }
}

static const char *const date_values[] = {"2020-07-15",
                                          "2022-10",
                                          "2023",
                                          "2023-Q2",
                                          "2023-W05",
                                          "2020-06/2020-07",
                                          "2020-07-15T21:29:00+07:00",
                                          "P3D",
                                          "T21:29",
                                          "2023-02-29",
                                          "0000",
                                          "2020-07/2020-06",
                                          "tháng 7",
                                          "2020-07-15\t"};

static json_t *hostile_element(int table)
{
    if (rng(6) == 0) {
        return hostile_any(); /* not an object: skipped, keeping its ordinal */
    }
    json_t *o = json_object();
    if (rng(4) == 0) {
        json_object_set_new(o, "extra", hostile_junk());
    }
    switch (table) {
    case PGW_DETAIL_ENTITIES:
        set_text(o, "type");
        set_text(o, "text");
        set_text(o, "normalized");
        set_any(o, "start");
        set_any(o, "end");
        set_any(o, "count");
        if (rng(5) != 0) {
            json_object_set_new(o, "titles", hostile_titles());
        }
        set_text(o, "expansion");
        break;
    case PGW_DETAIL_DATES:
        set_text(o, "text");
        set_text(o, "kind");
        if (rng(5) != 0) {
            json_object_set_new(
                o, "value",
                rng(4) == 0
                    ? json_null()
                    : json_string(date_values[rng(sizeof(date_values) / sizeof(date_values[0]))]));
        }
        set_text(o, "role");
        set_any(o, "start");
        set_any(o, "end");
        break;
    default:
        set_text(o, "text");
        if (rng(5) != 0) {
            json_object_set_new(o, "value", hostile_figure_value());
        }
        set_text(o, "unit");
        set_text(o, "qualifier");
        set_text(o, "context");
        set_any(o, "start");
        set_any(o, "end");
        break;
    }
    return o;
}

static json_t *hostile_record(void)
{
    static const char *const keys[] = {"entities", "dates", "figures"};
    json_t *record = json_pack("{s:i, s:s}", "schema_version", 1, "text", "x");
    for (int t = 0; t < PGW_DETAIL_TABLES; t++) {
        unsigned k = rng(10);
        if (k == 0) {
            continue;
        }
        if (k == 1) {
            json_object_set_new(record, keys[t], hostile_any());
            continue;
        }
        json_t *a = json_array();
        unsigned n = rng(9);
        for (unsigned i = 0; i < n; i++) {
            json_array_append_new(a, hostile_element(t));
        }
        json_object_set_new(record, keys[t], a);
    }
    return record;
}

static void make_long_names(void)
{
    /* 600 x U+1EC7; 250 'a' + 300 x U+1F600; 499 'b' + "\\\t" + U+00E9 x 10 */
    char *p = long_names[0];
    for (int i = 0; i < 600; i++) {
        p += sprintf(p, "\xe1\xbb\x87");
    }
    p = long_names[1];
    for (int i = 0; i < 250; i++) {
        *p++ = 'a';
    }
    for (int i = 0; i < 300; i++) {
        p += sprintf(p, "\xf0\x9f\x98\x80");
    }
    p = long_names[2];
    memset(p, 'b', 499);
    p += 499;
    p += sprintf(p, "\\\t");
    for (int i = 0; i < 10; i++) {
        p += sprintf(p, "\xc3\xa9");
    }
}

/* ---- The comparison ---------------------------------------------------------------------- */

static void exec_ok(PGconn *conn, const char *sql)
{
    PGresult *res = PQexec(conn, sql);
    if (PQresultStatus(res) != PGRES_COMMAND_OK) {
        fail_msg("%s: %s", sql, PQerrorMessage(conn));
    }
    PQclear(res);
}

static void upsert(PGconn *conn, const char *id, const json_t *record)
{
    char *json = NULL;
    size_t len = 0;
    assert_int_equal(enrich_json_dumps(record, RECORD_FLAGS, &json, &len), 0);
    const char *params[13] = {id, "details-test", NULL, NULL, NULL, NULL, "x",
                              id, "{}",           json, NULL, NULL, NULL};
    PGresult *res = PQexecParams(conn,
                                 "SELECT outcome FROM ingest_upsert_article($1, $2, $3, $4, $5, "
                                 "$6, $7, $8, $9, $10, $11, $12, $13)",
                                 13, NULL, params, NULL, NULL, 0);
    if (PQresultStatus(res) != PGRES_TUPLES_OK) {
        fail_msg("ingest_upsert_article(%s) failed: %s\nrecord: %s", id, PQerrorMessage(conn),
                 json);
    }
    assert_string_equal(PQgetvalue(res, 0, 0), "inserted");
    PQclear(res);
    free(json);
}

/* The COPY data of every record: "id\t" before each line. */
struct copy_data {
    char *text;
    size_t len, cap;
};

static void copy_append(struct copy_data *c, const char *s, size_t n)
{
    if (c->len + n > c->cap) {
        c->cap = (c->len + n) * 2;
        c->text = realloc(c->text, c->cap);
        assert_non_null(c->text);
    }
    memcpy(c->text + c->len, s, n);
    c->len += n;
}

static void copy_lines(struct copy_data *c, const char *id, const char *lines, size_t len)
{
    size_t id_len = strlen(id);
    while (len > 0) {
        const char *nl = memchr(lines, '\n', len);
        assert_non_null(nl);
        size_t n = (size_t)(nl - lines) + 1;
        copy_append(c, id, id_len);
        copy_append(c, "\t", 1);
        copy_append(c, lines, n);
        lines += n;
        len -= n;
    }
}

static void copy_in(PGconn *conn, enum pgw_detail_table t, const struct copy_data *c)
{
    PGresult *res = PQexec(conn, pgw_details_copy_sql(t));
    if (PQresultStatus(res) != PGRES_COPY_IN) {
        fail_msg("%s: %s", pgw_details_copy_sql(t), PQerrorMessage(conn));
    }
    PQclear(res);
    assert_int_equal(PQputCopyData(conn, c->text != NULL ? c->text : "", (int)c->len), 1);
    assert_int_equal(PQputCopyEnd(conn, NULL), 1);
    res = PQgetResult(conn);
    if (PQresultStatus(res) != PGRES_COMMAND_OK) {
        fail_msg("COPY into %s failed: %s", table_names[t], PQerrorMessage(conn));
    }
    PQclear(res);
    while ((res = PQgetResult(conn)) != NULL) {
        PQclear(res);
    }
}

/* Rows (as text) of the function's table for this run's ids that the C rows lack, and the
 * other way round. Returns how many differ; prints the first few. */
static long compare_table(PGconn *conn, enum pgw_detail_table t, const char *prefix)
{
    static const char *const sql[PGW_DETAIL_TABLES] = {
        "SELECT side, row FROM ("
        " (SELECT 'server' AS side, s::text AS row FROM public.article_entities s"
        "  WHERE starts_with(s.article_id, $1)"
        "  EXCEPT ALL SELECT 'server', c::text FROM pg_temp.article_entities c)"
        " UNION ALL"
        " (SELECT 'client', c::text FROM pg_temp.article_entities c"
        "  EXCEPT ALL SELECT 'client', s::text FROM public.article_entities s"
        "  WHERE starts_with(s.article_id, $1))) d ORDER BY row, side",
        "SELECT side, row FROM ("
        " (SELECT 'server' AS side, s::text AS row FROM public.article_dates s"
        "  WHERE starts_with(s.article_id, $1)"
        "  EXCEPT ALL SELECT 'server', c::text FROM pg_temp.article_dates c)"
        " UNION ALL"
        " (SELECT 'client', c::text FROM pg_temp.article_dates c"
        "  EXCEPT ALL SELECT 'client', s::text FROM public.article_dates s"
        "  WHERE starts_with(s.article_id, $1))) d ORDER BY row, side",
        "SELECT side, row FROM ("
        " (SELECT 'server' AS side, s::text AS row FROM public.article_figures s"
        "  WHERE starts_with(s.article_id, $1)"
        "  EXCEPT ALL SELECT 'server', c::text FROM pg_temp.article_figures c)"
        " UNION ALL"
        " (SELECT 'client', c::text FROM pg_temp.article_figures c"
        "  EXCEPT ALL SELECT 'client', s::text FROM public.article_figures s"
        "  WHERE starts_with(s.article_id, $1))) d ORDER BY row, side",
    };
    const char *params[1] = {prefix};
    PGresult *res = PQexecParams(conn, sql[t], 1, NULL, params, NULL, NULL, 0);
    if (PQresultStatus(res) != PGRES_TUPLES_OK) {
        fail_msg("comparing %s: %s", table_names[t], PQerrorMessage(conn));
    }
    long n = PQntuples(res);
    for (long i = 0; i < n && i < 10; i++) {
        fprintf(stderr, "%s: only the %s has %s\n", table_names[t], PQgetvalue(res, (int)i, 0),
                PQgetvalue(res, (int)i, 1));
    }
    PQclear(res);
    return n;
}

/* The ids of this run's articles start with this. */
static const char *details_prefix(void)
{
    static char prefix[96];
    if (prefix[0] == '\0') {
        snprintf(prefix, sizeof(prefix), "%sdetails-", pgw_test_prefix());
    }
    return prefix;
}

/* Removes this run's articles (and, by the delete trigger, their detail rows) after a failure
 * too; after success there are none left. */
static int remove_articles(void **state)
{
    (void)state;
    PGconn *conn = pgw_test_connect(pgw_test_conninfo());
    if (conn == NULL) {
        return 0;
    }
    const char *params[1] = {details_prefix()};
    PQclear(PQexecParams(conn, "DELETE FROM articles WHERE starts_with(id, $1)", 1, NULL, params,
                         NULL, NULL, 0));
    PQfinish(conn);
    return 0;
}

/* Figures whose value is a JSON real: the values written with JSON_REAL_PRECISION. */
static unsigned long count_real_values(const json_t *record)
{
    const json_t *figures = json_object_get(record, "figures");
    unsigned long n = 0;
    for (size_t i = 0; i < json_array_size(figures); i++) {
        n += json_is_real(json_object_get(json_array_get(figures, i), "value"));
    }
    return n;
}

static void test_same_as_the_sql_function(void **state)
{
    struct records r = {0};
    struct enrich *engine = NULL;
    (void)state;

    PGconn *conn = pgw_test_connect(pgw_test_conninfo());
    assert_non_null(conn);
    assert_int_equal(pgw_test_migrate(), 0);

    /* Real enrichment output. */
    assert_int_equal(enrich_create(&engine), 0);
    enrich_folder(engine, &r, "tests/enrich/articles");
    enrich_folder(engine, &r, "tests/fixtures");
    enrich_samples(engine, &r);
    enrich_destroy(engine);
    /* The writer tests' records. */
    for (unsigned v = 0; v < 12; v++) {
        records_add(&r, pgw_test_enriched("x", v, 2000 + 500 * v, v * 3, v, v * 2 + 1));
        r.generated++;
    }
    /* Hostile ones. */
    make_long_names();
    for (unsigned i = 0; i < 600; i++) {
        records_add(&r, hostile_record());
        r.hostile++;
    }

    const char *prefix = details_prefix();
    struct copy_data copies[PGW_DETAIL_TABLES] = {{0}};
    unsigned long rows[PGW_DETAIL_TABLES] = {0}, real_rows = 0, real_values = 0;
    for (size_t i = 0; i < r.count; i++) {
        char id[160];
        struct pgw_details d;
        snprintf(id, sizeof(id), "%s%zu", prefix, i);
        int rc = pgw_details_build(r.items[i], RECORD_FLAGS, &d);
        if (rc != 0) {
            char *json = json_dumps(r.items[i], RECORD_FLAGS);
            fprintf(stderr, "record %zu: build returned %d: %s\n", i, rc, json);
            free(json);
            fail();
        }
        upsert(conn, id, r.items[i]);
        size_t offset = 0;
        for (int t = 0; t < PGW_DETAIL_TABLES; t++) {
            copy_lines(&copies[t], id, d.text + offset, d.len[t]);
            offset += d.len[t];
            rows[t] += d.rows[t];
            if (i < r.enriched) {
                real_rows += d.rows[t];
            }
        }
        if (i < r.enriched) {
            real_values += count_real_values(r.items[i]);
        }
        pgw_details_clear(&d);
    }

    exec_ok(conn, "CREATE TEMP TABLE article_entities (LIKE public.article_entities)");
    exec_ok(conn, "CREATE TEMP TABLE article_dates (LIKE public.article_dates)");
    exec_ok(conn, "CREATE TEMP TABLE article_figures (LIKE public.article_figures)");
    long differences = 0;
    for (int t = 0; t < PGW_DETAIL_TABLES; t++) {
        copy_in(conn, (enum pgw_detail_table)t, &copies[t]);
        differences += compare_table(conn, (enum pgw_detail_table)t, prefix);
    }
    /* The server wrote as many rows as the client computed (EXCEPT ALL above compares them as
     * multisets; this makes an empty comparison impossible). */
    long server_rows = pgw_test_count(conn,
                                      "SELECT (SELECT count(*) FROM public.article_entities WHERE "
                                      "starts_with(article_id, $1)) + (SELECT count(*) FROM "
                                      "public.article_dates WHERE starts_with(article_id, $1)) + "
                                      "(SELECT count(*) FROM public.article_figures WHERE "
                                      "starts_with(article_id, $1))",
                                      prefix);
    fprintf(stderr,
            "%zu records (%zu enriched, %zu generated, %zu hostile) compared with "
            "ingest_upsert_article(): %lu entity, %lu date, %lu figure rows (%lu from enriched "
            "records, %lu of their figures with a fractional value), %ld differences\n",
            r.count, r.enriched, r.generated, r.hostile, rows[0], rows[1], rows[2], real_rows,
            real_values, differences);

    long deleted =
        pgw_test_count(conn,
                       "WITH d AS (DELETE FROM articles WHERE starts_with(id, $1) RETURNING 1) "
                       "SELECT count(*) FROM d",
                       prefix);
    assert_int_equal(deleted, (long)r.count);
    assert_int_equal(differences, 0);
    assert_int_equal(server_rows, (long)(rows[0] + rows[1] + rows[2]));
    assert_true(r.enriched >= 400);
    assert_true(real_rows >= 2500);
    assert_true(real_values >= 20);

    for (int t = 0; t < PGW_DETAIL_TABLES; t++) {
        free(copies[t].text);
    }
    for (size_t i = 0; i < r.count; i++) {
        json_decref(r.items[i]);
    }
    free(r.items);
    PQfinish(conn);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_copy_sql),
        cmocka_unit_test(test_entity_fields),
        cmocka_unit_test(test_escaping),
        cmocka_unit_test(test_normalized_cut),
        cmocka_unit_test(test_int_columns),
        cmocka_unit_test(test_ordinals_and_shapes),
        cmocka_unit_test(test_dates),
        cmocka_unit_test(test_figures),
        cmocka_unit_test(test_unsupported_values),
        cmocka_unit_test_teardown(test_same_as_the_sql_function, remove_articles),
    };
    return cmocka_run_group_tests_name("pgw_details", tests, NULL, NULL);
}
