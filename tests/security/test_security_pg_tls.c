/*
 * TLS to PostgreSQL: a throwaway cluster (tests/security/pg_tls.sh) that accepts only TLS, with
 * a certificate signed by a self-signed CA made for the run. With sslmode=verify-full and that
 * CA as sslrootcert in INGEST_PG_CONNINFO, ingestctl migrate and ingestd connect and an article
 * is stored over TLS; with another CA, or a host name the certificate does not name, ingestd
 * stays up, not ready, and /readyz says why.
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
static char dir[256];
static int port;

static void script(const char *args)
{
    const char *src = getenv("INGEST_SOURCE_DIR");
    char cmd[1024];
    snprintf(cmd, sizeof cmd, "'%s/tests/security/pg_tls.sh' %s", src != NULL ? src : ".", args);
    int rc = system(cmd);
    if (rc != 0) {
        fail_msg("%s failed (status %d)", cmd, rc);
    }
}

/* One cluster for all the cases (making it takes seconds). */
static int group_setup(void **state)
{
    (void)state;
    struct it_env probe;
    memset(&probe, 0, sizeof probe);
    faults_instance(&probe, 0, &probe); /* a free loopback port */
    port = atoi(strrchr(probe.http_addr, ':') + 1);
    snprintf(dir, sizeof dir, "/tmp/ingest-sectls-%d.pgtls", (int)getpid());
    char args[512];
    snprintf(args, sizeof args, "start '%s' %d", dir, port);
    script(args);
    return 0;
}

static int group_teardown(void **state)
{
    (void)state;
    char args[512];
    snprintf(args, sizeof args, "stop '%s'", dir);
    script(args);
    return 0;
}

static int setup(void **state)
{
    (void)state;
    it_env_setup(&env, "sectls", 1);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    it_env_teardown(&env);
    return 0;
}

static void set_conninfo(const char *host, const char *rootcert)
{
    snprintf(env.conninfo, sizeof env.conninfo,
             "%s port=%d dbname=newsingest user=postgres sslmode=verify-full sslrootcert=%s/%s",
             host, port, dir, rootcert);
}

static void test_verify_full_connects(void **state)
{
    (void)state;
    set_conninfo("host=127.0.0.1", "ca.crt");
    const char *build = getenv("INGEST_BUILD_DIR");
    const char *src = getenv("INGEST_SOURCE_DIR");
    char cmd[2048];
    snprintf(cmd, sizeof cmd, "'%s/bin/ingestctl' migrate -c '%s' -d '%s/schemas/migrations' >&2",
             build != NULL ? build : "build", env.conninfo, src != NULL ? src : ".");
    int rc = system(cmd);
    assert_true(WIFEXITED(rc) && WEXITSTATUS(rc) == 0);

    it_ingestd_start(&env);
    char id[160], value[512];
    snprintf(id, sizeof id, "%s-tls-1", env.prefix);
    snprintf(value, sizeof value,
             "{\"source\":\"tls\",\"id\":\"%s\",\"body\":\"Bài viết qua kết nối TLS.\"}", id);
    struct it_produce m = {id, strlen(id), value, strlen(value), 0, 0};
    it_produce(&env, env.topic_raw, &m, 1);

    PGconn *tls = PQconnectdb(env.conninfo);
    assert_int_equal(PQstatus(tls), CONNECTION_OK);
    assert_int_equal(PQsslInUse(tls), 1);
    const char *params[] = {id};
    int64_t deadline = it_now_ms() + 60000;
    for (;;) {
        PGresult *r = PQexecParams(tls, "SELECT count(*) FROM articles WHERE id = $1", 1, NULL,
                                   params, NULL, NULL, 0);
        assert_int_equal(PQresultStatus(r), PGRES_TUPLES_OK);
        int n = atoi(PQgetvalue(r, 0, 0));
        PQclear(r);
        if (n == 1) {
            break;
        }
        if (it_now_ms() > deadline) {
            it_ingestd_log_tail(&env, 30);
            fail_msg("the article was not stored over TLS within 60 s");
        }
        it_sleep_ms(100);
    }
    /* Every client session of the database is encrypted (pg_hba rejects the others anyway). */
    PGresult *r = PQexec(tls, "SELECT count(*) FILTER (WHERE s.ssl), count(*) FILTER (WHERE NOT "
                              "s.ssl) FROM pg_stat_ssl s JOIN pg_stat_activity a USING (pid) "
                              "WHERE a.datname = 'newsingest'");
    assert_int_equal(PQresultStatus(r), PGRES_TUPLES_OK);
    print_message("TLS sessions: %s, plain: %s\n", PQgetvalue(r, 0, 0), PQgetvalue(r, 0, 1));
    assert_true(atoi(PQgetvalue(r, 0, 0)) >= 2); /* ingestd's and ours */
    assert_string_equal(PQgetvalue(r, 0, 1), "0");
    PQclear(r);
    PQfinish(tls);
    it_ingestd_stop(&env, SIGTERM);
}

/* ingestd with a conninfo that must fail verification: up, not ready, and saying why. */
static void check_refused(const char *why)
{
    it_ingestd_spawn(&env);
    char body[4096] = "";
    int64_t deadline = it_now_ms() + 30000;
    while (faults_http_get(env.http_addr, "/readyz", body, sizeof body) != 503 ||
           strstr(body, why) == NULL) {
        if (it_now_ms() > deadline || kill(env.ingestd, 0) != 0) {
            it_ingestd_log_tail(&env, 30);
            fail_msg("/readyz did not answer 503 naming \"%s\" within 30 s (last: %s)", why, body);
        }
        it_sleep_ms(200);
    }
    print_message("/readyz: %s\n", body);
    assert_int_equal(faults_http_get(env.http_addr, "/healthz", NULL, 0), 200);
    it_ingestd_stop(&env, SIGTERM);
}

static void test_wrong_root_certificate(void **state)
{
    (void)state;
    set_conninfo("host=127.0.0.1", "wrong-ca.crt");
    check_refused("certificate verify failed");
}

static void test_wrong_host_name(void **state)
{
    (void)state;
    set_conninfo("host=db.example hostaddr=127.0.0.1", "ca.crt");
    check_refused("does not match host name");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_verify_full_connects, setup, teardown),
        cmocka_unit_test_setup_teardown(test_wrong_root_certificate, setup, teardown),
        cmocka_unit_test_setup_teardown(test_wrong_host_name, setup, teardown),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
