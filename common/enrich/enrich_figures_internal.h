/*
 * Private contracts of the figures part (enrich_figures*.c). Positions are byte offsets into a
 * UTF-8 segment s of len bytes; functions returning an end return 0 when nothing matched.
 * Nothing here allocates; returned strings are static constants.
 */
#ifndef ENRICH_FIGURES_INTERNAL_H
#define ENRICH_FIGURES_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>

#include "enrich_internal.h"

/* The two words before a position, lowercased: read once per number and shared by the tests
 * below. [0] is the nearer word; "two" is "first second" ("quyết định"). */
struct enrich_fig_words {
    int n; /* 0, 1 or 2 */
    size_t start[2], end[2];
    char folded[2][48];
    char two[96];
};

/* Fills w with the words before pos (see enrich_lex_prev_word). */
void enrich_figures_words_before(const char *s, size_t pos, struct enrich_fig_words *w);

/* ---- Numbers (enrich_figures_number.c) ---- */

struct enrich_fig_number {
    size_t start, end;
    double value;
    unsigned long long mantissa; /* all digits, marks removed: "1.234,5" -> 12345 */
    int int_digits;              /* digits before any separator */
    int groups;                  /* thousands groups read ("9.720" has 1) */
    int frac_digits;             /* digits after the decimal mark */
    bool leading_zero;           /* "05", "0913": a code or an administrative count */
    bool invalid;                /* digits and marks that are no number ("0292.3820.123", "4.0") */
};

/*
 * Reads a number at pos with the separators of lang: Vietnamese "9.720", "98,7", "1.234,5";
 * English "9,720", "12.5". A lone "." followed by exactly three digits is a thousands mark in
 * Vietnamese; "2.5" is read as a decimal only when "%" follows (elsewhere it is a version
 * "4.0" or a date "15.7"). A single ",ddd" in Vietnamese is a decimal ("1,500" = 1.5).
 * On an unreadable run out->invalid is set and out->end is the end of the run.
 * Returns out->end, or 0 when pos is not a digit.
 */
size_t enrich_figures_number(const char *s, size_t len, size_t pos, enum enrich_lang lang,
                             struct enrich_fig_number *out);

/* English opens a sentence with a number in words ("Ninety-two households ...", "Twelve people
 * ..."), as wire style requires. Returns the value of such a number at p (two to ninety-nine),
 * or 0; *end receives its end. "One" is left out: it is mostly a pronoun ("One official said").
 * Neither "Two of" nor a span of time ("Three years ago", which the dates read) counts. */
double enrich_figures_spelled_en(const char *s, size_t len, size_t p, size_t *end);

/* The next number in words at or after from that opens a sentence, or len. */
size_t enrich_figures_next_spelled_en(const char *s, size_t len, size_t from);

/* The number times a scale word's multiplier (a power of ten), computed from the digits so that
 * "17,4 nghìn tỷ" is exactly 17400000000000 and not 17.4 * 1e12. */
double enrich_figures_scaled(const struct enrich_fig_number *n, double mult);

/* Scale words after a number: nghìn/ngàn, triệu, tỷ/tỉ, "nghìn tỷ"; thousand, million, billion,
 * trillion, "bn". Sets *mult; returns the end or 0. */
size_t enrich_figures_scale(const char *s, size_t len, size_t pos, enum enrich_lang lang,
                            double *mult);

/* ---- Units and qualifiers (enrich_figures_units.c) ---- */

struct enrich_fig_unit {
    const char *name; /* canonical: "%", "đồng", "USD", "tấn", "ha", "người", ... */
    bool counts;      /* a counted noun (người, hộ): it starts the context */
};

/*
 * A unit after a number (at pos: right after the number or its scale, before any space).
 * Accepts compound units "đồng/kg", "triệu đồng/người/tháng" (written as "đồng/người/tháng").
 * buf receives the canonical name (cap bytes). Returns the end or 0.
 */
size_t enrich_figures_unit(const char *s, size_t len, size_t pos, enum enrich_lang lang, char *buf,
                           size_t cap, bool *counts);

/* A currency written before the number: "$", "US$", "VND5", "VND 5", "€". Looks backwards
 * from pos (the first digit); *start receives where the prefix begins. */
const char *enrich_figures_currency_before(const char *s, size_t pos, enum enrich_lang lang,
                                           size_t *start);

/* A qualifier in the words w before a figure ("hơn", "khoảng", "more than"). Returns it
 * (lowercase) or NULL; *start receives where it begins. */
/* Whether word (folded) is "hàng" ending a noun with prev before it ("ngân hàng", "cửa hàng"). */
bool enrich_figures_hang_compound(const char *word, const char *prev);
const char *enrich_figures_qualifier(const struct enrich_fig_words *w, enum enrich_lang lang,
                                     size_t *start);

/* A negated comparison before a Vietnamese figure ("không thấp hơn", "không vượt quá"), the
 * bound it states, or NULL; *start receives where it begins. */
const char *enrich_figures_negated_bound(const char *s, const struct enrich_fig_words *w,
                                         size_t *start);

/* ---- What is not a figure, and what a figure counts (enrich_figures_context.c) ---- */

