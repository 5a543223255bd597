/*
 * Vietnamese date grammar: one expression at a time, starting at a word. Numbers are only
 * read as dates where the written form or a cue word says so, because Vietnamese news is full
 * of numbers that look like dates: document numbers ("08/2021/TT-BYT", "1234/QĐ-UBND"),
 * fractions ("2/3 số hộ"), scores ("2-1"), street names ("đường 30/4").
 *
 * Cue strength of the word before a number:
 *  strong: ngày, hôm, sáng, trưa, chiều, tối, đêm, khuya, rạng, a weekday ("thứ Hai,"), or a
 *          list continuing a date just mentioned ("15/7 và 16/7") -> "15/7", "15-7", "15.7"
 *  weak:   từ, đến, tới, vào, trước, sau, hết, cuối, đầu, giữa, trong -> "15/7", "7/2020", "2020"
 *  none:   only complete forms: "15/7/2020", "2021-2025", "10 năm", "14 giờ 30"
 *  "số" right before a number means a document or house number: never a date.
 */
#include <stdio.h>
#include <string.h>

#include "enrich_dates_internal.h"

enum cue { CUE_NONE = 0, CUE_YEAR, CUE_WEAK, CUE_STRONG, CUE_DOC };

static const char *const strong_cues[] = {"ngày", "hôm", "sáng",  "trưa", "chiều",
                                          "tối",  "đêm", "khuya", "rạng", NULL};
/* Before "15/7" (but not "15-7", which is also a count range "2-3"). */
static const char *const weak_cues[] = {"từ", "đến", "tới", "vào", "trước", "sau", "hết", NULL};
/* Before "7/2020" or "2020" only: "trong 2/3 số hộ" is a fraction. */
static const char *const year_cues[] = {"cuối", "đầu", "giữa", "trong", NULL};
static const char *const weekday_names[] = {"hai", "ba", "tư", "năm", "sáu", "bảy", "nhật",
                                            "2",   "3",  "4",  "5",   "6",   "7",   NULL};
static const char *const pods[] = {"sáng", "trưa",  "chiều",     "tối",
                                   "đêm",  "khuya", "rạng sáng", NULL};
enum pod { POD_MORNING, POD_NOON, POD_AFTERNOON, POD_EVENING, POD_NIGHT, POD_LATE, POD_DAWN };

/* Words after "N giờ" or before it that make it a length of time, not a time of day. */
static const char *const hour_duration_before[] = {
    "trong", "suốt", "mất", "sau", "hơn", "gần", "dài", "vòng", "mỗi", "chỉ", "hàng", "tròn", NULL};
static const char *const hour_duration_after[] = {"qua", "đồng hồ", "liên tục", "liền", "sau",
                                                  "nữa", "trước",   "làm việc", "bay",  NULL};
/* What may follow a bare year for it to be one ("Đến 2025, ..."). */
static const char *const year_followers[] = {
    "và",    "đến", "tới",  "thì",  "sẽ",   "đã",     "là",     "cho", "với",
    "có",    "trở", "theo", "so",   "khi",  "tại",    "của",    "này", "mà",
    "nhưng", "vẫn", "đều",  "cũng", "được", "khoảng", "trở đi", "về",  NULL};

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

/* "thứ Hai, 15/7", "Chủ nhật (19/7)" */
static bool weekday_before(const struct enrich_dscan *sc, size_t pos)
{
    size_t p = pos;
    while (p > 0 && sc->s[p - 1] == ' ') {
        p--;
    }
    if (p > 0 && (sc->s[p - 1] == ',' || sc->s[p - 1] == '(')) {
        p--;
    }
    char w[16];
    size_t ws;
    if (!enrich_lex_prev_folded(sc->s, p, w, sizeof(w), &ws) || !enrich_lex_in(w, weekday_names)) {
        return false;
    }
    char before[16];
    if (!enrich_lex_prev_folded(sc->s, ws, before, sizeof(before), NULL)) {
        return false;
    }
    return strcmp(before, "thứ") == 0 || (strcmp(before, "chủ") == 0 && strcmp(w, "nhật") == 0);
}

/* True when only spaces, a comma or an opening parenthesis, or "và" separate pos from the last
 * mention. */
static bool continues_list(const struct enrich_dscan *sc, size_t pos)
{
    if (!sc->any_emitted || sc->last_end > pos || sc->last_end < sc->para_start) {
        return false;
    }
    size_t p = sp(sc, sc->last_end);
    if (p < pos && (sc->s[p] == ',' || sc->s[p] == '(')) {
        p = sp(sc, p + 1); /* "hôm nay (15/7)" repeats the day as a date */
    }
    size_t w = word(sc, p, "và");
    if (w) {
        p = sp(sc, w);
    }
    return p == pos && pos > sc->last_end;
}

static enum cue cue_before(const struct enrich_dscan *sc, size_t pos)
{
    char w[24];
    bool has_word = enrich_lex_prev_folded(sc->s, pos, w, sizeof(w), NULL) > 0;
    if (has_word && strcmp(w, "số") == 0) {
        return CUE_DOC;
    }
    /* A weekday is "thứ Hai" right before, or before a comma or a parenthesis. */
    size_t p = pos;
    while (p > 0 && sc->s[p - 1] == ' ') {
        p--;
    }
    bool weekday_possible = (has_word && enrich_lex_in(w, weekday_names)) ||
                            (p > 0 && (sc->s[p - 1] == ',' || sc->s[p - 1] == '('));
    if ((has_word && enrich_lex_in(w, strong_cues)) ||
        (weekday_possible && weekday_before(sc, pos)) || continues_list(sc, pos)) {
        return CUE_STRONG;
    }
    if (has_word && enrich_lex_in(w, weak_cues)) {
        return CUE_WEAK;
    }
    if (has_word && enrich_lex_in(w, year_cues)) {
        return CUE_YEAR;
    }
    return CUE_NONE;
}

static bool tail_ok(const struct enrich_dscan *sc, size_t p)
{
    return enrich_dates_tail_ok(sc, p);
}

