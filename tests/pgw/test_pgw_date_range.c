/*
 * pgw_iso_date_range() against its specification, the SQL function ingest_iso_date_range() of
 * the local stack's database: several thousand values (every form, each field at and past its
 * limits, intervals, garbage, non-ASCII) go to the server in one query and both answers must
 * be the same for each. A few fixed cases first, so that a failure reads plainly.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "pgw_date_range.h"
#include "pgw_test_support.h"

static void expect_range(const char *value, const char *start, const char *end)
{
    struct pgw_day a, b;
    char sa[16], sb[16];
    int got = pgw_iso_date_range(value, strlen(value), &a, &b);

    if (start == NULL) {
        if (got) {
            fail_msg("%s: expected no range", value);
        }
        return;
    }
    if (!got) {
        fail_msg("%s: expected %s..%s, got no range", value, start, end);
    }
    assert_true(pgw_day_format(&a, sa, sizeof(sa)) > 0);
    assert_true(pgw_day_format(&b, sb, sizeof(sb)) > 0);
    assert_string_equal(sa, start);
    assert_string_equal(sb, end);
}

static void test_fixed_cases(void **state)
{
    (void)state;
    expect_range("2020-07-15", "2020-07-15", "2020-07-15");
    expect_range("2020-07-15T21:29:00+07:00", "2020-07-15", "2020-07-15");
    expect_range("2022-10", "2022-10-01", "2022-10-31");
    expect_range("2024-02", "2024-02-01", "2024-02-29");
    expect_range("2023", "2023-01-01", "2023-12-31");
    expect_range("2023-Q2", "2023-04-01", "2023-06-30");
    expect_range("2023-W05", "2023-01-30", "2023-02-05");
    expect_range("2020-W53", "2020-12-28", "2021-01-03");
    expect_range("2020-06/2020-07", "2020-06-01", "2020-07-31");
    expect_range("2020-07/2020-06", NULL, NULL);
    expect_range("2023-02-29", NULL, NULL);
    expect_range("0000", NULL, NULL);
    expect_range("P3D", NULL, NULL);
    expect_range("T21:29", NULL, NULL);
    expect_range("2020-07-15T25:00", NULL, NULL);
    expect_range("2020-07-15T24:00", "2020-07-15", "2020-07-15");
}

/* The values: built from every form with fields at and around their limits. */
struct values {
    char *text; /* joined by '\n' */
    size_t len, cap, count;
};

static void add(struct values *v, const char *s)
{
    size_t n = strlen(s);
    if (v->len + n + 2 > v->cap) {
        v->cap = (v->len + n + 2) * 2;
        v->text = realloc(v->text, v->cap);
        assert_non_null(v->text);
    }
    if (v->count > 0) {
        v->text[v->len++] = '\n';
    }
    memcpy(v->text + v->len, s, n);
    v->len += n;
    v->text[v->len] = '\0';
    v->count++;
}

