/*
 * Private contracts of the dates part (enrich_dates*.c). The figures part includes this header
 * too, for the lexer helpers; which spans are dates it learns from enrich_dates_find's span list
 * (enrich_internal.h). Nothing here allocates except enrich_dates_scan's callers and the
 * indexes of enrich_lex_in.
 *
 * Every position is a byte offset into a UTF-8 segment s of len bytes. Functions that return an
 * end position return 0 when nothing matched (a match always ends after its start, so 0 is never
 * a valid end).
 */
#ifndef ENRICH_DATES_INTERNAL_H
#define ENRICH_DATES_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "calendar.h"
#include "enrich_internal.h"

/* ---- Lexer helpers (enrich_dates_lex.c) ---- */

/* 1 for the bytes of ASCII letters and digits, 0 for every other byte: one load instead of
 * two range tests, for the loops that read every byte of a text. */
extern const unsigned char enrich_lex_ascii_word[256];

/* Decodes the code point at pos; *n receives its byte length (>= 1). Invalid or truncated
 * sequences decode as U+FFFD of length 1, so a scan always advances. pos must be < len. */
uint32_t enrich_lex_decode(const char *s, size_t len, size_t pos, size_t *n);

/* True for letters, combining marks and digits: the characters that make up a word. */
bool enrich_lex_is_word_cp(uint32_t cp);

/* True when a word character starts at pos (false at or past len). */
bool enrich_lex_word_at(const char *s, size_t len, size_t pos);

/* True when the character that ends at pos (the one before it) is a word character. */
bool enrich_lex_word_before(const char *s, size_t pos);

static inline size_t enrich_lex_char_start(const char *s, size_t pos);

/* What enrich_lex_word_len_known() returns when enrich_lex_word_before() must decide. */
#define ENRICH_LEX_UNDECIDED ((size_t)-1)

/* The length in bytes of the word character that ends at pos, 0 when the character there is
 * none (see enrich_lex_word_before), for the common cases (ASCII, Vietnamese letters,
 * punctuation), each with the length it knows; ENRICH_LEX_UNDECIDED for the others. Inline and
 * without a call, since the scan loops ask this for most bytes of a text. */
static inline size_t enrich_lex_word_len_known(const char *s, size_t pos)
{
    if (pos == 0) {
        return 0;
    }
    unsigned char c = (unsigned char)s[pos - 1];
    if (c < 0x80) {
        return enrich_lex_ascii_word[c] != 0 ? 1 : 0;
    }
    if (c >= 0xC0 || pos < 2) {
        return 0; /* a lead byte cannot end a character */
    }
    unsigned char l = (unsigned char)s[pos - 2];
    if (l >= 0xC3 && l <= 0xC9) {
        return l == 0xC3 && (c == 0x97 || c == 0xB7) ? 0 : 2; /* × ÷ */
    }
    if (pos >= 3 && (l == 0xBA || l == 0xBB) && (unsigned char)s[pos - 3] == 0xE1) {
        return 3;
    }
    if (pos >= 3 && (l == 0x80 || l == 0x81) && (unsigned char)s[pos - 3] == 0xE2) {
        return 0; /* general punctuation: quotes, dashes, ellipsis */
    }
    return ENRICH_LEX_UNDECIDED;
}

/* The length in bytes of the word character that ends at pos, 0 when there is none. */
static inline size_t enrich_lex_word_len_before(const char *s, size_t pos)
{
    size_t n = enrich_lex_word_len_known(s, pos);
    if (n != ENRICH_LEX_UNDECIDED) {
        return n;
    }
    return enrich_lex_word_before(s, pos) ? pos - enrich_lex_char_start(s, pos) : 0;
}

/* enrich_lex_word_before, with the common cases decided inline. */
static inline bool enrich_lex_word_before_fast(const char *s, size_t pos)
{
    return enrich_lex_word_len_before(s, pos) != 0;
}

/* End of the run of word characters that starts at pos (pos itself when none). Inline: the
 * scanners call it for every word of a text, and the letters of Vietnamese are answered from
 * their bytes. */
static inline size_t enrich_lex_word_end(const char *s, size_t len, size_t pos)
{
    while (pos < len) {
        unsigned char c = (unsigned char)s[pos];
        if (enrich_lex_ascii_word[c]) {
            pos++;
            continue;
        }
        if (c < 0x80) {
            break;
        }
        /* Latin-1 letters to Latin Extended-B (lead bytes C3-C9, minus × and ÷) and the
         * Vietnamese block U+1EA0-U+1EFF (E1 BA/BB xx). */
        unsigned char c1 = pos + 1 < len ? (unsigned char)s[pos + 1] : 0;
        if (c >= 0xC3 && c <= 0xC9 && (c1 & 0xC0) == 0x80 &&
            !(c == 0xC3 && (c1 == 0x97 || c1 == 0xB7))) {
            pos += 2;
            continue;
        }
        if (c == 0xE1 && (c1 == 0xBA || c1 == 0xBB) && pos + 2 < len &&
            ((unsigned char)s[pos + 2] & 0xC0) == 0x80) {
            pos += 3;
            continue;
        }
        size_t n;
        if (!enrich_lex_is_word_cp(enrich_lex_decode(s, len, pos, &n))) {
            break;
        }
        pos += n;
    }
    return pos;
}

