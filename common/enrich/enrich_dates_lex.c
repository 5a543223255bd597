/*
 * Small lexer helpers for the date and figure scanners: UTF-8 decoding, word boundaries and
 * case-insensitive matching of cue words. They read only inside [0, len) and never allocate.
 */
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "enrich_dates_internal.h"
#include "enrich_simd.h"
#include "enrich_utf8.h"

const unsigned char enrich_lex_ascii_word[256] = {
    ['0'] = 1, ['1'] = 1, ['2'] = 1, ['3'] = 1, ['4'] = 1, ['5'] = 1, ['6'] = 1, ['7'] = 1,
    ['8'] = 1, ['9'] = 1, ['A'] = 1, ['B'] = 1, ['C'] = 1, ['D'] = 1, ['E'] = 1, ['F'] = 1,
    ['G'] = 1, ['H'] = 1, ['I'] = 1, ['J'] = 1, ['K'] = 1, ['L'] = 1, ['M'] = 1, ['N'] = 1,
    ['O'] = 1, ['P'] = 1, ['Q'] = 1, ['R'] = 1, ['S'] = 1, ['T'] = 1, ['U'] = 1, ['V'] = 1,
    ['W'] = 1, ['X'] = 1, ['Y'] = 1, ['Z'] = 1, ['a'] = 1, ['b'] = 1, ['c'] = 1, ['d'] = 1,
    ['e'] = 1, ['f'] = 1, ['g'] = 1, ['h'] = 1, ['i'] = 1, ['j'] = 1, ['k'] = 1, ['l'] = 1,
    ['m'] = 1, ['n'] = 1, ['o'] = 1, ['p'] = 1, ['q'] = 1, ['r'] = 1, ['s'] = 1, ['t'] = 1,
    ['u'] = 1, ['v'] = 1, ['w'] = 1, ['x'] = 1, ['y'] = 1, ['z'] = 1};

