/*
 * English date grammar for wire copy about Vietnam: "Jan 5", "January 5, 2024",
 * "5 January 2024", "December 2023", "in 2023", "Q1 2020", "the first half of 2020",
 * "10 years", "3 p.m. on July 15", "yesterday". Month names must be capitalized ("may" and
 * "march" are verbs); a month alone needs a cue ("in July"). Weekdays alone are not dates.
 * Numeric "7/5/2020" is skipped: day-month order is not knowable in English copy.
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "enrich_dates_internal.h"

static const char *const month_names[] = {
    "january", "february", "march",    "april", "may", "june", "july", "august", "september",
    "october", "november", "december", "jan",   "feb", "mar",  "apr",  "jun",    "jul",
    "aug",     "sept",     "sep",      "oct",   "nov", "dec",  NULL};
static const int month_numbers[] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12,
                                    1, 2, 3, 4, 6, 7, 8, 9, 9, 10, 11, 12};
/* Words before a lone month or a bare year that make it a date. */
static const char *const year_cues[] = {"in",      "since", "by",      "until", "till",  "from",
                                        "before",  "after", "during",  "of",    "early", "late",
                                        "mid",     "end",   "through", "to",    "year",  "fiscal",
                                        "between", "last",  "next",    "this",  NULL};
static const char *const year_followers[] = {
    "and", "to", "when", "as", "with", "compared", "from", "after", "before", "while", "but", "was",
    "is", "were", "will", "had", "has", "than", "for", "in", "on", "at", "the", "it", "onward",
    "onwards", "levels", "figure", "figures",
    /* prepositions, conjunctions and pronouns after a year start the next phrase: "by 2030
     * under its plan", "in 2023, according to" */
    "under", "through", "amid", "despite", "according", "due", "because", "if", "or", "that",
    "which", "they", "he", "she", "we", "its", "their", "during", "against", "said", "following",
    "until", "by", NULL};
static const char *const number_words[] = {"one",    "two",    "three", "four", "five",
                                           "six",    "seven",  "eight", "nine", "ten",
                                           "eleven", "twelve", NULL};
static const char *const ordinal_words[] = {"first", "second", "third", "fourth", NULL};

static bool digit_at(const struct enrich_dscan *sc, size_t p)
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

static bool prev_in(const struct enrich_dscan *sc, size_t pos, const char *const *list)
{
    char w[24];
    return enrich_lex_prev_folded(sc->s, pos, w, sizeof(w), NULL) && enrich_lex_in(w, list);
}

/* A capitalized month name, with the period of an abbreviation. */
static size_t month_name(const struct enrich_dscan *sc, size_t p, int *month)
{
    if (!enrich_lex_upper_at(sc->s, sc->len, p)) {
        return 0;
    }
    int which;
    size_t e = enrich_lex_match_any(sc->s, sc->len, p, month_names, &which);
    if (!e) {
        return 0;
    }
    *month = month_numbers[which];
    if (which >= 12 && e < sc->len && sc->s[e] == '.') {
        e++;
    }
    return e;
}

/* A day of the month with an optional ordinal suffix: "5", "5th", "21st". */
static size_t day_number(const struct enrich_dscan *sc, size_t p, int *day)
{
    int k = enrich_lex_digits(sc->s, sc->len, p, day);
    if (k == 0 || k > 2 || *day < 1 || *day > 31) {
        return 0;
    }
    size_t e = p + (size_t)k;
    static const char *const suffix[] = {"st", "nd", "rd", "th", NULL};
    for (int i = 0; suffix[i] != NULL; i++) {
        if (e + 2 <= sc->len && strncmp(sc->s + e, suffix[i], 2) == 0) {
            e += 2;
            break;
        }
    }
    if (enrich_lex_word_at(sc->s, sc->len, e) || (e < sc->len && sc->s[e] == '/') ||
        (e < sc->len && (sc->s[e] == '.' || sc->s[e] == ':') && digit_at(sc, e + 1))) {
        return 0;
    }
    return e;
}

