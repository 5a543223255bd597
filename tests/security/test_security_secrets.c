/*
 * Credentials are never shown: a PostgreSQL password in INGEST_PG_CONNINFO and Kafka secrets
 * passed through (kafka.sasl.password, kafka.consumer.ssl.key.password) do not appear in
 * `ingestd --check-config`; the database password and kafka.sasl.password appear neither in
 * ingestd's log nor in /readyz while it fails to connect with them.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#include "faults_support.h"

static struct it_env env;
static char pg_secret[64], kafka_secret[64], key_secret[64];

static int setup(void **state)
{
    (void)state;
    it_env_setup(&env, "secrets", 1);
    snprintf(pg_secret, sizeof pg_secret, "PgS3cret%dx", (int)getpid());
    snprintf(kafka_secret, sizeof kafka_secret, "KafkaS3cret%dy", (int)getpid());
    snprintf(key_secret, sizeof key_secret, "KeyS3cret%dz", (int)getpid());
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    it_env_teardown(&env);
    return 0;
}

static void assert_no_secret(const char *what, const char *text)
{
    const char *secrets[] = {pg_secret, kafka_secret, key_secret};
    for (int i = 0; i < 3; i++) {
        if (strstr(text, secrets[i]) != NULL) {
            fail_msg("%s shows the secret %s:\n%s", what, secrets[i], text);
        }
    }
}

static void test_check_config_masks_secrets(void **state)
{
    (void)state;
    char conninfo[256];
    snprintf(conninfo, sizeof conninfo,
             "host=127.0.0.1 port=55432 dbname=newsingest user=ingest password=%s", pg_secret);
    setenv("INGEST_PG_CONNINFO", conninfo, 1);
    setenv("INGEST_KAFKA__SECURITY_PROTOCOL", "SASL_SSL", 1);
    setenv("INGEST_KAFKA__SASL_MECHANISMS", "SCRAM-SHA-512", 1);
    setenv("INGEST_KAFKA__SASL_USERNAME", "ingest", 1);
    setenv("INGEST_KAFKA__SASL_PASSWORD", kafka_secret, 1);
    setenv("INGEST_KAFKA_CONSUMER__SSL_KEY_PASSWORD", key_secret, 1);
    const char *build = getenv("INGEST_BUILD_DIR");
    char cmd[1024];
    snprintf(cmd, sizeof cmd, "'%s/bin/ingestd' --check-config 2>&1",
             build != NULL ? build : "build");
    FILE *p = popen(cmd, "r");
    assert_non_null(p);
    static char out[65536];
    size_t n = fread(out, 1, sizeof out - 1, p);
    out[n] = '\0';
    int rc = pclose(p);
    const char *names[] = {"INGEST_PG_CONNINFO",
                           "INGEST_KAFKA__SECURITY_PROTOCOL",
                           "INGEST_KAFKA__SASL_MECHANISMS",
                           "INGEST_KAFKA__SASL_USERNAME",
                           "INGEST_KAFKA__SASL_PASSWORD",
                           "INGEST_KAFKA_CONSUMER__SSL_KEY_PASSWORD"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        unsetenv(names[i]);
    }
    print_message("--check-config exit %d, %zu bytes\n", WEXITSTATUS(rc), n);
    assert_true(WIFEXITED(rc) && WEXITSTATUS(rc) == 0);
    assert_no_secret("--check-config", out);
    /* The settings are listed (masked), not dropped. */
    assert_non_null(strstr(out, "sasl.password"));
    assert_non_null(strstr(out, "ssl.key.password"));
    assert_non_null(strstr(out, "pg.conninfo"));
    assert_non_null(strstr(out, "SCRAM-SHA-512"));
}

static void test_log_and_readyz_never_show_secrets(void **state)
{
    (void)state;
    struct it_env probe;
    faults_instance(&env, 9, &probe); /* a loopback port nobody listens on */
    snprintf(env.conninfo, sizeof env.conninfo,
             "host=127.0.0.1 port=%s dbname=newsingest user=ingest password=%s "
             "connect_timeout=2",
             strrchr(probe.http_addr, ':') + 1, pg_secret);
    snprintf(env.extra_env[0], sizeof env.extra_env[0],
             "INGEST_KAFKA__SECURITY_PROTOCOL=SASL_PLAINTEXT");
    snprintf(env.extra_env[1], sizeof env.extra_env[1], "INGEST_KAFKA__SASL_MECHANISMS=PLAIN");
    snprintf(env.extra_env[2], sizeof env.extra_env[2], "INGEST_KAFKA__SASL_PASSWORD=%s",
             kafka_secret);
    snprintf(env.extra_env[3], sizeof env.extra_env[3], "INGEST_KAFKA__SASL_USERNAME=ingest");
    it_ingestd_spawn(&env);
    /* The broker speaks PLAINTEXT, so SASL fails; the database port is closed. Both errors
     * are retried and logged meanwhile. */
    it_sleep_ms(8000);
    char body[4096] = "";
    int status = faults_http_get(env.http_addr, "/readyz", body, sizeof body);
    print_message("/readyz: %d %s\n", status, body);
    assert_int_equal(status, 503);
    assert_no_secret("/readyz", body);
    it_ingestd_stop(&env, SIGTERM);

    FILE *f = fopen(env.ingestd_log, "r");
    assert_non_null(f);
    static char log[1 << 20];
    size_t n = fread(log, 1, sizeof log - 1, f);
    fclose(f);
    log[n] = '\0';
    print_message("log: %zu bytes\n", n);
    assert_true(n > 0);
    assert_no_secret("ingestd's log", log);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_check_config_masks_secrets, setup, teardown),
        cmocka_unit_test_setup_teardown(test_log_and_readyz_never_show_secrets, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
