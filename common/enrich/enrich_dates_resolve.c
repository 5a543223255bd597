/*
 * Date points: building them, resolving them against the publication moment, and writing their
 * ISO 8601 values.
 *
 * Decisions (documented here because analytics relies on them):
 *  - A mention whose value needs the publication moment (hôm qua, ngày mai, "15/7" without a
 *    year, a time of day alone) is not written when the article has no publication moment.
 *  - A missing year is the one that puts the date nearest the publication day (ties go to the
 *    past), or the nearest ahead after "tới" ("ngày 1-7 tới") and behind after "vừa qua";
 *    without those, the tense of the sentence around the date steers it the same way ("đã",
 *    "vừa", "trước đó" behind; "sẽ", "sắp", "dự kiến", "hạn chót" ahead; both: the nearest);
 *    "6 tháng đầu năm" without a year is the publication year. A month alone one or two
 *    months before publication is the past one unless a word after it says otherwise ("lương
 *    tháng 12 sẽ được trả" in January is last December's; "tháng 12 tới" the next).
 *  - A time of day alone takes the last date of day precision mentioned before it in the same
 *    paragraph, else the publication day; it is written as a datetime.
 *  - Times of day in the text are Vietnam time (+07:00), whatever the publication moment's
 *    offset: that offset tells where the feed's clock runs (a wire service may stamp UTC), not
 *    where the story happens, and this service reads news about Vietnam.
 *  - A range ("từ ngày 1 đến 15/7/2020") is one period; its ends are not written separately.
 */
#include <string.h>

#include "enrich_dates_internal.h"

#define VIETNAM_OFFSET_MINUTES 420

/* ---- Building points ---- */

static void point_clear(struct enrich_dpoint *p)
{
    memset(p, 0, sizeof(*p));
    p->hour = -1;
    p->minute = -1;
}

void enrich_dates_point_day(struct enrich_dpoint *p, int year, int month, int day)
{
    point_clear(p);
    p->year = year;
    p->month = month;
    p->day = day;
    p->prec = DPREC_DAY;
}

void enrich_dates_point_month(struct enrich_dpoint *p, int year, int month)
{
    point_clear(p);
    p->year = year;
    p->month = month;
    p->prec = DPREC_MONTH;
}

void enrich_dates_point_year(struct enrich_dpoint *p, int year)
{
    point_clear(p);
    p->year = year;
    p->prec = DPREC_YEAR;
}

void enrich_dates_rel_day(const struct enrich_dscan *sc, int offset, struct enrich_dpoint *p)
{
    const struct enrich_moment *pub = &sc->doc->published;
    point_clear(p);
    p->prec = DPREC_DAY;
    if (!pub->known) {
        p->unknown = true;
        return;
    }
    long days = calendar_to_days(pub->year, pub->month, pub->day) + offset;
    calendar_from_days(days, &p->year, &p->month, &p->day);
}

void enrich_dates_rel_month(const struct enrich_dscan *sc, int offset, struct enrich_dpoint *p)
{
    const struct enrich_moment *pub = &sc->doc->published;
    point_clear(p);
    p->prec = DPREC_MONTH;
    if (!pub->known) {
        p->unknown = true;
        return;
    }
    int index = pub->year * 12 + (pub->month - 1) + offset;
    p->year = index / 12;
    p->month = index % 12 + 1;
}

void enrich_dates_rel_year(const struct enrich_dscan *sc, int offset, struct enrich_dpoint *p)
{
    const struct enrich_moment *pub = &sc->doc->published;
    point_clear(p);
    p->prec = DPREC_YEAR;
    if (!pub->known) {
        p->unknown = true;
        return;
    }
    p->year = pub->year + offset;
}

void enrich_dates_rel_week(const struct enrich_dscan *sc, int offset, struct enrich_dexpr *dx)
{
    const struct enrich_moment *pub = &sc->doc->published;
    dx->kind = DX_PERIOD;
    point_clear(&dx->a);
    point_clear(&dx->b);
    dx->a.prec = DPREC_DAY;
    dx->b.prec = DPREC_DAY;
    if (!pub->known) {
        dx->a.unknown = true;
        dx->b.unknown = true;
        return;
    }
    long days = calendar_to_days(pub->year, pub->month, pub->day);
    long monday = days - calendar_weekday(days) + 7L * offset;
    calendar_from_days(monday, &dx->a.year, &dx->a.month, &dx->a.day);
    calendar_from_days(monday + 6, &dx->b.year, &dx->b.month, &dx->b.day);
}

