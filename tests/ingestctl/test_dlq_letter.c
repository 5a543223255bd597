/*
 * dlq_letter (services/ingestctl): --since times, OFFSET notation, and the decoding of a dead
 * letter's ingest.* headers, built in memory (no broker needed).
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "dlq_letter.h"

static void test_time_parse(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        int64_t want_ms;
    } cases[] = {
        {"2026-11-27", 1795737600000LL},
        {"2026-11-27T10:00", 1795773600000LL},
        {"2026-11-27T10:00:05Z", 1795773605000LL},
        {"2026-11-27T10:00:05.25Z", 1795773605250LL},
        {"2026-11-27T10:00:05.123Z", 1795773605123LL},
        {"2026-11-27 10:00:05", 1795773605000LL},
        {"1970-01-01T00:00:00Z", 0},
        /* Durations count back from now (here 1 000 000 000 ms). */
        {"90s", 1000000000LL - 90000},
        {"30m", 1000000000LL - 1800000},
        {"2h", 1000000000LL - 7200000},
        {"7d", 1000000000LL - 604800000},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int64_t got = -1;
        assert_int_equal(dlq_time_parse(cases[i].text, 1000000000LL, &got), 0);
        assert_int_equal(got, cases[i].want_ms);
    }
    static const char *const bad[] = {
        "",   "yesterday", "2026-13-01", "2026-11-27T25:00",     "2026-1-2", "5",
        "5w", "-3h",       "2h30m",      "2026-11-27T10:00:05.Z"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        int64_t got = 42;
        assert_int_equal(dlq_time_parse(bad[i], 0, &got), -EINVAL);
        assert_int_equal(got, 42);
    }
}

static void test_position(void **state)
{
    (void)state;
    int32_t p = -1;
    int64_t o = -1;
    assert_int_equal(dlq_position_parse("17", &p, &o), 0);
    assert_int_equal(p, 0);
    assert_int_equal(o, 17);
    assert_int_equal(dlq_position_parse("2:9000000000", &p, &o), 0);
    assert_int_equal(p, 2);
    assert_int_equal(o, 9000000000LL);
    static const char *const bad[] = {"", "x", "-1", "1:", ":1", "1:2:3", "1:-2", " 3", "3 "};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        assert_int_equal(dlq_position_parse(bad[i], &p, &o), -EINVAL);
    }
    char buf[32];
    dlq_position_format(0, 17, buf, sizeof buf);
    assert_string_equal(buf, "17");
    dlq_position_format(2, 5, buf, sizeof buf);
    assert_string_equal(buf, "2:5");
}

static void test_letter_read_and_match(void **state)
{
    (void)state;
    rd_kafka_headers_t *h = rd_kafka_headers_new(8);
    rd_kafka_header_add(h, "ingest.reason", -1, "wrong_type", -1);
    rd_kafka_header_add(h, "ingest.path", -1, "/body", -1);
    rd_kafka_header_add(h, "ingest.error", -1, "body must be a string", -1);
    rd_kafka_header_add(h, "ingest.topic", -1, "articles.raw", -1);
    rd_kafka_header_add(h, "ingest.partition", -1, "4", -1);
    rd_kafka_header_add(h, "ingest.offset", -1, "1234", -1);
    rd_kafka_header_add(h, "ingest.time", -1, "2026-11-27T10:00:05.123Z", -1);
    struct dlq_letter l = {0};
    dlq_letter_read_headers(h, 5, &l);
    assert_string_equal(l.reason, "wrong_type");
    assert_string_equal(l.path, "/body");
    assert_string_equal(l.error, "body must be a string");
    assert_string_equal(l.topic, "articles.raw");
    assert_string_equal(l.from_partition, "4");
    assert_string_equal(l.from_offset, "1234");
    assert_string_equal(l.sqlstate, "");
    assert_int_equal(l.time_ms, 1795773605123LL);

    struct dlq_filter any = {NULL, INT64_MIN};
    struct dlq_filter same = {"wrong_type", 1795773605123LL};
    struct dlq_filter other = {"invalid_json", INT64_MIN};
    struct dlq_filter later = {NULL, 1795773605124LL};
    assert_true(dlq_letter_matches(&l, &any));
    /* Without ingest.time the Kafka timestamp stands in. */
    struct dlq_letter bare = {0};
    dlq_letter_read_headers(NULL, 5, &bare);
    assert_string_equal(bare.reason, "");
    assert_int_equal(bare.time_ms, 5);
    assert_false(dlq_letter_matches(&bare, &same));
    assert_true(dlq_letter_matches(&l, &same));
    assert_false(dlq_letter_matches(&l, &other));
    assert_false(dlq_letter_matches(&l, &later));
    rd_kafka_headers_destroy(h);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_time_parse),
        cmocka_unit_test(test_position),
        cmocka_unit_test(test_letter_read_and_match),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
