/*
 * Date mentions: the scan loop, ranges ("từ A đến B") and lists ("ngày 15, 16 và 17/7") around
 * single expressions, the written forms both languages share (ISO 8601), and the JSON objects
 * of the record. The grammar of each language is in enrich_dates_vi*.c and enrich_dates_en.c;
 * resolution against the publication moment is in enrich_dates_resolve.c.
 */
#include <assert.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
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
        enrich_lex_digits(s, len, pos + 8, &d) != 2 || !calendar_valid(y, m, d)) {
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
static size_t range_connector(struct enrich_dscan *sc, size_t pos, bool between)
{
    size_t p = enrich_lex_spaces(sc->s, sc->len, pos);
    size_t d = enrich_lex_dash(sc->s, sc->len, p);
    if (d > 0) {
        return enrich_lex_spaces(sc->s, sc->len, p + d);
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

/* "đầu tuần", "cuối tuần (này)" as a range's bound: the Monday or the Sunday of the publication
 * week; "tuần trước", "tuần sau" name other weeks and are read elsewhere. w is the end of
 * "tuần". Returns the end or 0. */
static size_t bound_of_week(struct enrich_dscan *sc, size_t w, bool first, struct enrich_dpoint *p)
{
    static const char *const other_week[] = {"sau", "tới", "trước", "qua", "đó", "ấy",
                                             "lễ",  "kế",  "mới",   "nữa", NULL};
    const struct enrich_moment *pub = &sc->doc->published;
    size_t r = enrich_lex_spaces(sc->s, sc->len, w), n;
    if (r > w && (n = enrich_lex_match(sc->s, sc->len, r, "này"))) {
        w = n;
    } else if (r > w &&
               (digit_at(sc, r) || enrich_lex_match_any(sc->s, sc->len, r, other_week, NULL))) {
        return 0;
    }
    memset(p, 0, sizeof(*p));
    if (!pub->known) {
        enrich_dates_point_day(p, 2000, 12, 31);
        p->unknown = true;
        return w;
    }
    int weekday = calendar_weekday(calendar_to_days(pub->year, pub->month, pub->day));
    enrich_dates_rel_day(sc, first ? -weekday : 6 - weekday, p);
    return w;
}

/* "cuối năm", "hết năm nay", "cuối tháng này" as the end of a range, "đầu năm", "đầu tháng
 * này" as its start: the last or the first day of the publication year or month. Returns the end
 * or 0. */
static size_t vi_bound_of_current(struct enrich_dscan *sc, size_t pos, bool first,
                                  struct enrich_dpoint *p)
{
    static const char *const other_period[] = {"học",   "tài", "sau",  "tới", "trước", "ngoái",
                                               "qua",   "kế",  "đó",   "ấy",  "mới",   "âm",
                                               "dương", "nữa", "ngày", NULL};
    const struct enrich_moment *pub = &sc->doc->published;
    size_t q = pos, w;
    if ((w = enrich_lex_match(sc->s, sc->len, q, first ? "đầu" : "cuối"))) {
        q = enrich_lex_spaces(sc->s, sc->len, w);
    } else if (first) {
        return 0;
    }
    bool year;
    if ((w = enrich_lex_match(sc->s, sc->len, q, "năm"))) {
        year = true;
    } else if ((w = enrich_lex_match(sc->s, sc->len, q, "tháng"))) {
        year = false;
    } else if (q > pos && (w = enrich_lex_match(sc->s, sc->len, q, "tuần"))) {
        return bound_of_week(sc, w, first, p); /* "từ đầu tuần đến nay", "đến cuối tuần" */
    } else {
        return 0;
    }
    size_t r = enrich_lex_spaces(sc->s, sc->len, w), n;
    int named = 0, named_month = 0, y, m;
    if (r > w && ((n = enrich_lex_match(sc->s, sc->len, r, year ? "nay" : "này")))) {
        w = n;
    } else if (year && q > pos && r > w && enrich_lex_digits(sc->s, sc->len, r, &y) == 4 &&
               enrich_dates_plausible_year(y) && enrich_dates_tail_ok(sc, r + 4)) {
        named = y; /* "đầu năm 2023", "cuối năm 2025" */
        w = r + 4;
    } else if (!year && q > pos && r > w && (n = enrich_lex_digits(sc->s, sc->len, r, &m)) >= 1 &&
               n <= 2 && m >= 1 && m <= 12 && enrich_dates_tail_ok(sc, r + n)) {
        named_month = m; /* "từ đầu tháng 2 đến nay", "đến cuối tháng 10" */
        w = r + n;
    } else if (r > w &&
               (digit_at(sc, r) || enrich_lex_match_any(sc->s, sc->len, r, other_period, NULL))) {
        return 0; /* "cuối tháng 10", "cuối năm học", "tháng sau": not the current one */
    }
    memset(p, 0, sizeof(*p));
    if (named != 0) {
        enrich_dates_point_day(p, named, first ? 1 : 12, first ? 1 : 31);
        return w;
    }
    if (!pub->known) {
        enrich_dates_point_day(p, 2000, 12, 31);
        p->unknown = true;
        return w;
    }
    int yr = pub->year;
    int month = year ? (first ? 1 : 12) : pub->month;
    if (named_month != 0) {
        /* A month without a year is the one nearest the publication on the range's side: a
         * start after the publication month was last year's, an end before it next year's. */
        month = named_month;
        yr += first && month > pub->month ? -1 : (!first && month < pub->month ? 1 : 0);
    }
    int day = first ? 1 : calendar_days_in_month(yr, month);
    enrich_dates_point_day(p, yr, month, day);
    return w;
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
    size_t w =
        end || sc->doc->lang != ENRICH_LANG_VI ? 0 : enrich_lex_match(sc->s, sc->len, pos, "cuối");
    size_t q = w ? enrich_lex_spaces(sc->s, sc->len, w) : 0;
    if (q > w && enrich_lex_match(sc->s, sc->len, q, "tuần")) {
        /* "từ nay đến cuối tuần này": the range ends on that weekend's Sunday. */
        end = parse_expr(sc, q, DX_CUE, b);
        if (end && b->kind == DX_PERIOD && b->start == pos) {
            b->kind = DX_POINT;
            b->a = b->b;
            return end;
        }
        end = 0;
    }
    if (!end && sc->doc->lang == ENRICH_LANG_VI) {
        memset(b, 0, sizeof(*b));
        end = vi_bound_of_current(sc, pos, false, &b->a);
        b->start = pos;
        b->end = end;
        b->kind = DX_POINT;
    }
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
    const char *const *now = sc->doc->lang == ENRICH_LANG_EN ? en_now : vi_now;
    size_t now_end;
    if (!end && sc->doc->lang == ENRICH_LANG_VI) {
        /* "từ nay đến cuối năm": from the publication day; "từ đầu năm đến nay" */
        memset(&a, 0, sizeof(a));
        a.start = p;
        a.kind = DX_POINT;
        if ((now_end = enrich_lex_match_any(sc->s, sc->len, p, now, NULL))) {
            enrich_dates_rel_day(sc, 0, &a.a);
            end = now_end;
        } else {
            end = vi_bound_of_current(sc, p, true, &a.a);
        }
        a.end = end;
    }
    if (!end || a.kind == DX_DURATION) {
        return 0;
    }
    if (a.kind == DX_PERIOD) {
        /* The expression held the whole range ("từ tháng 1 đến tháng 6/2020"). */
        a.start = pos;
        enrich_dates_emit(sc, &a);
        return end;
    }
    size_t q = range_connector(sc, end, between);
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

/* A start word and its length in bytes. */
struct start_word {
    const char *w;
    size_t len;
};
#define SW(word)                                                                                   \
    {                                                                                              \
        word, sizeof(word) - 1                                                                     \
    }

/* The words that can begin a mention (numbers aside), by their first byte. Every other word is
 * skipped without trying the grammar, which keeps the scan fast: most words differ in length or
 * in their first three bytes. Lowercase; capitals match too. */
static const struct start_word vi_b[] = {SW("ba"), SW("bốn"), SW("bảy"), {NULL, 0}};
static const struct start_word vi_c[] = {SW("chiều"), SW("chín"), SW("chủ"), SW("cùng"), {NULL, 0}};
static const struct start_word vi_g[] = {SW("giai"), {NULL, 0}};
static const struct start_word vi_h[] = {SW("hôm"), SW("hai"), {NULL, 0}};
static const struct start_word vi_k[] = {SW("khuya"), {NULL, 0}};
static const struct start_word vi_m[] = {SW("mùa"), SW("một"), SW("mười"), {NULL, 0}};
static const struct start_word vi_n[] = {SW("ngày"), SW("năm"), SW("nhiệm"),
                                         SW("niên"), SW("nửa"), {NULL, 0}};
static const struct start_word vi_q[] = {SW("quý"), {NULL, 0}};
static const struct start_word vi_r[] = {SW("rạng"), {NULL, 0}};
static const struct start_word vi_s[] = {SW("sáng"), SW("sáu"), {NULL, 0}};
static const struct start_word vi_t[] = {SW("tháng"), SW("tuần"), SW("thời"), SW("thập"),
                                         SW("trưa"),  SW("tối"),  SW("tám"),  SW("từ"),
                                         SW("tết"),   SW("thứ"),  {NULL, 0}};
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
static const struct start_word en_f[] = {SW("february"), SW("feb"),    SW("from"),
                                         SW("first"),    SW("fourth"), SW("four"),
                                         SW("five"),     SW("friday"), {NULL, 0}};
static const struct start_word en_h[] = {SW("h1"), SW("h2"), {NULL, 0}};
static const struct start_word en_j[] = {SW("january"), SW("jan"), SW("june"), SW("jun"),
                                         SW("july"),    SW("jul"), {NULL, 0}};
static const struct start_word en_l[] = {SW("last"), {NULL, 0}};
static const struct start_word en_m[] = {
    SW("march"), SW("mar"), SW("may"), SW("monday"), {NULL, 0}};
static const struct start_word en_n[] = {
    SW("november"), SW("nov"), SW("next"), SW("nine"), {NULL, 0}};
static const struct start_word en_o[] = {SW("october"), SW("oct"), SW("one"), {NULL, 0}};
static const struct start_word en_q[] = {SW("q1"), SW("q2"), SW("q3"), SW("q4"), {NULL, 0}};
static const struct start_word en_s[] = {SW("september"), SW("sept"),     SW("sep"),
                                         SW("second"),    SW("six"),      SW("seven"),
                                         SW("sunday"),    SW("saturday"), {NULL, 0}};
static const struct start_word en_t[] = {SW("today"), SW("tomorrow"), SW("tonight"), SW("this"),
                                         SW("the"),   SW("third"),    SW("two"),     SW("three"),
                                         SW("ten"),   SW("twelve"),   SW("tuesday"), SW("thursday"),
                                         {NULL, 0}};
static const struct start_word en_y[] = {SW("yesterday"), {NULL, 0}};
static const struct start_word en_w[] = {SW("wednesday"), {NULL, 0}};
static const struct start_word *const en_start[256] = {
    ['a'] = en_a, ['A'] = en_a, ['b'] = en_b, ['B'] = en_b, ['d'] = en_d, ['D'] = en_d,
    ['e'] = en_e, ['E'] = en_e, ['f'] = en_f, ['F'] = en_f, ['h'] = en_h, ['H'] = en_h,
    ['j'] = en_j, ['J'] = en_j, ['l'] = en_l, ['L'] = en_l, ['m'] = en_m, ['M'] = en_m,
    ['n'] = en_n, ['N'] = en_n, ['o'] = en_o, ['O'] = en_o, ['q'] = en_q, ['Q'] = en_q,
    ['s'] = en_s, ['S'] = en_s, ['t'] = en_t, ['T'] = en_t, ['y'] = en_y, ['Y'] = en_y,
    ['w'] = en_w, ['W'] = en_w};

/* Whether the character at t (avail bytes) can equal the pattern's character p ignoring case,
 * answered from the bytes for ASCII, Latin-1 and the block of tone-marked vowels (where a
 * capital shares its lead bytes with its small letter). False only when enrich_lex_match would
 * fail on this character; *n is the pattern character's length, 0 when the answer needs the
 * full comparison. */
static bool char_may_match(const unsigned char *t, size_t avail, const unsigned char *p, size_t *n)
{
    *n = 0;
    if (avail == 0) {
        return false;
    }
    if (p[0] < 0x80) {
        *n = 1;
        unsigned char c = t[0];
        return c == p[0] || (c >= 'A' && c <= 'Z' && c + 32 == p[0]);
    }
    if (t[0] < 0x80) {
        return false; /* an ASCII character never equals a non-ASCII one */
    }
    if (p[0] == 0xC3 && p[1] >= 0xA0 && p[1] < 0xBF && p[1] != 0xA5 && avail >= 2) {
        /* à..þ: the capital is the same letter 0x20 lower, also led by 0xC3 (but for å, also
         * the small letter of the Angstrom sign U+212B). */
        *n = 2;
        unsigned char c = t[1];
        return t[0] == 0xC3 && (c == p[1] || (c + 0x20 == p[1] && c != 0x97));
    }
    if (p[0] == 0xE1 && (p[1] == 0xBA || p[1] == 0xBB) && avail >= 3 &&
        (p[1] == 0xBB || p[2] >= 0xA0)) {
        /* U+1EA0..U+1EFF: capitals are even, small letters odd, in the last byte. */
        *n = 3;
        return t[0] == 0xE1 && t[1] == p[1] && (t[2] | 1) == p[2];
    }
    return true;
}

/* Which start words of each first byte are n bytes long, as bits over the entries of its list
 * ([0] Vietnamese, [1] English), built once by the first scan: a word is compared only with the
 * entries as long as it, and not at all when there are none. */
#define START_WORDS_MAX 16
static uint16_t start_entries[2][256][32];
/* For the same first byte and length, a filter of the entries' next bytes (start_key()): a bit
 * clear says that start_word() would turn the word away, without the call. */
static uint64_t start_keys[2][256][32];
/* And of their last bytes (end_key()): the words that pass the filter above mostly differ from
 * a start word in a later letter ("thành" for "tháng", "nước" for "năm"), and a match ends
 * where the word does, on a character as long as the entry's. */
static uint64_t start_ends[2][256][32];
static pthread_once_t start_entries_once = PTHREAD_ONCE_INIT;

/* The bit of start_keys for a word whose second and third bytes are second and third (0 past
 * its end), in the bytes start_word() compares first: ASCII in lowercase, and the third only
 * after an ASCII second (otherwise it continues the second's character, where a capital and its
 * small letter differ). */
static inline unsigned start_key(unsigned char second, unsigned char third)
{
    if (second >= 'A' && second <= 'Z') {
        second = (unsigned char)(second + 32);
    }
    if (third >= 'A' && third <= 'Z') {
        third = (unsigned char)(third + 32);
    }
    if (second >= 0x80) {
        third = 0;
    }
    return (second * 31u + third) & 63u;
}

/* The bit of start_ends for a word whose last byte is last: an ASCII letter or digit in
 * lowercase (the only ASCII bytes a word ends with, on bits 33 to 58), bit 0 for the last byte
 * of any other character (which ends an entry's non-ASCII character only). */
static inline unsigned end_key(unsigned char last)
{
    if (last >= 0x80) {
        return 0;
    }
    if (last >= 'A' && last <= 'Z') {
        last = (unsigned char)(last + 32);
    }
    return last & 63u;
}

static void start_entries_build(void)
{
    const struct start_word *const *const starts[2] = {vi_start, en_start};
    for (int lang = 0; lang < 2; lang++) {
        for (int c = 0; c < 256; c++) {
            const struct start_word *list = starts[lang][c];
            for (int i = 0; list != NULL && list[i].w != NULL; i++) {
                assert(i < START_WORDS_MAX && list[i].len < 32 && list[i].len >= 2);
                start_entries[lang][c][list[i].len] |= (uint16_t)(1u << i);
                const unsigned char *w = (const unsigned char *)list[i].w;
                /* start_word() compares the next bytes only after an ASCII first byte. */
                start_keys[lang][c][list[i].len] |=
                    w[0] < 0x80 ? 1ull << start_key(w[1], w[2]) : ~0ull;
                start_ends[lang][c][list[i].len] |= 1ull << end_key(w[list[i].len - 1]);
            }
        }
    }
}

/* True when the word [pos, wend) is one of list (the list of its first byte). A text character
 * that matches a pattern character ignoring case has its length in bytes (a capital of a letter
 * of Vietnamese or ASCII is as long as its small letter; test_dates checks it over Unicode), and
 * a match ends at a word boundary: so only the entries as long as the word are candidates, which
 * are the bits of entries. */
static bool start_word(const struct enrich_dscan *sc, const struct start_word *list,
                       unsigned entries, size_t pos, size_t wend)
{
    size_t wlen = wend - pos;
    /* The second byte decides most words without a call: ASCII is compared in lowercase, and a
     * Vietnamese capital shares its lead byte with its small letter. */
    unsigned char second = wlen > 1 ? (unsigned char)sc->s[pos + 1] : 0;
    if (second >= 'A' && second <= 'Z') {
        second = (unsigned char)(second + 32);
    }
    unsigned char third = wlen > 2 ? (unsigned char)sc->s[pos + 2] : 0;
    if (third >= 'A' && third <= 'Z') {
        third = (unsigned char)(third + 32);
    }
    const unsigned char *t = (const unsigned char *)sc->s + pos;
    for (; entries != 0; entries &= entries - 1) {
        const struct start_word *entry = &list[__builtin_ctz(entries)];
        const unsigned char *w = (const unsigned char *)entry->w;
        /* Both ASCII positions compare in lowercase; a non-ASCII third byte is the lead byte
         * of a letter, which a capital shares. */
        if (w[0] < 0x80 && (w[1] != second || (w[1] < 0x80 && w[2] != 0 && w[2] != third))) {
            continue;
        }
        /* Words that pass ("thành" for "tháng") mostly differ in a later letter, which is
         * compared from its bytes. */
        size_t off = 0, k = 0, n = 0;
        bool may = true;
        while (w[k] != 0 && off < wlen) {
            may = char_may_match(t + off, wlen - off, w + k, &n);
            if (!may || n == 0) {
                break;
            }
            off += n;
            k += n;
        }
        if (may && enrich_lex_match(sc->s, sc->len, pos, entry->w)) {
            return true;
        }
    }
    return false;
}

static const char *const vi_range_from[] = {"từ", NULL};
static const char *const en_range_from[] = {"from", "between", NULL};

/* Tries every rule at the word that starts at pos. Returns the end of what was consumed. */
static size_t dispatch(struct enrich_dscan *sc, size_t pos)
{
    const char *const *from = sc->doc->lang == ENRICH_LANG_EN ? en_range_from : vi_range_from;
    int which = 0;
    /* "từ", "from", "between": the first letter settles most words (an ASCII letter of a cue
     * matches only itself or its capital). */
    unsigned char first = (unsigned char)sc->s[pos] | 0x20;
    bool may_cue = sc->doc->lang == ENRICH_LANG_EN ? first == 'f' || first == 'b' : first == 't';
    size_t cue = may_cue ? enrich_lex_match_any(sc->s, sc->len, pos, from, &which) : 0;
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
        size_t q = range_connector(sc, end, false);
        if (q && range_end(sc, q, &b) && (b.a.prec >= DPREC_DAY || b.a.date_missing)) {
            emit_range(sc, a.start, &a, &b);
            return b.end;
        }
    }
    enrich_dates_emit(sc, &a);
    return end;
}

int enrich_dates_scan(const struct enrich_doc *doc, const char *s, size_t len,
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
    pthread_once(&start_entries_once, start_entries_build);
    const uint16_t(*entries)[32] = start_entries[doc->lang == ENRICH_LANG_EN ? 1 : 0];
    const uint64_t(*keys)[32] = start_keys[doc->lang == ENRICH_LANG_EN ? 1 : 0];
    const uint64_t(*ends)[32] = start_ends[doc->lang == ENRICH_LANG_EN ? 1 : 0];
    size_t pos = 0;
    /* sc.err changes only in dispatch(): it is tested there, not for every element. */
    while (pos < len) {
        unsigned char c = (unsigned char)s[pos];
        size_t wend;
        if (c < 0x80) {
            if (!enrich_lex_ascii_word[c]) {
                if (c == '\n') {
                    sc.para_start = pos + 1;
                }
                pos++;
                continue;
            }
            wend = enrich_lex_word_end(s, len, pos + 1); /* c is a letter or digit */
        } else {
            wend = enrich_lex_word_end(s, len, pos);
            if (wend == pos) {
                size_t n; /* a character that is no letter: a quote, a dash, a symbol */
                enrich_lex_decode(s, len, pos, &n);
                pos += n;
                continue;
            }
        }
        /* pos starts a word. Only a number or a start word goes further; every other word is
         * skipped once its end is known. */
        size_t wlen = wend - pos;
        if ((c >= '0' && c <= '9') ||
            (wlen < 32 && entries[c][wlen] != 0 &&
             (keys[c][wlen] >>
                  start_key((unsigned char)s[pos + 1], wlen > 2 ? (unsigned char)s[pos + 2] : 0) &
              1) &&
             (ends[c][wlen] >> end_key((unsigned char)s[wend - 1]) & 1) &&
             start_word(&sc, starts[c], entries[c][wlen], pos, wend))) {
            size_t end = dispatch(&sc, pos);
            if (sc.err != 0) {
                break;
            }
            if (end > pos) {
                pos = end;
                continue;
            }
        }
        /* The space after a word, which is most often there, is stepped over with it: it is an
         * element of its own that does nothing. */
        pos = wend + (wend < len && s[wend] == ' ');
    }
    return sc.err;
}

/* ---- The record's objects ---- */

void enrich_date_spans_release(struct enrich_date_spans *spans)
{
    if (spans == NULL) {
        return;
    }
    free(spans->start);
    free(spans->end);
    memset(spans, 0, sizeof(*spans));
}

static int spans_add(struct enrich_date_spans *l, size_t start, size_t end)
{
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 32;
        size_t *ns = realloc(l->start, cap * sizeof(*ns));
        if (ns == NULL) {
            return ENRICH_ERR_NOMEM;
        }
        l->start = ns;
        size_t *ne = realloc(l->end, cap * sizeof(*ne));
        if (ne == NULL) {
            return ENRICH_ERR_NOMEM;
        }
        l->end = ne;
        l->cap = cap;
    }
    l->start[l->n] = start;
    l->end[l->n] = end;
    l->n++;
    return 0;
}

struct json_sink {
    const char *s;
    json_t *dates;
    struct enrich_date_spans *spans;     /* or NULL */
    struct enrich_span_notes *notes;     /* or NULL */
    struct enrich_shared_strings shared; /* kinds and the role */
};

/* Every mention goes to the span list, the unresolved ones too (their numbers are still a
 * date's); only resolved ones go to the record. */
static int add_json(void *ctx, const struct enrich_date_span *span)
{
    struct json_sink *js = ctx;
    int rc;
    if (js->spans != NULL && (rc = spans_add(js->spans, span->start, span->end)) != 0) {
        return rc;
    }
    if (!span->resolved || !enrich_lex_valid_utf8(js->s + span->start, span->end - span->start)) {
        return 0; /* only reachable on input the core did not normalize */
    }
    json_t *obj = json_object();
    if (obj == NULL) {
        return ENRICH_ERR_NOMEM;
    }
    int bad = 0;
    json_t *text = json_stringn_nocheck(js->s + span->start, span->end - span->start);
    json_t *start = json_integer((json_int_t)span->start);
    json_t *end = json_integer((json_int_t)span->end);
    bad |= ENRICH_SET_LIT(obj, "text", text);
    bad |= ENRICH_SET_LIT(obj, "kind",
                          enrich_shared_string(&js->shared, enrich_dates_kind_name(span->kind)));
    /* The value is ASCII the resolver wrote: no UTF-8 check needed. */
    bad |= ENRICH_SET_LIT(obj, "value", json_stringn_nocheck(span->value, strlen(span->value)));
    bad |= ENRICH_SET_LIT(obj, "start", start);
    bad |= ENRICH_SET_LIT(obj, "end", end);
    bad |= ENRICH_SET_LIT(obj, "role", enrich_shared_string(&js->shared, "mentioned"));
    if (bad != 0 || json_array_append_new(js->dates, obj) != 0) {
        if (bad != 0) {
            json_decref(obj);
        }
        return ENRICH_ERR_NOMEM;
    }
    if (js->notes != NULL) {
        return enrich_span_notes_add(js->notes, obj, start, end, text, ENRICH_SEG_TEXT);
    }
    return 0;
}

int enrich_dates_find(const struct enrich_doc *doc, json_t *dates, struct enrich_date_spans *spans)
{
    if (doc == NULL || dates == NULL || !json_is_array(dates)) {
        return ENRICH_ERR_INVALID;
    }
    const struct enrich_segment *seg = &doc->seg[ENRICH_SEG_TEXT];
    if (seg->s == NULL) {
        return 0;
    }
    struct json_sink js = {seg->s, dates, spans, doc->notes, {{0}, {0}, 0}};
    int rc = enrich_dates_scan(doc, seg->s, seg->len, add_json, &js);
    enrich_shared_strings_release(&js.shared);
    return rc;
}
