/*
 * The entity extractor's tokenizer: cuts a segment into words and punctuation in one pass.
 *
 * A word is a run of letters, digits and combining marks, plus the joiners that belong inside
 * the names and numbers of Vietnamese news: "TP.HCM", "PGS.TS", "9.720", "98,7", "290-QĐ/TW",
 * "08/2021/TT-BYT", "GD&ĐT", "COVID-19", "People's". A hyphen between two ordinary words
 * ("Rịa-Vũng") is punctuation, as in "Bà Rịa - Vũng Tàu", so both spellings give the same
 * tokens. The gazetteer tokenizes its phrases with this same function, so the two always agree.
 */
#include <stdlib.h>
#include <string.h>

#include "enrich_entities_internal.h"

uint64_t ent_hash_key(const char *key, size_t len)
{
    uint64_t h = 0xcbf29ce484222325ull;
    for (size_t i = 0; i < len; i++) {
        h ^= (unsigned char)key[i];
        h *= 0x100000001b3ull;
    }
    return h;
}

static unsigned class_at(const char *s, size_t len, size_t i, size_t *step)
{
    uint32_t cp;
    if (i >= len) {
        *step = 0;
        return 0;
    }
    *step = ent_utf8_decode(s + i, len - i, &cp);
    return ent_char_class(cp);
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
        return (prev_class & ENT_CH_LETTER) && (next_class & ENT_CH_LETTER);
    default:
        return false;
    }
}

static int grow_tokens(struct ent_tokens *t)
{
    size_t cap = t->cap ? t->cap * 2 : 256;
    struct ent_token *v = realloc(t->v, cap * sizeof(*v));
    if (v == NULL) {
        return ENRICH_ERR_NOMEM;
    }
    t->v = v;
    t->cap = cap;
    return 0;
}

static int push_key(struct ent_tokens *t, const char *s, size_t len, struct ent_token *tok)
{
    for (;;) {
        size_t room = t->keys_cap - t->keys_len;
        if (room > 0) {
            long n = enrich_fold(s, len, t->keys + t->keys_len, room);
            if (n >= 0) {
                tok->key = (uint32_t)t->keys_len;
                tok->key_len = (uint32_t)n;
                tok->hash = ent_hash_key(t->keys + t->keys_len, (size_t)n);
                t->keys_len += (size_t)n + 1;
                return 0;
            }
        }
        size_t cap = t->keys_cap ? t->keys_cap * 2 : 1024;
        while (cap - t->keys_len < len * 3 + 8) {
            cap *= 2;
        }
        char *k = realloc(t->keys, cap);
        if (k == NULL) {
            return ENRICH_ERR_NOMEM;
        }
        t->keys = k;
        t->keys_cap = cap;
    }
}

static uint32_t punct_flags(uint32_t cp)
{
    switch (cp) {
    case ',':
        return ENT_TOK_COMMA;
    case '(':
    case '[':
        return ENT_TOK_OPEN_PAREN;
    case ')':
    case ']':
        return ENT_TOK_CLOSE_PAREN;
    case 0x201C:
    case 0x00AB:
    case 0x2018:
    case 0x201E:
        return ENT_TOK_QUOTE_OPEN;
    case 0x201D:
    case 0x00BB:
    case 0x2019:
        return ENT_TOK_QUOTE_CLOSE;
    case '"':
        return ENT_TOK_QUOTE;
    case '-':
    case 0x2013:
    case 0x2014:
    case 0x2012:
    case 0x2212:
        return ENT_TOK_DASH;
    case '.':
    case '!':
    case '?':
    case 0x2026:
        return ENT_TOK_STOP;
    case ':':
        return ENT_TOK_COLON;
    case ';':
        return ENT_TOK_SEMI;
    case '\n':
        return ENT_TOK_BREAK;
    default:
        return ENT_TOK_OTHER;
    }
}

static bool is_space(uint32_t cp)
{
    return cp == ' ' || cp == '\t' || cp == '\r' || cp == '\f' || cp == '\v' || cp == 0x00A0 ||
           cp == 0x200B || cp == 0xFEFF || cp == 0x202F || cp == 0x2009;
}

/* Scans the word starting at i; returns its end and fills the flags. */
static size_t scan_word(const char *s, size_t len, size_t i, uint32_t *flags)
{
    struct word_state w = {.part_start = i, .part_upper = true, .only_digits = true};
    size_t j = i;
    unsigned prev_class = 0;
    bool part_first = true;
    while (j < len) {
        uint32_t cp;
        size_t step = ent_utf8_decode(s + j, len - j, &cp);
        unsigned c = ent_char_class(cp);
        if (c & (ENT_CH_LETTER | ENT_CH_DIGIT | ENT_CH_MARK)) {
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
            } else if (c & ENT_CH_DIGIT) {
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
        if (cp == '/') {
            w.has_slash = true;
        }
        if (cp != '.' && cp != ',') {
            w.only_digits = false;
        } else if (!(prev_class & ENT_CH_DIGIT)) {
            w.only_digits = false;
        }
        w.has_joiner = true;
        j += step;
        w.part_start = j;
        w.part_upper = true;
        part_first = true;
        prev_class = 0;
    }
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

int ent_tokenize(const char *s, size_t len, struct ent_tokens *t)
{
    t->n = 0;
    t->keys_len = 0;
    t->annotated = false;
    bool sentence_start = true;
    bool space_before = true;
    size_t i = 0;
    while (i < len) {
        uint32_t cp;
        size_t step = ent_utf8_decode(s + i, len - i, &cp);
        if (is_space(cp)) {
            space_before = true;
            i += step;
            continue;
        }
        if (t->n == t->cap && grow_tokens(t) != 0) {
            return ENRICH_ERR_NOMEM;
        }
        struct ent_token *tok = &t->v[t->n];
        unsigned c = ent_char_class(cp);
        size_t end;
        uint32_t flags;
        if (c & (ENT_CH_LETTER | ENT_CH_DIGIT | ENT_CH_MARK)) {
            end = scan_word(s, len, i, &flags);
            if (sentence_start) {
                flags |= ENT_TOK_SENT_START;
                sentence_start = false;
            }
        } else {
            end = i + step;
            flags = punct_flags(cp);
            if (flags & (ENT_TOK_STOP | ENT_TOK_BREAK | ENT_TOK_COLON)) {
                sentence_start = true;
            }
        }
        if (space_before) {
            flags |= ENT_TOK_SPACE_BEFORE;
        }
        tok->start = (uint32_t)i;
        tok->end = (uint32_t)end;
        tok->flags = flags;
        tok->first_roles = 0;
        tok->entry = NULL;
        int rc;
        if (flags & ENT_TOK_DASH) {
            rc = push_key(t, "-", 1, tok);
        } else {
            rc = push_key(t, s + i, end - i, tok);
        }
        if (rc != 0) {
            return rc;
        }
        t->n++;
        space_before = false;
        i = end;
    }
    return 0;
}

void ent_tokens_free(struct ent_tokens *t)
{
    free(t->v);
    free(t->keys);
    memset(t, 0, sizeof(*t));
}
