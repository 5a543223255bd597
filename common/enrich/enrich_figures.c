/*
 * Figures: the scan loop, ranges, the filters that keep names and references out, and the
 * record's objects.
 *
 * Decisions (documented here because analytics relies on them):
 *  - "text" is the number with its scale and unit ("1,5 triệu người", "$53.5 million"); the
 *    qualifier ("hơn", "more than") is outside it and reported in "qualifier".
 *  - A range ("95.000 - 100.000 đồng/kg", "7-7,5%", "từ 2 đến 3 tỷ đồng") is one figure:
 *    "value" is the low end and "value_max" the high end; the record has "value_max" only for
 *    ranges.
 *  - Anything the date scanner reports (dates, years, durations such as "10 năm", times) is not
 *    a figure; the caller passes the spans of the dates part's one scan of the same text, those
 *    the record leaves out (a lone "ngày 15", a lunar day) included.
 *  - "value" is a JSON integer when the value is whole, else a real.
 *  - A bare number needs no unit to count ("9.720 điển hình"), but a bare number without
 *    separators right after a capitalized word is part of a name ("Apollo 11", the rice
 *    "IR 50404"), a bare 1900-2100 is a year, and a bare run of five digits or more is an
 *    identifier (both languages write large quantities with separators).
 *  - A sign written before a change ("(-1,1%)") is part of the text and of the value.
 *  - English "per kg", "a share" make the compound unit Vietnamese writes "đồng/kg".
 *  - "context" is what the figure counts: the counted noun and the words after it, else the
 *    subject of its clause (enrich_figures_phrase.c); a figure that only adds a change to the
 *    one before it ("đạt 1,82 tỷ USD, giảm 3,2%", "cao hơn cùng kỳ 1.200 đồng/kg", "rose 6.7%
 *    ... to $32.4 billion", ", down from 8.02%") or restates it in brackets ("149 km/h
 *    (92 mph)") shares that one's subject.
 *  - Units are measures plus a closed list of counted nouns (người, hộ, lượt, căn, ca, vụ, con,
 *    chiếc, cổ phiếu); a counted noun starts the context. "vụ" counts cases and accidents like
 *    "ca" counts patients; both only in lowercase ("Vụ" is a ministry department).
 *  - Emergency numbers (111-116) after a call or another phone number, and the days listed
 *    before a day and month ("15 và 16-9"), are no figures.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "enrich_dates_internal.h"
#include "enrich_figures_internal.h"

struct fscan {
    const char *s;
    size_t len;
    enum enrich_lang lang;
    const struct enrich_date_spans *dates;
    size_t next_date;  /* index of the first date span that ends after the scan position */
    size_t last_end;   /* end of the last figure written */
    size_t last_start; /* where the last figure written begins */
    size_t last_qual;  /* where its qualifier begins (last_start without one) */
    bool last_counts;  /* its unit is a counted noun */
    size_t last_cstart, last_cend; /* its context, or an empty range */
    json_t *out;
    int err;
    struct enrich_span_notes *notes;     /* or NULL */
    struct enrich_shared_strings shared; /* units and qualifiers */
    /* The last context written, shared by the figures that follow with the same one (nearly
     * half of them: the figures of one sentence), since a JSON string costs two allocations. A
     * reference of our own; NULL when none. */
    json_t *context;
    size_t context_start, context_end;
};

/* A new reference to the string of the context s[start, end), NULL when memory ran out. */
static json_t *context_string(struct fscan *fs, size_t start, size_t end)
{
    if (fs->context == NULL || fs->context_start != start || fs->context_end != end) {
        json_decref(fs->context);
        fs->context = json_stringn_nocheck(fs->s + start, end - start);
        fs->context_start = start;
        fs->context_end = end;
    }
    return json_incref(fs->context);
}

/* True when [start, end) overlaps a date span. */
/* True when the figure at at stands in brackets right after the last one: "149 km/h (92 mph)",
 * "VND80,000 ($3.3)". */
static bool restates_last(const char *s, size_t last_end, size_t at)
{
    if (last_end == 0 || at <= last_end || at - last_end > 2) {
        return false;
    }
    size_t p = last_end;
    if (s[p] == ' ') {
        p++;
    }
    return p + 1 == at && s[p] == '(';
}

static size_t small_number(const char *s, size_t len, size_t p, int *value)
{
    size_t e = p;
    *value = 0;
    while (e < len && e - p < 3 && s[e] >= '0' && s[e] <= '9') {
        *value = *value * 10 + (s[e] - '0');
        e++;
    }
    return e - p >= 1 && e - p <= 2 && !(e < len && s[e] >= '0' && s[e] <= '9') ? e : 0;
}

/* True when the number that ends at p heads a list of days closed by a day and month: "15 và
 * 16-9", "14, 15 và 16/9". The scanner reads the last one as a date; the others are days. */
static bool day_listed_before_date(const char *s, size_t len, size_t p)
{
    static const char *const joins[] = {"và", "and", "đến", "tới", NULL};
    for (int items = 0; items < 6; items++) {
        size_t q = enrich_lex_spaces(s, len, p);
        bool last = false;
        if (q < len && s[q] == ',') {
            q = enrich_lex_spaces(s, len, q + 1);
        } else if (q > p && enrich_lex_match_any(s, len, q, joins, NULL)) {
            q = enrich_lex_spaces(s, len, enrich_lex_match_any(s, len, q, joins, NULL));
            last = true;
        } else {
            return false;
        }
        int day, month;
        size_t e = small_number(s, len, q, &day);
        if (!e || day < 1 || day > 31) {
            return false;
        }
        if (e + 1 < len && (s[e] == '-' || s[e] == '/')) {
            size_t m = small_number(s, len, e + 1, &month);
            return m && month >= 1 && month <= 12;
        }
        if (last) {
            return false;
        }
        p = e;
    }
    return false;
}

static bool overlaps_date(struct fscan *fs, size_t start, size_t end)
{
    const struct enrich_date_spans *d = fs->dates;
    for (size_t i = fs->next_date; i < d->n && d->start[i] < end; i++) {
        if (d->end[i] > start) {
            return true;
        }
    }
    return false;
}

