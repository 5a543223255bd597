/*
 * Byte offsets from the extractors become code-point offsets into the record's text. All the
 * offsets are sorted once and converted in a single walk over the text, so the cost is one pass
 * plus the sort, however many spans there are.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "enrich_internal.h"
#include "enrich_utf8.h"

struct mark {
    size_t off;
    json_t *value; /* the span's integer, rewritten in place when the span alone holds it */
    json_t *span;
    const char *key; /* "start" or "end" */
};

static int by_offset(const void *a, const void *b)
{
    const struct mark *x = a, *y = b;
    return x->off < y->off ? -1 : x->off > y->off;
}

static bool boundary(const char *text, size_t len, size_t off)
{
    return off == len || ((unsigned char)text[off] & 0xC0) != 0x80;
}

static int set_null(json_t *span)
{
    if (ENRICH_SET_LIT(span, "start", json_null()) != 0 ||
        ENRICH_SET_LIT(span, "end", json_null()) != 0) {
        return ENRICH_ERR_NOMEM;
    }
    return 0;
}

/* Checks one span; returns 1 and sets *js, *je when its offsets are to be converted, 0 when
 * they were nulled. */
static int check_span(const char *text, size_t len, json_t *span, long *invalid, json_t **js,
                      json_t **je)
{
    json_t *seg = json_object_get(span, "segment");
    long long kind = json_is_integer(seg) ? json_integer_value(seg) : ENRICH_SEG_TEXT;
    if (seg != NULL) {
        json_object_del(span, "segment");
    }
    *js = json_object_get(span, "start");
    *je = json_object_get(span, "end");
    if (json_is_null(*js) && json_is_null(*je)) {
        return 0;
    }
    if (kind != ENRICH_SEG_TEXT) {
        return set_null(span);
    }
    json_t *jt = json_object_get(span, "text");
    bool ok = json_is_integer(*js) && json_is_integer(*je);
    json_int_t s = ok ? json_integer_value(*js) : 0, e = ok ? json_integer_value(*je) : 0;
    ok = ok && s >= 0 && e >= s && (size_t)e <= len && boundary(text, len, (size_t)s) &&
         boundary(text, len, (size_t)e);
    if (ok && json_is_string(jt)) {
        size_t tl = json_string_length(jt);
        ok = tl == (size_t)(e - s) && memcmp(text + s, json_string_value(jt), tl) == 0;
    }
    if (!ok) {
        (*invalid)++;
        int rc = set_null(span);
        return rc < 0 ? rc : 0;
    }
    return 1;
}

int enrich_offsets_convert(const char *text, size_t len, json_t *const *arrays, size_t n,
                           long *invalid)
{
    size_t total = 0;
    for (size_t a = 0; a < n; a++) {
        total += json_array_size(arrays[a]);
    }
    if (total == 0) {
        return 0;
    }
    struct mark *marks = malloc(total * 2 * sizeof *marks);
    if (marks == NULL) {
        return ENRICH_ERR_NOMEM;
    }
    size_t m = 0;
    int rc = 0;
    for (size_t a = 0; a < n; a++) {
        size_t i;
        json_t *span;
        json_array_foreach(arrays[a], i, span)
        {
            if (!json_is_object(span)) {
                continue;
            }
            json_t *js, *je;
            int ok = check_span(text, len, span, invalid, &js, &je);
            if (ok < 0) {
                rc = ok;
                goto out;
            }
            if (ok == 1) {
                marks[m++] = (struct mark){(size_t)json_integer_value(js), js, span, "start"};
                marks[m++] = (struct mark){(size_t)json_integer_value(je), je, span, "end"};
            }
        }
    }
    qsort(marks, m, sizeof *marks, by_offset);
    size_t pos = 0, cp = 0;
    for (size_t k = 0; k < m; k++) {
        for (; pos < marks[k].off; pos++) {
            cp += ((unsigned char)text[pos] & 0xC0) != 0x80;
        }
        /* The extractor's integer is rewritten in place when the span alone holds it (start
         * and end may share one object: then each gets its own). */
        json_t *value = marks[k].value;
        if (value->refcount == 1) {
            json_integer_set(value, (json_int_t)cp);
        } else if (json_object_set_new(marks[k].span, marks[k].key, json_integer((json_int_t)cp)) !=
                   0) {
            rc = ENRICH_ERR_NOMEM;
            goto out;
        }
    }
out:
    free(marks);
    return rc;
}

/* check_span for a noted span: the same decisions, from the note's pointers. */
static int check_note(const char *text, size_t len, const struct enrich_span_note *note,
                      long *invalid)
{
    if (json_is_null(note->start) && json_is_null(note->end)) {
        return 0;
    }
    if (note->segment != ENRICH_SEG_TEXT) {
        return set_null(note->span);
    }
    bool ok = json_is_integer(note->start) && json_is_integer(note->end);
    json_int_t s = ok ? json_integer_value(note->start) : 0;
    json_int_t e = ok ? json_integer_value(note->end) : 0;
    ok = ok && s >= 0 && e >= s && (size_t)e <= len && boundary(text, len, (size_t)s) &&
         boundary(text, len, (size_t)e);
    if (ok && json_is_string(note->text)) {
        size_t tl = json_string_length(note->text);
        ok = tl == (size_t)(e - s) && memcmp(text + s, json_string_value(note->text), tl) == 0;
    }
    if (!ok) {
        (*invalid)++;
        int rc = set_null(note->span);
        return rc < 0 ? rc : 0;
    }
    return 1;
}

