/*
 * Vietnamese date grammar: one expression at a time, starting at a word. This file holds the
 * entry point, the day words ("ngày", "hôm", "sáng nay", "tuần trước"), numbers written as words
 * ("hai năm") and the joining of a date with a time ("14 giờ ngày 15/7", "15/7 lúc 9 giờ"). The
 * other forms are in enrich_dates_vi_numbers.c, enrich_dates_vi_periods.c and
 * enrich_dates_vi_time.c.
 */
#include <stdio.h>
#include <string.h>

#include "enrich_dates_internal.h"

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

static void set_span(struct enrich_dexpr *dx, size_t start, size_t end)
{
    dx->start = start;
    dx->end = end;
}

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
    size_t e = enrich_dates_vi_numeric(sc, p, flags | DX_CUE, dx);
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

/* The day and month written beside a day named otherwise, from w: "thứ Hai, 6/11", "thứ Hai
 * (6/11)", "sáng nay 26/11", "sáng nay (ngày 26/11)". Fills dx with them and returns their end,
 * or 0 (dx may be written). */
static size_t day_beside(struct enrich_dscan *sc, size_t w, unsigned flags, struct enrich_dexpr *dx)
{
    size_t p = sp(sc, w);
    bool bracket = false;
    if (p < sc->len && (sc->s[p] == ',' || sc->s[p] == '(')) {
        bracket = sc->s[p] == '(';
        p = sp(sc, p + 1);
    }
    size_t n = word(sc, p, "ngày");
    if (n) {
        p = sp(sc, n);
    }
    size_t e = day_after_cue(sc, p, flags | DX_NOCOMBO, dx);
    if (!e || dx->kind != DX_POINT || dx->a.month_missing) {
        return 0;
    }
    if (bracket) {
        if (e >= sc->len || sc->s[e] != ')') {
            return 0;
        }
        e++;
    }
    return e;
}

/* "hôm nay 25/11", "sáng qua (24/11)": a relative day with the date written beside it, which
 * then decides the value; the span takes both. Returns the new end (e when none follows). */
