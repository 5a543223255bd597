/*
 * The entity extractor's tokenizer: cuts a segment into words and punctuation in one pass, and
 * folds each word as it reads it; the keys are hashed in a second pass (ent_tokenize(), or
 * gz_tokenize() which looks them up in the gazetteer at the same time).
 *
 * Most words of an article are ASCII letters and precomposed Vietnamese letters ending at a
 * space or a plain punctuation mark; the fast path reads those a byte at a time through
 * tables, writes the fold key as it goes and looks at a syllable again only when its tone may
 * sit elsewhere than the fold rule says. Any other word (joiners such as "TP.HCM" or "9.720",
 * combining marks, letters of other scripts, broken UTF-8) goes to the general reader
 * (enrich_entities_words.c), so both always agree. The gazetteer tokenizes its phrases with
 * this same function, so phrases and text always agree too.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "enrich_entities_internal.h"

/* What a byte is to the tokenizer's fast path; every byte >= 0x80 is T_HIGH. T_VOWEL is bit 0
 * so that the letter loop notes a letter's vowel bit with one shift and one or. */
enum {
    T_VOWEL = 1u << 0,
    T_LETTER = 1u << 1,
    T_UPPER = 1u << 2,
    T_DIGIT = 1u << 3,
    T_SPACE = 1u << 4,
    T_JOIN = 1u << 5, /* punctuation that may join two word characters: . , / - & ' */
    T_HIGH = 1u << 6,
};

#define L_ T_LETTER
#define LV (T_LETTER | T_VOWEL)
#define U_ (T_LETTER | T_UPPER)
#define UV (T_LETTER | T_UPPER | T_VOWEL)
#define H16                                                                                        \
    T_HIGH, T_HIGH, T_HIGH, T_HIGH, T_HIGH, T_HIGH, T_HIGH, T_HIGH, T_HIGH, T_HIGH, T_HIGH,        \
        T_HIGH, T_HIGH, T_HIGH, T_HIGH, T_HIGH
static const unsigned char byte_kind[256] = {
    ['\t'] = T_SPACE, ['\v'] = T_SPACE, ['\f'] = T_SPACE, ['\r'] = T_SPACE, [' '] = T_SPACE,
    ['.'] = T_JOIN,   [','] = T_JOIN,   ['/'] = T_JOIN,   ['-'] = T_JOIN,   ['&'] = T_JOIN,
    ['\''] = T_JOIN,  ['0'] = T_DIGIT,  ['1'] = T_DIGIT,  ['2'] = T_DIGIT,  ['3'] = T_DIGIT,
    ['4'] = T_DIGIT,  ['5'] = T_DIGIT,  ['6'] = T_DIGIT,  ['7'] = T_DIGIT,  ['8'] = T_DIGIT,
    ['9'] = T_DIGIT,  ['a'] = LV,       ['b'] = L_,       ['c'] = L_,       ['d'] = L_,
    ['e'] = LV,       ['f'] = L_,       ['g'] = L_,       ['h'] = L_,       ['i'] = LV,
    ['j'] = L_,       ['k'] = L_,       ['l'] = L_,       ['m'] = L_,       ['n'] = L_,
    ['o'] = LV,       ['p'] = L_,       ['q'] = L_,       ['r'] = L_,       ['s'] = L_,
    ['t'] = L_,       ['u'] = LV,       ['v'] = L_,       ['w'] = L_,       ['x'] = L_,
    ['y'] = LV,       ['z'] = L_,       ['A'] = UV,       ['B'] = U_,       ['C'] = U_,
    ['D'] = U_,       ['E'] = UV,       ['F'] = U_,       ['G'] = U_,       ['H'] = U_,
    ['I'] = UV,       ['J'] = U_,       ['K'] = U_,       ['L'] = U_,       ['M'] = U_,
    ['N'] = U_,       ['O'] = UV,       ['P'] = U_,       ['Q'] = U_,       ['R'] = U_,
    ['S'] = U_,       ['T'] = U_,       ['U'] = UV,       ['V'] = U_,       ['W'] = U_,
    ['X'] = U_,       ['Y'] = UV,       ['Z'] = U_,       [0x80] = H16,     [0x90] = H16,
    [0xA0] = H16,     [0xB0] = H16,     [0xC0] = H16,     [0xD0] = H16,     [0xE0] = H16,
    [0xF0] = H16,
};
#undef L_
#undef LV
#undef U_
#undef UV
#undef H16

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

