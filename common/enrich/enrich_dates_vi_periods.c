/*
 * Vietnamese months, quarters, years and periods: "tháng 7/2020", "tháng 1-6/2020", "quý I/2020",
 * "quý I-III/2020", "năm 2020", "năm nay", "nửa đầu năm 2021", "giai đoạn 2021-2025",
 * "thập niên 1990", and the units of a length of time ("10 năm", "3 tháng", "2 thập kỷ").
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

/* The year a comparison is anchored to: "Năm 2022, doanh thu tăng 5% so với năm trước" compares
 * with 2021, not with the year before publication. Only "so với năm trước", "cùng kỳ năm
 * trước" and "hơn năm trước" are comparisons; their anchor is the last year written in the same
 * sentence before them ("năm 2022", "tháng 10/2022"). Returns that year, or 0 when the sentence has
 * none and the phrase is relative to the publication. at is where "năm" ends. */
static int comparison_anchor(const struct enrich_dscan *sc, size_t at)
{
    size_t ns, ne, ws, we;
    char w1[16], w2[16];
    if (!enrich_lex_prev_word(sc->s, at, &ns, &ne) || !enrich_lex_prev_word(sc->s, ns, &ws, &we) ||
        !enrich_lex_fold(sc->s, ws, we, w1, sizeof(w1)) ||
        !enrich_lex_prev_word(sc->s, ws, &ws, &we) ||
        !enrich_lex_fold(sc->s, ws, we, w2, sizeof(w2))) {
        return 0;
    }
    if (!((strcmp(w2, "so") == 0 && strcmp(w1, "với") == 0) ||
          (strcmp(w2, "cùng") == 0 && strcmp(w1, "kỳ") == 0) || strcmp(w1, "hơn") == 0)) {
        return 0;
    }
    const char *s = sc->s;
    size_t floor = ws > 400 ? ws - 400 : 0;
    for (size_t i = ws; i > floor + 4; i--) {
        char c = s[i - 1];
        if (c == '\n' || c == '!' || c == '?' ||
            (c == '.' &&
             !(i >= 2 && i < sc->len && is_digit_at(sc, i - 2) && is_digit_at(sc, i)))) {
            return 0; /* the sentence begins here */
        }
        size_t d = i - 4; /* a run of four digits ending at i */
        if (!is_digit_at(sc, d) || !is_digit_at(sc, d + 1) || !is_digit_at(sc, d + 2) ||
            !is_digit_at(sc, d + 3) || is_digit_at(sc, i) || (d > 0 && is_digit_at(sc, d - 1))) {
            continue;
        }
        int y =
            (s[d] - '0') * 1000 + (s[d + 1] - '0') * 100 + (s[d + 2] - '0') * 10 + (s[d + 3] - '0');
        bool after_nam = d >= 5 && (s[d - 1] == ' ') && enrich_lex_match(s, sc->len, d - 5, "năm");
        if (enrich_dates_plausible_year(y) && (after_nam || (d > 0 && s[d - 1] == '/'))) {
            return y;
        }
    }
    return 0;
}

/* The year after "năm": digits or a relative word. Returns the end or 0; *rel_unknown is set
 * when the year is relative and the publication moment unknown. */
