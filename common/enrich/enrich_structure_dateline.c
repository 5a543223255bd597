/*
 * Datelines: the line above an article that holds only when it was published. The line is read
 * as a sequence of date, time, zone, weekday and label tokens; one unknown word and it is not a
 * dateline, so a body sentence that starts with a date is never taken for one.
 */
#include <string.h>
#include <utf8proc.h>

#include "enrich_internal.h"
#include "enrich_utf8.h"

#define DATELINE_MAX_BYTES 160
#define PLACE_MAX_BYTES    48

struct parsed {
    int dates, times, zones;
    int year, month, day;
    int hour, minute, second;
    int offset;
};

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* Reads 1..max digits at s[i]; returns how many (0 when there are none or more than max). */
static size_t read_num(const char *s, size_t len, size_t i, size_t max, int *val)
{
    size_t k = 0;
    int v = 0;
    while (i + k < len && is_digit(s[i + k])) {
        if (k == max) {
            return 0;
        }
        v = v * 10 + (s[i + k] - '0');
        k++;
    }
    *val = v;
    return k;
}

/* Reads a word of letters at s[i] and writes it lowercased to out (NUL-terminated). Returns its
 * length in s, or 0 when there is no letter or the word does not fit. */
static size_t read_word(const char *s, size_t len, size_t i, char *out, size_t cap)
{
    size_t k = i, o = 0;
    while (k < len) {
        size_t adv;
        int32_t cp = enrich_utf8_decode((const unsigned char *)s + k, len - k, &adv);
        if (cp < 0 || !enrich_utf8_is_letter(cp)) {
            break;
        }
        char tmp[4];
        size_t n = enrich_utf8_encode(utf8proc_tolower(cp), tmp);
        if (o + n + 1 > cap) {
            return 0;
        }
        memcpy(out + o, tmp, n);
        o += n;
        k += adv;
    }
    out[o] = '\0';
    return k - i;
}

static int month_name(const char *w)
{
    static const char *const names[12] = {"january",   "february", "march",    "april",
                                          "may",       "june",     "july",     "august",
                                          "september", "october",  "november", "december"};
    size_t n = strlen(w);
    for (int m = 0; m < 12; m++) {
        if (strcmp(w, names[m]) == 0 || (n == 3 && strncmp(w, names[m], 3) == 0) ||
            (m == 8 && strcmp(w, "sept") == 0)) {
            return m + 1;
        }
    }
    return 0;
}

/* Words that may surround a date on a dateline: weekdays, "updated at", "posted on". */
static bool filler_word(const char *w)
{
    static const char *const words[] = {
        "thứ",     "hai",       "ba",     "tư",  "năm",    "sáu",     "bảy",       "chủ",
        "nhật",    "cn",        "cập",    "lúc", "ngày",   "đăng",    "giờ",       "posted",
        "updated", "published", "on",     "at",  "monday", "tuesday", "wednesday", "thursday",
        "friday",  "saturday",  "sunday", "mon", "tue",    "tues",    "wed",       "thu",
        "thur",    "thurs",     "fri",    "sat", "sun",    "ict"};
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++) {
        if (strcmp(w, words[i]) == 0) {
            return true;
        }
    }
    return false;
}

/* Skips spaces and the punctuation that separates dateline parts. */
static size_t skip_separators(const char *s, size_t len, size_t i)
{
    while (i < len) {
        unsigned char c = (unsigned char)s[i];
        if (c == ' ' || c == ',' || c == '-' || c == '|' || c == '(' || c == ')' || c == ':' ||
            c == '/' || c == '.' || c == '[' || c == ']') {
            i++;
        } else if (c == 0xE2 && i + 2 < len && (unsigned char)s[i + 1] == 0x80 &&
                   ((unsigned char)s[i + 2] == 0x93 || (unsigned char)s[i + 2] == 0x94 ||
                    (unsigned char)s[i + 2] == 0xA2)) {
            i += 3; /* – — • */
        } else if (c == 0xC2 && i + 1 < len && (unsigned char)s[i + 1] == 0xB7) {
            i += 2; /* · */
        } else {
            break;
        }
    }
    return i;
}

static size_t skip_spaces(const char *s, size_t len, size_t i)
{
    while (i < len && s[i] == ' ') {
        i++;
    }
    return i;
}

