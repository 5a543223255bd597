/*
 * Hostile input: every submission of tests/hostile/corpus (plus a 10 MB body and 100,000-deep
 * nesting generated here) gets exactly the outcome tests/hostile/manifest.tsv names, both
 * through `ingestctl enrich` (validation and enrichment alone) and through a real ingestd:
 * rejected ones reach the dead-letter topic once, byte-identical, with the reason and path;
 * stored ones become rows whose raw JSON is the submission verbatim and whose title and text
 * are the documented normalization. Afterwards ingestd is still up and keeps storing.
 */
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include <jansson.h>

#include "hostile_corpus.h"
#include "it_support.h"

#define BIG_BYTES "16777216"
#define AFTER     20

static struct it_env env;
static struct hostile_entry *corpus;
static size_t corpus_n;

static int setup(void **state)
{
    (void)state;
    it_env_setup(&env, "hostile", 3);
    corpus_n = hostile_corpus_load(env.prefix, &corpus);
    assert_true(corpus_n >= 40);
    /* HOSTILE_ONLY=name keeps one entry, HOSTILE_SKIP=name drops one: the 10 MB case runs as
     * its own ctest test (see CMakeLists.txt). */
    const char *only = getenv("HOSTILE_ONLY"), *skip = getenv("HOSTILE_SKIP");
    size_t kept = 0;
    for (size_t i = 0; i < corpus_n; i++) {
        int keep = (only == NULL || strcmp(corpus[i].name, only) == 0) &&
                   (skip == NULL || strcmp(corpus[i].name, skip) != 0);
        if (keep) {
            corpus[kept++] = corpus[i];
        } else {
            hostile_corpus_free_entry(&corpus[i]);
        }
    }
    corpus_n = kept;
    print_message("%zu hostile entries\n", corpus_n);
    assert_true(corpus_n >= 1);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    it_env_teardown(&env);
    hostile_corpus_free(corpus, corpus_n);
    corpus = NULL;
    return 0;
}

static int is_stored(const struct hostile_entry *h)
{
    return strcmp(h->outcome, "stored") == 0;
}

/* ---- ingestctl enrich ---- */

static void check_enrich_line(const struct hostile_entry *h, const char *line)
{
    json_error_t jerr;
    json_t *j = json_loads(line, 0, &jerr);
    if (j == NULL) {
        fail_msg("%s: ingestctl wrote a line that is not JSON: %.200s", h->name, line);
    }
    json_t *error = json_object_get(j, "error");
    if (is_stored(h)) {
        if (error != NULL) {
            fail_msg("%s: expected stored, ingestctl rejected it: %.300s", h->name, line);
        }
        json_t *title = json_object_get(j, "title");
        if (h->title_null && !json_is_null(title)) {
            fail_msg("%s: title should be null", h->name);
        } else if (h->title != NULL && !h->title_null) {
            assert_string_equal(json_string_value(title), h->title);
        }
        if (h->text != NULL) {
            assert_string_equal(json_string_value(json_object_get(j, "text")), h->text);
        }
    } else {
        if (error == NULL) {
            fail_msg("%s: expected %s, ingestctl enriched it", h->name, h->outcome);
        }
        const char *code = json_string_value(json_object_get(error, "code"));
        const char *path = json_string_value(json_object_get(error, "path"));
        if (code == NULL || strcmp(code, h->outcome) != 0 || path == NULL ||
            strcmp(path, h->path) != 0) {
            fail_msg("%s: expected %s at \"%s\", ingestctl said %s at \"%s\"", h->name, h->outcome,
                     h->path, code != NULL ? code : "?", path != NULL ? path : "?");
        }
    }
    json_decref(j);
}

