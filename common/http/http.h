/*
 * http: a small HTTP/1.1 server on a libuv loop, for operational endpoints (/healthz, /readyz,
 * /metrics). Requests are parsed with llhttp. It is deliberately bounded, because it faces
 * whatever can reach the port:
 *   - only registered paths answer (404 with a JSON body otherwise); a registered path with
 *     another method gets 405 with an Allow header; a GET route also answers HEAD (same headers,
 *     no body);
 *   - request line + headers at most max_header_bytes (431, or 414 for a long URL), body at most
 *     max_body_bytes (413); malformed requests get 400; all of these close the connection;
 *   - a request must arrive whole, and its response be written, within request_timeout_ms of its
 *     first byte (else 408 and close); a connection with no request in progress (new, or kept
 *     alive after a response) is closed silently after idle_timeout_ms; after a final response
 *     the server shuts down its side and drains the peer for at most 1 s before closing, so that
 *     the peer reads the response instead of a reset;
 *   - at most max_connections at once; beyond that a connection is accepted, sent 503 with a
 *     best-effort non-blocking write, and closed;
 *   - keep-alive (HTTP/1.1 default, HTTP/1.0 on request), `Connection: close` honoured,
 *     pipelined requests answered in order.
 * Handlers run on the loop thread and must not block. Everything is freed in close callbacks;
 * after http_server_close's callback the loop has no handle of this server left.
 */
#ifndef HTTP_H
#define HTTP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>
#include <uv.h>

struct http_server;
struct http_request;
struct http_response;

struct http_server_options {
    const char *addr;            /* "127.0.0.1:8080", "[::1]:8080", ":8080"; see http_addr_parse */
    size_t max_connections;      /* default 64 */
    size_t max_header_bytes;     /* request line + headers; default 8192 */
    size_t max_body_bytes;       /* default 16384 */
    uint64_t request_timeout_ms; /* default 5000 */
    uint64_t idle_timeout_ms;    /* keep-alive idle; default 5000 */
};

/* Fills opts with the defaults above and addr "127.0.0.1:8080". */
void http_server_options_init(struct http_server_options *opts);

/*
 * Parses a listen address: "HOST:PORT" with HOST a numeric IPv4 address or "localhost", or
 * "[IPV6]:PORT". An empty host (":8080") means loopback 127.0.0.1, never all interfaces: to
 * listen everywhere say 0.0.0.0:8080 or [::]:8080. PORT 0..65535 (0 = any free port). Host
 * names other than localhost are refused (resolving them would block). Returns 0 or -EINVAL with
 * a reason in err.
 */
int http_addr_parse(const char *text, struct sockaddr_storage *out, char *err, size_t errlen);

/*
 * Handler: reads req (borrowed for the call) and fills resp through the http_response_*
 * functions. If it sets nothing the answer is 500. Runs on the loop thread.
 */
typedef void (*http_handler_fn)(const struct http_request *req, struct http_response *resp,
                                void *arg);

/* Creates a server on loop (not yet listening). opts is copied (addr too). Returns 0, -EINVAL,
 * -ENOMEM. Free with http_server_close (also when never started). */
int http_server_create(uv_loop_t *loop, const struct http_server_options *opts,
                       struct http_server **out);

/*
 * Registers handler for method ("GET", "POST", ...) on an exact path ("/healthz"; the query
 * string is not part of the match). arg is borrowed and passed to each call. Call before
 * http_server_start. Returns 0, -EEXIST for a duplicate, -EINVAL, -ENOMEM.
 */
int http_server_route(struct http_server *srv, const char *method, const char *path,
                      http_handler_fn handler, void *arg);

/* Binds and listens. Returns 0 or a negative libuv/errno code with a reason in err. */
int http_server_start(struct http_server *srv, char *err, size_t errlen);

/* The bound address (useful after binding port 0). Returns 0 or -ENOTCONN if not listening. */
int http_server_local_addr(const struct http_server *srv, struct sockaddr_storage *out);
/* The bound port, or 0 if not listening. */
int http_server_port(const struct http_server *srv);

/* Counters for /metrics. Totals since create; active is current. */
struct http_server_stats {
    uint64_t connections_accepted;
    uint64_t connections_rejected; /* over max_connections */
    uint64_t connections_active;
    uint64_t requests;              /* answered, any status */
    uint64_t responses_by_class[6]; /* index status/100: [2] = 2xx ... [5] = 5xx */
    uint64_t timeouts;              /* 408 answers: request or response too slow */
};
void http_server_stats(const struct http_server *srv, struct http_server_stats *out);

/*
 * Stops listening, closes every connection (in-flight responses are dropped) and frees the
 * server in close callbacks; then calls cb (may be NULL) with arg. srv must not be used after
 * this call. Calling it twice is a bug.
 */
typedef void (*http_server_closed_fn)(void *arg);
void http_server_close(struct http_server *srv, http_server_closed_fn cb, void *arg);

/* ---- Request accessors: all strings borrowed, valid only during the handler call. ---- */

const char *http_request_method(const struct http_request *req); /* "GET"; HEAD shows "HEAD" */
const char *http_request_path(const struct http_request *req);   /* "/readyz", no query */
const char *http_request_query(const struct http_request *req);  /* after '?', or "" */
/* Value of the first header named name (case-insensitive), or NULL. */
const char *http_request_header(const struct http_request *req, const char *name);
const char *http_request_body(const struct http_request *req, size_t *len);

/* ---- Response setters. Each returns 0, -EINVAL or -ENOMEM; the last body set wins. ---- */

/* Status and content type (copied). content_type NULL means "text/plain; charset=utf-8". */
int http_response_status(struct http_response *resp, int status, const char *content_type);
/* Copies len bytes of body. */
int http_response_body(struct http_response *resp, const char *body, size_t len);
/* Takes ownership of a malloc'd body (freed with free() after it is written, or on error). */
int http_response_body_take(struct http_response *resp, char *body, size_t len);
/* printf-style body. */
int http_response_printf(struct http_response *resp, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Adds a header (name and value copied; CR, LF and NUL are refused with -EINVAL). Content-Type,
 * Content-Length and Connection are set by the server and refused here. */
int http_response_header(struct http_response *resp, const char *name, const char *value);

/* Shorthand: status, content type and a copied body in one call. */
int http_response_set(struct http_response *resp, int status, const char *content_type,
                      const char *body, size_t len);

/* Reason phrase for a status code ("OK", "Not Found"); "Unknown" otherwise. Static. */
const char *http_status_reason(int status);

#endif