/* "+7", "+07", "+07:00", "+0700" after GMT/UTC or alone. Returns bytes read or 0. */
static size_t read_offset(const char *s, size_t len, size_t i, int *minutes)
{
    if (i >= len || (s[i] != '+' && s[i] != '-')) {
        return 0;
    }
    int sign = s[i] == '-' ? -1 : 1;
    int h, m = 0;
    size_t k = read_num(s, len, i + 1, 4, &h);
    if (k == 0) {
        return 0;
    }
    size_t end = i + 1 + k;
    if (k >= 3) { /* +0700 */
        m = h % 100;
        h /= 100;
    } else if (end + 2 < len && s[end] == ':' && is_digit(s[end + 1]) && is_digit(s[end + 2])) {
        m = (s[end + 1] - '0') * 10 + (s[end + 2] - '0');
        end += 3;
    }
    if (h > 14 || m > 59) {
        return 0;
    }
    *minutes = sign * (h * 60 + m);
    return end - i;
}

/* "am"/"pm" and the Vietnamese locale's "SA"/"CH" after a time. */
static size_t read_meridiem(const char *s, size_t len, size_t i, struct parsed *p)
{
    size_t k = skip_spaces(s, len, i);
    char w[16];
    size_t n = read_word(s, len, k, w, sizeof w);
    if (n == 0) {
        return 0;
    }
    bool am = strcmp(w, "am") == 0 || strcmp(w, "sa") == 0 || strcmp(w, "a") == 0;
    bool pm = strcmp(w, "pm") == 0 || strcmp(w, "ch") == 0 || strcmp(w, "p") == 0;
    if (!am && !pm) {
        return 0;
    }
    size_t end = k + n;
    if (end < len && s[end] == '.') { /* "p.m." */
        end++;
        char w2[8];
        size_t n2 = read_word(s, len, end, w2, sizeof w2);
        if (n2 == 1 && strcmp(w2, "m") == 0) {
            end += n2;
            if (end < len && s[end] == '.') {
                end++;
            }
        }
    }
    if (pm && p->hour >= 13 && p->hour <= 23) {
        /* CafeF's "28-10-2024 - 15:32 PM": a 24-hour time with a redundant PM, which agrees */
    } else if (p->hour < 1 || p->hour > 12) {
        p->hour = 99; /* "15:00 AM" cannot exist */
    } else if (pm && p->hour != 12) {
        p->hour += 12;
    } else if (am && p->hour == 12) {
        p->hour = 0;
    }
    return end - i;
}

/* A token that starts with a digit: a date, a time, or nothing this parser knows. */
static size_t read_numeric(const char *s, size_t len, size_t i, struct parsed *p)
{
    int a, b, c;
    size_t ka = read_num(s, len, i, 4, &a);
    if (ka == 0) {
        return 0;
    }
    size_t k = i + ka;
    /* yyyy-mm-dd */
    if (ka == 4 && k + 5 < len && (s[k] == '-' || s[k] == '/')) {
        size_t kb = read_num(s, len, k + 1, 2, &b);
        size_t sep2 = k + 1 + kb;
        if (kb > 0 && sep2 < len && s[sep2] == s[k]) {
            size_t kc = read_num(s, len, sep2 + 1, 2, &c);
            if (kc > 0) {
                p->dates++;
                p->year = a, p->month = b, p->day = c;
                size_t end = sep2 + 1 + kc;
                /* ISO 8601: "2023-11-05T20:45:00+07:00"; the time follows the 'T'. */
                if (end + 1 < len && (s[end] == 'T' || s[end] == 't') && is_digit(s[end + 1])) {
                    end++;
                }
                return end - i;
            }
        }
        return 0;
    }
    if (ka > 2) {
        return 0;
    }
    /* d/m/yyyy, d-m-yyyy, d.m.yyyy */
    if (k < len && (s[k] == '/' || s[k] == '-' || s[k] == '.')) {
        size_t kb = read_num(s, len, k + 1, 2, &b);
        size_t sep2 = k + 1 + kb;
        if (kb > 0 && sep2 < len && s[sep2] == s[k]) {
            size_t kc = read_num(s, len, sep2 + 1, 4, &c);
            if (kc == 4) {
                p->dates++;
                p->day = a, p->month = b, p->year = c;
                return sep2 + 1 + kc - i;
            }
        }
        return 0;
    }
    /* hh:mm[:ss], 21h29, 21h */
    if (k < len && (s[k] == ':' || s[k] == 'h' || s[k] == 'H' || s[k] == 'g')) {
        size_t kb = read_num(s, len, k + 1, 2, &b);
        if (s[k] == ':' && kb != 2) {
            return 0;
        }
        if (kb != 0 && kb != 2) {
            return 0;
        }
        size_t end = k + 1 + kb;
        if (end < len && enrich_utf8_is_letter((unsigned char)s[end]) && s[k] != ':') {
            return 0; /* "5ha" is not a time */
        }
        p->times++;
        p->hour = a;
        p->minute = kb ? b : 0;
        p->second = 0;
        if (s[k] == ':' && end + 2 < len && s[end] == ':' && is_digit(s[end + 1]) &&
            is_digit(s[end + 2])) {
            p->second = (s[end + 1] - '0') * 10 + (s[end + 2] - '0');
            end += 3;
        }
        if (end < len && s[end] == '\'') {
            end++;
        }
        end += read_meridiem(s, len, end, p);
        return end - i;
    }
    /* "15 tháng 7 năm 2020", "15 tháng 7, 2020", "15 July 2020" */
    size_t w = skip_spaces(s, len, k);
    char word[32];
    size_t wl = read_word(s, len, w, word, sizeof word);
    if (wl == 0) {
        return 0;
    }
    if (strcmp(word, "tháng") == 0) {
        size_t m0 = skip_spaces(s, len, w + wl);
        size_t kb = read_num(s, len, m0, 2, &b);
        if (kb == 0) {
            return 0;
        }
        size_t y0 = skip_separators(s, len, m0 + kb);
        char word2[16];
        size_t wl2 = read_word(s, len, y0, word2, sizeof word2);
        if (wl2 > 0 && strcmp(word2, "năm") == 0) {
            y0 = skip_spaces(s, len, y0 + wl2);
        }
        size_t kc = read_num(s, len, y0, 4, &c);
        if (kc != 4) {
            return 0;
        }
        p->dates++;
        p->day = a, p->month = b, p->year = c;
        return y0 + kc - i;
    }
    int month = month_name(word);
    if (month == 0) {
        return 0;
    }
    size_t y0 = skip_separators(s, len, w + wl);
    size_t kc = read_num(s, len, y0, 4, &c);
    if (kc != 4) {
        return 0;
    }
    p->dates++;
    p->day = a, p->month = month, p->year = c;
    return y0 + kc - i;
}

