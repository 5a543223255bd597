/*
 * GET /metrics and /readyz of a real ingestd against the real broker and database of
 * `deploy/local/stack up` (label integration; fails, never skips, when they are missing).
 * After a few valid and invalid submissions the exposition must pass Prometheus's own parser
 * (`promtool check metrics`, Debian package prometheus) and count exactly what happened; every
 * family issue 6 names must be there. With PostgreSQL unreachable, /readyz must answer 503 with
 * a JSON body naming the failed check (database) while /healthz stays 200; with the enriched
 * topic missing, every delivery fails and /readyz must name the producer.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include <cmocka.h>
#include <jansson.h>

#include "it_support.h"
#include "run_support.h"

#define PROMTOOL "/usr/bin/promtool"

static struct it_env env;

static int setup(void **state)
{
    (void)state;
    if (access(PROMTOOL, X_OK) != 0) {
        fail_msg("%s is missing: install Debian's prometheus package (apt-get install "
                 "prometheus; it is in deploy/install-deps.sh)",
                 PROMTOOL);
    }
    it_env_setup(&env, "metrics", 3);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    it_env_teardown(&env);
    return 0;
}

/* GET path; returns the status and the body (*body: caller frees), or -1 when no answer. */
static int http_get(const char *path, char **body)
{
    *body = NULL;
    const char *colon = strrchr(env.http_addr, ':');
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    assert_true(fd >= 0);
    struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = htons((uint16_t)atoi(colon + 1))};
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    struct timeval tv = {.tv_sec = 5};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    if (connect(fd, (struct sockaddr *)&addr, sizeof addr) != 0) {
        close(fd);
        return -1;
    }
    char req[256];
    int n = snprintf(req, sizeof req, "GET %s HTTP/1.1\r\nHost: %s\r\nConnection: close\r\n\r\n",
                     path, env.http_addr);
    assert_int_equal(write(fd, req, (size_t)n), n);
    size_t cap = 65536, got = 0;
    char *resp = malloc(cap);
    assert_non_null(resp);
    for (;;) {
        if (cap - got < 4096) {
            cap *= 2;
            resp = realloc(resp, cap);
            assert_non_null(resp);
        }
        ssize_t r = read(fd, resp + got, cap - got - 1);
        if (r <= 0) {
            break;
        }
        got += (size_t)r;
    }
    close(fd);
    resp[got] = '\0';
    int status = -1;
    char *start = strstr(resp, "\r\n\r\n");
    if (sscanf(resp, "HTTP/1.%*d %d", &status) != 1 || start == NULL) {
        free(resp);
        return -1;
    }
    assert_null(strstr(resp, "Transfer-Encoding: chunked"));
    *body = strdup(start + 4);
    free(resp);
    return status;
}

/* The value of the sample whose name and labels are exactly series, or NAN when absent. */
static double sample(const char *text, const char *series)
{
    size_t len = strlen(series);
    for (const char *line = text; *line != '\0';) {
        const char *nl = strchr(line, '\n');
        if (strncmp(line, series, len) == 0 && line[len] == ' ') {
            return strtod(line + len + 1, NULL);
        }
        if (nl == NULL) {
            break;
        }
        line = nl + 1;
    }
    return 0.0 / 0.0;
}

static void expect_sample(const char *text, const char *series, double want)
{
    double got = sample(text, series);
    if (got != want) {
        fail_msg("%s is %g, expected %g", series, got, want);
    }
}

static void expect_sample_between(const char *text, const char *series, double low, double high)
{
    double got = sample(text, series);
    if (!(got >= low && got <= high)) {
        fail_msg("%s is %g, expected %g to %g", series, got, low, high);
    }
}

static void expect_family(const char *text, const char *name, const char *type)
{
    char line[200];
    snprintf(line, sizeof line, "\n# TYPE %s %s\n", name, type);
    if (strstr(text, line) == NULL) {
        fail_msg("no family %s of type %s in /metrics", name, type);
    }
}

