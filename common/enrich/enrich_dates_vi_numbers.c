/*
 * Vietnamese dates that begin with a number: "15/7/2020", "15-7", "15.7", "7/2020", "2021-2025",
 * "15 tháng 7 năm 2020", "6 tháng đầu năm 2020", "10 năm", "14 giờ", a bare year after a cue.
 * Numbers are only read as dates where the written form or a cue word says so, because
 * Vietnamese news is full of numbers that look like dates: document numbers ("08/2021/TT-BYT",
 * "1234/QĐ-UBND"), fractions ("2/3 số hộ"), scores ("2-1"), street names ("đường 30/4").
 *
 * Cue strength of the word before a number:
 *  strong: ngày, hôm, sáng, trưa, chiều, tối, đêm, khuya, rạng, a weekday ("thứ Hai,"), or a
 *          list continuing a date just mentioned ("15/7 và 16/7") -> "15/7", "15-7", "15.7"
 *  weak:   từ, đến, tới, vào, trước, sau, hết -> "15/7", "7/2020", "2020"
 *  year:   cuối, đầu, giữa, trong -> "7/2020", "2020" only
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
static const char *const weak_cues[] = {"từ",  "đến", "tới", "vào",   "trước", "sau",
                                        "hết", "lễ",  "dịp", "khánh", "phiên", NULL};
/* Before "7/2020" or "2020" only: "trong 2/3 số hộ" is a fraction. */
static const char *const year_cues[] = {"cuối", "đầu", "giữa", "trong", NULL};
static const char *const weekday_names[] = {"hai", "ba", "tư", "năm", "sáu", "bảy", "nhật",
                                            "2",   "3",  "4",  "5",   "6",   "7",   NULL};

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