uint32_t enrich_lex_decode(const char *s, size_t len, size_t pos, size_t *n)
{
    const unsigned char *u = (const unsigned char *)s + pos;
    size_t left = len - pos;
    uint32_t c = u[0];
    if (c < 0x80) {
        *n = 1;
        return c;
    }
    size_t need;
    uint32_t cp, min;
    if (c >= 0xC2 && c <= 0xDF) {
        need = 2;
        cp = c & 0x1F;
        min = 0x80;
    } else if (c >= 0xE0 && c <= 0xEF) {
        need = 3;
        cp = c & 0x0F;
        min = 0x800;
    } else if (c >= 0xF0 && c <= 0xF4) {
        need = 4;
        cp = c & 0x07;
        min = 0x10000;
    } else {
        *n = 1;
        return 0xFFFD;
    }
    if (left < need) {
        *n = 1;
        return 0xFFFD;
    }
    for (size_t i = 1; i < need; i++) {
        if ((u[i] & 0xC0) != 0x80) {
            *n = 1;
            return 0xFFFD;
        }
        cp = (cp << 6) | (u[i] & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
        *n = 1;
        return 0xFFFD;
    }
    *n = need;
    return cp;
}

bool enrich_lex_is_word_cp(uint32_t cp)
{
    if (cp < 0x80) {
        return enrich_lex_ascii_word[cp] != 0;
    }
    /* Fast paths for the Vietnamese alphabet: Latin-1 letters, Latin Extended-A/B and the
     * Latin Extended Additional block that holds the precomposed tone-marked vowels. */
    if (cp >= 0xC0 && cp <= 0x24F) {
        return cp != 0xD7 && cp != 0xF7;
    }
    if (cp >= 0x1E00 && cp <= 0x1EFF) {
        return true;
    }
    if (cp >= 0x2000 && cp <= 0x2BFF) {
        return false; /* punctuation, currency, symbols, arrows */
    }
    utf8proc_category_t cat = utf8proc_category((utf8proc_int32_t)cp);
    switch (cat) {
    case UTF8PROC_CATEGORY_LU:
    case UTF8PROC_CATEGORY_LL:
    case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM:
    case UTF8PROC_CATEGORY_LO:
    case UTF8PROC_CATEGORY_MN:
    case UTF8PROC_CATEGORY_MC:
    case UTF8PROC_CATEGORY_ME:
    case UTF8PROC_CATEGORY_ND:
        return true;
    default:
        return false;
    }
}

bool enrich_lex_word_at(const char *s, size_t len, size_t pos)
{
    if (pos >= len) {
        return false;
    }
    unsigned char c = (unsigned char)s[pos];
    if (c < 0x80) {
        return enrich_lex_ascii_word[c] != 0;
    }
    size_t n;
    return enrich_lex_is_word_cp(enrich_lex_decode(s, len, pos, &n));
}

bool enrich_lex_word_before(const char *s, size_t pos)
{
    if (pos == 0) {
        return false;
    }
    unsigned char c = (unsigned char)s[pos - 1];
    if (c < 0x80) {
        return enrich_lex_ascii_word[c] != 0;
    }
    size_t start = enrich_lex_char_start(s, pos);
    size_t n;
    uint32_t cp = enrich_lex_decode(s, pos, start, &n);
    return start + n == pos && enrich_lex_is_word_cp(cp);
}

size_t enrich_lex_spaces(const char *s, size_t len, size_t pos)
{
    while (pos < len && s[pos] == ' ') {
        pos++;
    }
    return pos;
}

uint32_t enrich_lex_lower_cp(uint32_t cp)
{
    return cp > 0x10FFFF ? cp : (uint32_t)enrich_utf8_tolower((int32_t)cp);
}

/* enrich_lex_match() once the first character may match: out of line, so that the calls the
 * first character turns down (most of them: the scanners try every pattern that may start at a
 * word) do not pay for the registers this loop needs. */
static __attribute__((noinline)) size_t match_from(const char *s, size_t len, size_t pos,
                                                   const char *pat)
{
    size_t i = 0;
    while (pat[i] != '\0') {
        if (pos >= len) {
            return 0;
        }
        unsigned char pc = (unsigned char)pat[i];
        unsigned char tc = (unsigned char)s[pos];
        if (pc < 0x80) {
            if (tc != pc && !(tc >= 'A' && tc <= 'Z' && tc + 32 == pc)) {
                return 0;
            }
            i++;
            pos++;
            continue;
        }
        /* Same bytes: the common case, no decoding. Compared inline: a call to memcmp for two
         * or three bytes costs more than the comparison. */
        size_t n = pc >= 0xF0 ? 4 : (pc >= 0xE0 ? 3 : 2);
        if (pos + n <= len) {
            size_t k = 0;
            while (k < n && s[pos + k] == pat[i + k]) {
                k++;
            }
            if (k == n) {
                i += n;
                pos += n;
                continue;
            }
        }
        if (tc < 0x80) {
            return 0;
        }
        /* A capital of the blocks enrich_lex_fold lowercases from the bytes: its small letter
         * is known without decoding, and the pattern's letter must be that one. */
        unsigned char t1 = pos + 1 < len ? (unsigned char)s[pos + 1] : 0;
        if ((tc == 0xC3 || (tc == 0xC4 && t1 <= 0xAF) ||
             (tc == 0xC5 && t1 >= 0xA8 && t1 <= 0xB7)) &&
            (t1 & 0xC0) == 0x80) {
            unsigned char l1 = tc != 0xC3 ? t1 | 1 : t1 <= 0x9E && t1 != 0x97 ? t1 + 0x20 : t1;
            if (n != 2 || pc != tc || (unsigned char)pat[i + 1] != l1) {
                return 0;
            }
            i += 2;
            pos += 2;
            continue;
        }
        unsigned char t2 = pos + 2 < len ? (unsigned char)s[pos + 2] : 0;
        if (tc == 0xE1 && (t1 == 0xBB || (t1 == 0xBA && t2 >= 0xA0)) && (t2 & 0xC0) == 0x80) {
            if (n != 3 || pc != tc || (unsigned char)pat[i + 1] != t1 ||
                (unsigned char)pat[i + 2] != (t2 | 1)) {
                return 0;
            }
            i += 3;
            pos += 3;
            continue;
        }
        size_t pn, tn;
        uint32_t pcp = enrich_lex_decode(pat, i + 4, i, &pn);
        uint32_t tcp = enrich_lex_decode(s, len, pos, &tn);
        if (tcp != pcp && enrich_lex_lower_cp(tcp) != pcp) {
            return 0;
        }
        i += pn;
        pos += tn;
    }
    if (pos < len && (unsigned char)s[pos] < 0x80) {
        unsigned char c = (unsigned char)s[pos];
        bool word = enrich_lex_ascii_word[c] != 0;
        return word ? 0 : pos;
    }
    if (enrich_lex_word_at(s, len, pos)) {
        return 0;
    }
    return pos;
}

size_t enrich_lex_match(const char *s, size_t len, size_t pos, const char *pat)
{
    /* What match_from() decides first, up to the pattern's first non-ASCII character: an ASCII
     * byte of the pattern matches only itself or its capital, one byte each, and any other byte
     * never an ASCII one. The loop then goes on from where this stopped. */
    size_t i = 0;
    for (;;) {
        unsigned char pc = (unsigned char)pat[i];
        if (pc == '\0') {
            break;
        }
        if (pos + i >= len) {
            return 0;
        }
        unsigned char tc = (unsigned char)s[pos + i];
        if (pc >= 0x80) {
            if (tc < 0x80) {
                return 0;
            }
            break;
        }
        if (tc != pc && !(tc >= 'A' && tc <= 'Z' && tc + 32 == pc)) {
            return 0;
        }
        i++;
    }
    return match_from(s, len, pos + i, pat + i);
}

size_t enrich_lex_match_any(const char *s, size_t len, size_t pos, const char *const *pats,
                            int *which)
{
    size_t best = 0;
    /* The first byte settles most entries without a call: an ASCII byte of a pattern matches
     * only itself or its capital, any other byte only a non-ASCII character (and nothing
     * matches past the end). */
    unsigned char tc = pos < len ? (unsigned char)s[pos] : 0;
    unsigned char lc = tc >= 'A' && tc <= 'Z' ? (unsigned char)(tc + 32) : tc;
    for (int i = 0; pats[i] != NULL; i++) {
        unsigned char pc = (unsigned char)pats[i][0];
        if (pc != 0 && (pc < 0x80 ? pc != lc : tc < 0x80)) {
            continue;
        }
        size_t end = enrich_lex_match(s, len, pos, pats[i]);
        if (end > best) {
            best = end;
            if (which != NULL) {
                *which = i;
            }
        }
    }
    return best;
}

size_t enrich_lex_dash(const char *s, size_t len, size_t pos)
{
    if (pos < len && s[pos] == '-') {
        return 1;
    }
    if (pos + 2 < len && (unsigned char)s[pos] == 0xE2 && (unsigned char)s[pos + 1] == 0x80 &&
        ((unsigned char)s[pos + 2] == 0x93 || (unsigned char)s[pos + 2] == 0x94)) {
        return 3;
    }
    return 0;
}

size_t enrich_lex_next_digit(const char *s, size_t len, size_t pos)
{
#if defined(__SSE2__)
    while (pos + 16 <= len) {
        __m128i x = _mm_loadu_si128((const __m128i *)(const void *)(s + pos));
        unsigned digits = enrich_simd_in_range(x, '0', 9);
        if (digits != 0) {
            return pos + (size_t)__builtin_ctz(digits);
        }
        pos += 16;
    }
#elif defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    const uint64_t ones = 0x0101010101010101ull, highs = 0x8080808080808080ull;
    while (pos + 8 <= len) {
        uint64_t x;
        memcpy(&x, s + pos, 8);
        /* Per byte, without carries between bytes (each is at most 0x7F + 0x50): the high bit
         * of a says >= '0', of b says > '9'; bytes >= 0x80 are excluded by ~x. */
        uint64_t t = x & ~highs;
        uint64_t a = t + (0x80 - '0') * ones;
        uint64_t b = t + (0x80 - '9' - 1) * ones;
        uint64_t digits = a & ~b & ~x & highs;
        if (digits != 0) {
            return pos + (size_t)(__builtin_ctzll(digits) / 8);
        }
        pos += 8;
    }
#endif
    while (pos < len && (s[pos] < '0' || s[pos] > '9')) {
        pos++;
    }
    return pos;
}

int enrich_lex_digits(const char *s, size_t len, size_t pos, int *val)
{
    int n = 0;
    long v = 0;
    while (pos < len && s[pos] >= '0' && s[pos] <= '9') {
        if (v < 100000000L) {
            v = v * 10 + (s[pos] - '0');
        } else {
            v = 999999999L;
        }
        n++;
        pos++;
    }
    *val = (int)v;
    return n;
}

bool enrich_lex_upper_at(const char *s, size_t len, size_t pos)
{
    if (pos >= len) {
        return false;
    }
    unsigned char c = (unsigned char)s[pos];
    if (c < 0x80) {
        return c >= 'A' && c <= 'Z';
    }
    size_t n;
    uint32_t cp = enrich_lex_decode(s, len, pos, &n);
    return utf8proc_category((utf8proc_int32_t)cp) == UTF8PROC_CATEGORY_LU;
}

/* The answer of enrich_lex_prev_word() for the word [p, e). */
static inline bool prev_word_found(size_t p, size_t e, size_t *start, size_t *end)
{
    if (p == e) {
        return false;
    }
    *start = p;
    *end = e;
    return true;
}

/* enrich_lex_prev_word() from p on, for a word [?, e) with a character that only
 * enrich_lex_word_before() decides: out of line, so that the common words need no frame. */
static __attribute__((noinline)) bool prev_word_from(const char *s, size_t p, size_t e,
                                                     size_t *start, size_t *end)
{
    size_t n;
    while ((n = enrich_lex_word_len_before(s, p)) != 0) {
        p -= n;
    }
    return prev_word_found(p, e, start, end);
}

bool enrich_lex_prev_word(const char *s, size_t pos, size_t *start, size_t *end)
{
    size_t p = pos;
    while (p > 0 && s[p - 1] == ' ') {
        p--;
    }
    size_t e = p, n;
    /* Back by each character's length as the test finds it, rather than by looking for its
     * lead byte again. */
    while ((n = enrich_lex_word_len_known(s, p)) != 0) {
        if (n == ENRICH_LEX_UNDECIDED) {
            return prev_word_from(s, p, e, start, end);
        }
        p -= n;
    }
    return prev_word_found(p, e, start, end);
}

/* What fold_known() returns when buf has no room for the character and a NUL after it. */
#define FOLD_FULL ((size_t)-1)

/*
 * Folds the character at s[p] (p < end) when its small letter is known from its bytes: ASCII,
 * and the letters of Vietnamese whose small letter differs in the last byte only, À..Þ (C3
 * 80..9E but ×), Ā..į (C4 80..AF), Ũ..ŷ (C5 A8..B7) and Ạ..ỿ (E1 BA A0..E1 BB BF), small letters
 * there being themselves. Writes it at buf + *o, moves *o past it and returns its length; 0 when
 * the character must be decoded; FOLD_FULL when buf has no room.
 */
static inline size_t fold_known(const char *s, size_t p, size_t end, char *buf, size_t *o,
                                size_t cap)
{
    unsigned char c = (unsigned char)s[p];
    if (c < 0x80) {
        if (*o + 2 > cap) {
            return FOLD_FULL;
        }
        buf[(*o)++] = (char)((c >= 'A' && c <= 'Z') ? c + 32 : c);
        return 1;
    }
    unsigned char c1 = p + 1 < end ? (unsigned char)s[p + 1] : 0;
    if ((c == 0xC3 || (c == 0xC4 && c1 <= 0xAF) || (c == 0xC5 && c1 >= 0xA8 && c1 <= 0xB7)) &&
        (c1 & 0xC0) == 0x80) {
        if (*o + 3 > cap) {
            return FOLD_FULL;
        }
        buf[(*o)++] = (char)c;
        buf[(*o)++] = (char)(c != 0xC3 ? c1 | 1 : c1 <= 0x9E && c1 != 0x97 ? c1 + 0x20 : c1);
        return 2;
    }
    if (c == 0xE1 &&
        (c1 == 0xBB || (c1 == 0xBA && p + 2 < end && (unsigned char)s[p + 2] >= 0xA0)) &&
        p + 2 < end && ((unsigned char)s[p + 2] & 0xC0) == 0x80) {
        if (*o + 4 > cap) {
            return FOLD_FULL;
        }
        buf[(*o)++] = (char)c;
        buf[(*o)++] = (char)c1;
        buf[(*o)++] = (char)((unsigned char)s[p + 2] | 1);
        return 3;
    }
    return 0;
}

/* The end of enrich_lex_fold(): the NUL after the o bytes written, room permitting. */
static inline size_t fold_end(char *buf, size_t o, size_t cap)
{
    if (o + 1 > cap) {
        return 0;
    }
    buf[o] = '\0';
    return o;
}

/* enrich_lex_fold() from s[p] on, o bytes written, for a word that holds a character to be
 * decoded: out of line, with the registers and the frame the decoding needs. */
static __attribute__((noinline)) size_t fold_from(const char *s, size_t p, size_t end, char *buf,
                                                  size_t cap, size_t o)
{
    while (p < end) {
        size_t known = fold_known(s, p, end, buf, &o, cap);
        if (known == FOLD_FULL) {
            return 0;
        }
        if (known != 0) {
            p += known;
            continue;
        }
        size_t n;
        uint32_t orig = enrich_lex_decode(s, end, p, &n);
        uint32_t cp = enrich_lex_lower_cp(orig);
        if (cp == orig) {
            if (o + n + 1 > cap) {
                return 0;
            }
            memcpy(buf + o, s + p, n);
            o += n;
            p += n;
            continue;
        }
        p += n;
        utf8proc_uint8_t tmp[4];
        utf8proc_ssize_t w = utf8proc_encode_char((utf8proc_int32_t)cp, tmp);
        if (w <= 0 || o + (size_t)w + 1 > cap) {
            return 0;
        }
        memcpy(buf + o, tmp, (size_t)w);
        o += (size_t)w;
    }
    return fold_end(buf, o, cap);
}

size_t enrich_lex_fold(const char *s, size_t start, size_t end, char *buf, size_t cap)
{
    /* Most words fold from their bytes alone, in a loop that needs no stack frame; a word with
     * a character to decode goes on in fold_from(). */
    size_t o = 0;
    for (size_t p = start; p < end;) {
        size_t known = fold_known(s, p, end, buf, &o, cap);
        if (known == 0) {
            return fold_from(s, p, end, buf, cap, o);
        }
        if (known == FOLD_FULL) {
            return 0;
        }
        p += known;
    }
    return fold_end(buf, o, cap);
}

size_t enrich_lex_prev_folded(const char *s, size_t pos, char *buf, size_t cap, size_t *start)
{
    size_t ws, we;
    if (!enrich_lex_prev_word(s, pos, &ws, &we)) {
        return 0;
    }
    if (start != NULL) {
        *start = ws;
    }
    return enrich_lex_fold(s, ws, we, buf, cap);
}

/* ---- Word lists as hash sets ----
 *
 * enrich_lex_in is asked about the same static lists for every figure and date (a list of
 * seventy words costs some 350 instructions to scan). The first call for a list builds an index
 * of it, an open-addressing table of its entries by hash, and keeps it for the life of the
 * process in a fixed table keyed by the list's address. Indexes are published with a
 * compare-and-swap, so threads that enrich in parallel never lock; two threads that build the
 * same index at once keep one and free the other. When memory or the table runs out, the list
 * is scanned as before. */

struct lex_index {
    const char *const *list;
    uint32_t first[8]; /* bit c: an entry begins with byte c; most keys are settled by it */
    uint32_t mask;     /* slots - 1; slots is a power of two, at least twice the entries */
    uint16_t slot[];   /* entry index + 1, or 0 when empty */
};

#define LEX_INDEXES 512 /* the lists number about sixty */

static _Atomic(struct lex_index *) lex_indexes[LEX_INDEXES];

static uint32_t lex_hash(const char *k)
{
    uint32_t h = 2166136261u; /* FNV-1a */
    for (; *k != '\0'; k++) {
        h = (h ^ (unsigned char)*k) * 16777619u;
    }
    return h;
}

/* Out of line: built once per list, and kept out of enrich_lex_in's registers. */
__attribute__((noinline)) static struct lex_index *lex_index_build(const char *const *list)
{
    size_t n = 0;
    while (list[n] != NULL) {
        n++;
    }
    size_t slots = 8;
    while (slots < 2 * n) {
        slots *= 2;
    }
    if (n >= UINT16_MAX || slots > UINT32_MAX) {
        return NULL;
    }
    struct lex_index *x = calloc(1, sizeof(*x) + slots * sizeof(x->slot[0]));
    if (x == NULL) {
        return NULL;
    }
    x->list = list;
    x->mask = (uint32_t)(slots - 1);
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)list[i][0];
        x->first[c >> 5] |= 1u << (c & 31);
        uint32_t h = lex_hash(list[i]) & x->mask;
        while (x->slot[h] != 0) {
            h = (h + 1) & x->mask;
        }
        x->slot[h] = (uint16_t)(i + 1);
    }
    return x;
}

