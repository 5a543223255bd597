/*
 * Fault case b: PostgreSQL stopped (pg_ctl stop -m fast) while ingestd works through a stream,
 * and started again. While the database is down /readyz answers 503 and names the database,
 * /healthz still answers 200; once it is back ingestd resumes by itself, and the result is
 * exactly the promised one. The teardown (and the ctest cleanup fixture) start the database
 * again whatever happened.
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
    it_env_setup(&env, "fpg", 6);
    faults_env_defaults(&env);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    faults_stack("pg-start");
    if (env.pg != NULL) {
        PQreset(env.pg);
    }
    it_env_teardown(&env);
    faults_stream_free(&stream);
    return 0;
}

/* Polls /readyz until it answers want (and, for 503, names the database); returns the body. */
static void wait_readyz(int want, char *body, size_t cap, int timeout_ms)
{
    int64_t deadline = it_now_ms() + timeout_ms;
    int status;
    while ((status = faults_http_get(env.http_addr, "/readyz", body, cap)) != want) {
        if (it_now_ms() > deadline) {
            it_ingestd_log_tail(&env, 30);
            fail_msg("/readyz answered %d (body %s), expected %d within %d ms", status, body, want,
                     timeout_ms);
        }
        it_sleep_ms(100);
    }
}

static void test_database_restart_mid_stream(void **state)
{
    (void)state;
    size_t n = faults_message_count(3000);
    faults_stream_make(&stream, &env, n);
    /* The second half is published while the database is down, so the stop always lands
     * mid-stream, however fast ingestd is. */
    size_t half = n / 2;
    it_produce(&env, env.topic_raw, stream.msgs, half);
    it_ingestd_start(&env);
    faults_wait_stored(&env, 100, 300000);

    int64_t t0 = it_now_ms();
    faults_stack("pg-stop");
    print_message("database stopped (%lld ms)\n", (long long)(it_now_ms() - t0));
    it_produce(&env, env.topic_raw, stream.msgs + half, n - half);

    char body[4096] = "";
    wait_readyz(503, body, sizeof body, 30000);
    print_message("/readyz while the database is down: %s\n", body);
    if (strstr(body, "postgres") == NULL && strstr(body, "database") == NULL) {
        fail_msg("/readyz body does not name the database: %s", body);
    }
    assert_int_equal(faults_http_get(env.http_addr, "/healthz", NULL, 0), 200);
    /* Down for a few seconds more: ingestd must keep retrying, not give up or exit. */
    it_sleep_ms(4000);
    assert_true(env.ingestd > 0);
    assert_int_equal(kill(env.ingestd, 0), 0);
    assert_int_equal(faults_http_get(env.http_addr, "/readyz", NULL, 0), 503);

    faults_stack("pg-start");
    print_message("database started again (%lld ms)\n", (long long)(it_now_ms() - t0));
    wait_readyz(200, body, sizeof body, 60000);
    print_message("ready again after %lld ms\n", (long long)(it_now_ms() - t0));

    faults_check_result(&env, &stream, 300000);
    it_ingestd_stop(&env, SIGTERM);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_database_restart_mid_stream, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