static size_t four_digit_year(const struct enrich_dscan *sc, size_t p, int *year)
{
    if (enrich_lex_digits(sc->s, sc->len, p, year) != 4 || *year < 1000 || *year > 2199 ||
        !enrich_dates_tail_ok(sc, p + 4)) {
        return 0;
    }
    return p + 4;
}

/* ", 2024" or " 2024" after a day or a month. */
static size_t optional_year(const struct enrich_dscan *sc, size_t p, int *year)
{
    size_t q = p;
    if (q < sc->len && sc->s[q] == ',') {
        q++;
    }
    q = sp(sc, q);
    if (q == p) {
        return 0;
    }
    return four_digit_year(sc, q, year);
}

static void day_point(struct enrich_dpoint *pt, int year, int month, int day, bool missing)
{
    enrich_dates_point_day(pt, missing ? 0 : year, month, day);
    pt->year_missing = missing;
}

/* A month's full name opening a sentence, with a lowercase word after it: "November alone saw
 * 2.1 million arrivals", "October was the busiest month". "May" and "March" are left out: they
 * open sentences as a modal, a name or a verb. */
static bool month_subject(const struct enrich_dscan *sc, size_t pos, size_t after)
{
    static const char *const full[] = {"january",  "february", "april",     "june",
                                       "july",     "august",   "september", "october",
                                       "november", "december", NULL};
    size_t q = sp(sc, after);
    if (enrich_lex_match_any(sc->s, sc->len, pos, full, NULL) != after || q == after ||
        q >= sc->len || sc->s[q] < 'a' || sc->s[q] > 'z') {
        return false;
    }
    size_t b = pos;
    while (b > 0 && (sc->s[b - 1] == ' ' || sc->s[b - 1] == '\t')) {
        b--;
    }
    return b == 0 || sc->s[b - 1] == '.' || sc->s[b - 1] == '\n' || sc->s[b - 1] == '!' ||
           sc->s[b - 1] == '?';
}

/* "January 5, 2024", "Jan. 5", "Jan 5-7", "December 2023", "in July". */
static size_t en_month_first(struct enrich_dscan *sc, size_t pos, int month, size_t after,
                             unsigned flags, struct enrich_dexpr *dx)
{
    size_t p = sp(sc, after);
    int day, year;
    size_t e;
    dx->kind = DX_POINT;
    int month2;
    size_t dash = enrich_lex_dash(sc->s, sc->len, after); /* '-' or an en dash */
    size_t m2 = dash ? month_name(sc, after + dash, &month2) : 0;
    if (m2 && month2 > month) {
        /* "January-July", "January-July 2021": whole months */
        size_t ye = optional_year(sc, m2, &year);
        bool missing = ye == 0;
        dx->kind = DX_PERIOD;
        enrich_dates_point_month(&dx->a, missing ? 0 : year, month);
        enrich_dates_point_month(&dx->b, missing ? 0 : year, month2);
        dx->a.year_missing = dx->b.year_missing = missing;
        dx->start = pos;
        dx->end = ye ? ye : m2;
        return dx->end;
    }
    if (p > after && (e = day_number(sc, p, &day))) {
        size_t dash_e = enrich_lex_dash(sc->s, sc->len, e);
        /* "Dec. 9 to 20, 2025": a range in words, told from "rose from Dec. 9 to 20 percent"
         * by the year or the punctuation that closes it. */
        size_t to = 0, tw;
        if (!dash_e && sp(sc, e) > e &&
            ((tw = word(sc, sp(sc, e), "to")) || (tw = word(sc, sp(sc, e), "through")))) {
            to = sp(sc, tw);
            dash_e = to > tw && digit_at(sc, to) ? to - e : 0;
        }
        if (dash_e && digit_at(sc, e + dash_e)) {
            int day2;
            size_t e2 = day_number(sc, e + dash_e, &day2);
            size_t ye = e2 ? optional_year(sc, e2, &year) : 0;
            if (to && e2 && !ye && e2 < sc->len && sc->s[e2] != ',' && sc->s[e2] != '.' &&
                sc->s[e2] != ';' && sc->s[e2] != ')') {
                e2 = 0;
            }
            if (e2 && day2 > day) {
                bool missing = ye == 0;
                if (day2 > calendar_days_in_month(missing ? 2000 : year, month)) {
                    return 0;
                }
                dx->kind = DX_PERIOD;
                day_point(&dx->a, year, month, day, missing);
                day_point(&dx->b, year, month, day2, missing);
                dx->start = pos;
                dx->end = ye ? ye : e2;
                return dx->end;
            }
        }
        size_t ye = optional_year(sc, e, &year);
        bool missing = ye == 0;
        if (day > calendar_days_in_month(missing ? 2000 : year, month)) {
            return 0;
        }
        day_point(&dx->a, year, month, day, missing);
        dx->start = pos;
        dx->end = ye ? ye : e;
        return dx->end;
    }
    if (p > after && (e = four_digit_year(sc, p, &year))) {
        enrich_dates_point_month(&dx->a, year, month);
        dx->start = pos;
        dx->end = e;
        return e;
    }
    if ((flags & DX_CUE) || prev_in(sc, pos, year_cues) || month_subject(sc, pos, after)) {
        enrich_dates_point_month(&dx->a, 0, month);
        dx->a.year_missing = true;
        dx->start = pos;
        dx->end = after;
        return after;
    }
    return 0;
}

