/*
 * ingestd's HTTP endpoint against hostile clients, on a real ingestd: only its own paths answer
 * (404 elsewhere, 405 for another method), request size is bounded (431 for huge headers, 414
 * for a huge URL, 413 for a body over the limit), a request that arrives too slowly gets 408
 * within the request timeout (5 s), an idle connection is closed, and ingestd serves normally
 * afterwards.
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
#include <unistd.h>
#include <cmocka.h>

#include "faults_support.h"

static struct it_env env;

static int setup(void **state)
{
    (void)state;
    it_env_setup(&env, "sechttp", 1);
    it_ingestd_start(&env);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    if (env.ingestd > 0) {
        it_ingestd_stop(&env, SIGTERM);
    }
    it_env_teardown(&env);
    return 0;
}

static int connect_ingestd(void)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    assert_true(fd >= 0);
    struct sockaddr_in sa = {.sin_family = AF_INET};
    sa.sin_port = htons((uint16_t)atoi(strrchr(env.http_addr, ':') + 1));
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    struct timeval tv = {.tv_sec = 12};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    assert_int_equal(connect(fd, (struct sockaddr *)&sa, sizeof sa), 0);
    return fd;
}

/* Reads until the server closes or 12 s pass; returns the status of the first response, 0 when
 * the server closed without answering, -1 on timeout. *elapsed_ms: time until then. */
static int read_status(int fd, int64_t *elapsed_ms)
{
    int64_t t0 = it_now_ms();
    char buf[4096];
    size_t got = 0;
    ssize_t r = 0;
    while ((r = read(fd, buf + got, sizeof buf - 1 - got)) > 0) {
        got += (size_t)r;
        if (got == sizeof buf - 1) {
            break;
        }
    }
    if (elapsed_ms != NULL) {
        *elapsed_ms = it_now_ms() - t0;
    }
    buf[got] = '\0';
    int status = 0;
    if (got == 0) {
        return r < 0 ? -1 : 0;
    }
    if (sscanf(buf, "HTTP/1.%*d %d", &status) != 1) {
        fail_msg("not an HTTP response: %.100s", buf);
    }
    return status;
}

/* Sends req (len bytes; the server may close early, so short writes are fine). */
static int exchange(const char *req, size_t len)
{
    int fd = connect_ingestd();
    size_t sent = 0;
    while (sent < len) {
        ssize_t w = send(fd, req + sent, len - sent, MSG_NOSIGNAL);
        if (w <= 0) {
            break;
        }
        sent += (size_t)w;
    }
    int status = read_status(fd, NULL);
    close(fd);
    return status;
}

static int exchange_str(const char *req)
{
    return exchange(req, strlen(req));
}

static void test_only_its_own_paths(void **state)
{
    (void)state;
    assert_int_equal(exchange_str("GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"),
                     200);
    const char *not_found[] = {"/",
                               "/admin",
                               "/healthz/",
                               "/healthz/../readyz",
                               "/../etc/passwd",
                               "/%2e%2e/etc/passwd",
                               "/HEALTHZ",
                               "/readyz.json"};
    for (size_t i = 0; i < sizeof not_found / sizeof not_found[0]; i++) {
        char req[256];
        snprintf(req, sizeof req, "GET %s HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
                 not_found[i]);
        int status = exchange_str(req);
        if (status != 404) {
            fail_msg("GET %s answered %d, expected 404", not_found[i], status);
        }
    }
    assert_int_equal(exchange_str("POST /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n"),
                     405);
    assert_int_equal(exchange_str("DELETE /readyz HTTP/1.1\r\nHost: x\r\n\r\n"), 405);
    assert_int_equal(exchange_str("GARBAGE\r\n\r\n"), 400);
}

static void test_request_size_is_bounded(void **state)
{
    (void)state;
    size_t big = 64 * 1024;
    char *req = malloc(big + 256);
    assert_non_null(req);
    /* Headers over the 8 KiB limit. */
    int n = snprintf(req, 256, "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Fill: ");
    memset(req + n, 'a', big);
    memcpy(req + n + big, "\r\n\r\n", 4);
    assert_int_equal(exchange(req, (size_t)n + big + 4), 431);
    /* A URL over the limit. */
    n = snprintf(req, 256, "GET /healthz?");
    memset(req + n, 'b', big);
    int tail = snprintf(req + n + big, 256, " HTTP/1.1\r\nHost: x\r\n\r\n");
    assert_int_equal(exchange(req, (size_t)n + big + (size_t)tail), 414);
    /* A body over the 16 KiB limit, announced and sent. */
    n = snprintf(req, 256, "GET /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: %zu\r\n\r\n", big);
    memset(req + n, 'c', big);
    assert_int_equal(exchange(req, (size_t)n + big), 413);
    free(req);
}

static void test_request_time_is_bounded(void **state)
{
    (void)state;
    /* Half a request, then nothing: 408 within the 5 s request timeout. */
    int fd = connect_ingestd();
    const char *part = "GET /healthz HTTP/1.1\r\nHost: x\r\n";
    assert_int_equal(send(fd, part, strlen(part), MSG_NOSIGNAL), (ssize_t)strlen(part));
    int64_t took = 0;
    int status = read_status(fd, &took);
    close(fd);
    print_message("slow request: %d after %lld ms\n", status, (long long)took);
    assert_int_equal(status, 408);
    assert_true(took >= 4000 && took <= 8000);

    /* A connection that never sends anything is closed after the idle timeout. */
    fd = connect_ingestd();
    status = read_status(fd, &took);
    close(fd);
    print_message("idle connection: closed (%d) after %lld ms\n", status, (long long)took);
    assert_int_equal(status, 0);
    assert_true(took <= 8000);

    assert_int_equal(faults_http_get(env.http_addr, "/healthz", NULL, 0), 200);
    assert_int_equal(faults_http_get(env.http_addr, "/readyz", NULL, 0), 200);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_only_its_own_paths),
        cmocka_unit_test(test_request_size_is_bounded),
        cmocka_unit_test(test_request_time_is_bounded),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
