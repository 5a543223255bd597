/* Unit tests for common/metrics/ingest_metrics (ingestd's catalogue): every family present
 * with its type in order, fixed series and their indices, lag series, values measured at
 * scrape time, and the rendered text of a populated catalogue accepted by Prometheus's own
 * parser and linter (`promtool check metrics`, Debian package prometheus). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "article.h"
#include "ingest_metrics.h"
#include "log.h"

#define COUNT_OF(a) (sizeof(a) / sizeof((a)[0]))

static char *render(struct ingest_metrics *m)
{
    struct metrics_buffer buf = METRICS_BUFFER_INIT;
    size_t len;

    assert_int_equal(metrics_render(m->registry, &buf), 0);
    return metrics_buffer_take(&buf, &len);
}

static struct ingest_metrics *create(int64_t now_ms)
{
    struct ingest_metrics *m = NULL;
    assert_int_equal(ingest_metrics_create("0.1.0-test", now_ms, 256u << 20, &m), 0);
    assert_non_null(m);
    return m;
}

/* Every "# TYPE" line, in order: the catalogue is a contract with dashboards and alerts. */
static void test_catalogue(void **state)
{
    static const char *const expected[] = {
        "ingest_messages_consumed_total counter",
        "ingest_consumed_bytes_total counter",
        "ingest_messages_stored_total counter",
        "ingest_enriched_published_total counter",
        "ingest_messages_dead_lettered_total counter",
        "ingest_retries_total counter",
        "ingest_messages_abandoned_total counter",
        "ingest_messages_redelivered_total counter",
        "ingest_commit_failures_total counter",
        "ingest_http_requests_total counter",
        "ingest_log_lines_total counter",
        "ingest_db_events_total counter",
        "ingest_db_batch_messages histogram",
        "ingest_db_write_duration_seconds histogram",
        "ingest_end_to_end_latency_seconds histogram",
        /* ingest_consumer_lag_messages is left out while no partition is assigned */
        "ingest_partitions_assigned gauge",
        "ingest_partitions_paused gauge",
        "ingest_inflight_messages gauge",
        "ingest_inflight_bytes gauge",
        "ingest_resident_memory_bytes gauge",
        "ingest_memory_budget_bytes gauge",
        "ingest_db_connected gauge",
        "ingest_ready gauge",
        "ingest_last_commit_age_seconds gauge",
        "ingest_build_info gauge",
    };
    struct ingest_metrics *m = create(0);
    char *text = render(m), *line, *save = NULL;
    size_t n = 0;

    (void)state;
    for (line = strtok_r(text, "\n", &save); line != NULL; line = strtok_r(NULL, "\n", &save)) {
        if (strncmp(line, "# TYPE ", 7) != 0) {
            continue;
        }
        if (n >= COUNT_OF(expected)) {
            fail_msg("unexpected family: %s", line);
        }
        assert_string_equal(line + 7, expected[n]);
        n++;
    }
    assert_int_equal(n, COUNT_OF(expected));
    free(text);

    text = render(m);
    assert_non_null(strstr(text, "\ningest_build_info{version=\"0.1.0-test\"} 1\n"));
    assert_non_null(strstr(text, "\ningest_memory_budget_bytes 268435456\n"));
    assert_non_null(strstr(text, "\ningest_messages_stored_total{outcome=\"inserted\"} 0\n"
                                 "ingest_messages_stored_total{outcome=\"updated\"} 0\n"
                                 "ingest_messages_stored_total{outcome=\"unchanged\"} 0\n"));
    assert_non_null(strstr(text, "\ningest_retries_total{stage=\"work\"} 0\n"
                                 "ingest_retries_total{stage=\"db\"} 0\n"
                                 "ingest_retries_total{stage=\"enriched\"} 0\n"
                                 "ingest_retries_total{stage=\"dlq\"} 0\n"));
    assert_non_null(strstr(text, "\ningest_db_events_total{event=\"connect\"} 0\n"
                                 "ingest_db_events_total{event=\"transaction\"} 0\n"
                                 "ingest_db_events_total{event=\"copy\"} 0\n"
                                 "ingest_db_events_total{event=\"row_resent\"} 0\n"
                                 "ingest_db_events_total{event=\"row_isolated\"} 0\n"));
    assert_non_null(strstr(text, "\ningest_http_requests_total{code=\"1xx\"} 0\n"
                                 "ingest_http_requests_total{code=\"2xx\"} 0\n"
                                 "ingest_http_requests_total{code=\"3xx\"} 0\n"
                                 "ingest_http_requests_total{code=\"4xx\"} 0\n"
                                 "ingest_http_requests_total{code=\"5xx\"} 0\n"));
    assert_non_null(strstr(text, "\ningest_end_to_end_latency_seconds_bucket{le=\"0.005\"} 0\n"));
    assert_non_null(strstr(text, "\ningest_end_to_end_latency_seconds_bucket{le=\"3600\"} 0\n"
                                 "ingest_end_to_end_latency_seconds_bucket{le=\"+Inf\"} 0\n"));
    free(text);
    ingest_metrics_destroy(m);

    /* A version that cannot be a label value is refused. */
    assert_int_equal(ingest_metrics_create("bad\xff", 0, 1, &m), -EINVAL);
    assert_int_equal(ingest_metrics_create(NULL, 0, 1, &m), -EINVAL);
}