/* Start of the character that ends at pos (pos > 0). Inline: the scanners step back over
 * words a character at a time. */
static inline size_t enrich_lex_char_start(const char *s, size_t pos)
{
    size_t p = pos - 1;
    /* At most three continuation bytes precede a lead byte. */
    for (int i = 0; i < 3 && p > 0 && ((unsigned char)s[p] & 0xC0) == 0x80; i++) {
        p--;
    }
    return p;
}

/* Skips ASCII spaces (never newlines: a date or figure does not cross a paragraph). */
size_t enrich_lex_spaces(const char *s, size_t len, size_t pos);

/* utf8proc_tolower(cp), with the letters of Vietnamese answered from their ranges. */
uint32_t enrich_lex_lower_cp(uint32_t cp);

/* If the text at pos equals pat ignoring case and is followed by a word boundary, returns the
 * end of the match, else 0. pat is lowercase UTF-8 and may hold single spaces between words. */
size_t enrich_lex_match(const char *s, size_t len, size_t pos, const char *pat);

/* Like enrich_lex_match, tried for each entry of a NULL-terminated list; *which (may be NULL)
 * receives the index of the entry that matched. Returns the end of the longest match or 0. */
size_t enrich_lex_match_any(const char *s, size_t len, size_t pos, const char *const *pats,
                            int *which);

/* Length of a dash at pos: '-' (1), U+2013 or U+2014 (3); 0 when none. */
size_t enrich_lex_dash(const char *s, size_t len, size_t pos);

/* Position of the first ASCII digit at or after pos, or len when none. Reads eight bytes at a
 * time: the date and figure scanners skip most of a text looking for digits. */
size_t enrich_lex_next_digit(const char *s, size_t len, size_t pos);

/* Reads a run of ASCII digits at pos. Returns the number of digits (0 when none) and stores
 * the value in *val, saturated at 999999999. */
int enrich_lex_digits(const char *s, size_t len, size_t pos, int *val);

/* True when the character at pos is an uppercase letter. */
bool enrich_lex_upper_at(const char *s, size_t len, size_t pos);

/*
 * The word before pos, skipping spaces only (a punctuation mark or line start means there is
 * none). Stores its bounds and returns true when there is one.
 */
bool enrich_lex_prev_word(const char *s, size_t pos, size_t *start, size_t *end);

/* Lowercases s[start, end) into buf (cap bytes, NUL included). Returns the length, or 0 when the
 * word does not fit. */
size_t enrich_lex_fold(const char *s, size_t start, size_t end, char *buf, size_t cap);

/* Folds the word before pos into buf (see enrich_lex_prev_word); *start receives its start.
 * Returns the folded length, 0 when there is no word or it does not fit. */
size_t enrich_lex_prev_folded(const char *s, size_t pos, char *buf, size_t cap, size_t *start);

/* True when s[0, len) is well-formed UTF-8 (the record must stay valid JSON text). */
bool enrich_lex_valid_utf8(const char *s, size_t len);

/* True when key equals one of the NULL-terminated list's entries. list must have static storage
 * duration and never change: the first call builds an index of it, kept (and owned) by the lexer
 * for the life of the process. Safe to call from several threads. */
bool enrich_lex_in(const char *key, const char *const *list);

/* ---- The scanner (enrich_dates.c; grammar in enrich_dates_vi*.c and enrich_dates_en.c,
 * resolution in enrich_dates_resolve.c) ---- */

enum enrich_date_kind {
    ENRICH_DATE_DATETIME = 0,
    ENRICH_DATE_DATE,
    ENRICH_DATE_MONTH,
    ENRICH_DATE_YEAR,
    ENRICH_DATE_PERIOD,
    ENRICH_DATE_DURATION
};

/* One date mention. value is "" when resolved is false: the mention needs the publication
 * moment (a relative day, a missing year) and the document has none, or it is a day of the
 * lunar calendar ("15/8 âm lịch"). The span still tells the figures that its numbers are a
 * date's. */
struct enrich_date_span {
    size_t start, end;
    enum enrich_date_kind kind;
    bool resolved;
    char value[72];
};