/* "on Tuesday": wire copy names the day of an event of the past week by its weekday, so it is
 * the latest such day on or before the publication day. The "on" is not part of the span. */
static size_t en_weekday(struct enrich_dscan *sc, size_t pos, struct enrich_dexpr *dx)
{
    static const char *const names[] = {"monday", "tuesday",  "wednesday", "thursday",
                                        "friday", "saturday", "sunday",    NULL};
    /* "on Tuesday", "said Tuesday" (American wire style), "late Sunday", "last Friday"; the
     * ends of a span, "from Sunday night to Tuesday morning"; market reports compare with a
     * past session: "up VND10 from Wednesday", "since Monday". */
    static const char *const on[] = {"on",   "said", "says",  "late",  "early", "last",
                                     "from", "to",   "until", "since", NULL};
    /* "Sunday night", "Tuesday morning": the part of the day goes with the day */
    static const char *const parts[] = {"morning", "afternoon", "evening", "night", NULL};
    int which;
    size_t e = enrich_lex_match_any(sc->s, sc->len, pos, names, &which);
    if (!e || !enrich_lex_upper_at(sc->s, sc->len, pos) || !prev_in(sc, pos, on)) {
        return 0;
    }
    size_t pe = sp(sc, e) > e ? enrich_lex_match_any(sc->s, sc->len, sp(sc, e), parts, NULL) : 0;
    if (pe) {
        e = pe;
    }
    /* "on Tuesday, Oct. 3" or "on Tuesday (Oct. 3)": the written date is read on its own. */
    size_t q = sp(sc, e);
    if (q < sc->len && (sc->s[q] == ',' || sc->s[q] == '(')) {
        int month;
        if (month_name(sc, sp(sc, q + 1), &month)) {
            return 0;
        }
    }
    const struct enrich_moment *pub = &sc->doc->published;
    dx->kind = DX_POINT;
    if (!pub->known) {
        enrich_dates_point_day(&dx->a, 2000, 1, 1);
        dx->a.unknown = true;
        return e;
    }
    long today = calendar_to_days(pub->year, pub->month, pub->day);
    int back = (calendar_weekday(today) - which + 7) % 7;
    enrich_dates_rel_day(sc, -back, &dx->a);
    return e;
}

