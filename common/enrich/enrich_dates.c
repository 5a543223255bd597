/*
 * Date mentions: the scan loop, ranges and lists, resolution against the publication moment,
 * and the JSON objects of the record. The grammar of each language is in enrich_dates_vi.c and
 * enrich_dates_en.c.
 *
 * Decisions (documented here because analytics relies on them):
 *  - A mention whose value needs the publication moment (hôm qua, ngày mai, "15/7" without a
 *    year, a time of day alone) is not written when the article has no publication moment.
 *  - A missing year is the one that puts the date nearest the publication day (ties go to the
 *    past); "6 tháng đầu năm" without a year is the publication year.
 *  - A time of day alone takes the last date of day precision mentioned before it in the same
 *    paragraph, else the publication day; it is written as a datetime.
 *  - Times carry the publication moment's UTC offset, +07:00 when unknown.
 *  - A range ("từ ngày 1 đến 15/7/2020") is one period; its ends are not written separately.
 */
#include <stdio.h>
#include <string.h>

#include "enrich_dates_internal.h"

const char *enrich_dates_kind_name(enum enrich_date_kind kind)
{
    switch (kind) {
    case ENRICH_DATE_DATETIME:
        return "datetime";
    case ENRICH_DATE_DATE:
        return "date";
    case ENRICH_DATE_MONTH:
        return "month";
    case ENRICH_DATE_YEAR:
        return "year";
    case ENRICH_DATE_PERIOD:
        return "period";
    case ENRICH_DATE_DURATION:
        return "duration";
    }
    return "date";
}

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
    long days = enrich_cal_to_days(pub->year, pub->month, pub->day) + offset;
    enrich_cal_from_days(days, &p->year, &p->month, &p->day);
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
    long days = enrich_cal_to_days(pub->year, pub->month, pub->day);
    long monday = days - enrich_cal_weekday(days) + 7L * offset;
    enrich_cal_from_days(monday, &dx->a.year, &dx->a.month, &dx->a.day);
    enrich_cal_from_days(monday + 6, &dx->b.year, &dx->b.month, &dx->b.day);
}

/* ---- Written forms shared by both languages ---- */

static bool digit_at(const struct enrich_dscan *sc, size_t p)
{
    return p < sc->len && sc->s[p] >= '0' && sc->s[p] <= '9';
}

bool enrich_dates_tail_ok(const struct enrich_dscan *sc, size_t p)
{
    if (p >= sc->len) {
        return true;
    }
    char c = sc->s[p];
    if (enrich_lex_word_at(sc->s, sc->len, p) || c == '/' || c == '%') {
        return false;
    }
    if ((c == '.' || c == ',' || c == ':') && digit_at(sc, p + 1)) {
        return false;
    }
    if (c == '-' && enrich_lex_word_at(sc->s, sc->len, p + 1) && !digit_at(sc, p + 1)) {
        return false; /* "2020-QĐ" */
    }
    return true;
}