/* A token that starts with a letter: a month ("July 15, 2020"), a zone, a weekday or a label. */
static size_t read_alpha(const char *s, size_t len, size_t i, struct parsed *p)
{
    char word[32];
    size_t wl = read_word(s, len, i, word, sizeof word);
    if (wl == 0) {
        return 0;
    }
    size_t k = i + wl;
    int month = month_name(word);
    if (month > 0) {
        if (k < len && s[k] == '.') {
            k++;
        }
        size_t d0 = skip_spaces(s, len, k);
        int d, y;
        size_t kd = read_num(s, len, d0, 2, &d);
        if (kd == 0) {
            return 0;
        }
        size_t y0 = skip_separators(s, len, d0 + kd);
        size_t ky = read_num(s, len, y0, 4, &y);
        if (ky != 4) {
            return 0;
        }
        p->dates++;
        p->day = d, p->month = month, p->year = y;
        return y0 + ky - i;
    }
    if (strcmp(word, "gmt") == 0 || strcmp(word, "utc") == 0) {
        int off = 0;
        k += read_offset(s, len, k, &off);
        p->zones++;
        p->offset = off;
        return k - i;
    }
    if (strcmp(word, "z") == 0 && p->times == 1) { /* "…T13:45:00Z": UTC */
        p->zones++;
        p->offset = 0;
        return k - i;
    }
    if (strcmp(word, "ict") == 0) {
        p->zones++;
        p->offset = 420;
        return k - i;
    }
    if (strcmp(word, "thứ") == 0) {
        /* "Thứ 4": the weekday as a digit. */
        size_t d = skip_spaces(s, len, k);
        if (d < len && s[d] >= '2' && s[d] <= '8' && (d + 1 == len || !is_digit(s[d + 1]))) {
            return d + 1 - i;
        }
    }
    return filler_word(word) ? wl : 0;
}

/* "Cập nhật", "Updated" at line[i]. */
static bool update_label(const char *line, size_t len, size_t i)
{
    static const char *const labels[] = {"Cập nhật", "cập nhật", "CẬP NHẬT", "Updated", "updated"};
    for (size_t k = 0; k < sizeof labels / sizeof labels[0]; k++) {
        size_t l = strlen(labels[k]);
        if (i + l <= len && memcmp(line + i, labels[k], l) == 0) {
            return true;
        }
    }
    return false;
}

size_t enrich_dateline_start_limit(const char *s, size_t len)
{
    size_t run = 0;
    for (size_t i = len; i-- > 0;) {
        run = is_digit(s[i]) ? run + 1 : 0;
        if (run == 4) {
            return i + 1;
        }
    }
    return 0;
}