static size_t written_beside(struct enrich_dscan *sc, size_t e, unsigned flags,
                             struct enrich_dpoint *pt)
{
    struct enrich_dexpr written;
    memset(&written, 0, sizeof(written));
    size_t we = day_beside(sc, e, flags, &written);
    if (!we) {
        return e;
    }
    *pt = written.a;
    return we;
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
        e = written_beside(sc, e, flags, &dx->a);
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

/* "thứ Hai (22/7)", "thứ Hai, ngày 22/7", "Chủ nhật 21/7" after a part of the day or a time
 * ("sáng thứ Hai (22/7)", "8 giờ thứ Hai (22/7)"): the weekday joins them to the date, and the
 * digits decide the value. A bracket opened before the date is closed in the span. A weekday
 * alone before a date is left out of the span ("20/7" in "Thứ Hai (20/7), ..."). */
static size_t vi_weekday(struct enrich_dscan *sc, size_t pos, unsigned flags,
                         struct enrich_dexpr *dx)
{
    static const char *const names[] = {"hai", "ba", "tư", "năm", "sáu", "bảy", "2",
                                        "3",   "4",  "5",  "6",   "7",   NULL};
    size_t w = word(sc, pos, "chủ nhật");
    if (!w) {
        size_t t = word(sc, pos, "thứ");
        w = t ? enrich_lex_match_any(sc->s, sc->len, sp(sc, t), names, NULL) : 0;
        if (!w || sp(sc, t) == t) {
            return 0;
        }
    }
    size_t e = day_beside(sc, w, flags, dx);
    if (!e) {
        return 0;
    }
    set_span(dx, pos, e);
    return e;
}

/* "tuần trước nữa", "tuần sau nữa": one week further from the publication week than without
 * "nữa". Returns the new end of the mention and moves *offset, or returns e. */
static size_t week_further(const struct enrich_dscan *sc, size_t e, int *offset)
{
    size_t q = sp(sc, e), n;
    if (*offset != 0 && q > e && (n = word(sc, q, "nữa"))) {
        *offset += *offset < 0 ? -1 : 1;
        return n;
    }
    return e;
}

/* "thứ Sáu tuần trước", "Chủ nhật tuần này", "thứ Hai tuần tới": a day of a week counted from
 * the publication week ("tuần qua" is the week before, as in "tuần trước"). */
static size_t vi_weekday_of_week(struct enrich_dscan *sc, size_t pos, struct enrich_dexpr *dx)
{
    static const char *const names[] = {"hai", "ba", "tư", "năm", "sáu", "bảy", "2",
                                        "3",   "4",  "5",  "6",   "7",   NULL};
    static const char *const rel[] = {"này", "trước", "qua", "tới", "sau", NULL};
    static const int offset[] = {0, -1, -1, 1, 1};
    int day, which;
    char prev[16];
    if (enrich_lex_prev_folded(sc->s, pos, prev, sizeof(prev), NULL) &&
        (strcmp(prev, "lần") == 0 || strcmp(prev, "hạng") == 0 || strcmp(prev, "giải") == 0)) {
        return 0; /* "lần thứ hai tuần trước" counts times */
    }
    size_t w = word(sc, pos, "chủ nhật");
    if (w) {
        day = 6;
    } else {
        size_t t = word(sc, pos, "thứ");
        w = t && sp(sc, t) > t ? enrich_lex_match_any(sc->s, sc->len, sp(sc, t), names, &day) : 0;
        if (!w) {
            return 0;
        }
        day %= 6;
    }
    size_t q = sp(sc, w), part;
    if (q > w && ((part = word(sc, q, "cuối")) || (part = word(sc, q, "đầu")))) {
        q = sp(sc, part); /* "thứ Bảy cuối tuần này" is that Saturday */
    }
    size_t tu = q > w ? word(sc, q, "tuần") : 0;
    size_t r = tu ? sp(sc, tu) : 0;
    size_t e = r > tu ? enrich_lex_match_any(sc->s, sc->len, r, rel, &which) : 0;
    if (!e || word(sc, sp(sc, e), "đó")) {
        return 0; /* "thứ Hai tuần đó" needs a week the text names */
    }
    int weeks = offset[which];
    e = week_further(sc, e, &weeks);
    struct enrich_dexpr week;
    memset(&week, 0, sizeof(week));
    enrich_dates_rel_week(sc, weeks, &week);
    dx->kind = DX_POINT;
    dx->a = week.a;
    if (!week.a.unknown) {
        long d = calendar_to_days(week.a.year, week.a.month, week.a.day) + day;
        calendar_from_days(d, &dx->a.year, &dx->a.month, &dx->a.day);
    }
    set_span(dx, pos, e);
    return e;
}

/* "đêm 12 rạng sáng 13/8", "đêm 12/8 và rạng sáng 13/8": one night across two days, a period
 * (p is the first word after "đêm"). */
static size_t night_to_dawn(struct enrich_dscan *sc, size_t p, struct enrich_dexpr *dx)
{
    struct enrich_dexpr a, b;
    memset(&a, 0, sizeof(a));
    memset(&b, 0, sizeof(b));
    size_t e = is_digit_at(sc, p)
                   ? enrich_dates_vi_numeric(sc, p, DX_CUE | DX_DAY_ONLY | DX_NOCOMBO, &a)
                   : 0;
    if (!e || a.kind != DX_POINT || a.a.prec < DPREC_DAY || a.a.date_missing) {
        return 0;
    }
    size_t q = sp(sc, e);
    if (q < sc->len && sc->s[q] == ',') {
        q = sp(sc, q + 1);
    }
    size_t w;
    if ((w = word(sc, q, "và")) || (w = word(sc, q, "đến")) || (w = word(sc, q, "sang"))) {
        q = sp(sc, w);
    }
    if (!(w = word(sc, q, "rạng sáng"))) {
        return 0;
    }
    size_t e2 = day_after_cue(sc, sp(sc, w), DX_NOCOMBO, &b);
    if (!e2 || b.kind != DX_POINT || b.a.month_missing) {
        return 0;
    }
    dx->kind = DX_PERIOD;
    dx->a = a.a;
    dx->b = b.a;
    enrich_dates_merge_range(&dx->a, &dx->b);
    return e2;
}

/* "cùng ngày", "chiều cùng ngày": the day of the last event the article dated to one day (of
 * any paragraph: a new paragraph often opens with "Cùng ngày"), else the publication day.
 * "cùng ngày 15/7" is left to the date it writes. */
static size_t same_day(struct enrich_dscan *sc, size_t p, struct enrich_dpoint *pt)
{
    size_t e = word(sc, p, "cùng ngày"), q;
    if (!e || is_digit_at(sc, (q = sp(sc, e)))) {
        return 0;
    }
    /* "cùng ngày càng mạnh" (ever more), "cùng ngày đêm", "cùng ngày sinh": other words. */
    if (q > e && (word(sc, q, "càng") || word(sc, q, "đêm") || word(sc, q, "sinh"))) {
        return 0;
    }
    if (sc->event_day_ok) {
        enrich_dates_point_day(pt, sc->event_year, sc->event_month, sc->event_day);
    } else {
        enrich_dates_rel_day(sc, 0, pt);
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
    if (word(sc, pos, "đêm") && (e = night_to_dawn(sc, p, dx))) {
        set_span(dx, pos, e);
        return e;
    }
    dx->kind = DX_POINT;
    if ((e = word(sc, p, "nay"))) {
        enrich_dates_rel_day(sc, 0, &dx->a);
        e = written_beside(sc, e, flags, &dx->a);
    } else if ((e = word(sc, p, "qua"))) {
        enrich_dates_rel_day(sc, -1, &dx->a);
        e = written_beside(sc, e, flags, &dx->a);
    } else if (sc->s[p] == 'm' && (e = word(sc, p, "mai"))) {
        /* Lowercase only: "chiều Mai" is a person. */
        enrich_dates_rel_day(sc, 1, &dx->a);
    } else if ((e = word(sc, p, "hôm"))) {
        e = hom_relative(sc, sp(sc, e), &dx->a);
    } else if ((e = same_day(sc, p, &dx->a))) {
        /* "chiều cùng ngày" */
    } else if ((e = word(sc, p, "ngày"))) {
        e = vi_ngay(sc, p, e, flags, dx);
        if (e && (dx->kind != DX_POINT || dx->a.month_missing)) {
            e = 0;
        }
    } else if ((e = vi_weekday(sc, p, flags, dx))) {
        /* "sáng thứ Hai (6/11)" */
    } else {
        /* A bare day only where a range or a list gives its month: "từ đêm 12 đến sáng
         * 14/9", "từ chiều 6 đến hết ngày 8/9" (DX_DAY_ONLY). */
        e = day_after_cue(sc, p, flags, dx);
        if (e && dx->kind == DX_POINT && dx->a.month_missing && !(flags & DX_DAY_ONLY)) {
            e = 0;
        }
    }
    if (e) {
        set_span(dx, pos, e);
    }
    return e;
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

static size_t vi_numeral_duration(struct enrich_dscan *sc, size_t pos, struct enrich_dexpr *dx)
{
    int v;
    size_t e = numeral(sc, pos, &v);
    if (!e) {
        return 0;
    }
    char w[16];
    if (enrich_lex_prev_folded(sc->s, pos, w, sizeof(w), NULL) &&
        (strcmp(w, "thứ") == 0 || strcmp(w, "lần") == 0 || strcmp(w, "tháng") == 0)) {
        return 0; /* "thứ hai tuần trước" is a weekday, "Tháng Tám năm 1945" a month */
    }
    size_t q = sp(sc, e);
    size_t u = q > e ? enrich_dates_vi_duration_unit(sc, q, v, 0, 0, dx) : 0;
    if (!u) {
        return 0;
    }
    set_span(dx, pos, u);
    return u;
}

/* "cuối" or "đầu" right before "tuần" at pos: the part of the week the mention names. Returns
 * the start of that word and sets the first and last weekday (0 is Monday), or returns pos. */
static size_t week_part_start(const struct enrich_dscan *sc, size_t pos, int *first, int *last)
{
    static const char *const parts[] = {"cuối", "đầu", NULL};
    size_t ws, we;
    char w[16];
    if (pos > 0 && sc->s[pos - 1] == ' ' && enrich_lex_prev_word(sc->s, pos, &ws, &we) &&
        we + 1 == pos && enrich_lex_fold(sc->s, ws, we, w, sizeof(w)) && enrich_lex_in(w, parts)) {
        bool end = w[0] == 'c';
        *first = end ? 5 : 0;
        *last = end ? 6 : 1;
        return ws;
    }
    return pos;
}

/* "tuần này", "tuần trước", "tuần tới", "tuần qua"; "cuối tuần này", "đầu tuần tới".
 * An editor's reading of the parts of a week: "cuối tuần" is the weekend, Saturday and Sunday
 * of that week; "đầu tuần" is Monday and Tuesday (the days a week's first business is done).
 * "cuối tuần qua" and "cuối tuần trước" are the weekend of the week before the publication
 * week: "tuần qua" alone is the seven days up to publication, but its weekend is the last one
 * that ended, which for an article of Monday to Saturday is the previous week's. */
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
    int first = 0, last = 6;
    size_t start = week_part_start(sc, pos, &first, &last);
    int weeks = which == 4 && start != pos ? -1 : offset[which];
    e = week_further(sc, e, &weeks);
    if (start != pos) {
        enrich_dates_rel_week(sc, weeks, dx);
        if (!dx->a.unknown) {
            long monday = calendar_to_days(dx->a.year, dx->a.month, dx->a.day);
            calendar_from_days(monday + first, &dx->a.year, &dx->a.month, &dx->a.day);
            calendar_from_days(monday + last, &dx->b.year, &dx->b.month, &dx->b.day);
        }
        set_span(dx, start, e);
        return e;
    }
    if (which == 4) {
        /* "tuần qua": the seven days up to the publication day */
        dx->kind = DX_PERIOD;
        enrich_dates_rel_day(sc, -6, &dx->a);
        enrich_dates_rel_day(sc, 0, &dx->b);
    } else {
        enrich_dates_rel_week(sc, weeks, dx);
    }
    set_span(dx, pos, e);
    return e;
}

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
    struct enrich_vi_time t;
    size_t te = is_digit_at(sc, p) ? enrich_dates_vi_time(sc, p, &t) : 0;
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
    } else if ((e = same_day(sc, p, &d.a))) {
        d.kind = DX_POINT; /* "16 giờ cùng ngày" */
    } else if ((w = enrich_lex_match_any(sc->s, sc->len, p, enrich_dates_vi_pods, NULL))) {
        e = vi_pod(sc, p, w, DX_NOCOMBO, &d);
    } else if ((e = vi_weekday(sc, p, DX_NOCOMBO, &d))) {
        /* "8 giờ thứ Hai (22/7)" */
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

/* "tới", "sắp tới" after a date without its year: the next one; "vừa qua": the last one. A
 * "tới" before another date or "nay" joins a range instead ("từ 1/7 tới 30/9"). */
static signed char tense_after(const struct enrich_dscan *sc, size_t p)
{
    static const char *const joins[] = {"ngày", "hết", "cuối", "tháng", "năm", "nay", "đây", NULL};
    size_t q = sp(sc, p), w;
    if (q == p) {
        return 0;
    }
    if ((w = word(sc, q, "vừa qua"))) {
        return -1;
    }
    if ((w = word(sc, q, "sắp tới")) || (w = word(sc, q, "tới"))) {
        size_t r = sp(sc, w);
        if (is_digit_at(sc, r) || enrich_lex_match_any(sc->s, sc->len, r, joins, NULL)) {
            return 0;
        }
        return 1;
    }
    return 0;
}

/* The tense a marker word gives its clause: -1 past ("đã", "vừa", "trước đó"), +1 future
 * ("sẽ", "sắp", "dự kiến", "hạn chót"), else 0. first is the word before w in the text. */
/* strcmp(a, b) == 0, with the first byte compared inline: it settles most words here. */
static bool same(const char *a, const char *b)
{
    return a[0] == b[0] && strcmp(a, b) == 0;
}

static int tense_word(const char *first, const char *w)
{
    if (same(w, "đã") || same(w, "vừa") || (same(first, "trước") && same(w, "đó"))) {
        return -1;
    }
    if (same(w, "sẽ") || same(w, "sắp") || (same(first, "dự") && same(w, "kiến")) ||
        (same(first, "hạn") && same(w, "chót"))) {
        return 1;
    }
    return 0;
}

static bool sentence_break(const char *s, size_t from, size_t to)
{
    for (size_t i = from; i < to; i++) {
        if (s[i] == '.' || s[i] == ';' || s[i] == '!' || s[i] == '?' || s[i] == '\n') {
            return true;
        }
    }
    return false;
}

/* The tense of the sentence around a date without its year, from the six words on each side:
 * "Ngày 20/7, tỉnh đã tổ chức" is the last 20/7, "dự kiến khánh thành ngày 10/1" the next
 * 10/1. Markers of both tenses, or none, leave the nearest year. */
static signed char tense_around(const struct enrich_dscan *sc, size_t start, size_t end)
{
    enum { WINDOW = 6 };
    const char *s = sc->s;
    int past = 0, future = 0;
    char w[16], later[16] = "";
    size_t at = start, ws, we;
    for (int n = 0; n < WINDOW; n++) {
        size_t p0 = at;
        while (p0 > 0 && at - p0 < 4 &&
               (s[p0 - 1] == ' ' || s[p0 - 1] == ',' || s[p0 - 1] == '(' || s[p0 - 1] == ')')) {
            p0--; /* "Trước đó, ngày 20/7": a comma inside the sentence */
        }
        while (p0 < at && s[p0] == ' ') {
            p0++;
        }
        if (!enrich_lex_prev_word(s, p0, &ws, &we)) {
            break;
        }
        if (!enrich_lex_fold(s, ws, we, w, sizeof(w))) {
            w[0] = '\0';
        }
        int t = tense_word(w, later);
        t = t != 0 ? t : tense_word("", w);
        past |= t < 0;
        future |= t > 0;
        memcpy(later, w, sizeof(later));
        at = ws;
    }
    char prev[16] = "";
    size_t p = end;
    for (int n = 0; n < WINDOW; n++) {
        size_t q = p;
        while (q < sc->len && !enrich_lex_word_at(s, sc->len, q) && q - p < 8) {
            q++;
        }
        if (q >= sc->len || !enrich_lex_word_at(s, sc->len, q) || sentence_break(s, p, q)) {
            break;
        }
        size_t e = enrich_lex_word_end(s, sc->len, q);
        if (e == q) {
            break;
        }
        if (!enrich_lex_fold(s, q, e, w, sizeof(w))) {
            w[0] = '\0';
        }
        int t = tense_word(prev, w);
        past |= t < 0;
        future |= t > 0;
        memcpy(prev, w, sizeof(prev));
        p = e;
    }
    return (signed char)(past == future ? 0 : past ? -1 : 1);
}

/* "âm lịch" or "(âm lịch)" right after p. */
static bool lunar_after(const struct enrich_dscan *sc, size_t p)
{
    size_t q = sp(sc, p);
    if (q < sc->len && sc->s[q] == '(') {
        q++;
    }
    return word(sc, q, "âm lịch") != 0 || (q + 2 <= sc->len && memcmp(sc->s + q, "AL", 2) == 0 &&
                                           !enrich_lex_word_at(sc->s, sc->len, q + 2));
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
        e = enrich_dates_vi_numeric(sc, pos, flags, dx);
    } else if (lc == 'n') {
        if ((w = word(sc, pos, "ngày"))) {
            e = vi_ngay(sc, pos, w, flags, dx);
        } else if ((w = word(sc, pos, "năm học")) || (w = word(sc, pos, "năm tài chính")) ||
                   (w = word(sc, pos, "nhiệm kỳ")) || (w = word(sc, pos, "niên khóa")) ||
                   (w = word(sc, pos, "niên khoá")) || (w = word(sc, pos, "niên độ"))) {
            e = enrich_dates_vi_period_cue(sc, pos, w, dx);
        }
        if (!e && (w = word(sc, pos, "năm"))) {
            e = enrich_dates_vi_nam(sc, pos, w, dx);
        } else if (!e && (w = word(sc, pos, "nửa"))) {
            e = enrich_dates_vi_half(sc, pos, w, dx);
        }
    } else if (lc == 't') {
        if ((w = word(sc, pos, "tháng"))) {
            e = enrich_dates_vi_thang(sc, pos, w, flags, dx);
        } else if ((w = word(sc, pos, "tuần"))) {
            e = vi_tuan(sc, pos, w, dx);
        } else if ((w = word(sc, pos, "thời kỳ")) || (w = word(sc, pos, "thời kì"))) {
            e = enrich_dates_vi_period_cue(sc, pos, w, dx);
        } else if ((w = word(sc, pos, "thập niên")) || (w = word(sc, pos, "thập kỷ")) ||
                   (w = word(sc, pos, "thập kỉ"))) {
            e = enrich_dates_vi_decade(sc, pos, w, dx);
        } else if ((w = word(sc, pos, "trưa")) || (w = word(sc, pos, "tối"))) {
            e = vi_pod(sc, pos, w, flags, dx);
        } else if (word(sc, pos, "thứ")) {
            e = vi_weekday_of_week(sc, pos, dx);
        } else if ((w = word(sc, pos, "tết"))) {
            e = enrich_dates_vi_tet(sc, pos, w, dx);
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
            e = enrich_dates_vi_quy(sc, pos, w, dx);
        }
    } else if (lc == 'g') {
        if ((w = word(sc, pos, "giai đoạn"))) {
            e = enrich_dates_vi_period_cue(sc, pos, w, dx);
        }
    } else if (lc == 'm') {
        if ((w = word(sc, pos, "mùa giải")) || (w = word(sc, pos, "mùa vụ"))) {
            e = enrich_dates_vi_period_cue(sc, pos, w, dx);
        } else {
            e = vi_numeral_duration(sc, pos, dx);
        }
    } else if (lc == 's' || lc == 'c' || lc == 'k' || lc == 'r' || c == 0xC4) {
        if (lc == 'c' && (e = vi_weekday_of_week(sc, pos, dx))) {
            /* "Chủ nhật tuần trước" */
        } else if (lc == 'c' && (e = same_day(sc, pos, &dx->a))) {
            dx->kind = DX_POINT;
            set_span(dx, pos, e);
        } else if ((w = enrich_lex_match_any(s, sc->len, pos, enrich_dates_vi_pods, NULL))) {
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
    if (lunar_after(sc, e) && dx->kind != DX_DURATION) {
        /* "ngày 15/7 âm lịch" is a day of the lunar calendar: still a date, so no figure, but
         * its Gregorian value is not computed. */
        dx->a.unknown = dx->b.unknown = true;
        return e;
    }
    if (dx->kind == DX_POINT && dx->a.year_missing) {
        dx->a.tense = tense_after(sc, e);
        if (dx->a.tense == 0) {
            dx->a.tense = tense_around(sc, dx->start, e);
            dx->a.tense_weak = true;
        }
    }
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
