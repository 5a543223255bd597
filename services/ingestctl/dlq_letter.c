/*
 * Decoding and filtering of dead letters (see dlq_letter.h).
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ctl_kafka.h"
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

void dlq_letter_read(const rd_kafka_message_t *msg, struct dlq_letter *out)
{
    memset(out, 0, sizeof *out);
    out->msg = msg;
    out->partition = msg->partition;
    out->offset = msg->offset;
    ctl_kafka_header(msg, "ingest.reason", out->reason, sizeof out->reason);
    ctl_kafka_header(msg, "ingest.path", out->path, sizeof out->path);
    ctl_kafka_header(msg, "ingest.error", out->error, sizeof out->error);
    ctl_kafka_header(msg, "ingest.time", out->time, sizeof out->time);
    ctl_kafka_header(msg, "ingest.sqlstate", out->sqlstate, sizeof out->sqlstate);
    ctl_kafka_header(msg, "ingest.topic", out->topic, sizeof out->topic);
    ctl_kafka_header(msg, "ingest.partition", out->from_partition, sizeof out->from_partition);
    ctl_kafka_header(msg, "ingest.offset", out->from_offset, sizeof out->from_offset);
    if (parse_iso_utc(out->time, &out->time_ms) != 0) {
        out->time_ms = rd_kafka_message_timestamp(msg, NULL);
    }
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
