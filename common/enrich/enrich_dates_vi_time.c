/*
 * Vietnamese times of day: "14:30", "14h30", "14g30", "14 giờ 30 phút", "7 giờ sáng",
 * "8 giờ tối", and the lengths written the same way ("trong 24 giờ", "2 giờ đồng hồ").
 */
#include <stdio.h>
#include <string.h>

#include "enrich_dates_internal.h"

const char *const enrich_dates_vi_pods[] = {"sáng", "trưa",  "chiều",     "tối",
                                            "đêm",  "khuya", "rạng sáng", NULL};
enum pod { POD_MORNING, POD_NOON, POD_AFTERNOON, POD_EVENING, POD_NIGHT, POD_LATE, POD_DAWN };

/* Words after "N giờ" or before it that make it a length of time, not a time of day. */
static const char *const hour_duration_before[] = {"trong", "suốt", "mất",  "sau", "hơn",
                                                   "gần",   "dài",  "vòng", "mỗi", "chỉ",
                                                   "hàng",  "tròn", "còn",  "vì",  NULL};
/* "rút ngắn còn khoảng 1 giờ": an estimate between a duration word and the count. */
static const char *const hour_estimate[] = {"khoảng", "chừng", "độ", NULL};
static const char *const hour_duration_after[] = {"qua", "đồng hồ", "liên tục", "liền", "sau",
                                                  "nữa", "trước",   "làm việc", "bay",  NULL};

static bool is_digit_at(const struct enrich_dscan *sc, size_t p)
{
    return p < sc->len && sc->s[p] >= '0' && sc->s[p] <= '9';
}

static size_t sp(const struct enrich_dscan *sc, size_t p)
{
    return enrich_lex_spaces(sc->s, sc->len, p);
}

static size_t word(const struct enrich_dscan *sc, size_t p, const char *pat)
{
    return enrich_lex_match(sc->s, sc->len, p, pat);
}

void enrich_dates_duration_text(char *buf, size_t cap, const char *prefix, long whole, int frac,
                                int frac_digits, char unit)
{
    if (frac_digits > 0) {
        snprintf(buf, cap, "%s%ld.%0*d%c", prefix, whole, frac_digits, frac, unit);
    } else {
        snprintf(buf, cap, "%s%ld%c", prefix, whole, unit);
    }
}

static int adjust_hour(int hour, int pod)
{
    switch (pod) {
    case POD_NOON:
        return hour >= 1 && hour <= 4 ? hour + 12 : hour;
    case POD_AFTERNOON:
        return hour >= 1 && hour < 12 ? hour + 12 : hour;
    case POD_EVENING:
        return hour >= 4 && hour < 12 ? hour + 12 : (hour == 12 ? 24 : hour);
    case POD_NIGHT:
    case POD_LATE:
        return hour >= 6 && hour < 12 ? hour + 12 : (hour == 12 ? 24 : hour);
    default:
        return hour;
    }
}

/* A part of the day after a time: "sáng", "chiều"... Returns the end or 0. */
static size_t part_of_day(const struct enrich_dscan *sc, size_t p, int *pod)
{
    size_t q = sp(sc, p);
    if (q == p) {
        return 0;
    }
    return enrich_lex_match_any(sc->s, sc->len, q, enrich_dates_vi_pods, pod);
}

static bool hour_is_duration(const struct enrich_dscan *sc, size_t start, size_t end, int hour)
{
    char w[24];
    bool at = false;
    int pod;
    if (start >= 2 && sc->s[start - 1] == '-' && is_digit_at(sc, start - 2) &&
        !part_of_day(sc, end, &pod)) {
        return true; /* "2-3 giờ", but "2-3 giờ sáng" is a time */
    }
    size_t ws;
    if (enrich_lex_prev_folded(sc->s, start, w, sizeof(w), &ws)) {
        if (enrich_lex_in(w, hour_duration_before)) {
            return true;
        }
        char w2[24];
        if (enrich_lex_in(w, hour_estimate) &&
            enrich_lex_prev_folded(sc->s, ws, w2, sizeof(w2), NULL) &&
            enrich_lex_in(w2, hour_duration_before)) {
            return true;
        }
        at = strcmp(w, "lúc") == 0 || strcmp(w, "vào") == 0 || strcmp(w, "từ") == 0 ||
             strcmp(w, "đến") == 0;
    }
    if (hour > 24 || (hour == 24 && !at)) {
        return true;
    }
    size_t q = sp(sc, end);
    return q > end && enrich_lex_match_any(sc->s, sc->len, q, hour_duration_after, NULL) != 0;
}

