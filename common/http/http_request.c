/*
 * The bounded request parser: llhttp does the HTTP grammar; this file stores the URL, headers
 * and body into fixed-size buffers and turns every excess into a specific status (414, 431, 413)
 * instead of growing. Every request from the network passes through here, so it is fuzzed.
 */
#include "http_internal.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static struct http_request *http_req_of(llhttp_t *parser)
{
    return parser->data;
}

static int http_fail(struct http_request *req, int status, const char *reason)
{
    req->error_status = status;
    req->error_reason = reason;
    return -1;
}

/* Appends to the arena, keeping room for the NUL that ends each piece. Also bounds the raw
 * bytes up to this piece, so that whitespace llhttp skips (blank lines before the request line,
 * padding around values) cannot make the header section longer than the limit. */
static int http_arena_append(struct http_request *req, const char *at, size_t length, int status)
{
    size_t raw = req->raw_header_bytes + (size_t)(at + length - req->chunk);
    if (raw > req->max_header_bytes && length + 1 <= req->max_header_bytes - req->arena_len) {
        return http_fail(req, 431, "request headers too large");
    }
    if (length + 1 > req->max_header_bytes - req->arena_len) {
        return http_fail(req, status,
                         status == 414 ? "request URL too long" : "request headers too large");
    }
    memcpy(req->arena + req->arena_len, at, length);
    req->arena_len += length;
    return 0;
}

static int http_arena_end_piece(struct http_request *req, int status)
{
    if (req->arena_len + 1 > req->max_header_bytes) {
        return http_fail(req, status, "request headers too large");
    }
    req->arena[req->arena_len++] = '\0';
    return 0;
}

static int http_on_message_begin(llhttp_t *parser)
{
    struct http_request *req = http_req_of(parser);
    req->url = req->arena_len;
    return 0;
}

static int http_on_url(llhttp_t *parser, const char *at, size_t length)
{
    return http_arena_append(http_req_of(parser), at, length, 414);
}

static int http_on_url_complete(llhttp_t *parser)
{
    struct http_request *req = http_req_of(parser);
    if (http_arena_end_piece(req, 414) < 0) {
        return -1;
    }
    char *url = req->arena + req->url;
    if (url[0] != '/') {
        /* Absolute-form and "*" targets are for proxies and OPTIONS; we serve neither. */
        return http_fail(req, 400, "request target must be a path");
    }
    char *mark = strchr(url, '?');
    if (mark) {
        *mark = '\0';
        req->query = (size_t)(mark + 1 - req->arena);
    } else {
        req->query = req->arena_len - 1; /* the NUL just written: an empty string */
    }
    return 0;
}

static int http_on_header_field(llhttp_t *parser, const char *at, size_t length)
{
    struct http_request *req = http_req_of(parser);
    if (!req->in_field) {
        if (req->header_count == HTTP_MAX_HEADERS) {
            return http_fail(req, 431, "too many request headers");
        }
        req->headers[req->header_count].name = req->arena_len;
        req->headers[req->header_count].value = req->arena_len;
        req->in_field = true;
    }
    return http_arena_append(req, at, length, 431);
}

static int http_on_header_field_complete(llhttp_t *parser)
{
    struct http_request *req = http_req_of(parser);
    if (http_arena_end_piece(req, 431) < 0) {
        return -1;
    }
    req->headers[req->header_count].value = req->arena_len;
    return 0;
}

static int http_on_header_value(llhttp_t *parser, const char *at, size_t length)
{
    return http_arena_append(http_req_of(parser), at, length, 431);
}

static int http_on_header_value_complete(llhttp_t *parser)
{
    struct http_request *req = http_req_of(parser);
    /* llhttp drops leading whitespace of a value but keeps trailing; RFC 9110 excludes both. */
    size_t start = req->headers[req->header_count].value;
    while (req->arena_len > start &&
           (req->arena[req->arena_len - 1] == ' ' || req->arena[req->arena_len - 1] == '\t')) {
        req->arena_len--;
    }
    if (http_arena_end_piece(req, 431) < 0) {
        return -1;
    }
    /* A header with an empty value gets no value callback; its value is the empty piece. */
    req->header_count++;
    req->in_field = false;
    return 0;
}

static int http_on_headers_complete(llhttp_t *parser)
{
    struct http_request *req = http_req_of(parser);
    req->headers_complete = true;
    const char *name = llhttp_method_name((llhttp_method_t)llhttp_get_method(parser));
    strncpy(req->method, name, sizeof(req->method) - 1);
    req->method[sizeof(req->method) - 1] = '\0';
    if ((parser->flags & F_CONTENT_LENGTH) && parser->content_length > req->max_body_bytes) {
        return http_fail(req, 413, "request body too large");
    }
    /* Pause so that http_request_feed learns exactly where the headers end. */
    req->paused_at_headers = true;
    return HPE_PAUSED;
}

static int http_on_body(llhttp_t *parser, const char *at, size_t length)
{
    struct http_request *req = http_req_of(parser);
    if (length > req->max_body_bytes - req->body_len) {
        return http_fail(req, 413, "request body too large");
    }
    memcpy(req->body + req->body_len, at, length);
    req->body_len += length;
    return 0;
}