/* Code points in text[0, off) are counted from a table of the count at every CP_BLOCK bytes, so
 * that converting an offset reads at most CP_BLOCK - 1 bytes, in whatever order spans come. */
#define CP_BLOCK 64

#if defined(__SSE2__)
/* 64 bytes of 0xFF, then 64 of 0: loaded from 64 - n, the first n bytes of a block are kept. */
static const unsigned char prefix_ones[128] = {
    0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
    0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
    0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
    0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF};

/* enrich_utf8_count(s, n) for n <= CP_BLOCK where all CP_BLOCK bytes at s may be read: continuation
 * bytes (0x80..0xBF, below -64 as signed bytes) of the first n are counted in four vectors,
 * each byte lane adding 0 or -1, and summed by _mm_sad_epu8. */
static size_t lead_bytes_block(const char *s, size_t n)
{
    __m128i acc = _mm_setzero_si128();
    for (int k = 0; k < 4; k++) {
        __m128i x = _mm_loadu_si128((const __m128i *)(const void *)(s + 16 * k));
        __m128i keep = _mm_loadu_si128(
            (const __m128i *)(const void *)(prefix_ones + CP_BLOCK - n + (size_t)(16 * k)));
        __m128i cont = _mm_and_si128(_mm_cmplt_epi8(x, _mm_set1_epi8(-64)), keep);
        acc = _mm_sub_epi8(acc, cont);
    }
    __m128i sums = _mm_sad_epu8(acc, _mm_setzero_si128());
    size_t cont =
        (size_t)_mm_cvtsi128_si32(sums) + (size_t)_mm_cvtsi128_si32(_mm_srli_si128(sums, 8));
    return n - cont;
}
#endif

static size_t cp_at(const char *text, size_t len, const size_t *block, size_t off)
{
    size_t b = off / CP_BLOCK;
#if defined(__SSE2__)
    if (b * CP_BLOCK + CP_BLOCK <= len) {
        return block[b] + lead_bytes_block(text + b * CP_BLOCK, off - b * CP_BLOCK);
    }
#else
    (void)len;
#endif
    return block[b] + enrich_utf8_count(text + b * CP_BLOCK, off - b * CP_BLOCK);
}

static int set_offset(const struct enrich_span_note *note, json_t *value, const char *key,
                      size_t cp)
{
    if (value->refcount == 1) {
        json_integer_set(value, (json_int_t)cp);
        return 0;
    }
    return json_object_set_new(note->span, key, json_integer((json_int_t)cp)) == 0
               ? 0
               : ENRICH_ERR_NOMEM;
}

int enrich_offsets_convert_notes(const char *text, size_t len,
                                 const struct enrich_span_notes *notes, long *invalid)
{
    struct enrich_block table = {0};
    int rc = enrich_offsets_convert_notes_reusing(text, len, notes, &table, invalid);
    enrich_block_release(&table);
    return rc;
}

int enrich_offsets_convert_notes_reusing(const char *text, size_t len,
                                         const struct enrich_span_notes *notes,
                                         struct enrich_block *table, long *invalid)
{
    if (notes->n == 0) {
        return 0;
    }
    size_t nblocks = len / CP_BLOCK + 1;
    if (nblocks > SIZE_MAX / sizeof(size_t)) {
        return ENRICH_ERR_NOMEM;
    }
    size_t *block = enrich_block_reserve(table, nblocks * sizeof(*block));
    if (block == NULL) {
        return ENRICH_ERR_NOMEM;
    }
    block[0] = 0;
    for (size_t b = 1; b < nblocks; b++) {
#if defined(__SSE2__)
        block[b] = block[b - 1] + lead_bytes_block(text + (b - 1) * CP_BLOCK, CP_BLOCK);
#else
        block[b] = block[b - 1] + enrich_utf8_count(text + (b - 1) * CP_BLOCK, CP_BLOCK);
#endif
    }
    int rc = 0;
    for (size_t k = 0; k < notes->n && rc == 0; k++) {
        const struct enrich_span_note *note = &notes->v[k];
        int ok = check_note(text, len, note, invalid);
        if (ok <= 0) {
            rc = ok;
            continue;
        }
        /* Read both offsets before rewriting either: start and end may share one integer. */
        size_t s = (size_t)json_integer_value(note->start);
        size_t e = (size_t)json_integer_value(note->end);
        json_t *end = note->end;
        rc = set_offset(note, note->start, "start", cp_at(text, len, block, s));
        if (rc == 0) {
            rc = set_offset(note, end, "end", cp_at(text, len, block, e));
        }
    }
    return rc;
}
