/* Unit tests for common/metrics: exact text exposition of counters, gauges, histograms and
 * labels; the rules families and series are checked against; exact sums under concurrent
 * updates; resident memory from statm. promtool checks are in test_ingest_metrics.c. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "metrics.h"

#define COUNT_OF(a) (sizeof(a) / sizeof((a)[0]))

static struct metrics_registry *new_registry(void)
{
    struct metrics_registry *reg = NULL;
    assert_int_equal(metrics_registry_create(&reg), 0);
    assert_non_null(reg);
    return reg;
}

/* Renders reg and returns the text (caller frees). */
static char *render(struct metrics_registry *reg)
{
    struct metrics_buffer buf = METRICS_BUFFER_INIT;
    size_t len = 0;
    char *text;

    assert_int_equal(metrics_render(reg, &buf), 0);
    text = metrics_buffer_take(&buf, &len);
    assert_null(buf.data);
    assert_int_equal(buf.len, 0);
    if (text == NULL) {
        text = strdup("");
    }
    assert_int_equal(strlen(text), len);
    return text;
}

static void assert_render(struct metrics_registry *reg, const char *expected)
{
    char *text = render(reg);
    assert_string_equal(text, expected);
    free(text);
}

static void test_counters(void **state)
{
    static const char *const reason[] = {"reason", NULL};
    struct metrics_registry *reg = new_registry();
    struct metrics_counter *plain, *by_reason;
    size_t too_large, invalid_json, again;

    (void)state;
    assert_int_equal(
        metrics_counter_create(
            reg, &(struct metrics_desc){.name = "t_consumed_total", .help = "Consumed."}, &plain),
        0);
    assert_int_equal(metrics_counter_create(reg,
                                            &(struct metrics_desc){.name = "t_dead_total",
                                                                   .help = "Dead letters.",
                                                                   .label_names = reason,
                                                                   .max_series = 4},
                                            &by_reason),
                     0);
    assert_int_equal(
        metrics_counter_series(by_reason, (const char *const[]){"too_large"}, &too_large), 0);
    assert_int_equal(
        metrics_counter_series(by_reason, (const char *const[]){"invalid_json"}, &invalid_json), 0);
    assert_int_equal(too_large, 0);
    assert_int_equal(invalid_json, 1);
    assert_int_equal(metrics_counter_series(by_reason, (const char *const[]){"too_large"}, &again),
                     0);
    assert_int_equal(again, too_large);

    metrics_counter_inc(plain, 0);
    metrics_counter_add(plain, 0, 41);
    metrics_counter_add(by_reason, invalid_json, 3);
    metrics_counter_add(plain, 0, UINT64_C(10000000000)); /* beyond 32 bits */
    assert_int_equal(metrics_counter_value(plain, 0), UINT64_C(10000000042));
    assert_int_equal(metrics_counter_value(by_reason, too_large), 0);

    assert_render(reg, "# HELP t_consumed_total Consumed.\n"
                       "# TYPE t_consumed_total counter\n"
                       "t_consumed_total 10000000042\n"
                       "# HELP t_dead_total Dead letters.\n"
                       "# TYPE t_dead_total counter\n"
                       "t_dead_total{reason=\"too_large\"} 0\n"
                       "t_dead_total{reason=\"invalid_json\"} 3\n");

    metrics_counter_set(plain, 0, 7);
    assert_int_equal(metrics_counter_value(plain, 0), 7);
    metrics_registry_destroy(reg);
}

static void test_gauges(void **state)
{
    static const struct {
        double value;
        const char *text;
    } cases[] = {
        {0, "0"},
        {1.5, "1.5"},
        {-2, "-2"},
        {0.1, "0.1"},
        {268435456, "268435456"},
        {1e21, "1e+21"},
        {123456.789, "123456.789"},
        {1.0 / 3.0, "0.3333333333333333"},
        {INFINITY, "+Inf"},
        {-INFINITY, "-Inf"},
        {NAN, "NaN"},
    };
    struct metrics_registry *reg = new_registry();
    struct metrics_gauge *g;
    char expected[256];

    (void)state;
    assert_int_equal(
        metrics_gauge_create(reg, &(struct metrics_desc){.name = "t_level", .help = "Level."}, &g),
        0);
    for (size_t i = 0; i < COUNT_OF(cases); i++) {
        metrics_gauge_set(g, 0, cases[i].value);
        snprintf(expected, sizeof(expected),
                 "# HELP t_level Level.\n# TYPE t_level gauge\nt_level %s\n", cases[i].text);
        assert_render(reg, expected);
    }
    metrics_gauge_set(g, 0, 10);
    metrics_gauge_add(g, 0, -2.5);
    assert_true(metrics_gauge_value(g, 0) == 7.5);
    metrics_registry_destroy(reg);
}