static void test_ingestctl_enrich(void **state)
{
    (void)state;
    char in_path[256], out_path[256];
    snprintf(in_path, sizeof in_path, "/tmp/%s.in.jsonl", env.prefix);
    snprintf(out_path, sizeof out_path, "/tmp/%s.out.jsonl", env.prefix);
    FILE *in = fopen(in_path, "wb");
    assert_non_null(in);
    /* One line per entry; an entry holding a newline byte cannot be one line of JSON Lines. */
    size_t replayed = 0;
    for (size_t i = 0; i < corpus_n; i++) {
        if (memchr(corpus[i].bytes, '\n', corpus[i].len) != NULL) {
            continue;
        }
        assert_int_equal(fwrite(corpus[i].bytes, 1, corpus[i].len, in), corpus[i].len);
        fputc('\n', in);
        replayed++;
    }
    fclose(in);
    const char *build = getenv("INGEST_BUILD_DIR");
    char cmd[1024];
    snprintf(cmd, sizeof cmd, "'%s/bin/ingestctl' enrich '%s' > '%s' 2>/dev/null",
             build != NULL ? build : "build", in_path, out_path);
    int rc = system(cmd);
    /* Exit status 1: at least one line was rejected, as the corpus wants. */
    assert_true(WIFEXITED(rc) && WEXITSTATUS(rc) == 1);

    FILE *out = fopen(out_path, "r");
    assert_non_null(out);
    char *line = NULL;
    size_t cap = 0;
    size_t k = 0;
    for (size_t i = 0; i < corpus_n; i++) {
        if (memchr(corpus[i].bytes, '\n', corpus[i].len) != NULL) {
            continue;
        }
        ssize_t got = getline(&line, &cap, out);
        if (got <= 0) {
            fail_msg("ingestctl wrote %zu lines for %zu inputs", k, replayed);
        }
        line[strcspn(line, "\n")] = '\0';
        check_enrich_line(&corpus[i], line);
        k++;
    }
    assert_int_equal(getline(&line, &cap, out), -1);
    free(line);
    fclose(out);
    unlink(in_path);
    unlink(out_path);
    print_message("%zu of %zu entries replayed through ingestctl enrich\n", replayed, corpus_n);
}

/* ---- a real ingestd ---- */

/* The broker's own value of max.message.bytes for topic, or "" when it does not say. */
static void topic_max_bytes(const char *topic, char *buf, size_t len)
{
    buf[0] = '\0';
    rd_kafka_ConfigResource_t *res = rd_kafka_ConfigResource_new(RD_KAFKA_RESOURCE_TOPIC, topic);
    rd_kafka_queue_t *q = rd_kafka_queue_new(env.admin);
    rd_kafka_DescribeConfigs(env.admin, &res, 1, NULL, q);
    rd_kafka_event_t *ev = rd_kafka_queue_poll(q, 30000);
    if (ev != NULL && rd_kafka_event_error(ev) == RD_KAFKA_RESP_ERR_NO_ERROR) {
        size_t n = 0;
        const rd_kafka_ConfigResource_t **out = rd_kafka_DescribeConfigs_result_resources(
            rd_kafka_event_DescribeConfigs_result(ev), &n);
        size_t cn = 0;
        const rd_kafka_ConfigEntry_t **entries =
            n == 1 ? rd_kafka_ConfigResource_configs(out[0], &cn) : NULL;
        for (size_t i = 0; i < cn; i++) {
            const char *v = rd_kafka_ConfigEntry_value(entries[i]);
            if (strcmp(rd_kafka_ConfigEntry_name(entries[i]), "max.message.bytes") == 0 &&
                v != NULL) {
                snprintf(buf, len, "%s", v);
            }
        }
    }
    if (ev != NULL) {
        rd_kafka_event_destroy(ev);
    }
    rd_kafka_queue_destroy(q);
    rd_kafka_ConfigResource_destroy(res);
}

/* Raises the topic's max.message.bytes and waits until the broker applies it: AlterConfigs
 * answers once the controller has the change, and a broker that has not yet applied it refuses
 * the 10 MB dead letter as too large (ingestd then keeps it in table dead_letters only). */
