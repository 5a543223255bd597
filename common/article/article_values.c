#include "article_internal.h"

#include <stdio.h>
#include <string.h>

#include "calendar.h"

/* Describes the byte c for a message: 'x' when printable ASCII, else its hex value. */
static void describe_byte(unsigned char c, char *out, size_t cap)
{
    if (c > 0x20 && c < 0x7F && c != '\'') {
        snprintf(out, cap, "'%c'", c);
    } else if (c == ' ') {
        snprintf(out, cap, "a space");
    } else {
        snprintf(out, cap, "byte 0x%02X", c);
    }
}

static bool is_lower_alnum(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

bool article_value_source(const char *s, size_t len, char *why, size_t cap)
{
    if (len == 0) {
        snprintf(why, cap, "must not be empty");
        return false;
    }
    if (len > ARTICLE_SOURCE_MAX) {
        snprintf(why, cap, "is %zu bytes, longer than the %d allowed", len, ARTICLE_SOURCE_MAX);
        return false;
    }
    for (size_t i = 0; i < len; i++) {
        bool ok = is_lower_alnum(s[i]) || (i > 0 && (s[i] == '.' || s[i] == '_' || s[i] == '-'));
        if (!ok) {
            char what[16];
            describe_byte((unsigned char)s[i], what, sizeof what);
            snprintf(why, cap,
                     "has %s at byte %zu; a source is a-z, 0-9, '.', '_' and '-', starting with a "
                     "letter or digit",
                     what, i);
            return false;
        }
    }
    return true;
}

bool article_value_id(const char *s, size_t len, char *why, size_t cap)
{
    if (len == 0) {
        snprintf(why, cap, "must not be empty");
        return false;
    }
    if (len > ARTICLE_ID_MAX) {
        snprintf(why, cap, "is %zu bytes, longer than the %d allowed", len, ARTICLE_ID_MAX);
        return false;
    }
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c <= 0x20 || c >= 0x7F) {
            char what[16];
            describe_byte(c, what, sizeof what);
            snprintf(why, cap, "has %s at byte %zu; an id is visible ASCII without whitespace",
                     what, i);
            return false;
        }
    }
    return true;
}

static bool has_prefix_nocase(const char *s, size_t len, const char *prefix)
{
    size_t n = strlen(prefix);
    if (len < n) {
        return false;
    }
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c >= 'A' && c <= 'Z') {
            c = (char)(c - 'A' + 'a');
        }
        if (c != prefix[i]) {
            return false;
        }
    }
    return true;
}

bool article_value_url(const char *s, size_t len, char *why, size_t cap)
{
    size_t start;
    if (has_prefix_nocase(s, len, "http://")) {
        start = 7;
    } else if (has_prefix_nocase(s, len, "https://")) {
        start = 8;
    } else {
        snprintf(why, cap, "must be an absolute URL starting with http:// or https://");
        return false;
    }
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c <= 0x20 || c == 0x7F) {
            char what[16];
            describe_byte(c, what, sizeof what);
            snprintf(why, cap, "has %s at byte %zu; a URL has no whitespace or control characters",
                     what, i);
            return false;
        }
    }
    /* authority = [userinfo "@"] host [":" port], ending at the first '/', '?' or '#'. */
    size_t auth_end = start;
    while (auth_end < len && s[auth_end] != '/' && s[auth_end] != '?' && s[auth_end] != '#') {
        auth_end++;
    }
    size_t host = start;
    for (size_t i = start; i < auth_end; i++) {
        if (s[i] == '@') {
            host = i + 1;
        }
    }
    size_t host_end;
    if (host < auth_end && s[host] == '[') {
        host_end = host + 1;
        while (host_end < auth_end && s[host_end] != ']') {
            host_end++;
        }
        if (host_end == auth_end || host_end == host + 1) {
            snprintf(why, cap, "has an unterminated or empty IPv6 host");
            return false;
        }
        host_end++;
    } else {
        host_end = host;
        while (host_end < auth_end && s[host_end] != ':') {
            host_end++;
        }
    }
    if (host_end == host) {
        snprintf(why, cap, "has no host");
        return false;
    }
    if (host_end < auth_end) {
        if (s[host_end] != ':') {
            snprintf(why, cap, "has characters after the host that are not a port");
            return false;
        }
        size_t digits = auth_end - host_end - 1;
        unsigned long port = 0;
        for (size_t i = host_end + 1; i < auth_end; i++) {
            if (s[i] < '0' || s[i] > '9' || digits > 5) {
                snprintf(why, cap, "has an invalid port");
                return false;
            }
            port = port * 10 + (unsigned long)(s[i] - '0');
        }
        if (port > 65535) {
            snprintf(why, cap, "has an invalid port");
            return false;
        }
    }
    return true;
}

/* Reads exactly n digits at s[*i]; returns -1 when they are not all there. */
static int read_digits(const char *s, size_t len, size_t *i, int n)
{
    if (*i + (size_t)n > len) {
        return -1;
    }
    int v = 0;
    for (int k = 0; k < n; k++) {
        char c = s[*i + (size_t)k];
        if (c < '0' || c > '9') {
            return -1;
        }
        v = v * 10 + (c - '0');
    }
    *i += (size_t)n;
    return v;
}