static void test_histograms(void **state)
{
    static const double bounds[] = {0.25, 0.5, 1, 2.5};
    static const char *const route[] = {"route", NULL};
    struct metrics_registry *reg = new_registry();
    struct metrics_histogram *h, *by_route;
    size_t db, dlq;

    (void)state;
    assert_int_equal(metrics_histogram_create(reg,
                                              &(struct metrics_desc){.name = "t_latency_seconds",
                                                                     .help = "Latency.",
                                                                     .buckets = bounds,
                                                                     .bucket_count = 4},
                                              &h),
                     0);
    assert_int_equal(metrics_histogram_create(reg,
                                              &(struct metrics_desc){.name = "t_route_seconds",
                                                                     .help = "By route.",
                                                                     .label_names = route,
                                                                     .max_series = 2,
                                                                     .buckets = bounds,
                                                                     .bucket_count = 2},
                                              &by_route),
                     0);
    assert_int_equal(metrics_histogram_series(by_route, (const char *const[]){"db"}, &db), 0);
    assert_int_equal(metrics_histogram_series(by_route, (const char *const[]){"dlq"}, &dlq), 0);

    /* A bound is inclusive (le): 0.25 lands in the first bucket, 0.5 in the second. */
    metrics_histogram_observe(h, 0, 0.25);
    metrics_histogram_observe(h, 0, 0.5);
    metrics_histogram_observe(h, 0, 1);
    metrics_histogram_observe(h, 0, 3);
    metrics_histogram_observe(h, 0, 7);
    metrics_histogram_observe(h, 0, NAN); /* ignored */
    metrics_histogram_observe(by_route, dlq, 0.125);
    assert_int_equal(metrics_histogram_count(h, 0), 5);
    assert_true(metrics_histogram_sum(h, 0) == 11.75);

    assert_render(reg, "# HELP t_latency_seconds Latency.\n"
                       "# TYPE t_latency_seconds histogram\n"
                       "t_latency_seconds_bucket{le=\"0.25\"} 1\n"
                       "t_latency_seconds_bucket{le=\"0.5\"} 2\n"
                       "t_latency_seconds_bucket{le=\"1\"} 3\n"
                       "t_latency_seconds_bucket{le=\"2.5\"} 3\n"
                       "t_latency_seconds_bucket{le=\"+Inf\"} 5\n"
                       "t_latency_seconds_sum 11.75\n"
                       "t_latency_seconds_count 5\n"
                       "# HELP t_route_seconds By route.\n"
                       "# TYPE t_route_seconds histogram\n"
                       "t_route_seconds_bucket{route=\"db\",le=\"0.25\"} 0\n"
                       "t_route_seconds_bucket{route=\"db\",le=\"0.5\"} 0\n"
                       "t_route_seconds_bucket{route=\"db\",le=\"+Inf\"} 0\n"
                       "t_route_seconds_sum{route=\"db\"} 0\n"
                       "t_route_seconds_count{route=\"db\"} 0\n"
                       "t_route_seconds_bucket{route=\"dlq\",le=\"0.25\"} 1\n"
                       "t_route_seconds_bucket{route=\"dlq\",le=\"0.5\"} 1\n"
                       "t_route_seconds_bucket{route=\"dlq\",le=\"+Inf\"} 1\n"
                       "t_route_seconds_sum{route=\"dlq\"} 0.125\n"
                       "t_route_seconds_count{route=\"dlq\"} 1\n");
    metrics_registry_destroy(reg);
}