/* "19.2 million visitors in the first 10 months of 2026, up 16.8 per cent": in English a date
 * after a preposition may stand between a figure's subject and the change that follows. Returns
 * the end of such a date when one starts the words at from, else from. */
static size_t past_date_en(const struct fscan *fs, size_t from, size_t to)
{
    static const char *const preps[] = {"in", "on", "during", "for", "over", "through", NULL};
    size_t p = enrich_lex_spaces(fs->s, to, from);
    /* "54,500 megawatts (MW) on Nov. 19, up 11.2%": the unit's short form in brackets first */
    if (p < to && fs->s[p] == '(') {
        size_t q = p + 1;
        while (q < to && q < p + 12 && fs->s[q] != ')' && fs->s[q] != ' ') {
            q++;
        }
        if (q < to && fs->s[q] == ')') {
            from = q + 1;
            p = enrich_lex_spaces(fs->s, to, from);
        }
    }
    size_t e = enrich_lex_word_end(fs->s, to, p);
    char w[8];
    if (e > p && enrich_lex_fold(fs->s, p, e, w, sizeof w) && enrich_lex_in(w, preps)) {
        p = enrich_lex_spaces(fs->s, to, e);
    }
    const struct enrich_date_spans *d = fs->dates;
    for (size_t i = fs->next_date; i-- > 0 && d->end[i] > from;) {
        if (d->start[i] == p && d->end[i] <= to) {
            return d->end[i];
        }
    }
    return from;
}

/* Where the words between the last figure's subject and a figure at to begin. */
static size_t subject_end(const struct fscan *fs, size_t to)
{
    size_t from = fs->last_cend > fs->last_end ? fs->last_cend : fs->last_end;
    return fs->lang == ENRICH_LANG_EN ? past_date_en(fs, from, to) : from;
}

static bool date_starts_at(struct fscan *fs, size_t pos)
{
    const struct enrich_date_spans *d = fs->dates;
    for (size_t i = fs->next_date; i < d->n && d->start[i] <= pos; i++) {
        if (d->end[i] > pos) {
            return true;
        }
    }
    return false;
}

static bool digit_at(const struct fscan *fs, size_t p)
{
    return p < fs->len && fs->s[p] >= '0' && fs->s[p] <= '9';
}

/* One quantity: number, scale, unit. */
struct quantity {
    struct enrich_fig_number num;
    double mult; /* 1 when no scale */
    bool scaled;
    size_t end;        /* after the scale or the unit */
    size_t unit_start; /* where the unit word begins */
    bool has_unit;
    bool counts;
    char unit[48];
};

/* Reads scale words, including "1 tỷ 200 triệu". */
static size_t read_scale(struct fscan *fs, size_t p, struct quantity *q)
{
    double mult;
    size_t e = enrich_figures_scale(fs->s, fs->len, p, fs->lang, &mult);
    if (!e) {
        return p;
    }
    q->scaled = true;
    q->mult = mult;
    q->num.value = enrich_figures_scaled(&q->num, mult);
    /* A smaller part may follow: "1 tỷ 200 triệu đồng". */
    size_t r = enrich_lex_spaces(fs->s, fs->len, e);
    struct enrich_fig_number part;
    double mult2;
    size_t pe;
    if (r > e && digit_at(fs, r) &&
        (pe = enrich_figures_number(fs->s, fs->len, r, fs->lang, &part)) && !part.invalid) {
        size_t se = enrich_figures_scale(fs->s, fs->len, pe, fs->lang, &mult2);
        if (se && mult2 < mult && part.value * mult2 < mult) {
            q->num.value += enrich_figures_scaled(&part, mult2);
            return se;
        }
    }
    return e;
}

/* Reads a quantity at pos. Returns its end; q->num.invalid tells a run to skip. */
static size_t read_quantity(struct fscan *fs, size_t pos, struct quantity *q)
{
    memset(q, 0, sizeof(*q));
    q->mult = 1;
    size_t e = enrich_figures_number(fs->s, fs->len, pos, fs->lang, &q->num);
    if (!e || q->num.invalid) {
        q->end = e;
        return e;
    }
    e = read_scale(fs, e, q);
    size_t us = enrich_lex_spaces(fs->s, fs->len, e);
    size_t ue =
        enrich_figures_unit(fs->s, fs->len, e, fs->lang, q->unit, sizeof(q->unit), &q->counts);
    if (ue) {
        q->has_unit = true;
        q->unit_start = us;
        e = ue;
    }
    q->end = e;
    return e;
}

/* The end of a token that is not a figure: the number and whatever is glued to it. */
static size_t skip_token(struct fscan *fs, size_t pos)
{
    size_t p = pos;
    while (p < fs->len) {
        if (enrich_lex_word_at(fs->s, fs->len, p)) {
            p = enrich_lex_word_end(fs->s, fs->len, p);
        } else if ((fs->s[p] == '.' || fs->s[p] == ',' || fs->s[p] == '/' || fs->s[p] == '-' ||
                    fs->s[p] == ':') &&
                   enrich_lex_word_at(fs->s, fs->len, p + 1)) {
            p++;
        } else {
            break;
        }
    }
    return p > pos ? p : pos + 1;
}

