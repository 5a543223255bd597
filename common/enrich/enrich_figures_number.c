/*
 * Numbers as Vietnamese and English news write them, and the scale words after them.
 * The value is computed from the digits as an integer mantissa so that "98,7" gives the double
 * nearest 98.7 and "2.345 tỷ" gives exactly 2345000000000.
 */
#include <string.h>

#include "enrich_dates_internal.h"
#include "enrich_figures_internal.h"

#define MAX_DIGITS 15 /* beyond this a run of digits is an identifier, not a quantity */

static bool digit(const char *s, size_t len, size_t p)
{
    return p < len && s[p] >= '0' && s[p] <= '9';
}

static int count_digits(const char *s, size_t len, size_t p)
{
    int n = 0;
    while (digit(s, len, p + (size_t)n)) {
        n++;
    }
    return n;
}

/* The end of a run of digits and the marks between them: what an unreadable number spans. */
static size_t run_end(const char *s, size_t len, size_t p)
{
    while (p < len) {
        if (digit(s, len, p)) {
            p++;
        } else if ((s[p] == '.' || s[p] == ',') && digit(s, len, p + 1)) {
            p++;
        } else {
            break;
        }
    }
    return p;
}

static const double pow10_table[] = {1e0, 1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7, 1e8,
                                     1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16};

size_t enrich_figures_number(const char *s, size_t len, size_t pos, enum enrich_lang lang,
                             struct enrich_fig_number *out)
{
    memset(out, 0, sizeof(*out));
    out->start = pos;
    int k = count_digits(s, len, pos);
    if (k == 0) {
        return 0;
    }
    char group_mark = lang == ENRICH_LANG_EN ? ',' : '.';
    char decimal_mark = lang == ENRICH_LANG_EN ? '.' : ',';
    unsigned long long mantissa = 0;
    int total = 0;
    size_t p = pos;
    out->int_digits = k;
    out->leading_zero = k > 1 && s[pos] == '0';
    for (int i = 0; i < k; i++) {
        mantissa = mantissa * 10 + (unsigned long long)(s[p++] - '0');
    }
    total = k;
    /* Thousands groups: exactly three digits each. */
    while (p < len && s[p] == group_mark && digit(s, len, p + 1)) {
        int g = count_digits(s, len, p + 1);
        if (g != 3 || k > 3 || out->leading_zero) {
            break;
        }
        for (int i = 1; i <= 3; i++) {
            mantissa = mantissa * 10 + (unsigned long long)(s[p + (size_t)i] - '0');
        }
        total += 3;
        out->groups++;
        p += 4;
    }
    if (p < len && s[p] == group_mark && digit(s, len, p + 1)) {
        /* A group mark not followed by three digits. English "1,5" is a list; Vietnamese
         * "2.5%" is a decimal written the English way; anything else is a code or a date. */
        int g = count_digits(s, len, p + 1);
        if (lang == ENRICH_LANG_EN && out->groups == 0 && g != 3) {
            goto done;
        }
        if (lang == ENRICH_LANG_VI && out->groups == 0 && g <= 2 && p + 1 + (size_t)g < len &&
            s[p + 1 + (size_t)g] == '%') {
            for (int i = 1; i <= g; i++) {
                mantissa = mantissa * 10 + (unsigned long long)(s[p + (size_t)i] - '0');
            }
            out->frac_digits = g;
            total += g;
            p += 1 + (size_t)g;
            goto done;
        }
        out->invalid = true;
        out->end = run_end(s, len, p);
        return out->end;
    }
    if (p < len && s[p] == decimal_mark && digit(s, len, p + 1)) {
        int f = count_digits(s, len, p + 1);
        size_t after = p + 1 + (size_t)f;
        if (lang == ENRICH_LANG_VI && f == 3 && out->groups == 0 && after < len &&
            s[after] == ',' && count_digits(s, len, after + 1) == 3) {
            /* "1,234,567" in Vietnamese copy written the English way. */
            while (p < len && s[p] == ',' && count_digits(s, len, p + 1) == 3 &&
                   !digit(s, len, p + 4)) {
                for (int i = 1; i <= 3; i++) {
                    mantissa = mantissa * 10 + (unsigned long long)(s[p + (size_t)i] - '0');
                }
                total += 3;
                out->groups++;
                p += 4;
            }
        } else {
            for (int i = 1; i <= f && total < 18; i++) {
                mantissa = mantissa * 10 + (unsigned long long)(s[p + (size_t)i] - '0');
                out->frac_digits++;
                total++;
            }
            p = after;
        }
        if (p < len && (s[p] == '.' || s[p] == ',') && digit(s, len, p + 1)) {
            out->invalid = true; /* "1,2,3", "1.234,5.6" */
            out->end = run_end(s, len, p);
            return out->end;
        }
    }
done:
    out->end = p;
    if (total > MAX_DIGITS || out->frac_digits > 6) {
        out->invalid = true;
        out->end = run_end(s, len, p);
        return out->end;
    }
    out->mantissa = mantissa;
    out->value = (double)mantissa / pow10_table[out->frac_digits];
    return p;
}

