/*
 * Fault case d: three ingestd instances in one consumer group share a 6-partition topic; one is
 * killed (SIGKILL) and a fourth added while the stream flows (each change moves partitions
 * between instances), and the result is exactly the promised one.
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

#include "faults_support.h"

#define INSTANCES 4

static struct it_env env;
static struct it_env inst[INSTANCES];
static struct faults_stream stream;

static int setup(void **state)
{
    (void)state;
    it_env_setup(&env, "fgroup", 6);
    faults_env_defaults(&env);
    for (int i = 0; i < INSTANCES; i++) {
        faults_instance(&env, i, &inst[i]);
    }
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    const char *keep = getenv("IT_KEEP_LOGS");
    for (int i = 0; i < INSTANCES; i++) {
        if (inst[i].ingestd > 0) {
            it_ingestd_stop(&inst[i], SIGKILL);
        }
        if (keep == NULL || strcmp(keep, "1") != 0) {
            unlink(inst[i].ingestd_log);
        }
    }
    it_env_teardown(&env);
    faults_stream_free(&stream);
    return 0;
}

static void test_kill_one_add_one(void **state)
{
    (void)state;
    size_t n = faults_message_count(4000);
    faults_stream_make(&stream, &env, n);
    /* Published in thirds: the second after the kill, the last after the fourth instance
     * joined, so both changes land mid-stream however fast ingestd is. */
    size_t third = n / 3;
    it_produce(&env, env.topic_raw, stream.msgs, third);

    int64_t t0 = it_now_ms();
    for (int i = 0; i < 3; i++) {
        it_ingestd_spawn(&inst[i]);
    }
    /* Each instance is ready once it holds partitions; with 6 partitions all three do. */
    for (int i = 0; i < 3; i++) {
        int64_t deadline = it_now_ms() + 90000;
        while (faults_http_get(inst[i].http_addr, "/readyz", NULL, 0) != 200) {
            if (it_now_ms() > deadline) {
                it_ingestd_log_tail(&inst[i], 30);
                fail_msg("instance %d not ready within 90 s", i);
            }
            it_sleep_ms(100);
        }
    }
    print_message("three instances ready (%lld ms)\n", (long long)(it_now_ms() - t0));

    faults_wait_stored(&env, faults_stream_valid_before(&stream, third) / 2, 300000);
    long long at_kill = faults_stored(&env);
    it_ingestd_stop(&inst[1], SIGKILL);
    print_message("instance 1 killed at %lld of %zu rows (%lld ms)\n", at_kill,
                  stream.valid_distinct, (long long)(it_now_ms() - t0));
    it_produce(&env, env.topic_raw, stream.msgs + third, third);

    faults_wait_stored(&env, faults_stream_valid_before(&stream, 3 * third / 2), 300000);
    long long at_add = faults_stored(&env);
    it_ingestd_start(&inst[3]);
    print_message("instance 3 added at %lld rows, ready at %lld rows (%lld ms)\n", at_add,
                  faults_stored(&env), (long long)(it_now_ms() - t0));
    it_produce(&env, env.topic_raw, stream.msgs + 2 * third, n - 2 * third);

    faults_check_result(&env, &stream, 300000);
    print_message("stream of %zu handled in %lld ms\n", n, (long long)(it_now_ms() - t0));
    const int survivors[] = {0, 2, 3};
    for (int i = 0; i < 3; i++) {
        it_ingestd_stop(&inst[survivors[i]], SIGTERM); /* asserts exit 0 */
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_kill_one_add_one, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