static int add_figure(struct fscan *fs, size_t start, size_t end, const struct quantity *q,
                      const struct quantity *high, const char *unit, const char *qualifier,
                      size_t cstart, size_t cend)
{
    if (!enrich_lex_valid_utf8(fs->s + start, end - start) ||
        (cend > cstart && !enrich_lex_valid_utf8(fs->s + cstart, cend - cstart))) {
        return 0; /* only reachable on input the core did not normalize */
    }
    json_t *obj = json_object();
    if (obj == NULL) {
        return ENRICH_ERR_NOMEM;
    }
    double v = q->num.value;
    int bad = 0;
    json_t *text = json_stringn_nocheck(fs->s + start, end - start);
    json_t *jstart = json_integer((json_int_t)start), *jend = json_integer((json_int_t)end);
    bad |= ENRICH_SET_LIT(obj, "text", text);
    bad |= ENRICH_SET_LIT(
        obj, "value", fabs(v) < 9e15 && v == floor(v) ? json_integer((json_int_t)v) : json_real(v));
    if (high != NULL) {
        double h = high->num.value;
        bad |= ENRICH_SET_LIT(obj, "value_max",
                              fabs(h) < 9e15 && h == floor(h) ? json_integer((json_int_t)h)
                                                              : json_real(h));
    }
    bad |=
        ENRICH_SET_LIT(obj, "unit", unit ? enrich_shared_string(&fs->shared, unit) : json_null());
    bad |= ENRICH_SET_LIT(obj, "qualifier",
                          qualifier ? enrich_shared_string(&fs->shared, qualifier) : json_null());
    bad |= ENRICH_SET_LIT(obj, "context",
                          cend > cstart ? context_string(fs, cstart, cend) : json_null());
    bad |= ENRICH_SET_LIT(obj, "start", jstart);
    bad |= ENRICH_SET_LIT(obj, "end", jend);
    if (bad != 0) {
        json_decref(obj);
        return ENRICH_ERR_NOMEM;
    }
    if (json_array_append_new(fs->out, obj) != 0) {
        return ENRICH_ERR_NOMEM;
    }
    if (fs->notes != NULL) {
        return enrich_span_notes_add(fs->notes, obj, jstart, jend, text, ENRICH_SEG_TEXT);
    }
    return 0;
}

static const char *const vi_range_words[] = {"đến", "tới", NULL};
static const char *const en_range_words[] = {"to", "and", NULL};
static const char *const vi_range_open[] = {"từ", NULL};
static const char *const en_range_open[] = {"from", "between", NULL};

/* The connector of a range after the first quantity; 0 when none. Words count only when the
 * range was opened ("từ 2 đến 3", "between 5 and 7"): a lone "đến 30%" is a qualifier. */
static size_t range_connector(struct fscan *fs, size_t p, bool opened)
{
    size_t q = enrich_lex_spaces(fs->s, fs->len, p);
    size_t d = enrich_lex_dash(fs->s, fs->len, q);
    if (d) {
        return enrich_lex_spaces(fs->s, fs->len, q + d);
    }
    if (!opened || q == p) {
        return 0;
    }
    const char *const *words = fs->lang == ENRICH_LANG_EN ? en_range_words : vi_range_words;
    size_t e = enrich_lex_match_any(fs->s, fs->len, q, words, NULL);
    return e ? enrich_lex_spaces(fs->s, fs->len, e) : 0;
}

static bool range_opened(struct fscan *fs, const struct enrich_fig_words *w, size_t *open_start)
{
    const char *const *open = fs->lang == ENRICH_LANG_EN ? en_range_open : vi_range_open;
    if (w->n == 0 || !enrich_lex_in(w->folded[0], open)) {
        return false;
    }
    *open_start = w->start[0];
    return true;
}

/* "khối lượng khớp lệnh hơn 42 triệu đơn vị.": millions of "units" (of shares, of goods) say
 * nothing of what they are; the subject before the figure does. */
static bool bare_units_after(struct fscan *fs, const struct quantity *q, size_t e)
{
    if (fs->lang != ENRICH_LANG_VI || !q->scaled || q->has_unit) {
        return false;
    }
    size_t p = enrich_lex_spaces(fs->s, fs->len, e);
    size_t u = p > e ? enrich_lex_match(fs->s, fs->len, p, "đơn vị") : 0;
    return u > 0 && (u == fs->len || fs->s[u] == '.' || fs->s[u] == ',' || fs->s[u] == ';');
}

/* Adjectives before "hơn" that, with "so với" after the figure, make it a difference. */
static const char *const vi_difference_adjs[] = {"cao", "thấp", "nhiều", "ít", "lớn", "nhỏ", NULL};

/* Whether a word of comparison in time follows e: "5.1 percent a year ago", "a year earlier".
 * Without one a percentage "a year" is a rate per year ("4.5 per cent a year", "%/năm"); an
 * amount "a year" keeps its currency ("saved about VND6.3 trillion a year"). */
static bool en_time_ago(struct fscan *fs, size_t e)
{
    static const char *const ago[] = {"ago", "earlier", "before", "later", "on", "after", NULL};
    size_t q = enrich_lex_spaces(fs->s, fs->len, e);
    return q > e && enrich_lex_match_any(fs->s, fs->len, q, ago, NULL) > 0;
}

/* " per kg", " a share", " mỗi m2", " một tháng" after a figure's unit: writes "đồng/kg" into
 * buf and returns the end, or 0. */