/* ---- Resolution ---- */

/* Orders two points of the same precision by calendar position (years ignored when either is
 * missing, which is what the range merge needs). */
static int point_cmp_in_year(const struct enrich_dpoint *a, const struct enrich_dpoint *b)
{
    if (a->month != b->month) {
        return a->month < b->month ? -1 : 1;
    }
    if (a->day != b->day) {
        return a->day < b->day ? -1 : 1;
    }
    int ha = a->hour * 60 + a->minute, hb = b->hour * 60 + b->minute;
    return ha < hb ? -1 : ha > hb;
}

void enrich_dates_merge_range(struct enrich_dpoint *a, struct enrich_dpoint *b)
{
    /* A bare day ("ngày 1" in "từ ngày 1 đến 15/7") takes its month and year from the other
     * end; a time alone takes the other end's date. */
    if (a->month_missing && !b->month_missing && b->prec >= DPREC_DAY) {
        a->month = b->month;
        a->year = b->year;
        a->year_missing = b->year_missing;
        a->unknown = a->unknown || b->unknown;
        a->month_missing = false;
    }
    if (a->date_missing && !b->date_missing && b->prec >= DPREC_DAY) {
        a->year = b->year;
        a->month = b->month;
        a->day = b->day;
        a->year_missing = b->year_missing;
        a->unknown = a->unknown || b->unknown;
        a->date_missing = false;
    }
    if (b->date_missing && !a->date_missing && a->prec >= DPREC_DAY) {
        b->year = a->year;
        b->month = a->month;
        b->day = a->day;
        b->year_missing = a->year_missing;
        b->unknown = b->unknown || a->unknown;
        b->date_missing = false;
    }
    if (a->year_missing && !b->year_missing && b->prec >= DPREC_MONTH && a->prec >= DPREC_MONTH) {
        a->year = b->year;
        a->year_missing = false;
        if (point_cmp_in_year(a, b) > 0) {
            a->year--;
        }
    } else if (b->year_missing && !a->year_missing && a->prec >= DPREC_MONTH &&
               b->prec >= DPREC_MONTH) {
        b->year = a->year;
        b->year_missing = false;
        if (point_cmp_in_year(b, a) < 0) {
            b->year++;
        }
    }
}

/* The year that puts month/day (or month alone) nearest the publication day. */
static int nearest_year(const struct enrich_moment *pub, int month, int day, bool by_month,
                        int tense)
{
    int best = pub->year;
    long best_dist = -1;
    long pub_days = calendar_to_days(pub->year, pub->month, pub->day);
    for (int y = pub->year - 1; y <= pub->year + 1; y++) {
        long dist;
        if (by_month) {
            dist = (long)(y * 12 + month) - (long)(pub->year * 12 + pub->month);
        } else {
            if (!calendar_valid(y, month, day)) {
                continue;
            }
            dist = calendar_to_days(y, month, day) - pub_days;
        }
        if ((tense > 0 && dist < 0) || (tense < 0 && dist > 0)) {
            continue; /* "1/7 tới" is not behind us, "2/9 vừa qua" not ahead */
        }
        if (dist < 0) {
            dist = -dist;
        }
        /* Strictly nearer wins, so a tie keeps the earlier (past) year. */
        if (best_dist < 0 || dist < best_dist) {
            best = y;
            best_dist = dist;
        }
    }
    return best;
}

/* The tense that steers a missing year. A bare month one or two months before the
 * publication month is the one just past when only the sentence speaks of the future: "sẽ trả
 * đủ lương tháng 12" in January is last December's wages, still owed; a word after the month
 * ("tháng 12 tới", "tháng 12 sắp tới") still makes it the next one. A sentence's "sẽ" rarely
 * means a month almost a year ahead, while unpaid wages, bonuses and reports for the month just
 * ended are common news. */
