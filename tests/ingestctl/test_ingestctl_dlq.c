/*
 * `ingestctl dlq list|show|replay` and `ingestctl stats` against the real broker and database
 * of `deploy/local/stack up` (label integration; fails, never skips, when they are missing).
 * A real ingestd fills the run's own dead-letter topic from a few invalid submissions; the
 * commands must report exactly what its headers say, replay key and value byte for byte, and
 * count articles, lag and dead letters exactly for the run's own source, group and topics.
 */
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>
#include <jansson.h>

#include "it_support.h"
#include "run_support.h"

static struct it_env env;

static int setup(void **state)
{
    (void)state;
    it_env_setup(&env, "ctldlq", 3);
    it_ingestd_start(&env);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    it_env_teardown(&env);
    return 0;
}

/* The submissions of the run: kind, key (NULL: null key), value, and for bad ones the reason and
 * path ingestd gives. */
struct submission {
    char key[160];
    int null_key;
    char value[400];
    size_t value_len;
    const char *reason; /* NULL: valid */
    const char *path;
};

#define BAD_COUNT 4
static struct submission bad[BAD_COUNT];

static void make_bad(void)
{
    static const char garbage[] = "\xff\xfe\x00\x01\x80garbage";
    for (int i = 0; i < BAD_COUNT; i++) {
        snprintf(bad[i].key, sizeof bad[i].key, "%s-bad-%d", env.prefix, i);
    }
    bad[0].value_len =
        (size_t)snprintf(bad[0].value, sizeof bad[0].value,
                         "{\"source\":\"%s\",\"id\":\"%s\",\"body\":42}", env.prefix, bad[0].key);
    bad[0].reason = "wrong_type";
    bad[0].path = "/body";
    bad[1].value_len =
        (size_t)snprintf(bad[1].value, sizeof bad[1].value,
                         "{\"source\":\"%s\",\"id\":\"%s\",\"body\":", env.prefix, bad[1].key);
    bad[1].reason = "invalid_json";
    bad[1].path = "/body";
    memcpy(bad[2].value, garbage, sizeof garbage - 1);
    bad[2].value_len = sizeof garbage - 1;
    bad[2].null_key = 1;
    bad[2].reason = "invalid_utf8";
    bad[2].path = "";
    bad[3].value_len = (size_t)snprintf(bad[3].value, sizeof bad[3].value,
                                        "{\"source\":\"%s\",\"id\":\"%s\",\"body\":[\"a\"]}",
                                        env.prefix, bad[3].key);
    bad[3].reason = "wrong_type";
    bad[3].path = "/body";
}

static void produce_valid(const char *id_suffix, const char *body)
{
    char key[160], value[512];
    snprintf(key, sizeof key, "%s-%s", env.prefix, id_suffix);
    int len = snprintf(value, sizeof value, "{\"source\":\"%s\",\"id\":\"%s\",\"body\":\"%s\"}",
                       env.prefix, key, body);
    struct it_produce p = {key, strlen(key), value, (size_t)len, 0, 0};
    it_produce(&env, env.topic_raw, &p, 1);
}

/* Runs ingestctl with args after the subcommand's words; result in *res. */
static void ctl(struct run_result *res, const char *const *words)
{
    char *argv[32];
    int n = 0;
    argv[n++] = (char *)run_program_path("ingestctl");
    for (int i = 0; words[i] != NULL; i++) {
        argv[n++] = (char *)words[i];
    }
    argv[n] = NULL;
    assert_int_equal(run_program(argv, NULL, NULL, res), 0);
}

static void wait_count(const char *topic, int64_t want)
{
    int64_t deadline = it_now_ms() + 60000;
    int64_t got;
    while ((got = it_topic_count(&env, topic)) != want && it_now_ms() < deadline) {
        it_sleep_ms(200);
    }
    if (got != want) {
        it_ingestd_log_tail(&env, 30);
        fail_msg("%s holds %lld messages, expected %lld", topic, (long long)got, (long long)want);
    }
}

/* The dead letter whose value is bad[i]'s, or NULL. */
static const struct it_message *dead_letter_of(const struct it_message *m, size_t n, int i)
{
    for (size_t k = 0; k < n; k++) {
        if (m[k].value_len == bad[i].value_len &&
            memcmp(m[k].value, bad[i].value, bad[i].value_len) == 0) {
            return &m[k];
        }
    }
    return NULL;
}