static size_t per_unit_after(struct fscan *fs, size_t p, const char *unit, char *buf, size_t cap)
{
    /* The first word is "each" (any unit follows, counted nouns too: "mỗi người" is
     * "đồng/người"); the others are "a", which a counted noun does not follow ("a person"). */
    static const char *const en_per[] = {"per", "a", "an", NULL};
    static const char *const vi_per[] = {"mỗi", "một", "trên", NULL};
    /* "a year" and "a day" mostly end a comparison ("5.1 percent a year ago"): only "per"
     * reads them. Vietnamese has no such idiom: "10 triệu đồng một tháng" is per month. */
    static const char *const en_nouns[] = {"share", "month", "year", "day", "person", "hour", NULL};
    static const char *const en_noun_units[] = {"cổ phiếu", "tháng", "năm", "ngày", "người", "h"};
    /* Vietnamese: the units that only follow "/" in the table ("đồng/tháng"). */
    static const char *const vi_nouns[] = {"tháng", "năm", "ngày", "giờ", NULL};
    static const char *const vi_noun_units[] = {"tháng", "năm", "ngày", "giờ"};
    bool en = fs->lang == ENRICH_LANG_EN;
    const char *const *nouns = en ? en_nouns : vi_nouns;
    const char *const *noun_units = en ? en_noun_units : vi_noun_units;
    size_t q = enrich_lex_spaces(fs->s, fs->len, p);
    int per_word;
    size_t w = q > p ? enrich_lex_match_any(fs->s, fs->len, q, en ? en_per : vi_per, &per_word) : 0;
    int which;
    size_t r = w ? enrich_lex_spaces(fs->s, fs->len, w) : 0;
    if (!w || r == w) {
        return 0;
    }
    char second[48];
    bool counts;
    const char *name = NULL;
    size_t e = enrich_figures_unit(fs->s, fs->len, w, fs->lang, second, sizeof(second), &counts);
    if (e && (per_word == 0 || !counts)) {
        name = second; /* "per kg", "per tonne", "a kilogram"; not "a person" */
    } else if ((e = enrich_lex_match_any(fs->s, fs->len, r, nouns, &which)) &&
               (per_word == 0 || which == 0 || !en ||
                (which <= 3 && strcmp(unit, "%") == 0 && !en_time_ago(fs, e)))) {
        name = noun_units[which];
    }
    /* "10 triệu đồng một tháng": the dates' scan already read "một tháng" as a duration. */
    if (name == NULL || strchr(unit, '/') != NULL || overlaps_date(fs, q, e)) {
        return 0;
    }
    size_t a = strlen(unit), b = strlen(name);
    if (a + 1 + b + 1 > cap) {
        return 0;
    }
    memcpy(buf, unit, a);
    buf[a] = '/';
    memcpy(buf + a + 1, name, b + 1);
    return e;
}

/* English: "the dong's reference rate at 25,150 per dollar" gives the rate with no currency
 * before the number; the dong named earlier in the sentence is its unit ("đồng/USD"). Returns
 * the end of "per dollar" or 0. */
static size_t dong_per_dollar(const char *s, size_t len, size_t p)
{
    static const char *const per[] = {"per us dollar", "per dollar", "to the dollar",
                                      "against the dollar", NULL};
    size_t q = enrich_lex_spaces(s, len, p);
    size_t e = q > p ? enrich_lex_match_any(s, len, q, per, NULL) : 0;
    if (!e) {
        return 0;
    }
    for (size_t k = p; k >= 4; k--) {
        char c = s[k - 1];
        if (c == '.' || c == '\n') {
            break; /* the sentence's start */
        }
        if (memcmp(s + k - 4, "dong", 4) == 0 && !enrich_lex_word_before(s, k - 4) &&
            !enrich_lex_word_at(s, len, k)) {
            return e;
        }
    }
    return 0;
}

/* A currency, alone or per something ("USD", "đồng/lượng"). */
static bool money_unit(const char *unit)
{
    static const char *const money[] = {"đồng", "USD", "EUR", "CNY", "JPY", NULL};
    for (int i = 0; unit != NULL && money[i] != NULL; i++) {
        size_t n = strlen(money[i]);
        if (strncmp(unit, money[i], n) == 0 && (unit[n] == '\0' || unit[n] == '/')) {
            return true;
        }
    }
    return false;
}

/* The end of a bracketed aside right after p ("VND118,000 ($4.64) per kg", from the first
 * figure's end) or of the bracket p stands in ("$4.64) per kg", from the second's): the byte
 * after ')', or p when there is none within a short span of the same line. */
static size_t bracket_end(const char *s, size_t len, size_t p)
{
    size_t q = enrich_lex_spaces(s, len, p);
    if (q < len && s[q] == ')') {
        return q + 1;
    }
    /* Only an amount in brackets: "($4.64)", "(US$1,100)", "(VND28 million)", not "(up 5%)". */
    if (q + 1 >= len || s[q] != '(' ||
        !(s[q + 1] == '$' || s[q + 1] == 'U' || s[q + 1] == 'V' || s[q + 1] == 'E' ||
          (s[q + 1] >= '0' && s[q + 1] <= '9'))) {
        return p;
    }
    for (size_t k = q + 1; k < len && k < q + 40 && s[k] != '\n' && s[k] != '('; k++) {
        if (s[k] == ')') {
            return k + 1;
        }
    }
    return p;
}

/* A sign written before a change ("(-1,1%)", "(+0,5%)", "nhiệt độ -5 độ C"): -1 or 1 with
 * *start at the sign, 0 when none. A sign counts only after a bracket, a space or a line start:
 * after a digit it is a range ("7-8") or a score ("90+2"), after a letter a name ("COVID-19"). */
static int signed_change(const char *s, size_t pos, size_t *start)
{
    size_t n = 0;
    int sign = 0;
    if (pos >= 1 && (s[pos - 1] == '-' || s[pos - 1] == '+')) {
        n = 1;
        sign = s[pos - 1] == '-' ? -1 : 1;
    } else if (pos >= 3 && memcmp(s + pos - 3, "\xE2\x88\x92", 3) == 0) { /* U+2212 minus */
        n = 3;
        sign = -1;
    }
    if (n == 0) {
        return 0;
    }
    size_t at = pos - n;
    if (at > 0 && s[at - 1] != '(' && s[at - 1] != ' ' && s[at - 1] != '\n') {
        return 0;
    }
    if (at >= 2 && s[at - 1] == ' ' && (s[at - 2] >= '0' && s[at - 2] <= '9')) {
        return 0; /* "7 -8" is still a range */
    }
    *start = at;
    return sign;
}

/* "khoảng 2/3 số xã", "chiếm 1/5 diện tích": a proper fraction the date scanner left, read as a
 * figure only where the words around it say that it divides something. Returns its end and
 * sets *value, or returns 0. */