static void test_escaping(void **state)
{
    static const char *const labels[] = {"topic", "partition", NULL};
    struct metrics_registry *reg = new_registry();
    struct metrics_gauge *g;
    size_t index;

    (void)state;
    assert_int_equal(
        metrics_gauge_create(reg,
                             &(struct metrics_desc){.name = "t_lag",
                                                    .help = "Back\\slash\nand \"quotes\"",
                                                    .label_names = labels,
                                                    .max_series = 2},
                             &g),
        0);
    assert_int_equal(
        metrics_gauge_series(g, (const char *const[]){"a\"b\\c\nd", "thời sự"}, &index), 0);
    metrics_gauge_set(g, index, 42);
    /* HELP escapes backslash and newline only; label values also the double quote. */
    assert_render(reg, "# HELP t_lag Back\\\\slash\\nand \"quotes\"\n"
                       "# TYPE t_lag gauge\n"
                       "t_lag{topic=\"a\\\"b\\\\c\\nd\",partition=\"thời sự\"} 42\n");
    metrics_registry_destroy(reg);
}

static void test_invalid_descriptions(void **state)
{
    static const double good[] = {1, 2};
    static const double unsorted[] = {2, 1};
    static const double equal[] = {1, 1};
    static const double infinite[] = {1, INFINITY};
    static const char *const one[] = {"reason", NULL};
    static const char *const reserved[] = {"__name", NULL};
    static const char *const le[] = {"le", NULL};
    static const char *const bad_label[] = {"9lives", NULL};
    static const char *const twice[] = {"a", "a", NULL};
    static const char *const four[] = {"a", "b", "c", "d", NULL};
    static const struct {
        int type; /* 0 counter, 1 gauge, 2 histogram */
        struct metrics_desc desc;
    } cases[] = {
        {0, {.name = "t_count", .help = "no _total suffix"}},
        {0, {.name = "", .help = "empty name"}},
        {0, {.name = "9t_total", .help = "leading digit"}},
        {0, {.name = "t-x_total", .help = "dash"}},
        {0, {.name = "t_total", .help = NULL}},
        {1, {.name = "t_g", .help = "x", .label_names = one, .max_series = 0}},
        {1, {.name = "t_g", .help = "x", .label_names = reserved, .max_series = 1}},
        {1, {.name = "t_g", .help = "x", .label_names = bad_label, .max_series = 1}},
        {1, {.name = "t_g", .help = "x", .label_names = twice, .max_series = 1}},
        {1, {.name = "t_g", .help = "x", .label_names = four, .max_series = 1}},
        {2, {.name = "t_h", .help = "x", .buckets = NULL, .bucket_count = 0}},
        {2, {.name = "t_h", .help = "x", .buckets = good, .bucket_count = 0}},
        {2, {.name = "t_h", .help = "x", .buckets = unsorted, .bucket_count = 2}},
        {2, {.name = "t_h", .help = "x", .buckets = equal, .bucket_count = 2}},
        {2, {.name = "t_h", .help = "x", .buckets = infinite, .bucket_count = 2}},
        {2, {.name = "t_h", .help = "x", .buckets = good, .bucket_count = METRICS_BUCKETS_MAX + 1}},
        {2,
         {.name = "t_h",
          .help = "x",
          .label_names = le,
          .max_series = 1,
          .buckets = good,
          .bucket_count = 2}},
    };
    struct metrics_registry *reg = new_registry();
    struct metrics_counter *c;
    struct metrics_gauge *g;
    struct metrics_histogram *h;

    (void)state;
    for (size_t i = 0; i < COUNT_OF(cases); i++) {
        int rc = cases[i].type == 0   ? metrics_counter_create(reg, &cases[i].desc, &c)
                 : cases[i].type == 1 ? metrics_gauge_create(reg, &cases[i].desc, &g)
                                      : metrics_histogram_create(reg, &cases[i].desc, &h);
        if (rc != -EINVAL) {
            fail_msg("case %zu (%s): expected -EINVAL, got %d", i, cases[i].desc.help, rc);
        }
    }
    /* Colons are allowed in metric names; a name is taken once, whatever the type. */
    assert_int_equal(
        metrics_gauge_create(reg, &(struct metrics_desc){.name = "t:ok", .help = "x"}, &g), 0);
    assert_int_equal(
        metrics_gauge_create(reg, &(struct metrics_desc){.name = "t_dup", .help = "x"}, &g), 0);
    assert_int_equal(metrics_histogram_create(
                         reg,
                         &(struct metrics_desc){
                             .name = "t_dup", .help = "x", .buckets = good, .bucket_count = 2},
                         &h),
                     -EEXIST);
    assert_render(reg, "# HELP t:ok x\n# TYPE t:ok gauge\nt:ok 0\n"
                       "# HELP t_dup x\n# TYPE t_dup gauge\nt_dup 0\n");
    metrics_registry_destroy(reg);
}

