/*
 * NFC for the normalization pass (enrich_normalize.c): which code points composition may change,
 * and the composition of a text's words that hold one. The common case, a letter followed by
 * the marks of Vietnamese typed decomposed, is answered from a table; every other word goes
 * through utf8proc.
 */
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "enrich_internal.h"
#include "enrich_normalize_internal.h"
#include "enrich_simd.h"
#include "enrich_utf8.h"

/* Whether a code point at or above U+0300 can be changed by NFC, alone or with what precedes
 * it. Vietnamese letters (U+1E00..U+1EFF) and common punctuation are answered without a lookup. */
bool enrich_normalize_nfc_inert(int32_t cp)
{
    if ((cp >= 0x1E00 && cp <= 0x1EFF) || (cp >= 0x2010 && cp <= 0x2027) ||
        (cp >= 0x2030 && cp <= 0x205E)) {
        return true;
    }
    if (cp >= 0x1100 && cp <= 0x11FF) {
        return false; /* Hangul jamo compose algorithmically */
    }
    const utf8proc_property_t *pr = utf8proc_get_property(cp);
    if (pr->combining_class != 0) {
        return false;
    }
    if (pr->comb_index != UINT16_MAX && pr->comb_index >= 0x8000) {
        return false; /* second element of a composition pair */
    }
    if (pr->decomp_type == 0 && pr->decomp_seqindex != UINT16_MAX) {
        return false; /* canonical decomposition: may be a singleton or an exclusion */
    }
    return true;
}

/*
 * The common case of composition, answered from a table: a letter (ASCII, U+00C0..U+024F or
 * U+1EA0..U+1EFF) followed by one of the marks Vietnamese typed decomposed uses, the five
 * tones and the circumflex, breve and horn. pair_table holds what utf8proc composes each pair
 * into, taken from utf8proc itself the first time a letter is met (a row costs some thousands
 * of instructions; a text meets a few dozen letters); test_normalize compares the two over
 * every pair. Rows are published with a release store of pair_ready: threads that fill the
 * same row at once write the same values, as atomics, so no lock is needed.
 */
static const uint16_t pair_marks[] = {0x300, 0x301, 0x303, 0x309, 0x323, 0x302, 0x306, 0x31B};
#define PAIR_MARKS (sizeof pair_marks / sizeof pair_marks[0])
#define PAIR_BASES (0x80 + (0x250 - 0xC0) + (0x1F00 - 0x1EA0))
static _Atomic(uint16_t) pair_table[PAIR_BASES][PAIR_MARKS];
static _Atomic(uint8_t) pair_ready[PAIR_BASES];

/* The row of pair_table for base, or -1 when base is none of the table's letters. */
static inline int pair_base(int32_t cp)
{
    if (cp < 0x80) {
        return cp;
    }
    if (cp >= 0xC0 && cp < 0x250) {
        return 0x80 + (cp - 0xC0);
    }
    if (cp >= 0x1EA0 && cp < 0x1F00) {
        return 0x80 + (0x250 - 0xC0) + (cp - 0x1EA0);
    }
    return -1;
}

/* The column of pair_table for mark, or -1. */
static inline int pair_mark(int32_t cp)
{
    switch (cp) {
    case 0x300:
        return 0;
    case 0x301:
        return 1;
    case 0x303:
        return 2;
    case 0x309:
        return 3;
    case 0x323:
        return 4;
    case 0x302:
        return 5;
    case 0x306:
        return 6;
    case 0x31B:
        return 7;
    default:
        return -1;
    }
}

/* What utf8proc's NFC (the options of compose_word()) makes of the code points cps[0..n): one
 * code point, or 0 for anything else (more code points, or an error). */
static int32_t nfc_one(const utf8proc_int32_t *cps, size_t n)
{
    const utf8proc_option_t opts = UTF8PROC_STABLE | UTF8PROC_COMPOSE;
    utf8proc_uint8_t in[16];
    utf8proc_ssize_t len = 0;
    for (size_t k = 0; k < n; k++) {
        len += utf8proc_encode_char(cps[k], in + len);
    }
    utf8proc_int32_t buf[8];
    utf8proc_ssize_t got = utf8proc_decompose(in, len, buf, 8, opts);
    if (got < 0 || got > 8) {
        return 0;
    }
    got = utf8proc_normalize_utf32(buf, got, opts);
    return got == 1 ? buf[0] : 0;
}