static size_t fraction_at(const struct fscan *fs, const struct quantity *q,
                          const struct enrich_fig_words *before, double *value)
{
    static const char *const of_what[] = {"số",    "diện tích", "dân số",     "tổng",
                                          "lượng", "sản lượng", "khối lượng", "trong số",
                                          "quỹ",   "ngân sách", NULL};
    static const char *const shares[] = {"chiếm", "khoảng", "gần", "hơn", "còn", "đạt", NULL};
    const char *s = fs->s;
    size_t len = fs->len, p = q->num.end;
    if (fs->lang == ENRICH_LANG_EN || q->has_unit || q->scaled || q->num.groups != 0 ||
        q->num.frac_digits != 0 || q->num.int_digits > 2 || p + 1 >= len || s[p] != '/' ||
        s[p + 1] < '0' || s[p + 1] > '9') {
        return 0;
    }
    size_t e = p + 1;
    int den = 0;
    while (e < len && e < p + 3 && s[e] >= '0' && s[e] <= '9') {
        den = den * 10 + (s[e++] - '0');
    }
    if (e < len && (enrich_lex_word_at(s, len, e) || s[e] == '/' || s[e] == '-' || s[e] == '.' ||
                    s[e] == ',')) {
        return 0; /* "2/3/2020", "1/5-2", "24/7." are no fractions */
    }
    double num = q->num.value;
    if (num < 1 || den < 2 || num >= den) {
        return 0;
    }
    size_t a = enrich_lex_spaces(s, len, e);
    if (!(a > e && enrich_lex_match_any(s, len, a, of_what, NULL)) &&
        !(before->n > 0 && enrich_lex_in(before->folded[0], shares) && a > e &&
          enrich_lex_word_at(s, len, a) && !(s[a] >= '0' && s[a] <= '9'))) {
        return 0;
    }
    *value = num / den;
    return e;
}

/* Whether the clause of the figure before, from from on, ends with ", trong đó" (and "có")
 * right before to: "12.300 ha lúa đông xuân đang làm đòng, trong đó 2.150 ha". */
static bool part_of_last(const char *s, size_t len, size_t from, size_t to)
{
    const char *comma = NULL;
    for (size_t p = from; p < to; p++) {
        if (s[p] == '.' || s[p] == ';' || s[p] == ':' || s[p] == '\n') {
            return false;
        }
        if (s[p] == ',') {
            comma = s + p;
        }
    }
    if (comma == NULL) {
        return false;
    }
    size_t p = (size_t)(comma - s);
    size_t e = enrich_lex_match(s, len, enrich_lex_spaces(s, len, p + 1), "trong đó");
    if (e == 0) {
        return false;
    }
    p = enrich_lex_spaces(s, len, e);
    size_t c = enrich_lex_match(s, len, p, "có");
    return (c > 0 ? enrich_lex_spaces(s, len, c) : p) == to;
}

/* "a 32-year-old man": an age written as an adjective describes the noun after it, which is
 * then what the figure is about ("55 tuổi", "the man, 32 years old," are not). */
static bool age_adjective(const struct fscan *fs, const char *unit, size_t e)
{
    return fs->lang == ENRICH_LANG_EN && unit != NULL && strcmp(unit, "tuổi") == 0 && e >= 4 &&
           memcmp(fs->s + e - 4, "-old", 4) == 0;
}

/* What the context reader needs of a mention from before to after (see
 * enrich_figures_context): the quantity's unit, the previous figure and the dates. */
static struct enrich_fig_context_in context_in(const struct fscan *fs, size_t before, size_t after,
                                               const struct quantity *q, bool look_after,
                                               bool money)
{
    struct enrich_fig_context_in in = {before,
                                       after,
                                       q->unit_start,
                                       q->counts && q->has_unit,
                                       look_after,
                                       fs->last_end,
                                       fs->dates->start,
                                       fs->dates->end,
                                       fs->dates->n,
                                       fs->last_end > 0 ? fs->last_start : 0,
                                       money};
    return in;
}

/* Moves the date cursor past the dates that end at or before p. */
static void skip_dates_before(struct fscan *fs, size_t p)
{
    while (fs->next_date < fs->dates->n && fs->dates->end[fs->next_date] <= p) {
        fs->next_date++;
    }
}

/* Reads the figure at pos (a digit at a word start, outside dates). Returns the end of what
 * it consumed. */
