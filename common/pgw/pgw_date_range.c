/*
 * ingest_iso_date_range() (schemas/migrations/004_faster_upsert.sql) in C. The SQL function is
 * the specification: each branch below names the regular expression it stands for, and the
 * test compares both on thousands of values against the live function.
 */
#include <stdint.h>
#include <stdio.h>

#include "calendar.h"
#include "pgw_date_range.h"

static int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static int digits(const char *s, size_t n)
{
    int v = 0;
    for (size_t i = 0; i < n; i++) {
        v = v * 10 + (s[i] - '0');
    }
    return v;
}

static int all_digits(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (!is_digit(s[i])) {
            return 0;
        }
    }
    return 1;
}

static struct pgw_day day_of(long days)
{
    struct pgw_day out;
    calendar_from_days(days, &out.year, &out.month, &out.day);
    return out;
}

/* '(T[0-9]{2}:[0-9]{2}(:[0-9]{2}([.,][0-9]+)?)?(Z|[+-][0-9]{2}(:?[0-9]{2})?)?)?$' from s. */
static int time_suffix_matches(const char *s, size_t n)
{
    size_t i = 0;

    if (n == 0) {
        return 1;
    }
    if (n < 6 || s[0] != 'T' || !all_digits(s + 1, 2) || s[3] != ':' || !all_digits(s + 4, 2)) {
        return 0;
    }
    i = 6;
    if (i + 3 <= n && s[i] == ':' && all_digits(s + i + 1, 2)) {
        i += 3;
        if (i + 2 <= n && (s[i] == '.' || s[i] == ',') && is_digit(s[i + 1])) {
            i++;
            while (i < n && is_digit(s[i])) {
                i++;
            }
        }
    }
    if (i == n) {
        return 1;
    }
    if (s[i] == 'Z') {
        return i + 1 == n;
    }
    if ((s[i] != '+' && s[i] != '-') || i + 3 > n || !all_digits(s + i + 1, 2)) {
        return 0;
    }
    i += 3;
    if (i == n) {
        return 1;
    }
    if (s[i] == ':') {
        i++;
    }
    return i + 2 == n && all_digits(s + i, 2);
}

static int single_range(const char *v, size_t n, struct pgw_day *start, struct pgw_day *end)
{
    int y, mo, d;

    if (n < 4 || !all_digits(v, 4)) {
        return 0; /* !~ '^[0-9]{4}' */
    }
    y = digits(v, 4);
    if (y < 1) {
        return 0;
    }
    if (n == 4) {
        *start = (struct pgw_day){y, 1, 1};
        *end = (struct pgw_day){y, 12, 31};
        return 1;
    }
    if (n >= 10 && v[4] == '-' && all_digits(v + 5, 2) && v[7] == '-' && all_digits(v + 8, 2) &&
        time_suffix_matches(v + 10, n - 10)) {
        mo = digits(v + 5, 2);
        d = digits(v + 8, 2);
        if (mo < 1 || mo > 12 || d < 1 || d > calendar_days_in_month(y, mo)) {
            return 0;
        }
        /* hh, mm and (after a ':') ss, as the function checks them. */
        if (n > 10 && (digits(v + 11, 2) > 24 || digits(v + 14, 2) > 59 ||
                       (n > 16 && v[16] == ':' && digits(v + 17, 2) > 60))) {
            return 0;
        }
        *start = *end = (struct pgw_day){y, mo, d};
        return 1;
    }
    if (n == 7 && v[4] == '-' && all_digits(v + 5, 2)) {
        mo = digits(v + 5, 2);
        if (mo < 1 || mo > 12) {
            return 0;
        }
        *start = (struct pgw_day){y, mo, 1};
        *end = (struct pgw_day){y, mo, calendar_days_in_month(y, mo)};
        return 1;
    }
    if (n == 7 && v[4] == '-' && v[5] == 'Q' && v[6] >= '1' && v[6] <= '4') {
        mo = 3 * (v[6] - '0') - 2;
        *start = (struct pgw_day){y, mo, 1};
        *end = (struct pgw_day){y, mo + 2, calendar_days_in_month(y, mo + 2)};
        return 1;
    }
    if (n == 8 && v[4] == '-' && v[5] == 'W' && all_digits(v + 6, 2)) {
        int week = digits(v + 6, 2);
        long jan4, monday;
        if (week < 1 || week > 53) {
            return 0;
        }
        /* Monday of ISO week 1 is the Monday on or before January 4th. */
        jan4 = calendar_to_days(y, 1, 4);
        monday = jan4 - calendar_weekday(jan4) + 7L * (week - 1);
        *start = day_of(monday);
        *end = day_of(monday + 6);
        return 1;
    }
    return 0;
}

static int day_before_or_same(const struct pgw_day *a, const struct pgw_day *b)
{
    return calendar_to_days(a->year, a->month, a->day) <=
           calendar_to_days(b->year, b->month, b->day);
}

int pgw_iso_date_range(const char *value, size_t len, struct pgw_day *start, struct pgw_day *end)
{
    size_t chars = 0, slash = len;
    struct pgw_day a_start, a_end, b_start, b_end;

    for (size_t i = 0; i < len; i++) {
        /* length() counts characters: every byte but UTF-8 continuation bytes. */
        chars += ((unsigned char)value[i] & 0xC0) != 0x80;
        if (value[i] == '/' && slash == len) {
            slash = i;
        } else if (value[i] == '/') {
            return 0; /* a second '/' */
        }
    }
    if (chars > 80) {
        return 0;
    }
    if (slash == len) {
        return single_range(value, len, start, end);
    }
    if (!single_range(value, slash, &a_start, &a_end) ||
        !single_range(value + slash + 1, len - slash - 1, &b_start, &b_end) ||
        !day_before_or_same(&a_start, &b_end)) {
        return 0;
    }
    *start = a_start;
    *end = b_end;
    return 1;
}

int pgw_day_format(const struct pgw_day *d, char *buf, size_t cap)
{
    int n = snprintf(buf, cap, "%04d-%02d-%02d", d->year, d->month, d->day);
    return n >= 0 && (size_t)n < cap ? n : -1;
}
