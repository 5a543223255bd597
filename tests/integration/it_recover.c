/*
 * End to end: a crash between the commit and the delivery. The rows of a stream are stored
 * with their offsets, and their output (enriched records, dead letters) published; then
 * ingestd is killed and the database put back into the state such a crash leaves: every
 * message stored (next_offset at the end) but none known to be published (published_offset at
 * the start). The restarted ingestd must publish every stored article to the enriched topic
 * again, write nothing twice in PostgreSQL, and find the dead letters already on the
 * dead-letter topic instead of publishing them a second time.
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

#define VALID   240
#define INVALID 12
#define TOTAL   (VALID + INVALID)

static struct it_env env;

static int setup(void **state)
{
    (void)state;
    it_env_setup(&env, "recover", 3);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    it_env_teardown(&env);
    return 0;
}

/* How many times each valid id is on the enriched topic; fails on an id not of this run. */
static void count_enriched(size_t want, unsigned *seen)
{
    struct it_message *out = NULL;
    size_t n = it_consume(&env, env.topic_enriched, want, 120000, 3000, &out);
    memset(seen, 0, VALID * sizeof(*seen));
    for (size_t i = 0; i < n; i++) {
        char key[200];
        snprintf(key, sizeof key, "%.*s", (int)out[i].key_len, (char *)out[i].key);
        int k = -1;
        if (sscanf(key + strlen(env.prefix), "-r-%d", &k) != 1 || k < 0 || k >= VALID) {
            fail_msg("unexpected key on the enriched topic: %s", key);
        }
        seen[k]++;
    }
    it_messages_free(out, n);
}

static void test_crash_between_commit_and_delivery(void **state)
{
    (void)state;
    static char keys[TOTAL][160], values[TOTAL][512];
    static struct it_produce msgs[TOTAL];
    for (int i = 0, v = 0, b = 0; i < TOTAL; i++) {
        if (i % 21 == 20 && b < INVALID) {
            snprintf(keys[i], sizeof keys[i], "%s-bad-%d", env.prefix, b++);
            snprintf(values[i], sizeof values[i], "{\"source\":\"it\",\"body\":");
        } else {
            snprintf(keys[i], sizeof keys[i], "%s-r-%d", env.prefix, v);
            snprintf(values[i], sizeof values[i],
                     "{\"source\":\"it\",\"id\":\"%s-r-%d\",\"body\":\"Ngày 15-7-2020, UBND "
                     "TP Cần Thơ họp lần thứ %d về 9.720 tỷ đồng.\"}",
                     env.prefix, v, v);
            v++;
        }
        msgs[i] = (struct it_produce){keys[i], strlen(keys[i]), values[i], strlen(values[i]), 0, 0};
    }
    it_produce(&env, env.topic_raw, msgs, TOTAL);

    char like[200];
    snprintf(like, sizeof like, "%s-r-%%", env.prefix);
    const char *like_params[] = {like};
    it_ingestd_start(&env);
    long long got = it_pg_wait_count(
        &env, VALID, 120000, "SELECT count(*) FROM articles WHERE id LIKE $1", 1, like_params);
    assert_int_equal(got, VALID);
    static unsigned seen[VALID];
    count_enriched(VALID, seen);
    for (int k = 0; k < VALID; k++) {
        assert_int_equal(seen[k], 1);
    }
    const char *group_params[] = {env.group, env.topic_raw};
    /* Everything stored, positions at the end of each partition. */
    assert_int_equal(it_pg_wait_count(&env, TOTAL, 30000,
                                      "SELECT coalesce(sum(next_offset), 0) FROM ingest_offsets "
                                      "WHERE group_id = $1 AND topic = $2",
                                      2, group_params),
                     TOTAL);
    assert_int_equal(it_topic_count(&env, env.topic_dlq), INVALID);
    it_ingestd_stop(&env, SIGKILL);

    /* What a crash right after the commits leaves: nothing known to be published. */
    long long rewound =
        it_pg_int(&env,
                  "WITH u AS (UPDATE ingest_offsets SET published_offset = 0 WHERE group_id = $1 "
                  "AND topic = $2 RETURNING 1) SELECT count(*) FROM u",
                  2, group_params);
    assert_int_equal(rewound, env.raw_partitions);

    it_ingestd_start(&env);
    /* Every article a second time on the enriched topic... */
    count_enriched(2 * VALID, seen);
    for (int k = 0; k < VALID; k++) {
        if (seen[k] != 2) {
            it_ingestd_log_tail(&env, 20);
            fail_msg("id %d is %u times on the enriched topic, expected 2", k, seen[k]);
        }
    }
    /* ...nothing written twice in PostgreSQL... */
    assert_int_equal(it_pg_int(&env,
                               "SELECT count(*) FROM articles WHERE id LIKE $1 AND revision = 1", 1,
                               like_params),
                     VALID);
    const char *topic_params[] = {env.topic_raw};
    assert_int_equal(
        it_pg_int(&env, "SELECT count(*) FROM dead_letters WHERE topic = $1", 1, topic_params),
        INVALID);
    /* ...and no dead letter twice on its topic. */
    it_sleep_ms(3000);
    assert_int_equal(it_topic_count(&env, env.topic_dlq), INVALID);
    /* Published positions caught up again. */
    assert_int_equal(it_pg_wait_count(&env, TOTAL, 30000,
                                      "SELECT coalesce(sum(published_offset), 0) FROM "
                                      "ingest_offsets WHERE group_id = $1 AND topic = $2",
                                      2, group_params),
                     TOTAL);
    it_ingestd_stop(&env, SIGTERM);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_crash_between_commit_and_delivery),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