size_t enrich_dates_iso(struct enrich_dscan *sc, size_t pos, struct enrich_dexpr *dx)
{
    const char *s = sc->s;
    size_t len = sc->len;
    int y, m, d;
    if (enrich_lex_digits(s, len, pos, &y) != 4 || pos + 4 >= len || s[pos + 4] != '-' ||
        enrich_lex_digits(s, len, pos + 5, &m) != 2 || pos + 7 >= len || s[pos + 7] != '-' ||
        enrich_lex_digits(s, len, pos + 8, &d) != 2 || !enrich_cal_valid(y, m, d)) {
        return 0;
    }
    size_t e = pos + 10;
    dx->kind = DX_POINT;
    enrich_dates_point_day(&dx->a, y, m, d);
    int hh, mm;
    if (e < len && s[e] == 'T' && enrich_lex_digits(s, len, e + 1, &hh) == 2 && e + 3 < len &&
        s[e + 3] == ':' && enrich_lex_digits(s, len, e + 4, &mm) == 2 && hh < 24 && mm < 60) {
        dx->a.prec = DPREC_MINUTE;
        dx->a.hour = hh;
        dx->a.minute = mm;
        e += 6;
        /* Seconds, fractions and a written offset are read but the record uses its own. */
        while (e < len && (s[e] == ':' || s[e] == '.' || s[e] == '+' || s[e] == 'Z' ||
                           (s[e] == '-' && digit_at(sc, e + 1)) || digit_at(sc, e))) {
            e++;
        }
    }
    if (!enrich_dates_tail_ok(sc, e)) {
        return 0;
    }
    dx->start = pos;
    dx->end = e;
    return e;
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
static int nearest_year(const struct enrich_moment *pub, int month, int day, bool by_month)
{
    int best = pub->year;
    long best_dist = -1;
    long pub_days = enrich_cal_to_days(pub->year, pub->month, pub->day);
    for (int y = pub->year - 1; y <= pub->year + 1; y++) {
        long dist;
        if (by_month) {
            dist = (long)(y * 12 + month) - (long)(pub->year * 12 + pub->month);
        } else {
            if (!enrich_cal_valid(y, month, day)) {
                continue;
            }
            dist = enrich_cal_to_days(y, month, day) - pub_days;
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
        p->year = nearest_year(pub, p->month, p->day, p->prec == DPREC_MONTH);
        p->year_missing = false;
    }
    if (p->prec >= DPREC_DAY && !enrich_cal_valid(p->year, p->month, p->day)) {
        return false;
    }
    if (p->prec == DPREC_MINUTE && p->hour == 24) {
        /* "24 giờ" is midnight at the end of the day: the next day at 00:00. */
        long days = enrich_cal_to_days(p->year, p->month, p->day) + 1;
        enrich_cal_from_days(days, &p->year, &p->month, &p->day);
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
            a->year = nearest_year(pub, mid, 1, true);
        } else {
            a->year = nearest_year(pub, a->month, a->day, a->prec == DPREC_MONTH);
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
        int off = sc->doc->published.known ? sc->doc->published.tz_offset_minutes : 420;
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

int enrich_dates_emit(struct enrich_dscan *sc, struct enrich_dexpr *dx)
{
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
            set_anchor(sc, &dx->b);
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

/* ---- The scan loop: ranges and lists around single expressions ---- */

static size_t parse_expr(struct enrich_dscan *sc, size_t pos, unsigned flags,
                         struct enrich_dexpr *out)
{
    memset(out, 0, sizeof(*out));
    if (sc->doc->lang == ENRICH_LANG_EN) {
        return enrich_dates_en_expr(sc, pos, flags, out);
    }
    return enrich_dates_vi_expr(sc, pos, flags, out);
}

static const char *const vi_range_to[] = {"đến", "tới", "cho đến", "đến hết", "tới hết", NULL};
static const char *const en_range_to[] = {"to", "until", "till", "through", NULL};
static const char *const vi_now[] = {"nay", "hiện nay", "hiện tại", "bây giờ", NULL};
static const char *const en_now[] = {"now", "the present", "date", NULL};

/* After an end of range: a dash or a connector word ("and" only after "between"). Returns the
 * position after it or 0. */
static size_t range_connector(struct enrich_dscan *sc, size_t pos, bool words, bool between)
{
    size_t p = enrich_lex_spaces(sc->s, sc->len, pos);
    size_t d = enrich_lex_dash(sc->s, sc->len, p);
    if (d > 0) {
        return enrich_lex_spaces(sc->s, sc->len, p + d);
    }
    if (!words) {
        return 0;
    }
    if (between) {
        size_t a = enrich_lex_match(sc->s, sc->len, p, "and");
        return a ? enrich_lex_spaces(sc->s, sc->len, a) : 0;
    }
    const char *const *list = sc->doc->lang == ENRICH_LANG_EN ? en_range_to : vi_range_to;
    size_t end = enrich_lex_match_any(sc->s, sc->len, p, list, NULL);
    return end ? enrich_lex_spaces(sc->s, sc->len, end) : 0;
}

static bool is_point(const struct enrich_dexpr *dx)
{
    return dx->kind == DX_POINT;
}

/* The second end of a range, or "nay" (until now) which is the publication day. */
static size_t range_end(struct enrich_dscan *sc, size_t pos, struct enrich_dexpr *b)
{
    const char *const *now = sc->doc->lang == ENRICH_LANG_EN ? en_now : vi_now;
    size_t end = enrich_lex_match_any(sc->s, sc->len, pos, now, NULL);
    if (end) {
        memset(b, 0, sizeof(*b));
        b->start = pos;
        b->end = end;
        b->kind = DX_POINT;
        enrich_dates_rel_day(sc, 0, &b->a);
        return end;
    }
    end = parse_expr(sc, pos, DX_CUE, b);
    if (!end || !is_point(b)) {
        return 0;
    }
    return end;
}

static int emit_range(struct enrich_dscan *sc, size_t start, struct enrich_dexpr *a,
                      struct enrich_dexpr *b)
{
    struct enrich_dexpr dx;
    memset(&dx, 0, sizeof(dx));
    dx.start = start;
    dx.end = b->end;
    dx.kind = DX_PERIOD;
    /* A period end that is itself a period ("tháng 1 - quý II") keeps its outer bounds. */
    dx.a = a->a;
    dx.b = b->kind == DX_PERIOD ? b->b : b->a;
    return enrich_dates_emit(sc, &dx);
}

/* "từ A đến B", "from A to B", "between A and B". Returns the end or 0 (then nothing was
 * emitted and the scan goes on at the next word). */
static size_t try_range(struct enrich_dscan *sc, size_t pos, size_t after_cue, bool between)
{
    struct enrich_dexpr a, b;
    size_t p = after_cue;
    size_t end = parse_expr(sc, p, DX_CUE | DX_DAY_ONLY, &a);
    if (!end || a.kind == DX_DURATION) {
        return 0;
    }
    if (a.kind == DX_PERIOD) {
        /* The expression held the whole range ("từ tháng 1 đến tháng 6/2020"). */
        a.start = pos;
        enrich_dates_emit(sc, &a);
        return end;
    }
    size_t q = range_connector(sc, end, true, between);
    if (!q || !range_end(sc, q, &b)) {
        return 0;
    }
    emit_range(sc, pos, &a, &b);
    return b.end;
}

/* "ngày 15, 16 và 17/7": bare days take the month of the last item. */
static size_t day_list(struct enrich_dscan *sc, struct enrich_dexpr *first)
{
    enum { MAX_ITEMS = 8 };
    struct enrich_dexpr items[MAX_ITEMS];
    int n = 0;
    items[n++] = *first;
    size_t end = first->end;
    bool closed = false;
    while (n < MAX_ITEMS) {
        size_t p = enrich_lex_spaces(sc->s, sc->len, end);
        if (p < sc->len && sc->s[p] == ',') {
            p = enrich_lex_spaces(sc->s, sc->len, p + 1);
        }
        size_t w =
            enrich_lex_match(sc->s, sc->len, p, sc->doc->lang == ENRICH_LANG_EN ? "and" : "và");
        if (w) {
            p = enrich_lex_spaces(sc->s, sc->len, w);
        }
        if (p == enrich_lex_spaces(sc->s, sc->len, end)) {
            break; /* no separator */
        }
        struct enrich_dexpr next;
        size_t e = parse_expr(sc, p, DX_CUE | DX_DAY_ONLY | DX_NOCOMBO, &next);
        if (!e || !is_point(&next) || next.a.prec < DPREC_DAY) {
            break;
        }
        items[n++] = next;
        end = e;
        if (!next.a.month_missing) {
            closed = true;
            break;
        }
    }
    if (closed) {
        struct enrich_dpoint last = items[n - 1].a;
        for (int i = 0; i < n - 1; i++) {
            items[i].a.month = last.month;
            items[i].a.year = last.year;
            items[i].a.year_missing = last.year_missing;
            items[i].a.unknown = last.unknown;
            items[i].a.month_missing = false;
        }
    } else {
        n = 1; /* a lone "ngày 15": only its span is reported, unresolved */
        end = first->end;
    }
    for (int i = 0; i < n; i++) {
        if (enrich_dates_emit(sc, &items[i]) != 0) {
            break;
        }
    }
    return end;
}

/* The words that can begin a mention (numbers aside), by their first byte. Every other word is
 * skipped without trying the grammar, which keeps the scan fast: most words fail on their first
 * byte or their length. Lowercase; capitals match too, and Vietnamese capitals have the UTF-8
 * length of their small letters ("Đ"/"đ"), so the length test holds for both. */
struct start_word {
    const char *word;
    size_t len;
};
#define SW(w)                                                                                      \
    {                                                                                              \
        w, sizeof(w) - 1                                                                           \
    }
static const struct start_word vi_b[] = {SW("ba"), SW("bốn"), SW("bảy"), {NULL, 0}};
static const struct start_word vi_c[] = {SW("chiều"), SW("chín"), {NULL, 0}};
static const struct start_word vi_g[] = {SW("giai"), {NULL, 0}};
static const struct start_word vi_h[] = {SW("hôm"), SW("hai"), {NULL, 0}};
static const struct start_word vi_k[] = {SW("khuya"), {NULL, 0}};
static const struct start_word vi_m[] = {SW("mùa"), SW("một"), SW("mười"), {NULL, 0}};
static const struct start_word vi_n[] = {SW("ngày"), SW("năm"), SW("nhiệm"),
                                         SW("niên"), SW("nửa"), {NULL, 0}};
static const struct start_word vi_q[] = {SW("quý"), {NULL, 0}};
static const struct start_word vi_r[] = {SW("rạng"), {NULL, 0}};
static const struct start_word vi_s[] = {SW("sáng"), SW("sáu"), {NULL, 0}};
static const struct start_word vi_t[] = {SW("tháng"), SW("tuần"), SW("thời"),
                                         SW("thập"),  SW("trưa"), SW("tối"),
                                         SW("tám"),   SW("từ"),   {NULL, 0}};
static const struct start_word vi_dd[] = {SW("đêm"), {NULL, 0}};
static const struct start_word *const vi_start[256] = {
    ['b'] = vi_b, ['B'] = vi_b, ['c'] = vi_c, ['C'] = vi_c, ['g'] = vi_g,  ['G'] = vi_g,
    ['h'] = vi_h, ['H'] = vi_h, ['k'] = vi_k, ['K'] = vi_k, ['m'] = vi_m,  ['M'] = vi_m,
    ['n'] = vi_n, ['N'] = vi_n, ['q'] = vi_q, ['Q'] = vi_q, ['r'] = vi_r,  ['R'] = vi_r,
    ['s'] = vi_s, ['S'] = vi_s, ['t'] = vi_t, ['T'] = vi_t, [0xC4] = vi_dd};
static const struct start_word en_a[] = {
    SW("april"), SW("apr"), SW("august"), SW("aug"), {NULL, 0}};
static const struct start_word en_b[] = {SW("between"), {NULL, 0}};
static const struct start_word en_d[] = {SW("december"), SW("dec"), {NULL, 0}};
static const struct start_word en_e[] = {SW("eight"), SW("eleven"), {NULL, 0}};
static const struct start_word en_f[] = {SW("february"), SW("feb"),  SW("from"), SW("first"),
                                         SW("fourth"),   SW("four"), SW("five"), {NULL, 0}};
static const struct start_word en_h[] = {SW("h1"), SW("h2"), {NULL, 0}};
static const struct start_word en_j[] = {SW("january"), SW("jan"), SW("june"), SW("jun"),
                                         SW("july"),    SW("jul"), {NULL, 0}};
static const struct start_word en_l[] = {SW("last"), {NULL, 0}};
static const struct start_word en_m[] = {SW("march"), SW("mar"), SW("may"), {NULL, 0}};
static const struct start_word en_n[] = {
    SW("november"), SW("nov"), SW("next"), SW("nine"), {NULL, 0}};
static const struct start_word en_o[] = {SW("october"), SW("oct"), SW("one"), {NULL, 0}};
static const struct start_word en_q[] = {SW("q1"), SW("q2"), SW("q3"), SW("q4"), {NULL, 0}};
static const struct start_word en_s[] = {SW("september"), SW("sept"),  SW("sep"), SW("second"),
                                         SW("six"),       SW("seven"), {NULL, 0}};
static const struct start_word en_t[] = {SW("today"), SW("tomorrow"), SW("tonight"), SW("this"),
                                         SW("the"),   SW("third"),    SW("two"),     SW("three"),
                                         SW("ten"),   SW("twelve"),   {NULL, 0}};
static const struct start_word en_y[] = {SW("yesterday"), {NULL, 0}};
static const struct start_word *const en_start[256] = {
    ['a'] = en_a, ['A'] = en_a, ['b'] = en_b, ['B'] = en_b, ['d'] = en_d, ['D'] = en_d,
    ['e'] = en_e, ['E'] = en_e, ['f'] = en_f, ['F'] = en_f, ['h'] = en_h, ['H'] = en_h,
    ['j'] = en_j, ['J'] = en_j, ['l'] = en_l, ['L'] = en_l, ['m'] = en_m, ['M'] = en_m,
    ['n'] = en_n, ['N'] = en_n, ['o'] = en_o, ['O'] = en_o, ['q'] = en_q, ['Q'] = en_q,
    ['s'] = en_s, ['S'] = en_s, ['t'] = en_t, ['T'] = en_t, ['y'] = en_y, ['Y'] = en_y};

/* The end of the start word at pos (a word start whose first byte has a list), or 0. */
static size_t start_word_end(const struct enrich_dscan *sc, const struct start_word *list,
                             size_t pos)
{
    /* The second byte decides most words without a call: ASCII is compared in lowercase, and a
     * Vietnamese capital shares its lead byte with its small letter. */
    unsigned char second = pos + 1 < sc->len ? (unsigned char)sc->s[pos + 1] : 0;
    if (second >= 'A' && second <= 'Z') {
        second = (unsigned char)(second + 32);
    }
    unsigned char third = pos + 2 < sc->len ? (unsigned char)sc->s[pos + 2] : 0;
    if (third >= 'A' && third <= 'Z') {
        third = (unsigned char)(third + 32);
    }
    for (int i = 0; list[i].word != NULL; i++) {
        const unsigned char *w = (const unsigned char *)list[i].word;
        /* Both ASCII positions compare in lowercase; a non-ASCII third byte is the lead byte
         * of a letter, which a capital shares. */
        if (w[0] < 0x80 && (w[1] != second || (w[1] < 0x80 && w[2] != 0 && w[2] != third))) {
            continue;
        }
        size_t end = enrich_lex_match(sc->s, sc->len, pos, list[i].word);
        if (end) {
            return end;
        }
    }
    return 0;
}

static const char *const vi_range_from[] = {"từ", NULL};
static const char *const en_range_from[] = {"from", "between", NULL};

/* Tries every rule at the word that starts at pos. Returns the end of what was consumed. */
static size_t dispatch(struct enrich_dscan *sc, size_t pos)
{
    const char *const *from = sc->doc->lang == ENRICH_LANG_EN ? en_range_from : vi_range_from;
    int which = 0;
    size_t cue = enrich_lex_match_any(sc->s, sc->len, pos, from, &which);
    if (cue) {
        bool between = sc->doc->lang == ENRICH_LANG_EN && which == 1;
        size_t end = try_range(sc, pos, enrich_lex_spaces(sc->s, sc->len, cue), between);
        return end ? end : cue;
    }
    struct enrich_dexpr a;
    size_t end = parse_expr(sc, pos, 0, &a);
    if (!end) {
        return 0;
    }
    if (a.kind == DX_POINT && a.a.month_missing) {
        return day_list(sc, &a);
    }
    if (a.kind == DX_POINT && a.a.prec >= DPREC_DAY) {
        /* "15/7 - 20/7/2020", "ngày 15/7 đến ngày 20/7" */
        struct enrich_dexpr b;
        size_t q = range_connector(sc, end, true, false);
        if (q && range_end(sc, q, &b) && (b.a.prec >= DPREC_DAY || b.a.date_missing)) {
            emit_range(sc, a.start, &a, &b);
            return b.end;
        }
    }
    enrich_dates_emit(sc, &a);
    return end;
}

/* The most words a mention can begin before its first digit ("the first nine months of 2020"). */
#define WORDS_BEFORE_DIGIT 6

/* Where to resume scanning so that a mention whose first digit is at digit is not missed: a
 * few words back, never before from nor across a line. Sets *line to the start of the line. */
static size_t window_start(const char *s, size_t from, size_t digit, size_t *line)
{
    size_t line_start = digit;
    while (line_start > from && s[line_start - 1] != '\n') {
        line_start--;
    }
    *line = line_start;
    size_t back = digit;
    for (int words = 0; words < WORDS_BEFORE_DIGIT && back > line_start; words++) {
        size_t b = back;
        while (b > line_start && !enrich_lex_word_before_fast(s, b)) {
            b = enrich_lex_char_start(s, b);
        }
        if (b == line_start) {
            break;
        }
        while (b > line_start && enrich_lex_word_before_fast(s, b)) {
            b = enrich_lex_char_start(s, b);
        }
        back = b;
    }
    return back;
}

int enrich_dates_scan(const struct enrich_doc *doc, const char *s, size_t len, bool digits_only,
                      enrich_date_sink sink, void *ctx)
{
    struct enrich_dscan sc;
    memset(&sc, 0, sizeof(sc));
    sc.s = s;
    sc.len = len;
    sc.doc = doc;
    sc.sink = sink;
    sc.ctx = ctx;
    const struct start_word *const *starts = doc->lang == ENRICH_LANG_EN ? en_start : vi_start;
    size_t pos = 0;
    size_t window_end = 0;
    while (pos < len && sc.err == 0) {
        if (digits_only && pos >= window_end) {
            size_t d = pos;
            while (d < len && (s[d] < '0' || s[d] > '9')) {
                d++;
            }
            if (d == len) {
                break;
            }
            size_t line;
            size_t start = window_start(s, pos, d, &line);
            if (line > pos || (line > 0 && s[line - 1] == '\n')) {
                sc.para_start = line;
            }
            pos = start > pos ? start : pos;
            window_end = enrich_lex_word_end(s, len, d);
            window_end = window_end > d ? window_end : d + 1;
        }
        unsigned char c = (unsigned char)s[pos];
        if (c == '\n') {
            sc.para_start = ++pos;
            continue;
        }
        /* One table look-up per byte: only a digit or the first byte of a start word, at the
         * start of a word, goes further. */
        bool digit = c >= '0' && c <= '9';
        const struct start_word *list = starts[c];
        if ((!digit && list == NULL) || enrich_lex_word_before_fast(s, pos)) {
            pos++;
            continue;
        }
        size_t word_end = digit ? pos + 1 : start_word_end(&sc, list, pos);
        if (word_end == 0) {
            pos++;
            continue;
        }
        size_t end = dispatch(&sc, pos);
        pos = end > pos ? end : enrich_lex_word_end(s, len, pos);
    }
    return sc.err;
}

/* ---- The record's objects ---- */

struct json_sink {
    const char *s;
    json_t *dates;
};

static int add_json(void *ctx, const struct enrich_date_span *span)
{
    struct json_sink *js = ctx;
    if (!span->resolved || !enrich_lex_valid_utf8(js->s + span->start, span->end - span->start)) {
        return 0; /* only reachable on input the core did not normalize */
    }
    json_t *obj = json_object();
    if (obj == NULL) {
        return ENRICH_ERR_NOMEM;
    }
    int bad = 0;
    bad |= json_object_set_new_nocheck(
        obj, "text", json_stringn_nocheck(js->s + span->start, span->end - span->start));
    bad |=
        json_object_set_new_nocheck(obj, "kind", json_string(enrich_dates_kind_name(span->kind)));
    bad |= json_object_set_new_nocheck(obj, "value", json_string(span->value));
    bad |= json_object_set_new_nocheck(obj, "start", json_integer((json_int_t)span->start));
    bad |= json_object_set_new_nocheck(obj, "end", json_integer((json_int_t)span->end));
    bad |= json_object_set_new_nocheck(obj, "role", json_string("mentioned"));
    if (bad != 0 || json_array_append_new(js->dates, obj) != 0) {
        if (bad != 0) {
            json_decref(obj);
        }
        return ENRICH_ERR_NOMEM;
    }
    return 0;
}

int enrich_dates_find(const struct enrich_doc *doc, json_t *dates)
{
    if (doc == NULL || dates == NULL || !json_is_array(dates)) {
        return ENRICH_ERR_INVALID;
    }
    const struct enrich_segment *seg = &doc->seg[ENRICH_SEG_TEXT];
    if (seg->s == NULL) {
        return 0;
    }
    struct json_sink js = {seg->s, dates};
    return enrich_dates_scan(doc, seg->s, seg->len, false, add_json, &js);
}