static void set_span(struct enrich_dexpr *dx, size_t start, size_t end)
{
    dx->start = start;
    dx->end = end;
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

/* A deadline names a date: "hạn chót là 30/9", "thời hạn 15/10", "hạn cuối: 1/11". */
static bool deadline_before(const struct enrich_dscan *sc, size_t pos)
{
    size_t p = pos, ws, we;
    char w[16], w2[16];
    while (p > 0 && (sc->s[p - 1] == ' ' || sc->s[p - 1] == ':')) {
        p--;
    }
    if (!enrich_lex_prev_word(sc->s, p, &ws, &we) || we != p ||
        !enrich_lex_fold(sc->s, ws, we, w, sizeof(w))) {
        return false;
    }
    if (strcmp(w, "là") == 0 || strcmp(w, "vào") == 0 || strcmp(w, "đến") == 0) {
        p = ws;
        while (p > 0 && sc->s[p - 1] == ' ') {
            p--;
        }
        if (!enrich_lex_prev_word(sc->s, p, &ws, &we) || we != p ||
            !enrich_lex_fold(sc->s, ws, we, w, sizeof(w))) {
            return false;
        }
    }
    if (strcmp(w, "chót") == 0 || strcmp(w, "hạn") == 0) {
        return true; /* "hạn chót", "thời hạn", "hạn" */
    }
    return strcmp(w, "cuối") == 0 && enrich_lex_prev_word(sc->s, ws, &ws, &we) &&
           enrich_lex_fold(sc->s, ws, we, w2, sizeof(w2)) && strcmp(w2, "hạn") == 0;
}

/* "phiên giao dịch 26/11", "phiên sáng 26/11": market reports date a trading session by
 * its day, with the session's words between "phiên" and the date. */
static bool session_before(const struct enrich_dscan *sc, size_t pos, const char *prev)
{
    static const char *const between[] = {"dịch", "chiều", "sáng", "đầu", "cuối", NULL};
    size_t ws, we, vs, ve;
    char w[16];
    if (prev == NULL || !enrich_lex_in(prev, between) ||
        !enrich_lex_prev_word(sc->s, pos, &ws, &we) || !enrich_lex_prev_word(sc->s, ws, &vs, &ve) ||
        !enrich_lex_fold(sc->s, vs, ve, w, sizeof(w))) {
        return false;
    }
    if (strcmp(w, "giao") == 0 && strcmp(prev, "dịch") == 0) {
        return enrich_lex_prev_word(sc->s, vs, &ws, &we) &&
               enrich_lex_fold(sc->s, ws, we, w, sizeof(w)) && strcmp(w, "phiên") == 0;
    }
    return strcmp(w, "phiên") == 0 && strcmp(prev, "dịch") != 0;
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
    if ((has_word && enrich_lex_in(w, weak_cues)) || deadline_before(sc, pos) ||
        session_before(sc, pos, has_word ? w : NULL)) {
        return CUE_WEAK;
    }
    if (has_word && enrich_lex_in(w, year_cues)) {
        return CUE_YEAR;
    }
    return CUE_NONE;
}

/* The cue before a number, read on first use. */
struct lazy_cue {
    const struct enrich_dscan *sc;
    size_t pos;
    unsigned flags;
    bool done;
    enum cue cue;
    bool after_ngay; /* "trong 2 ngày 28 và 29/6": the days of a list */
};

static enum cue cue_get(struct lazy_cue *lc)
{
    if (!lc->done) {
        lc->done = true;
        if (lc->flags & DX_CUE) {
            lc->cue = CUE_STRONG;
        } else {
            char prev[8];
            lc->cue = cue_before(lc->sc, lc->pos);
            /* "trong 2 ngày (15 và 16-9)": the list may stand in brackets */
            size_t at = lc->pos > 0 && lc->sc->s[lc->pos - 1] == '(' ? lc->pos - 1 : lc->pos;
            lc->after_ngay = enrich_lex_prev_folded(lc->sc->s, at, prev, sizeof(prev), NULL) &&
                             strcmp(prev, "ngày") == 0;
        }
    }
    return lc->cue;
}

static bool cue_any(enum cue cue)
{
    return cue == CUE_YEAR || cue == CUE_WEAK || cue == CUE_STRONG;
}

/* May a bare day number stand here ("từ 15 đến 20/7", "ngày 15 và 16/7")? */
static bool cue_day_only(struct lazy_cue *lc)
{
    if (lc->flags & DX_DAY_ONLY) {
        return true;
    }
    cue_get(lc);
    return lc->after_ngay;
}

/* A bare year stands alone: punctuation, the end of the line, or a linking word follows. */
static bool year_tail_ok(const struct enrich_dscan *sc, size_t p)
{
    if (!enrich_dates_tail_ok(sc, p)) {
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

/* "lũy kế 9 tháng", "CPI bình quân 9 tháng", "lạm phát bình quân 10 tháng": the statistics'
 * running totals and averages over the year's first n months, which have passed by the
 * publication (a term or a length is "trong 9 tháng", "kỳ hạn 9 tháng"). */
static bool ytd_cue(const struct enrich_dscan *sc, size_t pos, int n)
{
    const struct enrich_moment *pub = &sc->doc->published;
    size_t ws;
    char w1[16], w2[16], w3[16];
    if (!pub->known || n < 2 || n > pub->month ||
        !enrich_lex_prev_folded(sc->s, pos, w1, sizeof(w1), &ws) ||
        !enrich_lex_prev_folded(sc->s, ws, w2, sizeof(w2), &ws)) {
        return false;
    }
    if (strcmp(w1, "kế") == 0 && strcmp(w2, "lũy") == 0) {
        return true;
    }
    return strcmp(w1, "quân") == 0 && strcmp(w2, "bình") == 0 &&
           enrich_lex_prev_folded(sc->s, ws, w3, sizeof(w3), NULL) &&
           (strcmp(w3, "cpi") == 0 || strcmp(w3, "phát") == 0 || strcmp(w3, "dùng") == 0);
}

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
        size_t ye = q > e ? enrich_dates_vi_year_word(sc, q, &y, &unknown) : 0;
        if (!ye) {
            return 0; /* "3 tháng năm ..." without a year is not this form */
        }
        enrich_dates_vi_quarter_period(dx, unknown ? 2000 : y, 1, n);
        enrich_dates_vi_mark_year(dx, unknown, false);
        set_span(dx, pos, ye);
        return ye;
    } else if (ytd_cue(sc, pos, n)) {
        enrich_dates_vi_quarter_period(dx, sc->doc->published.year, 1, n);
        set_span(dx, pos, after_thang);
        return after_thang;
    } else {
        return 0;
    }
    int year;
    bool unknown;
    size_t q = sp(sc, e);
    size_t ye = q > e ? enrich_dates_vi_year_word(sc, q, &year, &unknown) : 0;
    if (!ye) {
        enrich_dates_vi_current_year(sc, &year, &unknown);
        ye = e;
    }
    enrich_dates_vi_quarter_period(dx, unknown ? 2000 : year, last ? 13 - n : 1, n);
    enrich_dates_vi_mark_year(dx, unknown, false);
    set_span(dx, pos, ye);
    return ye;
}

/* "15 tháng 7 năm 2020" without "ngày": a date when the year follows or a cue precedes. */
static size_t day_month_words(struct enrich_dscan *sc, size_t pos, int day, size_t after_thang,
                              bool cued, struct enrich_dexpr *dx)
{
    size_t p = sp(sc, after_thang);
    struct enrich_dpoint pt;
    size_t e = p > after_thang ? enrich_dates_vi_month_with_year(sc, p, &pt) : 0;
    if (!e || (e < sc->len && sc->s[e] == '-') || (pt.year_missing && !cued)) {
        return 0;
    }
    int dim = calendar_days_in_month(pt.year_missing || pt.unknown ? 2000 : pt.year, pt.month);
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

size_t enrich_dates_vi_numeric(struct enrich_dscan *sc, size_t pos, unsigned flags,
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
    /* The cue is read only by the forms that need one: most numbers are figures. */
    struct lazy_cue lc = {sc, pos, flags, false, CUE_NONE, false};
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
                if (k3 != 4 || !enrich_dates_tail_ok(sc, p3) || !calendar_valid(n3, n2, n1) ||
                    !enrich_dates_plausible_year(n3)) {
                    return 0;
                }
                enrich_dates_point_day(&dx->a, n3, n2, n1);
                set_span(dx, pos, p3);
                return p3;
            }
            enum cue cue = cue_get(&lc);
            if (sep == '-' && sep2 == '/' && (cue == CUE_WEAK || cue == CUE_STRONG)) {
                /* "15-16/7", "15-16/7/2020": a span of days */
                struct enrich_dpoint mp;
                size_t e = enrich_dates_vi_month_with_year(sc, p2 + 1, &mp);
                if (!e || mp.unknown || n1 >= n2 || n1 < 1 ||
                    n2 > calendar_days_in_month(mp.year_missing ? 2000 : mp.year, mp.month)) {
                    return 0;
                }
                if (e == p2 + 1 + (size_t)(mp.month > 9 ? 2 : 1) && !enrich_dates_tail_ok(sc, e)) {
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
                if (!enrich_dates_tail_ok(sc, p2) || n1 < 1 || n2 < 1 || n2 > 12 ||
                    n1 > calendar_days_in_month(2000, n2)) {
                    return 0;
                }
                enrich_dates_point_day(&dx->a, 0, n2, n1);
                dx->a.year_missing = true;
                set_span(dx, pos, p2);
                return p2;
            }
            if (!(sep == '-' && cue_day_only(&lc))) {
                return 0;
            }
        } else if (k2 == 4 && sep == '/' && cue_any(cue_get(&lc))) {
            if (n1 < 1 || n1 > 12 || !enrich_dates_plausible_year(n2) ||
                !enrich_dates_tail_ok(sc, p2)) {
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
    struct enrich_vi_time t;
    size_t te = enrich_dates_vi_time(sc, pos, &t);
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
        size_t e = enrich_dates_vi_year_range(sc, pos, dx);
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
            e = day_month_words(sc, pos, n1, th, cue_get(&lc) == CUE_STRONG, dx);
            if (e) {
                return e;
            }
            int m;
            size_t mq = sp(sc, th);
            int km = enrich_lex_digits(s, len, mq, &m);
            /* "lãi 9 tháng 24.100 tỷ đồng": a longer number after "tháng" is a figure, and the
             * months before it are counted. */
            bool figure_after = km >= 1 && mq + (size_t)km + 1 < len &&
                                (s[mq + km] == '.' || s[mq + km] == ',') &&
                                is_digit_at(sc, mq + (size_t)km + 1);
            if (mq > th && km >= 1 && km <= 2 && !figure_after) {
                return 0; /* "đường 3 Tháng 2" is a street, not three months */
            }
        }
        size_t e = enrich_dates_vi_duration_unit(sc, q, n1, frac, frac_digits, dx);
        if (e) {
            set_span(dx, pos, e);
            return e;
        }
    }

    /* A bare year after a cue: "Đến 2025, ...", "từ 2015 đến 2020". */
    if (k1 == 4 && frac_digits == 0 && n1 >= 1900 && n1 <= 2100 && cue_any(cue_get(&lc)) &&
        year_tail_ok(sc, p1)) {
        enrich_dates_point_year(&dx->a, n1);
        set_span(dx, pos, p1);
        return p1;
    }

    /* A bare day, only inside a list or range: "từ 15 đến 20/7". */
    if (k1 <= 2 && n1 >= 1 && n1 <= 31 && frac_digits == 0 && cue_day_only(&lc) &&
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
