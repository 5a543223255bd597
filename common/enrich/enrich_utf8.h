/*
 * UTF-8 and Vietnamese letter helpers shared by the parts of the enrichment library. Not
 * installed. Nothing here allocates; every function reads at most the bytes it is given.
 */
#ifndef ENRICH_UTF8_H
#define ENRICH_UTF8_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <utf8proc.h>

#define ENRICH_UTF8_REPLACEMENT 0xFFFD

/* utf8proc_tolower(cp), with the letters of Vietnamese answered from their ranges without a
 * call: Latin-1, the start of Latin Extended-A (Ă, Đ, Ĩ), Ũ, Ơ, Ư and the block of tone-marked
 * vowels, where capitals and small letters alternate. tests/enrich/test_dates.c checks it
 * against utf8proc for every code point below U+3000. */
static inline int32_t enrich_utf8_tolower(int32_t cp)
{
    if (cp < 0x80) {
        return (cp >= 'A' && cp <= 'Z') ? cp + 32 : cp;
    }
    if (cp <= 0xFF) {
        return cp >= 0xC0 && cp <= 0xDE && cp != 0xD7 ? cp + 0x20 : cp;
    }
    if (cp <= 0x12F || (cp >= 0x168 && cp <= 0x177) || (cp >= 0x1EA0 && cp <= 0x1EFF)) {
        return cp | 1;
    }
    if (cp == 0x1A0 || cp == 0x1A1) {
        return 0x1A1;
    }
    if (cp == 0x1AF || cp == 0x1B0) {
        return 0x1B0;
    }
    return utf8proc_tolower(cp);
}

/*
 * Decodes the code point at s[0..len) (len > 0). Returns it and sets *adv to its byte length,
 * or returns -1 for an ill-formed sequence and sets *adv to the length of its maximal subpart
 * (at least 1), as Unicode's "substitution of maximal subparts" counts them. Rejects overlong
 * forms, surrogates and values above U+10FFFF.
 */
static inline int32_t enrich_utf8_decode(const unsigned char *s, size_t len, size_t *adv)
{
    unsigned char c = s[0];
    if (c < 0x80) {
        *adv = 1;
        return c;
    }
    int need;
    int32_t cp;
    unsigned char lo = 0x80, hi = 0xBF;
    if (c >= 0xC2 && c <= 0xDF) {
        need = 1;
        cp = c & 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
        need = 2;
        cp = c & 0x0F;
        if (c == 0xE0) {
            lo = 0xA0;
        } else if (c == 0xED) {
            hi = 0x9F;
        }
    } else if (c >= 0xF0 && c <= 0xF4) {
        need = 3;
        cp = c & 0x07;
        if (c == 0xF0) {
            lo = 0x90;
        } else if (c == 0xF4) {
            hi = 0x8F;
        }
    } else {
        *adv = 1;
        return -1;
    }
    size_t i = 1;
    for (int k = 0; k < need; k++, i++) {
        if (i >= len) {
            *adv = i;
            return -1;
        }
        unsigned char b = s[i];
        if (b < lo || b > hi) {
            *adv = i;
            return -1;
        }
        lo = 0x80;
        hi = 0xBF;
        cp = (cp << 6) | (b & 0x3F);
    }
    *adv = i;
    return cp;
}

/* Writes cp (a valid scalar value) as UTF-8 to out (4 bytes room) and returns the length. */
static inline size_t enrich_utf8_encode(int32_t cp, char *out)
{
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (char)(0xC0 | (cp >> 6));
        out[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (char)(0xE0 | (cp >> 12));
        out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | (cp >> 18));
    out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

/* Number of code points in s[0..len), which must be valid UTF-8. */
size_t enrich_utf8_count(const char *s, size_t len);

/* True when s[0..len) is well-formed UTF-8. */
bool enrich_utf8_valid(const char *s, size_t len);

/*
 * True for letters that only Vietnamese spelling uses among Latin scripts in news text: đ, ă, â,
 * ê, ô, ơ, ư and every vowel with a tone mark (both cases), plus the accented vowels Latin-1
 * shares with French. Used to tell Vietnamese from English, so it errs on the side of counting.
 */
bool enrich_utf8_is_vi_letter(int32_t cp);

/* The ASCII lowercase base letter of a Latin letter ('a' for "Ấ", 'd' for "đ"), or 0. */
char enrich_utf8_base_letter(int32_t cp);

/* True when cp is a letter (any script), per Unicode's general category. */
bool enrich_utf8_is_letter(int32_t cp);

/* True when cp is an uppercase or titlecase letter; false for everything else. */
bool enrich_utf8_is_upper(int32_t cp);

/* True when cp is a lowercase letter. */
bool enrich_utf8_is_lower(int32_t cp);

/*
 * True when word[0..len) is spelled like one Vietnamese syllable (an optional initial
 * consonant, one to three vowels, an optional final consonant), ignoring tone marks and case:
 * "THANH", "Hiểu", "nghiêng" are; "TTXVN", "VOV", "AFP", "JOHN" are not. Tells names written in
 * capitals from acronyms.
 */
bool enrich_utf8_is_vi_syllable(const char *word, size_t len);

/*
 * Writes word[0..len) to out in title case (first letter upper, the rest lower) and returns the
 * bytes written; out must hold len bytes (Vietnamese case pairs have equal UTF-8 lengths; any
 * code point whose case pair differs in length is copied unchanged).
 */
size_t enrich_utf8_title_case(const char *word, size_t len, char *out);

/*
 * Writes s[0..len) lowercased (full Unicode simple case mapping) to out with a NUL and returns
 * the bytes written, or -1 when it does not fit in cap bytes or s is not well-formed.
 */
long enrich_utf8_lower(const char *s, size_t len, char *out, size_t cap);

#endif
