/*
 * Fault case e: SIGTERM while messages flow → ingestd finishes what it has in flight, commits,
 * and exits 0 within its shutdown.timeout (5 s here). What it committed is exactly what it
 * finished: every valid message below the group's committed offsets is a row, and no row comes
 * from a message at or above them. Started again, it completes the stream exactly once.
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

#include "faults_support.h"

#define SHUTDOWN_TIMEOUT_MS 5000

static struct it_env env;
static struct faults_stream stream;

static int setup(void **state)
{
    (void)state;
    it_env_setup(&env, "fterm", 6);
    faults_env_defaults(&env);
    snprintf(env.extra_env[1], sizeof env.extra_env[1], "INGEST_SHUTDOWN_TIMEOUT=%dms",
             SHUTDOWN_TIMEOUT_MS);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    it_env_teardown(&env);
    faults_stream_free(&stream);
    return 0;
}

/* Whether the row of id exists. */
static int row_exists(const char *id)
{
    const char *params[] = {id};
    return (int)it_pg_int(&env, "SELECT count(*) FROM articles WHERE id = $1", 1, params);
}

static void test_sigterm_drains_and_commits(void **state)
{
    (void)state;
    size_t n = faults_message_count(3000);
    faults_stream_make(&stream, &env, n);
    /* The second half is published after the restart, so the stop always lands mid-stream. */
    size_t half = n / 2;
    it_produce(&env, env.topic_raw, stream.msgs, half);
    it_ingestd_start(&env);
    faults_wait_stored(&env, (long long)stream.valid_distinct / 6, 300000);

    int64_t t0 = it_now_ms();
    it_ingestd_stop(&env, SIGTERM); /* asserts exit status 0 */
    int64_t took = it_now_ms() - t0;
    long long rows = faults_stored(&env);
    print_message("exit 0 %lld ms after SIGTERM with %lld of %zu rows\n", (long long)took, rows,
                  stream.valid_distinct);
    if (took > SHUTDOWN_TIMEOUT_MS + 1000) {
        fail_msg("ingestd took %lld ms to exit; shutdown.timeout is %d ms", (long long)took,
                 SHUTDOWN_TIMEOUT_MS);
    }

    int64_t committed[64];
    for (int p = 0; p < env.raw_partitions; p++) {
        committed[p] = it_committed(&env, env.topic_raw, p);
        print_message("partition %d committed at %lld\n", p, (long long)committed[p]);
    }
    long long expected = 0;
    for (size_t i = 0; i < half; i++) {
        const struct it_produce *m = &stream.msgs[i];
        int below = committed[m->partition] >= 0 && m->offset < committed[m->partition];
        if (stream.invalid[i] || stream.duplicate[i]) {
            continue;
        }
        int exists = row_exists(m->key);
        if (below && !exists) {
            fail_msg("%s (partition %d offset %lld) is below the committed offset but not "
                     "stored",
                     (const char *)m->key, (int)m->partition, (long long)m->offset);
        }
        if (!below && exists) {
            fail_msg("%s (partition %d offset %lld) is stored but its offset was not committed "
                     "(committed %lld)",
                     (const char *)m->key, (int)m->partition, (long long)m->offset,
                     (long long)committed[m->partition]);
        }
        expected += below;
    }
    assert_int_equal(rows, expected);

    it_ingestd_start(&env);
    it_produce(&env, env.topic_raw, stream.msgs + half, n - half);
    faults_check_result(&env, &stream, 300000);
    it_ingestd_stop(&env, SIGTERM);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_sigterm_drains_and_commits, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
