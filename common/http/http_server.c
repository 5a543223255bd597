/*
 * The server: a listening socket, a bounded set of connections, routing, and the lifetimes of
 * every libuv handle involved. Each connection owns a TCP handle and a timer; it is freed when
 * both close callbacks have run, and the server is freed when its last handle has closed.
 *
 * A connection is in one of these phases: idle (waiting for a request; idle timer), reading a
 * request (request timer, started at its first byte), responding (one write in flight, reading
 * stopped, the request timer still running), lingering (after a final response: write side shut
 * down, input discarded until EOF or a short timer, so that the peer sees our response rather
 * than a reset caused by its unread bytes), closing.
 */
#include "http_internal.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Input is parsed straight out of this per-connection buffer. */
#define HTTP_READ_BUF 4096
/* How long a connection may linger after its final response. */
#define HTTP_LINGER_MS 1000
#define HTTP_BACKLOG   128

struct http_route {
    char *method;
    char *path;
    http_handler_fn handler;
    void *arg;
};

struct http_conn;

struct http_server {
    uv_loop_t *loop;
    uv_tcp_t listener;
    struct http_server_options opts;
    char *addr_text;
    struct sockaddr_storage addr;
    struct http_route *routes;
    size_t route_count;
    struct http_conn *conns; /* open connections, not yet freed */
    size_t conn_count;       /* entries in conns that are not closing */
    size_t live_handles;     /* handles initialized and not yet through their close callback */
    bool listening;
    bool closing;
    http_server_closed_fn closed_cb;
    void *closed_arg;
    struct http_server_stats stats;
};

struct http_conn {
    uv_tcp_t tcp;
    uv_timer_t timer;
    struct http_server *srv;
    struct http_conn *prev;
    struct http_conn *next;
    struct http_request req;
    char inbuf[HTTP_READ_BUF];
    size_t in_off;
    size_t in_len;
    int open_handles;
    bool reading;
    bool in_request;
    bool responding;
    bool lingering;
    bool closing;
};

struct http_write {
    uv_write_t req;
    struct http_conn *conn;
    char *buf;
    bool close_after;
};

/* A connection refused for being over max_connections. */
struct http_reject {
    uv_tcp_t tcp;
    struct http_server *srv;
};

static void http_conn_process(struct http_conn *conn);

void http_server_options_init(struct http_server_options *opts)
{
    *opts = (struct http_server_options){
        .addr = "127.0.0.1:8080",
        .max_connections = 64,
        .max_header_bytes = 8192,
        .max_body_bytes = 16384,
        .request_timeout_ms = 5000,
        .idle_timeout_ms = 5000,
    };
}

static void http_server_maybe_free(struct http_server *srv)
{
    if (!srv->closing || srv->live_handles > 0) {
        return;
    }
    for (size_t i = 0; i < srv->route_count; i++) {
        free(srv->routes[i].method);
        free(srv->routes[i].path);
    }
    free(srv->routes);
    free(srv->addr_text);
    http_server_closed_fn cb = srv->closed_cb;
    void *arg = srv->closed_arg;
    free(srv);
    if (cb) {
        cb(arg);
    }
}

static void http_handle_closed(uv_handle_t *handle)
{
    struct http_server *srv = handle->data;
    srv->live_handles--;
    http_server_maybe_free(srv);
}

int http_server_create(uv_loop_t *loop, const struct http_server_options *opts,
                       struct http_server **out)
{
    if (!loop || !opts || !out || !opts->addr || opts->max_connections == 0 ||
        opts->max_header_bytes < 64 || opts->request_timeout_ms == 0 ||
        opts->idle_timeout_ms == 0) {
        return -EINVAL;
    }
    struct http_server *srv = calloc(1, sizeof(*srv));
    if (!srv) {
        return -ENOMEM;
    }
    srv->loop = loop;
    srv->opts = *opts;
    srv->addr_text = strdup(opts->addr);
    if (!srv->addr_text) {
        free(srv);
        return -ENOMEM;
    }
    srv->opts.addr = srv->addr_text;
    if (http_addr_parse(srv->addr_text, &srv->addr, NULL, 0) < 0) {
        free(srv->addr_text);
        free(srv);
        return -EINVAL;
    }
    int rc = uv_tcp_init(loop, &srv->listener);
    if (rc < 0) {
        free(srv->addr_text);
        free(srv);
        return rc;
    }
    srv->listener.data = srv;
    srv->live_handles = 1;
    *out = srv;
    return 0;
}