size_t enrich_dates_vi_year_word(struct enrich_dscan *sc, size_t p, int *year, bool *unknown)
{
    static const char *const rel[] = {"nay", "ngoái", "kia", "trước", "sau", "tới", NULL};
    static const int offset[] = {0, -1, -2, -1, 1, 1};
    int y;
    int k = enrich_lex_digits(sc->s, sc->len, p, &y);
    *unknown = false;
    if (k == 4 && enrich_dates_plausible_year(y) && enrich_dates_tail_ok(sc, p + 4)) {
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
    int anchor = which == 3 ? comparison_anchor(sc, p) : 0;
    const struct enrich_moment *pub = &sc->doc->published;
    if (anchor != 0) {
        *year = anchor - 1;
    } else if (!pub->known) {
        *unknown = true;
        *year = 0;
    } else {
        *year = pub->year + offset[which];
    }
    return e;
}

/* "cuối năm 2025", "đầu năm nay", "giữa năm 2023": the word that places the mention in the
 * year stays in its span, and the value is the whole year (the record has no kind for a part
 * of a year, and where "cuối năm" begins is a matter of usage). Returns the start of the span
 * that begins with "năm" at pos. */
static size_t year_part_start(const struct enrich_dscan *sc, size_t pos)
{
    static const char *const parts[] = {"cuối", "đầu", "giữa", NULL};
    size_t ws, we;
    char w[16];
    if (pos > 0 && sc->s[pos - 1] == ' ' && enrich_lex_prev_word(sc->s, pos, &ws, &we) &&
        we + 1 == pos && enrich_lex_fold(sc->s, ws, we, w, sizeof(w)) && enrich_lex_in(w, parts)) {
        return ws;
    }
    return pos;
}

/* "đến cuối năm", "từ đầu năm", "trước cuối năm": a part of the year with no year word, after
 * a word that sets a deadline or a start, is the article's year (news does not write "đến cuối
 * năm" of another one without naming it). Not "vào cuối năm" (often a habit: "vào cuối năm,
 * nông dân thường ...") nor "năm học", "năm tài chính". True when the mention at part, whose
 * "năm" ends at after, is such a one. */
static bool bare_year_part(const struct enrich_dscan *sc, size_t part, size_t after)
{
    static const char *const cues[] = {"đến", "từ", "trước", "tới", NULL};
    static const char *const not_year[] = {"học",   "tài", "nay", "ngoái", "kia",
                                           "trước", "sau", "tới", "đó",    NULL};
    size_t ws, we;
    char w[16];
    if (!enrich_lex_prev_word(sc->s, part, &ws, &we) || we + 1 != part ||
        !enrich_lex_fold(sc->s, ws, we, w, sizeof(w)) || !enrich_lex_in(w, cues)) {
        return false;
    }
    size_t q = sp(sc, after);
    return !is_digit_at(sc, q) && !enrich_lex_match_any(sc->s, sc->len, q, not_year, NULL);
}

/* "năm 2020", "năm nay", "năm 2020-2021", "năm học 2020-2021". */
size_t enrich_dates_vi_nam(struct enrich_dscan *sc, size_t pos, size_t after,
                           struct enrich_dexpr *dx)
{
    size_t part = year_part_start(sc, pos);
    if (part < pos && bare_year_part(sc, part, after)) {
        const struct enrich_moment *pub = &sc->doc->published;
        dx->kind = DX_POINT;
        enrich_dates_point_year(&dx->a, pub->known ? pub->year : 0);
        dx->a.unknown = !pub->known;
        set_span(dx, part, after);
        return after;
    }
    size_t p = sp(sc, after);
    if (p == after) {
        return 0;
    }
    int y;
    bool unknown;
    size_t e = enrich_dates_vi_year_word(sc, p, &y, &unknown);
    if (!e) {
        return 0;
    }
    dx->kind = DX_POINT;
    enrich_dates_point_year(&dx->a, y);
    dx->a.unknown = unknown;
    set_span(dx, year_part_start(sc, pos), e);
    if (unknown || !is_digit_at(sc, p)) {
        return e;
    }
    /* "năm 2020 - 2021" */
    size_t q = sp(sc, e);
    size_t d = enrich_lex_dash(sc->s, sc->len, q);
    int y2;
    if (d && enrich_lex_digits(sc->s, sc->len, sp(sc, q + d), &y2) == 4 && y2 > y &&
        y2 - y <= 100 && enrich_dates_tail_ok(sc, sp(sc, q + d) + 4)) {
        dx->kind = DX_PERIOD;
        enrich_dates_point_year(&dx->b, y2);
        dx->end = sp(sc, q + d) + 4;
        return dx->end;
    }
    return e;
}

/* "YYYY - YYYY" at p; fills a period and returns its end, or 0. */
size_t enrich_dates_vi_year_range(struct enrich_dscan *sc, size_t p, struct enrich_dexpr *dx)
{
    int y1, y2;
    if (enrich_lex_digits(sc->s, sc->len, p, &y1) != 4 || !enrich_dates_plausible_year(y1)) {
        return 0;
    }
    size_t q = sp(sc, p + 4);
    size_t d = enrich_lex_dash(sc->s, sc->len, q);
    if (!d) {
        return 0;
    }
    size_t r = sp(sc, q + d);
    if (enrich_lex_digits(sc->s, sc->len, r, &y2) != 4 || y2 <= y1 || y2 - y1 > 100 ||
        !enrich_dates_tail_ok(sc, r + 4)) {
        return 0;
    }
    dx->kind = DX_PERIOD;
    enrich_dates_point_year(&dx->a, y1);
    enrich_dates_point_year(&dx->b, y2);
    return r + 4;
}

/* "giai đoạn 2021-2025", "nhiệm kỳ 2020 - 2025", "năm học 2020-2021". */
size_t enrich_dates_vi_period_cue(struct enrich_dscan *sc, size_t pos, size_t after,
                                  struct enrich_dexpr *dx)
{
    size_t p = sp(sc, after);
    if (p == after) {
        return 0;
    }
    size_t e = enrich_dates_vi_year_range(sc, p, dx);
    if (e) {
        set_span(dx, pos, e);
    }
    return e;
}

/* "thập niên 1990" -> 1990/1999 */
size_t enrich_dates_vi_decade(struct enrich_dscan *sc, size_t pos, size_t after,
                              struct enrich_dexpr *dx)
{
    size_t p = sp(sc, after);
    int y;
    if (p == after || enrich_lex_digits(sc->s, sc->len, p, &y) != 4 || y % 10 != 0 ||
        !enrich_dates_plausible_year(y) || !enrich_dates_tail_ok(sc, p + 4)) {
        return 0;
    }
    dx->kind = DX_PERIOD;
    enrich_dates_point_year(&dx->a, y);
    enrich_dates_point_year(&dx->b, y + 9);
    set_span(dx, pos, p + 4);
    return p + 4;
}

/* A month number with its year: "7/2020", "7-2020", "7 năm 2020", or none (year_missing). */
size_t enrich_dates_vi_month_with_year(struct enrich_dscan *sc, size_t p, struct enrich_dpoint *pt)
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
        if (enrich_lex_digits(sc->s, sc->len, e + 1, &y) == 4 && enrich_dates_plausible_year(y) &&
            enrich_dates_tail_ok(sc, e + 5)) {
            pt->year = y;
            return e + 5;
        }
        if (sc->s[e] == '-') {
            pt->year_missing = true;
            return e; /* "tháng 1-6/2020": the caller reads the range */
        }
        return 0;
    }
    if (!enrich_dates_tail_ok(sc, e)) {
        return 0;
    }
    size_t q = sp(sc, e);
    size_t n = q > e ? word(sc, q, "năm") : 0;
    if (n) {
        int y;
        bool unknown;
        size_t ye = enrich_dates_vi_year_word(sc, sp(sc, n), &y, &unknown);
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
size_t enrich_dates_vi_thang(struct enrich_dscan *sc, size_t pos, size_t after, unsigned flags,
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
    e = enrich_dates_vi_month_with_year(sc, p, &dx->a);
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
    size_t be = enrich_dates_vi_month_with_year(sc, c, &b);
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

void enrich_dates_vi_quarter_period(struct enrich_dexpr *dx, int year, int first_month, int months)
{
    int last = first_month + months - 1;
    dx->kind = DX_PERIOD;
    enrich_dates_point_day(&dx->a, year, first_month, 1);
    enrich_dates_point_day(&dx->b, year, last, calendar_days_in_month(year, last));
}

/* Year after a quarter or a half: "/2020", "-2020", " năm 2020", " năm nay". */
static size_t period_year(struct enrich_dscan *sc, size_t p, int *year, bool *unknown,
                          bool *missing)
{
    *missing = false;
    *unknown = false;
    if (p < sc->len && (sc->s[p] == '/' || sc->s[p] == '-')) {
        int y;
        if (enrich_lex_digits(sc->s, sc->len, p + 1, &y) == 4 && enrich_dates_plausible_year(y) &&
            enrich_dates_tail_ok(sc, p + 5)) {
            *year = y;
            return p + 5;
        }
        return 0;
    }
    if (!enrich_dates_tail_ok(sc, p)) {
        return 0;
    }
    size_t q = sp(sc, p);
    size_t n = q > p ? word(sc, q, "năm") : 0;
    if (n) {
        size_t ye = enrich_dates_vi_year_word(sc, sp(sc, n), year, unknown);
        if (ye && sp(sc, n) > n) {
            return ye;
        }
    }
    *missing = true;
    return p;
}

void enrich_dates_vi_mark_year(struct enrich_dexpr *dx, bool unknown, bool missing)
{
    dx->a.unknown = dx->b.unknown = unknown;
    dx->a.year_missing = dx->b.year_missing = missing;
}

/* "quý I/2020", "quý 2 năm 2020", "quý III" */
size_t enrich_dates_vi_quy(struct enrich_dscan *sc, size_t pos, size_t after,
                           struct enrich_dexpr *dx)
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
    enrich_dates_vi_quarter_period(dx, missing || unknown ? 2000 : year, 3 * q - 2,
                                   3 * (last - q + 1));
    enrich_dates_vi_mark_year(dx, unknown, missing);
    set_span(dx, pos, ye);
    return ye;
}

/* The publication year, for "6 tháng đầu năm" written without one. */
void enrich_dates_vi_current_year(const struct enrich_dscan *sc, int *year, bool *unknown)
{
    *unknown = !sc->doc->published.known;
    *year = *unknown ? 2000 : sc->doc->published.year;
}

/* "nửa đầu năm 2020", "nửa cuối năm" */
size_t enrich_dates_vi_half(struct enrich_dscan *sc, size_t pos, size_t after,
                            struct enrich_dexpr *dx)
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
    size_t ye = q > e ? enrich_dates_vi_year_word(sc, q, &year, &unknown) : 0;
    if (!ye) {
        enrich_dates_vi_current_year(sc, &year, &unknown);
        ye = e;
    }
    enrich_dates_vi_quarter_period(dx, unknown ? 2000 : year, first, 6);
    enrich_dates_vi_mark_year(dx, unknown, false);
    set_span(dx, pos, ye);
    return ye;
}

static const char *const duration_units[] = {"năm",       "tháng",  "tuần", "ngày", "thập kỷ",
                                             "thập niên", "thế kỷ", "phút", NULL};

/* A unit of time after a count. Fills the ISO duration; returns the end or 0. */
size_t enrich_dates_vi_duration_unit(struct enrich_dscan *sc, size_t p, long whole, int frac,
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
    if (which == 1) {
        /* "ngày 6 tháng Giêng", "mùng 3 tháng Tám": the month's name follows, a day of it. */
        static const char *const month_words[] = {"giêng", "chạp", "một", "hai", "ba",
                                                  "tư",    "năm",  "sáu", "bảy", "tám",
                                                  "chín",  "mười", NULL};
        size_t q = sp(sc, e);
        if (q > e && enrich_lex_upper_at(sc->s, sc->len, q) &&
            enrich_lex_match_any(sc->s, sc->len, q, month_words, NULL)) {
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
    enrich_dates_duration_text(dx->duration, sizeof(dx->duration), prefix, whole, frac, frac_digits,
                               unit[which]);
    return e;
}