/* "today", "yesterday", "last week", "this year", "next month", "last night". */
static size_t en_relative(struct enrich_dscan *sc, size_t pos, struct enrich_dexpr *dx)
{
    static const char *const days[] = {"today", "yesterday", "tomorrow", "tonight", NULL};
    static const int day_offset[] = {0, -1, 1, 0};
    int which;
    size_t e = enrich_lex_match_any(sc->s, sc->len, pos, days, &which);
    dx->kind = DX_POINT;
    if (e) {
        enrich_dates_rel_day(sc, day_offset[which], &dx->a);
        return e;
    }
    static const char *const shift[] = {"last", "this", "next", NULL};
    size_t w = enrich_lex_match_any(sc->s, sc->len, pos, shift, &which);
    if (!w) {
        return 0;
    }
    int off = which - 1;
    size_t p = sp(sc, w);
    if ((e = word(sc, p, "week"))) {
        enrich_dates_rel_week(sc, off, dx);
    } else if ((e = word(sc, p, "month"))) {
        enrich_dates_rel_month(sc, off, &dx->a);
    } else if ((e = word(sc, p, "year"))) {
        enrich_dates_rel_year(sc, off, &dx->a);
        size_t fs, ss, se;
        char f1[8], f2[8];
        if (off == 0 && sc->doc->published.known &&
            enrich_lex_prev_folded(sc->s, pos, f1, sizeof(f1), &fs) && strcmp(f1, "far") == 0 &&
            enrich_lex_prev_word(sc->s, fs, &ss, &se) &&
            enrich_lex_fold(sc->s, ss, se, f2, sizeof(f2)) && strcmp(f2, "so") == 0) {
            /* "has lost 4.6 percent so far this year": the year to date */
            dx->kind = DX_PERIOD;
            enrich_dates_point_day(&dx->a, sc->doc->published.year, 1, 1);
            enrich_dates_rel_day(sc, 0, &dx->b);
        }
    } else if (off == -1 && (e = word(sc, p, "night"))) {
        enrich_dates_rel_day(sc, -1, &dx->a);
    } else if (off == 0 && ((e = word(sc, p, "morning")) || (e = word(sc, p, "afternoon")) ||
                            (e = word(sc, p, "evening")))) {
        enrich_dates_rel_day(sc, 0, &dx->a);
    }
    return e;
}

static void quarter(struct enrich_dexpr *dx, int year, int first_month, int months, bool missing,
                    bool unknown)
{
    int last = first_month + months - 1;
    int y = missing || unknown ? 2000 : year;
    dx->kind = DX_PERIOD;
    enrich_dates_point_day(&dx->a, y, first_month, 1);
    enrich_dates_point_day(&dx->b, y, last, calendar_days_in_month(y, last));
    dx->a.year_missing = dx->b.year_missing = missing;
    dx->a.unknown = dx->b.unknown = unknown;
}

/* "of 2020", "of this year", "of the year", " 2020", "/2020". Returns the end or 0. */
static size_t period_year(struct enrich_dscan *sc, size_t p, int *year, bool *unknown,
                          bool *missing)
{
    *unknown = false;
    *missing = false;
    size_t e;
    if (p < sc->len && sc->s[p] == '/' && (e = four_digit_year(sc, p + 1, year))) {
        return e;
    }
    size_t q = sp(sc, p);
    if (q > p && (e = four_digit_year(sc, q, year))) {
        return e;
    }
    size_t of = word(sc, q, "of");
    if (!of) {
        return 0;
    }
    q = sp(sc, of);
    if ((e = four_digit_year(sc, q, year))) {
        return e;
    }
    size_t t = word(sc, q, "this year");
    if (!t) {
        t = word(sc, q, "the year");
    }
    if (t) {
        *unknown = !sc->doc->published.known;
        *year = *unknown ? 2000 : sc->doc->published.year;
        return t;
    }
    if ((t = word(sc, q, "last year"))) {
        *unknown = !sc->doc->published.known;
        *year = *unknown ? 2000 : sc->doc->published.year - 1;
        return t;
    }
    return 0;
}

/* "Q1 2020", "H1 2020", "first quarter of 2020", "first half of this year", "first nine months
 * of 2020". pos is at "Q1"/"H1" or after an optional "the". */