/* Where list's index is looked for first. */
static size_t lex_index_home(const char *const *list)
{
    uint64_t a = (uint64_t)(uintptr_t)list;
    return (size_t)(((a >> 3) * 0x9E3779B97F4A7C15ull) >> 40) & (LEX_INDEXES - 1);
}

/* The index of list, built on first use; NULL when it cannot be had. Out of line: most calls
 * find their index where lex_index_home() says, and enrich_lex_in() looks there itself. */
static __attribute__((noinline)) const struct lex_index *lex_index_of(const char *const *list)
{
    size_t h = lex_index_home(list);
    for (size_t probe = 0; probe < LEX_INDEXES; probe++) {
        size_t k = (h + probe) & (LEX_INDEXES - 1);
        struct lex_index *x = atomic_load_explicit(&lex_indexes[k], memory_order_acquire);
        if (x == NULL) {
            struct lex_index *built = lex_index_build(list);
            if (built == NULL) {
                return NULL;
            }
            if (atomic_compare_exchange_strong_explicit(
                    &lex_indexes[k], &x, built, memory_order_acq_rel, memory_order_acquire)) {
                return built;
            }
            free(built); /* another thread filled the slot: x is its index */
        }
        if (x->list == list) {
            return x;
        }
    }
    return NULL;
}

