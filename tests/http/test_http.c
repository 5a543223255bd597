/*
 * Unit tests for common/http. The server runs on a libuv loop in the test's main thread, bound
 * to 127.0.0.1 port 0; a client thread speaks raw HTTP to it over blocking sockets and records
 * what it saw; the main thread asserts after joining it. Every scenario ends by closing the
 * server and checking uv_loop_close() == 0.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "http.h"
#include "http_internal.h"

#define MAX_RESPONSES 4

struct client_ctx {
    int port;
    /* What the client saw. */
    char response[MAX_RESPONSES][8192];
    size_t response_len[MAX_RESPONSES];
    int responses;
    bool closed_by_server; /* EOF after the last response */
    int64_t elapsed_ms;    /* scenario-specific timing */
    char failure[256];     /* set when the client could not do its part */
    void *extra;
};

struct scenario {
    uv_loop_t loop;
    uv_async_t done;
    struct http_server *srv;
    struct client_ctx ctx;
    void (*client)(struct client_ctx *ctx);
    bool closed;
    struct http_server_stats stats;
    int handler_calls;
};

static int64_t now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* ---- Handlers. ---- */

static void healthz(const struct http_request *req, struct http_response *resp, void *arg)
{
    struct scenario *sc = arg;
    sc->handler_calls++;
    http_response_set(resp, 200, "application/json", "{\"status\":\"ok\"}\n", 16);
}

static void echo(const struct http_request *req, struct http_response *resp, void *arg)
{
    struct scenario *sc = arg;
    sc->handler_calls++;
    size_t body_len = 0;
    const char *body = http_request_body(req, &body_len);
    const char *header = http_request_header(req, "x-test");
    http_response_status(resp, 200, NULL);
    http_response_header(resp, "X-Reply", "yes");
    http_response_printf(resp, "%s %s ?%s x-test=%s body=%.*s", http_request_method(req),
                         http_request_path(req), http_request_query(req),
                         header ? header : "(none)", (int)body_len, body);
}

static void silent(const struct http_request *req, struct http_response *resp, void *arg)
{
    (void)req;
    (void)resp;
    (void)arg;
}

/* ---- Client helpers (client thread; they never assert, they record failures). ---- */

static int client_connect(struct client_ctx *ctx)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = htons((uint16_t)ctx->port)};
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    struct timeval tv = {.tv_sec = 10};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
    if (connect(fd, (struct sockaddr *)&addr, sizeof(addr)) < 0) {
        snprintf(ctx->failure, sizeof(ctx->failure), "connect: %s", strerror(errno));
        close(fd);
        return -1;
    }
    return fd;
}

static void client_send(int fd, const char *text, size_t len)
{
    while (len > 0) {
        ssize_t n = send(fd, text, len, MSG_NOSIGNAL);
        if (n <= 0) {
            return;
        }
        text += n;
        len -= (size_t)n;
    }
}

static void client_send_str(int fd, const char *text)
{
    client_send(fd, text, strlen(text));
}

/*
 * Reads one response into ctx->response[ctx->responses]: headers, then Content-Length body
 * bytes unless head_only. Returns 0, or -1 on EOF before anything (closed_by_server set).
 */
static int client_read_response(struct client_ctx *ctx, int fd, bool head_only)
{
    if (ctx->responses >= MAX_RESPONSES) {
        return -1;
    }
    char *buf = ctx->response[ctx->responses];
    size_t cap = sizeof(ctx->response[0]) - 1;
    size_t len = 0;
    size_t need = SIZE_MAX;
    while (len < need && len < cap) {
        /* One byte at a time so that bytes of a following response stay in the socket. */
        ssize_t n = recv(fd, buf + len, 1, 0);
        if (n <= 0) {
            if (len == 0) {
                ctx->closed_by_server = true;
                return -1;
            }
            break;
        }
        len++;
        buf[len] = '\0';
        if (need == SIZE_MAX && len >= 4 && memcmp(buf + len - 4, "\r\n\r\n", 4) == 0) {
            const char *cl = strstr(buf, "Content-Length: ");
            size_t body = cl ? (size_t)strtoul(cl + 16, NULL, 10) : 0;
            need = len + (head_only ? 0 : body);
        }
    }
    ctx->response_len[ctx->responses++] = len;
    return 0;
}

/* True if the server closes the connection (EOF or reset) within timeout_ms, sending nothing. */
static bool client_sees_close(int fd, int timeout_ms)
{
    struct pollfd pfd = {.fd = fd, .events = POLLIN};
    if (poll(&pfd, 1, timeout_ms) <= 0) {
        return false;
    }
    char c;
    return recv(fd, &c, 1, 0) <= 0;
}