static bool expect_char(const char *s, size_t len, size_t *i, char c)
{
    if (*i < len && s[*i] == c) {
        (*i)++;
        return true;
    }
    return false;
}

#define DATE_FORMS                                                                                 \
    "must be an ISO 8601 date (2020-07-15) or date-time with a UTC offset "                        \
    "(2020-07-15T21:29:00+07:00, seconds optional)"

/* RFC 3339 date-time (seconds optional, 'T', 't' or ' ' between date and time), or full-date.
 * The offset is required: a local time would be read in whatever zone the reader is in. */
bool article_value_published_at(const char *s, size_t len, char *why, size_t cap)
{
    size_t i = 0;
    int year = read_digits(s, len, &i, 4);
    int month = expect_char(s, len, &i, '-') ? read_digits(s, len, &i, 2) : -1;
    int day = expect_char(s, len, &i, '-') ? read_digits(s, len, &i, 2) : -1;
    if (year < 0 || month < 0 || day < 0) {
        snprintf(why, cap, DATE_FORMS);
        return false;
    }
    if (year == 0 || month < 1 || month > 12 || day < 1 ||
        day > calendar_days_in_month(year, month)) {
        snprintf(why, cap, "is not a real calendar date");
        return false;
    }
    if (i == len) {
        return true;
    }
    if (s[i] != 'T' && s[i] != 't' && s[i] != ' ') {
        snprintf(why, cap, DATE_FORMS);
        return false;
    }
    i++;
    int hour = read_digits(s, len, &i, 2);
    int minute = expect_char(s, len, &i, ':') ? read_digits(s, len, &i, 2) : -1;
    int second = 0;
    if (hour >= 0 && minute >= 0 && expect_char(s, len, &i, ':')) {
        second = read_digits(s, len, &i, 2);
        if (second >= 0 && expect_char(s, len, &i, '.')) {
            size_t first = i;
            while (i < len && s[i] >= '0' && s[i] <= '9') {
                i++;
            }
            if (i == first || i - first > 9) {
                second = -1;
            }
        }
    }
    if (hour < 0 || minute < 0 || second < 0) {
        snprintf(why, cap, DATE_FORMS);
        return false;
    }
    /* 60 admits a leap second, as RFC 3339 does. */
    if (hour > 23 || minute > 59 || second > 60) {
        snprintf(why, cap, "is not a real time of day");
        return false;
    }
    if (i == len) {
        snprintf(why, cap, "has no UTC offset; add Z or one like +07:00");
        return false;
    }
    if ((s[i] == 'Z' || s[i] == 'z') && i + 1 == len) {
        return true;
    }
    if (s[i] != '+' && s[i] != '-') {
        snprintf(why, cap, DATE_FORMS);
        return false;
    }
    i++;
    int off_hour = read_digits(s, len, &i, 2);
    int off_minute = expect_char(s, len, &i, ':') ? read_digits(s, len, &i, 2) : -1;
    if (off_hour < 0 || off_minute < 0 || i != len) {
        snprintf(why, cap, DATE_FORMS);
        return false;
    }
    /* Real zones span -12:00..+14:00; PostgreSQL rejects offsets much beyond that. */
    if (off_minute > 59 || off_hour * 60 + off_minute > 14 * 60) {
        snprintf(why, cap, "has a UTC offset beyond 14:00");
        return false;
    }
    return true;
}

bool article_value_lang(const char *s, size_t len, char *why, size_t cap)
{
    if ((len == 2 && memcmp(s, "vi", 2) == 0) || (len == 2 && memcmp(s, "en", 2) == 0)) {
        return true;
    }
    snprintf(why, cap, "must be \"vi\" or \"en\"");
    return false;
}

bool article_value_content_type(const char *s, size_t len, char *why, size_t cap)
{
    if ((len == 10 && memcmp(s, "text/plain", 10) == 0) ||
        (len == 9 && memcmp(s, "text/html", 9) == 0)) {
        return true;
    }
    snprintf(why, cap, "must be \"text/plain\" or \"text/html\"");
    return false;
}

/* White_Space plus the invisible characters editors leave in otherwise empty text. */
static bool is_blank_code_point(unsigned cp)
{
    if ((cp >= 0x09 && cp <= 0x0D) || cp == 0x20 || cp == 0x85 || cp == 0xA0 || cp == 0x1680) {
        return true;
    }
    if (cp >= 0x2000 && cp <= 0x200D) {
        return true; /* en quad .. zero width joiner */
    }
    return cp == 0x2028 || cp == 0x2029 || cp == 0x202F || cp == 0x205F || cp == 0x2060 ||
           cp == 0x3000 || cp == 0xFEFF;
}

bool article_text_is_blank(const char *s, size_t len)
{
    size_t i = 0;
    while (i < len) {
        if (!is_blank_code_point(article_utf8_next((const unsigned char *)s, len, &i))) {
            return false;
        }
    }
    return true;
}
