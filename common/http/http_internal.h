/*
 * http internals: the bounded request parser (llhttp underneath) shared by the server and the
 * fuzz target, and the response as the server holds it. Not for use outside common/http and
 * its tests.
 */
#ifndef HTTP_INTERNAL_H
#define HTTP_INTERNAL_H

#include "http.h"

#include <llhttp.h>

/* Headers beyond this count get 431, like too many header bytes. */
#define HTTP_MAX_HEADERS 64

struct http_header_ref {
    size_t name;  /* offset of the NUL-terminated name in the arena */
    size_t value; /* offset of the NUL-terminated value in the arena */
};

/*
 * One request being parsed, and once complete, the view handlers get. The arena holds the URL
 * and header names and values, NUL-terminated, and is max_header_bytes long; the body buffer is
 * max_body_bytes long. Both are allocated once per connection.
 */
struct http_request {
    llhttp_t parser;
    size_t max_header_bytes;
    size_t max_body_bytes;

    char *arena;
    size_t arena_len;
    size_t raw_header_bytes; /* bytes fed before the headers completed, whitespace included */
    const char *chunk;       /* the input of the llhttp_execute call in progress */
    bool paused_at_headers;  /* execution stopped at the end of the headers to measure them */
    size_t url;              /* offset of the URL in the arena */
    size_t query;            /* offset of the query (after '?'), or of an empty string */
    struct http_header_ref headers[HTTP_MAX_HEADERS];
    size_t header_count;
    bool in_field; /* the last header callback was a name piece */
    bool headers_complete;

    char *body;
    size_t body_len;

    char method[24];
    bool keep_alive; /* valid once complete */
    bool upgrade;
    int error_status; /* 400, 413, 414, 431 when a feed fails */
    const char *error_reason;
};

enum http_feed_result {
    HTTP_FEED_MORE,  /* all input consumed, the request is not complete yet */
    HTTP_FEED_DONE,  /* a request is complete; *consumed tells how much input it used */
    HTTP_FEED_ERROR, /* refuse the request with req->error_status and close */
};

/* Allocates the buffers. Returns 0 or -ENOMEM. */
int http_request_init(struct http_request *req, size_t max_header_bytes, size_t max_body_bytes);
void http_request_free(struct http_request *req);

/* Feeds bytes. After HTTP_FEED_DONE, call http_request_next before feeding again. */
enum http_feed_result http_request_feed(struct http_request *req, const char *data, size_t len,
                                        size_t *consumed);

/* Forgets the completed request and readies the parser for the next one on the connection. */
void http_request_next(struct http_request *req);

/* True once any byte of the current request has been fed. */
bool http_request_started(const struct http_request *req);

struct http_extra_header {
    char *name;
    char *value;
};

struct http_response {
    int status;
    char *content_type;
    char *body;
    size_t body_len;
    struct http_extra_header *headers;
    size_t header_count;
};

/* Frees what the response owns and zeroes it. */
void http_response_clear(struct http_response *resp);

/*
 * Serializes status line, headers and (unless head_only) body into one malloc'd buffer that the
 * caller frees with free(). Content-Length is the body's length even for HEAD. Returns NULL on
 * allocation failure.
 */
char *http_response_serialize(const struct http_response *resp, bool head_only, bool close,
                              bool http10_keep_alive, size_t *len);

#endif