int http_server_route(struct http_server *srv, const char *method, const char *path,
                      http_handler_fn handler, void *arg)
{
    if (!method || !*method || !path || path[0] != '/' || !handler) {
        return -EINVAL;
    }
    for (size_t i = 0; i < srv->route_count; i++) {
        if (strcmp(srv->routes[i].method, method) == 0 && strcmp(srv->routes[i].path, path) == 0) {
            return -EEXIST;
        }
    }
    struct http_route *grown = realloc(srv->routes, (srv->route_count + 1) * sizeof(*grown));
    if (!grown) {
        return -ENOMEM;
    }
    srv->routes = grown;
    char *method_copy = strdup(method);
    char *path_copy = strdup(path);
    if (!method_copy || !path_copy) {
        free(method_copy);
        free(path_copy);
        return -ENOMEM;
    }
    srv->routes[srv->route_count++] = (struct http_route){method_copy, path_copy, handler, arg};
    return 0;
}

/* ---- Connection lifetime. ---- */

static void http_conn_handle_closed(uv_handle_t *handle)
{
    struct http_conn *conn = handle->data;
    struct http_server *srv = conn->srv;
    if (--conn->open_handles == 0) {
        if (conn->prev) {
            conn->prev->next = conn->next;
        } else {
            srv->conns = conn->next;
        }
        if (conn->next) {
            conn->next->prev = conn->prev;
        }
        http_request_free(&conn->req);
        free(conn);
    }
    srv->live_handles--;
    http_server_maybe_free(srv);
}

static void http_conn_close(struct http_conn *conn)
{
    if (conn->closing) {
        return;
    }
    conn->closing = true;
    conn->srv->conn_count--;
    conn->srv->stats.connections_active--;
    uv_close((uv_handle_t *)&conn->tcp, http_conn_handle_closed);
    uv_close((uv_handle_t *)&conn->timer, http_conn_handle_closed);
}

static void http_conn_timer_start(struct http_conn *conn, uint64_t timeout_ms, uv_timer_cb cb)
{
    uv_timer_start(&conn->timer, cb, timeout_ms, 0);
}

static void http_alloc(uv_handle_t *handle, size_t suggested, uv_buf_t *buf)
{
    (void)suggested;
    struct http_conn *conn = handle->data;
    /* Reading only runs when every byte of inbuf has been parsed, so it is free to reuse. */
    *buf = uv_buf_init(conn->inbuf, sizeof(conn->inbuf));
}

static void http_read(uv_stream_t *stream, ssize_t nread, const uv_buf_t *buf);

static void http_conn_read_start(struct http_conn *conn)
{
    if (!conn->reading && !conn->closing) {
        if (uv_read_start((uv_stream_t *)&conn->tcp, http_alloc, http_read) < 0) {
            http_conn_close(conn);
            return;
        }
        conn->reading = true;
    }
}

static void http_conn_read_stop(struct http_conn *conn)
{
    if (conn->reading) {
        uv_read_stop((uv_stream_t *)&conn->tcp);
        conn->reading = false;
    }
}

static void http_linger_timeout(uv_timer_t *timer)
{
    http_conn_close(timer->data);
}

static void http_shutdown_done(uv_shutdown_t *req, int status)
{
    struct http_conn *conn = req->data;
    free(req);
    if (status < 0 && status != UV_ECANCELED) {
        http_conn_close(conn);
    }
}

/* After a final response: send FIN, then drain what the peer still sends, for a bounded time. */
static void http_conn_linger(struct http_conn *conn)
{
    uv_shutdown_t *req = malloc(sizeof(*req));
    if (!req) {
        http_conn_close(conn);
        return;
    }
    req->data = conn;
    if (uv_shutdown(req, (uv_stream_t *)&conn->tcp, http_shutdown_done) < 0) {
        free(req);
        http_conn_close(conn);
        return;
    }
    conn->lingering = true;
    http_conn_timer_start(conn, HTTP_LINGER_MS, http_linger_timeout);
    http_conn_read_start(conn);
}

