/*
 * Byte-class masks over 16 bytes, for the loops that skip runs of plain text (normalization,
 * the JSON writer): bit k of a mask is set when byte k of the block is in the class. Only with
 * SSE2 (every x86-64); the callers keep a byte-at-a-time path for other machines.
 */
#ifndef ENRICH_SIMD_H
#define ENRICH_SIMD_H

#if defined(__SSE2__)
#include <emmintrin.h>

/* Bytes in [lo, lo + n], as unsigned bytes: min(x - lo, n) == x - lo. */
static inline unsigned enrich_simd_in_range(__m128i block, unsigned char lo, unsigned char n)
{
    __m128i shifted = _mm_sub_epi8(block, _mm_set1_epi8((char)lo));
    return (unsigned)_mm_movemask_epi8(
        _mm_cmpeq_epi8(_mm_min_epu8(shifted, _mm_set1_epi8((char)n)), shifted));
}

/* Bytes equal to b. */
static inline unsigned enrich_simd_eq(__m128i block, unsigned char b)
{
    return (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(block, _mm_set1_epi8((char)b)));
}
#endif

#endif