static char *hex_of(const void *data, size_t len)
{
    char *hex = malloc(2 * len + 1);
    const unsigned char *p = data;
    for (size_t i = 0; i < len; i++) {
        sprintf(hex + 2 * i, "%02x", p[i]);
    }
    hex[2 * len] = '\0';
    return hex;
}

static void test_dlq(void **state)
{
    (void)state;
    make_bad();
    produce_valid("ok-1", "Tin thứ nhất ở Hà Nội.");
    struct it_produce p[BAD_COUNT];
    for (int i = 0; i < BAD_COUNT; i++) {
        p[i] = (struct it_produce){bad[i].null_key ? NULL : bad[i].key,
                                   bad[i].null_key ? 0 : strlen(bad[i].key),
                                   bad[i].value,
                                   bad[i].value_len,
                                   0,
                                   0};
    }
    it_produce(&env, env.topic_raw, p, BAD_COUNT);
    produce_valid("ok-2", "Tin thứ hai ở Cần Thơ.");
    wait_count(env.topic_dlq, BAD_COUNT);

    struct it_message *dl = NULL;
    size_t ndl = it_consume(&env, env.topic_dlq, BAD_COUNT, 30000, 200, &dl);
    assert_int_equal(ndl, BAD_COUNT);
    const struct it_message *of[BAD_COUNT];
    char buf[1024];
    for (int i = 0; i < BAD_COUNT; i++) {
        of[i] = dead_letter_of(dl, ndl, i);
        if (of[i] == NULL) {
            fail_msg("bad submission %d is not on the dead-letter topic", i);
        }
        assert_string_equal(it_header(of[i], "ingest.reason", buf, sizeof buf), bad[i].reason);
    }

    /* list --json: every field from the headers, exactly. */
    struct run_result res;
    const char *list_json[] = {"dlq", "list",        "-b",     env.brokers,
                               "-t",  env.topic_dlq, "--json", NULL};
    ctl(&res, list_json);
    if (res.exit_code != 0) {
        fail_msg("exit %d: %s", res.exit_code, res.err);
    }
    char *line = res.out;
    for (size_t k = 0; k < ndl; k++) {
        char *nl = strchr(line, '\n');
        assert_non_null(nl);
        json_error_t jerr;
        json_t *j = json_loadb(line, (size_t)(nl - line), 0, &jerr);
        if (j == NULL) {
            fail_msg("not JSON: %.*s (%s)", (int)(nl - line), line, jerr.text);
        }
        assert_int_equal(json_integer_value(json_object_get(j, "offset")), (json_int_t)k);
        assert_int_equal(json_integer_value(json_object_get(j, "partition")), 0);
        const struct it_message *m = &dl[k];
        char h[512];
        static const char *const fields[][2] = {{"reason", "ingest.reason"},
                                                {"path", "ingest.path"},
                                                {"error", "ingest.error"},
                                                {"time", "ingest.time"}};
        for (size_t f = 0; f < 4; f++) {
            assert_non_null(it_header(m, fields[f][1], h, sizeof h));
            assert_string_equal(json_string_value(json_object_get(j, fields[f][0])), h);
        }
        json_t *from = json_object_get(j, "from");
        assert_string_equal(json_string_value(json_object_get(from, "topic")), env.topic_raw);
        assert_int_equal(json_integer_value(json_object_get(from, "partition")),
                         atoll(it_header(m, "ingest.partition", h, sizeof h)));
        assert_int_equal(json_integer_value(json_object_get(from, "offset")),
                         atoll(it_header(m, "ingest.offset", h, sizeof h)));
        assert_int_equal(json_integer_value(json_object_get(j, "value_bytes")), m->value_len);
        json_t *key = json_object_get(j, "key");
        if (m->key == NULL) {
            assert_true(json_is_null(key));
        } else {
            assert_int_equal(json_string_length(key), m->key_len);
            assert_memory_equal(json_string_value(key), m->key, m->key_len);
        }
        assert_null(json_object_get(j, "sqlstate"));
        json_decref(j);
        line = nl + 1;
    }
    assert_string_equal(line, "");
    run_result_free(&res);

    /* list --reason wrong_type: the table's header and exactly the two wrong_type lines. */
    const char *list_reason[] = {"dlq",         "list",     "-b",         env.brokers, "-t",
                                 env.topic_dlq, "--reason", "wrong_type", NULL};
    ctl(&res, list_reason);
    assert_int_equal(res.exit_code, 0);
    char want[4096];
    size_t used =
        (size_t)snprintf(want, sizeof want, "%-7s %-24s %-16s %8s  %s  %s  %s  %s\n", "OFFSET",
                         "TIME", "REASON", "BYTES", "FROM", "PATH", "KEY", "ERROR");
    for (size_t k = 0; k < ndl; k++) {
        char reason[64], time_text[64], part[16], off[32], error[512];
        it_header(&dl[k], "ingest.reason", reason, sizeof reason);
        if (strcmp(reason, "wrong_type") != 0) {
            continue;
        }
        used += (size_t)snprintf(
            want + used, sizeof want - used,
            "%-7zu %-24s %-16s %8zu  %s/%s@%s  /body  \"%.*s\"  %s\n", k,
            it_header(&dl[k], "ingest.time", time_text, sizeof time_text), reason, dl[k].value_len,
            env.topic_raw, it_header(&dl[k], "ingest.partition", part, sizeof part),
            it_header(&dl[k], "ingest.offset", off, sizeof off), (int)dl[k].key_len,
            (const char *)dl[k].key, it_header(&dl[k], "ingest.error", error, sizeof error));
    }
    assert_string_equal(res.out, want);
    run_result_free(&res);

    /* --max 1: the most recent one only. */
    const char *list_max[] = {"dlq",         "list",   "-b",    env.brokers, "-t",
                              env.topic_dlq, "--json", "--max", "1",         NULL};
    ctl(&res, list_max);
    assert_int_equal(res.exit_code, 0);
    assert_memory_equal(res.out, "{\"partition\":0,\"offset\":3,", 26);
    assert_non_null(strchr(res.out, '\n'));
    assert_string_equal(strchr(res.out, '\n'), "\n");
    run_result_free(&res);

    /* show --value-only: the value byte for byte. */
    char off_bad0[16], off_bin[16], off_json[16];
    snprintf(off_bad0, sizeof off_bad0, "%lld", (long long)of[0]->offset);
    snprintf(off_bin, sizeof off_bin, "%lld", (long long)of[2]->offset);
    snprintf(off_json, sizeof off_json, "%lld", (long long)of[1]->offset);
    const char *show_value[] = {"dlq",         "show",         "-b",     env.brokers, "-t",
                                env.topic_dlq, "--value-only", off_bad0, NULL};
    ctl(&res, show_value);
    assert_int_equal(res.exit_code, 0);
    assert_int_equal(res.out_len, bad[0].value_len);
    assert_memory_equal(res.out, bad[0].value, bad[0].value_len);
    run_result_free(&res);

    /* show of the binary one with a null key: hex value, every field. */
    const char *show_bin[] = {"dlq", "show", "-b", env.brokers, "-t", env.topic_dlq, off_bin, NULL};
    ctl(&res, show_bin);
    assert_int_equal(res.exit_code, 0);
    char *hex = hex_of(bad[2].value, bad[2].value_len);
    char t[64], e[512], part[16], off[32];
    snprintf(want, sizeof want,
             "dead letter %s of %s\ntime       %s\nreason     invalid_utf8\npath       (empty)\n"
             "error      %s\nfrom       %s partition %s offset %s\nkey        - (0 bytes)\n"
             "value      %zu bytes, binary (hex):\n%s\n",
             off_bin, env.topic_dlq, it_header(of[2], "ingest.time", t, sizeof t),
             it_header(of[2], "ingest.error", e, sizeof e), env.topic_raw,
             it_header(of[2], "ingest.partition", part, sizeof part),
             it_header(of[2], "ingest.offset", off, sizeof off), bad[2].value_len, hex);
    free(hex);
    assert_string_equal(res.out, want);
    run_result_free(&res);

    /* An offset with no message: exit 1 and why. */
    const char *show_none[] = {"dlq", "show", "-b", env.brokers, "-t", env.topic_dlq, "99", NULL};
    ctl(&res, show_none);
    assert_int_equal(res.exit_code, 1);
    snprintf(want, sizeof want, "ingestctl dlq show: no message at %s [0] offset 99\n",
             env.topic_dlq);
    assert_string_equal(res.err, want);
    run_result_free(&res);

    /* tail (sharing the consumer code): the same dead letters, headers and all, as JSON Lines;
     * the binary value as hex. */
    const char *tail[] = {"tail", "-b", env.brokers, "-n", "4", "-i", "10000", env.topic_dlq, NULL};
    ctl(&res, tail);
    assert_int_equal(res.exit_code, 0);
    line = res.out;
    for (size_t k = 0; k < ndl; k++) {
        char *nl = strchr(line, '\n');
        assert_non_null(nl);
        json_t *j = json_loadb(line, (size_t)(nl - line), 0, NULL);
        assert_non_null(j);
        assert_int_equal(json_integer_value(json_object_get(j, "offset")), (json_int_t)k);
        assert_string_equal(
            json_string_value(json_object_get(json_object_get(j, "headers"), "ingest.reason")),
            it_header(&dl[k], "ingest.reason", buf, sizeof buf));
        if ((int64_t)k == of[2]->offset) {
            char *want_hex = hex_of(bad[2].value, bad[2].value_len);
            assert_string_equal(
                json_string_value(json_object_get(json_object_get(j, "value"), "hex")), want_hex);
            free(want_hex);
            assert_true(json_is_null(json_object_get(j, "key")));
        }
        json_decref(j);
        line = nl + 1;
    }
    assert_string_equal(line, "");
    run_result_free(&res);

    /* replay --dry-run produces nothing. */
    int64_t raw_before = it_topic_count(&env, env.topic_raw);
    assert_int_equal(raw_before, BAD_COUNT + 2);
    const char *dry[] = {"dlq",      "replay",      "-b",        env.brokers,
                         "-t",       env.topic_dlq, "--to",      env.topic_raw,
                         "--reason", "wrong_type",  "--dry-run", NULL};
    ctl(&res, dry);
    assert_int_equal(res.exit_code, 0);
    snprintf(want, sizeof want, "would replay 2 dead letters from %s to %s (dry run)\n",
             env.topic_dlq, env.topic_raw);
    assert_non_null(strstr(res.out, want));
    assert_non_null(strstr(res.out, "would replay "));
    run_result_free(&res);
    it_sleep_ms(1000);
    assert_int_equal(it_topic_count(&env, env.topic_raw), raw_before);

    /* replay --reason wrong_type, then two by offset (the binary one keeps its null key). The
     * default --to is INGEST_TOPIC_RAW. */
    char topic_var[200];
    snprintf(topic_var, sizeof topic_var, "INGEST_TOPIC_RAW=%s", env.topic_raw);
    char *vars[] = {topic_var, NULL};
    char *replay_reason[] = {(char *)run_program_path("ingestctl"),
                             "dlq",
                             "replay",
                             "-b",
                             env.brokers,
                             "-t",
                             env.topic_dlq,
                             "--reason",
                             "wrong_type",
                             NULL};
    assert_int_equal(run_program(replay_reason, vars, NULL, &res), 0);
    if (res.exit_code != 0) {
        fail_msg("exit %d: %s", res.exit_code, res.err);
    }
    snprintf(want, sizeof want, "replayed 2 dead letters from %s to %s: 2 delivered, 0 failed\n",
             env.topic_dlq, env.topic_raw);
    assert_non_null(strstr(res.out, want));
    snprintf(want, sizeof want, "replayed %s (wrong_type) -> %s partition ", off_bad0,
             env.topic_raw);
    assert_non_null(strstr(res.out, want));
    run_result_free(&res);
    char *replay_offsets[] = {(char *)run_program_path("ingestctl"),
                              "dlq",
                              "replay",
                              "-b",
                              env.brokers,
                              "-t",
                              env.topic_dlq,
                              off_bin,
                              off_json,
                              NULL};
    assert_int_equal(run_program(replay_offsets, vars, NULL, &res), 0);
    assert_int_equal(res.exit_code, 0);
    snprintf(want, sizeof want, "replayed 2 dead letters from %s to %s: 2 delivered, 0 failed\n",
             env.topic_dlq, env.topic_raw);
    assert_non_null(strstr(res.out, want));
    run_result_free(&res);

    /* On the raw topic: four replayed messages, byte-identical, each naming its dead letter. */
    struct it_message *raw = NULL;
    size_t nraw = it_consume(&env, env.topic_raw, BAD_COUNT + 6, 30000, 500, &raw);
    assert_int_equal(nraw, BAD_COUNT + 6);
    int replayed = 0;
    for (size_t k = 0; k < nraw; k++) {
        char from[32];
        if (it_header(&raw[k], "ingest.replayed_from", from, sizeof from) == NULL) {
            continue;
        }
        replayed++;
        const struct it_message *d = &dl[atoi(from)];
        assert_int_equal(raw[k].value_len, d->value_len);
        assert_memory_equal(raw[k].value, d->value, d->value_len);
        if (d->key == NULL) {
            assert_null(raw[k].key);
        } else {
            assert_int_equal(raw[k].key_len, d->key_len);
            assert_memory_equal(raw[k].key, d->key, d->key_len);
        }
    }
    assert_int_equal(replayed, 4);
    it_messages_free(raw, nraw);
    /* Still invalid, so ingestd dead-letters them again. */
    wait_count(env.topic_dlq, BAD_COUNT + 4);
    it_messages_free(dl, ndl);

    /* Usage errors. */
    const char *both[] = {"dlq", "replay", "--reason", "x", "3", NULL};
    ctl(&res, both);
    assert_int_equal(res.exit_code, 2);
    run_result_free(&res);
    const char *bad_since[] = {"dlq", "list", "--since", "yesterday", NULL};
    ctl(&res, bad_since);
    assert_int_equal(res.exit_code, 2);
    assert_string_equal(res.err, "ingestctl dlq list: --since wants a date, a date-time or a "
                                 "duration, got 'yesterday'\n");
    run_result_free(&res);
}

