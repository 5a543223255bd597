/*
 * The entity tokenizer's general word reader: any word, whatever its letters, marks and
 * joiners. The tokenizer's fast path (enrich_entities_tokens.c) reads the common words itself
 * and calls this only for the rest, so this favours clarity over speed.
 *
 * A word is a run of letters, digits and combining marks, plus the joiners that belong inside
 * the names and numbers of Vietnamese news: "TP.HCM", "PGS.TS", "9.720", "98,7", "290-QĐ/TW",
 * "08/2021/TT-BYT", "GD&ĐT", "COVID-19", "People's". A hyphen between two ordinary words
 * ("Rịa-Vũng") is punctuation, as in "Bà Rịa - Vũng Tàu", so both spellings give the same
 * tokens.
 */
#include <string.h>

#include <utf8proc.h>

#include "enrich_entities_internal.h"

/* ENT_CH_* of ASCII, looked up without a call: most bytes of an article are ASCII. */
static const unsigned char ascii_class[128] = {
#define L ENT_CH_LETTER
#define U (ENT_CH_LETTER | ENT_CH_UPPER)
#define D ENT_CH_DIGIT
    ['0'] = D, ['1'] = D, ['2'] = D, ['3'] = D, ['4'] = D, ['5'] = D, ['6'] = D, ['7'] = D,
    ['8'] = D, ['9'] = D, ['a'] = L, ['b'] = L, ['c'] = L, ['d'] = L, ['e'] = L, ['f'] = L,
    ['g'] = L, ['h'] = L, ['i'] = L, ['j'] = L, ['k'] = L, ['l'] = L, ['m'] = L, ['n'] = L,
    ['o'] = L, ['p'] = L, ['q'] = L, ['r'] = L, ['s'] = L, ['t'] = L, ['u'] = L, ['v'] = L,
    ['w'] = L, ['x'] = L, ['y'] = L, ['z'] = L, ['A'] = U, ['B'] = U, ['C'] = U, ['D'] = U,
    ['E'] = U, ['F'] = U, ['G'] = U, ['H'] = U, ['I'] = U, ['J'] = U, ['K'] = U, ['L'] = U,
    ['M'] = U, ['N'] = U, ['O'] = U, ['P'] = U, ['Q'] = U, ['R'] = U, ['S'] = U, ['T'] = U,
    ['U'] = U, ['V'] = U, ['W'] = U, ['X'] = U, ['Y'] = U, ['Z'] = U,
#undef L
#undef U
#undef D
};

/* The code point at s[i] (i < len), its length and its ENT_CH_* class. */
static inline unsigned char_at(const char *s, size_t len, size_t i, uint32_t *cp, size_t *step)
{
    unsigned char c = (unsigned char)s[i];
    if (c < 0x80) {
        *cp = c;
        *step = 1;
        return ascii_class[c];
    }
    *step = ent_utf8_decode(s + i, len - i, cp);
    return ent_char_class(*cp);
}

static unsigned class_at(const char *s, size_t len, size_t i, size_t *step)
{
    uint32_t cp;
    if (i >= len) {
        *step = 0;
        return 0;
    }
    return char_at(s, len, i, &cp, step);
}

/* Whether the word ending at s[i] is one that English names of bodies hold in the possessive
 * ("People's Committee", "Women's Union", "Children's Hospital", "Men's"). */
static bool names_own_body(const char *s, size_t i)
{
    static const char *const words[] = {"people", "women", "children", "men"};
    for (size_t k = 0; k < sizeof(words) / sizeof(words[0]); k++) {
        size_t n = strlen(words[k]);
        if (i < n) {
            continue;
        }
        unsigned char b = i > n ? (unsigned char)s[i - n - 1] : ' ';
        if (b >= 0x80 || (ascii_class[b] & ENT_CH_LETTER)) {
            continue; /* "Salesmen's" is another word */
        }
        size_t m = 0;
        while (m < n && (s[i - n + m] | 0x20) == words[k][m]) {
            m++;
        }
        if (m == n) {
            return true;
        }
    }
    return false;
}

/*
 * An English possessive ending a name: "China's largest", "Hanoi’s", "Chinh's visit". The
 * apostrophe at s[i] (' or U+2019), an "s" and a word's end; "Vietnam's Ministry of Finance"
 * too, but "People's Committee" and "Women's Union" stay one word, as the gazetteers and the
 * English organization reader expect. Returns the length of "'s", or 0.
 */
