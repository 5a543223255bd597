/* The enriched record: every field of schemas/enriched-article.schema.json, in its order. */
#include <stdint.h>
#include <string.h>

#include "digest.h"
#include "enrich_internal.h"
#include "enrich_simd.h"

/* What a byte is to the word count: WC_WORD makes its token a word (an ASCII letter or digit,
 * or the lead byte of a character outside ASCII other than 0xE2: dashes, quotes, the
 * ellipsis); WC_SEP (space, newline) ends a token; any other byte does neither. */
enum { WC_OTHER = 0, WC_WORD = 1, WC_SEP = 2 };
#if !defined(__SSE2__)
#define W4  WC_WORD, WC_WORD, WC_WORD, WC_WORD
#define W16 W4, W4, W4, W4
static const unsigned char word_class[256] = {
    [' '] = WC_SEP,   ['\n'] = WC_SEP, ['0'] = W4,   ['4'] = W4,       ['8'] = WC_WORD,
    ['9'] = WC_WORD,  ['A'] = W16,     ['Q'] = W4,   ['U'] = W4,       ['Y'] = WC_WORD,
    ['Z'] = WC_WORD,  ['a'] = W16,     ['q'] = W4,   ['u'] = W4,       ['y'] = WC_WORD,
    ['z'] = WC_WORD,  [0xC0] = W16,    [0xD0] = W16, [0xE0] = WC_WORD, [0xE1] = WC_WORD,
    [0xE3] = WC_WORD, [0xE4] = W4,     [0xE8] = W4,  [0xEC] = W4,      [0xF0] = W16};
#undef W4
#undef W16
#endif

/* Bit k of *word (of *sep) is set when p[k] is of class WC_WORD (WC_SEP), for k < 64. */
static inline void block_classes(const unsigned char *p, uint64_t *word, uint64_t *sep)
{
#if defined(__SSE2__)
    uint64_t w = 0, s = 0;
    for (int k = 0; k < 4; k++) {
        __m128i c = _mm_loadu_si128((const __m128i *)(const void *)(p + 16 * k));
        __m128i folded = _mm_or_si128(c, _mm_set1_epi8(0x20)); /* ASCII letters in lowercase */
        unsigned words = enrich_simd_in_range(c, '0', 9) | enrich_simd_in_range(folded, 'a', 25) |
                         (enrich_simd_in_range(c, 0xC0, 0x3F) & ~enrich_simd_eq(c, 0xE2));
        unsigned seps = enrich_simd_eq(c, ' ') | enrich_simd_eq(c, '\n');
        w |= (uint64_t)words << (16 * k);
        s |= (uint64_t)seps << (16 * k);
    }
    *word = w;
    *sep = s;
#else
    uint64_t w = 0, s = 0;
    for (int k = 0; k < 64; k++) {
        unsigned c = word_class[p[k]];
        w |= (uint64_t)(c & WC_WORD) << k;
        s |= (uint64_t)(c >> 1) << k;
    }
    *word = w;
    *sep = s;
#endif
}

/*
 * A token is a word when its first byte of class WC_WORD or WC_SEP is a WC_WORD: the count is
 * of those first bytes. 64 bytes at a time, as bit masks: the tokens start after each
 * separator (and at the start of the text), and subtracting the start bits from the mask of
 * word and separator bytes clears exactly the first such byte of each token (a separator ends
 * every token, so no borrow crosses into the next one). A token still looking for its first
 * such byte at the end of a block borrows out of it, and the next block starts with a token.
 */
size_t enrich_record_word_count(const char *text, size_t len)
{
    const unsigned char *p = (const unsigned char *)text;
    size_t words = 0, i = 0;
    uint64_t open = 1; /* a token starts at the next block's first byte */
    unsigned char tail[64];
    while (i < len) {
        const unsigned char *block = p + i;
        if (len - i < 64) {
            /* Zero bytes are WC_OTHER: they change nothing. */
            memset(tail, 0, sizeof tail);
            memcpy(tail, p + i, len - i);
            block = tail;
        }
        uint64_t word, sep;
        block_classes(block, &word, &sep);
        uint64_t marks = word | sep, starts = (sep << 1) | open;
        uint64_t cleared = marks - starts;
        words += (size_t)__builtin_popcountll(marks & ~cleared & word);
        open = (uint64_t)(marks < starts) | (sep >> 63);
        i += 64;
    }
    return words;
}

static json_t *str_or_null(const char *s)
{
    return s ? json_string_nocheck(s) : json_null();
}

/* Most counts are 0: those share one integer, as a JSON value costs an allocation. */
static json_t *normalizations(const struct enrich_norm_counts *counts)
{
    json_t *o = json_object();
    json_t *zero = json_integer(0);
    for (int k = 0; o != NULL && zero != NULL && k < ENRICH_NORM_KIND_COUNT; k++) {
        json_t *v = counts->n[k] == 0 ? json_incref(zero) : json_integer(counts->n[k]);
        if (json_object_set_new_nocheck(o, enrich_norm_kind_name((enum enrich_norm_kind)k), v) !=
            0) {
            json_decref(o);
            o = NULL;
        }
    }
    json_decref(zero);
    if (zero == NULL) {
        json_decref(o);
        return NULL;
    }
    return o;
}

