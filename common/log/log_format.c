/*
 * Formatting of one log line as a JSON object. Kept apart from the output side (log.c) so that
 * tests and fuzzers can check exact bytes without touching file descriptors or the clock.
 */
#include "log.h"

#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* A growable output buffer; once an allocation fails it stays failed and drops further text. */
struct log_buf {
    char *data;
    size_t len;
    size_t cap;
    bool failed;
};

static bool log_buf_reserve(struct log_buf *buf, size_t extra)
{
    if (buf->failed) {
        return false;
    }
    if (buf->len + extra + 1 <= buf->cap) {
        return true;
    }
    size_t cap = buf->cap ? buf->cap : 256;
    while (cap < buf->len + extra + 1) {
        cap *= 2;
    }
    char *data = realloc(buf->data, cap);
    if (!data) {
        buf->failed = true;
        return false;
    }
    buf->data = data;
    buf->cap = cap;
    return true;
}

static void log_buf_append(struct log_buf *buf, const char *text, size_t len)
{
    if (!log_buf_reserve(buf, len)) {
        return;
    }
    memcpy(buf->data + buf->len, text, len);
    buf->len += len;
    buf->data[buf->len] = '\0';
}

static void log_buf_puts(struct log_buf *buf, const char *text)
{
    log_buf_append(buf, text, strlen(text));
}