/* Scrapes until consumed reaches want (counters lag the work by microseconds). */
static char *scrape_when_consumed(double want)
{
    int64_t deadline = it_now_ms() + 60000;
    char *body = NULL;
    for (;;) {
        int status = http_get("/metrics", &body);
        assert_int_equal(status, 200);
        if (sample(body, "ingest_messages_consumed_total") == want &&
            sample(body, "ingest_inflight_messages") == 0) {
            return body;
        }
        if (it_now_ms() > deadline) {
            fail_msg("ingest_messages_consumed_total did not reach %g within 60 s:\n%s", want,
                     body);
        }
        free(body);
        it_sleep_ms(200);
    }
}

static void test_metrics_after_traffic(void **state)
{
    (void)state;
    it_ingestd_start(&env);
    char values[6][300], keys[6][160];
    struct it_produce msgs[6];
    size_t bytes = 0;
    for (int i = 0; i < 6; i++) {
        snprintf(keys[i], sizeof keys[i], "%s-%d", env.prefix, i);
        int len;
        if (i < 3) {
            len = snprintf(values[i], sizeof values[i],
                           "{\"source\":\"%s\",\"id\":\"%s\",\"body\":\"Tin số %d ở Đà Nẵng.\"}",
                           env.prefix, keys[i], i);
        } else if (i == 3) {
            len = snprintf(values[i], sizeof values[i], "{\"source\":\"%s\",\"body\":", env.prefix);
        } else {
            len = snprintf(values[i], sizeof values[i],
                           "{\"source\":\"%s\",\"id\":\"%s\",\"body\":%d}", env.prefix, keys[i], i);
        }
        msgs[i] = (struct it_produce){keys[i], strlen(keys[i]), values[i], (size_t)len, 0, 0};
        bytes += (size_t)len;
    }
    it_produce(&env, env.topic_raw, msgs, 6);
    const char *params[] = {env.prefix};
    assert_int_equal(it_pg_wait_count(&env, 3, 60000,
                                      "SELECT count(*) FROM articles WHERE source = $1", 1, params),
                     3);
    char *text = scrape_when_consumed(6);

    /* Prometheus's own parser and linter accept the exposition. */
    const char *path = run_temp_file(0, text, strlen(text));
    assert_non_null(path);
    char *promtool[] = {PROMTOOL, "check", "metrics", NULL};
    struct run_result res;
    assert_int_equal(run_program(promtool, NULL, path, &res), 0);
    if (res.exit_code != 0) {
        fail_msg("promtool check metrics failed (exit %d):\n%s%s", res.exit_code, res.out, res.err);
    }
    run_result_free(&res);
    unlink(path);

    /* Exact counts of what happened. */
    expect_sample(text, "ingest_messages_consumed_total", 6);
    expect_sample(text, "ingest_consumed_bytes_total", (double)bytes);
    expect_sample(text, "ingest_messages_stored_total{outcome=\"inserted\"}", 3);
    expect_sample(text, "ingest_messages_stored_total{outcome=\"updated\"}", 0);
    expect_sample(text, "ingest_messages_stored_total{outcome=\"unchanged\"}", 0);
    expect_sample(text, "ingest_enriched_published_total", 3);
    expect_sample(text, "ingest_messages_dead_lettered_total{reason=\"invalid_json\"}", 1);
    expect_sample(text, "ingest_messages_dead_lettered_total{reason=\"wrong_type\"}", 2);
    expect_sample(text, "ingest_messages_dead_lettered_total{reason=\"missing_field\"}", 0);
    expect_sample(text, "ingest_messages_dead_lettered_total{reason=\"db_rejected\"}", 0);
    static const char *const stages[] = {"work", "db", "enriched", "dlq"};
    for (size_t i = 0; i < 4; i++) {
        char series[96];
        snprintf(series, sizeof series, "ingest_retries_total{stage=\"%s\"}", stages[i]);
        expect_sample(text, series, 0);
    }
    /* Every message, stored article or dead letter, went through exactly one committed batch,
     * each batch timed once. */
    expect_sample(text, "ingest_db_batch_messages_sum", 6);
    expect_sample_between(text, "ingest_db_write_duration_seconds_count", 1, 6);
    /* The writers' own counters: every batch committed whole (nothing sent again), and the
     * three articles' detail rows (Đà Nẵng, a location) went by COPY, at most three a batch. */
    double transactions = sample(text, "ingest_db_events_total{event=\"transaction\"}");
    expect_sample_between(text, "ingest_db_events_total{event=\"transaction\"}", 1, 6);
    expect_sample_between(text, "ingest_db_events_total{event=\"copy\"}", 1, 3 * transactions);
    expect_sample_between(text, "ingest_db_events_total{event=\"connect\"}", 1, 16);
    expect_sample(text, "ingest_db_events_total{event=\"row_resent\"}", 0);
    expect_sample(text, "ingest_db_events_total{event=\"row_isolated\"}", 0);
    /* Every finished message (stored or dead-lettered) is timed from its Kafka timestamp. */
    expect_sample(text, "ingest_end_to_end_latency_seconds_count", 6);
    expect_sample(text, "ingest_partitions_assigned", 3);
    expect_sample(text, "ingest_partitions_paused", 0);
    expect_sample(text, "ingest_inflight_messages", 0);
    expect_sample(text, "ingest_inflight_bytes", 0);
    expect_sample(text, "ingest_db_connected", 1);
    expect_sample(text, "ingest_ready", 1);
    double rss = sample(text, "ingest_resident_memory_bytes");
    assert_true(rss > 1e6 && rss < 8e9);
    for (int p = 0; p < 3; p++) {
        char series[256];
        snprintf(series, sizeof series,
                 "ingest_consumer_lag_messages{topic=\"%s\",partition=\"%d\"}", env.topic_raw, p);
        double lag = sample(text, series);
        if (!(lag >= 0 && lag <= 6)) {
            fail_msg("%s is %g", series, lag);
        }
    }

    /* The commit age restarts at each commit: once every offset is committed it is small. */
    int64_t next[3] = {0, 0, 0};
    for (int i = 0; i < 6; i++) {
        if (msgs[i].offset + 1 > next[msgs[i].partition]) {
            next[msgs[i].partition] = msgs[i].offset + 1;
        }
    }
    it_wait_committed(&env, env.topic_raw, next, 3, 60000);
    free(text);
    assert_int_equal(http_get("/metrics", &text), 200);
    double age = sample(text, "ingest_last_commit_age_seconds");
    if (!(age >= 0 && age < 30)) {
        fail_msg("ingest_last_commit_age_seconds is %g after every offset was committed", age);
    }

    /* Every family issue 6 names, with its type. */
    static const char *const families[][2] = {
        {"ingest_messages_consumed_total", "counter"},
        {"ingest_messages_stored_total", "counter"},
        {"ingest_enriched_published_total", "counter"},
        {"ingest_messages_dead_lettered_total", "counter"},
        {"ingest_retries_total", "counter"},
        {"ingest_db_events_total", "counter"},
        {"ingest_db_batch_messages", "histogram"},
        {"ingest_db_write_duration_seconds", "histogram"},
        {"ingest_end_to_end_latency_seconds", "histogram"},
        {"ingest_consumer_lag_messages", "gauge"},
        {"ingest_partitions_paused", "gauge"},
        {"ingest_inflight_messages", "gauge"},
        {"ingest_inflight_bytes", "gauge"},
        {"ingest_resident_memory_bytes", "gauge"},
        {"ingest_db_connected", "gauge"},
        {"ingest_last_commit_age_seconds", "gauge"},
    };
    for (size_t i = 0; i < sizeof families / sizeof families[0]; i++) {
        expect_family(text, families[i][0], families[i][1]);
    }
    free(text);
    it_ingestd_stop(&env, SIGTERM);
}