static void alter_topic(const char *topic)
{
    rd_kafka_ConfigResource_t *res = rd_kafka_ConfigResource_new(RD_KAFKA_RESOURCE_TOPIC, topic);
    assert_int_equal(rd_kafka_ConfigResource_set_config(res, "max.message.bytes", BIG_BYTES), 0);
    rd_kafka_queue_t *q = rd_kafka_queue_new(env.admin);
    rd_kafka_AlterConfigs(env.admin, &res, 1, NULL, q);
    rd_kafka_event_t *ev = rd_kafka_queue_poll(q, 30000);
    if (ev == NULL || rd_kafka_event_error(ev) != RD_KAFKA_RESP_ERR_NO_ERROR) {
        fail_msg("cannot raise max.message.bytes of %s: %s", topic,
                 ev != NULL ? rd_kafka_event_error_string(ev) : "no answer in 30 s");
    }
    size_t n = 0;
    const rd_kafka_ConfigResource_t **out =
        rd_kafka_AlterConfigs_result_resources(rd_kafka_event_AlterConfigs_result(ev), &n);
    assert_int_equal(n, 1);
    if (rd_kafka_ConfigResource_error(out[0]) != RD_KAFKA_RESP_ERR_NO_ERROR) {
        fail_msg("cannot raise max.message.bytes of %s: %s", topic,
                 rd_kafka_ConfigResource_error_string(out[0]));
    }
    rd_kafka_event_destroy(ev);
    rd_kafka_queue_destroy(q);
    rd_kafka_ConfigResource_destroy(res);
    char now[32] = "";
    for (int64_t until = it_now_ms() + 30000; it_now_ms() < until; usleep(100 * 1000)) {
        topic_max_bytes(topic, now, sizeof now);
        if (strcmp(now, BIG_BYTES) == 0) {
            return;
        }
    }
    fail_msg("%s: max.message.bytes is still \"%s\" 30 s after raising it", topic, now);
}

static int delivery_failures;

static void on_delivery(rd_kafka_t *rk, const rd_kafka_message_t *m, void *opaque)
{
    (void)rk;
    (void)opaque;
    if (m->err != RD_KAFKA_RESP_ERR_NO_ERROR) {
        fprintf(stderr, "delivery failed: %s\n", rd_kafka_err2str(m->err));
        delivery_failures++;
    }
}

/* Produces the whole corpus with a producer that can send the 10 MB message. */
static void produce_corpus(void)
{
    char errstr[512];
    rd_kafka_conf_t *conf = rd_kafka_conf_new();
    const char *props[][2] = {
        {"bootstrap.servers", env.brokers},
        {"message.max.bytes", BIG_BYTES},
        {"linger.ms", "5"},
        {"enable.idempotence", "true"},
    };
    for (size_t i = 0; i < sizeof props / sizeof props[0]; i++) {
        assert_int_equal(rd_kafka_conf_set(conf, props[i][0], props[i][1], errstr, sizeof errstr),
                         RD_KAFKA_CONF_OK);
    }
    rd_kafka_conf_set_dr_msg_cb(conf, on_delivery);
    rd_kafka_t *p = rd_kafka_new(RD_KAFKA_PRODUCER, conf, errstr, sizeof errstr);
    assert_non_null(p);
    delivery_failures = 0;
    for (size_t i = 0; i < corpus_n; i++) {
        const struct hostile_entry *h = &corpus[i];
        /* A zero-length value is sent as an empty (not null) value. */
        void *key = h->null_key ? NULL : (void *)h->id;
        size_t key_len = h->null_key ? 0 : strlen(h->id);
        rd_kafka_resp_err_t err = rd_kafka_producev(
            p, RD_KAFKA_V_TOPIC(env.topic_raw), RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY),
            RD_KAFKA_V_KEY(key, key_len), RD_KAFKA_V_VALUE(h->bytes, h->len), RD_KAFKA_V_END);
        if (err != RD_KAFKA_RESP_ERR_NO_ERROR) {
            fail_msg("cannot produce %s: %s", h->name, rd_kafka_err2str(err));
        }
        rd_kafka_poll(p, 0);
    }
    assert_int_equal(rd_kafka_flush(p, 60000), RD_KAFKA_RESP_ERR_NO_ERROR);
    assert_int_equal(delivery_failures, 0);
    rd_kafka_destroy(p);
}