static void test_series_rules(void **state)
{
    static const char *const labels[] = {"topic", "partition", NULL};
    struct metrics_registry *reg = new_registry();
    struct metrics_gauge *lag, *plain;
    struct metrics_counter *counter;
    char long_value[METRICS_LABEL_VALUE_MAX + 1];
    size_t a, b, c;

    (void)state;
    assert_int_equal(metrics_gauge_create(reg,
                                          &(struct metrics_desc){.name = "t_lag",
                                                                 .help = "Lag.",
                                                                 .label_names = labels,
                                                                 .max_series = 2},
                                          &lag),
                     0);
    assert_int_equal(
        metrics_gauge_create(reg, &(struct metrics_desc){.name = "t_plain", .help = "P."}, &plain),
        0);
    assert_int_equal(metrics_counter_create(
                         reg, &(struct metrics_desc){.name = "t_c_total", .help = "C."}, &counter),
                     0);

    /* A labelled family with no series is left out entirely. */
    assert_render(reg, "# HELP t_plain P.\n# TYPE t_plain gauge\nt_plain 0\n"
                       "# HELP t_c_total C.\n# TYPE t_c_total counter\nt_c_total 0\n");

    assert_int_equal(metrics_gauge_series(lag, (const char *const[]){"raw", "0"}, &a), 0);
    assert_int_equal(metrics_gauge_series(lag, (const char *const[]){"raw", "1"}, &b), 0);
    assert_int_equal(metrics_gauge_series(lag, (const char *const[]){"raw", "2"}, &c), -ENOSPC);
    metrics_gauge_set(lag, a, 5);
    metrics_gauge_set(lag, b, 9);

    /* Values must be UTF-8 and fit; families without labels have no series to add. */
    assert_int_equal(metrics_gauge_series(lag, (const char *const[]){"raw\xff", "0"}, &c), -EINVAL);
    assert_int_equal(metrics_gauge_series(lag, (const char *const[]){"\xed\xa0\x80", "0"}, &c),
                     -EINVAL); /* a UTF-16 surrogate */
    assert_int_equal(metrics_gauge_series(lag, (const char *const[]){"\xc0\xaf", "0"}, &c),
                     -EINVAL); /* overlong */
    assert_int_equal(metrics_gauge_series(lag, (const char *const[]){"raw", NULL}, &c), -EINVAL);
    memset(long_value, 'x', sizeof(long_value) - 1);
    long_value[sizeof(long_value) - 1] = '\0';
    assert_int_equal(metrics_gauge_series(lag, (const char *const[]){long_value, "0"}, &c),
                     -EINVAL);
    long_value[METRICS_LABEL_VALUE_MAX - 1] = '\0'; /* the longest that fits */
    assert_int_equal(metrics_gauge_remove(lag, b), 0);
    assert_int_equal(metrics_gauge_series(lag, (const char *const[]){long_value, "0"}, &c), 0);
    assert_int_equal(c, b); /* the freed slot, reset to zero */
    assert_true(metrics_gauge_value(lag, c) == 0);
    assert_int_equal(metrics_gauge_remove(lag, c), 0);
    assert_int_equal(metrics_counter_series(counter, (const char *const[]){"x"}, &c), -EINVAL);
    assert_int_equal(metrics_gauge_remove(plain, 0), -EINVAL);

    /* Removing frees the slot: the next series reuses it, starting from zero. */
    assert_int_equal(metrics_gauge_remove(lag, a), 0);
    assert_int_equal(metrics_gauge_remove(lag, a), -ENOENT);
    assert_int_equal(metrics_gauge_remove(lag, 99), -ENOENT);
    assert_int_equal(metrics_gauge_series(lag, (const char *const[]){"raw", "4"}, &c), 0);
    assert_int_equal(c, a);
    assert_true(metrics_gauge_value(lag, c) == 0);
    metrics_gauge_set(lag, c, 3);
    assert_render(reg, "# HELP t_lag Lag.\n# TYPE t_lag gauge\n"
                       "t_lag{topic=\"raw\",partition=\"4\"} 3\n"
                       "# HELP t_plain P.\n# TYPE t_plain gauge\nt_plain 0\n"
                       "# HELP t_c_total C.\n# TYPE t_c_total counter\nt_c_total 0\n");
    metrics_registry_destroy(reg);
}