/* What letter (whose row of pair_table is row) composes into with the mark of column m, 0 for
 * nothing; the row is filled on first use. */
static uint16_t pair_composed(int32_t letter, int row, int m)
{
    if (!atomic_load_explicit(&pair_ready[row], memory_order_acquire)) {
        /* Only a letter that NFC keeps as it is can start a pair read from the table. */
        bool stable = nfc_one(&letter, 1) == letter;
        for (size_t k = 0; k < PAIR_MARKS; k++) {
            utf8proc_int32_t pair[2] = {letter, pair_marks[k]};
            int32_t composed = stable ? nfc_one(pair, 2) : 0;
            atomic_store_explicit(&pair_table[row][k],
                                  composed > 0 && composed <= 0xFFFF ? (uint16_t)composed : 0,
                                  memory_order_relaxed);
        }
        atomic_store_explicit(&pair_ready[row], 1, memory_order_release);
    }
    return atomic_load_explicit(&pair_table[row][m], memory_order_relaxed);
}

/* The canonical combining class of pair_marks[m]: the horn 216, the dot below 220, the others
 * 230. NFC sorts a letter's marks by it before composing. */
static const uint8_t pair_class[PAIR_MARKS] = {230, 230, 230, 230, 220, 230, 230, 216};

/*
 * NFC of a letter and the marks that follow it (columns of pair_table, at most three), by the
 * rules of Unicode: the marks sorted by class (stably), then each composed in turn with the
 * letter so far. Returns the one code point it all becomes, or 0 as soon as a mark stays (it
 * could block the marks after it: the word then goes to utf8proc).
 */
static int32_t compose_marks(int32_t letter, int *marks, size_t n)
{
    for (size_t k = 1; k < n; k++) {
        for (size_t j = k; j > 0 && pair_class[marks[j - 1]] > pair_class[marks[j]]; j--) {
            int t = marks[j];
            marks[j] = marks[j - 1];
            marks[j - 1] = t;
        }
    }
    for (size_t k = 0; k < n; k++) {
        int row = pair_base(letter);
        uint16_t composed = row >= 0 ? pair_composed(letter, row, marks[k]) : 0;
        if (composed == 0) {
            return 0; /* the mark stays, and would block the ones after it */
        }
        letter = composed;
    }
    return letter;
}

/*
 * compose_word() for a word whose only code points that composition may change are marks of
 * pair_marks, at most three after a letter, that all compose with it: writes the word composed
 * to res and adds the marks merged to *count, as utf8proc would. Returns false, with res as it
 * was, for any other word (a mark that stays, after no letter, or any other code point NFC may
 * change), which goes to utf8proc.
 */
static bool compose_pairs(const char *w, size_t wl, struct enrich_buf *res, long *count)
{
    /* A letter and its marks are never shorter in bytes than what they compose into. */
    if (enrich_buf_reserve(res, wl) != 0) {
        return false;
    }
    const unsigned char *p = (const unsigned char *)w;
    char *out = res->data + res->len;
    size_t o = 0, i = 0, merged = 0;
    int32_t letter = -1; /* the code point written last, when marks may follow it */
    size_t letter_at = 0, n = 0;
    int marks[3];
    while (i <= wl) {
        size_t adv = 0;
        int32_t cp = i < wl ? enrich_utf8_decode(p + i, wl - i, &adv) : -1;
        int m = cp >= 0 ? pair_mark(cp) : -1;
        if (m >= 0) {
            if (letter < 0 || n == 3) {
                return false;
            }
            marks[n++] = m;
            i += adv;
            continue;
        }
        if (n > 0) {
            int32_t composed = compose_marks(letter, marks, n);
            if (composed == 0) {
                return false;
            }
            o = letter_at + enrich_utf8_encode(composed, out + letter_at);
            merged += n;
            n = 0;
        }
        if (i == wl) {
            break;
        }
        if (!(cp < 0x300 || (cp >= 0x1EA0 && cp < 0x1F00))) {
            return false;
        }
        letter = cp;
        letter_at = o;
        memcpy(out + o, p + i, adv);
        o += adv;
        i += adv;
    }
    res->len += o;
    res->data[res->len] = '\0';
    *count += (long)merged;
    return true;
}