static const struct hostile_entry *entry_of(const struct it_message *m)
{
    for (size_t i = 0; i < corpus_n; i++) {
        const struct hostile_entry *h = &corpus[i];
        if (h->null_key) {
            if (m->key == NULL && m->value_len == h->len &&
                (h->len == 0 || memcmp(m->value, h->bytes, h->len) == 0)) {
                return h;
            }
        } else if (m->key != NULL && m->key_len == strlen(h->id) &&
                   memcmp(m->key, h->id, m->key_len) == 0) {
            return h;
        }
    }
    return NULL;
}

static void check_dead_letters(size_t rejected)
{
    struct it_message *out = NULL;
    size_t n = it_consume(&env, env.topic_dlq, rejected, 120000, 3000, &out);
    unsigned char seen[256] = {0};
    assert_true(corpus_n <= sizeof seen);
    for (size_t i = 0; i < n; i++) {
        const struct hostile_entry *h = entry_of(&out[i]);
        if (h == NULL) {
            fail_msg("dead letter %zu (key %.*s, %zu bytes) matches no corpus entry", i,
                     (int)out[i].key_len, out[i].key != NULL ? (char *)out[i].key : "(null)",
                     out[i].value_len);
        }
        size_t k = (size_t)(h - corpus);
        if (seen[k]++) {
            fail_msg("%s dead-lettered twice", h->name);
        }
        if (is_stored(h)) {
            fail_msg("%s was dead-lettered, expected stored", h->name);
        }
        char reason[64], path[512];
        const char *r = it_header(&out[i], "ingest.reason", reason, sizeof reason);
        const char *p = it_header(&out[i], "ingest.path", path, sizeof path);
        if (r == NULL || strcmp(r, h->outcome) != 0 || p == NULL || strcmp(p, h->path) != 0) {
            fail_msg("%s: expected %s at \"%s\", dead letter says %s at \"%s\"", h->name,
                     h->outcome, h->path, r != NULL ? r : "(none)", p != NULL ? p : "(none)");
        }
        assert_int_equal(out[i].value_len, h->len);
        if (h->len > 0) {
            assert_memory_equal(out[i].value, h->bytes, h->len);
        }
    }
    for (size_t k = 0; k < corpus_n; k++) {
        if (!is_stored(&corpus[k]) && !seen[k]) {
            it_ingestd_log_tail(&env, 30);
            it_messages_free(out, n);
            fail_msg("%s (%s) is not on the dead-letter topic", corpus[k].name, corpus[k].outcome);
        }
    }
    assert_int_equal(n, rejected);
    it_messages_free(out, n);
    /* Each is also kept in PostgreSQL, stored before it was published. */
    const char *params[] = {env.topic_raw};
    assert_int_equal(
        it_pg_int(&env, "SELECT count(*) FROM dead_letters WHERE topic = $1", 1, params),
        (long long)rejected);
}

