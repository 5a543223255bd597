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
    int64_t t0 = it_now_ms();
    it_produce(&env, env.topic_raw, stream.msgs, n);
    print_message("%zu messages published (%zu invalid, %zu distinct valid ids) in %lld ms\n", n,
                  stream.invalid_count, stream.valid_distinct, (long long)(it_now_ms() - t0));

    t0 = it_now_ms();
    it_ingestd_start(&env);
    for (int k = 1; k <= KILLS; k++) {
        /* Spread the kills over the stream: the k-th once about k/(KILLS+1) of it is stored,
         * give or take a random share, then after a random few milliseconds. */
        long long base = (long long)stream.valid_distinct * k / (KILLS + 1);
        long long jitter = (long long)stream.valid_distinct / (4 * (KILLS + 1));
        long long target = base + faults_random(-(int)jitter, (int)jitter);
        faults_wait_stored(&env, target, 300000);
        it_sleep_ms(faults_random(0, 400));
        long long at_kill = faults_stored(&env);
        it_ingestd_stop(&env, SIGKILL);
        print_message("kill %d at %lld of %zu rows (%lld ms)\n", k, at_kill, stream.valid_distinct,
                      (long long)(it_now_ms() - t0));
        if (at_kill >= (long long)stream.valid_distinct) {
            fail_msg("the stream finished before kill %d: not a kill mid-stream", k);
        }
        it_ingestd_start(&env);
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