/* NFC of one word appended to res; adds the code points it merged to *count. */
static int compose_word(const char *w, size_t wl, struct enrich_buf *res, long *count)
{
    if (compose_pairs(w, wl, res, count)) {
        return 0;
    }
    const utf8proc_option_t opts = UTF8PROC_STABLE | UTF8PROC_COMPOSE;
    utf8proc_int32_t local[128];
    utf8proc_int32_t *buf = local;
    utf8proc_ssize_t n =
        utf8proc_decompose((const utf8proc_uint8_t *)w, (utf8proc_ssize_t)wl, buf, 128, opts);
    if (n > 128) {
        buf = malloc((size_t)n * sizeof *buf);
        if (buf == NULL) {
            return ENRICH_ERR_NOMEM;
        }
        n = utf8proc_decompose((const utf8proc_uint8_t *)w, (utf8proc_ssize_t)wl, buf, n, opts);
    }
    /* The word is well-formed by construction; an error here can only be memory. */
    utf8proc_ssize_t bytes = n < 0 ? n : utf8proc_reencode(buf, n, opts);
    int rc = ENRICH_ERR_NOMEM;
    if (bytes >= 0) {
        const char *composed = (const char *)buf;
        size_t before = enrich_utf8_count(w, wl),
               after = enrich_utf8_count(composed, (size_t)bytes);
        if ((size_t)bytes != wl || memcmp(composed, w, wl) != 0) {
            *count += before > after ? (long)(before - after) : 1;
        }
        rc = enrich_buf_append(res, composed, (size_t)bytes);
    }
    if (buf != local) {
        free(buf);
    }
    return rc;
}

/* The first byte at or after s[i] (of n) that is 0xCC or above, n when there is none: the
 * bytes below are ASCII, continuation bytes, or lead bytes of code points below U+0300, which
 * composition leaves alone. Sixteen bytes at a time where SSE2 is. */
static inline size_t next_lead_from_cc(const char *s, size_t i, size_t n)
{
#if defined(__SSE2__)
    while (i + 16 <= n) {
        __m128i x = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
        unsigned high = (unsigned)_mm_movemask_epi8(
            _mm_cmpeq_epi8(_mm_max_epu8(x, _mm_set1_epi8((char)0xCC)), x));
        if (high != 0) {
            return i + (size_t)__builtin_ctz(high);
        }
        i += 16;
    }
#endif
    while (i < n && (unsigned char)s[i] < 0xCC) {
        i++;
    }
    return i;
}

/*
 * NFC of out[start..]: only the words holding a code point that composition may change go
 * through utf8proc; NFC never reaches across a space or a line break, so the rest is copied.
 */
int enrich_normalize_compose(struct enrich_buf *out, size_t start, long *count)
{
    const char *s = out->data + start;
    size_t n = out->len - start;
    struct enrich_buf res = {0};
    if (enrich_buf_reserve(&res, n + 16) != 0) {
        return ENRICH_ERR_NOMEM;
    }
    size_t i = 0, copied = 0;
    int rc = 0;
    while (rc == 0 && (i = next_lead_from_cc(s, i, n)) < n) {
        size_t adv;
        int32_t cp = enrich_utf8_decode((const unsigned char *)s + i, n - i, &adv);
        if (cp < 0x300 || enrich_normalize_nfc_inert(cp)) {
            i += adv;
            continue;
        }
        size_t ws = i, we = i + adv;
        while (ws > copied && s[ws - 1] != ' ' && s[ws - 1] != '\n') {
            ws--;
        }
        while (we < n && s[we] != ' ' && s[we] != '\n') {
            we++;
        }
        rc = enrich_buf_append(&res, s + copied, ws - copied);
        if (rc == 0) {
            rc = compose_word(s + ws, we - ws, &res, count);
        }
        copied = i = we;
    }
    if (rc == 0) {
        rc = enrich_buf_append(&res, s + copied, n - copied);
    }
    if (rc == 0) {
        out->len = start;
        rc = enrich_buf_append(out, res.data, res.len);
    }
    enrich_buf_free(&res);
    return rc;
}