static size_t en_part_of_year(struct enrich_dscan *sc, size_t pos, struct enrich_dexpr *dx)
{
    const char *s = sc->s;
    int which, year;
    bool unknown, missing;
    size_t e;
    if (pos + 2 <= sc->len && (s[pos] == 'Q' || s[pos] == 'H') && digit_at(sc, pos + 1) &&
        !enrich_lex_word_at(s, sc->len, pos + 2)) {
        int n = s[pos + 1] - '0';
        bool q = s[pos] == 'Q';
        if (n < 1 || n > (q ? 4 : 2)) {
            return 0;
        }
        e = period_year(sc, pos + 2, &year, &unknown, &missing);
        if (!e) {
            /* "in Q2", "at the end of Q4": the quarter nearest the publication. */
            missing = true;
            e = pos + 2;
        }
        quarter(dx, year, q ? 3 * n - 2 : 6 * n - 5, q ? 3 : 6, missing, unknown);
        return e;
    }
    size_t w = enrich_lex_match_any(s, sc->len, pos, ordinal_words, &which);
    if (!w) {
        return 0;
    }
    size_t p = sp(sc, w);
    if ((e = word(sc, p, "quarter"))) {
        size_t ye = period_year(sc, e, &year, &unknown, &missing);
        if (!ye) {
            return 0;
        }
        quarter(dx, year, 3 * which + 1, 3, missing, unknown);
        return ye;
    }
    if (which <= 1 && (e = word(sc, p, "half"))) {
        size_t ye = period_year(sc, e, &year, &unknown, &missing);
        if (!ye) {
            return 0;
        }
        quarter(dx, year, which == 0 ? 1 : 7, 6, missing, unknown);
        return ye;
    }
    if (which == 0) {
        /* "first nine months of 2020", "first 6 months of the year" */
        int n;
        size_t ne = enrich_lex_match_any(s, sc->len, p, number_words, &n);
        if (ne) {
            n += 1;
        } else if (enrich_lex_digits(s, sc->len, p, &n) > 0 && n <= 12) {
            ne = p + (n > 9 ? 2 : 1);
        }
        if (!ne || n < 1 || n > 12) {
            return 0;
        }
        size_t m = word(sc, sp(sc, ne), "months");
        size_t ye = m ? period_year(sc, m, &year, &unknown, &missing) : 0;
        if (m && !ye) {
            /* "in the first 10 months": the year to date of the publication */
            unknown = !sc->doc->published.known;
            year = unknown ? 2000 : sc->doc->published.year;
            ye = m;
        }
        if (!ye) {
            return 0;
        }
        quarter(dx, year, 1, n, missing, unknown);
        return ye;
    }
    return 0;
}

static const char *const duration_units[] = {"years", "year", "months",  "month",   "weeks",
                                             "week",  "days", "day",     "decades", "decade",
                                             "hours", "hour", "minutes", "minute",  NULL};

/* "10 years", "two weeks", "a 10-year plan". The count is already read. */
static size_t en_duration_unit(struct enrich_dscan *sc, size_t p, long n, int frac, int frac_digits,
                               struct enrich_dexpr *dx)
{
    int which;
    size_t e = enrich_lex_match_any(sc->s, sc->len, p, duration_units, &which);
    if (!e) {
        return 0;
    }
    size_t q = sp(sc, e);
    if (word(sc, q, "old") || (e < sc->len && sc->s[e] == '-' && word(sc, e + 1, "old"))) {
        return 0; /* an age */
    }
    static const char unit[] = {'Y', 'Y', 'M', 'M', 'W', 'W', 'D',
                                'D', 'Y', 'Y', 'H', 'H', 'M', 'M'};
    const char *prefix = which >= 10 ? "PT" : "P";
    if (which == 8 || which == 9) {
        if (frac_digits > 0) {
            return 0;
        }
        n *= 10;
    }
    dx->kind = DX_DURATION;
    if (frac_digits > 0) {
        snprintf(dx->duration, sizeof(dx->duration), "%s%ld.%0*d%c", prefix, n, frac_digits, frac,
                 unit[which]);
    } else {
        snprintf(dx->duration, sizeof(dx->duration), "%s%ld%c", prefix, n, unit[which]);
    }
    return e;
}