static int http_on_message_complete(llhttp_t *parser)
{
    struct http_request *req = http_req_of(parser);
    req->keep_alive = llhttp_should_keep_alive(parser) != 0;
    req->upgrade = parser->upgrade != 0;
    /* Stop here so that the server answers this request before parsing a pipelined next one. */
    return HPE_PAUSED;
}

static const llhttp_settings_t http_settings = {
    .on_message_begin = http_on_message_begin,
    .on_url = http_on_url,
    .on_url_complete = http_on_url_complete,
    .on_header_field = http_on_header_field,
    .on_header_field_complete = http_on_header_field_complete,
    .on_header_value = http_on_header_value,
    .on_header_value_complete = http_on_header_value_complete,
    .on_headers_complete = http_on_headers_complete,
    .on_body = http_on_body,
    .on_message_complete = http_on_message_complete,
};

int http_request_init(struct http_request *req, size_t max_header_bytes, size_t max_body_bytes)
{
    memset(req, 0, sizeof(*req));
    req->max_header_bytes = max_header_bytes;
    req->max_body_bytes = max_body_bytes;
    req->arena = malloc(max_header_bytes);
    req->body = malloc(max_body_bytes ? max_body_bytes : 1);
    if (!req->arena || !req->body) {
        http_request_free(req);
        return -ENOMEM;
    }
    llhttp_init(&req->parser, HTTP_REQUEST, &http_settings);
    req->parser.data = req;
    return 0;
}

void http_request_free(struct http_request *req)
{
    free(req->arena);
    free(req->body);
    req->arena = NULL;
    req->body = NULL;
}

void http_request_next(struct http_request *req)
{
    req->arena_len = 0;
    req->raw_header_bytes = 0;
    req->paused_at_headers = false;
    req->url = 0;
    req->query = 0;
    req->header_count = 0;
    req->in_field = false;
    req->headers_complete = false;
    req->body_len = 0;
    req->method[0] = '\0';
    req->keep_alive = false;
    req->upgrade = false;
    req->error_status = 0;
    req->error_reason = NULL;
    if (llhttp_get_errno(&req->parser) == HPE_PAUSED) {
        llhttp_resume(&req->parser);
    } else {
        llhttp_reset(&req->parser);
    }
}

bool http_request_started(const struct http_request *req)
{
    return req->raw_header_bytes > 0 || req->headers_complete;
}

enum http_feed_result http_request_feed(struct http_request *req, const char *data, size_t len,
                                        size_t *consumed)
{
    *consumed = 0;
    if (req->error_status) {
        return HTTP_FEED_ERROR;
    }
    const char *p = data;
    size_t left = len;
    llhttp_errno_t rc;
    for (;;) {
        req->chunk = p;
        rc = llhttp_execute(&req->parser, p, left);
        req->chunk = NULL;
        if (rc != HPE_PAUSED || !req->paused_at_headers) {
            break;
        }
        /* The header section ended at pos: count it exactly, whatever the chunking was. */
        const char *pos = llhttp_get_error_pos(&req->parser);
        req->paused_at_headers = false;
        req->raw_header_bytes += (size_t)(pos - p);
        if (req->raw_header_bytes > req->max_header_bytes) {
            *consumed = (size_t)(pos - data);
            http_fail(req, 431, "request headers too large");
            return HTTP_FEED_ERROR;
        }
        llhttp_resume(&req->parser);
        left -= (size_t)(pos - p);
        p = pos;
    }
    size_t used = len;
    if (rc == HPE_PAUSED || rc == HPE_PAUSED_UPGRADE) {
        used = (size_t)(llhttp_get_error_pos(&req->parser) - data);
    }
    /* Bytes of a header section still incomplete, whitespace and line breaks included, which
     * llhttp skips without a callback we could count. */
    if (!req->headers_complete) {
        req->raw_header_bytes += (size_t)(data + used - p);
        if (req->raw_header_bytes > req->max_header_bytes && rc == HPE_OK) {
            *consumed = used;
            http_fail(req, 431, "request headers too large");
            return HTTP_FEED_ERROR;
        }
    }
    *consumed = used;
    if (rc == HPE_OK) {
        return HTTP_FEED_MORE;
    }
    if (rc == HPE_PAUSED || rc == HPE_PAUSED_UPGRADE) {
        if (rc == HPE_PAUSED_UPGRADE) {
            req->upgrade = true;
        }
        return HTTP_FEED_DONE;
    }
    if (!req->error_status) {
        req->error_status = 400;
        req->error_reason = llhttp_get_error_reason(&req->parser);
    }
    return HTTP_FEED_ERROR;
}

/* ---- Accessors for handlers. ---- */

const char *http_request_method(const struct http_request *req)
{
    return req->method;
}

const char *http_request_path(const struct http_request *req)
{
    return req->arena + req->url;
}

const char *http_request_query(const struct http_request *req)
{
    return req->arena + req->query;
}

const char *http_request_header(const struct http_request *req, const char *name)
{
    for (size_t i = 0; i < req->header_count; i++) {
        if (strcasecmp(req->arena + req->headers[i].name, name) == 0) {
            return req->arena + req->headers[i].value;
        }
    }
    return NULL;
}

const char *http_request_body(const struct http_request *req, size_t *len)
{
    if (len) {
        *len = req->body_len;
    }
    return req->body;
}
