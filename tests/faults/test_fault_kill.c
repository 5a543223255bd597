/*
 * Fault case a: ingestd killed with SIGKILL at random moments, at least five times, while it
 * works through a stream of small articles (about 1% invalid), and started again each time.
 * Afterwards PostgreSQL holds exactly the distinct ids published, the dead-letter topic exactly
 * the invalid messages (byte-identical) and the enriched topic every stored id.
 *
 * FAULTS_MESSAGES sets the stream's length (default 6000, sized to the time budget of the suite
 * on a 2-core machine; the figure is 50,000); FAULTS_SEED repeats a run's kill moments.
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

#define KILLS 5

static struct it_env env;
static struct faults_stream stream;

static int setup(void **state)
{
    (void)state;
    it_env_setup(&env, "fkill", 6);
    faults_env_defaults(&env);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    it_env_teardown(&env);
    faults_stream_free(&stream);
    return 0;
}

static void test_sigkill_at_random_moments(void **state)
{
    (void)state;
    size_t n = faults_message_count(6000);
    faults_stream_make(&stream, &env, n);
    print_message("%zu messages (%zu invalid, %zu distinct valid ids)\n", n, stream.invalid_count,
                  stream.valid_distinct);

    /* The stream is published in KILLS + 1 parts, part k + 1 after the k-th restart, so every
     * kill lands while the stream is still going, however fast ingestd is. Within part k the
     * kill comes once a random share of it is stored, then after a random few milliseconds. */
    int64_t t0 = it_now_ms();
    size_t part = n / (KILLS + 1);
    it_produce(&env, env.topic_raw, stream.msgs, part);
    it_ingestd_start(&env);
    for (int k = 1; k <= KILLS; k++) {
        long long before = faults_stream_valid_before(&stream, part * (size_t)(k - 1));
        long long in_part = faults_stream_valid_before(&stream, part * (size_t)k) - before;
        faults_wait_stored(&env, before + faults_random(1, (int)(in_part * 3 / 4)), 300000);
        it_sleep_ms(faults_random(0, 300));
        long long at_kill = faults_stored(&env);
        it_ingestd_stop(&env, SIGKILL);
        print_message("kill %d at %lld of %zu rows (%lld ms)\n", k, at_kill, stream.valid_distinct,
                      (long long)(it_now_ms() - t0));
        it_ingestd_start(&env);
        size_t from = part * (size_t)k;
        size_t to = k == KILLS ? n : part * (size_t)(k + 1);
        it_produce(&env, env.topic_raw, stream.msgs + from, to - from);
    }
    faults_check_result(&env, &stream, 300000);
    print_message("stream of %zu handled with %d kills in %lld ms\n", n, KILLS,
                  (long long)(it_now_ms() - t0));
    it_ingestd_stop(&env, SIGTERM);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_sigkill_at_random_moments, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