static void test_readyz_names_the_database(void **state)
{
    (void)state;
    /* Nothing listens on port 9 of the loopback: the database check must fail. */
    char saved[sizeof env.conninfo];
    memcpy(saved, env.conninfo, sizeof saved);
    snprintf(env.conninfo, sizeof env.conninfo,
             "host=127.0.0.1 port=9 dbname=newsingest user=ingest connect_timeout=2");
    it_ingestd_spawn(&env);
    memcpy(env.conninfo, saved, sizeof saved);

    int64_t deadline = it_now_ms() + 30000;
    char *body = NULL;
    int status;
    while ((status = http_get("/readyz", &body)) < 0 && it_now_ms() < deadline) {
        it_sleep_ms(100);
    }
    if (status < 0) {
        it_ingestd_log_tail(&env, 30);
        fail_msg("ingestd with an unreachable database never answered /readyz within 30 s");
    }
    assert_int_equal(status, 503);
    json_error_t jerr;
    json_t *j = json_loads(body, 0, &jerr);
    if (j == NULL) {
        fail_msg("/readyz body is not JSON: %s (%s)", body, jerr.text);
    }
    assert_string_equal(json_string_value(json_object_get(j, "status")), "not ready");
    const char *db = json_string_value(json_object_get(json_object_get(j, "checks"), "database"));
    if (db == NULL || db[0] == '\0' || strcmp(db, "ok") == 0) {
        fail_msg("/readyz does not name the failed database check: %s", body);
    }
    json_decref(j);
    free(body);

    /* Liveness stays cheap and green: the process works, it only cannot make progress. */
    assert_int_equal(http_get("/healthz", &body), 200);
    free(body);
    assert_int_equal(http_get("/metrics", &body), 200);
    expect_sample(body, "ingest_db_connected", 0);
    expect_sample(body, "ingest_ready", 0);
    free(body);
    it_ingestd_stop(&env, SIGKILL);
}