/* Whether the byte at p may continue a word after a joiner: a letter or digit, or any
 * non-ASCII byte (left to the general reader to decide). */
static inline bool word_byte(const unsigned char *p, const unsigned char *end)
{
    return p < end && (byte_kind[*p] & (T_LETTER | T_DIGIT | T_HIGH));
}

/* Whether the letter at p (ASCII, or what ent_fold_viet_letter() reads) is uppercase; sets
 * *step to its length, 0 when p holds no letter. */
static inline bool upper_at(const unsigned char *p, const unsigned char *end, size_t *step)
{
    unsigned code;
    if (byte_kind[*p] & T_LETTER) {
        *step = 1;
        return (byte_kind[*p] & T_UPPER) != 0;
    }
    *step = *p >= 0x80 ? ent_fold_viet_letter(p, (size_t)(end - p), &code) : 0;
    return *step != 0 && (code & 0x80) != 0;
}

/* The ENT_TOK_* flags of the fast word [p, end); cap tells whether it starts with an uppercase
 * letter. The word is read again only when it is capitalized or holds digits: most words are
 * neither. */
static uint32_t word_flags(const unsigned char *p, const unsigned char *end, bool cap, bool digits)
{
    uint32_t f = ENT_TOK_WORD | (digits ? ENT_TOK_DIGIT : ENT_TOK_LETTERS);
    if (!cap && !digits) {
        return f;
    }
    unsigned letters = 0, upper = 0;
    size_t step;
    const unsigned char *q = p;
    if (!digits) {
        /* Letters only, the first a capital: all capitals, or read only up to the first small
         * letter, which most capitalized words have second ("Việt"). */
        while (q < end) {
            if (!upper_at(q, end, &step)) {
                return f | ENT_TOK_CAP;
            }
            letters++;
            q += step;
        }
        return f | ENT_TOK_CAP | (letters >= 2 ? ENT_TOK_ALLCAPS : 0u);
    }
    while (q < end) {
        bool up = upper_at(q, end, &step);
        if (step == 0) {
            q++; /* a digit */
            continue;
        }
        if (letters == 0) {
            cap = up; /* "9A": the first letter, not the first character */
        }
        letters++;
        upper += up;
        q += step;
    }
    if (cap) {
        f |= ENT_TOK_CAP;
    }
    if (letters >= 2 && upper == letters) {
        f |= ENT_TOK_ALLCAPS;
    }
    if (digits && letters == 0) {
        f |= ENT_TOK_NUMBER;
    }
    return f;
}

/* Ends the syllable written at [syl, o) of the key that starts at out; returns its end. Its
 * tone can only move when it has one tone and two vowels or more, and only when the noted
 * shape says so is the syllable read again. */
static inline char *end_syllable(char *out, char *syl, char *o, uint32_t vowels, unsigned letters,
                                 uint32_t modified, unsigned toned, unsigned toned_at)
{
    if (toned != 1 || letters > ENT_FOLD_SYLLABLE_MAX || letters < 2 ||
        (vowels & (vowels - 1) & ((1u << letters) - 1u)) == 0 ||
        ent_fold_tone_settled(vowels, letters, modified, toned_at, (unsigned char)*syl)) {
        return o;
    }
    return out + ent_fold_fix_syllable(out, (size_t)(syl - out), (size_t)(o - out));
}