int enrich_dateline_parse(const char *line, size_t len, struct enrich_timestamp *out)
{
    /* Most lines tried are no dateline, and the words of one cost a lookup each before it is
     * turned down: a line without a year's four digits is turned down at once. */
    if (len == 0 || len > DATELINE_MAX_BYTES || enrich_dateline_start_limit(line, len) == 0) {
        return 0;
    }
    struct parsed p = {.offset = 420};
    size_t i = skip_separators(line, len, 0);
    while (i < len) {
        size_t n;
        if (is_digit(line[i])) {
            n = read_numeric(line, len, i, &p);
        } else if (line[i] == '+') {
            int off;
            n = read_offset(line, len, i, &off);
            if (n > 0) {
                p.zones++;
                p.offset = off;
            }
        } else {
            /* "Ngày đăng: 06/11/2023 - Cập nhật: 07/11/2023 10:00": once the publication date
             * is read, an update's label ends the line's part that matters; what follows must
             * still read as a dateline. */
            struct enrich_timestamp later;
            if (p.dates == 1 && update_label(line, len, i) &&
                enrich_dateline_parse(line + i, len - i, &later) != 0) {
                break;
            }
            n = read_alpha(line, len, i, &p);
        }
        if (n == 0) {
            return 0;
        }
        i = skip_separators(line, len, i + n);
    }
    if (p.dates != 1 || p.times > 1 || p.zones > 1) {
        return 0;
    }
    if (!enrich_timestamp_valid_date(p.year, p.month, p.day) || p.year < 1900 || p.year > 2200) {
        return -1;
    }
    struct enrich_timestamp t = {.m = {.known = true,
                                       .year = p.year,
                                       .month = p.month,
                                       .day = p.day,
                                       .hour = -1,
                                       .minute = -1,
                                       .tz_offset_minutes = p.offset},
                                 .has_offset = p.zones > 0};
    if (p.times == 1) {
        if (p.hour > 23 || p.minute > 59 || p.second > 59) {
            return -1;
        }
        t.m.hour = p.hour;
        t.m.minute = p.minute;
        t.second = p.second;
    }
    *out = t;
    return 1;
}

/* Bytes of a separator between a place and its date at s[i]: ", ", " - ", " – ", " — ", " | ".
 * 0 when there is none. */
static size_t place_separator(const char *s, size_t len, size_t i)
{
    if (s[i] == ',') {
        return i + 1 < len && s[i + 1] == ' ' ? 2 : 0;
    }
    if (s[i] != ' ') {
        return 0;
    }
    size_t k = i + 1, mark = 0;
    if (k < len && (s[k] == '-' || s[k] == '|')) {
        mark = 1;
    } else if (k + 2 < len && (unsigned char)s[k] == 0xE2 && (unsigned char)s[k + 1] == 0x80 &&
               ((unsigned char)s[k + 2] == 0x93 || (unsigned char)s[k + 2] == 0x94)) {
        mark = 3;
    }
    return mark > 0 && k + mark < len && s[k + mark] == ' ' ? 1 + mark + 1 : 0;
}

/* "Hà Nội", "TP.HCM", "TP. Hồ Chí Minh", "HÀ NỘI": one to five words, each opening with a
 * capital, made of letters, dots and hyphens only. A lowercase word ("Tin mới") is a phrase,
 * not a place. */
static bool place_name(const char *s, size_t len)
{
    size_t i = 0, words = 0;
    bool word_start = true;
    while (i < len) {
        size_t adv;
        int32_t cp = enrich_utf8_decode((const unsigned char *)s + i, len - i, &adv);
        if (cp == ' ') {
            if (word_start) {
                return false; /* two spaces or a leading one */
            }
            word_start = true;
            i += adv;
            continue;
        }
        if (word_start) {
            if (cp < 0 || !enrich_utf8_is_upper(cp) || ++words > 5) {
                return false;
            }
            word_start = false;
        } else if (cp < 0 || (!enrich_utf8_is_letter(cp) && cp != '.' && cp != '-')) {
            return false;
        }
        i += adv;
    }
    return words > 0 && !word_start;
}

int enrich_dateline_parse_placed(const char *line, size_t len, struct enrich_timestamp *out)
{
    if (len == 0 || len > DATELINE_MAX_BYTES) {
        return 0;
    }
    size_t limit = len < PLACE_MAX_BYTES ? len : PLACE_MAX_BYTES;
    for (size_t i = 1; i < limit; i++) {
        size_t sep = place_separator(line, len, i);
        if (sep == 0) {
            continue;
        }
        if (!place_name(line, i)) {
            return 0;
        }
        return enrich_dateline_parse(line + i + sep, len - i - sep, out);
    }
    return 0;
}