/* ---- Scenario runner. ---- */

static void on_closed(void *arg)
{
    struct scenario *sc = arg;
    sc->closed = true;
}

static void on_done(uv_async_t *async)
{
    struct scenario *sc = async->data;
    http_server_stats(sc->srv, &sc->stats);
    http_server_close(sc->srv, on_closed, sc);
    uv_close((uv_handle_t *)async, NULL);
}

static void *client_main(void *arg)
{
    struct scenario *sc = arg;
    sc->client(&sc->ctx);
    uv_async_send(&sc->done);
    return NULL;
}

static void run_scenario(struct scenario *sc, const struct http_server_options *opts,
                         void (*client)(struct client_ctx *))
{
    struct http_server_options defaults;
    http_server_options_init(&defaults);
    /* A port of the kernel's choosing: 8080 may be held by a running ingestd. */
    defaults.addr = "127.0.0.1:0";
    if (!opts) {
        opts = &defaults;
    }
    assert_int_equal(uv_loop_init(&sc->loop), 0);
    assert_int_equal(uv_async_init(&sc->loop, &sc->done, on_done), 0);
    sc->done.data = sc;
    assert_int_equal(http_server_create(&sc->loop, opts, &sc->srv), 0);
    assert_int_equal(http_server_route(sc->srv, "GET", "/healthz", healthz, sc), 0);
    assert_int_equal(http_server_route(sc->srv, "GET", "/echo", echo, sc), 0);
    assert_int_equal(http_server_route(sc->srv, "POST", "/echo", echo, sc), 0);
    assert_int_equal(http_server_route(sc->srv, "GET", "/silent", silent, sc), 0);
    assert_int_equal(http_server_route(sc->srv, "GET", "/healthz", healthz, sc), -EEXIST);
    char err[128];
    assert_int_equal(http_server_start(sc->srv, err, sizeof(err)), 0);
    sc->ctx.port = http_server_port(sc->srv);
    assert_true(sc->ctx.port > 0);
    sc->client = client;
    pthread_t thread;
    assert_int_equal(pthread_create(&thread, NULL, client_main, sc), 0);
    assert_int_equal(uv_run(&sc->loop, UV_RUN_DEFAULT), 0);
    pthread_join(thread, NULL);
    assert_true(sc->closed);
    /* Every handle of the server went through its close callback. */
    assert_int_equal(uv_loop_close(&sc->loop), 0);
    if (sc->ctx.failure[0]) {
        fail_msg("client: %s", sc->ctx.failure);
    }
}

static const char *response(const struct scenario *sc, int i)
{
    assert_true(i < sc->ctx.responses);
    return sc->ctx.response[i];
}

/* ---- Scenarios. ---- */