size_t ent_possessive_len(const char *s, size_t len, size_t i)
{
    size_t mark = 0;
    if (i < len && s[i] == '\'') {
        mark = 1;
    } else if (i + 2 < len && (unsigned char)s[i] == 0xE2 && (unsigned char)s[i + 1] == 0x80 &&
               (unsigned char)s[i + 2] == 0x99) {
        mark = 3;
    }
    size_t j = i + mark, step;
    if (mark == 0 || j >= len || (s[j] | 0x20) != 's') {
        return 0;
    }
    j++;
    if (class_at(s, len, j, &step) & (ENT_CH_LETTER | ENT_CH_DIGIT | ENT_CH_MARK)) {
        return 0; /* "O's..." is a longer word */
    }
    while (j < len && (s[j] == ' ' || s[j] == '\t')) {
        j++;
    }
    if ((class_at(s, len, j, &step) & ENT_CH_UPPER) && names_own_body(s, i)) {
        return 0;
    }
    return mark + 1;
}

/* True when the letters starting at i run up to a non-letter and are all uppercase. */
static bool upper_run(const char *s, size_t len, size_t i)
{
    size_t n = 0, step;
    while (i < len) {
        unsigned c = class_at(s, len, i, &step);
        if (!(c & ENT_CH_LETTER)) {
            break;
        }
        if (!(c & ENT_CH_UPPER)) {
            return false;
        }
        n++;
        i += step;
    }
    return n > 0;
}

struct word_state {
    size_t part_start;   /* byte where the current part (since the last joiner) starts */
    bool part_upper;     /* every letter of the current part is uppercase */
    bool part_cap_start; /* the current part starts with an uppercase letter */
    bool has_digit, has_slash, has_joiner;
    unsigned letters, upper_letters;
    bool first_letter_seen, first_upper, only_digits;
};

/* Whether the joiner at byte i (already known to sit between two word characters) joins. */
static bool joins(const char *s, size_t len, size_t i, uint32_t cp, const struct word_state *w,
                  unsigned prev_class, unsigned next_class)
{
    bool prev_digit = (prev_class & ENT_CH_DIGIT) != 0;
    bool next_digit = (next_class & ENT_CH_DIGIT) != 0;
    switch (cp) {
    case '.':
        if (prev_digit && next_digit) {
            return true;
        }
        /* "TP.HCM", "PGS.TS", "ThS.BS": capitalized abbreviations joined by dots. */
        return w->part_cap_start && (size_t)(i - w->part_start) <= 8 && upper_run(s, len, i + 1);
    case ',':
        return prev_digit && next_digit;
    case '/':
        return true;
    case '-':
        if (prev_digit || next_digit || w->has_digit || w->has_slash) {
            return true;
        }
        return w->part_upper && upper_run(s, len, i + 1);
    case '&':
        return w->part_upper && upper_run(s, len, i + 1);
    case '\'':
    case 0x2019:
        return (prev_class & ENT_CH_LETTER) && (next_class & ENT_CH_LETTER) &&
               ent_possessive_len(s, len, i) == 0;
    default:
        return false;
    }
}

#define SYLLABLE_MAX ENT_FOLD_SYLLABLE_MAX

/* The syllable being folded while a word is read; its letters are written out as they come and
 * written again only when its tone sits elsewhere than the fold rule says. */
struct syllable {
    struct ent_fold_letter l[SYLLABLE_MAX];
    int n, vowels, toned;
    bool overflow;
    size_t start, last_pos;
};