static void test_reasons(void **state)
{
    struct ingest_metrics *m = create(0);
    char *text;
    char line[128];

    (void)state;
    /* Every validation reason, then ingestd's own, then "other" for anything else. */
    assert_int_equal(ingest_metrics_reason_count(), (size_t)ARTICLE_REASON_COUNT - 1 + 3);
    for (int r = ARTICLE_OK + 1; r < ARTICLE_REASON_COUNT; r++) {
        const char *code = article_reason_code((enum article_reason)r);
        assert_int_equal(ingest_metrics_reason_index(code), (size_t)(r - 1));
        assert_string_equal(ingest_metrics_reason_name((size_t)(r - 1)), code);
    }
    assert_string_equal(ingest_metrics_reason_name(0), "empty_message");
    assert_int_equal(ingest_metrics_reason_index("too_large"), ARTICLE_TOO_LARGE - 1);
    assert_int_equal(ingest_metrics_reason_index("enrich_failed"), ARTICLE_REASON_COUNT - 1);
    assert_int_equal(ingest_metrics_reason_index("db_rejected"), ARTICLE_REASON_COUNT);
    assert_int_equal(ingest_metrics_reason_index("no_such_reason"), ARTICLE_REASON_COUNT + 1);
    assert_int_equal(ingest_metrics_reason_index("other"), ARTICLE_REASON_COUNT + 1);
    assert_int_equal(ingest_metrics_reason_index(NULL), ARTICLE_REASON_COUNT + 1);
    assert_int_equal(ingest_metrics_reason_index("ok"), ARTICLE_REASON_COUNT + 1);
    assert_string_equal(ingest_metrics_reason_name(ARTICLE_REASON_COUNT + 1), "other");
    assert_null(ingest_metrics_reason_name(ARTICLE_REASON_COUNT + 2));

    assert_int_equal(ingest_metrics_outcome_index("inserted"), INGEST_STORED_INSERTED);
    assert_int_equal(ingest_metrics_outcome_index("updated"), INGEST_STORED_UPDATED);
    assert_int_equal(ingest_metrics_outcome_index("unchanged"), INGEST_STORED_UNCHANGED);
    assert_int_equal(ingest_metrics_outcome_index("deleted"), -ENOENT);
    assert_int_equal(ingest_metrics_outcome_index(NULL), -ENOENT);

    metrics_counter_inc(m->dead_lettered, ingest_metrics_reason_index("invalid_json"));
    metrics_counter_add(m->dead_lettered, ingest_metrics_reason_index("db_rejected"), 2);
    metrics_counter_inc(m->dead_lettered, ingest_metrics_reason_index("surprise"));
    text = render(m);
    for (size_t i = 0; i < ingest_metrics_reason_count(); i++) {
        const char *name = ingest_metrics_reason_name(i);
        int value = strcmp(name, "invalid_json") == 0  ? 1
                    : strcmp(name, "db_rejected") == 0 ? 2
                    : strcmp(name, "other") == 0       ? 1
                                                       : 0;
        snprintf(line, sizeof(line), "\ningest_messages_dead_lettered_total{reason=\"%s\"} %d\n",
                 name, value);
        if (strstr(text, line) == NULL) {
            fail_msg("missing line: %s", line + 1);
        }
    }
    free(text);
    ingest_metrics_destroy(m);
}