/* The dateline as a date of the article, first in "dates". Not in the text: null offsets. */
static json_t *published_date(const char *dateline, const struct enrich_timestamp *at)
{
    char value[32];
    enrich_timestamp_format(at, value);
    /* Built directly: json_pack() parses its format at every call. Each set steals its value,
     * NULL included (then it fails), so a failure part-way leaks nothing. */
    json_t *o = json_object();
    if (o == NULL) {
        return NULL;
    }
    int bad = ENRICH_SET_LIT(o, "text", json_string(dateline));
    bad |= ENRICH_SET_LIT(o, "kind", json_string_nocheck(at->m.hour >= 0 ? "datetime" : "date"));
    bad |= ENRICH_SET_LIT(o, "value", json_string_nocheck(value));
    bad |= ENRICH_SET_LIT(o, "start", json_null());
    bad |= ENRICH_SET_LIT(o, "end", json_null());
    bad |= ENRICH_SET_LIT(o, "role", json_string_nocheck("published"));
    if (bad) {
        json_decref(o);
        return NULL;
    }
    return o;
}

int enrich_record_build(const struct enrich_record_parts *p, json_t **out)
{
    *out = NULL;
    char hash[DIGEST_SHA256_HEX_LEN + 1];
    if (digest_sha256_hex(p->text, p->text_len, hash) != 0) {
        return ENRICH_ERR_NOMEM;
    }
    json_t *id = json_string(p->sub->id);
    json_t *source = json_string(p->sub->source);
    json_t *url = p->sub->url ? json_string(p->sub->url) : json_null();
    if (id == NULL || source == NULL || url == NULL) {
        json_decref(id);
        json_decref(source);
        json_decref(url);
        return ENRICH_ERR_INVALID;
    }
    /* The dateline's date goes first into the extractor's array itself: no copy of it. */
    json_t *dates = json_incref(p->dates);
    if (p->dateline != NULL && p->dateline_at != NULL && p->dateline_at->m.known &&
        json_array_insert_new(dates, 0, published_date(p->dateline, p->dateline_at)) != 0) {
        goto nomem;
    }
    char published[32];
    if (p->published != NULL) {
        enrich_timestamp_format(p->published, published);
    }
    json_t *o = json_object();
    if (o == NULL) {
        goto nomem;
    }
    /* Each set steals its value, so a failure part-way leaks nothing. The keys are ASCII
     * literals: jansson need not check them. */
    int bad = 0;
    bad |= ENRICH_SET_LIT(o, "schema_version", json_integer(ENRICH_SCHEMA_VERSION));
    bad |= ENRICH_SET_LIT(o, "id", id);
    bad |= ENRICH_SET_LIT(o, "source", source);
    bad |= ENRICH_SET_LIT(o, "url", url);
    bad |= ENRICH_SET_LIT(o, "lang", json_string(p->lang == ENRICH_LANG_EN ? "en" : "vi"));
    bad |= ENRICH_SET_LIT(o, "title", str_or_null(p->title));
    bad |= ENRICH_SET_LIT(o, "kicker", str_or_null(p->kicker));
    bad |= ENRICH_SET_LIT(o, "published_at", str_or_null(p->published ? published : NULL));
    bad |= ENRICH_SET_LIT(o, "source_tag", str_or_null(p->source_tag));
    bad |= ENRICH_SET_LIT(o, "byline", p->byline ? json_incref(p->byline) : json_null());
    bad |= ENRICH_SET_LIT(o, "truncated", json_boolean(p->truncated));
    bad |= ENRICH_SET_LIT(o, "text", json_stringn_nocheck(p->text, p->text_len));
    bad |= ENRICH_SET_LIT(o, "content_hash", json_string(hash));
    bad |= ENRICH_SET_LIT(o, "word_count",
                          json_integer((json_int_t)enrich_record_word_count(p->text, p->text_len)));
    bad |= ENRICH_SET_LIT(o, "captions", json_incref(p->captions));
    bad |= ENRICH_SET_LIT(o, "warnings", json_incref(p->warnings));
    bad |= ENRICH_SET_LIT(o, "normalizations", normalizations(p->counts));
    bad |= ENRICH_SET_LIT(o, "entities", json_incref(p->entities));
    bad |= ENRICH_SET_LIT(o, "dates", dates);
    bad |= ENRICH_SET_LIT(o, "figures", json_incref(p->figures));
    if (bad) {
        json_decref(o);
        return ENRICH_ERR_NOMEM;
    }
    *out = o;
    return 0;
nomem:
    json_decref(id);
    json_decref(source);
    json_decref(url);
    json_decref(dates);
    return ENRICH_ERR_NOMEM;
}