/* "10:30", "3 p.m.", "10:30 a.m.", "9am". Sets hour/minute; returns the end or 0. */
static size_t en_time(struct enrich_dscan *sc, size_t pos, int *hour, int *minute)
{
    const char *s = sc->s;
    int h, m = 0;
    int k = enrich_lex_digits(s, sc->len, pos, &h);
    if (k == 0 || k > 2) {
        return 0;
    }
    size_t e = pos + (size_t)k;
    bool colon = false;
    if (e < sc->len && s[e] == ':') {
        if (enrich_lex_digits(s, sc->len, e + 1, &m) != 2 || m > 59) {
            return 0;
        }
        e += 3;
        colon = true;
    }
    size_t q = sp(sc, e);
    static const char *const ampm[] = {"a.m.", "p.m.", "am", "pm", "a.m", "p.m", NULL};
    int which = -1;
    size_t a = 0;
    for (int i = 0; ampm[i] != NULL; i++) {
        size_t n = strlen(ampm[i]);
        if (q + n <= sc->len && strncasecmp(s + q, ampm[i], n) == 0 &&
            !enrich_lex_word_at(s, sc->len, q + n)) {
            which = i;
            a = q + n;
            break;
        }
    }
    if (which >= 0) {
        if (h < 1 || h > 12) {
            return 0;
        }
        bool pm = which == 1 || which == 3 || which == 5;
        h = h % 12 + (pm ? 12 : 0);
        e = a;
    } else if (!colon || h > 23 || enrich_lex_word_at(s, sc->len, e)) {
        return 0;
    }
    *hour = h;
    *minute = m;
    return e;
}

static size_t en_numeric(struct enrich_dscan *sc, size_t pos, unsigned flags,
                         struct enrich_dexpr *dx)
{
    const char *s = sc->s;
    int n1;
    int k1 = enrich_lex_digits(s, sc->len, pos, &n1);
    if (pos >= 2 &&
        (s[pos - 1] == '.' || s[pos - 1] == ',' || s[pos - 1] == '/' || s[pos - 1] == '$') &&
        digit_at(sc, pos - 2)) {
        return 0;
    }
    bool mid = false;
    if (pos >= 1 && s[pos - 1] == '-' && enrich_lex_word_before(s, pos - 1)) {
        char w[8];
        if (!enrich_lex_prev_folded(s, pos - 1, w, sizeof(w), NULL) || strcmp(w, "mid") != 0) {
            return 0; /* "COVID-19", but "mid-2021" is a year */
        }
        flags |= DX_CUE;
        mid = true;
    }
    size_t p1 = pos + (size_t)k1;
    size_t e;
    dx->kind = DX_POINT;
    if (k1 == 4 && p1 < sc->len && s[p1] == '-' && (e = enrich_dates_iso(sc, pos, dx))) {
        return e;
    }
    /* "5 January 2024", "5th of January" */
    int day, month;
    if (k1 <= 2 && (e = day_number(sc, pos, &day))) {
        size_t p = sp(sc, e);
        size_t of = word(sc, p, "of");
        if (of) {
            p = sp(sc, of);
        }
        size_t me = p > e ? month_name(sc, p, &month) : 0;
        if (me) {
            int year;
            size_t ye = optional_year(sc, me, &year);
            bool missing = ye == 0;
            if (day > calendar_days_in_month(missing ? 2000 : year, month)) {
                return 0;
            }
            day_point(&dx->a, year, month, day, missing);
            dx->start = pos;
            dx->end = ye ? ye : me;
            return dx->end;
        }
    }
    int hour, minute;
    if ((e = en_time(sc, pos, &hour, &minute))) {
        memset(&dx->a, 0, sizeof(dx->a));
        dx->a.prec = DPREC_MINUTE;
        dx->a.hour = hour;
        dx->a.minute = minute;
        dx->a.date_missing = true;
        dx->start = pos;
        dx->end = e;
        return e;
    }
    /* "2021-2025" */
    if (k1 == 4 && n1 >= 1000 && n1 <= 2199) {
        size_t q = sp(sc, p1);
        size_t d = enrich_lex_dash(s, sc->len, q);
        int y2;
        size_t r = d ? sp(sc, q + d) : 0;
        int k2 = d ? enrich_lex_digits(s, sc->len, r, &y2) : 0;
        if (k2 == 2 && !d) {
            k2 = 0;
        }
        if (k2 == 2) {
            y2 += n1 / 100 * 100; /* "2021-25" */
        }
        if (d && (k2 == 4 || k2 == 2) && y2 > n1 && y2 - n1 <= 100 &&
            enrich_dates_tail_ok(sc, r + (size_t)k2)) {
            dx->kind = DX_PERIOD;
            enrich_dates_point_year(&dx->a, n1);
            enrich_dates_point_year(&dx->b, y2);
            dx->start = pos;
            dx->end = r + (size_t)k2;
            return dx->end;
        }
    }
    /* "10 years", "1.5 years", "a 10-year plan" */
    int frac = 0, frac_digits = 0;
    size_t pn = p1;
    if (p1 < sc->len && s[p1] == '.' && digit_at(sc, p1 + 1)) {
        frac_digits = enrich_lex_digits(s, sc->len, p1 + 1, &frac);
        pn = p1 + 1 + (size_t)frac_digits;
        if (frac_digits > 2) {
            return 0;
        }
    }
    if (k1 <= 3) {
        size_t q = sp(sc, pn);
        if (q == pn && q < sc->len && s[q] == '-') {
            q++; /* "10-year" */
        }
        if (q > pn && (e = en_duration_unit(sc, q, n1, frac, frac_digits, dx))) {
            dx->start = pos;
            dx->end = e;
            return e;
        }
    }
    /* A bare year after a cue: "in 2023", "since 2015". */
    if (k1 == 4 && frac_digits == 0 && n1 >= 1900 && n1 <= 2100 &&
        ((flags & DX_CUE) || prev_in(sc, pos, year_cues)) && enrich_dates_tail_ok(sc, p1)) {
        size_t q = sp(sc, p1);
        bool ok = mid || q >= sc->len || !enrich_lex_word_at(s, sc->len, q) ||
                  (q > p1 && enrich_lex_match_any(s, sc->len, q, year_followers, NULL));
        if (ok) {
            enrich_dates_point_year(&dx->a, n1);
            dx->start = pos;
            dx->end = p1;
            return p1;
        }
    }
    if ((flags & DX_DAY_ONLY) && k1 <= 2 && n1 >= 1 && n1 <= 31 &&
        !enrich_lex_word_at(s, sc->len, p1) &&
        !(p1 < sc->len && (s[p1] == '.' || s[p1] == ',' || s[p1] == '/' || s[p1] == ':') &&
          digit_at(sc, p1 + 1))) {
        memset(&dx->a, 0, sizeof(dx->a));
        dx->a.prec = DPREC_DAY;
        dx->a.day = n1;
        dx->a.hour = dx->a.minute = -1;
        dx->a.month_missing = true;
        dx->start = pos;
        dx->end = p1;
        return p1;
    }
    return 0;
}