/* A bare year stands alone: punctuation, the end of the line, or a linking word follows. */
static bool year_tail_ok(const struct enrich_dscan *sc, size_t p)
{
    if (!tail_ok(sc, p)) {
        return false;
    }
    size_t q = sp(sc, p);
    if (q >= sc->len || sc->s[q] == '\n') {
        return true;
    }
    if (enrich_lex_word_at(sc->s, sc->len, q)) {
        return q > p && enrich_lex_match_any(sc->s, sc->len, q, year_followers, NULL) != 0;
    }
    return true;
}

static bool plausible_year(int y)
{
    return y >= 1000 && y <= 2199;
}

/* ---- Times of day ---- */

struct vi_time {
    int hour, minute;
    bool duration; /* "trong 24 giờ": a length, see duration[] */
    bool has_pod;  /* a part of the day followed: "7 giờ sáng" */
    char duration_value[24];
};

static void set_duration(char *buf, size_t cap, const char *prefix, long whole, int frac,
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
    return enrich_lex_match_any(sc->s, sc->len, q, pods, pod);
}

static bool hour_is_duration(const struct enrich_dscan *sc, size_t start, size_t end, int hour)
{
    char w[24];
    bool at = false;
    if (enrich_lex_prev_folded(sc->s, start, w, sizeof(w), NULL)) {
        if (enrich_lex_in(w, hour_duration_before)) {
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
static size_t vi_time(const struct enrich_dscan *sc, size_t pos, struct vi_time *t)
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
        int m = 0;
        int km = enrich_lex_digits(s, sc->len, p + 1, &m);
        if (km > 2 || m > 59 || (s[p] == 'g' && km != 2)) {
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
                    enrich_lex_match_any(s, sc->len, nx, pods, NULL) || word(sc, nx, "ngày") ||
                    word(sc, nx, "hôm") || word(sc, nx, "cùng")) {
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
        set_duration(t->duration_value, sizeof(t->duration_value), "PT", h, 0, 0, 'H');
        return end;
    }
    if (h > 24 || (h == 24 && t->minute > 0)) {
        return 0;
    }
    if (!words && t->minute > 0 && hour_is_duration(sc, pos, end, h)) {
        char w[16];
        if (enrich_lex_prev_folded(sc->s, pos, w, sizeof(w), NULL) && strcmp(w, "trong") == 0) {
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

/* ---- Single expressions ---- */

static void set_span(struct enrich_dexpr *dx, size_t start, size_t end)
{
    dx->start = start;
    dx->end = end;
}

static size_t vi_numeric(struct enrich_dscan *sc, size_t pos, unsigned flags,
                         struct enrich_dexpr *dx);

/* "hôm nay", "hôm qua", "hôm kia" after "hôm" (p is after the spaces). */
static size_t hom_relative(struct enrich_dscan *sc, size_t p, struct enrich_dpoint *pt)
{
    static const char *const rel[] = {"nay", "qua", "kia", NULL};
    static const int offset[] = {0, -1, -2};
    int which;
    size_t e = enrich_lex_match_any(sc->s, sc->len, p, rel, &which);
    if (e) {
        enrich_dates_rel_day(sc, offset[which], pt);
    }
    return e;
}

/* A date of day precision after a cue word (p is the first word after it). */
static size_t day_after_cue(struct enrich_dscan *sc, size_t p, unsigned flags,
                            struct enrich_dexpr *dx)
{
    if (!is_digit_at(sc, p)) {
        return 0;
    }
    size_t e = vi_numeric(sc, p, flags | DX_CUE, dx);
    if (!e) {
        return 0;
    }
    if (dx->kind == DX_POINT && dx->a.prec >= DPREC_DAY && !dx->a.date_missing) {
        return e;
    }
    if (dx->kind == DX_PERIOD && dx->a.prec == DPREC_DAY) {
        return e;
    }
    return 0;
}

static size_t vi_ngay(struct enrich_dscan *sc, size_t pos, size_t after, unsigned flags,
                      struct enrich_dexpr *dx)
{
    size_t p = sp(sc, after);
    if (p == after) {
        return 0;
    }
    size_t e;
    if (is_digit_at(sc, p)) {
        e = day_after_cue(sc, p, flags | DX_DAY_ONLY, dx);
        if (e) {
            dx->start = pos;
        }
        return e;
    }
    dx->kind = DX_POINT;
    if ((e = word(sc, p, "mai"))) {
        enrich_dates_rel_day(sc, 1, &dx->a);
    } else if ((e = word(sc, p, "kia"))) {
        enrich_dates_rel_day(sc, 2, &dx->a);
    } else if ((e = word(sc, p, "hôm"))) {
        e = hom_relative(sc, sp(sc, e), &dx->a);
    }
    if (e) {
        set_span(dx, pos, e);
    }
    return e;
}

static size_t vi_hom(struct enrich_dscan *sc, size_t pos, size_t after, unsigned flags,
                     struct enrich_dexpr *dx)
{
    size_t p = sp(sc, after);
    if (p == after) {
        return 0;
    }
    size_t e = hom_relative(sc, p, &dx->a);
    if (e) {
        dx->kind = DX_POINT;
        set_span(dx, pos, e);
        return e;
    }
    e = day_after_cue(sc, p, flags, dx);
    if (e) {
        dx->start = pos;
    }
    return e;
}

/* "sáng nay", "tối qua", "chiều mai", "sáng 15/7", "đêm 14/7". */
static size_t vi_pod(struct enrich_dscan *sc, size_t pos, size_t after, unsigned flags,
                     struct enrich_dexpr *dx)
{
    size_t p = sp(sc, after);
    if (p == after) {
        return 0;
    }
    size_t e;
    dx->kind = DX_POINT;
    if ((e = word(sc, p, "nay"))) {
        enrich_dates_rel_day(sc, 0, &dx->a);
    } else if ((e = word(sc, p, "qua"))) {
        enrich_dates_rel_day(sc, -1, &dx->a);
    } else if (sc->s[p] == 'm' && (e = word(sc, p, "mai"))) {
        /* Lowercase only: "chiều Mai" is a person. */
        enrich_dates_rel_day(sc, 1, &dx->a);
    } else if ((e = word(sc, p, "hôm"))) {
        e = hom_relative(sc, sp(sc, e), &dx->a);
    } else if ((e = word(sc, p, "ngày"))) {
        e = vi_ngay(sc, p, e, flags, dx);
        if (e && (dx->kind != DX_POINT || dx->a.month_missing)) {
            e = 0;
        }
    } else {
        e = day_after_cue(sc, p, flags, dx);
        if (e && dx->kind == DX_POINT && dx->a.month_missing) {
            e = 0;
        }
    }
    if (e) {
        set_span(dx, pos, e);
    }
    return e;
}

/* The year after "năm": digits or a relative word. Returns the end or 0; *rel_unknown is set
 * when the year is relative and the publication moment unknown. */
static size_t year_word(struct enrich_dscan *sc, size_t p, int *year, bool *unknown)
{
    static const char *const rel[] = {"nay", "ngoái", "kia", "trước", "sau", "tới", NULL};
    static const int offset[] = {0, -1, -2, -1, 1, 1};
    int y;
    int k = enrich_lex_digits(sc->s, sc->len, p, &y);
    *unknown = false;
    if (k == 4 && plausible_year(y) && tail_ok(sc, p + 4)) {
        *year = y;
        return p + 4;
    }
    if (k > 0) {
        return 0;
    }
    int which;
    size_t e = enrich_lex_match_any(sc->s, sc->len, p, rel, &which);
    if (!e) {
        return 0;
    }
    if (which >= 3) {
        /* "năm trước đó", "năm sau nữa" are relative to the story, not to the article. */
        size_t q = sp(sc, e);
        if (word(sc, q, "đó") || word(sc, q, "nữa")) {
            return 0;
        }
    }
    const struct enrich_moment *pub = &sc->doc->published;
    if (!pub->known) {
        *unknown = true;
        *year = 0;
    } else {
        *year = pub->year + offset[which];
    }
    return e;
}

/* "năm 2020", "năm nay", "năm 2020-2021", "năm học 2020-2021". */
static size_t vi_nam(struct enrich_dscan *sc, size_t pos, size_t after, struct enrich_dexpr *dx)
{
    size_t p = sp(sc, after);
    if (p == after) {
        return 0;
    }
    int y;
    bool unknown;
    size_t e = year_word(sc, p, &y, &unknown);
    if (!e) {
        return 0;
    }
    dx->kind = DX_POINT;
    enrich_dates_point_year(&dx->a, y);
    dx->a.unknown = unknown;
    set_span(dx, pos, e);
    if (unknown || !is_digit_at(sc, p)) {
        return e;
    }
    /* "năm 2020 - 2021" */
    size_t q = sp(sc, e);
    size_t d = enrich_lex_dash(sc->s, sc->len, q);
    int y2;
    if (d && enrich_lex_digits(sc->s, sc->len, sp(sc, q + d), &y2) == 4 && y2 > y &&
        y2 - y <= 100 && tail_ok(sc, sp(sc, q + d) + 4)) {
        dx->kind = DX_PERIOD;
        enrich_dates_point_year(&dx->b, y2);
        dx->end = sp(sc, q + d) + 4;
        return dx->end;
    }
    return e;
}

/* "YYYY - YYYY" at p; fills a period and returns its end, or 0. */
static size_t year_range(struct enrich_dscan *sc, size_t p, struct enrich_dexpr *dx)
{
    int y1, y2;
    if (enrich_lex_digits(sc->s, sc->len, p, &y1) != 4 || !plausible_year(y1)) {
        return 0;
    }
    size_t q = sp(sc, p + 4);
    size_t d = enrich_lex_dash(sc->s, sc->len, q);
    if (!d) {
        return 0;
    }
    size_t r = sp(sc, q + d);
    if (enrich_lex_digits(sc->s, sc->len, r, &y2) != 4 || y2 <= y1 || y2 - y1 > 100 ||
        !tail_ok(sc, r + 4)) {
        return 0;
    }
    dx->kind = DX_PERIOD;
    enrich_dates_point_year(&dx->a, y1);
    enrich_dates_point_year(&dx->b, y2);
    return r + 4;
}

/* "giai đoạn 2021-2025", "nhiệm kỳ 2020 - 2025", "năm học 2020-2021". */
static size_t vi_period_cue(struct enrich_dscan *sc, size_t pos, size_t after,
                            struct enrich_dexpr *dx)
{
    size_t p = sp(sc, after);
    if (p == after) {
        return 0;
    }
    size_t e = year_range(sc, p, dx);
    if (e) {
        set_span(dx, pos, e);
    }
    return e;
}

/* "thập niên 1990" -> 1990/1999 */
static size_t vi_decade(struct enrich_dscan *sc, size_t pos, size_t after, struct enrich_dexpr *dx)
{
    size_t p = sp(sc, after);
    int y;
    if (p == after || enrich_lex_digits(sc->s, sc->len, p, &y) != 4 || y % 10 != 0 ||
        !plausible_year(y) || !tail_ok(sc, p + 4)) {
        return 0;
    }
    dx->kind = DX_PERIOD;
    enrich_dates_point_year(&dx->a, y);
    enrich_dates_point_year(&dx->b, y + 9);
    set_span(dx, pos, p + 4);
    return p + 4;
}

/* A month number with its year: "7/2020", "7-2020", "7 năm 2020", or none (year_missing). */
static size_t month_with_year(struct enrich_dscan *sc, size_t p, struct enrich_dpoint *pt)
{
    int m;
    int k = enrich_lex_digits(sc->s, sc->len, p, &m);
    if (k == 0 || k > 2 || m < 1 || m > 12) {
        return 0;
    }
    size_t e = p + (size_t)k;
    enrich_dates_point_month(pt, 0, m);
    if (e < sc->len && (sc->s[e] == '/' || sc->s[e] == '-' || sc->s[e] == '.') &&
        is_digit_at(sc, e + 1)) {
        int y;
        if (enrich_lex_digits(sc->s, sc->len, e + 1, &y) == 4 && plausible_year(y) &&
            tail_ok(sc, e + 5)) {
            pt->year = y;
            return e + 5;
        }
        if (sc->s[e] == '-') {
            pt->year_missing = true;
            return e; /* "tháng 1-6/2020": the caller reads the range */
        }
        return 0;
    }
    if (!tail_ok(sc, e)) {
        return 0;
    }
    size_t q = sp(sc, e);
    size_t n = q > e ? word(sc, q, "năm") : 0;
    if (n) {
        int y;
        bool unknown;
        size_t ye = year_word(sc, sp(sc, n), &y, &unknown);
        if (ye && sp(sc, n) > n) {
            pt->year = y;
            pt->unknown = unknown;
            return ye;
        }
    }
    pt->year_missing = true;
    return e;
}

/* "tháng 7/2020", "tháng 7 năm 2020", "tháng 7", "tháng 1-6/2020", "tháng này". */
static size_t vi_thang(struct enrich_dscan *sc, size_t pos, size_t after, unsigned flags,
                       struct enrich_dexpr *dx)
{
    size_t p = sp(sc, after);
    if (p == after) {
        return 0;
    }
    size_t ws, we;
    if (enrich_lex_prev_word(sc->s, pos, &ws, &we) && is_digit_at(sc, ws)) {
        return 0; /* "đường 3 tháng 2" names a street after a date */
    }
    size_t e;
    if (!is_digit_at(sc, p)) {
        static const char *const rel[] = {"này", "trước", "tới", "sau", NULL};
        static const int offset[] = {0, -1, 1, 1};
        int which;
        e = enrich_lex_match_any(sc->s, sc->len, p, rel, &which);
        if (!e || (which != 0 && word(sc, sp(sc, e), "đó"))) {
            return 0;
        }
        dx->kind = DX_POINT;
        enrich_dates_rel_month(sc, offset[which], &dx->a);
        set_span(dx, pos, e);
        return e;
    }
    e = month_with_year(sc, p, &dx->a);
    if (!e) {
        return 0;
    }
    dx->kind = DX_POINT;
    set_span(dx, pos, e);
    if (!dx->a.year_missing || (flags & DX_NOCOMBO)) {
        return e;
    }
    /* "tháng 1 - 6/2020", "tháng 1 đến tháng 6 năm 2020" */
    size_t q = sp(sc, e);
    size_t c = enrich_lex_dash(sc->s, sc->len, q);
    if (c) {
        c = sp(sc, q + c);
    } else if ((c = word(sc, q, "đến")) || (c = word(sc, q, "tới"))) {
        c = sp(sc, c);
    }
    if (!c) {
        return e;
    }
    size_t t = word(sc, c, "tháng");
    if (t) {
        c = sp(sc, t);
    }
    struct enrich_dpoint b;
    size_t be = month_with_year(sc, c, &b);
    if (!be || b.month <= dx->a.month || (be < sc->len && sc->s[be] == '-')) {
        return e;
    }
    dx->kind = DX_PERIOD;
    dx->b = b;
    dx->end = be;
    return be;
}

/* Quarter number: Roman I-IV (uppercase) or 1-4. */
static size_t quarter_number(struct enrich_dscan *sc, size_t p, int *q)
{
    static const char *const roman[] = {"I", "II", "III", "IV", NULL};
    for (int i = 3; i >= 0; i--) {
        size_t n = strlen(roman[i]);
        if (p + n <= sc->len && memcmp(sc->s + p, roman[i], n) == 0 &&
            !enrich_lex_word_at(sc->s, sc->len, p + n)) {
            *q = i + 1;
            return p + n;
        }
    }
    int v;
    if (enrich_lex_digits(sc->s, sc->len, p, &v) == 1 && v >= 1 && v <= 4) {
        *q = v;
        return p + 1;
    }
    return 0;
}

static void quarter_period(struct enrich_dexpr *dx, int year, int first_month, int months)
{
    int last = first_month + months - 1;
    dx->kind = DX_PERIOD;
    enrich_dates_point_day(&dx->a, year, first_month, 1);
    enrich_dates_point_day(&dx->b, year, last, enrich_cal_days_in_month(year, last));
}

/* Year after a quarter or a half: "/2020", "-2020", " năm 2020", " năm nay". */
static size_t period_year(struct enrich_dscan *sc, size_t p, int *year, bool *unknown,
                          bool *missing)
{
    *missing = false;
    *unknown = false;
    if (p < sc->len && (sc->s[p] == '/' || sc->s[p] == '-')) {
        int y;
        if (enrich_lex_digits(sc->s, sc->len, p + 1, &y) == 4 && plausible_year(y) &&
            tail_ok(sc, p + 5)) {
            *year = y;
            return p + 5;
        }
        return 0;
    }
    if (!tail_ok(sc, p)) {
        return 0;
    }
    size_t q = sp(sc, p);
    size_t n = q > p ? word(sc, q, "năm") : 0;
    if (n) {
        size_t ye = year_word(sc, sp(sc, n), year, unknown);
        if (ye && sp(sc, n) > n) {
            return ye;
        }
    }
    *missing = true;
    return p;
}

static void mark_year(struct enrich_dexpr *dx, bool unknown, bool missing)
{
    dx->a.unknown = dx->b.unknown = unknown;
    dx->a.year_missing = dx->b.year_missing = missing;
}

/* "quý I/2020", "quý 2 năm 2020", "quý III" */
static size_t vi_quy(struct enrich_dscan *sc, size_t pos, size_t after, struct enrich_dexpr *dx)
{
    size_t p = sp(sc, after);
    int q;
    size_t e = p > after ? quarter_number(sc, p, &q) : 0;
    if (!e) {
        return 0;
    }
    /* "quý I-III/2020": quarters one to three */
    int last = q;
    size_t d = enrich_lex_dash(sc->s, sc->len, e);
    int q2;
    size_t e2 = d ? quarter_number(sc, e + d, &q2) : 0;
    if (e2 && q2 > q) {
        last = q2;
        e = e2;
    }
    int year = 2000;
    bool unknown, missing;
    size_t ye = period_year(sc, e, &year, &unknown, &missing);
    if (!ye) {
        return 0;
    }
    quarter_period(dx, missing || unknown ? 2000 : year, 3 * q - 2, 3 * (last - q + 1));
    mark_year(dx, unknown, missing);
    set_span(dx, pos, ye);
    return ye;
}

/* The publication year, for "6 tháng đầu năm" written without one. */
static void current_year(const struct enrich_dscan *sc, int *year, bool *unknown)
{
    *unknown = !sc->doc->published.known;
    *year = *unknown ? 2000 : sc->doc->published.year;
}

/* "nửa đầu năm 2020", "nửa cuối năm" */
static size_t vi_half(struct enrich_dscan *sc, size_t pos, size_t after, struct enrich_dexpr *dx)
{
    size_t p = sp(sc, after);
    size_t e;
    int first;
    if ((e = word(sc, p, "đầu năm"))) {
        first = 1;
    } else if ((e = word(sc, p, "cuối năm"))) {
        first = 7;
    } else {
        return 0;
    }
    int year;
    bool unknown;
    size_t q = sp(sc, e);
    size_t ye = q > e ? year_word(sc, q, &year, &unknown) : 0;
    if (!ye) {
        current_year(sc, &year, &unknown);
        ye = e;
    }
    quarter_period(dx, unknown ? 2000 : year, first, 6);
    mark_year(dx, unknown, false);
    set_span(dx, pos, ye);
    return ye;
}

/* Word numerals before a unit of time: "hai năm", "mười năm", "hai mươi lăm năm". */
static size_t numeral(struct enrich_dscan *sc, size_t p, int *value)
{
    static const char *const units[] = {"một", "hai", "ba",  "bốn",  "năm",
                                        "sáu", "bảy", "tám", "chín", NULL};
    int which;
    size_t e;
    if ((e = word(sc, p, "mười"))) {
        *value = 10;
        size_t q = sp(sc, e);
        size_t f;
        if ((f = word(sc, q, "lăm"))) {
            *value = 15;
            return f;
        }
        if ((f = enrich_lex_match_any(sc->s, sc->len, q, units, &which)) && which != 4) {
            *value = 10 + which + 1;
            return f;
        }
        return e;
    }
    e = enrich_lex_match_any(sc->s, sc->len, p, units, &which);
    if (!e || which == 4) {
        return 0; /* "năm" is the year word far more often than the number five */
    }
    *value = which + 1;
    size_t q = sp(sc, e);
    size_t t = word(sc, q, "mươi");
    if (!t || which == 0) {
        return e;
    }
    *value *= 10;
    size_t r = sp(sc, t);
    size_t f;
    if ((f = word(sc, r, "mốt"))) {
        *value += 1;
        return f;
    }
    if ((f = word(sc, r, "lăm")) || (f = word(sc, r, "tư"))) {
        *value += (sc->s[r] == 'l' || sc->s[r] == 'L') ? 5 : 4;
        return f;
    }
    if ((f = enrich_lex_match_any(sc->s, sc->len, r, units, &which)) && which != 4) {
        *value += which + 1;
        return f;
    }
    return t;
}

static const char *const duration_units[] = {"năm",       "tháng",  "tuần", "ngày", "thập kỷ",
                                             "thập niên", "thế kỷ", "phút", NULL};

/* A unit of time after a count. Fills the ISO duration; returns the end or 0. */
static size_t duration_unit(struct enrich_dscan *sc, size_t p, long whole, int frac,
                            int frac_digits, struct enrich_dexpr *dx)
{
    int which;
    size_t e = enrich_lex_match_any(sc->s, sc->len, p, duration_units, &which);
    if (!e) {
        return 0;
    }
    if (which == 0) {
        /* "5 năm tuổi" is an age; "năm 2020" after a count is not a length. */
        size_t q = sp(sc, e);
        if (word(sc, q, "tuổi")) {
            return 0;
        }
    }
    static const char unit[] = {'Y', 'M', 'W', 'D', 'Y', 'Y', 'Y', 'M'};
    static const long scale[] = {1, 1, 1, 1, 10, 10, 100, 1};
    const char *prefix = which == 7 ? "PT" : "P";
    if (scale[which] != 1) {
        if (frac_digits > 0) {
            return 0;
        }
        whole *= scale[which];
    }
    dx->kind = DX_DURATION;
    set_duration(dx->duration, sizeof(dx->duration), prefix, whole, frac, frac_digits, unit[which]);
    return e;
}

static size_t vi_numeral_duration(struct enrich_dscan *sc, size_t pos, struct enrich_dexpr *dx)
{
    int v;
    size_t e = numeral(sc, pos, &v);
    if (!e) {
        return 0;
    }
    char w[16];
    if (enrich_lex_prev_folded(sc->s, pos, w, sizeof(w), NULL) &&
        (strcmp(w, "thứ") == 0 || strcmp(w, "lần") == 0)) {
        return 0; /* "thứ hai tuần trước" is a weekday */
    }
    size_t q = sp(sc, e);
    size_t u = q > e ? duration_unit(sc, q, v, 0, 0, dx) : 0;
    if (!u) {
        return 0;
    }
    set_span(dx, pos, u);
    return u;
}

/* "tuần này", "tuần trước", "tuần tới", "tuần qua" */
static size_t vi_tuan(struct enrich_dscan *sc, size_t pos, size_t after, struct enrich_dexpr *dx)
{
    static const char *const rel[] = {"này", "trước", "tới", "sau", "qua", NULL};
    static const int offset[] = {0, -1, 1, 1, 0};
    size_t p = sp(sc, after);
    int which;
    size_t e = p > after ? enrich_lex_match_any(sc->s, sc->len, p, rel, &which) : 0;
    if (!e || (which != 0 && word(sc, sp(sc, e), "đó"))) {
        return 0;
    }
    if (which == 4) {
        /* "tuần qua": the seven days up to the publication day */
        dx->kind = DX_PERIOD;
        enrich_dates_rel_day(sc, -6, &dx->a);
        enrich_dates_rel_day(sc, 0, &dx->b);
    } else {
        enrich_dates_rel_week(sc, offset[which], dx);
    }
    set_span(dx, pos, e);
    return e;
}

/* ---- Numbers first ---- */

/* "6 tháng đầu năm 2020", "9 tháng năm 2020", "6 tháng cuối năm", or 0. */
static size_t months_of_year(struct enrich_dscan *sc, size_t pos, int n, size_t after_thang,
                             struct enrich_dexpr *dx)
{
    if (n < 1 || n > 12) {
        return 0;
    }
    size_t p = sp(sc, after_thang);
    size_t e;
    bool last = false;
    if ((e = word(sc, p, "đầu năm"))) {
        last = false;
    } else if ((e = word(sc, p, "cuối năm"))) {
        last = true;
    } else if ((e = word(sc, p, "năm"))) {
        size_t q = sp(sc, e);
        int y;
        bool unknown;
        size_t ye = q > e ? year_word(sc, q, &y, &unknown) : 0;
        if (!ye) {
            return 0; /* "3 tháng năm ..." without a year is not this form */
        }
        quarter_period(dx, unknown ? 2000 : y, 1, n);
        mark_year(dx, unknown, false);
        set_span(dx, pos, ye);
        return ye;
    } else {
        return 0;
    }
    int year;
    bool unknown;
    size_t q = sp(sc, e);
    size_t ye = q > e ? year_word(sc, q, &year, &unknown) : 0;
    if (!ye) {
        current_year(sc, &year, &unknown);
        ye = e;
    }
    quarter_period(dx, unknown ? 2000 : year, last ? 13 - n : 1, n);
    mark_year(dx, unknown, false);
    set_span(dx, pos, ye);
    return ye;
}

/* "15 tháng 7 năm 2020" without "ngày": a date when the year follows or a cue precedes. */
static size_t day_month_words(struct enrich_dscan *sc, size_t pos, int day, size_t after_thang,
                              bool cued, struct enrich_dexpr *dx)
{
    size_t p = sp(sc, after_thang);
    struct enrich_dpoint pt;
    size_t e = p > after_thang ? month_with_year(sc, p, &pt) : 0;
    if (!e || (e < sc->len && sc->s[e] == '-') || (pt.year_missing && !cued)) {
        return 0;
    }
    int dim = enrich_cal_days_in_month(pt.year_missing || pt.unknown ? 2000 : pt.year, pt.month);
    if (day < 1 || day > dim) {
        return 0;
    }
    bool missing = pt.year_missing, unknown = pt.unknown;
    enrich_dates_point_day(&dx->a, pt.year, pt.month, day);
    dx->a.year_missing = missing;
    dx->a.unknown = unknown;
    dx->kind = DX_POINT;
    set_span(dx, pos, e);
    return e;
}

static size_t vi_numeric(struct enrich_dscan *sc, size_t pos, unsigned flags,
                         struct enrich_dexpr *dx)
{
    const char *s = sc->s;
    size_t len = sc->len;
    int n1;
    int k1 = enrich_lex_digits(s, len, pos, &n1);
    if (k1 == 0) {
        return 0;
    }
    /* Part of a longer number or code: "1.234/5", "12,15/7". */
    if (pos >= 2 &&
        (s[pos - 1] == '.' || s[pos - 1] == ',' || s[pos - 1] == '/' || s[pos - 1] == ':' ||
         s[pos - 1] == '+') &&
        s[pos - 2] >= '0' && s[pos - 2] <= '9') {
        return 0;
    }
    if (pos >= 2 && s[pos - 1] == '-' && enrich_lex_word_before(s, pos - 1) &&
        !is_digit_at(sc, pos - 2)) {
        return 0; /* "COVID-19" */
    }
    enum cue cue = (flags & DX_CUE) ? CUE_STRONG : cue_before(sc, pos);
    char prev[8];
    if (!(flags & DX_CUE) && enrich_lex_prev_folded(s, pos, prev, sizeof(prev), NULL) &&
        strcmp(prev, "ngày") == 0) {
        flags |= DX_DAY_ONLY; /* "trong 2 ngày 28 và 29/6": the days of a list */
    }
    if (cue == CUE_DOC) {
        return 0;
    }
    size_t p1 = pos + (size_t)k1;
    char sep = p1 < len ? s[p1] : '\0';
    dx->kind = DX_POINT;

    if (k1 == 4 && sep == '-') {
        size_t e = enrich_dates_iso(sc, pos, dx);
        if (e) {
            return e;
        }
    }

    if (k1 <= 2 && (sep == '/' || sep == '-' || sep == '.')) {
        int n2;
        int k2 = enrich_lex_digits(s, len, p1 + 1, &n2);
        size_t p2 = p1 + 1 + (size_t)k2;
        if (k2 >= 1 && k2 <= 2) {
            char sep2 = p2 < len ? s[p2] : '\0';
            if (sep2 == sep && is_digit_at(sc, p2 + 1)) {
                int n3;
                int k3 = enrich_lex_digits(s, len, p2 + 1, &n3);
                size_t p3 = p2 + 1 + (size_t)k3;
                if (k3 != 4 || !tail_ok(sc, p3) || !enrich_cal_valid(n3, n2, n1) ||
                    !plausible_year(n3)) {
                    return 0;
                }
                enrich_dates_point_day(&dx->a, n3, n2, n1);
                set_span(dx, pos, p3);
                return p3;
            }
            if (sep == '-' && sep2 == '/' && (cue == CUE_WEAK || cue == CUE_STRONG)) {
                /* "15-16/7", "15-16/7/2020": a span of days */
                struct enrich_dpoint mp;
                size_t e = month_with_year(sc, p2 + 1, &mp);
                if (!e || mp.unknown || n1 >= n2 || n1 < 1 ||
                    n2 > enrich_cal_days_in_month(mp.year_missing ? 2000 : mp.year, mp.month)) {
                    return 0;
                }
                if (e == p2 + 1 + (size_t)(mp.month > 9 ? 2 : 1) && !tail_ok(sc, e)) {
                    return 0;
                }
                dx->kind = DX_PERIOD;
                enrich_dates_point_day(&dx->a, mp.year, mp.month, n1);
                enrich_dates_point_day(&dx->b, mp.year, mp.month, n2);
                dx->a.year_missing = dx->b.year_missing = mp.year_missing;
                set_span(dx, pos, e);
                return e;
            }
            if ((sep == '/' && cue == CUE_WEAK) || cue == CUE_STRONG) {
                if (!tail_ok(sc, p2) || n1 < 1 || n2 < 1 || n2 > 12 ||
                    n1 > enrich_cal_days_in_month(2000, n2)) {
                    return 0;
                }
                enrich_dates_point_day(&dx->a, 0, n2, n1);
                dx->a.year_missing = true;
                set_span(dx, pos, p2);
                return p2;
            }
            if (!(sep == '-' && (flags & DX_DAY_ONLY))) {
                return 0;
            }
        } else if (k2 == 4 && sep == '/' && cue != CUE_NONE) {
            if (n1 < 1 || n1 > 12 || !plausible_year(n2) || !tail_ok(sc, p2)) {
                return 0;
            }
            enrich_dates_point_month(&dx->a, n2, n1);
            set_span(dx, pos, p2);
            return p2;
        } else {
            return 0;
        }
    }

    /* Times and lengths of time: "14:30", "14h30", "21 giờ", "trong 24 giờ". */
    struct vi_time t;
    size_t te = vi_time(sc, pos, &t);
    if (te) {
        if (t.duration) {
            dx->kind = DX_DURATION;
            snprintf(dx->duration, sizeof(dx->duration), "%s", t.duration_value);
        } else {
            memset(&dx->a, 0, sizeof(dx->a));
            dx->a.prec = DPREC_MINUTE;
            dx->a.hour = t.hour;
            dx->a.minute = t.minute;
            dx->a.date_missing = true;
            dx->had_pod = t.has_pod;
        }
        set_span(dx, pos, te);
        return te;
    }

    /* Year ranges: "2021-2025", "2021 – 2025" */
    if (k1 == 4) {
        size_t e = year_range(sc, pos, dx);
        if (e) {
            set_span(dx, pos, e);
            return e;
        }
    }

    /* Counts of time: "10 năm", "3 tháng", "1,5 năm", and "6 tháng đầu năm 2020". */
    int frac = 0, frac_digits = 0;
    size_t pn = p1;
    if (sep == ',' && is_digit_at(sc, p1 + 1)) {
        frac_digits = enrich_lex_digits(s, len, p1 + 1, &frac);
        if (frac_digits > 2) {
            return 0;
        }
        pn = p1 + 1 + (size_t)frac_digits;
    }
    size_t q = sp(sc, pn);
    if (q > pn && k1 <= 3) {
        size_t th = word(sc, q, "tháng");
        if (th && frac_digits == 0) {
            size_t e = months_of_year(sc, pos, n1, th, dx);
            if (e) {
                return e;
            }
            e = day_month_words(sc, pos, n1, th, cue == CUE_STRONG, dx);
            if (e) {
                return e;
            }
            int m;
            int km = enrich_lex_digits(s, len, sp(sc, th), &m);
            if (sp(sc, th) > th && km >= 1 && km <= 2) {
                return 0; /* "đường 3 Tháng 2" is a street, not three months */
            }
        }
        size_t e = duration_unit(sc, q, n1, frac, frac_digits, dx);
        if (e) {
            set_span(dx, pos, e);
            return e;
        }
    }

    /* A bare year after a cue: "Đến 2025, ...", "từ 2015 đến 2020". */
    if (k1 == 4 && cue != CUE_NONE && frac_digits == 0 && n1 >= 1900 && n1 <= 2100 &&
        year_tail_ok(sc, p1)) {
        enrich_dates_point_year(&dx->a, n1);
        set_span(dx, pos, p1);
        return p1;
    }

    /* A bare day, only inside a list or range: "từ 15 đến 20/7". */
    if ((flags & DX_DAY_ONLY) && k1 <= 2 && n1 >= 1 && n1 <= 31 && frac_digits == 0 &&
        !enrich_lex_word_at(s, len, p1) &&
        !((sep == '/' || sep == '.' || sep == ',' || sep == ':') && is_digit_at(sc, p1 + 1))) {
        memset(&dx->a, 0, sizeof(dx->a));
        dx->a.prec = DPREC_DAY;
        dx->a.day = n1;
        dx->a.hour = dx->a.minute = -1;
        dx->a.month_missing = true;
        set_span(dx, pos, p1);
        return p1;
    }
    return 0;
}

/* ---- Dates next to times ---- */

/* After a date of day precision: ", 14 giờ", " - 21:29", " lúc 9 giờ 30". */
static void time_after_date(struct enrich_dscan *sc, struct enrich_dexpr *dx)
{
    size_t p = sp(sc, dx->end);
    size_t d;
    if (p < sc->len && sc->s[p] == ',') {
        p = sp(sc, p + 1);
    } else if ((d = enrich_lex_dash(sc->s, sc->len, p))) {
        p = sp(sc, p + d);
    }
    size_t w;
    if ((w = word(sc, p, "vào lúc")) || (w = word(sc, p, "lúc")) || (w = word(sc, p, "vào"))) {
        p = sp(sc, w);
    }
    struct vi_time t;
    size_t te = is_digit_at(sc, p) ? vi_time(sc, p, &t) : 0;
    if (!te || t.duration) {
        return;
    }
    dx->a.prec = DPREC_MINUTE;
    dx->a.hour = t.hour;
    dx->a.minute = t.minute;
    dx->end = te;
}

/* After a time: "14 giờ ngày 15/7/2020", "7 giờ sáng nay", "21 giờ tối qua". */
static void date_after_time(struct enrich_dscan *sc, struct enrich_dexpr *dx, bool had_pod)
{
    size_t p = sp(sc, dx->end);
    if (p < sc->len && sc->s[p] == ',') {
        p = sp(sc, p + 1);
    }
    if (p == dx->end) {
        return;
    }
    struct enrich_dexpr d;
    memset(&d, 0, sizeof(d));
    size_t e = 0;
    size_t w;
    if (had_pod && ((w = word(sc, p, "nay")) || (w = word(sc, p, "qua")) ||
                    (sc->s[p] == 'm' && (w = word(sc, p, "mai"))))) {
        int off = sc->s[p] == 'n' ? 0 : (sc->s[p] == 'q' ? -1 : 1);
        enrich_dates_rel_day(sc, off, &d.a);
        d.kind = DX_POINT;
        e = w;
    } else if ((w = word(sc, p, "ngày"))) {
        e = vi_ngay(sc, p, w, DX_NOCOMBO, &d);
    } else if ((w = word(sc, p, "hôm"))) {
        e = vi_hom(sc, p, w, DX_NOCOMBO, &d);
    } else if ((w = enrich_lex_match_any(sc->s, sc->len, p, pods, NULL))) {
        e = vi_pod(sc, p, w, DX_NOCOMBO, &d);
    } else if (is_digit_at(sc, p)) {
        e = day_after_cue(sc, p, DX_NOCOMBO, &d);
    }
    if (!e || d.kind != DX_POINT || d.a.prec < DPREC_DAY || d.a.month_missing || d.a.date_missing) {
        return;
    }
    int hour = dx->a.hour, minute = dx->a.minute;
    dx->a = d.a;
    dx->a.prec = DPREC_MINUTE;
    dx->a.hour = hour;
    dx->a.minute = minute;
    dx->end = e;
}

size_t enrich_dates_vi_expr(struct enrich_dscan *sc, size_t pos, unsigned flags,
                            struct enrich_dexpr *dx)
{
    const char *s = sc->s;
    size_t e = 0, w;
    unsigned char c = (unsigned char)s[pos];
    unsigned char lc = (c >= 'A' && c <= 'Z') ? (unsigned char)(c + 32) : c;
    dx->start = pos;
    if (c >= '0' && c <= '9') {
        e = vi_numeric(sc, pos, flags, dx);
    } else if (lc == 'n') {
        if ((w = word(sc, pos, "ngày"))) {
            e = vi_ngay(sc, pos, w, flags, dx);
        } else if ((w = word(sc, pos, "năm học")) || (w = word(sc, pos, "năm tài chính")) ||
                   (w = word(sc, pos, "nhiệm kỳ")) || (w = word(sc, pos, "niên khóa")) ||
                   (w = word(sc, pos, "niên khoá")) || (w = word(sc, pos, "niên độ"))) {
            e = vi_period_cue(sc, pos, w, dx);
        }
        if (!e && (w = word(sc, pos, "năm"))) {
            e = vi_nam(sc, pos, w, dx);
        } else if (!e && (w = word(sc, pos, "nửa"))) {
            e = vi_half(sc, pos, w, dx);
        }
    } else if (lc == 't') {
        if ((w = word(sc, pos, "tháng"))) {
            e = vi_thang(sc, pos, w, flags, dx);
        } else if ((w = word(sc, pos, "tuần"))) {
            e = vi_tuan(sc, pos, w, dx);
        } else if ((w = word(sc, pos, "thời kỳ")) || (w = word(sc, pos, "thời kì"))) {
            e = vi_period_cue(sc, pos, w, dx);
        } else if ((w = word(sc, pos, "thập niên")) || (w = word(sc, pos, "thập kỷ")) ||
                   (w = word(sc, pos, "thập kỉ"))) {
            e = vi_decade(sc, pos, w, dx);
        } else if ((w = word(sc, pos, "trưa")) || (w = word(sc, pos, "tối"))) {
            e = vi_pod(sc, pos, w, flags, dx);
        } else {
            e = vi_numeral_duration(sc, pos, dx);
        }
    } else if (lc == 'h') {
        if ((w = word(sc, pos, "hôm"))) {
            e = vi_hom(sc, pos, w, flags, dx);
        } else {
            e = vi_numeral_duration(sc, pos, dx);
        }
    } else if (lc == 'q') {
        if ((w = word(sc, pos, "quý"))) {
            e = vi_quy(sc, pos, w, dx);
        }
    } else if (lc == 'g') {
        if ((w = word(sc, pos, "giai đoạn"))) {
            e = vi_period_cue(sc, pos, w, dx);
        }
    } else if (lc == 'm') {
        if ((w = word(sc, pos, "mùa giải")) || (w = word(sc, pos, "mùa vụ"))) {
            e = vi_period_cue(sc, pos, w, dx);
        } else {
            e = vi_numeral_duration(sc, pos, dx);
        }
    } else if (lc == 's' || lc == 'c' || lc == 'k' || lc == 'r' || c == 0xC4) {
        if ((w = enrich_lex_match_any(s, sc->len, pos, pods, NULL))) {
            e = vi_pod(sc, pos, w, flags, dx);
        } else {
            e = vi_numeral_duration(sc, pos, dx);
        }
    } else if (lc == 'b') {
        e = vi_numeral_duration(sc, pos, dx);
    }
    if (!e) {
        return 0;
    }
    dx->end = e;
    if (flags & DX_NOCOMBO) {
        return e;
    }
    if (dx->kind == DX_POINT && dx->a.date_missing) {
        date_after_time(sc, dx, dx->had_pod);
    } else if (dx->kind == DX_POINT && dx->a.prec == DPREC_DAY && !dx->a.month_missing) {
        time_after_date(sc, dx);
    }
    return dx->end;
}