static void test_lag_series(void **state)
{
    struct ingest_metrics *m = create(0);
    size_t p3, p5, again;
    char *text;

    (void)state;
    assert_int_equal(ingest_metrics_lag_series(m, "articles.raw", 3, &p3), 0);
    assert_int_equal(ingest_metrics_lag_series(m, "articles.raw", 5, &p5), 0);
    assert_int_equal(ingest_metrics_lag_series(m, "articles.raw", 3, &again), 0);
    assert_int_equal(again, p3);
    assert_int_equal(ingest_metrics_lag_series(m, "articles.raw", -1, &again), -EINVAL);
    assert_int_equal(ingest_metrics_lag_series(m, NULL, 1, &again), -EINVAL);
    metrics_gauge_set(m->consumer_lag, p3, 42);
    metrics_gauge_set(m->consumer_lag, p5, 0);
    text = render(m);
    assert_non_null(
        strstr(text, "# TYPE ingest_consumer_lag_messages gauge\n"
                     "ingest_consumer_lag_messages{topic=\"articles.raw\",partition=\"3\"} 42\n"
                     "ingest_consumer_lag_messages{topic=\"articles.raw\",partition=\"5\"} 0\n"
                     "# HELP ingest_partitions_assigned "));
    free(text);

    /* A revoked partition's lag disappears instead of going stale. */
    assert_int_equal(ingest_metrics_lag_remove(m, p3), 0);
    assert_int_equal(ingest_metrics_lag_remove(m, p3), -ENOENT);
    text = render(m);
    assert_null(strstr(text, "partition=\"3\""));
    assert_non_null(strstr(text, "partition=\"5\"} 0\n"));
    free(text);

    for (int32_t p = 0; p < INGEST_METRICS_MAX_PARTITIONS - 1; p++) {
        assert_int_equal(ingest_metrics_lag_series(m, "other.topic", p, &again), 0);
    }
    assert_int_equal(ingest_metrics_lag_series(m, "other.topic", 999, &again), -ENOSPC);
    ingest_metrics_destroy(m);
}

static void drop_line(const char *line, size_t len, void *arg)
{
    (void)line;
    (void)len;
    (void)arg;
}