static void http_idle_timeout(uv_timer_t *timer);

static void http_write_done(uv_write_t *req, int status)
{
    struct http_write *w = (struct http_write *)req;
    struct http_conn *conn = w->conn;
    bool close_after = w->close_after;
    free(w->buf);
    free(w);
    if (conn->closing) {
        return;
    }
    conn->responding = false;
    if (status < 0) {
        http_conn_close(conn);
        return;
    }
    if (close_after) {
        http_conn_linger(conn);
        return;
    }
    http_request_next(&conn->req);
    conn->in_request = false;
    http_conn_timer_start(conn, conn->srv->opts.idle_timeout_ms, http_idle_timeout);
    /* Answer a pipelined request already in inbuf, or read more. */
    http_conn_process(conn);
}

/* Sends resp (cleared afterwards) with one write; reading stays stopped until it completes. */
static void http_conn_send(struct http_conn *conn, struct http_response *resp, bool head_only,
                           bool close_after)
{
    struct http_server *srv = conn->srv;
    if (srv->closing) {
        close_after = true;
    }
    bool http10_keep_alive =
        !close_after && conn->req.parser.http_major == 1 && conn->req.parser.http_minor == 0;
    size_t len = 0;
    char *text = http_response_serialize(resp, head_only, close_after, http10_keep_alive, &len);
    int status = resp->status;
    http_response_clear(resp);
    struct http_write *w = text ? calloc(1, sizeof(*w)) : NULL;
    if (!w) {
        free(text);
        http_conn_close(conn);
        return;
    }
    w->conn = conn;
    w->buf = text;
    w->close_after = close_after;
    http_conn_read_stop(conn);
    uv_buf_t buf = uv_buf_init(text, (unsigned int)len);
    if (uv_write(&w->req, (uv_stream_t *)&conn->tcp, &buf, 1, http_write_done) < 0) {
        free(text);
        free(w);
        http_conn_close(conn);
        return;
    }
    conn->responding = true;
    srv->stats.requests++;
    if (status >= 100 && status < 600) {
        srv->stats.responses_by_class[status / 100]++;
    }
}

/* Sends a small JSON error and closes after it. */
static void http_conn_send_error(struct http_conn *conn, int status, const char *code,
                                 bool head_only)
{
    struct http_response resp = {0};
    char body[128];
    int n = snprintf(body, sizeof(body), "{\"error\":\"%s\"}\n", code);
    if (http_response_set(&resp, status, "application/json", body, (size_t)n) < 0) {
        http_response_clear(&resp);
        http_conn_close(conn);
        return;
    }
    http_conn_send(conn, &resp, head_only, true);
}

static const char *http_error_code(int status)
{
    switch (status) {
    case 413:
        return "request body too large";
    case 414:
        return "request URL too long";
    case 431:
        return "request header fields too large";
    default:
        return "bad request";
    }
}