/*
 * The fast path: the word at p when it is made only of ASCII letters and digits and
 * precomposed Vietnamese letters, and ends at a character that cannot join it to the next.
 * Writes the key like ent_scan_word() (without its NUL) and returns the word's end with *out
 * moved past the key and *cap, *digits set; or NULL when the word needs the general reader;
 * or p itself when no word starts there (a character that is neither letter, digit nor mark).
 *
 * A syllable (the letters between digits) is written as it is read, and its shape noted on
 * the way (end_syllable() decides from that whether its tone moves).
 */
static inline const unsigned char *fast_word(const unsigned char *p, const unsigned char *end,
                                             unsigned first_kind, char **out, bool *cap,
                                             bool *digits)
{
    const unsigned char *start = p;
    char *o = *out, *syl = o;
    /* The syllable that starts at syl, noted for ent_fold_tone_settled(). */
    uint32_t vowels = 1, modified = 0;
    unsigned letters = 0, toned = 0, toned_at = 0;
    *cap = (first_kind & T_UPPER) != 0;
    while (p < end) {
        unsigned b = *p, kind = byte_kind[b];
        /* The common case: an ASCII letter, one byte in, one byte out. Vietnamese words are
         * short and mix them with the letters below, so one loop reads both. */
        if (kind & T_LETTER) {
            *o++ = (char)(b | 0x20);
            vowels = vowels * 2 + (kind & T_VOWEL);
            letters++;
            p++;
            continue;
        }
        if (kind & T_HIGH) {
            unsigned code;
            size_t step = ent_fold_viet_letter(p, (size_t)(end - p), &code);
            if (step != 0) {
                if (p == start) {
                    *cap = (code & 0x80) != 0;
                }
                const unsigned char *u = ent_fold_code_utf8[code & 0x7F];
                unsigned info = u[0];
                memcpy(o, u + 1, 3);
                o += info & ENT_FOLD_LEN;
                vowels = (vowels << 1) | ((info / ENT_FOLD_VOWEL) & 1u);
                if (info & ENT_FOLD_TONED) {
                    toned++;
                    toned_at = letters;
                }
                if (info & ENT_FOLD_MODIFIED) {
                    modified |= 1u << (letters & 31);
                }
                letters++;
                p += step;
                continue;
            }
            uint32_t cp;
            step = ent_utf8_decode((const char *)p, (size_t)(end - p), &cp);
            if (ent_char_class(cp) != 0 ||
                (cp == 0x2019 && p != start && word_byte(p + step, end))) {
                return NULL;
            }
            break;
        }
        if (kind & T_DIGIT) {
            o = end_syllable(*out, syl, o, vowels, letters, modified, toned, toned_at);
            vowels = 1;
            modified = 0;
            letters = toned = 0;
            *o++ = (char)*p++;
            syl = o;
            *digits = true;
            continue;
        }
        if ((kind & T_JOIN) && word_byte(p + 1, end)) {
            return NULL;
        }
        break;
    }
    *out = end_syllable(*out, syl, o, vowels, letters, modified, toned, toned_at);
    return p;
}

/* Sizes the buffers for a segment of len bytes: words average five bytes or more, so one
 * allocation of tokens usually serves; a key takes at most 4 bytes per input byte (an invalid
 * byte becomes U+FFFD, 3 bytes, and a token's NUL needs one), and KEY_SLACK more bytes let
 * the last key be read eight bytes at a time (ENT_KEY_PAD). */