#define THREADS    4
#define ITERATIONS 200000

struct shared {
    struct metrics_registry *reg;
    struct metrics_counter *counter;
    size_t series;
    struct metrics_gauge *gauge;
    struct metrics_histogram *hist;
    int stop;
    pthread_mutex_t stop_mutex;
};

static void *bump(void *arg)
{
    struct shared *s = arg;

    for (int i = 0; i < ITERATIONS; i++) {
        metrics_counter_inc(s->counter, s->series);
        metrics_gauge_add(s->gauge, 0, 1.0);
        metrics_histogram_observe(s->hist, 0, (double)(i % 4)); /* 0,1,2,3 */
    }
    return NULL;
}

/* Renders while the others count: every text must show _count equal to the +Inf bucket. */
static void *scrape(void *arg)
{
    struct shared *s = arg;
    int stop = 0;

    while (!stop) {
        struct metrics_buffer buf = METRICS_BUFFER_INIT;
        unsigned long long inf = 0, count = 1;
        const char *p;
        if (metrics_render(s->reg, &buf) != 0) {
            metrics_buffer_free(&buf);
            return (void *)1;
        }
        p = strstr(buf.data, "t_h_bucket{le=\"+Inf\"} ");
        if (p == NULL || sscanf(p, "t_h_bucket{le=\"+Inf\"} %llu", &inf) != 1 ||
            (p = strstr(buf.data, "t_h_count ")) == NULL ||
            sscanf(p, "t_h_count %llu", &count) != 1 || inf != count) {
            metrics_buffer_free(&buf);
            return (void *)1;
        }
        metrics_buffer_free(&buf);
        pthread_mutex_lock(&s->stop_mutex);
        stop = s->stop;
        pthread_mutex_unlock(&s->stop_mutex);
    }
    return NULL;
}

static void test_concurrent_updates(void **state)
{
    static const double bounds[] = {0.5, 1.5, 2.5};
    static const char *const label[] = {"who", NULL};
    struct shared s = {.reg = new_registry(), .stop_mutex = PTHREAD_MUTEX_INITIALIZER};
    pthread_t threads[THREADS], scraper;
    void *scrape_result = NULL;
    size_t other;
    char *text;
    char expected[1024];

    (void)state;
    assert_int_equal(metrics_counter_create(s.reg,
                                            &(struct metrics_desc){.name = "t_c_total",
                                                                   .help = "C.",
                                                                   .label_names = label,
                                                                   .max_series = 2},
                                            &s.counter),
                     0);
    assert_int_equal(metrics_counter_series(s.counter, (const char *const[]){"idle"}, &other), 0);
    assert_int_equal(metrics_counter_series(s.counter, (const char *const[]){"busy"}, &s.series),
                     0);
    assert_int_equal(
        metrics_gauge_create(s.reg, &(struct metrics_desc){.name = "t_g", .help = "G."}, &s.gauge),
        0);
    assert_int_equal(metrics_histogram_create(
                         s.reg,
                         &(struct metrics_desc){
                             .name = "t_h", .help = "H.", .buckets = bounds, .bucket_count = 3},
                         &s.hist),
                     0);

    assert_int_equal(pthread_create(&scraper, NULL, scrape, &s), 0);
    for (int t = 0; t < THREADS; t++) {
        assert_int_equal(pthread_create(&threads[t], NULL, bump, &s), 0);
    }
    for (int t = 0; t < THREADS; t++) {
        assert_int_equal(pthread_join(threads[t], NULL), 0);
    }
    pthread_mutex_lock(&s.stop_mutex);
    s.stop = 1;
    pthread_mutex_unlock(&s.stop_mutex);
    assert_int_equal(pthread_join(scraper, &scrape_result), 0);
    assert_null(scrape_result);

    assert_int_equal(metrics_counter_value(s.counter, s.series), THREADS * ITERATIONS);
    assert_int_equal(metrics_counter_value(s.counter, other), 0);
    assert_true(metrics_gauge_value(s.gauge, 0) == (double)(THREADS * ITERATIONS));
    assert_int_equal(metrics_histogram_count(s.hist, 0), THREADS * ITERATIONS);
    /* Each thread observes 0,1,2,3 equally often: sum 1.5 per observation, exact in binary. */
    assert_true(metrics_histogram_sum(s.hist, 0) == 1.5 * THREADS * ITERATIONS);

    text = render(s.reg);
    snprintf(expected, sizeof(expected),
             "# HELP t_c_total C.\n# TYPE t_c_total counter\n"
             "t_c_total{who=\"idle\"} 0\nt_c_total{who=\"busy\"} %d\n"
             "# HELP t_g G.\n# TYPE t_g gauge\nt_g %d\n"
             "# HELP t_h H.\n# TYPE t_h histogram\n"
             "t_h_bucket{le=\"0.5\"} %d\nt_h_bucket{le=\"1.5\"} %d\nt_h_bucket{le=\"2.5\"} %d\n"
             "t_h_bucket{le=\"+Inf\"} %d\nt_h_sum %d\nt_h_count %d\n",
             THREADS * ITERATIONS, THREADS * ITERATIONS, THREADS * ITERATIONS / 4,
             THREADS * ITERATIONS / 2, THREADS * ITERATIONS * 3 / 4, THREADS * ITERATIONS,
             THREADS * ITERATIONS * 3 / 2, THREADS * ITERATIONS);
    assert_string_equal(text, expected);
    free(text);
    metrics_registry_destroy(s.reg);
}