static int month_tense(const struct enrich_moment *pub, const struct enrich_dpoint *p)
{
    if (p->tense > 0 && p->tense_weak && p->prec == DPREC_MONTH) {
        int back = (pub->month - p->month + 12) % 12;
        if (back >= 1 && back <= 2) {
            return 0;
        }
    }
    return p->tense;
}

/* Fills the date of a point. Returns false when it cannot be known. */
static bool resolve_point(struct enrich_dscan *sc, struct enrich_dpoint *p)
{
    const struct enrich_moment *pub = &sc->doc->published;
    if (p->unknown || p->month_missing) {
        return false;
    }
    if (p->date_missing) {
        if (sc->anchor_ok && sc->anchor_para == sc->para_start) {
            p->year = sc->anchor_year;
            p->month = sc->anchor_month;
            p->day = sc->anchor_day;
        } else if (pub->known) {
            p->year = pub->year;
            p->month = pub->month;
            p->day = pub->day;
        } else {
            return false;
        }
        p->date_missing = false;
        p->year_missing = false;
    }
    if (p->year_missing) {
        if (!pub->known) {
            return false;
        }
        p->year = nearest_year(pub, p->month, p->day, p->prec == DPREC_MONTH, month_tense(pub, p));
        p->year_missing = false;
    }
    if (p->prec >= DPREC_DAY && !calendar_valid(p->year, p->month, p->day)) {
        return false;
    }
    if (p->prec == DPREC_MINUTE && p->hour == 24) {
        /* "24 giờ" is midnight at the end of the day: the next day at 00:00. */
        long days = calendar_to_days(p->year, p->month, p->day) + 1;
        calendar_from_days(days, &p->year, &p->month, &p->day);
        p->hour = 0;
    }
    return true;
}

static bool resolve_period(struct enrich_dscan *sc, struct enrich_dexpr *dx)
{
    struct enrich_dpoint *a = &dx->a, *b = &dx->b;
    const struct enrich_moment *pub = &sc->doc->published;
    enrich_dates_merge_range(a, b);
    if (a->year_missing && b->year_missing) {
        if (!pub->known || a->unknown || b->unknown) {
            return false;
        }
        bool ordered = point_cmp_in_year(a, b) <= 0;
        if (ordered && a->prec >= DPREC_MONTH) {
            /* Judge a quarter or a half by its middle month, not its first day. */
            int mid = (a->month + b->month) / 2;
            a->year = nearest_year(pub, mid, 1, true, 0);
        } else {
            a->year = nearest_year(pub, a->month, a->day, a->prec == DPREC_MONTH, 0);
        }
        b->year = ordered ? a->year : a->year + 1;
        a->year_missing = false;
        b->year_missing = false;
    }
    return resolve_point(sc, a) && resolve_point(sc, b);
}

/* Writes n as exactly width digits (values are bounded: years 1-9999, offsets < 100 h). */
static char *put_digits(char *out, int n, int width)
{
    for (int i = width - 1; i >= 0; i--) {
        out[i] = (char)('0' + n % 10);
        n /= 10;
    }
    return out + width;
}

/* Formats a point as ISO 8601 into buf (at least 26 bytes). Returns the length. snprintf is
 * avoided on purpose: this runs for every mention. */
static int format_point(const struct enrich_dscan *sc, const struct enrich_dpoint *p, char *buf)
{
    char *o = buf;
    if (p->prec == DPREC_NONE) {
        *o = '\0';
        return 0;
    }
    o = put_digits(o, p->year, 4);
    if (p->prec >= DPREC_MONTH) {
        *o++ = '-';
        o = put_digits(o, p->month, 2);
    }
    if (p->prec >= DPREC_DAY) {
        *o++ = '-';
        o = put_digits(o, p->day, 2);
    }
    if (p->prec == DPREC_MINUTE) {
        int off = VIETNAM_OFFSET_MINUTES;
        *o++ = 'T';
        o = put_digits(o, p->hour, 2);
        *o++ = ':';
        o = put_digits(o, p->minute < 0 ? 0 : p->minute, 2);
        memcpy(o, ":00", 3);
        o += 3;
        *o++ = off < 0 ? '-' : '+';
        off = off < 0 ? -off : off;
        o = put_digits(o, (off / 60) % 100, 2);
        *o++ = ':';
        o = put_digits(o, off % 60, 2);
    }
    *o = '\0';
    return (int)(o - buf);
}