/* Whether key is an entry of x's list. The keys are short words: compared inline rather than
 * by a call to strcmp(), so that this needs no registers kept across a call. */
static inline bool lex_index_has(const struct lex_index *x, const char *key)
{
    unsigned char c = (unsigned char)key[0];
    if (!(x->first[c >> 5] >> (c & 31) & 1)) {
        return false;
    }
    for (uint32_t h = lex_hash(key) & x->mask; x->slot[h] != 0; h = (h + 1) & x->mask) {
        const char *e = x->list[x->slot[h] - 1];
        size_t k = 0;
        while (e[k] == key[k] && e[k] != '\0') {
            k++;
        }
        if (e[k] == key[k]) {
            return true;
        }
    }
    return false;
}

/* enrich_lex_in() when the index is not where it is looked for first. */
static __attribute__((noinline)) bool lex_in_slow(const char *key, const char *const *list)
{
    const struct lex_index *x = lex_index_of(list);
    if (x != NULL) {
        return lex_index_has(x, key);
    }
    for (int i = 0; list[i] != NULL; i++) {
        if (strcmp(key, list[i]) == 0) {
            return true;
        }
    }
    return false;
}

bool enrich_lex_in(const char *key, const char *const *list)
{
    const struct lex_index *x =
        atomic_load_explicit(&lex_indexes[lex_index_home(list)], memory_order_acquire);
    if (x == NULL || x->list != list) {
        return lex_in_slow(key, list);
    }
    return lex_index_has(x, key);
}

bool enrich_lex_valid_utf8(const char *s, size_t len)
{
    size_t p = 0;
    while (p < len) {
        unsigned char c = (unsigned char)s[p];
        if (c < 0x80) {
            p++;
            continue;
        }
        /* Two- and three-byte forms that cannot be overlong or a surrogate: only their
         * continuation bytes need a look. */
        if (c >= 0xC2 && c <= 0xDF && p + 1 < len && ((unsigned char)s[p + 1] & 0xC0) == 0x80) {
            p += 2;
            continue;
        }
        if (((c >= 0xE1 && c <= 0xEC) || c >= 0xEE) && c <= 0xEF && p + 2 < len &&
            ((unsigned char)s[p + 1] & 0xC0) == 0x80 && ((unsigned char)s[p + 2] & 0xC0) == 0x80) {
            p += 3;
            continue;
        }
        size_t n;
        if (enrich_lex_decode(s, len, p, &n) == 0xFFFD && n == 1) {
            return false;
        }
        p += n;
    }
    return true;
}