static void build_values(struct values *v)
{
    static const char *const years[] = {"0000", "0001", "1582", "1900", "1999", "2000",
                                        "2020", "2023", "2024", "2100", "9999"};
    static const char *const times[] = {
        "",           "T00:00",    "T24:00",       "T25:00",      "T23:60",
        "T21:29:00",  "T21:29:60", "T21:29:61",    "T21:29:00.5", "T21:29:00,123Z",
        "T21:29Z",    "T21:29+07", "T21:29+07:00", "T21:29-0530", "T21:29+07:",
        "T21:29:00.", "T21",       "t21:29",       " T21:29",     "T21:29:00+07:00x"};
    static const char *const garbage[] = {"",
                                          "2",
                                          "202",
                                          "20200",
                                          "2020-",
                                          "2020-1",
                                          "2020-001",
                                          "2020-Q",
                                          "2020-Q0",
                                          "2020-Q5",
                                          "2020-W",
                                          "2020-W1",
                                          "2020-W001",
                                          "2020/",
                                          "/2020",
                                          "2020//2021",
                                          "2020/2021/2022",
                                          "abcd",
                                          "２０２０",
                                          "2020-07-15 ",
                                          "P3D",
                                          "PT2H",
                                          "T10:00",
                                          "2020-07-15/P3D",
                                          "2020-Ⅶ",
                                          "2020-07-15T21:29:00+07:00/2020-07-20",
                                          "2020-W53/2021-W01",
                                          "2021-Q1/2020-Q4"};
    char buf[160];

    for (size_t y = 0; y < sizeof(years) / sizeof(years[0]); y++) {
        add(v, years[y]);
        for (int m = 0; m <= 13; m++) {
            snprintf(buf, sizeof(buf), "%s-%02d", years[y], m);
            add(v, buf);
            for (int d = 0; d <= 32; d++) {
                snprintf(buf, sizeof(buf), "%s-%02d-%02d", years[y], m, d);
                add(v, buf);
            }
            for (size_t t = 0; t < sizeof(times) / sizeof(times[0]); t++) {
                snprintf(buf, sizeof(buf), "%s-%02d-28%s", years[y], m, times[t]);
                add(v, buf);
            }
        }
        for (int q = 0; q <= 5; q++) {
            snprintf(buf, sizeof(buf), "%s-Q%d", years[y], q);
            add(v, buf);
        }
        for (int w = 0; w <= 54; w++) {
            snprintf(buf, sizeof(buf), "%s-W%02d", years[y], w);
            add(v, buf);
        }
        for (size_t z = 0; z < sizeof(years) / sizeof(years[0]); z++) {
            snprintf(buf, sizeof(buf), "%s-06/%s-Q1", years[y], years[z]);
            add(v, buf);
            snprintf(buf, sizeof(buf), "%s-W10/%s", years[y], years[z]);
            add(v, buf);
        }
    }
    for (size_t g = 0; g < sizeof(garbage) / sizeof(garbage[0]); g++) {
        add(v, garbage[g]);
    }
    /* The 80-character limit counts characters, not bytes. */
    memset(buf, 0, sizeof(buf));
    strcpy(buf, "2020-01/2020-02");
    memset(buf + 15, ' ', 65);
    add(v, buf); /* 80 characters, no range (trailing spaces) */
    strcpy(buf, "2020-01-01T10:00:00.");
    memset(buf + 20, '5', 60);
    buf[80] = '\0';
    add(v, buf); /* 80 characters: a range */
    buf[80] = '5';
    buf[81] = '\0';
    add(v, buf); /* 81: none */
}

static void test_same_as_the_sql_function(void **state)
{
    struct values v = {0};
    PGconn *conn;
    PGresult *res;
    int rows, differences = 0;
    const char *params[1];

    (void)state;
    conn = pgw_test_connect(pgw_test_conninfo());
    assert_non_null(conn);
    assert_int_equal(pgw_test_migrate(), 0);
    build_values(&v);
    params[0] = v.text;
    res = PQexecParams(conn,
                       "SELECT u.v, r.range_start::text, r.range_end::text "
                       "FROM unnest(string_to_array($1, E'\\n')) WITH ORDINALITY AS u(v, n) "
                       "CROSS JOIN LATERAL ingest_iso_date_range(u.v) AS r ORDER BY u.n",
                       1, NULL, params, NULL, NULL, 0);
    if (PQresultStatus(res) != PGRES_TUPLES_OK) {
        fail_msg("query failed: %s", PQerrorMessage(conn));
    }
    rows = PQntuples(res);
    assert_int_equal((size_t)rows, v.count);
    for (int i = 0; i < rows; i++) {
        const char *value = PQgetvalue(res, i, 0);
        struct pgw_day a, b;
        char sa[16] = "", sb[16] = "";
        int got = pgw_iso_date_range(value, strlen(value), &a, &b);
        int sql_has = !PQgetisnull(res, i, 1);
        if (got) {
            pgw_day_format(&a, sa, sizeof(sa));
            pgw_day_format(&b, sb, sizeof(sb));
        }
        if (got != sql_has || (got && (strcmp(sa, PQgetvalue(res, i, 1)) != 0 ||
                                       strcmp(sb, PQgetvalue(res, i, 2)) != 0))) {
            fprintf(stderr, "differs: '%s': C %s..%s, SQL %s..%s\n", value, got ? sa : "NULL",
                    got ? sb : "NULL", sql_has ? PQgetvalue(res, i, 1) : "NULL",
                    sql_has ? PQgetvalue(res, i, 2) : "NULL");
            differences++;
        }
    }
    fprintf(stderr, "%d values compared with ingest_iso_date_range(), %d differences\n", rows,
            differences);
    assert_int_equal(differences, 0);
    assert_true(rows > 5000);
    PQclear(res);
    PQfinish(conn);
    free(v.text);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fixed_cases),
        cmocka_unit_test(test_same_as_the_sql_function),
    };
    return cmocka_run_group_tests_name("pgw_date_range", tests, NULL, NULL);
}