/* The enriched topic does not exist (and the broker creates no topic by itself): every delivery
 * of an enriched record fails, so /readyz must fail and name the producer, while the database
 * and Kafka consumption are fine. */
static void test_readyz_names_the_producer(void **state)
{
    (void)state;
    char saved_topic[sizeof env.topic_enriched];
    memcpy(saved_topic, env.topic_enriched, sizeof saved_topic);
    snprintf(env.topic_enriched, sizeof env.topic_enriched, "%s.missing", env.prefix);
    snprintf(env.extra_env[0], sizeof env.extra_env[0],
             "INGEST_KAFKA_PRODUCER__MESSAGE_TIMEOUT_MS=2000");
    it_ingestd_start(&env);
    memcpy(env.topic_enriched, saved_topic, sizeof saved_topic);
    env.extra_env[0][0] = '\0';

    char key[160], value[300];
    snprintf(key, sizeof key, "%s-producer", env.prefix);
    int len =
        snprintf(value, sizeof value, "{\"source\":\"%s\",\"id\":\"%s\",\"body\":\"Tin ở Huế.\"}",
                 env.prefix, key);
    struct it_produce msg = {key, strlen(key), value, (size_t)len, 0, 0};
    it_produce(&env, env.topic_raw, &msg, 1);

    int64_t deadline = it_now_ms() + 60000;
    char *body = NULL;
    int status = -1;
    const char *producer = NULL;
    json_t *j = NULL;
    while (it_now_ms() < deadline) {
        status = http_get("/readyz", &body);
        if (status == 503) {
            j = json_loads(body, 0, NULL);
            producer = json_string_value(json_object_get(json_object_get(j, "checks"), "producer"));
            if (producer != NULL && strstr(producer, "failing") != NULL) {
                break;
            }
            json_decref(j);
            j = NULL;
            producer = NULL;
        }
        free(body);
        body = NULL;
        it_sleep_ms(200);
    }
    if (producer == NULL) {
        it_ingestd_log_tail(&env, 30);
        fail_msg("/readyz never named the failing producer within 60 s (last status %d)", status);
    }
    const char *db = json_string_value(json_object_get(json_object_get(j, "checks"), "database"));
    assert_non_null(db);
    assert_string_equal(db, "ok");
    json_decref(j);
    free(body);
    it_ingestd_stop(&env, SIGKILL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_metrics_after_traffic),
        cmocka_unit_test(test_readyz_names_the_database),
        cmocka_unit_test(test_readyz_names_the_producer),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
