/*
 * Responses: what handlers set, and its serialization into one buffer for one write.
 */
#include "http_internal.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

void http_response_clear(struct http_response *resp)
{
    free(resp->content_type);
    free(resp->body);
    for (size_t i = 0; i < resp->header_count; i++) {
        free(resp->headers[i].name);
        free(resp->headers[i].value);
    }
    free(resp->headers);
    memset(resp, 0, sizeof(*resp));
}

/* Header text must not be able to end the header line or section early. */
static bool http_header_text_ok(const char *text)
{
    for (const char *p = text; *p; p++) {
        if (*p == '\r' || *p == '\n') {
            return false;
        }
    }
    return true;
}

int http_response_status(struct http_response *resp, int status, const char *content_type)
{
    if (status < 100 || status > 599) {
        return -EINVAL;
    }
    const char *type = content_type ? content_type : "text/plain; charset=utf-8";
    if (!http_header_text_ok(type)) {
        return -EINVAL;
    }
    char *copy = strdup(type);
    if (!copy) {
        return -ENOMEM;
    }
    free(resp->content_type);
    resp->content_type = copy;
    resp->status = status;
    return 0;
}

int http_response_body_take(struct http_response *resp, char *body, size_t len)
{
    free(resp->body);
    resp->body = body;
    resp->body_len = body ? len : 0;
    return 0;
}

int http_response_body(struct http_response *resp, const char *body, size_t len)
{
    char *copy = malloc(len ? len : 1);
    if (!copy) {
        return -ENOMEM;
    }
    if (len) {
        memcpy(copy, body, len);
    }
    return http_response_body_take(resp, copy, len);
}

int http_response_printf(struct http_response *resp, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *text = NULL;
    int n = vasprintf(&text, fmt, ap);
    va_end(ap);
    if (n < 0) {
        return -ENOMEM;
    }
    return http_response_body_take(resp, text, (size_t)n);
}

int http_response_header(struct http_response *resp, const char *name, const char *value)
{
    static const char *const reserved[] = {"content-type", "content-length", "connection",
                                           "transfer-encoding", NULL};
    if (!name || !value || !*name || !http_header_text_ok(name) || !http_header_text_ok(value) ||
        strchr(name, ':') || strchr(name, ' ')) {
        return -EINVAL;
    }
    for (size_t i = 0; reserved[i]; i++) {
        if (strcasecmp(name, reserved[i]) == 0) {
            return -EINVAL;
        }
    }
    struct http_extra_header *grown =
        realloc(resp->headers, (resp->header_count + 1) * sizeof(*grown));
    if (!grown) {
        return -ENOMEM;
    }
    resp->headers = grown;
    char *name_copy = strdup(name);
    char *value_copy = strdup(value);
    if (!name_copy || !value_copy) {
        free(name_copy);
        free(value_copy);
        return -ENOMEM;
    }
    resp->headers[resp->header_count++] = (struct http_extra_header){name_copy, value_copy};
    return 0;
}

int http_response_set(struct http_response *resp, int status, const char *content_type,
                      const char *body, size_t len)
{
    int rc = http_response_status(resp, status, content_type);
    if (rc < 0) {
        return rc;
    }
    return http_response_body(resp, body, len);
}

const char *http_status_reason(int status)
{
    switch (status) {
    case 200:
        return "OK";
    case 201:
        return "Created";
    case 202:
        return "Accepted";
    case 204:
        return "No Content";
    case 301:
        return "Moved Permanently";
    case 302:
        return "Found";
    case 304:
        return "Not Modified";
    case 400:
        return "Bad Request";
    case 401:
        return "Unauthorized";
    case 403:
        return "Forbidden";
    case 404:
        return "Not Found";
    case 405:
        return "Method Not Allowed";
    case 408:
        return "Request Timeout";
    case 409:
        return "Conflict";
    case 413:
        return "Content Too Large";
    case 414:
        return "URI Too Long";
    case 415:
        return "Unsupported Media Type";
    case 429:
        return "Too Many Requests";
    case 431:
        return "Request Header Fields Too Large";
    case 500:
        return "Internal Server Error";
    case 501:
        return "Not Implemented";
    case 502:
        return "Bad Gateway";
    case 503:
        return "Service Unavailable";
    case 504:
        return "Gateway Timeout";
    default:
        return "Unknown";
    }
}

char *http_response_serialize(const struct http_response *resp, bool head_only, bool close,
                              bool http10_keep_alive, size_t *len)
{
    char *text = NULL;
    size_t text_len = 0;
    FILE *out = open_memstream(&text, &text_len);
    if (!out) {
        return NULL;
    }
    fprintf(out, "HTTP/1.1 %d %s\r\n", resp->status, http_status_reason(resp->status));
    fprintf(out, "Content-Type: %s\r\n",
            resp->content_type ? resp->content_type : "text/plain; charset=utf-8");
    fprintf(out, "Content-Length: %zu\r\n", resp->body_len);
    for (size_t i = 0; i < resp->header_count; i++) {
        fprintf(out, "%s: %s\r\n", resp->headers[i].name, resp->headers[i].value);
    }
    if (close) {
        fputs("Connection: close\r\n", out);
    } else if (http10_keep_alive) {
        fputs("Connection: keep-alive\r\n", out);
    }
    fputs("\r\n", out);
    if (!head_only && resp->body_len > 0) {
        fwrite(resp->body, 1, resp->body_len, out);
    }
    if (fclose(out) != 0) {
        free(text);
        return NULL;
    }
    *len = text_len;
    return text;
}