#define KEY_SLACK 16
int ent_tokens_reserve(struct ent_tokens *t, size_t len)
{
    /* Nothing is kept: a segment is tokenized afresh, so no copy as realloc() would make. */
    size_t tokens = len / 4 + 64, keys = len * 4 + KEY_SLACK;
    if (t->cap < tokens) {
        free(t->v);
        t->v = malloc(tokens * sizeof(*t->v));
        t->cap = t->v != NULL ? tokens : 0;
        if (t->v == NULL) {
            return ENRICH_ERR_NOMEM;
        }
    }
    if (t->keys_cap < keys) {
        free(t->keys);
        t->keys = malloc(keys);
        t->keys_cap = t->keys != NULL ? keys : 0;
        if (t->keys == NULL) {
            return ENRICH_ERR_NOMEM;
        }
    }
    return 0;
}

/*
 * The tokens the fast path leaves (enrich_entities_tokens.c's main loop reads only the common
 * words): a word for the general reader (general), a punctuation mark or a non-ASCII space.
 * Writes tok's key_len and flags, without ENT_TOK_SENT_START and ENT_TOK_SPACE_BEFORE, and the
 * key at key; flags 0 means a space. Returns the token's end. Kept out of line, and writing
 * into the token rather than into the caller's variables, so that the main loop keeps its own
 * in registers.
 */
static __attribute__((noinline)) const unsigned char *
slow_token(const char *text, size_t len, const unsigned char *p, bool general, char *key,
           struct ent_token *tok, const struct ent_token *prev)
{
    const unsigned char *s = (const unsigned char *)text, *end = s + len;
    if (general) {
        size_t key_len;
        uint32_t flags;
        const unsigned char *stop =
            s + ent_scan_word(text, len, (size_t)(p - s), key, &key_len, &flags);
        tok->key_len = (uint32_t)key_len;
        tok->flags = flags;
        return stop;
    }
    uint32_t cp = *p;
    size_t step = 1;
    if (*p >= 0x80) {
        step = ent_utf8_decode((const char *)p, (size_t)(end - p), &cp);
        if (is_space(cp)) {
            tok->flags = 0;
            return p + step;
        }
    }
    uint32_t flags = punct_flags(cp);
    if ((cp == '\'' || cp == 0x2019) && prev != NULL && prev->end == (uint32_t)(p - s) &&
        (prev->flags & ENT_TOK_WORD)) {
        size_t possessive = ent_possessive_len(text, len, (size_t)(p - s));
        if (possessive != 0) {
            /* "China's": one token that no name reads through, and no closing quote. */
            step = possessive;
            flags = ENT_TOK_OTHER;
        }
    }
    /* Punctuation is its own key; every dash is "-". */
    size_t key_len = (flags & ENT_TOK_DASH) ? 1 : step;
    for (size_t k = 0; k < key_len; k++) {
        key[k] = (flags & ENT_TOK_DASH) ? '-' : (char)p[k];
    }
    key[key_len] = '\0';
    tok->key_len = (uint32_t)key_len;
    tok->flags = flags;
    return p + step;
}