static size_t figure_at(struct fscan *fs, size_t pos)
{
    const char *s = fs->s;
    size_t len = fs->len;
    struct enrich_fig_words before;
    enrich_figures_words_before(s, pos, &before);
    size_t phone = enrich_figures_phone(s, len, pos, &before);
    if (phone) {
        return phone;
    }
    size_t sign_start = pos;
    int sign = signed_change(s, pos, &sign_start);
    if (sign == 0 && enrich_figures_glued_before(s, pos)) {
        return skip_token(fs, pos);
    }
    bool blocked = enrich_figures_blocked_before(s, pos, &before, fs->lang);
    struct quantity q;
    size_t e = read_quantity(fs, pos, &q);
    if (q.num.invalid) {
        return e > pos ? e : pos + 1;
    }
    double fraction;
    size_t fe = fraction_at(fs, &q, &before, &fraction);
    if (fe > 0) {
        q.num.value = fraction;
        q.num.end = q.end = e = fe;
    }
    size_t num_end = q.num.end;
    if (!q.has_unit && !q.scaled && enrich_figures_coordinate_after(s, len, num_end, fs->lang)) {
        return skip_token(fs, pos);
    }
    if (!q.has_unit && !q.scaled && fs->lang == ENRICH_LANG_VI &&
        enrich_figures_vehicle_class(s, len, &before, num_end)) {
        return skip_token(fs, pos); /* "xe khách 32 chỗ": the kind of bus */
    }
    if (!q.has_unit && !q.scaled && enrich_figures_gold_purity(s, &before, pos, num_end)) {
        return skip_token(fs, pos); /* "vàng nhẫn 9999": the kind of gold */
    }
    /* Glued to letters or to a code: "1A", "5G", "290-QĐ", "2/3", "24/7", "1:500". */
    if (num_end < len) {
        char c = s[num_end];
        bool glued_word = enrich_lex_word_at(s, len, num_end) && !q.has_unit && !q.scaled;
        bool code = (c == '/' || c == ':') && enrich_lex_word_at(s, len, num_end + 1);
        bool letter_dash = c == '-' && enrich_lex_word_at(s, len, num_end + 1) &&
                           !digit_at(fs, num_end + 1) && !q.has_unit;
        if (glued_word || code || letter_dash) {
            return skip_token(fs, pos);
        }
    }
    size_t start = sign_start;
    if (sign == 0 && pos >= 2 && memcmp(s + pos - 2, "\xC2\xB1", 2) == 0) {
        start = pos - 2; /* "biên độ ±5%": the band either way is part of the figure */
    }
    if (q.has_unit && strcmp(q.unit, "điểm") == 0 && before.n > 0 &&
        (strcmp(before.folded[0], "tại") == 0 || strcmp(before.folded[0], "ở") == 0)) {
        q.has_unit = false; /* "chia cắt tại 9 điểm": places, not a score */
        q.end = q.num.end;
        e = q.end;
    }
    const char *unit = q.has_unit ? q.unit : NULL;
    size_t prefix_start;
    const char *prefix = enrich_figures_currency_before(s, pos, fs->lang, &prefix_start);
    if (prefix != NULL && prefix_start < fs->last_end) {
        prefix = NULL; /* "1,5 VND 2": the code is the unit of the figure before */
    }
    if (prefix != NULL && !q.has_unit && sign == 0) {
        unit = prefix;
        start = prefix_start;
        enrich_figures_words_before(s, start, &before); /* "more than $5" */
    }

    /* Ranges. */
    size_t open_start = 0;
    bool opened = range_opened(fs, &before, &open_start);
    struct quantity high;
    bool is_range = false;
    size_t r = range_connector(fs, q.has_unit ? q.end : e, opened);
    if (r && digit_at(fs, r)) {
        if (date_starts_at(fs, r)) {
            return skip_token(fs, pos); /* "3-5 năm": the date scanner has "5 năm" */
        }
        size_t he = read_quantity(fs, r, &high);
        bool glued = !high.has_unit && !high.scaled &&
                     (enrich_lex_word_at(s, len, high.num.end) ||
                      (high.num.end < len && (s[high.num.end] == '/' || s[high.num.end] == ':')));
        bool high_ok = he && !high.num.invalid && !glued;
        if (high_ok) {
            const char *hunit = high.has_unit ? high.unit : (prefix && !q.has_unit ? prefix : NULL);
            bool same_unit = unit && hunit && strcmp(unit, hunit) == 0;
            bool any_unit_or_scale = hunit || high.scaled || q.scaled;
            if (!q.scaled && high.scaled) {
                double full = enrich_figures_scaled(&q.num, 1);
                q.num.value = enrich_figures_scaled(&q.num, high.mult);
                if (q.num.value >= high.num.value && full >= 1000 && full < high.num.value) {
                    /* "từ 500.000 đến 1 triệu đồng": a lower bound in the thousands is
                     * written in full; the scale belongs to the upper one only */
                    q.num.value = full;
                }
            }
            /* "có từ 50 đến 60 tay bơi", "between 5 and 7 boats": a range opened in words is
             * one even without a unit; only a bare dash may join a score or a code. */
            bool worded = opened && !q.has_unit && !hunit &&
                          !enrich_lex_dash(s, len, enrich_lex_spaces(s, len, q.num.end));
            if ((same_unit || (!q.has_unit && any_unit_or_scale) || worded) &&
                high.num.value > q.num.value) {
                is_range = true;
                unit = hunit;
                q.counts = high.counts;
                q.unit_start = high.unit_start;
                e = high.end;
                q.has_unit = high.has_unit;
            } else if (!any_unit_or_scale && !unit) {
                /* "2-1", "3 - 0": a score or a code, not two figures. */
                return he;
            } else if (!q.scaled && high.scaled) {
                q.num.value = enrich_figures_scaled(&q.num, 1);
            }
        }
    }
    /* "VND7,800 per kg", "$2 a share", "68 triệu đồng mỗi m2": the second unit in words. */
    char per_unit[96];
    if (unit != NULL) {
        size_t pe = per_unit_after(fs, e, unit, per_unit, sizeof(per_unit));
        if (pe) {
            unit = per_unit;
            e = pe;
            q.end = is_range ? q.end : pe;
            if (is_range) {
                high.end = pe;
            }
        } else if (fs->lang == ENRICH_LANG_EN) {
            /* "VND118,000 ($4.64) per kilogram": the same quantity in brackets stands between
             * the figure and its second unit, which then goes for both figures; their spans
             * stay as written. */
            static const char *const money[] = {"đồng", "USD", "EUR", "CNY", "JPY", NULL};
            size_t after = enrich_lex_in(unit, money) ? bracket_end(s, len, e) : e;
            if (after > e && per_unit_after(fs, after, unit, per_unit, sizeof(per_unit))) {
                unit = per_unit;
            }
        }
    }
    size_t per_hour = 0;
    if (unit != NULL && strcmp(unit, "km") == 0 && fs->lang == ENRICH_LANG_VI &&
        (per_hour = enrich_figures_per_hour_before(s, start)) > 0) {
        unit = "km/h";
    }
    if (unit == NULL && fs->lang == ENRICH_LANG_EN && !is_range) {
        size_t de = dong_per_dollar(s, len, q.end);
        if (de) {
            unit = "đồng/USD";
            e = q.end = de;
        }
    }
    /* "Quận 1", "lần thứ 2", "Kết luận 114": a number that names or orders something. A unit
     * says it counts after all ("mỗi đợt 2.000 người"). */
    if (blocked && unit == NULL && !q.scaled && !(is_range && high.scaled)) {
        return skip_token(fs, pos);
    }
    if (!is_range) {
        e = q.end;
        if (!q.has_unit && prefix == NULL && !q.scaled) {
            const struct enrich_fig_number *n = &q.num;
            bool plain = n->groups == 0 && n->frac_digits == 0;
            if (plain && n->int_digits == 4 && n->value >= 1900 && n->value <= 2100) {
                return e; /* a year the date scanner did not claim */
            }
            if (plain && n->int_digits >= 5) {
                return e; /* an identifier */
            }
            if (n->leading_zero) {
                return e;
            }
            if (plain && n->int_digits <= 2 && day_listed_before_date(s, len, e)) {
                return e; /* "(15 và 16-9)": a day of the month */
            }
            if (plain && enrich_figures_after_name(s, &before)) {
                return e; /* "Apollo 11", "Sư đoàn 9", the rice variety "IR 50404" */
            }
        }
    }
    if (overlaps_date(fs, start, e)) {
        return skip_token(fs, pos);
    }
    size_t qual_start = start;
    const char *qualifier = NULL;
    if (!is_range || !opened) {
        qualifier = enrich_figures_qualifier(&before, fs->lang, &qual_start);
        const char *bound = NULL;
        if (fs->lang != ENRICH_LANG_EN &&
            (bound = enrich_figures_negated_bound(s, &before, &qual_start)) != NULL) {
            qualifier = bound;
        }
    }
    if (is_range && opened) {
        qual_start = open_start;
    }
    if (qualifier == NULL && !is_range) {
        /* "từ 27 điểm trở lên", "15 tuổi trở xuống", "50 people or more" */
        static const char *const vi_after[] = {"trở lên", "trở xuống", NULL};
        static const char *const en_after[] = {"or more", "or above", "or less", NULL};
        int which;
        size_t q2 = enrich_lex_spaces(s, len, e);
        if (q2 > e && enrich_lex_match_any(
                          s, len, q2, fs->lang == ENRICH_LANG_EN ? en_after : vi_after, &which)) {
            qualifier = fs->lang == ENRICH_LANG_EN ? en_after[which] : vi_after[which];
            if (before.n > 0 && (strcmp(before.folded[0], "từ") == 0)) {
                qual_start = before.start[0]; /* "từ" belongs to "trở lên" */
            }
        }
    }
    if (qualifier != NULL && fs->lang == ENRICH_LANG_VI && before.n == 2 &&
        strcmp(qualifier, "hơn") == 0 && enrich_lex_in(before.folded[1], vi_difference_adjs) &&
        enrich_lex_match(s, len, enrich_lex_spaces(s, len, e), "so với") > 0) {
        /* "cao hơn 0,3-0,5 điểm phần trăm so với đầu năm": higher by, not more than */
        qualifier = NULL;
        qual_start = start;
    }
    /* "sold 10.5 trillion dong ($413 million) of the bills": what follows the equivalent in
     * brackets says what both amounts are of */
    size_t read_after = e;
    if (fs->lang == ENRICH_LANG_EN) {
        size_t be = bracket_end(s, len, e);
        if (be > e && enrich_lex_match(s, len, enrich_lex_spaces(s, len, be), "of") > 0) {
            read_after = be;
        }
        /* "generated VND12 billion (US$470,000) in tourism revenue": the sum "in" a noun, with
         * its equivalent in brackets between them */
        size_t ie = be > e && s[enrich_lex_spaces(s, len, e)] == '(' && money_unit(unit) &&
                            strchr(unit, '/') == NULL
                        ? enrich_lex_match(s, len, enrich_lex_spaces(s, len, be), "in")
                        : 0;
        if (ie > 0 && enrich_lex_spaces(s, len, ie) > ie &&
            !enrich_lex_upper_at(s, len, enrich_lex_spaces(s, len, ie))) {
            read_after = be;
        }
        /* "441 out of 460 deputies": both numbers count the noun after the second. */
        size_t of = enrich_lex_match(s, len, enrich_lex_spaces(s, len, e), "out of");
        size_t d = of > 0 ? enrich_lex_spaces(s, len, of) : 0;
        if (d > of && d < len && s[d] >= '0' && s[d] <= '9') {
            while (d < len &&
                   ((s[d] >= '0' && s[d] <= '9') ||
                    (s[d] == ',' && d + 1 < len && s[d + 1] >= '0' && s[d + 1] <= '9'))) {
                d++;
            }
            read_after = d;
        }
    }
    /* A price per unit is no sum "in" anything: "$600 per kilogram in some markets". */
    size_t cstart, cend;
    struct enrich_fig_context_in cin = context_in(
        fs, qual_start, read_after, &q,
        (unit == NULL || enrich_figures_unit_reads_after(unit) || age_adjective(fs, unit, e)) &&
            !bare_units_after(fs, &q, e),
        money_unit(unit) && strchr(unit, '/') == NULL);
    enrich_figures_context(s, len, fs->lang, &cin, &cstart, &cend);
    if (per_hour > 0 && cstart < per_hour - 1 && per_hour - 1 < cend) {
        /* "Áp thấp mỗi giờ di chuyển 10 km": what moves, not how often. */
        cend = per_hour - 1;
        while (cend > cstart && s[cend - 1] == ' ') {
            cend--;
        }
    } else if (per_hour > 0 && cstart + 1 >= per_hour) {
        /* "bão di chuyển theo hướng Tây Tây Bắc, mỗi giờ đi được 15-20 km" */
        size_t ms, me;
        if (enrich_figures_mover_before(s, per_hour - 1, &ms, &me)) {
            cstart = ms;
            cend = me;
        }
    }
    /* Only a subject read before the figure carries over: words after it ("82,4% dự toán")
     * say what that one figure counts. Counted nouns ("7.246 ca mắc") count for both. */
    bool subject_before = fs->last_cend <= fs->last_start || fs->last_counts;
    if (cend == cstart && fs->last_cend > fs->last_cstart &&
        restates_last(s, fs->last_end, qual_start)) {
        /* "149 kilometers per hour (92 mph)": the same quantity in other units */
        cstart = fs->last_cstart;
        cend = fs->last_cend;
    } else if (cend == cstart && fs->last_cend > fs->last_cstart &&
               part_of_last(s, len, subject_end(fs, qual_start), qual_start)) {
        /* "12.300 ha lúa đông xuân cần nước tưới, trong đó 2.150 ha có nguy cơ thiệt hại": a
         * part of what the figure before counts, whether read before or after it */
        cstart = fs->last_cstart;
        cend = fs->last_cend;
    } else if ((cend == cstart || (cend <= qual_start && cstart >= fs->last_end)) &&
               fs->last_cend > fs->last_cstart && subject_before &&
               enrich_figures_continues(s, subject_end(fs, qual_start), qual_start, fs->lang)) {
        /* "đạt 1,82 tỷ USD, giảm 3,2% so với cùng kỳ": the same subject, also over what was
         * read before this figure (the baseline in "..., cao hơn thế giới 16 triệu đồng") */
        cstart = fs->last_cstart;
        cend = fs->last_cend;
    }
    size_t through;
    if ((cend == cstart || cstart == enrich_lex_spaces(s, len, fs->last_end)) &&
        fs->lang == ENRICH_LANG_VI && fs->last_cend > fs->last_cstart && fs->last_end > 0 &&
        enrich_lex_spaces(s, len, fs->last_cend) == fs->last_qual &&
        (through = enrich_figures_subject_through(s, fs->last_end, qual_start)) > 0) {
        /* the last figure sits inside this one's subject, right after its own subject */
        cstart = fs->last_cstart;
        cend = through;
    }
    fs->last_end = e;
    fs->last_start = start;
    fs->last_qual = qual_start;
    /* English puts what a bare number counts right after it ("19.2 million international
     * visitors"): that noun is the subject of a change that follows ("..., up 16.8 per cent"). */
    fs->last_counts =
        (q.counts && q.has_unit) || (fs->lang == ENRICH_LANG_EN && unit == NULL && cend > cstart &&
                                     cstart == enrich_lex_spaces(s, len, e));
    fs->last_cstart = cstart;
    fs->last_cend = cend;
    if (sign < 0 && !is_range) {
        q.num.value = -q.num.value;
    }
    int rc = add_figure(fs, start, e, &q, is_range ? &high : NULL, unit, qualifier, cstart, cend);
    if (rc != 0) {
        fs->err = rc;
    }
    return e;
}