/* Dates and times side by side: "July 15 at 3 p.m.", "3 p.m. on July 15". */
static void en_combine(struct enrich_dscan *sc, struct enrich_dexpr *dx)
{
    size_t p = sp(sc, dx->end);
    if (p < sc->len && sc->s[p] == ',') {
        p = sp(sc, p + 1);
    }
    size_t w;
    if (dx->a.date_missing) {
        if ((w = word(sc, p, "on"))) {
            p = sp(sc, w);
        }
        struct enrich_dexpr d;
        memset(&d, 0, sizeof(d));
        size_t e = enrich_dates_en_expr(sc, p, DX_NOCOMBO, &d);
        if (!e || d.kind != DX_POINT || d.a.prec != DPREC_DAY || d.a.month_missing) {
            return;
        }
        int hour = dx->a.hour, minute = dx->a.minute;
        dx->a = d.a;
        dx->a.prec = DPREC_MINUTE;
        dx->a.hour = hour;
        dx->a.minute = minute;
        dx->end = e;
        return;
    }
    if ((w = word(sc, p, "at"))) {
        p = sp(sc, w);
    }
    int hour, minute;
    size_t e = digit_at(sc, p) ? en_time(sc, p, &hour, &minute) : 0;
    if (e) {
        dx->a.prec = DPREC_MINUTE;
        dx->a.hour = hour;
        dx->a.minute = minute;
        dx->end = e;
    }
}