int ent_tokenize_unhashed(const char *text, size_t len, struct ent_tokens *t)
{
    t->n = 0;
    t->keys_len = 0;
    t->annotated = false;
    if (ent_tokens_reserve(t, len) != 0) {
        return ENRICH_ERR_NOMEM;
    }
    const unsigned char *s = (const unsigned char *)text, *p = s, *end = s + len;
    char *keys = t->keys, *key = keys; /* where the next key goes */
    /* The next token and the end of the array: two pointers rather than an array, a count and
     * a capacity, so that the loop keeps them in registers. */
    struct ent_token *tok = t->v, *tok_end = t->v + t->cap;
    /* ENT_TOK_SPACE_BEFORE for the next token, ENT_TOK_SENT_START for the next word: one
     * variable, so that the loop keeps it in a register. */
    uint32_t pending = ENT_TOK_SPACE_BEFORE | ENT_TOK_SENT_START;
    size_t first_quote = SIZE_MAX;
    while (p < end) {
        unsigned kind = byte_kind[*p];
        if (kind & T_SPACE) {
            pending |= ENT_TOK_SPACE_BEFORE;
            p++;
            continue;
        }
        if (tok == tok_end) {
            size_t n = (size_t)(tok - t->v);
            t->n = n;
            if (grow_tokens(t) != 0) {
                return ENRICH_ERR_NOMEM;
            }
            tok = t->v + n;
            tok_end = t->v + t->cap;
        }
        /* Stored apart from the other fields, which the compiler would otherwise gather into
         * one vector store at a cost of more instructions than it saves. */
        tok->start = (uint32_t)(p - s);
        tok->key = (uint32_t)(key - keys);
        const unsigned char *stop = p;
        uint32_t flags;
        size_t key_len;
        if (kind & (T_LETTER | T_DIGIT | T_HIGH)) {
            bool upper, digits = false;
            char *o = key;
            stop = fast_word(p, end, kind, &o, &upper, &digits);
            if (stop != NULL && stop != p) {
                key_len = (size_t)(o - key);
                *o = '\0';
                flags = word_flags(p, stop, upper, digits) | pending;
                pending = 0;
                goto store;
            }
        }
        if (stop == p && *p < 0x80 && *p != '\'') {
            /* ASCII punctuation, its own key ("-" too); "'" may open a possessive. */
            flags = punct_flags(*p);
            key[0] = (char)*p;
            key[1] = '\0';
            key_len = 1;
            stop = p + 1;
        } else {
            stop = slow_token(text, len, p, stop == NULL, key, tok, tok > t->v ? tok - 1 : NULL);
            flags = tok->flags;
            if (flags == 0) {
                pending |= ENT_TOK_SPACE_BEFORE;
                p = stop;
                continue;
            }
            key_len = tok->key_len;
        }
        if (flags & ENT_TOK_WORD) {
            flags |= pending;
            pending = 0;
        } else {
            flags |= pending & ENT_TOK_SPACE_BEFORE;
            pending &= ENT_TOK_SENT_START;
            if (flags & (ENT_TOK_STOP | ENT_TOK_BREAK | ENT_TOK_COLON)) {
                pending = ENT_TOK_SENT_START;
            }
            if ((flags & (ENT_TOK_QUOTE_OPEN | ENT_TOK_QUOTE)) && first_quote == SIZE_MAX) {
                first_quote = (size_t)(tok - t->v);
            }
        }
    store:
        /* entry, chain, first_roles and phrase_roles are gz_annotate()'s: nothing reads them
         * before. */
        tok->end = (uint32_t)(stop - s);
        tok->key_len = (uint32_t)key_len;
        tok->flags = flags;
        key += key_len + 1;
        tok++;
        p = stop;
        /* The space after a token, which is most often there, is taken with it rather than by
         * a turn of the loop of its own. */
        if (p < end && *p == ' ') {
            pending |= ENT_TOK_SPACE_BEFORE;
            p++;
        }
    }
    t->n = (size_t)(tok - t->v);
    t->keys_len = (size_t)(key - keys);
    t->first_quote = first_quote == SIZE_MAX ? t->n : first_quote;
    return 0;
}

int ent_tokenize(const char *text, size_t len, struct ent_tokens *t)
{
    int rc = ent_tokenize_unhashed(text, len, t);
    /* Hashed in a pass of their own: loading a key right after writing it a byte at a time
     * stalls on store forwarding, by now the keys are plain cached memory. */
    for (size_t i = 0; rc == 0 && i < t->n; i++) {
        t->v[i].hash = ent_hash_in_keys(t->keys + t->v[i].key, t->v[i].key_len);
        t->v[i].first_roles = 0;
        t->v[i].phrase_roles = 0;
        t->v[i].entry = 0;
        t->v[i].chain = 0;
    }
    return rc;
}

void ent_tokens_free(struct ent_tokens *t)
{
    free(t->v);
    free(t->keys);
    if (t->chains != NULL) {
        free(t->chains->v);
        free(t->chains);
    }
    memset(t, 0, sizeof(*t));
}
