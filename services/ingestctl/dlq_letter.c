/*
 * Decoding and filtering of dead letters (see dlq_letter.h).
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "dlq_letter.h"

/* Parses "YYYY-MM-DD[Thh:mm[:ss[.fff]]][Z]" as UTC. Returns 0 or -EINVAL. */
static int parse_iso_utc(const char *text, int64_t *out_ms)
{
    struct tm tm = {0};
    int year, month, day, hour = 0, minute = 0, second = 0, used = 0;
    long millis = 0;
    if (sscanf(text, "%4d-%2d-%2d%n", &year, &month, &day, &used) != 3 || used != 10) {
        return -EINVAL;
    }
    const char *at = text + used;
    if (*at == 'T' || *at == ' ') {
        int n = 0;
        if (sscanf(at + 1, "%2d:%2d%n", &hour, &minute, &n) != 2 || n != 5) {
            return -EINVAL;
        }
        at += 1 + n;
        if (*at == ':') {
            if (!isdigit((unsigned char)at[1]) || !isdigit((unsigned char)at[2])) {
                return -EINVAL;
            }
            second = (at[1] - '0') * 10 + (at[2] - '0');
            at += 3;
            if (*at == '.') {
                long scale = 100;
                at++;
                if (!isdigit((unsigned char)*at)) {
                    return -EINVAL;
                }
                for (; isdigit((unsigned char)*at); at++) {
                    millis += (*at - '0') * scale;
                    scale /= 10;
                }
            }
        }
    }
    if (*at == 'Z') {
        at++;
    }
    if (*at != '\0' || month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 ||
        second > 60) {
        return -EINVAL;
    }
    tm.tm_year = year - 1900;
    tm.tm_mon = month - 1;
    tm.tm_mday = day;
    tm.tm_hour = hour;
    tm.tm_min = minute;
    tm.tm_sec = second;
    *out_ms = (int64_t)timegm(&tm) * 1000 + millis;
    return 0;
}

/* Copies header name of hdrs (may be NULL) into buf, cut to cap - 1 bytes; "" when absent. */
static void header_copy(const rd_kafka_headers_t *hdrs, const char *name, char *buf, size_t cap)
{
    const void *value = NULL;
    size_t size = 0;
    buf[0] = '\0';
    if (hdrs == NULL ||
        rd_kafka_header_get(hdrs, 0, name, &value, &size) != RD_KAFKA_RESP_ERR_NO_ERROR ||
        value == NULL) {
        return;
    }
    size_t n = size < cap - 1 ? size : cap - 1;
    memcpy(buf, value, n);
    buf[n] = '\0';
}

void dlq_letter_read_headers(const rd_kafka_headers_t *hdrs, int64_t timestamp_ms,
                             struct dlq_letter *out)
{
    header_copy(hdrs, "ingest.reason", out->reason, sizeof out->reason);
    header_copy(hdrs, "ingest.path", out->path, sizeof out->path);
    header_copy(hdrs, "ingest.error", out->error, sizeof out->error);
    header_copy(hdrs, "ingest.time", out->time, sizeof out->time);
    header_copy(hdrs, "ingest.sqlstate", out->sqlstate, sizeof out->sqlstate);
    header_copy(hdrs, "ingest.topic", out->topic, sizeof out->topic);
    header_copy(hdrs, "ingest.partition", out->from_partition, sizeof out->from_partition);
    header_copy(hdrs, "ingest.offset", out->from_offset, sizeof out->from_offset);
    if (parse_iso_utc(out->time, &out->time_ms) != 0) {
        out->time_ms = timestamp_ms;
    }
}

void dlq_letter_read(const rd_kafka_message_t *msg, struct dlq_letter *out)
{
    rd_kafka_headers_t *hdrs = NULL;
    memset(out, 0, sizeof *out);
    out->msg = msg;
    out->partition = msg->partition;
    out->offset = msg->offset;
    if (rd_kafka_message_headers(msg, &hdrs) != RD_KAFKA_RESP_ERR_NO_ERROR) {
        hdrs = NULL;
    }
    dlq_letter_read_headers(hdrs, rd_kafka_message_timestamp(msg, NULL), out);
}

bool dlq_letter_matches(const struct dlq_letter *l, const struct dlq_filter *f)
{
    if (f->reason != NULL && strcmp(l->reason, f->reason) != 0) {
        return false;
    }
    return f->since_ms == INT64_MIN || l->time_ms >= f->since_ms;
}

int dlq_time_parse(const char *text, int64_t now_ms, int64_t *out_ms)
{
    if (parse_iso_utc(text, out_ms) == 0) {
        return 0;
    }
    char *end = NULL;
    errno = 0;
    long long n = strtoll(text, &end, 10);
    if (errno != 0 || end == text || n < 0 || end[0] == '\0' || end[1] != '\0') {
        return -EINVAL;
    }
    int64_t unit;
    switch (end[0]) {
    case 's':
        unit = 1000;
        break;
    case 'm':
        unit = 60 * 1000;
        break;
    case 'h':
        unit = 3600 * 1000;
        break;
    case 'd':
        unit = 86400 * 1000;
        break;
    default:
        return -EINVAL;
    }
    if (n > INT64_MAX / unit) {
        return -EINVAL;
    }
    *out_ms = now_ms - n * unit;
    return 0;
}

int dlq_position_parse(const char *text, int32_t *partition, int64_t *offset)
{
    char *end = NULL;
    long long p = 0, o;
    errno = 0;
    const char *colon = strchr(text, ':');
    if (colon != NULL) {
        p = strtoll(text, &end, 10);
        if (errno != 0 || end != colon || end == text || p < 0 || p > INT32_MAX) {
            return -EINVAL;
        }
        text = colon + 1;
    }
    o = strtoll(text, &end, 10);
    if (errno != 0 || end == text || *end != '\0' || o < 0 || !isdigit((unsigned char)*text)) {
        return -EINVAL;
    }
    *partition = (int32_t)p;
    *offset = o;
    return 0;
}

void dlq_position_format(int32_t partition, int64_t offset, char *buf, size_t cap)
{
    if (partition == 0) {
        snprintf(buf, cap, "%lld", (long long)offset);
    } else {
        snprintf(buf, cap, "%d:%lld", (int)partition, (long long)offset);
    }
}