/* Routes a complete request: the handler's answer, or 404/405/500. */
static void http_conn_dispatch(struct http_conn *conn)
{
    struct http_server *srv = conn->srv;
    struct http_request *req = &conn->req;
    const char *method = req->method;
    const char *path = http_request_path(req);
    bool head = strcmp(method, "HEAD") == 0;
    bool close_after = !req->keep_alive || req->upgrade;
    const struct http_route *route = NULL;
    const struct http_route *get_route = NULL;
    bool path_known = false;
    for (size_t i = 0; i < srv->route_count; i++) {
        const struct http_route *r = &srv->routes[i];
        if (strcmp(r->path, path) != 0) {
            continue;
        }
        path_known = true;
        if (strcmp(r->method, method) == 0) {
            route = r;
        } else if (head && strcmp(r->method, "GET") == 0) {
            get_route = r;
        }
    }
    if (!route) {
        route = get_route;
    }
    struct http_response resp = {0};
    if (!route && !path_known) {
        http_response_set(&resp, 404, "application/json", "{\"error\":\"not found\"}\n", 22);
        http_conn_send(conn, &resp, head, close_after);
        return;
    }
    if (!route) {
        char allow[256] = "";
        size_t used = 0;
        bool has_get = false;
        bool has_head = false;
        for (size_t i = 0; i < srv->route_count && used < sizeof(allow); i++) {
            const struct http_route *r = &srv->routes[i];
            if (strcmp(r->path, path) == 0) {
                used += (size_t)snprintf(allow + used, sizeof(allow) - used, "%s%s",
                                         used ? ", " : "", r->method);
                has_get = has_get || strcmp(r->method, "GET") == 0;
                has_head = has_head || strcmp(r->method, "HEAD") == 0;
            }
        }
        if (has_get && !has_head && used < sizeof(allow)) {
            snprintf(allow + used, sizeof(allow) - used, ", HEAD");
        }
        http_response_set(&resp, 405, "application/json", "{\"error\":\"method not allowed\"}\n",
                          31);
        http_response_header(&resp, "Allow", allow);
        http_conn_send(conn, &resp, head, close_after);
        return;
    }
    route->handler(req, &resp, route->arg);
    if (resp.status == 0) {
        http_response_clear(&resp);
        http_response_set(&resp, 500, "application/json",
                          "{\"error\":\"handler gave no response\"}\n", 37);
    }
    http_conn_send(conn, &resp, head, close_after);
}

static void http_request_timeout(uv_timer_t *timer)
{
    struct http_conn *conn = timer->data;
    if (conn->responding || conn->lingering) {
        http_conn_close(conn);
        return;
    }
    conn->srv->stats.timeouts++;
    /* Bound the 408's own write too. */
    http_conn_timer_start(conn, HTTP_LINGER_MS, http_linger_timeout);
    http_conn_send_error(conn, 408, "request timeout", false);
}

static void http_idle_timeout(uv_timer_t *timer)
{
    http_conn_close(timer->data);
}

static void http_conn_process(struct http_conn *conn)
{
    while (!conn->closing && !conn->responding && conn->in_off < conn->in_len) {
        if (!conn->in_request) {
            conn->in_request = true;
            http_conn_timer_start(conn, conn->srv->opts.request_timeout_ms, http_request_timeout);
        }
        size_t used = 0;
        enum http_feed_result result = http_request_feed(&conn->req, conn->inbuf + conn->in_off,
                                                         conn->in_len - conn->in_off, &used);
        conn->in_off += used;
        if (result == HTTP_FEED_ERROR) {
            conn->in_off = conn->in_len;
            http_conn_send_error(conn, conn->req.error_status,
                                 http_error_code(conn->req.error_status), false);
            return;
        }
        if (result == HTTP_FEED_DONE) {
            http_conn_dispatch(conn);
        }
    }
    if (!conn->closing && !conn->responding && conn->in_off >= conn->in_len) {
        conn->in_off = conn->in_len = 0;
        http_conn_read_start(conn);
    }
}

static void http_read(uv_stream_t *stream, ssize_t nread, const uv_buf_t *buf)
{
    (void)buf;
    struct http_conn *conn = stream->data;
    if (nread < 0) {
        /* EOF or error: nothing more will arrive; a half-sent request is dropped. */
        http_conn_close(conn);
        return;
    }
    if (nread == 0 || conn->lingering) {
        return;
    }
    conn->in_off = 0;
    conn->in_len = (size_t)nread;
    http_conn_process(conn);
}

static void http_reject_closed(uv_handle_t *handle)
{
    struct http_reject *reject = handle->data;
    struct http_server *srv = reject->srv;
    free(reject);
    srv->live_handles--;
    http_server_maybe_free(srv);
}

/* Over the limit: accept (to take it off the backlog), say 503 if the socket can take it
 * without blocking, close. */