/* Receives each mention in text order; spans never overlap. span is borrowed for the call only.
 * A non-zero return stops the scan and is passed back by enrich_dates_scan. */
typedef int (*enrich_date_sink)(void *ctx, const struct enrich_date_span *span);

/* Scans s for date mentions in doc->lang, resolving against doc->published. */
int enrich_dates_scan(const struct enrich_doc *doc, const char *s, size_t len,
                      enrich_date_sink sink, void *ctx);

/* Name of a kind as the record writes it ("datetime", "date", ...). */
const char *enrich_dates_kind_name(enum enrich_date_kind kind);

/* ---- Parsing state shared by the grammar files ---- */

enum enrich_dprec { DPREC_NONE = 0, DPREC_YEAR, DPREC_MONTH, DPREC_DAY, DPREC_MINUTE };

/* A calendar point. Fields not covered by prec are 0; hour and minute are -1 without a time. */
struct enrich_dpoint {
    int year, month, day, hour, minute;
    enum enrich_dprec prec;
    bool year_missing;  /* "15/7": resolve against the publication year */
    bool month_missing; /* "ngày 15" in "ngày 15 và 16/7": filled from its neighbour */
    bool date_missing;  /* a time of day alone: takes a nearby date */
    bool unknown;       /* relative to a publication moment that is unknown */
    signed char tense;  /* with year_missing: +1 "1/7 tới" (the next one), -1 "2/9 vừa qua" */
    bool tense_weak;    /* the tense comes from the sentence ("sẽ"), not a word after the date */
};

enum enrich_dx_kind { DX_POINT = 0, DX_PERIOD, DX_DURATION };

/* A parsed expression before resolution. */
struct enrich_dexpr {
    size_t start, end;
    enum enrich_dx_kind kind;
    struct enrich_dpoint a, b; /* b only for periods */
    char duration[24];         /* "P10Y" */
    bool had_pod;              /* a time read with its part of the day: "7 giờ sáng" */
};

/* The state of one scan, shared by the grammar files. */
struct enrich_dscan {
    const char *s;
    size_t len;
    const struct enrich_doc *doc;
    enrich_date_sink sink;
    void *ctx;
    int err;
    size_t para_start;
    size_t last_end; /* end of the last mention: "15/7 và 16/7" continues a list */
    bool any_emitted;
    /* The last date of day precision emitted in this paragraph: a time alone takes it. */
    bool anchor_ok;
    size_t anchor_para;
    int anchor_year, anchor_month, anchor_day;
    /* The day of the last event dated to one day or one night ("ngày 4/11", "đêm 5 rạng sáng
     * 6/11"), in any paragraph: "cùng ngày" refers to it, not to "từ đầu năm đến nay". */
    bool event_day_ok;
    int event_year, event_month, event_day;
};

/* Flags for the grammar parsers. */
#define DX_CUE      1u /* context already says a date follows: accept bare "15/7", "2020" */
#define DX_NOCOMBO  2u /* parse one expression only: no date+time, no ranges */
#define DX_DAY_ONLY 4u /* accept a bare day number ("15" in "từ 15 đến 20/7") */

/* Parses one expression at the word that starts at pos. Return the end or 0. */
size_t enrich_dates_vi_expr(struct enrich_dscan *sc, size_t pos, unsigned flags,
                            struct enrich_dexpr *out);
size_t enrich_dates_en_expr(struct enrich_dscan *sc, size_t pos, unsigned flags,
                            struct enrich_dexpr *out);

/* ---- Vietnamese grammar, shared by enrich_dates_vi*.c ---- */

static inline bool enrich_dates_plausible_year(int year)
{
    return year >= 1000 && year <= 2199;
}

/* A time of day, or a length of time written like one ("trong 24 giờ"). */
struct enrich_vi_time {
    int hour, minute;
    bool duration;           /* a length: duration_value holds it */
    bool has_pod;            /* a part of the day followed: "7 giờ sáng" */
    char duration_value[24]; /* "PT24H" */
};

/* Parts of the day: "sáng", "trưa", "chiều", "tối", "đêm", "khuya", "rạng sáng". */
extern const char *const enrich_dates_vi_pods[];

/* "14:30", "14h30", "14 giờ 30 phút", "7 giờ sáng", "trong 24 giờ" at pos. Returns the end or 0. */
size_t enrich_dates_vi_time(const struct enrich_dscan *sc, size_t pos, struct enrich_vi_time *t);

/* Writes an ISO 8601 duration: prefix ("P"/"PT"), the count with its fraction, the unit. */
void enrich_dates_duration_text(char *buf, size_t cap, const char *prefix, long whole, int frac,
                                int frac_digits, char unit);