/* True when the number at pos is glued to a word before it: "COVID-19", "QĐ/15", "#3". */
bool enrich_figures_glued_before(const char *s, size_t pos);

/* True when the words before pos make the number a name or a reference: "Quyết định 290",
 * "Quận 1", "lần thứ 2", "District 1", "Decree 100". The caller still counts it when a unit
 * follows ("mỗi đợt 2.000 người"). */
bool enrich_figures_blocked_before(const char *s, size_t pos, const struct enrich_fig_words *w,
                                   enum enrich_lang lang);

/* True when what follows the number ending at end makes it a position on the map: "độ Bắc",
 * "độ Kinh Đông", "degrees north". */
bool enrich_figures_coordinate_after(const char *s, size_t len, size_t end, enum enrich_lang lang);

/* When "mỗi giờ" stands a few words before pos, in the same clause ("mỗi giờ đi được 15-20 km",
 * "mỗi giờ di chuyển khoảng 10 km": a speed, the storm bulletins' way of writing km/h),
 * returns the position of "mỗi" plus one; else 0. */
size_t enrich_figures_per_hour_before(const char *s, size_t pos);

/* True when the number ending at end names a kind of vehicle by its seats: "xe khách 32 chỗ",
 * "ô tô 7 chỗ", "xe 16 chỗ" (w: the words before it). Counted seats stay figures: "bố trí
 * 500 chỗ ngồi". */
bool enrich_figures_vehicle_class(const char *s, size_t len, const struct enrich_fig_words *w,
                                  size_t end);

/* True when the number in [pos, end) is the purity of gold (three or four nines) after the
 * metal's word or with "vàng"/"gold" a few words before on its line: "vàng 9999", "vàng nhẫn
 * 999,9", "nhẫn trơn 9999", "gold of 99.99" (w: the words before it). No figure: it names the
 * kind of gold, as "24K" does. */
bool enrich_figures_gold_purity(const char *s, const struct enrich_fig_words *w, size_t pos,
                                size_t end);

/* The subject of "di chuyển" earlier in the sentence before from, for a speed given as "mỗi giờ
 * đi được 15-20 km" after it ("bão di chuyển theo hướng Tây Tây Bắc, mỗi giờ ..."): true with
 * its bounds, up to four words back to a comma. */
bool enrich_figures_mover_before(const char *s, size_t from, size_t *cs, size_t *ce);

/* A phone number at pos ("0292.3820.123", "0913 123 456", "1900 1234", "+84 ..."), or one
 * after a phone cue. Returns the end of the whole number or 0. */
size_t enrich_figures_phone(const char *s, size_t len, size_t pos,
                            const struct enrich_fig_words *w);

/* True when the word before pos is capitalized and not the first word of a sentence:
 * "Apollo 11", "Sư đoàn 9" — a unitless number there is part of a name. */
bool enrich_figures_after_name(const char *s, const struct enrich_fig_words *w);

/* What enrich_figures_context needs to know about a figure. */
struct enrich_fig_context_in {
    size_t before;     /* where the mention begins: its qualifier or its number */
    size_t after;      /* where it ends */
    size_t unit_start; /* where its unit word begins (read when counts) */
    bool counts;       /* the unit is a counted noun (người, hộ): the context starts with it */
    bool look_after;   /* words after the figure may say what it counts (not after "°C") */
    size_t floor;      /* the end of the previous figure: the context never reaches before it */
    const size_t *date_start, *date_end; /* the date spans of the text, in order (borrowed) */
    size_t date_n;
    size_t floor_start; /* where the previous figure begins (its end is floor); 0 when none */
    bool money;         /* the unit is a currency ("$28.5 billion in FDI pledges") */
};

/* The short phrase that says what a figure counts: the counted noun and up to four words after
 * the figure, or when nothing follows, the subject before it, past the verb, time words, dates
 * and a place or owner ("sản lượng lúa cả năm của tỉnh đạt hơn 2,1 triệu tấn" -> "sản lượng
 * lúa"). Writes [*cstart, *cend) or an empty range. */
void enrich_figures_context(const char *s, size_t len, enum enrich_lang lang,
                            const struct enrich_fig_context_in *in, size_t *cstart, size_t *cend);

/* True when [from, to) joins a figure to the one before it as a second predicate of the same
 * subject: a comma or a bracket and verbs ("đạt 1,82 tỷ USD, giảm 3,2%", "rose 9.3% to $30.1
 * billion", "VND1.2 trillion ($49 million)"). */
bool enrich_figures_continues(const char *s, size_t from, size_t to, enum enrich_lang lang);

/* "Tỷ lệ huy động trẻ 6 tuổi vào lớp 1 đạt 99,6%": when the figure at at follows a Vietnamese
 * linking verb ("đạt", "là", "chiếm") and only words stand between it and the previous figure
 * (from), the subject holds that figure and runs on to the verb. Returns where the words before
 * the verb end, or 0 when the figure is not so linked. */
size_t enrich_figures_subject_through(const char *s, size_t from, size_t at);

/* False for units after which the next words never say what was measured: "39 độ C kéo dài",
 * "55 tuổi", "gấp 2 lần vụ trước". */
bool enrich_figures_unit_reads_after(const char *unit);

#endif