static size_t put_cp(uint32_t cp, char *out, size_t pos)
{
    if (cp < 0x80) {
        out[pos] = (char)cp;
        return pos + 1;
    }
    if (cp < 0x800) {
        out[pos] = (char)(0xC0 | (cp >> 6));
        out[pos + 1] = (char)(0x80 | (cp & 0x3F));
        return pos + 2;
    }
    if (cp < 0x10000) {
        out[pos] = (char)(0xE0 | (cp >> 12));
        out[pos + 1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[pos + 2] = (char)(0x80 | (cp & 0x3F));
        return pos + 3;
    }
    out[pos] = (char)(0xF0 | (cp >> 18));
    out[pos + 1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    out[pos + 2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[pos + 3] = (char)(0x80 | (cp & 0x3F));
    return pos + 4;
}

static size_t put_letter(const struct ent_fold_letter *l, char *out, size_t pos)
{
    if (l->vowel < 0) {
        return put_cp(l->cp, out, pos);
    }
    const unsigned char *u = ent_fold_code_utf8[1 + l->vowel * 6 + l->tone];
    memcpy(out + pos, u + 1, 3);
    return pos + (u[0] & ENT_FOLD_LEN);
}

/* Ends the syllable; returns the output position after it. */
static size_t end_syllable(struct syllable *y, char *out, size_t pos)
{
    if (y->n >= 2 && y->toned == 1 && y->vowels >= 2 && !y->overflow) {
        int at = ent_fold_tone_position(y->l, y->n);
        if (at >= 0 && y->l[at].tone == 0) {
            uint8_t tone = 0;
            for (int k = 0; k < y->n; k++) {
                if (y->l[k].vowel >= 0 && y->l[k].tone != 0) {
                    tone = y->l[k].tone;
                    y->l[k].tone = 0;
                }
            }
            y->l[at].tone = tone;
            pos = y->start;
            for (int k = 0; k < y->n; k++) {
                pos = put_letter(&y->l[k], out, pos);
            }
        }
    }
    y->n = y->vowels = y->toned = 0;
    y->overflow = false;
    return pos;
}

static size_t add_letter(struct syllable *y, int8_t vowel, uint8_t tone, uint32_t cp, char *out,
                         size_t pos)
{
    if (y->n == 0) {
        y->start = pos;
    }
    if (y->n < SYLLABLE_MAX) {
        y->l[y->n].vowel = vowel;
        y->l[y->n].tone = tone;
        y->l[y->n].cp = cp;
    } else {
        y->overflow = true;
    }
    y->n++;
    if (vowel >= 0) {
        y->vowels++;
        y->toned += tone != 0;
    }
    y->last_pos = pos;
    if (vowel < 0) {
        return put_cp(cp, out, pos);
    }
    const unsigned char *u = ent_fold_code_utf8[1 + vowel * 6 + tone];
    memcpy(out + pos, u + 1, 3);
    return pos + (u[0] & ENT_FOLD_LEN);
}

size_t ent_scan_word(const char *s, size_t len, size_t i, char *out, size_t *key_len,
                     uint32_t *flags)
{
    struct word_state w = {.part_start = i, .part_upper = true, .only_digits = true};
    struct syllable y;
    y.n = y.vowels = y.toned = 0;
    y.overflow = false;
    y.start = y.last_pos = 0;
    size_t j = i, pos = 0;
    unsigned prev_class = 0;
    bool part_first = true;
    while (j < len) {
        unsigned char b = (unsigned char)s[j];
        uint32_t cp;
        size_t step;
        unsigned c;
        if (b < 0x80) {
            c = ascii_class[b];
            if (c & ENT_CH_LETTER) {
                /* The common case: an ASCII letter, one byte in, one byte out. */
                unsigned char lower = (unsigned char)(b | 0x20);
                int8_t vowel = (int8_t)(ent_fold_ascii_vowel[b] - 1);
                if (y.n == 0) {
                    y.start = pos;
                }
                if (y.n < SYLLABLE_MAX) {
                    y.l[y.n].vowel = vowel;
                    y.l[y.n].tone = 0;
                    y.l[y.n].cp = lower;
                } else {
                    y.overflow = true;
                }
                y.n++;
                y.vowels += vowel >= 0;
                y.last_pos = pos;
                out[pos++] = (char)lower;
                w.letters++;
                w.only_digits = false;
                if (c & ENT_CH_UPPER) {
                    w.upper_letters++;
                } else {
                    w.part_upper = false;
                }
                if (!w.first_letter_seen) {
                    w.first_letter_seen = true;
                    w.first_upper = (c & ENT_CH_UPPER) != 0;
                }
                if (part_first) {
                    w.part_cap_start = (c & ENT_CH_UPPER) != 0;
                    part_first = false;
                }
                prev_class = c;
                j++;
                continue;
            }
            cp = b;
            step = 1;
        } else {
            step = ent_utf8_decode(s + j, len - j, &cp);
            unsigned code = ent_fold_vowel_code(cp);
            if (code != 0) {
                c = ENT_CH_LETTER | ((code & 0x80) ? ENT_CH_UPPER : 0u);
                code = (code & 0x7F) - 1;
                pos = add_letter(&y, (int8_t)(code / 6), (uint8_t)(code % 6), 0, out, pos);
            } else if (cp == 0x0110 || cp == 0x0111 || cp == 0x00D0 || cp == 0x00F0) {
                c = ENT_CH_LETTER | ((cp == 0x0110 || cp == 0x00D0) ? ENT_CH_UPPER : 0u);
                pos = add_letter(&y, -1, 0, 0x0111, out, pos);
            } else {
                c = ent_char_class(cp);
                if (c & ENT_CH_MARK) {
                    struct ent_fold_letter *v =
                        y.n > 0 && y.n <= SYLLABLE_MAX ? &y.l[y.n - 1] : NULL;
                    bool had_tone = v != NULL && v->tone != 0;
                    if (v != NULL && v->vowel >= 0 && ent_fold_apply_mark(y.l, y.n, cp)) {
                        /* A decomposed tone or modifier: the vowel is written again. */
                        y.toned += (v->tone != 0) - had_tone;
                        pos = put_letter(v, out, y.last_pos);
                    } else {
                        pos = add_letter(&y, -1, 0, cp, out, pos);
                    }
                    j += step;
                    continue;
                }
                if (c & ENT_CH_LETTER) {
                    pos = add_letter(&y, -1, 0, (uint32_t)utf8proc_tolower((utf8proc_int32_t)cp),
                                     out, pos);
                } else if (c & ENT_CH_DIGIT) {
                    if (y.n > 0) {
                        pos = end_syllable(&y, out, pos);
                    }
                    pos = put_cp(cp, out, pos);
                }
            }
        }
        if (c & (ENT_CH_LETTER | ENT_CH_DIGIT)) {
            if (c & ENT_CH_LETTER) {
                w.letters++;
                w.only_digits = false;
                if (c & ENT_CH_UPPER) {
                    w.upper_letters++;
                } else {
                    w.part_upper = false;
                }
                if (!w.first_letter_seen) {
                    w.first_letter_seen = true;
                    w.first_upper = (c & ENT_CH_UPPER) != 0;
                }
                if (part_first) {
                    w.part_cap_start = (c & ENT_CH_UPPER) != 0;
                }
            } else {
                if (b < 0x80) {
                    if (y.n > 0) {
                        pos = end_syllable(&y, out, pos);
                    }
                    out[pos++] = (char)b;
                }
                w.has_digit = true;
                w.part_upper = false;
            }
            part_first = false;
            prev_class = c;
            j += step;
            continue;
        }
        size_t next_step;
        unsigned next_class = class_at(s, len, j + step, &next_step);
        if (!(next_class & (ENT_CH_LETTER | ENT_CH_DIGIT)) ||
            !joins(s, len, j, cp, &w, prev_class, next_class)) {
            break;
        }
        if (y.n > 0) {
            pos = end_syllable(&y, out, pos);
        }
        pos = put_cp(cp, out, pos);
        if (cp == '/') {
            w.has_slash = true;
        }
        if ((cp != '.' && cp != ',') || !(prev_class & ENT_CH_DIGIT)) {
            w.only_digits = false;
        }
        /* "R'lấp", "H'Mông", "N'Jriêng": an apostrophe between letters is inside a syllable of
         * a Central Highlands name, which stays a word of letters as a name needs. */
        if (cp != '\'' && cp != 0x2019) {
            w.has_joiner = true;
        }
        j += step;
        w.part_start = j;
        w.part_upper = true;
        part_first = true;
        prev_class = 0;
    }
    if (y.n > 0) {
        pos = end_syllable(&y, out, pos);
    }
    out[pos] = '\0';
    *key_len = pos;
    uint32_t f = ENT_TOK_WORD;
    if (w.first_upper) {
        f |= ENT_TOK_CAP;
    }
    if (w.letters >= 2 && w.upper_letters == w.letters) {
        f |= ENT_TOK_ALLCAPS;
    }
    if (w.has_digit) {
        f |= ENT_TOK_DIGIT;
    }
    if (!w.has_digit && !w.has_joiner) {
        f |= ENT_TOK_LETTERS;
    }
    if (w.has_digit && w.only_digits) {
        f |= ENT_TOK_NUMBER;
    }
    *flags = f;
    return j;
}