static long long json_int_at(const json_t *j, const char *path0, size_t index, const char *key)
{
    return (long long)json_integer_value(
        json_object_get(json_array_get(json_object_get(j, path0), index), key));
}

static void test_stats(void **state)
{
    (void)state;
    /* ok-1 changes (revision 2), ok-3 is new: 3 articles of the run's source, 1 revised. */
    produce_valid("ok-1", "Tin thứ nhất ở Hà Nội, bản sửa.");
    produce_valid("ok-3", "Tin thứ ba ở Huế.");
    const char *params[] = {env.prefix};
    long long got = it_pg_wait_count(&env, 3, 60000,
                                     "SELECT count(*) FROM articles WHERE source = $1 AND "
                                     "(revision = 2 OR id NOT LIKE '%ok-1')",
                                     1, params);
    assert_int_equal(got, 3);
    /* Everything consumed is committed; then ingestd stops and three more arrive: the lag. */
    int64_t next[3];
    for (int p = 0; p < 3; p++) {
        int64_t low = 0, high = 0;
        assert_int_equal(
            rd_kafka_query_watermark_offsets(env.admin, env.topic_raw, p, &low, &high, 10000),
            RD_KAFKA_RESP_ERR_NO_ERROR);
        next[p] = high;
    }
    it_wait_committed(&env, env.topic_raw, next, 3, 60000);
    it_ingestd_stop(&env, SIGTERM);
    struct it_produce more[3] = {
        {"lag-a", 5, "{}", 2, 0, 0}, {"lag-b", 5, "{}", 2, 0, 0}, {"lag-c", 5, "{}", 2, 0, 0}};
    it_produce(&env, env.topic_raw, more, 3);
    long long want_lag[3] = {0, 0, 0};
    for (int i = 0; i < 3; i++) {
        want_lag[more[i].partition]++;
    }

    struct run_result res;
    const char *args[] = {"stats",       "-c",          env.conninfo, "-b",      env.brokers,
                          "-t",          env.topic_raw, "-g",         env.group, "--dlq-topic",
                          env.topic_dlq, "--days",      "1",          "-s",      env.prefix,
                          "--top",       "0",           "--json",     NULL};
    ctl(&res, args);
    if (res.exit_code != 0) {
        fail_msg("exit %d: %s", res.exit_code, res.err);
    }
    json_error_t jerr;
    json_t *j = json_loads(res.out, 0, &jerr);
    if (j == NULL) {
        fail_msg("not JSON: %s (%s)", res.out, jerr.text);
    }
    char today[16];
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(today, sizeof today, "%Y-%m-%d", &tm);
    assert_int_equal(json_array_size(json_object_get(j, "days")), 1);
    json_t *day = json_array_get(json_object_get(j, "days"), 0);
    assert_string_equal(json_string_value(json_object_get(day, "day")), today);
    assert_string_equal(json_string_value(json_object_get(day, "source")), env.prefix);
    assert_int_equal(json_int_at(j, "days", 0, "articles"), 3);
    assert_int_equal(json_int_at(j, "days", 0, "revised"), 1);
    assert_int_equal(json_array_size(json_object_get(j, "sources")), 1);
    assert_int_equal(json_int_at(j, "sources", 0, "articles"), 3);
    assert_int_equal(json_int_at(j, "sources", 0, "revised"), 1);
    assert_int_equal(json_array_size(json_object_get(j, "top_entities")), 0);

    json_t *lag = json_object_get(j, "lag");
    assert_string_equal(json_string_value(json_object_get(lag, "group")), env.group);
    assert_int_equal(json_integer_value(json_object_get(lag, "total")), 3);
    json_t *parts = json_object_get(lag, "partitions");
    assert_int_equal(json_array_size(parts), 3);
    for (int p = 0; p < 3; p++) {
        json_t *row = json_array_get(parts, (size_t)p);
        assert_int_equal(json_integer_value(json_object_get(row, "partition")), p);
        assert_int_equal(json_integer_value(json_object_get(row, "lag")), want_lag[p]);
        assert_int_equal(json_integer_value(json_object_get(row, "high")), next[p] + want_lag[p]);
        if (next[p] > 0) {
            assert_int_equal(json_integer_value(json_object_get(row, "committed")), next[p]);
        }
    }
    /* The 4 dead letters of test_dlq and the 4 replayed ones, dead-lettered again. */
    json_t *dl = json_object_get(j, "dead_letters");
    assert_int_equal(json_integer_value(json_object_get(dl, "total")), 8);
    json_t *by = json_object_get(dl, "by_reason");
    assert_int_equal(json_object_size(by), 3);
    assert_int_equal(json_integer_value(json_object_get(by, "wrong_type")), 4);
    assert_int_equal(json_integer_value(json_object_get(by, "invalid_json")), 2);
    assert_int_equal(json_integer_value(json_object_get(by, "invalid_utf8")), 2);
    assert_int_equal(json_array_size(json_object_get(j, "errors")), 0);
    json_decref(j);
    run_result_free(&res);

    /* The table form names the same numbers. */
    const char *table[] = {
        "stats",   "-c",          env.conninfo,  "-b",     env.brokers, "-t", env.topic_raw, "-g",
        env.group, "--dlq-topic", env.topic_dlq, "--days", "1",         "-s", env.prefix,    NULL};
    ctl(&res, table);
    assert_int_equal(res.exit_code, 0);
    char want[512];
    snprintf(want, sizeof want, "\n%-10s  %-24s %9d %9d\n", today, env.prefix, 3, 1);
    assert_non_null(strstr(res.out, want));
    snprintf(want, sizeof want, "Consumer lag of group %s on %s: 3\n", env.group, env.topic_raw);
    assert_non_null(strstr(res.out, want));
    snprintf(want, sizeof want, "Dead letters in %s: 8\n%-20s %8s\n%-20s %8d\n", env.topic_dlq,
             "REASON", "COUNT", "wrong_type", 4);
    assert_non_null(strstr(res.out, want));
    run_result_free(&res);

    /* An unreachable database: the Kafka parts are still printed, the exit status is 1. */
    const char *no_db[] = {
        "stats",       "-c",          "host=127.0.0.1 port=9 dbname=x user=x connect_timeout=2",
        "-b",          env.brokers,   "-t",
        env.topic_raw, "-g",          env.group,
        "--dlq-topic", env.topic_dlq, NULL};
    ctl(&res, no_db);
    assert_int_equal(res.exit_code, 1);
    assert_non_null(strstr(res.err, "ingestctl stats: cannot connect to PostgreSQL: "));
    snprintf(want, sizeof want, "Dead letters in %s: 8\n", env.topic_dlq);
    assert_non_null(strstr(res.out, want));
    run_result_free(&res);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_dlq),
        cmocka_unit_test(test_stats),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
