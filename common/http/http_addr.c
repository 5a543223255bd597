/*
 * Listen addresses: numeric only, so that parsing never blocks on DNS, and an empty host means
 * loopback, so that a short ":8080" never exposes the endpoint to the network by accident.
 */
#include "http.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int http_addr_error(char *err, size_t errlen, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int http_addr_error(char *err, size_t errlen, const char *fmt, ...)
{
    if (err && errlen) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err, errlen, fmt, ap);
        va_end(ap);
    }
    return -EINVAL;
}

static int http_port_parse(const char *text, int *port)
{
    if (!*text || strlen(text) > 5) {
        return -EINVAL;
    }
    int value = 0;
    for (const char *p = text; *p; p++) {
        if (*p < '0' || *p > '9') {
            return -EINVAL;
        }
        value = value * 10 + (*p - '0');
    }
    if (value > 65535) {
        return -EINVAL;
    }
    *port = value;
    return 0;
}

int http_addr_parse(const char *text, struct sockaddr_storage *out, char *err, size_t errlen)
{
    if (!text || !*text) {
        return http_addr_error(err, errlen, "empty address (expected HOST:PORT)");
    }
    char host[64];
    const char *port_text;
    bool v6 = false;
    if (text[0] == '[') {
        const char *close = strchr(text, ']');
        if (!close || close[1] != ':') {
            return http_addr_error(err, errlen, "\"%s\": expected [IPV6]:PORT", text);
        }
        size_t len = (size_t)(close - text - 1);
        if (len == 0 || len >= sizeof(host)) {
            return http_addr_error(err, errlen, "\"%s\": bad IPv6 address", text);
        }
        memcpy(host, text + 1, len);
        host[len] = '\0';
        port_text = close + 2;
        v6 = true;
    } else {
        const char *colon = strrchr(text, ':');
        if (!colon) {
            return http_addr_error(err, errlen, "\"%s\": missing port (expected HOST:PORT)", text);
        }
        if (memchr(text, ':', (size_t)(colon - text))) {
            return http_addr_error(err, errlen, "\"%s\": write IPv6 addresses as [ADDR]:PORT",
                                   text);
        }
        size_t len = (size_t)(colon - text);
        if (len >= sizeof(host)) {
            return http_addr_error(err, errlen, "\"%s\": host too long", text);
        }
        memcpy(host, text, len);
        host[len] = '\0';
        port_text = colon + 1;
    }
    int port;
    if (http_port_parse(port_text, &port) < 0) {
        return http_addr_error(err, errlen, "\"%s\": port must be a number from 0 to 65535", text);
    }
    memset(out, 0, sizeof(*out));
    if (v6) {
        struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)out;
        sin6->sin6_family = AF_INET6;
        sin6->sin6_port = htons((uint16_t)port);
        if (inet_pton(AF_INET6, host, &sin6->sin6_addr) != 1) {
            return http_addr_error(err, errlen, "\"%s\": \"%s\" is not an IPv6 address", text,
                                   host);
        }
        return 0;
    }
    struct sockaddr_in *sin = (struct sockaddr_in *)out;
    sin->sin_family = AF_INET;
    sin->sin_port = htons((uint16_t)port);
    if (host[0] == '\0' || strcmp(host, "localhost") == 0) {
        sin->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        return 0;
    }
    if (inet_pton(AF_INET, host, &sin->sin_addr) != 1) {
        return http_addr_error(err, errlen,
                               "\"%s\": \"%s\" is not a numeric IPv4 address (host names are not "
                               "resolved; use an address, or localhost)",
                               text, host);
    }
    return 0;
}