static void check_row(const struct hostile_entry *h)
{
    const char *params[] = {h->id};
    PGresult *r = PQexecParams(env.pg,
                               "SELECT title, text, raw->>'title', raw->>'body' FROM articles "
                               "WHERE id = $1",
                               1, NULL, params, NULL, NULL, 0);
    assert_int_equal(PQresultStatus(r), PGRES_TUPLES_OK);
    if (PQntuples(r) != 1) {
        fail_msg("%s: %d rows for id %s, expected 1", h->name, PQntuples(r), h->id);
    }
    if (h->title_null) {
        assert_true(PQgetisnull(r, 0, 0));
    } else if (h->title != NULL) {
        assert_string_equal(PQgetvalue(r, 0, 0), h->title);
    }
    if (h->text != NULL) {
        assert_string_equal(PQgetvalue(r, 0, 1), h->text);
    }
    /* The submission itself is kept verbatim (SQL-looking strings included). */
    json_error_t jerr;
    json_t *sub = json_loadb(h->bytes, h->len, 0, &jerr);
    assert_non_null(sub);
    const char *title = json_string_value(json_object_get(sub, "title"));
    if (title != NULL) {
        assert_string_equal(PQgetvalue(r, 0, 2), title);
    }
    assert_string_equal(PQgetvalue(r, 0, 3), json_string_value(json_object_get(sub, "body")));
    json_decref(sub);
    PQclear(r);
}

static long long rows_like(const char *infix)
{
    char like[200];
    snprintf(like, sizeof like, "%s-%s-%%", env.prefix, infix);
    const char *params[] = {like};
    return it_pg_int(&env, "SELECT count(*) FROM articles WHERE id LIKE $1", 1, params);
}

static void test_ingestd_outcomes(void **state)
{
    (void)state;
    alter_topic(env.topic_raw);
    alter_topic(env.topic_dlq);
    size_t stored = 0, rejected = 0;
    for (size_t i = 0; i < corpus_n; i++) {
        stored += is_stored(&corpus[i]);
    }
    rejected = corpus_n - stored;
    produce_corpus();
    int64_t t0 = it_now_ms();
    it_ingestd_start(&env);

    char like[200];
    snprintf(like, sizeof like, "%s-h-%%", env.prefix);
    const char *params[] = {like};
    long long got = it_pg_wait_count(&env, (long long)stored, 120000,
                                     "SELECT count(*) FROM articles WHERE id LIKE $1", 1, params);
    if (got != (long long)stored) {
        it_ingestd_log_tail(&env, 30);
        fail_msg("%lld of %zu hostile-but-valid entries stored", got, stored);
    }
    check_dead_letters(rejected);
    print_message("%zu stored, %zu dead-lettered in %lld ms\n", stored, rejected,
                  (long long)(it_now_ms() - t0));
    assert_int_equal(rows_like("h"), (long long)stored);
    for (size_t i = 0; i < corpus_n; i++) {
        if (is_stored(&corpus[i])) {
            check_row(&corpus[i]);
        }
    }

    /* Still up and still flowing. */
    assert_int_equal(it_http_get(&env, "/healthz"), 200);
    static char ids[AFTER][160], values[AFTER][256];
    struct it_produce msgs[AFTER];
    for (int i = 0; i < AFTER; i++) {
        snprintf(ids[i], sizeof ids[i], "%s-after-%02d", env.prefix, i);
        snprintf(values[i], sizeof values[i],
                 "{\"source\":\"hostile\",\"id\":\"%s\",\"body\":\"Sau cơn bão số %d.\"}", ids[i],
                 i);
        msgs[i] = (struct it_produce){ids[i], strlen(ids[i]), values[i], strlen(values[i]), 0, 0};
    }
    it_produce(&env, env.topic_raw, msgs, AFTER);
    snprintf(like, sizeof like, "%s-after-%%", env.prefix);
    got = it_pg_wait_count(&env, AFTER, 60000, "SELECT count(*) FROM articles WHERE id LIKE $1", 1,
                           params);
    if (got != AFTER) {
        it_ingestd_log_tail(&env, 30);
        fail_msg("only %lld of %d articles after the corpus stored", got, AFTER);
    }
    it_ingestd_stop(&env, SIGTERM); /* asserts exit 0 */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_ingestctl_enrich, setup, teardown),
        cmocka_unit_test_setup_teardown(test_ingestd_outcomes, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
