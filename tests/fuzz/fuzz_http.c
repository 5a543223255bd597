// fuzz-links: http
/*
 * Fuzzes the bounded HTTP request parser (common/http/http_request.c), which every byte from the
 * network passes through. Checks, besides memory safety: the limits hold for every request it
 * accepts, errors carry one of the statuses the server sends, and parsing the input in two
 * pieces gives the same requests as parsing it whole.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http_internal.h"

#define FUZZ_MAX_HEADER 1024
#define FUZZ_MAX_BODY   2048

struct fuzz_outcome {
    int requests;
    int error_status;
    char last_path[FUZZ_MAX_HEADER];
    size_t last_body_len;
};

static void fuzz_check_request(const struct http_request *req)
{
    const char *path = http_request_path(req);
    if (path[0] != '/' || req->method[0] == '\0' || req->header_count > HTTP_MAX_HEADERS ||
        req->arena_len > req->max_header_bytes || req->body_len > req->max_body_bytes) {
        abort();
    }
    for (size_t i = 0; i < req->header_count; i++) {
        const char *name = req->arena + req->headers[i].name;
        /* The lookup finds each stored header (or an earlier one of the same name). */
        if (http_request_header(req, name) == NULL) {
            abort();
        }
    }
}

/* Parses data fed in pieces of at most step bytes (0 = whole). */
static void fuzz_parse(const uint8_t *data, size_t size, size_t step, struct fuzz_outcome *out)
{
    memset(out, 0, sizeof(*out));
    struct http_request req;
    if (http_request_init(&req, FUZZ_MAX_HEADER, FUZZ_MAX_BODY) < 0) {
        abort();
    }
    size_t pos = 0;
    while (pos < size) {
        size_t len = size - pos;
        if (step && len > step) {
            len = step;
        }
        size_t consumed = 0;
        enum http_feed_result result =
            http_request_feed(&req, (const char *)data + pos, len, &consumed);
        if (consumed > len) {
            abort();
        }
        pos += consumed;
        if (result == HTTP_FEED_ERROR) {
            int s = req.error_status;
            if (s != 400 && s != 413 && s != 414 && s != 431) {
                abort();
            }
            out->error_status = s;
            break;
        }
        if (result == HTTP_FEED_DONE) {
            fuzz_check_request(&req);
            out->requests++;
            snprintf(out->last_path, sizeof(out->last_path), "%s", http_request_path(&req));
            out->last_body_len = req.body_len;
            if (req.upgrade) {
                break;
            }
            http_request_next(&req);
        } else if (consumed != len) {
            abort();
        }
    }
    http_request_free(&req);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct fuzz_outcome whole;
    struct fuzz_outcome pieces;
    fuzz_parse(data, size, 0, &whole);
    /* The piece size comes from the input so that the fuzzer explores the boundaries. */
    size_t step = size > 0 ? (size_t)(data[0] % 17) + 1 : 1;
    fuzz_parse(data, size, step, &pieces);
    if (whole.requests != pieces.requests ||
        (whole.error_status != 0) != (pieces.error_status != 0) ||
        strcmp(whole.last_path, pieces.last_path) != 0 ||
        whole.last_body_len != pieces.last_body_len) {
        fprintf(stderr, "whole: %d requests, error %d; in pieces of %zu: %d requests, error %d\n",
                whole.requests, whole.error_status, step, pieces.requests, pieces.error_status);
        abort();
    }
    return 0;
}
