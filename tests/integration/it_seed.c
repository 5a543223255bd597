/*
 * End to end, case a: the seed article (tests/fixtures/000_f4fd15bba88c9e78.txt) published raw
 * becomes exactly one row with the right fields and child rows, exactly one enriched message
 * keyed by its id, and the consumer group's committed offset moves past it. Also /healthz and
 * /readyz, and a clean exit 0 on SIGTERM.
 */
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <jansson.h>

#include "it_support.h"

static struct it_env env;

#define SEED_ID    "baocantho-2020-07-15-dan-van"
#define SEED_TITLE "Hạn chế và khắc phục tình trạng hành chính hóa trong các hoạt động dân vận"

static int setup(void **state)
{
    (void)state;
    it_env_setup(&env, "seed", 6);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    it_env_teardown(&env);
    return 0;
}

static void test_seed_article_end_to_end(void **state)
{
    (void)state;
    const char *id_param[] = {SEED_ID};
    /* The id is fixed by the fixture, so earlier runs may have stored it: start clean (child
     * rows go with it, ON DELETE CASCADE). */
    PQclear(PQexecParams(env.pg, "DELETE FROM articles WHERE id = $1", 1, NULL, id_param, NULL,
                         NULL, 0));

    it_ingestd_start(&env);
    assert_int_equal(it_http_get(&env, "/healthz"), 200);
    assert_int_equal(it_http_get(&env, "/readyz"), 200);

    size_t text_len;
    char *text = it_fixture("000_f4fd15bba88c9e78.txt", &text_len);
    json_t *sub =
        json_pack("{s:s,s:s,s:s%}", "source", "baocantho", "id", SEED_ID, "body", text, text_len);
    char *value = json_dumps(sub, JSON_COMPACT);
    json_decref(sub);
    free(text);
    struct it_produce msg = {SEED_ID, strlen(SEED_ID), value, strlen(value), 0, 0};
    it_produce(&env, env.topic_raw, &msg, 1);

    long long rows = it_pg_wait_count(&env, 1, 60000, "SELECT count(*) FROM articles WHERE id = $1",
                                      1, id_param);
    if (rows != 1) {
        it_ingestd_log_tail(&env, 30);
    }
    assert_int_equal(rows, 1);

    PGresult *r =
        PQexecParams(env.pg,
                     "SELECT source, title, to_char(published_at AT TIME ZONE 'UTC', "
                     "'YYYY-MM-DD\"T\"HH24:MI:SS'), lang, revision::text, kafka_topic, "
                     "kafka_partition::text, kafka_offset::text, raw->>'id', enriched->>'id' "
                     "FROM articles WHERE id = $1",
                     1, NULL, id_param, NULL, NULL, 0);
    assert_int_equal(PQresultStatus(r), PGRES_TUPLES_OK);
    assert_int_equal(PQntuples(r), 1);
    char partition[16], offset[32];
    snprintf(partition, sizeof partition, "%d", (int)msg.partition);
    snprintf(offset, sizeof offset, "%lld", (long long)msg.offset);
    assert_string_equal(PQgetvalue(r, 0, 0), "baocantho");
    assert_string_equal(PQgetvalue(r, 0, 1), SEED_TITLE);
    assert_string_equal(PQgetvalue(r, 0, 2), "2020-07-15T14:29:00"); /* 21:29 at +07:00 */
    assert_string_equal(PQgetvalue(r, 0, 3), "vi");
    assert_string_equal(PQgetvalue(r, 0, 4), "1");
    assert_string_equal(PQgetvalue(r, 0, 5), env.topic_raw);
    assert_string_equal(PQgetvalue(r, 0, 6), partition);
    assert_string_equal(PQgetvalue(r, 0, 7), offset);
    assert_string_equal(PQgetvalue(r, 0, 8), SEED_ID);
    assert_string_equal(PQgetvalue(r, 0, 9), SEED_ID);
    PQclear(r);

    /* Child rows: the article's entities, dates and figures, queryable with plain SQL. */
    assert_true(it_pg_int(&env, "SELECT count(*) FROM article_entities WHERE article_id = $1", 1,
                          id_param) > 0);
    assert_true(it_pg_int(&env, "SELECT count(*) FROM article_dates WHERE article_id = $1", 1,
                          id_param) > 0);
    assert_true(it_pg_int(&env, "SELECT count(*) FROM article_figures WHERE article_id = $1", 1,
                          id_param) > 0);
    assert_int_equal(it_pg_int(&env,
                               "SELECT count(*) FROM article_entities WHERE article_id = $1 "
                               "AND type = 'person' AND normalized = 'Phạm Văn Hiểu'",
                               1, id_param),
                     1);

    /* The offset is committed only after the row and the enriched message are safe. */
    int64_t *next = calloc((size_t)env.raw_partitions, sizeof *next);
    assert_non_null(next);
    next[msg.partition] = msg.offset + 1;
    it_wait_committed(&env, env.topic_raw, next, env.raw_partitions, 60000);
    assert_int_equal(it_committed(&env, env.topic_raw, msg.partition), msg.offset + 1);
    free(next);

    struct it_message *out = NULL;
    size_t n = it_consume(&env, env.topic_enriched, 1, 30000, 2000, &out);
    assert_int_equal(n, 1);
    assert_int_equal(it_topic_count(&env, env.topic_enriched), 1);
    assert_int_equal(out[0].key_len, strlen(SEED_ID));
    assert_memory_equal(out[0].key, SEED_ID, strlen(SEED_ID));
    json_error_t jerr;
    json_t *record = json_loadb(out[0].value, out[0].value_len, 0, &jerr);
    assert_non_null(record);
    assert_string_equal(json_string_value(json_object_get(record, "id")), SEED_ID);
    assert_string_equal(json_string_value(json_object_get(record, "title")), SEED_TITLE);
    assert_string_equal(json_string_value(json_object_get(record, "source")), "baocantho");
    json_decref(record);
    it_messages_free(out, n);

    /* Nothing went to the dead-letter topic. */
    assert_int_equal(it_topic_count(&env, env.topic_dlq), 0);

    assert_int_equal(it_http_get(&env, "/readyz"), 200);
    it_ingestd_stop(&env, SIGTERM); /* asserts exit status 0 */
    free(value);
}

/* Without a database ingestd is alive but not ready, and still stops cleanly. */
static void test_not_ready_without_database(void **state)
{
    (void)state;
    char saved[sizeof env.conninfo];
    memcpy(saved, env.conninfo, sizeof saved);
    /* Port 9 (discard) on loopback: nothing listens there, connections are refused. */
    snprintf(env.conninfo, sizeof env.conninfo,
             "host=127.0.0.1 port=9 dbname=newsingest user=ingest password=ingest "
             "connect_timeout=2");
    it_ingestd_spawn(&env);
    memcpy(env.conninfo, saved, sizeof saved);
    int64_t deadline = it_now_ms() + 30000;
    while (it_http_get(&env, "/healthz") != 200) {
        if (it_now_ms() > deadline) {
            it_ingestd_log_tail(&env, 30);
            fail_msg("/healthz did not answer 200 within 30 s");
        }
        it_sleep_ms(100);
    }
    /* Give it time to get its partitions: readiness must still fail on the database. */
    for (int i = 0; i < 10; i++) {
        assert_int_equal(it_http_get(&env, "/readyz"), 503);
        assert_int_equal(it_http_get(&env, "/healthz"), 200);
        it_sleep_ms(500);
    }
    it_ingestd_stop(&env, SIGTERM);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_seed_article_end_to_end),
        cmocka_unit_test(test_not_ready_without_database),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