/* Writes the figure of a number in words at p; returns where the scan goes on. */
static size_t spelled_figure(struct fscan *fs, size_t p)
{
    size_t e = p;
    struct quantity q;
    memset(&q, 0, sizeof(q));
    q.mult = 1;
    q.num.value = enrich_figures_spelled_en(fs->s, fs->len, p, &e);
    q.num.start = p;
    q.num.end = e;
    q.num.int_digits = q.num.value >= 10 ? 2 : 1;
    size_t us = enrich_lex_spaces(fs->s, fs->len, e);
    size_t ue = enrich_figures_unit(fs->s, fs->len, e, fs->lang, q.unit, sizeof(q.unit), &q.counts);
    q.has_unit = ue > 0;
    q.unit_start = ue > 0 ? us : 0;
    q.end = ue > 0 ? ue : e;
    skip_dates_before(fs, p);
    if (overlaps_date(fs, p, q.end)) {
        return q.end;
    }
    const char *unit = q.has_unit ? q.unit : NULL;
    struct enrich_fig_context_in cin =
        context_in(fs, p, q.end, &q, unit == NULL || enrich_figures_unit_reads_after(unit), false);
    size_t cstart, cend;
    enrich_figures_context(fs->s, fs->len, fs->lang, &cin, &cstart, &cend);
    fs->last_end = q.end;
    fs->last_start = p;
    fs->last_qual = p;
    fs->last_counts = q.counts && q.has_unit;
    fs->last_cstart = cstart;
    fs->last_cend = cend;
    int rc = add_figure(fs, p, q.end, &q, NULL, unit, NULL, cstart, cend);
    if (rc != 0) {
        fs->err = rc;
    }
    return q.end;
}