/* "14:30", "14h30", "14h", "14g30", "14 giờ 30 phút", "7 giờ sáng". Returns the end or 0. */
size_t enrich_dates_vi_time(const struct enrich_dscan *sc, size_t pos, struct enrich_vi_time *t)
{
    const char *s = sc->s;
    int h;
    int k = enrich_lex_digits(s, sc->len, pos, &h);
    if (k == 0 || k > 3) {
        return 0;
    }
    memset(t, 0, sizeof(*t));
    t->minute = 0;
    size_t p = pos + (size_t)k;
    size_t end = 0;
    bool words = false; /* "giờ" or "h": may be a duration */
    if (p < sc->len && s[p] == ':' && k <= 2) {
        int m;
        if (enrich_lex_digits(s, sc->len, p + 1, &m) != 2 || h > 24 || m > 59) {
            return 0;
        }
        end = p + 3;
        if (end < sc->len && s[end] == ':' && is_digit_at(sc, end + 1)) {
            int sec;
            if (enrich_lex_digits(s, sc->len, end + 1, &sec) != 2) {
                return 0;
            }
            end += 3;
        }
        if (enrich_lex_word_at(s, sc->len, end) || (end < sc->len && s[end] == ':')) {
            return 0;
        }
        t->minute = m;
    } else if (p < sc->len && (s[p] == 'h' || s[p] == 'H' || s[p] == 'g')) {
        int m = 0, pod;
        int km = enrich_lex_digits(s, sc->len, p + 1, &m);
        /* "5g" alone is five grams; "19g tối qua" is a time. */
        bool grams = s[p] == 'g' && km != 2 && !(km == 0 && part_of_day(sc, p + 1, &pod));
        if (km > 2 || m > 59 || grams) {
            return 0;
        }
        end = p + 1 + (size_t)km;
        if (end < sc->len && s[end] == '\'') {
            end++;
        } else if (km > 0 && end < sc->len && s[end] == 'p' &&
                   !enrich_lex_word_at(s, sc->len, end + 1)) {
            end++; /* "14h30p" */
        }
        if (enrich_lex_word_at(s, sc->len, end)) {
            return 0; /* "14ha" is an area */
        }
        t->minute = m;
        words = km == 0;
    } else {
        size_t q = sp(sc, p);
        size_t g = q > p ? word(sc, q, "giờ") : 0;
        if (!g) {
            return 0;
        }
        end = g;
        words = true;
        size_t r = sp(sc, g);
        int m;
        int km = r > g ? enrich_lex_digits(s, sc->len, r, &m) : 0;
        if (km >= 1 && km <= 2 && m <= 59) {
            size_t after = r + (size_t)km;
            size_t ph = word(sc, sp(sc, after), "phút");
            if (ph) {
                end = ph;
                t->minute = m;
                words = false;
            } else if (!enrich_lex_word_at(s, sc->len, after) &&
                       !(after < sc->len &&
                         (s[after] == '/' || s[after] == '.' || s[after] == ',' ||
                          s[after] == ':') &&
                         is_digit_at(sc, after + 1))) {
                size_t nx = sp(sc, after);
                /* "14 giờ 30 người" would be a count, not minutes. */
                if (nx >= sc->len || !enrich_lex_word_at(s, sc->len, nx) ||
                    enrich_lex_match_any(s, sc->len, nx, enrich_dates_vi_pods, NULL) ||
                    word(sc, nx, "ngày") || word(sc, nx, "hôm") || word(sc, nx, "cùng")) {
                    end = after;
                    t->minute = m;
                    words = false;
                }
            }
        } else if (word(sc, r, "rưỡi")) {
            end = word(sc, r, "rưỡi");
            t->minute = 30;
            words = false;
        }
    }
    if (words && hour_is_duration(sc, pos, end, h)) {
        t->duration = true;
        enrich_dates_duration_text(t->duration_value, sizeof(t->duration_value), "PT", h, 0, 0,
                                   'H');
        return end;
    }
    if (h > 24 || (h == 24 && t->minute > 0)) {
        return 0;
    }
    if (!words && t->minute > 0 && hour_is_duration(sc, pos, end, h)) {
        /* Hours and minutes after "sau" or "hơn" may be a clock time ("sau 14 giờ 30"); after
         * "trong", "mất", "suốt", "còn" (an estimate between) they are how long: "rút ngắn còn
         * khoảng 1 giờ 30 phút", "mất 2 giờ 15 phút". */
        static const char *const spans[] = {"trong", "mất", "suốt", "còn", NULL};
        char w[16];
        size_t ws = pos;
        bool has = enrich_lex_prev_folded(sc->s, pos, w, sizeof(w), &ws) > 0;
        if (has && enrich_lex_in(w, hour_estimate)) {
            has = enrich_lex_prev_folded(sc->s, ws, w, sizeof(w), NULL) > 0;
        }
        if (has && enrich_lex_in(w, spans)) {
            t->duration = true;
            snprintf(t->duration_value, sizeof(t->duration_value), "PT%dH%dM", h, t->minute);
            return end;
        }
    }
    int pod;
    size_t pe = part_of_day(sc, end, &pod);
    if (pe) {
        h = adjust_hour(h, pod);
        end = pe;
        t->has_pod = true;
    }
    t->hour = h;
    return end;
}