static void log_buf_printf(struct log_buf *buf, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void log_buf_printf(struct log_buf *buf, const char *fmt, ...)
{
    char small[64];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(small, sizeof(small), fmt, ap);
    va_end(ap);
    if (n < 0) {
        buf->failed = true;
        return;
    }
    /* Every caller formats a number; 64 bytes always suffice. */
    log_buf_append(buf, small, (size_t)n < sizeof(small) ? (size_t)n : sizeof(small) - 1);
}

/*
 * Length of the valid UTF-8 sequence at s[0..len), or 0 if it is invalid (bad lead byte,
 * truncated, overlong, surrogate or above U+10FFFF). *cp receives the code point.
 */
static size_t log_utf8_decode(const unsigned char *s, size_t len, uint32_t *cp)
{
    unsigned char c = s[0];
    size_t need;
    uint32_t value;
    uint32_t min;
    if (c < 0x80) {
        *cp = c;
        return 1;
    } else if (c >= 0xC2 && c <= 0xDF) {
        need = 2;
        value = c & 0x1F;
        min = 0x80;
    } else if (c >= 0xE0 && c <= 0xEF) {
        need = 3;
        value = c & 0x0F;
        min = 0x800;
    } else if (c >= 0xF0 && c <= 0xF4) {
        need = 4;
        value = c & 0x07;
        min = 0x10000;
    } else {
        return 0;
    }
    if (len < need) {
        return 0;
    }
    for (size_t i = 1; i < need; i++) {
        if ((s[i] & 0xC0) != 0x80) {
            return 0;
        }
        value = (value << 6) | (s[i] & 0x3F);
    }
    if (value < min || value > 0x10FFFF || (value >= 0xD800 && value <= 0xDFFF)) {
        return 0;
    }
    *cp = value;
    return need;
}

/*
 * Appends s[0..len) as a JSON string literal. Control characters, '"' and '\\' are escaped;
 * U+2028/U+2029 too, so a line stays one line for JavaScript-based log viewers; invalid UTF-8
 * bytes each become U+FFFD. At most LOG_VALUE_MAX input bytes are written, cut at a character
 * boundary and followed by "...".
 */
static void log_append_json_string(struct log_buf *buf, const char *s, size_t len)
{
    static const char hex[] = "0123456789abcdef";
    const unsigned char *p = (const unsigned char *)s;
    bool cut = false;
    size_t full_len = len;
    if (len > LOG_VALUE_MAX) {
        len = LOG_VALUE_MAX;
        cut = true;
    }
    log_buf_append(buf, "\"", 1);
    size_t i = 0;
    while (i < len) {
        size_t start = i;
        /* Copy a run of plain printable ASCII in one go. */
        while (i < len && p[i] >= 0x20 && p[i] < 0x7F && p[i] != '"' && p[i] != '\\') {
            i++;
        }
        log_buf_append(buf, s + start, i - start);
        if (i >= len) {
            break;
        }
        unsigned char c = p[i];
        char esc[7];
        switch (c) {
        case '"':
            log_buf_append(buf, "\\\"", 2);
            i++;
            continue;
        case '\\':
            log_buf_append(buf, "\\\\", 2);
            i++;
            continue;
        case '\n':
            log_buf_append(buf, "\\n", 2);
            i++;
            continue;
        case '\r':
            log_buf_append(buf, "\\r", 2);
            i++;
            continue;
        case '\t':
            log_buf_append(buf, "\\t", 2);
            i++;
            continue;
        default:
            break;
        }
        if (c < 0x20 || c == 0x7F) {
            memcpy(esc, "\\u00", 4);
            esc[4] = hex[c >> 4];
            esc[5] = hex[c & 0xF];
            log_buf_append(buf, esc, 6);
            i++;
            continue;
        }
        uint32_t cp = 0;
        size_t n = log_utf8_decode(p + i, len - i, &cp);
        if (n == 0) {
            /* A character split by the length limit is dropped, not shown as U+FFFD. */
            uint32_t ignored;
            size_t avail = full_len - i < 4 ? full_len - i : 4;
            if (cut && log_utf8_decode(p + i, avail, &ignored) > len - i) {
                break;
            }
            log_buf_append(buf, "\xEF\xBF\xBD", 3);
            i++;
        } else if (cp == 0x2028 || cp == 0x2029) {
            log_buf_append(buf, cp == 0x2028 ? "\\u2028" : "\\u2029", 6);
            i += n;
        } else {
            log_buf_append(buf, s + i, n);
            i += n;
        }
    }
    if (cut) {
        log_buf_append(buf, "...", 3);
    }
    log_buf_append(buf, "\"", 1);
}

static void log_append_time(struct log_buf *buf, int64_t now_ms)
{
    time_t secs = (time_t)(now_ms / 1000);
    int64_t ms = now_ms % 1000;
    if (ms < 0) {
        ms += 1000;
        secs -= 1;
    }
    struct tm tm;
    char text[40];
    if (!gmtime_r(&secs, &tm)) {
        log_buf_puts(buf, "\"1970-01-01T00:00:00.000Z\"");
        return;
    }
    size_t n = strftime(text, sizeof(text), "\"%Y-%m-%dT%H:%M:%S", &tm);
    log_buf_append(buf, text, n);
    log_buf_printf(buf, ".%03dZ\"", (int)ms);
}

static void log_append_field(struct log_buf *buf, const struct log_field *field)
{
    log_buf_append(buf, ",", 1);
    const char *key = field->key ? field->key : "";
    log_append_json_string(buf, key, strlen(key));
    log_buf_append(buf, ":", 1);
    switch (field->type) {
    case LOG_FIELD_STR:
        if (field->value.s) {
            log_append_json_string(buf, field->value.s, strlen(field->value.s));
        } else {
            log_buf_puts(buf, "null");
        }
        break;
    case LOG_FIELD_STRN:
        if (field->value.s) {
            log_append_json_string(buf, field->value.s, field->len);
        } else {
            log_buf_puts(buf, "null");
        }
        break;
    case LOG_FIELD_INT:
        log_buf_printf(buf, "%" PRId64, field->value.i);
        break;
    case LOG_FIELD_UINT:
        log_buf_printf(buf, "%" PRIu64, field->value.u);
        break;
    case LOG_FIELD_DOUBLE:
        if (isfinite(field->value.d)) {
            log_buf_printf(buf, "%.17g", field->value.d);
        } else {
            log_buf_puts(buf, "null");
        }
        break;
    case LOG_FIELD_BOOL:
        log_buf_puts(buf, field->value.b ? "true" : "false");
        break;
    case LOG_FIELD_ERRNO: {
        int64_t code = field->value.i < 0 ? -field->value.i : field->value.i;
        char text[128];
        const char *msg =
            (code > 0 && code < 4096) ? strerror_r((int)code, text, sizeof(text)) : "unknown error";
        log_append_json_string(buf, msg, strlen(msg));
        break;
    }
    case LOG_FIELD_NONE_:
    default:
        log_buf_puts(buf, "null");
        break;
    }
}

char *log_format_line(int64_t now_ms, enum log_level level, const char *msg,
                      const struct log_field *fields, size_t n, size_t *len)
{
    struct log_buf buf = {0};
    log_buf_puts(&buf, "{\"time\":");
    log_append_time(&buf, now_ms);
    log_buf_puts(&buf, ",\"level\":\"");
    log_buf_puts(&buf, log_level_name(level));
    log_buf_puts(&buf, "\",\"msg\":");
    log_append_json_string(&buf, msg ? msg : "", msg ? strlen(msg) : 0);
    /* fields[0] is the placeholder the log_write macro puts first. */
    for (size_t i = 1; i < n; i++) {
        log_append_field(&buf, &fields[i]);
    }
    log_buf_append(&buf, "}\n", 2);
    if (buf.failed) {
        free(buf.data);
        return NULL;
    }
    if (len) {
        *len = buf.len;
    }
    return buf.data;
}