int enrich_figures_find(const struct enrich_doc *doc, const struct enrich_date_spans *dates,
                        json_t *figures)
{
    if (doc == NULL || dates == NULL || figures == NULL || !json_is_array(figures)) {
        return ENRICH_ERR_INVALID;
    }
    const struct enrich_segment *seg = &doc->seg[ENRICH_SEG_TEXT];
    if (seg->s == NULL) {
        return 0;
    }
    struct fscan fs = {seg->s,  seg->len, doc->lang,  dates,         0,    0, 0, 0, false, 0, 0,
                       figures, 0,        doc->notes, {{0}, {0}, 0}, NULL, 0, 0};
    const char *s = seg->s;
    size_t len = seg->len;
    size_t pos = 0;
    size_t spelled = doc->lang == ENRICH_LANG_EN ? enrich_figures_next_spelled_en(s, len, 0) : len;
    while (pos < len && fs.err == 0) {
        if (spelled < pos) {
            spelled = enrich_figures_next_spelled_en(s, len, pos);
        }
        unsigned char c = (unsigned char)s[pos];
        if (c < '0' || c > '9') {
            size_t digit = enrich_lex_next_digit(s, len, pos);
            if (spelled < digit) {
                pos = spelled_figure(&fs, spelled);
                spelled = enrich_figures_next_spelled_en(s, len, pos);
                continue;
            }
            pos = digit;
            continue;
        }
        if (enrich_lex_word_before_fast(s, pos)) {
            /* Inside a word ("U23", "A1"), except a currency code glued to the number. */
            bool code =
                (pos >= 3 && !enrich_lex_word_before(s, pos - 3) &&
                 (memcmp(s + pos - 3, "VND", 3) == 0 || memcmp(s + pos - 3, "USD", 3) == 0)) ||
                (pos >= 4 && !enrich_lex_word_before(s, pos - 4) &&
                 memcmp(s + pos - 4, "VN\xC4\x90", 4) == 0); /* "VNĐ2.1 trillion" */
            if (!code) {
                pos = enrich_lex_word_end(s, len, pos);
                continue;
            }
        }
        skip_dates_before(&fs, pos);
        if (fs.next_date < dates->n && dates->start[fs.next_date] <= pos) {
            pos = dates->end[fs.next_date];
            continue;
        }
        size_t end = figure_at(&fs, pos);
        pos = end > pos ? end : pos + 1;
    }
    enrich_shared_strings_release(&fs.shared);
    json_decref(fs.context);
    return fs.err;
}