static void client_get_healthz(struct client_ctx *ctx)
{
    int fd = client_connect(ctx);
    if (fd < 0) {
        return;
    }
    client_send_str(fd, "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
    client_read_response(ctx, fd, false);
    close(fd);
}

static void test_get_200(void **state)
{
    (void)state;
    struct scenario sc = {0};
    run_scenario(&sc, NULL, client_get_healthz);
    assert_int_equal(sc.ctx.responses, 1);
    assert_string_equal(response(&sc, 0), "HTTP/1.1 200 OK\r\n"
                                          "Content-Type: application/json\r\n"
                                          "Content-Length: 16\r\n"
                                          "\r\n"
                                          "{\"status\":\"ok\"}\n");
    assert_int_equal(sc.handler_calls, 1);
    assert_int_equal(sc.stats.connections_accepted, 1);
    assert_int_equal(sc.stats.requests, 1);
    assert_int_equal(sc.stats.responses_by_class[2], 1);
}

static void client_not_found_and_bad_method(struct client_ctx *ctx)
{
    int fd = client_connect(ctx);
    if (fd < 0) {
        return;
    }
    client_send_str(fd, "GET /nope?x=1 HTTP/1.1\r\nHost: x\r\n\r\n");
    client_read_response(ctx, fd, false);
    client_send_str(fd, "DELETE /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
    client_read_response(ctx, fd, false);
    client_send_str(fd, "PUT /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n");
    client_read_response(ctx, fd, false);
    close(fd);
}

static void test_404_and_405(void **state)
{
    (void)state;
    struct scenario sc = {0};
    run_scenario(&sc, NULL, client_not_found_and_bad_method);
    assert_int_equal(sc.ctx.responses, 3);
    assert_string_equal(response(&sc, 0), "HTTP/1.1 404 Not Found\r\n"
                                          "Content-Type: application/json\r\n"
                                          "Content-Length: 22\r\n"
                                          "\r\n"
                                          "{\"error\":\"not found\"}\n");
    assert_string_equal(response(&sc, 1), "HTTP/1.1 405 Method Not Allowed\r\n"
                                          "Content-Type: application/json\r\n"
                                          "Content-Length: 31\r\n"
                                          "Allow: GET, HEAD\r\n"
                                          "\r\n"
                                          "{\"error\":\"method not allowed\"}\n");
    assert_non_null(strstr(response(&sc, 2), "Allow: GET, POST, HEAD\r\n"));
    assert_int_equal(sc.handler_calls, 0);
    assert_int_equal(sc.stats.responses_by_class[4], 3);
}

static void client_head(struct client_ctx *ctx)
{
    int fd = client_connect(ctx);
    if (fd < 0) {
        return;
    }
    client_send_str(fd, "HEAD /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
    client_read_response(ctx, fd, true);
    /* If HEAD had sent a body, its bytes would appear at the start of this response. */
    client_send_str(fd, "HEAD /nope HTTP/1.1\r\nHost: x\r\n\r\n");
    client_read_response(ctx, fd, true);
    client_send_str(fd, "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
    client_read_response(ctx, fd, false);
    close(fd);
}

static void test_head(void **state)
{
    (void)state;
    struct scenario sc = {0};
    run_scenario(&sc, NULL, client_head);
    assert_int_equal(sc.ctx.responses, 3);
    assert_string_equal(response(&sc, 0), "HTTP/1.1 200 OK\r\n"
                                          "Content-Type: application/json\r\n"
                                          "Content-Length: 16\r\n"
                                          "\r\n");
    assert_string_equal(response(&sc, 1), "HTTP/1.1 404 Not Found\r\n"
                                          "Content-Type: application/json\r\n"
                                          "Content-Length: 22\r\n"
                                          "\r\n");
    assert_true(strncmp(response(&sc, 2), "HTTP/1.1 200 OK\r\n", 17) == 0);
    assert_int_equal(sc.handler_calls, 2);
}

static void client_request_view(struct client_ctx *ctx)
{
    int fd = client_connect(ctx);
    if (fd < 0) {
        return;
    }
    client_send_str(fd, "POST /echo?a=1&b=2 HTTP/1.1\r\nHost: x\r\nX-Test:  spaced value \r\n"
                        "X-Empty:\r\nContent-Length: 5\r\n\r\nhello");
    client_read_response(ctx, fd, false);
    /* A chunked body is reassembled. */
    client_send_str(fd, "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                        "3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n");
    client_read_response(ctx, fd, false);
    close(fd);
}

static void test_request_view(void **state)
{
    (void)state;
    struct scenario sc = {0};
    run_scenario(&sc, NULL, client_request_view);
    assert_int_equal(sc.ctx.responses, 2);
    assert_string_equal(response(&sc, 0), "HTTP/1.1 200 OK\r\n"
                                          "Content-Type: text/plain; charset=utf-8\r\n"
                                          "Content-Length: 50\r\n"
                                          "X-Reply: yes\r\n"
                                          "\r\n"
                                          "POST /echo ?a=1&b=2 x-test=spaced value body=hello");
    assert_non_null(strstr(response(&sc, 1), "POST /echo ? x-test=(none) body=abcde"));
}

static void client_keep_alive(struct client_ctx *ctx)
{
    int fd = client_connect(ctx);
    if (fd < 0) {
        return;
    }
    client_send_str(fd, "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
    client_read_response(ctx, fd, false);
    client_send_str(fd, "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
    client_read_response(ctx, fd, false);
    /* Two pipelined requests in one send, answered in order. */
    client_send_str(fd, "GET /echo?first HTTP/1.1\r\nHost: x\r\n\r\n"
                        "GET /echo?second HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    client_read_response(ctx, fd, false);
    client_read_response(ctx, fd, false);
    ctx->closed_by_server = client_sees_close(fd, 3000);
    close(fd);
}

static void test_keep_alive_and_pipelining(void **state)
{
    (void)state;
    struct scenario sc = {0};
    run_scenario(&sc, NULL, client_keep_alive);
    assert_int_equal(sc.ctx.responses, 4);
    assert_true(strncmp(response(&sc, 0), "HTTP/1.1 200 OK\r\n", 17) == 0);
    assert_null(strstr(response(&sc, 0), "Connection:"));
    assert_true(strncmp(response(&sc, 1), "HTTP/1.1 200 OK\r\n", 17) == 0);
    assert_non_null(strstr(response(&sc, 2), "GET /echo ?first "));
    assert_non_null(strstr(response(&sc, 3), "Connection: close\r\n"));
    assert_non_null(strstr(response(&sc, 3), "GET /echo ?second "));
    assert_true(sc.ctx.closed_by_server);
    /* All four on one connection. */
    assert_int_equal(sc.stats.connections_accepted, 1);
    assert_int_equal(sc.handler_calls, 4);
}

static void client_http10(struct client_ctx *ctx)
{
    int fd = client_connect(ctx);
    if (fd < 0) {
        return;
    }
    client_send_str(fd, "GET /healthz HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
    client_read_response(ctx, fd, false);
    client_send_str(fd, "GET /healthz HTTP/1.0\r\n\r\n");
    client_read_response(ctx, fd, false);
    ctx->closed_by_server = client_sees_close(fd, 3000);
    close(fd);
}

static void test_http10(void **state)
{
    (void)state;
    struct scenario sc = {0};
    run_scenario(&sc, NULL, client_http10);
    assert_int_equal(sc.ctx.responses, 2);
    assert_non_null(strstr(response(&sc, 0), "Connection: keep-alive\r\n"));
    assert_non_null(strstr(response(&sc, 1), "Connection: close\r\n"));
    assert_true(sc.ctx.closed_by_server);
}

static void client_oversize_headers(struct client_ctx *ctx)
{
    int fd = client_connect(ctx);
    if (fd < 0) {
        return;
    }
    char big[10000];
    memset(big, 'a', sizeof(big));
    client_send_str(fd, "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: ");
    client_send(fd, big, sizeof(big));
    client_send_str(fd, "\r\n\r\n");
    client_read_response(ctx, fd, false);
    ctx->closed_by_server = client_sees_close(fd, 3000);
    close(fd);
}

static void test_oversize_headers_431(void **state)
{
    (void)state;
    struct scenario sc = {0};
    run_scenario(&sc, NULL, client_oversize_headers);
    assert_int_equal(sc.ctx.responses, 1);
    assert_string_equal(response(&sc, 0), "HTTP/1.1 431 Request Header Fields Too Large\r\n"
                                          "Content-Type: application/json\r\n"
                                          "Content-Length: 44\r\n"
                                          "Connection: close\r\n"
                                          "\r\n"
                                          "{\"error\":\"request header fields too large\"}\n");
    assert_true(sc.ctx.closed_by_server);
    assert_int_equal(sc.handler_calls, 0);
}

static void client_many_headers(struct client_ctx *ctx)
{
    int fd = client_connect(ctx);
    if (fd < 0) {
        return;
    }
    client_send_str(fd, "GET /healthz HTTP/1.1\r\n");
    for (int i = 0; i < HTTP_MAX_HEADERS + 1; i++) {
        client_send_str(fd, "A: b\r\n");
    }
    client_send_str(fd, "\r\n");
    client_read_response(ctx, fd, false);
    close(fd);

    /* Line noise without a single header byte counts too: 9000 blank lines before a request. */
    fd = client_connect(ctx);
    for (int i = 0; i < 4500; i++) {
        client_send_str(fd, "\r\n");
    }
    client_send_str(fd, "GET /healthz HTTP/1.1\r\n\r\n");
    client_read_response(ctx, fd, false);
    close(fd);
}

static void test_too_many_headers_431(void **state)
{
    (void)state;
    struct scenario sc = {0};
    run_scenario(&sc, NULL, client_many_headers);
    assert_int_equal(sc.ctx.responses, 2);
    assert_true(strncmp(response(&sc, 0), "HTTP/1.1 431 ", 13) == 0);
    assert_true(strncmp(response(&sc, 1), "HTTP/1.1 431 ", 13) == 0);
}

static void client_long_url_and_body(struct client_ctx *ctx)
{
    int fd = client_connect(ctx);
    if (fd < 0) {
        return;
    }
    char url[9000];
    memset(url, 'u', sizeof(url) - 1);
    url[0] = '/';
    url[sizeof(url) - 1] = '\0';
    client_send_str(fd, "GET ");
    client_send_str(fd, url);
    client_send_str(fd, " HTTP/1.1\r\n\r\n");
    client_read_response(ctx, fd, false);
    close(fd);

    fd = client_connect(ctx);
    client_send_str(fd, "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 20000\r\n\r\n");
    client_read_response(ctx, fd, false);
    close(fd);

    /* Chunked bodies are counted as they arrive. */
    fd = client_connect(ctx);
    client_send_str(fd, "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n");
    char chunk[4096 + 16];
    int head = snprintf(chunk, sizeof(chunk), "1000\r\n");
    memset(chunk + head, 'c', 4096);
    memcpy(chunk + head + 4096, "\r\n", 2);
    for (int i = 0; i < 5; i++) {
        client_send(fd, chunk, (size_t)head + 4096 + 2);
    }
    client_read_response(ctx, fd, false);
    close(fd);

    fd = client_connect(ctx);
    client_send_str(fd, "GET /healthz HTTP/1.1\r\nHost x\r\n\r\n");
    client_read_response(ctx, fd, false);
    close(fd);
}

static void test_limits_414_413_400(void **state)
{
    (void)state;
    struct scenario sc = {0};
    run_scenario(&sc, NULL, client_long_url_and_body);
    assert_int_equal(sc.ctx.responses, 4);
    assert_true(strncmp(response(&sc, 0), "HTTP/1.1 414 URI Too Long\r\n", 27) == 0);
    assert_true(strncmp(response(&sc, 1), "HTTP/1.1 413 Content Too Large\r\n", 32) == 0);
    assert_non_null(strstr(response(&sc, 1), "{\"error\":\"request body too large\"}"));
    assert_true(strncmp(response(&sc, 2), "HTTP/1.1 413 Content Too Large\r\n", 32) == 0);
    assert_true(strncmp(response(&sc, 3), "HTTP/1.1 400 Bad Request\r\n", 26) == 0);
    assert_int_equal(sc.handler_calls, 0);
}

static void client_slow(struct client_ctx *ctx)
{
    int fd = client_connect(ctx);
    if (fd < 0) {
        return;
    }
    int64_t start = now_ms();
    client_send_str(fd, "GET /healthz HTTP/1.1\r\nHost:");
    client_read_response(ctx, fd, false);
    ctx->elapsed_ms = now_ms() - start;
    ctx->closed_by_server = client_sees_close(fd, 3000);
    close(fd);
}

static void test_slow_client_408(void **state)
{
    (void)state;
    struct scenario sc = {0};
    struct http_server_options opts;
    http_server_options_init(&opts);
    opts.addr = "127.0.0.1:0";
    opts.request_timeout_ms = 300;
    run_scenario(&sc, &opts, client_slow);
    assert_int_equal(sc.ctx.responses, 1);
    assert_string_equal(response(&sc, 0), "HTTP/1.1 408 Request Timeout\r\n"
                                          "Content-Type: application/json\r\n"
                                          "Content-Length: 28\r\n"
                                          "Connection: close\r\n"
                                          "\r\n"
                                          "{\"error\":\"request timeout\"}\n");
    assert_true(sc.ctx.elapsed_ms >= 280);
    assert_true(sc.ctx.elapsed_ms < 1500);
    assert_true(sc.ctx.closed_by_server);
    assert_int_equal(sc.stats.timeouts, 1);
}

static void client_idle(struct client_ctx *ctx)
{
    int fd = client_connect(ctx);
    if (fd < 0) {
        return;
    }
    int64_t start = now_ms();
    ctx->closed_by_server = client_sees_close(fd, 3000);
    ctx->elapsed_ms = now_ms() - start;
    close(fd);
}

static void test_idle_connection_closed(void **state)
{
    (void)state;
    struct scenario sc = {0};
    struct http_server_options opts;
    http_server_options_init(&opts);
    opts.addr = "127.0.0.1:0";
    opts.idle_timeout_ms = 200;
    run_scenario(&sc, &opts, client_idle);
    assert_true(sc.ctx.closed_by_server);
    assert_int_equal(sc.ctx.responses, 0);
    assert_true(sc.ctx.elapsed_ms >= 180);
    assert_true(sc.ctx.elapsed_ms < 1500);
    assert_int_equal(sc.stats.timeouts, 0);
}

static void client_max_connections(struct client_ctx *ctx)
{
    int first = client_connect(ctx);
    int second = client_connect(ctx);
    if (first < 0 || second < 0) {
        return;
    }
    /* Make sure both are accepted before the third arrives. */
    client_send_str(first, "GET /healthz HTTP/1.1\r\n\r\n");
    client_read_response(ctx, first, false);
    client_send_str(second, "GET /healthz HTTP/1.1\r\n\r\n");
    client_read_response(ctx, second, false);
    int third = client_connect(ctx);
    client_read_response(ctx, third, false);
    ctx->closed_by_server = client_sees_close(third, 3000);
    close(third);
    /* Once one leaves, a new connection is served again. */
    close(first);
    usleep(100 * 1000);
    int fourth = client_connect(ctx);
    client_send_str(fourth, "GET /healthz HTTP/1.1\r\n\r\n");
    client_read_response(ctx, fourth, false);
    close(fourth);
    close(second);
}

static void test_max_connections(void **state)
{
    (void)state;
    struct scenario sc = {0};
    struct http_server_options opts;
    http_server_options_init(&opts);
    opts.addr = "127.0.0.1:0";
    opts.max_connections = 2;
    run_scenario(&sc, &opts, client_max_connections);
    assert_int_equal(sc.ctx.responses, 4);
    assert_true(strncmp(response(&sc, 0), "HTTP/1.1 200 OK\r\n", 17) == 0);
    assert_true(strncmp(response(&sc, 1), "HTTP/1.1 200 OK\r\n", 17) == 0);
    assert_string_equal(response(&sc, 2), "HTTP/1.1 503 Service Unavailable\r\n"
                                          "Content-Type: application/json\r\n"
                                          "Content-Length: 32\r\n"
                                          "Connection: close\r\n"
                                          "\r\n"
                                          "{\"error\":\"too many connections\"}");
    assert_true(sc.ctx.closed_by_server);
    assert_true(strncmp(response(&sc, 3), "HTTP/1.1 200 OK\r\n", 17) == 0);
    assert_int_equal(sc.stats.connections_rejected, 1);
    assert_int_equal(sc.stats.connections_accepted, 3);
}

static void client_silent_handler(struct client_ctx *ctx)
{
    int fd = client_connect(ctx);
    if (fd < 0) {
        return;
    }
    client_send_str(fd, "GET /silent HTTP/1.1\r\n\r\n");
    client_read_response(ctx, fd, false);
    close(fd);
}

static void test_handler_without_response_500(void **state)
{
    (void)state;
    struct scenario sc = {0};
    run_scenario(&sc, NULL, client_silent_handler);
    assert_int_equal(sc.ctx.responses, 1);
    assert_true(strncmp(response(&sc, 0), "HTTP/1.1 500 Internal Server Error\r\n", 36) == 0);
}

static void client_leave_open(struct client_ctx *ctx)
{
    /* Connections left open (one idle, one mid-request) when the server closes. */
    int idle = client_connect(ctx);
    int partial = client_connect(ctx);
    if (idle < 0 || partial < 0) {
        return;
    }
    client_send_str(partial, "GET /healthz HTTP/1.1\r\nHo");
    client_send_str(idle, "GET /healthz HTTP/1.1\r\n\r\n");
    client_read_response(ctx, idle, false);
    ctx->extra = (void *)(intptr_t)((idle << 16) | partial);
}

static void test_close_with_open_connections(void **state)
{
    (void)state;
    struct scenario sc = {0};
    run_scenario(&sc, NULL, client_leave_open);
    /* run_scenario checked the close callback ran and uv_loop_close() == 0. */
    assert_int_equal(sc.ctx.responses, 1);
    assert_int_equal(sc.stats.connections_active, 2);
    int fds = (int)(intptr_t)sc.ctx.extra;
    int idle = fds >> 16;
    int partial = fds & 0xffff;
    assert_true(client_sees_close(idle, 1000));
    assert_true(client_sees_close(partial, 1000));
    close(idle);
    close(partial);
}

static void test_close_never_started(void **state)
{
    (void)state;
    uv_loop_t loop;
    assert_int_equal(uv_loop_init(&loop), 0);
    struct http_server_options opts;
    http_server_options_init(&opts);
    struct http_server *srv = NULL;
    assert_int_equal(http_server_create(&loop, &opts, &srv), 0);
    assert_int_equal(http_server_port(srv), 0);
    bool closed = false;
    http_server_close(srv, on_closed, &(struct scenario){0});
    (void)closed;
    assert_int_equal(uv_run(&loop, UV_RUN_DEFAULT), 0);
    assert_int_equal(uv_loop_close(&loop), 0);

    opts.addr = "nonsense";
    assert_int_equal(http_server_create(&loop, &opts, &srv), -EINVAL);
}

static void test_bind_error(void **state)
{
    (void)state;
    uv_loop_t loop;
    assert_int_equal(uv_loop_init(&loop), 0);
    struct http_server_options opts;
    http_server_options_init(&opts);
    opts.addr = "127.0.0.1:0";
    struct http_server *first = NULL;
    struct http_server *second = NULL;
    char err[128];
    assert_int_equal(http_server_create(&loop, &opts, &first), 0);
    assert_int_equal(http_server_start(first, err, sizeof(err)), 0);
    char addr[64];
    snprintf(addr, sizeof(addr), "127.0.0.1:%d", http_server_port(first));
    opts.addr = addr;
    assert_int_equal(http_server_create(&loop, &opts, &second), 0);
    assert_int_equal(http_server_start(second, err, sizeof(err)), UV_EADDRINUSE);
    char expect[128];
    snprintf(expect, sizeof(expect), "listen on %s: address already in use", addr);
    assert_string_equal(err, expect);
    http_server_close(first, NULL, NULL);
    http_server_close(second, NULL, NULL);
    assert_int_equal(uv_run(&loop, UV_RUN_DEFAULT), 0);
    assert_int_equal(uv_loop_close(&loop), 0);
}

/* ---- Address parsing and the parser itself. ---- */

static void test_addr_parse(void **state)
{
    (void)state;
    struct {
        const char *text;
        int rc;
        int family;
        const char *host;
        int port;
    } cases[] = {
        {"127.0.0.1:8080", 0, AF_INET, "127.0.0.1", 8080},
        {":8080", 0, AF_INET, "127.0.0.1", 8080},
        {"localhost:9", 0, AF_INET, "127.0.0.1", 9},
        {"0.0.0.0:80", 0, AF_INET, "0.0.0.0", 80},
        {"[::1]:8080", 0, AF_INET6, "::1", 8080},
        {"[::]:0", 0, AF_INET6, "::", 0},
        {"127.0.0.1:65536", -EINVAL, 0, NULL, 0},
        {"127.0.0.1:", -EINVAL, 0, NULL, 0},
        {"127.0.0.1", -EINVAL, 0, NULL, 0},
        {"example.com:80", -EINVAL, 0, NULL, 0},
        {"::1:8080", -EINVAL, 0, NULL, 0},
        {"[::1]8080", -EINVAL, 0, NULL, 0},
        {"1.2.3:80", -EINVAL, 0, NULL, 0},
        {"", -EINVAL, 0, NULL, 0},
        {"1.2.3.4:-1", -EINVAL, 0, NULL, 0},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        struct sockaddr_storage addr;
        char err[200] = "";
        int rc = http_addr_parse(cases[i].text, &addr, err, sizeof(err));
        if (rc != cases[i].rc) {
            fail_msg("\"%s\": rc %d, expected %d", cases[i].text, rc, cases[i].rc);
        }
        if (rc < 0) {
            assert_true(err[0] != '\0');
            continue;
        }
        assert_int_equal(addr.ss_family, cases[i].family);
        char host[64];
        int port;
        if (addr.ss_family == AF_INET) {
            struct sockaddr_in *sin = (struct sockaddr_in *)&addr;
            inet_ntop(AF_INET, &sin->sin_addr, host, sizeof(host));
            port = ntohs(sin->sin_port);
        } else {
            struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)&addr;
            inet_ntop(AF_INET6, &sin6->sin6_addr, host, sizeof(host));
            port = ntohs(sin6->sin6_port);
        }
        assert_string_equal(host, cases[i].host);
        assert_int_equal(port, cases[i].port);
    }
    char err[200];
    struct sockaddr_storage addr;
    http_addr_parse("example.com:80", &addr, err, sizeof(err));
    assert_string_equal(err, "\"example.com:80\": \"example.com\" is not a numeric IPv4 address "
                             "(host names are not resolved; use an address, or localhost)");
}

static void test_parser_byte_by_byte(void **state)
{
    (void)state;
    struct http_request req;
    assert_int_equal(http_request_init(&req, 8192, 16384), 0);
    const char *text = "POST /p/q?x=%20y HTTP/1.1\r\nHost: example\r\nX-Empty:\r\n"
                       "X-Multi: one\r\nContent-Length: 3\r\n\r\nabc"
                       "GET /second HTTP/1.1\r\n\r\n";
    size_t len = strlen(text);
    size_t pos = 0;
    size_t consumed = 0;
    enum http_feed_result result = HTTP_FEED_MORE;
    /* One byte per call: every callback sees its data in pieces. */
    while (pos < len) {
        result = http_request_feed(&req, text + pos, 1, &consumed);
        pos += consumed;
        if (result != HTTP_FEED_MORE) {
            break;
        }
    }
    assert_int_equal(result, HTTP_FEED_DONE);
    assert_string_equal(http_request_method(&req), "POST");
    assert_string_equal(http_request_path(&req), "/p/q");
    assert_string_equal(http_request_query(&req), "x=%20y");
    assert_string_equal(http_request_header(&req, "HOST"), "example");
    assert_string_equal(http_request_header(&req, "x-empty"), "");
    assert_string_equal(http_request_header(&req, "X-Multi"), "one");
    assert_null(http_request_header(&req, "X-Missing"));
    size_t body_len = 0;
    const char *body = http_request_body(&req, &body_len);
    assert_int_equal(body_len, 3);
    assert_memory_equal(body, "abc", 3);
    assert_true(req.keep_alive);

    http_request_next(&req);
    result = http_request_feed(&req, text + pos, len - pos, &consumed);
    assert_int_equal(result, HTTP_FEED_DONE);
    assert_int_equal(consumed, len - pos);
    assert_string_equal(http_request_method(&req), "GET");
    assert_string_equal(http_request_path(&req), "/second");
    assert_string_equal(http_request_query(&req), "");
    http_request_body(&req, &body_len);
    assert_int_equal(body_len, 0);
    http_request_free(&req);
}

static void test_parser_errors(void **state)
{
    (void)state;
    struct {
        const char *text;
        int status;
    } cases[] = {
        {"GARBAGE\r\n\r\n", 400},
        {"GET http://example.com/ HTTP/1.1\r\n\r\n", 400},
        {"GET / HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n", 400},
        {"GET / HTTP/1.1\r\nX\x01Y: a\r\n\r\n", 400},
        {"GET / HTTP/1.1\r\nX: a\rb\r\n\r\n", 400},
        {"GET / HTTP/1.1\r\n Folded: x\r\n\r\n", 400},
        {"POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n", 400},
        {"GET / HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\n", 400},
        {"POST / HTTP/1.1\r\nContent-Length: 99999\r\n\r\n", 413},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        struct http_request req;
        assert_int_equal(http_request_init(&req, 8192, 16384), 0);
        size_t consumed;
        enum http_feed_result result =
            http_request_feed(&req, cases[i].text, strlen(cases[i].text), &consumed);
        if (result != HTTP_FEED_ERROR || req.error_status != cases[i].status) {
            fail_msg("case %zu: result %d status %d", i, result, req.error_status);
        }
        http_request_free(&req);
    }
}

static void test_response_header_rules(void **state)
{
    (void)state;
    struct http_response resp = {0};
    assert_int_equal(http_response_header(&resp, "X-Ok", "fine"), 0);
    assert_int_equal(http_response_header(&resp, "X-Bad", "a\r\nInjected: 1"), -EINVAL);
    assert_int_equal(http_response_header(&resp, "Content-Length", "5"), -EINVAL);
    assert_int_equal(http_response_header(&resp, "connection", "close"), -EINVAL);
    assert_int_equal(http_response_header(&resp, "Bad Name", "x"), -EINVAL);
    assert_int_equal(http_response_status(&resp, 99, NULL), -EINVAL);
    assert_int_equal(http_response_status(&resp, 204, "text/plain\r\nX: y"), -EINVAL);
    assert_int_equal(http_response_set(&resp, 201, "text/csv", "a,b\n", 4), 0);
    size_t len = 0;
    char *text = http_response_serialize(&resp, false, false, false, &len);
    assert_string_equal(text, "HTTP/1.1 201 Created\r\nContent-Type: text/csv\r\n"
                              "Content-Length: 4\r\nX-Ok: fine\r\n\r\na,b\n");
    assert_int_equal(len, strlen(text));
    free(text);
    http_response_clear(&resp);
    assert_string_equal(http_status_reason(431), "Request Header Fields Too Large");
    assert_string_equal(http_status_reason(299), "Unknown");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_get_200),
        cmocka_unit_test(test_404_and_405),
        cmocka_unit_test(test_head),
        cmocka_unit_test(test_request_view),
        cmocka_unit_test(test_keep_alive_and_pipelining),
        cmocka_unit_test(test_http10),
        cmocka_unit_test(test_oversize_headers_431),
        cmocka_unit_test(test_too_many_headers_431),
        cmocka_unit_test(test_limits_414_413_400),
        cmocka_unit_test(test_slow_client_408),
        cmocka_unit_test(test_idle_connection_closed),
        cmocka_unit_test(test_max_connections),
        cmocka_unit_test(test_handler_without_response_500),
        cmocka_unit_test(test_close_with_open_connections),
        cmocka_unit_test(test_close_never_started),
        cmocka_unit_test(test_bind_error),
        cmocka_unit_test(test_addr_parse),
        cmocka_unit_test(test_parser_byte_by_byte),
        cmocka_unit_test(test_parser_errors),
        cmocka_unit_test(test_response_header_rules),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
