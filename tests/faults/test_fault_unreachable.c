/*
 * Fault case f: a dependency unreachable at start (a closed loopback port). ingestd keeps
 * running, /healthz answers 200, /readyz answers 503 naming what is missing, the log says why,
 * and it does not spin: under 0.5 s of CPU time over 5 s.
 */
#include <arpa/inet.h>
#include <ctype.h>
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
#include <unistd.h>
#include <cmocka.h>

#include "faults_support.h"

static struct it_env env;

static int setup(void **state)
{
    (void)state;
    it_env_setup(&env, "funreach", 6);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    it_env_teardown(&env);
    return 0;
}

/* A loopback port with nothing listening (bound once, then released). */
static int closed_port(void)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    assert_true(fd >= 0);
    struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = 0};
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    assert_int_equal(bind(fd, (struct sockaddr *)&sa, sizeof sa), 0);
    socklen_t len = sizeof sa;
    assert_int_equal(getsockname(fd, (struct sockaddr *)&sa, &len), 0);
    close(fd);
    return ntohs(sa.sin_port);
}

/* Lower-cased copy of the log, for "does it say why". */
static char *read_log(void)
{
    FILE *f = fopen(env.ingestd_log, "r");
    assert_non_null(f);
    static char buf[1 << 16];
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = '\0';
    for (size_t i = 0; i < n; i++) {
        buf[i] = (char)tolower((unsigned char)buf[i]);
    }
    return buf;
}

/* Whether one line of the (lower-cased) log holds both a and b. */
static int line_with(const char *log, const char *a, const char *b)
{
    for (const char *line = log; *line != '\0';) {
        const char *end = strchr(line, '\n');
        size_t len = end != NULL ? (size_t)(end - line) : strlen(line);
        char buf[4096];
        snprintf(buf, sizeof buf, "%.*s", (int)(len < sizeof buf ? len : sizeof buf - 1), line);
        if (strstr(buf, a) != NULL && strstr(buf, b) != NULL) {
            return 1;
        }
        line += len + (end != NULL);
    }
    return 0;
}

/* Spawns ingestd and checks it waits without exiting or spinning; what names the missing
 * dependency in /readyz ("kafka"; for the database "postgres" or "database"), and the log says
 * why: a line naming the closed port and the refused connection. */
static void check_waits(const char *what, const char *alt, int port)
{
    it_ingestd_spawn(&env);
    int64_t deadline = it_now_ms() + 20000;
    while (faults_http_get(env.http_addr, "/healthz", NULL, 0) != 200) {
        if (it_now_ms() > deadline || kill(env.ingestd, 0) != 0) {
            it_ingestd_log_tail(&env, 30);
            fail_msg("/healthz did not answer 200 within 20 s");
        }
        it_sleep_ms(100);
    }
    it_sleep_ms(2000); /* past start-up work */
    long long cpu0 = faults_cpu_ms(env.ingestd);
    it_sleep_ms(5000);
    long long cpu1 = faults_cpu_ms(env.ingestd);
    assert_true(cpu0 >= 0 && cpu1 >= 0);
    print_message("CPU time over 5 s while waiting: %lld ms\n", cpu1 - cpu0);
    if (cpu1 - cpu0 >= 500) {
        fail_msg("ingestd used %lld ms of CPU in 5 s while waiting: it spins", cpu1 - cpu0);
    }
    assert_int_equal(kill(env.ingestd, 0), 0);
    assert_int_equal(faults_http_get(env.http_addr, "/healthz", NULL, 0), 200);
    char body[4096] = "";
    int status = faults_http_get(env.http_addr, "/readyz", body, sizeof body);
    print_message("/readyz: %d %s\n", status, body);
    assert_int_equal(status, 503);
    for (char *p = body; *p != '\0'; p++) {
        *p = (char)tolower((unsigned char)*p);
    }
    if (strstr(body, what) == NULL && (alt == NULL || strstr(body, alt) == NULL)) {
        fail_msg("/readyz does not name %s: %s", what, body);
    }
    const char *log = read_log();
    char port_text[16];
    snprintf(port_text, sizeof port_text, "%d", port);
    if (!line_with(log, port_text, "connection refused")) {
        it_ingestd_log_tail(&env, 30);
        fail_msg("the log has no line saying that port %d (%s) refused the connection", port, what);
    }
    it_ingestd_stop(&env, SIGTERM); /* asserts exit 0 */
}

static void test_kafka_unreachable_at_start(void **state)
{
    (void)state;
    int port = closed_port();
    snprintf(env.brokers, sizeof env.brokers, "127.0.0.1:%d", port);
    check_waits("kafka", "broker", port);
}

static void test_database_unreachable_at_start(void **state)
{
    (void)state;
    int port = closed_port();
    snprintf(env.conninfo, sizeof env.conninfo,
             "host=127.0.0.1 port=%d dbname=newsingest user=ingest password=ingest", port);
    check_waits("postgres", "database", port);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_kafka_unreachable_at_start, setup, teardown),
        cmocka_unit_test_setup_teardown(test_database_unreachable_at_start, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