/* A date that begins with a number at pos (enrich_dates_vi_numbers.c). */
size_t enrich_dates_vi_numeric(struct enrich_dscan *sc, size_t pos, unsigned flags,
                               struct enrich_dexpr *dx);

/* Months, quarters, years and periods (enrich_dates_vi_periods.c). The parsers of a cue word
 * take pos at the word and after at its end; the others take p at their first character. */
size_t enrich_dates_vi_nam(struct enrich_dscan *sc, size_t pos, size_t after,
                           struct enrich_dexpr *dx);
size_t enrich_dates_vi_thang(struct enrich_dscan *sc, size_t pos, size_t after, unsigned flags,
                             struct enrich_dexpr *dx);
size_t enrich_dates_vi_quy(struct enrich_dscan *sc, size_t pos, size_t after,
                           struct enrich_dexpr *dx);
size_t enrich_dates_vi_half(struct enrich_dscan *sc, size_t pos, size_t after,
                            struct enrich_dexpr *dx);
size_t enrich_dates_vi_period_cue(struct enrich_dscan *sc, size_t pos, size_t after,
                                  struct enrich_dexpr *dx);
size_t enrich_dates_vi_decade(struct enrich_dscan *sc, size_t pos, size_t after,
                              struct enrich_dexpr *dx);
/* The year after "năm": digits or a relative word; *unknown when relative and the publication
 * moment is unknown. */
size_t enrich_dates_vi_year_word(struct enrich_dscan *sc, size_t p, int *year, bool *unknown);
/* "YYYY - YYYY" at p as a period. */
size_t enrich_dates_vi_year_range(struct enrich_dscan *sc, size_t p, struct enrich_dexpr *dx);
/* A month number and its year ("7/2020", "7 năm 2020"), or year_missing. */
size_t enrich_dates_vi_month_with_year(struct enrich_dscan *sc, size_t p, struct enrich_dpoint *pt);
/* months consecutive months from first_month of year, as a period of days. */
void enrich_dates_vi_quarter_period(struct enrich_dexpr *dx, int year, int first_month, int months);
void enrich_dates_vi_mark_year(struct enrich_dexpr *dx, bool unknown, bool missing);
/* The publication year, for "6 tháng đầu năm" written without one. */
void enrich_dates_vi_current_year(const struct enrich_dscan *sc, int *year, bool *unknown);
/* A unit of time after a count ("năm", "tháng", "thập kỷ"...): fills dx as a duration. */
size_t enrich_dates_vi_duration_unit(struct enrich_dscan *sc, size_t p, long whole, int frac,
                                     int frac_digits, struct enrich_dexpr *dx);

/* "Tết Nguyên đán Giáp Thìn 2024", "Tết Giáp Thìn", "Tết Dương lịch 2024": the first day of
 * that new year (enrich_dates_vi_tet.c). pos is at "Tết", after at its end. */
size_t enrich_dates_vi_tet(struct enrich_dscan *sc, size_t pos, size_t after,
                           struct enrich_dexpr *dx);

/* Points relative to the publication day: offset in days, or the current month/year/week. */
void enrich_dates_rel_day(const struct enrich_dscan *sc, int offset, struct enrich_dpoint *p);
void enrich_dates_rel_month(const struct enrich_dscan *sc, int offset, struct enrich_dpoint *p);
void enrich_dates_rel_year(const struct enrich_dscan *sc, int offset, struct enrich_dpoint *p);
/* A week: Monday..Sunday of the publication week plus offset weeks. */
void enrich_dates_rel_week(const struct enrich_dscan *sc, int offset, struct enrich_dexpr *dx);

/* Sets p to a day point, a month point or a year point. */
void enrich_dates_point_day(struct enrich_dpoint *p, int year, int month, int day);
void enrich_dates_point_month(struct enrich_dpoint *p, int year, int month);
void enrich_dates_point_year(struct enrich_dpoint *p, int year);

/* After a numeric date: true unless something makes it part of a longer code or number
 * ("08/2021/TT-BYT", "15/7%", "2020-QĐ"). */
bool enrich_dates_tail_ok(const struct enrich_dscan *sc, size_t p);

/* ISO 8601 "2020-07-15" or "2020-07-15T14:30" at pos. Returns the end or 0. */
size_t enrich_dates_iso(struct enrich_dscan *sc, size_t pos, struct enrich_dexpr *dx);

/* Fills missing parts of a range's ends from each other. */
void enrich_dates_merge_range(struct enrich_dpoint *a, struct enrich_dpoint *b);

/* Resolves and sends one expression to the sink. Returns 0 or the sink's error. */
int enrich_dates_emit(struct enrich_dscan *sc, struct enrich_dexpr *dx);

#endif