static void test_refresh(void **state)
{
    static const uint64_t http[6] = {0, 1, 250, 3, 17, 2};
    struct ingest_metrics *m = create(1000);
    uint64_t warn_before;

    (void)state;
    /* No commit yet: the age counts from the start. */
    assert_int_equal(ingest_metrics_refresh(m, 4500), 0);
    assert_true(metrics_gauge_value(m->last_commit_age, 0) == 3.5);
    ingest_metrics_commit_succeeded(m, 5000);
    assert_int_equal(ingest_metrics_refresh(m, 5250), 0);
    assert_true(metrics_gauge_value(m->last_commit_age, 0) == 0.25);
    /* A clock read before the commit never gives a negative age. */
    assert_int_equal(ingest_metrics_refresh(m, 4000), 0);
    assert_true(metrics_gauge_value(m->last_commit_age, 0) == 0);
    /* A commit at loop time 0 still counts as a commit. */
    ingest_metrics_commit_succeeded(m, 0);
    assert_int_equal(ingest_metrics_refresh(m, 2000), 0);
    assert_true(metrics_gauge_value(m->last_commit_age, 0) == 2);

    assert_true(metrics_gauge_value(m->resident_memory, 0) > 1024 * 1024);

    log_set_sink(drop_line, NULL);
    assert_int_equal(ingest_metrics_refresh(m, 0), 0);
    warn_before = metrics_counter_value(m->log_lines, LOG_LEVEL_WARN);
    log_warn("one");
    log_warn("two");
    log_error("three");
    assert_int_equal(ingest_metrics_refresh(m, 0), 0);
    log_set_sink(NULL, NULL);
    assert_int_equal(metrics_counter_value(m->log_lines, LOG_LEVEL_WARN), warn_before + 2);
    assert_int_equal(metrics_counter_value(m->log_lines, LOG_LEVEL_WARN),
                     log_lines_total(LOG_LEVEL_WARN));
    assert_int_equal(metrics_counter_value(m->log_lines, LOG_LEVEL_ERROR),
                     log_lines_total(LOG_LEVEL_ERROR));

    ingest_metrics_set_http(m, http);
    for (size_t i = 0; i < 5; i++) {
        assert_int_equal(metrics_counter_value(m->http_requests, i), http[i + 1]);
    }
    ingest_metrics_destroy(m);
}

/* A catalogue with every kind of value a running ingestd shows. */
static struct ingest_metrics *populated(void)
{
    static const uint64_t http[6] = {0, 0, 1200, 0, 3, 1};
    struct ingest_metrics *m = create(0);
    size_t lag;

    metrics_counter_add(m->consumed, 0, 10000);
    metrics_counter_add(m->consumed_bytes, 0, 34567890);
    metrics_counter_add(m->stored, INGEST_STORED_INSERTED, 9000);
    metrics_counter_add(m->stored, INGEST_STORED_UPDATED, 500);
    metrics_counter_add(m->stored, INGEST_STORED_UNCHANGED, 400);
    metrics_counter_add(m->enriched_published, 0, 9900);
    metrics_counter_add(m->dead_lettered, ingest_metrics_reason_index("invalid_json"), 60);
    metrics_counter_add(m->dead_lettered, ingest_metrics_reason_index("db_rejected"), 40);
    metrics_counter_add(m->retries, INGEST_RETRY_DB, 7);
    metrics_counter_inc(m->commit_failures, 0);
    for (int i = 1; i <= 300; i++) {
        metrics_histogram_observe(m->batch_size, 0, i % 200);
        metrics_histogram_observe(m->write_seconds, 0, i * 0.0007);
        metrics_histogram_observe(m->end_to_end_seconds, 0, i * 0.013);
    }
    for (int32_t p = 0; p < 6; p++) {
        assert_int_equal(ingest_metrics_lag_series(m, "articles.raw", p, &lag), 0);
        metrics_gauge_set(m->consumer_lag, lag, p * 100);
    }
    metrics_gauge_set(m->partitions_assigned, 0, 6);
    metrics_gauge_set(m->partitions_paused, 0, 2);
    metrics_gauge_set(m->inflight_messages, 0, 812);
    metrics_gauge_set(m->inflight_bytes, 0, 3.2e6);
    metrics_gauge_set(m->db_connected, 0, 1);
    metrics_gauge_set(m->ready, 0, 1);
    ingest_metrics_commit_succeeded(m, 100);
    ingest_metrics_set_http(m, http);
    assert_int_equal(ingest_metrics_refresh(m, 5123), 0);
    return m;
}