double enrich_figures_scaled(const struct enrich_fig_number *n, double mult)
{
    /* Both are powers of ten, so their quotient is exact, and so is the product of the
     * mantissa (at most 15 digits) with it while the result stays below 2^53. */
    double m = (double)n->mantissa;
    double p = pow10_table[n->frac_digits];
    return mult >= p ? m * (mult / p) : m / (p / mult);
}

struct scale_word {
    const char *word;
    double mult;
};

/* Longest first where one is the prefix of another ("nghìn tỷ" before "nghìn"). */
static const struct scale_word vi_scales[] = {
    {"nghìn tỷ", 1e12}, {"ngàn tỷ", 1e12}, {"nghìn tỉ", 1e12}, {"ngàn tỉ", 1e12},
    {"triệu tỷ", 1e15}, {"nghìn", 1e3},    {"ngàn", 1e3},      {"triệu", 1e6},
    {"tỷ", 1e9},        {"tỉ", 1e9},       {"trăm", 1e2},      {NULL, 0}};
static const struct scale_word en_scales[] = {
    {"thousand", 1e3}, {"million", 1e6}, {"billion", 1e9}, {"trillion", 1e12}, {"mln", 1e6},
    {"bln", 1e9},      {"bn", 1e9},      {"tn", 1e12},     {NULL, 0}};

size_t enrich_figures_scale(const char *s, size_t len, size_t pos, enum enrich_lang lang,
                            double *mult)
{
    const struct scale_word *table = lang == ENRICH_LANG_EN ? en_scales : vi_scales;
    size_t q = enrich_lex_spaces(s, len, pos);
    bool attached = q == pos;
    if (lang != ENRICH_LANG_EN && q + 2 < len && (s[q] == 't' || s[q] == 'T') && s[q + 1] == 'r') {
        /* "50 tr.đ", "50trđ", "2,5 tr đ": the abbreviation of "triệu", only before "đ" */
        size_t r = q + 2 + (s[q + 2] == '.');
        size_t u = enrich_lex_spaces(s, len, r);
        if (u + 1 < len && (unsigned char)s[u] == 0xC4 && (unsigned char)s[u + 1] == 0x91 &&
            !enrich_lex_word_at(s, len, u + 2)) {
            *mult = 1e6;
            return r;
        }
    }
    for (int i = 0; table[i].word != NULL; i++) {
        /* English "$2bn" attaches the scale; words need a space before them otherwise. */
        bool short_form = lang == ENRICH_LANG_EN && strlen(table[i].word) <= 3;
        if (attached && !short_form) {
            continue;
        }
        size_t e = enrich_lex_match(s, len, q, table[i].word);
        if (e) {
            *mult = table[i].mult;
            return e;
        }
    }
    return 0;
}

double enrich_figures_spelled_en(const char *s, size_t len, size_t p, size_t *end)
{
    static const char *const small[] = {"two",       "three",    "four",     "five",    "six",
                                        "seven",     "eight",    "nine",     "ten",     "eleven",
                                        "twelve",    "thirteen", "fourteen", "fifteen", "sixteen",
                                        "seventeen", "eighteen", "nineteen", NULL};
    static const char *const tens[] = {"twenty",  "thirty", "forty",  "fifty", "sixty",
                                       "seventy", "eighty", "ninety", NULL};
    static const char *const units[] = {"one", "two",   "three", "four", "five",
                                        "six", "seven", "eight", "nine", NULL};
    if (p >= len || s[p] < 'A' || s[p] > 'Z') {
        return 0;
    }
    bool start =
        p == 0 || s[p - 1] == '\n' ||
        (p >= 2 && s[p - 1] == ' ' && s[p - 2] != '\0' && strchr(".!?\"", s[p - 2]) != NULL);
    if (!start) {
        return 0;
    }
    int which;
    size_t e = enrich_lex_match_any(s, len, p, tens, &which);
    double value = 0;
    if (e > 0) {
        value = 20 + 10 * which;
        size_t u =
            e + 1 < len && s[e] == '-' ? enrich_lex_match_any(s, len, e + 1, units, &which) : 0;
        if (u > 0) {
            value += 1 + which;
            e = u;
        }
    } else if ((e = enrich_lex_match_any(s, len, p, small, &which)) > 0) {
        value = 2 + which;
    } else {
        return 0;
    }
    /* A noun in lowercase follows; not "of" ("Two of the victims") nor a span of time, which
     * the dates read ("Three years ago"). */
    static const char *const not_counted[] = {"of",   "years", "months",  "weeks",
                                              "days", "hours", "minutes", "times",
                                              "or",   "and",   "to",      NULL};
    if (e + 1 >= len || s[e] != ' ' || s[e + 1] < 'a' || s[e + 1] > 'z' ||
        enrich_lex_match_any(s, len, e + 1, not_counted, NULL) > 0) {
        return 0;
    }
    *end = e;
    return value;
}

size_t enrich_figures_next_spelled_en(const char *s, size_t len, size_t from)
{
    size_t e;
    for (size_t p = from; p < len; p++) {
        if (s[p] >= 'E' && s[p] <= 'T' && enrich_figures_spelled_en(s, len, p, &e) > 0) {
            return p;
        }
    }
    return len;
}
