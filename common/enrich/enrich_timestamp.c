/* ISO 8601 timestamps: parsing the submitted published_at and writing the record's values. */
#include <string.h>

#include "enrich_internal.h"

#define VIETNAM_OFFSET_MINUTES 420

bool enrich_timestamp_valid_date(int year, int month, int day)
{
    static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (year < 1 || year > 9999 || month < 1 || month > 12 || day < 1) {
        return false;
    }
    bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    int max = days[month - 1] + (month == 2 && leap);
    return day <= max;
}

/* Reads exactly n digits at s[*i]; returns the value or -1. */
static int digits(const char *s, size_t len, size_t *i, int n)
{
    int v = 0;
    for (int k = 0; k < n; k++) {
        if (*i >= len || s[*i] < '0' || s[*i] > '9') {
            return -1;
        }
        v = v * 10 + (s[*i] - '0');
        (*i)++;
    }
    return v;
}

int enrich_timestamp_parse_iso(const char *s, size_t len, struct enrich_timestamp *out)
{
    struct enrich_timestamp t = {
        .m = {.hour = -1, .minute = -1, .tz_offset_minutes = VIETNAM_OFFSET_MINUTES}};
    size_t i = 0;
    t.m.year = digits(s, len, &i, 4);
    if (t.m.year < 0 || i >= len || s[i++] != '-') {
        return ENRICH_ERR_INVALID;
    }
    t.m.month = digits(s, len, &i, 2);
    if (t.m.month < 0 || i >= len || s[i++] != '-') {
        return ENRICH_ERR_INVALID;
    }
    t.m.day = digits(s, len, &i, 2);
    if (!enrich_timestamp_valid_date(t.m.year, t.m.month, t.m.day)) {
        return ENRICH_ERR_INVALID;
    }
    if (i < len) {
        if (s[i] != 'T' && s[i] != 't' && s[i] != ' ') {
            return ENRICH_ERR_INVALID;
        }
        i++;
        t.m.hour = digits(s, len, &i, 2);
        if (t.m.hour < 0 || t.m.hour > 23 || i >= len || s[i++] != ':') {
            return ENRICH_ERR_INVALID;
        }
        t.m.minute = digits(s, len, &i, 2);
        if (t.m.minute < 0 || t.m.minute > 59) {
            return ENRICH_ERR_INVALID;
        }
        if (i < len && s[i] == ':') {
            i++;
            t.second = digits(s, len, &i, 2);
            if (t.second < 0 || t.second > 60) {
                return ENRICH_ERR_INVALID;
            }
            if (t.second == 60) {
                t.second = 59; /* a leap second; the record keeps whole seconds */
            }
            if (i < len && (s[i] == '.' || s[i] == ',')) {
                i++;
                size_t frac = i;
                while (i < len && s[i] >= '0' && s[i] <= '9') {
                    i++;
                }
                if (i == frac) {
                    return ENRICH_ERR_INVALID;
                }
            }
        }
        if (i < len) {
            if (s[i] == 'Z' || s[i] == 'z') {
                i++;
                t.m.tz_offset_minutes = 0;
                t.has_offset = true;
            } else if (s[i] == '+' || s[i] == '-') {
                int sign = s[i++] == '-' ? -1 : 1;
                int oh = digits(s, len, &i, 2);
                if (i < len && s[i] == ':') {
                    i++;
                }
                int om = digits(s, len, &i, 2);
                if (oh < 0 || oh > 14 || om < 0 || om > 59) {
                    return ENRICH_ERR_INVALID;
                }
                t.m.tz_offset_minutes = sign * (oh * 60 + om);
                t.has_offset = true;
            }
        }
    }
    if (i != len) {
        return ENRICH_ERR_INVALID;
    }
    t.m.known = true;
    *out = t;
    return 0;
}

/* Writes v (< 10^digits) as exactly digits decimal digits, zero-padded; returns the end. */
static char *put_digits(char *p, unsigned v, int digits)
{
    for (int k = digits - 1; k >= 0; k--) {
        p[k] = (char)('0' + v % 10u);
        v /= 10u;
    }
    return p + digits;
}

void enrich_timestamp_format(const struct enrich_timestamp *t, char out[32])
{
    /* Fields were range-checked on the way in; the modulos keep every field within its digits
     * whatever they hold. Written by hand: snprintf() took some 4,000 instructions a call. */
    const struct enrich_moment *m = &t->m;
    unsigned year = (unsigned)m->year % 10000u, month = (unsigned)m->month % 100u;
    unsigned day = (unsigned)m->day % 100u;
    char *p = put_digits(out, year, 4);
    *p++ = '-';
    p = put_digits(p, month, 2);
    *p++ = '-';
    p = put_digits(p, day, 2);
    if (m->hour < 0) {
        *p = '\0';
        return;
    }
    int off = m->tz_offset_minutes;
    unsigned uoff = (unsigned)(off < 0 ? -off : off) % 1440u;
    unsigned minute = m->minute < 0 ? 0u : (unsigned)m->minute % 100u;
    *p++ = 'T';
    p = put_digits(p, (unsigned)m->hour % 100u, 2);
    *p++ = ':';
    p = put_digits(p, minute, 2);
    *p++ = ':';
    p = put_digits(p, (unsigned)t->second % 100u, 2);
    *p++ = off < 0 ? '-' : '+';
    p = put_digits(p, uoff / 60u, 2);
    *p++ = ':';
    p = put_digits(p, uoff % 60u, 2);
    *p = '\0';
}