/* Searches PATH like execvp would; returns a malloc'd path or NULL. */
static char *find_program(const char *name)
{
    const char *path = getenv("PATH");
    char *copy, *dir, *save = NULL, *found = NULL;

    if (path == NULL) {
        path = "/usr/local/bin:/usr/bin:/bin";
    }
    copy = strdup(path);
    assert_non_null(copy);
    for (dir = strtok_r(copy, ":", &save); dir != NULL && found == NULL;
         dir = strtok_r(NULL, ":", &save)) {
        char candidate[4096];
        snprintf(candidate, sizeof(candidate), "%s/%s", dir, name);
        if (access(candidate, X_OK) == 0) {
            found = strdup(candidate);
        }
    }
    free(copy);
    return found;
}

/* Runs `promtool check metrics` with text on stdin; returns its exit status, output in *out. */
static int promtool_check(const char *text, char **out)
{
    char in_path[] = "/tmp/ingest-metrics-in-XXXXXX";
    char out_path[] = "/tmp/ingest-metrics-out-XXXXXX";
    char *promtool = find_program("promtool");
    int in_fd, out_fd, status = 0;
    size_t len = strlen(text);
    pid_t pid;
    FILE *f;

    if (promtool == NULL) {
        fail_msg("promtool not found in PATH: install Debian's prometheus package "
                 "(deploy/install-deps.sh does)");
    }
    in_fd = mkstemp(in_path);
    out_fd = mkstemp(out_path);
    assert_true(in_fd >= 0 && out_fd >= 0);
    assert_int_equal(write(in_fd, text, len), (ssize_t)len);
    assert_int_equal(lseek(in_fd, 0, SEEK_SET), 0);
    pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        dup2(in_fd, 0);
        dup2(out_fd, 1);
        dup2(out_fd, 2);
        execl(promtool, "promtool", "check", "metrics", (char *)NULL);
        _exit(127);
    }
    assert_int_equal(waitpid(pid, &status, 0), pid);
    close(in_fd);
    close(out_fd);
    f = fopen(out_path, "r");
    assert_non_null(f);
    *out = calloc(1, 65536);
    assert_non_null(*out);
    (void)!fread(*out, 1, 65535, f);
    fclose(f);
    unlink(in_path);
    unlink(out_path);
    free(promtool);
    assert_true(WIFEXITED(status));
    return WEXITSTATUS(status);
}

static void test_promtool_accepts(void **state)
{
    struct ingest_metrics *m = populated();
    char *text = render(m), *output = NULL;
    int status;

    (void)state;
    assert_non_null(strstr(text, "\ningest_messages_consumed_total 10000\n"));
    assert_non_null(strstr(text, "\ningest_last_commit_age_seconds 5.023\n"));
    assert_non_null(strstr(text, "\ningest_db_batch_messages_count 300\n"));
    status = promtool_check(text, &output);
    if (status != 0 || output[0] != '\0') {
        fail_msg("promtool check metrics: exit %d\n%s\non:\n%s", status, output, text);
    }
    free(output);
    free(text);
    ingest_metrics_destroy(m);
}

/* The same check must fail on a broken text, or the test above proves nothing. */
static void test_promtool_rejects(void **state)
{
    static const char *const broken[] = {
        "ingest_x{reason=\"a\xff\"} 1\n", /* label value not UTF-8 */
        "# HELP ingestCamel x\n# TYPE ingestCamel gauge\ningestCamel 1\n", /* lint: camelCase */
        "# HELP ingest_c x\n# TYPE ingest_c counter\ningest_c 1\n",        /* lint: no _total */
        "ingest_x{le=\"1\" 2\n",                                           /* syntax */
    };
    char *output = NULL;

    (void)state;
    for (size_t i = 0; i < COUNT_OF(broken); i++) {
        int status = promtool_check(broken[i], &output);
        if (status == 0) {
            fail_msg("promtool accepted broken text %zu: %s", i, broken[i]);
        }
        free(output);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_catalogue),        cmocka_unit_test(test_reasons),
        cmocka_unit_test(test_lag_series),       cmocka_unit_test(test_refresh),
        cmocka_unit_test(test_promtool_accepts), cmocka_unit_test(test_promtool_rejects),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
