/*
 * Fault case c: the Kafka broker stopped (SIGTERM to the pid in .local/kafka/broker.pid) while
 * ingestd works through a stream, and started again with `deploy/local/stack up`. ingestd
 * neither exits nor loses anything: the result is exactly the promised one. The teardown (and
 * the ctest cleanup fixture) start the broker again whatever happened.
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

static struct it_env env;
static struct faults_stream stream;

static int setup(void **state)
{
    (void)state;
    it_env_setup(&env, "fbroker", 6);
    faults_env_defaults(&env);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    faults_stack("ensure-up");
    it_env_teardown(&env);
    faults_stream_free(&stream);
    return 0;
}

static void test_broker_restart_mid_stream(void **state)
{
    (void)state;
    size_t n = faults_message_count(3000);
    faults_stream_make(&stream, &env, n);
    /* The second half is published once the broker is back, so the stop always lands
     * mid-stream, however fast ingestd is. */
    size_t half = n / 2;
    it_produce(&env, env.topic_raw, stream.msgs, half);
    it_ingestd_start(&env);
    faults_wait_stored(&env, 100, 300000);

    int64_t t0 = it_now_ms();
    faults_stack("kafka-stop");
    long long at_stop = faults_stored(&env);
    print_message("broker stopped at %lld of %zu rows (%lld ms)\n", at_stop, stream.valid_distinct,
                  (long long)(it_now_ms() - t0));
    char body[4096] = "";
    it_sleep_ms(3000);
    int status = faults_http_get(env.http_addr, "/readyz", body, sizeof body);
    print_message("/readyz with the broker down: %d %s\n", status, body);
    assert_int_equal(faults_http_get(env.http_addr, "/healthz", NULL, 0), 200);
    assert_int_equal(kill(env.ingestd, 0), 0);

    faults_stack("kafka-start");
    print_message("broker up again (%lld ms)\n", (long long)(it_now_ms() - t0));
    it_produce(&env, env.topic_raw, stream.msgs + half, n - half);
    faults_check_result(&env, &stream, 300000);
    print_message("stream finished %lld ms after the broker stopped\n",
                  (long long)(it_now_ms() - t0));
    it_ingestd_stop(&env, SIGTERM);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_broker_restart_mid_stream, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