static enum enrich_date_kind point_kind(const struct enrich_dpoint *p)
{
    switch (p->prec) {
    case DPREC_YEAR:
        return ENRICH_DATE_YEAR;
    case DPREC_MONTH:
        return ENRICH_DATE_MONTH;
    case DPREC_MINUTE:
        return ENRICH_DATE_DATETIME;
    default:
        return ENRICH_DATE_DATE;
    }
}

static void set_anchor(struct enrich_dscan *sc, const struct enrich_dpoint *p)
{
    if (p->prec >= DPREC_DAY) {
        sc->anchor_ok = true;
        sc->anchor_para = sc->para_start;
        sc->anchor_year = p->year;
        sc->anchor_month = p->month;
        sc->anchor_day = p->day;
    }
}

/* Remembers the day of a mention dated to one day, or to a night across two ("đêm 5 rạng sáng
 * 6/11": its second day). */
static void set_event_day(struct enrich_dscan *sc, const struct enrich_dpoint *a,
                          const struct enrich_dpoint *b)
{
    if (a->prec < DPREC_DAY ||
        (b != NULL && (b->prec < DPREC_DAY || calendar_to_days(b->year, b->month, b->day) -
                                                      calendar_to_days(a->year, a->month, a->day) >
                                                  1))) {
        return;
    }
    const struct enrich_dpoint *p = b != NULL ? b : a;
    /* A time alone in the same paragraph takes this day too ("đêm 5 rạng sáng 6/11 ... 4 giờ");
     * the last day of a longer period ("từ nay đến cuối năm ... từ 6h đến 18h") is no day a time
     * of day belongs to. */
    if (b != NULL) {
        set_anchor(sc, b);
    }
    sc->event_day_ok = true;
    sc->event_year = p->year;
    sc->event_month = p->month;
    sc->event_day = p->day;
}

/* A date that bounds a task rather than dates what happened ("hoàn thành trước ngày
 * 31/12/2028", "hạn chót 30/9"): "cùng ngày" after it still means the day of the news. */
static bool bound_before(const struct enrich_dscan *sc, size_t start)
{
    static const char *const bounds[] = {"trước", "hạn", "chót", NULL};
    char w[16];
    size_t ws = start;
    while (ws > 0 && (sc->s[ws - 1] == ' ' || sc->s[ws - 1] == ':')) {
        ws--;
    }
    if (enrich_lex_prev_folded(sc->s, ws, w, sizeof(w), &ws) == 0) {
        return false;
    }
    if (strcmp(w, "là") == 0 && enrich_lex_prev_folded(sc->s, ws, w, sizeof(w), NULL) == 0) {
        return false; /* "hạn chót là 30/9" */
    }
    return enrich_lex_in(w, bounds);
}

/* "hằng ngày", "các ngày", "mỗi sáng", "hàng tuần": w after quantifier names a recurring day,
 * unless a day number follows ("các ngày 15 và 16/7" are two days). */
static bool recurring_pair(const struct enrich_dscan *sc, const char *quantifier, const char *w,
                           size_t after)
{
    static const char *const quantifiers[] = {"các", "hằng", "hàng", "mỗi", "mọi", NULL};
    static const char *const units[] = {"ngày", "sáng", "chiều", "tối", "đêm", "tuần", NULL};
    if (!enrich_lex_in(quantifier, quantifiers) || !enrich_lex_in(w, units)) {
        return false;
    }
    size_t q = enrich_lex_spaces(sc->s, sc->len, after);
    return !(q < sc->len && sc->s[q] >= '0' && sc->s[q] <= '9');
}

/* True when a time of day without a date is a recurring one: opening hours "mở cửa từ 7h30
 * đến 11h các ngày trong tuần", "hằng ngày từ 8h". Such a time belongs to no day, and the
 * record has no kind for a time alone, so it is left out of the record (its span still keeps
 * the figures off it) rather than dated to the publication day. The cue is looked for among
 * the three words before the time and the five after it, within the clause; other times of the
 * same list and the words that join them ("và từ 13h30 đến 16h30", "từ thứ Hai đến thứ Sáu hằng
 * tuần") are not counted. */