/* The tense of a date written without its year, from the words before it: "since March",
 * "last March", "were granted in March", "rose in March", "opened on July 5" tell of the past
 * (-1), "next March" of the future (1); 0 when they say nothing. */
static signed char en_tense_before(const struct enrich_dscan *sc, size_t pos)
{
    char w[24];
    size_t start;
    size_t n = enrich_lex_prev_folded(sc->s, pos, w, sizeof(w), &start);
    if (n == 0) {
        return 0;
    }
    if (strcmp(w, "since") == 0 || strcmp(w, "last") == 0) {
        return -1;
    }
    if (strcmp(w, "next") == 0) {
        return 1; /* "next March" */
    }
    if (strcmp(w, "in") != 0 && strcmp(w, "on") != 0) {
        return 0;
    }
    /* Participles that look ahead: "scheduled in March", "expected on July 5". */
    static const char *const ahead[] = {"scheduled", "expected", "planned",   "slated",
                                        "projected", "forecast", "predicted", "proposed",
                                        "needed",    "intended", "tipped",    NULL};
    /* Irregular past forms that wire copy uses for what happened in a month ("rose in March",
     * "fell in May", "was held in June"); forms equal to the present (hit, cut, set) say
     * nothing. */
    static const char *const past[] = {
        "rose",   "fell", "grew",  "saw",   "was",   "were",   "went",    "came",
        "took",   "made", "won",   "lost",  "paid",  "sold",   "bought",  "began",
        "became", "held", "met",   "left",  "spent", "built",  "brought", "kept",
        "told",   "gave", "found", "drew",  "broke", "struck", "sank",    "shrank",
        "sought", "led",  "ran",   "stood", "wrote", "spoke",  NULL};
    n = enrich_lex_prev_folded(sc->s, start, w, sizeof(w), NULL);
    if (n > 0 && enrich_lex_in(w, past)) {
        return -1;
    }
    return n > 3 && strcmp(w + n - 2, "ed") == 0 && !enrich_lex_in(w, ahead) ? -1 : 0;
}

size_t enrich_dates_en_expr(struct enrich_dscan *sc, size_t pos, unsigned flags,
                            struct enrich_dexpr *dx)
{
    const char *s = sc->s;
    size_t e = 0, w;
    int month, n;
    dx->start = pos;
    if (digit_at(sc, pos)) {
        e = en_numeric(sc, pos, flags, dx);
    } else if ((w = month_name(sc, pos, &month))) {
        e = en_month_first(sc, pos, month, w, flags, dx);
    } else if ((e = en_relative(sc, pos, dx))) {
        /* done */
    } else if ((e = en_weekday(sc, pos, dx))) {
        /* done */
    } else if ((e = en_part_of_year(sc, pos, dx))) {
        /* done */
    } else if ((w = word(sc, pos, "the")) && (e = en_part_of_year(sc, sp(sc, w), dx))) {
        /* "the first half of 2020": the article is part of the mention */
    } else if ((w = enrich_lex_match_any(s, sc->len, pos, number_words, &n))) {
        size_t q = sp(sc, w);
        e = q > w ? en_duration_unit(sc, q, n + 1, 0, 0, dx) : 0;
    }
    if (!e) {
        return 0;
    }
    dx->end = e;
    if (dx->kind == DX_POINT && dx->a.year_missing) {
        dx->a.tense = en_tense_before(sc, pos);
        char prev[8];
        size_t ws;
        /* "last December", "next March": the word that picks the year is part of the date. */
        if (dx->a.tense != 0 && enrich_lex_prev_folded(s, pos, prev, sizeof(prev), &ws) > 0 &&
            (strcmp(prev, "last") == 0 || strcmp(prev, "next") == 0)) {
            dx->start = ws;
        }
    }
    if (!(flags & DX_NOCOMBO) && dx->kind == DX_POINT &&
        (dx->a.date_missing || (dx->a.prec == DPREC_DAY && !dx->a.month_missing))) {
        en_combine(sc, dx);
    }
    return dx->end;
}