static void test_statm_parse(void **state)
{
    static const struct {
        const char *text;
        uint64_t page;
        int rc;
        uint64_t bytes;
    } cases[] = {
        {"1234 567 89 10 0 300 0\n", 4096, 0, UINT64_C(567) * 4096},
        {"99 1\n", 65536, 0, 65536},
        {"5 0", 4096, 0, 0},
        {"  7 8 9", 4096, 0, 8 * 4096},
        {"", 4096, -EINVAL, 0},
        {"1234\n", 4096, -EINVAL, 0},
        {"1234 x 5", 4096, -EINVAL, 0},
        {"1234 56x 5", 4096, -EINVAL, 0},
        {"1 2", 0, -EINVAL, 0},
        {"1 99999999999999999999999", 4096, -EINVAL, 0},
        {"1 9007199254740993", 4096, -EINVAL, 0}, /* pages * 4096 beyond 64 bits */
    };

    (void)state;
    for (size_t i = 0; i < COUNT_OF(cases); i++) {
        uint64_t bytes = 0;
        int rc = metrics_statm_resident_bytes(cases[i].text, strlen(cases[i].text), cases[i].page,
                                              &bytes);
        if (rc != cases[i].rc || (rc == 0 && bytes != cases[i].bytes)) {
            fail_msg("case %zu \"%s\": rc %d bytes %llu, expected rc %d bytes %llu", i,
                     cases[i].text, rc, (unsigned long long)bytes, cases[i].rc,
                     (unsigned long long)cases[i].bytes);
        }
    }
}

static void test_resident_memory(void **state)
{
    const size_t grow = 64u << 20;
    uint64_t before = 0, after = 0;
    char *block;

    (void)state;
    assert_int_equal(metrics_process_resident_bytes(&before), 0);
    assert_true(before > 0);
    block = malloc(grow);
    assert_non_null(block);
    memset(block, 1, grow); /* touched pages become resident */
    assert_int_equal(metrics_process_resident_bytes(&after), 0);
    /* RSS grew by the 64 MiB just touched, give or take a few MiB of the allocator's and the
     * kernel's own rounding. */
    assert_true(after >= before + grow - (4u << 20));
    assert_true(after <= before + grow + (8u << 20));
    free(block);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_counters),
        cmocka_unit_test(test_gauges),
        cmocka_unit_test(test_histograms),
        cmocka_unit_test(test_escaping),
        cmocka_unit_test(test_invalid_descriptions),
        cmocka_unit_test(test_series_rules),
        cmocka_unit_test(test_concurrent_updates),
        cmocka_unit_test(test_statm_parse),
        cmocka_unit_test(test_resident_memory),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
