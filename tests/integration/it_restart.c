/*
 * End to end, case d: ingestd stopped mid-stream, once gracefully (SIGTERM) and once killed
 * (SIGKILL), and started again each time. Every one of 2,000 articles is stored exactly once
 * (one row per id, revision 1: a replayed message is an unchanged upsert), the enriched topic
 * has every id at least once, and the group's committed offsets reach the end of the topic.
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

#include "it_support.h"

static struct it_env env;

#define ARTICLES 2000

static int setup(void **state)
{
    (void)state;
    it_env_setup(&env, "restart", 6);
    /* Few messages in flight, so that a stop leaves most of the backlog unconsumed and the
     * restarted instance must resume from the committed offsets. */
    snprintf(env.extra_env[0], sizeof env.extra_env[0], "INGEST_MAX_INFLIGHT_MESSAGES=50");
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    it_env_teardown(&env);
    return 0;
}

static char ids[ARTICLES][160];
static char values[ARTICLES][512];
static struct it_produce msgs[ARTICLES];

static void make_articles(void)
{
    static const char *const places[] = {"An Giang", "Cần Thơ", "Hà Nội", "Đà Nẵng"};
    for (int i = 0; i < ARTICLES; i++) {
        snprintf(ids[i], sizeof ids[i], "%s-r-%04d", env.prefix, i);
        snprintf(
            values[i], sizeof values[i],
            "{\"source\":\"it\",\"id\":\"%s\",\"published_at\":\"2021-03-%02dT08:00:00+07:00\","
            "\"body\":\"Ngày %d-3-2021, UBND tỉnh %s tổ chứ"
            "c hội nghị số %d với tổng "
            "vốn %d tỷ đồng.\"}",
            ids[i], i % 28 + 1, i % 28 + 1, places[i % 4], i, 100 + i);
        msgs[i] = (struct it_produce){ids[i], strlen(ids[i]), values[i], strlen(values[i]), 0, 0};
    }
}

static long long stored(void)
{
    char like[200];
    snprintf(like, sizeof like, "%s-r-%%", env.prefix);
    const char *params[] = {like};
    return it_pg_int(&env, "SELECT count(*) FROM articles WHERE id LIKE $1", 1, params);
}

/* Polls often so that the signal lands while messages are still flowing. */
static long long wait_stored_at_least(long long n, int timeout_ms)
{
    int64_t deadline = it_now_ms() + timeout_ms;
    long long got;
    while ((got = stored()) < n) {
        if (it_now_ms() > deadline) {
            it_ingestd_log_tail(&env, 30);
            fail_msg("only %lld of %lld articles stored within %d ms", got, n, timeout_ms);
        }
        it_sleep_ms(20);
    }
    return got;
}

static void test_restarts_store_everything_once(void **state)
{
    (void)state;
    make_articles();

    /* 1. Half the articles, graceful stop part-way. */
    it_produce(&env, env.topic_raw, msgs, 1000);
    it_ingestd_start(&env);
    long long at_term = wait_stored_at_least(100, 120000);
    it_ingestd_stop(&env, SIGTERM); /* asserts exit 0 */
    long long after_term = stored();
    print_message("SIGTERM with %lld of 1000 stored (%lld once stopped)\n", at_term, after_term);

    /* 2. Start again, more articles, killed part-way. */
    it_ingestd_start(&env);
    it_produce(&env, env.topic_raw, msgs + 1000, 500);
    long long at_kill = wait_stored_at_least(after_term + 100, 120000);
    it_ingestd_stop(&env, SIGKILL);
    print_message("SIGKILL with %lld of 1500 stored\n", at_kill);

    /* 3. Start again, the rest, and let it finish. */
    it_ingestd_start(&env);
    it_produce(&env, env.topic_raw, msgs + 1500, ARTICLES - 1500);
    wait_stored_at_least(ARTICLES, 180000);

    int64_t next[64] = {0};
    for (int i = 0; i < ARTICLES; i++) {
        if (msgs[i].offset + 1 > next[msgs[i].partition]) {
            next[msgs[i].partition] = msgs[i].offset + 1;
        }
    }
    it_wait_committed(&env, env.topic_raw, next, env.raw_partitions, 60000);
    it_ingestd_stop(&env, SIGTERM);

    /* Exactly once in the table: one row per id, none written twice with new content. */
    char like[200];
    snprintf(like, sizeof like, "%s-r-%%", env.prefix);
    const char *params[] = {like};
    assert_int_equal(stored(), ARTICLES);
    assert_int_equal(
        it_pg_int(&env, "SELECT count(DISTINCT id) FROM articles WHERE id LIKE $1", 1, params),
        ARTICLES);
    assert_int_equal(it_pg_int(&env,
                               "SELECT count(*) FROM articles WHERE id LIKE $1 AND revision <> 1",
                               1, params),
                     0);
    assert_int_equal(it_topic_count(&env, env.topic_dlq), 0);

    /* At least once on the enriched topic: every id, keyed by itself. */
    struct it_message *out = NULL;
    size_t n = it_consume(&env, env.topic_enriched, ARTICLES, 60000, 1000, &out);
    assert_true(n >= ARTICLES);
    static unsigned char seen[ARTICLES];
    memset(seen, 0, sizeof seen);
    size_t prefix_len = strlen(env.prefix) + 3; /* "<prefix>-r-" */
    for (size_t i = 0; i < n; i++) {
        assert_true(out[i].key_len == prefix_len + 4);
        assert_memory_equal(out[i].key, ids[0], prefix_len);
        char digits[5];
        memcpy(digits, (const char *)out[i].key + prefix_len, 4);
        digits[4] = '\0';
        int k = atoi(digits);
        assert_true(k >= 0 && k < ARTICLES);
        seen[k] = 1;
    }
    for (int k = 0; k < ARTICLES; k++) {
        if (!seen[k]) {
            fail_msg("no enriched message for %s", ids[k]);
        }
    }
    print_message("%zu enriched messages for %d articles\n", n, ARTICLES);
    it_messages_free(out, n);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_restarts_store_everything_once),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