static bool recurring_time(const struct enrich_dscan *sc, size_t start, size_t end)
{
    const char *s = sc->s;
    char w[16], later[16] = "";
    size_t at = start, ws, we, later_end = start;
    while (at > 0 && start - at < 3 && (s[at - 1] == ' ' || s[at - 1] == ',')) {
        at--; /* "Hằng ngày, từ 8h" */
    }
    for (int n = 0; n < 3; n++) {
        while (at > 1 && s[at - 1] == ' ' && s[at - 2] == ',') {
            at -= 2; /* "Mỗi ngày, khoảng 17h" */
        }
        if (!enrich_lex_prev_word(s, at, &ws, &we)) {
            break;
        }
        if (!enrich_lex_fold(s, ws, we, w, sizeof(w))) {
            break;
        }
        if (later[0] != '\0' && recurring_pair(sc, w, later, later_end)) {
            return true;
        }
        memcpy(later, w, sizeof(later));
        later_end = we;
        at = ws;
    }
    static const char *const chain[] = {"và", "từ",  "đến", "tới", "thứ", "hai",  "ba",
                                        "tư", "năm", "sáu", "bảy", "chủ", "nhật", NULL};
    char prev[16] = "";
    size_t p = end;
    for (int n = 0, words = 0; n < 5 && words < 16; n++, words++) {
        size_t q = enrich_lex_spaces(s, sc->len, p);
        if (q >= sc->len || !enrich_lex_word_at(s, sc->len, q)) {
            break;
        }
        size_t e = enrich_lex_word_end(s, sc->len, q);
        if (e == q || !enrich_lex_fold(s, q, e, w, sizeof(w))) {
            break;
        }
        if (prev[0] != '\0' && recurring_pair(sc, prev, w, e)) {
            return true;
        }
        if ((w[0] >= '0' && w[0] <= '9') || enrich_lex_in(w, chain)) {
            n--; /* "từ 7h30 đến 11h và từ 13h30 đến 16h30 các ngày": the cue ends the chain */
        }
        memcpy(prev, w, sizeof(prev));
        p = e;
    }
    return false;
}

int enrich_dates_emit(struct enrich_dscan *sc, struct enrich_dexpr *dx)
{
    bool time_only = dx->kind == DX_POINT
                         ? dx->a.date_missing
                         : dx->kind == DX_PERIOD && dx->a.date_missing && dx->b.date_missing;
    if (time_only && sc->doc->lang == ENRICH_LANG_VI && recurring_time(sc, dx->start, dx->end)) {
        dx->a.unknown = true;
        dx->b.unknown = true;
    }
    struct enrich_date_span span;
    memset(&span, 0, sizeof(span));
    span.start = dx->start;
    span.end = dx->end;
    switch (dx->kind) {
    case DX_DURATION:
        span.kind = ENRICH_DATE_DURATION;
        span.resolved = true;
        memcpy(span.value, dx->duration, sizeof(dx->duration));
        break;
    case DX_PERIOD:
        span.kind = ENRICH_DATE_PERIOD;
        span.resolved = resolve_period(sc, dx);
        if (span.resolved) {
            int n = format_point(sc, &dx->a, span.value);
            span.value[n] = '/';
            format_point(sc, &dx->b, span.value + n + 1);
            set_event_day(sc, &dx->a, &dx->b);
        }
        break;
    case DX_POINT:
        span.kind = point_kind(&dx->a);
        if (dx->a.date_missing) {
            span.kind = ENRICH_DATE_DATETIME;
        }
        span.resolved = resolve_point(sc, &dx->a);
        if (span.resolved) {
            format_point(sc, &dx->a, span.value);
            set_anchor(sc, &dx->a);
            if (!bound_before(sc, dx->start)) {
                set_event_day(sc, &dx->a, NULL);
            }
        }
        break;
    }
    if (!span.resolved) {
        span.value[0] = '\0';
    }
    sc->last_end = span.end;
    sc->any_emitted = true;
    int rc = sc->sink(sc->ctx, &span);
    if (rc != 0) {
        sc->err = rc;
    }
    return rc;
}