static void http_reject(struct http_server *srv)
{
    static const char busy[] = "HTTP/1.1 503 Service Unavailable\r\n"
                               "Content-Type: application/json\r\n"
                               "Content-Length: 32\r\n"
                               "Connection: close\r\n\r\n"
                               "{\"error\":\"too many connections\"}";
    struct http_reject *reject = calloc(1, sizeof(*reject));
    if (!reject || uv_tcp_init(srv->loop, &reject->tcp) < 0) {
        free(reject);
        return;
    }
    reject->srv = srv;
    reject->tcp.data = reject;
    srv->live_handles++;
    if (uv_accept((uv_stream_t *)&srv->listener, (uv_stream_t *)&reject->tcp) == 0) {
        uv_buf_t buf = uv_buf_init((char *)busy, sizeof(busy) - 1);
        uv_try_write((uv_stream_t *)&reject->tcp, &buf, 1);
        srv->stats.connections_rejected++;
    }
    uv_close((uv_handle_t *)&reject->tcp, http_reject_closed);
}

static void http_on_connection(uv_stream_t *listener, int status)
{
    struct http_server *srv = listener->data;
    if (status < 0 || srv->closing) {
        return;
    }
    if (srv->conn_count >= srv->opts.max_connections) {
        http_reject(srv);
        return;
    }
    struct http_conn *conn = calloc(1, sizeof(*conn));
    if (!conn) {
        http_reject(srv);
        return;
    }
    if (http_request_init(&conn->req, srv->opts.max_header_bytes, srv->opts.max_body_bytes) < 0) {
        free(conn);
        http_reject(srv);
        return;
    }
    conn->srv = srv;
    uv_tcp_init(srv->loop, &conn->tcp);
    uv_timer_init(srv->loop, &conn->timer);
    conn->tcp.data = conn;
    conn->timer.data = conn;
    conn->open_handles = 2;
    srv->live_handles += 2;
    conn->next = srv->conns;
    if (srv->conns) {
        srv->conns->prev = conn;
    }
    srv->conns = conn;
    srv->conn_count++;
    srv->stats.connections_active++;
    if (uv_accept(listener, (uv_stream_t *)&conn->tcp) < 0) {
        http_conn_close(conn);
        return;
    }
    srv->stats.connections_accepted++;
    uv_tcp_nodelay(&conn->tcp, 1);
    http_conn_timer_start(conn, srv->opts.idle_timeout_ms, http_idle_timeout);
    http_conn_read_start(conn);
}

int http_server_start(struct http_server *srv, char *err, size_t errlen)
{
    if (srv->listening || srv->closing) {
        return -EINVAL;
    }
    int rc = uv_tcp_bind(&srv->listener, (const struct sockaddr *)&srv->addr, 0);
    if (rc == 0) {
        rc = uv_listen((uv_stream_t *)&srv->listener, HTTP_BACKLOG, http_on_connection);
    }
    if (rc < 0) {
        if (err && errlen) {
            snprintf(err, errlen, "listen on %s: %s", srv->addr_text, uv_strerror(rc));
        }
        return rc;
    }
    srv->listening = true;
    return 0;
}

int http_server_local_addr(const struct http_server *srv, struct sockaddr_storage *out)
{
    if (!srv->listening) {
        return -ENOTCONN;
    }
    int len = sizeof(*out);
    return uv_tcp_getsockname(&srv->listener, (struct sockaddr *)out, &len);
}

int http_server_port(const struct http_server *srv)
{
    struct sockaddr_storage addr;
    if (http_server_local_addr(srv, &addr) < 0) {
        return 0;
    }
    if (addr.ss_family == AF_INET6) {
        return ntohs(((struct sockaddr_in6 *)&addr)->sin6_port);
    }
    return ntohs(((struct sockaddr_in *)&addr)->sin_port);
}

void http_server_stats(const struct http_server *srv, struct http_server_stats *out)
{
    *out = srv->stats;
}

void http_server_close(struct http_server *srv, http_server_closed_fn cb, void *arg)
{
    srv->closing = true;
    srv->closed_cb = cb;
    srv->closed_arg = arg;
    uv_close((uv_handle_t *)&srv->listener, http_handle_closed);
    for (struct http_conn *conn = srv->conns; conn; conn = conn->next) {
        http_conn_close(conn);
    }
}
