/*
 * Characters as the entity extractor sees them: UTF-8 decoding that never fails (invalid bytes
 * read as U+FFFD, one byte each) and a small classification (letter, uppercase, digit, mark).
 * Vietnamese letters are looked up in the fold tables; others ask utf8proc.
 */
#include <stdint.h>

#include <utf8proc.h>

#include "enrich_entities_internal.h"

/* A vowel's table code: 1 + vowel * 6 + tone, with bit 0x80 set for uppercase; 0 if none. */
static unsigned vowel_code(uint32_t cp)
{
    switch (cp | 0x20) {
    case 'a':
        return (1 + V_A * 6) | (cp < 'a' ? 0x80u : 0u);
    case 'e':
        return (1 + V_E * 6) | (cp < 'a' ? 0x80u : 0u);
    case 'i':
        return (1 + V_I * 6) | (cp < 'a' ? 0x80u : 0u);
    case 'o':
        return (1 + V_O * 6) | (cp < 'a' ? 0x80u : 0u);
    case 'u':
        return (1 + V_U * 6) | (cp < 'a' ? 0x80u : 0u);
    case 'y':
        return (1 + V_Y * 6) | (cp < 'a' ? 0x80u : 0u);
    default:
        break;
    }
    return ent_fold_vowel_code(cp);
}

size_t ent_utf8_decode(const char *s, size_t len, uint32_t *cp)
{
    const unsigned char *p = (const unsigned char *)s;
    unsigned char c = p[0];
    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    size_t n;
    uint32_t v;
    if (c >= 0xC2 && c < 0xE0) {
        n = 2;
        v = c & 0x1F;
    } else if (c >= 0xE0 && c < 0xF0) {
        n = 3;
        v = c & 0x0F;
    } else if (c >= 0xF0 && c < 0xF5) {
        n = 4;
        v = c & 0x07;
    } else {
        *cp = 0xFFFD;
        return 1;
    }
    if (n > len) {
        *cp = 0xFFFD;
        return 1;
    }
    for (size_t i = 1; i < n; i++) {
        if ((p[i] & 0xC0) != 0x80) {
            *cp = 0xFFFD;
            return 1;
        }
        v = (v << 6) | (p[i] & 0x3F);
    }
    /* Overlong forms and surrogates are treated like any other invalid byte. */
    if ((n == 3 && v < 0x800) || (n == 4 && (v < 0x10000 || v > 0x10FFFF)) ||
        (v >= 0xD800 && v < 0xE000)) {
        *cp = 0xFFFD;
        return 1;
    }
    *cp = v;
    return n;
}

bool ent_utf8_valid(const char *s, size_t len)
{
    /* The same rules as ent_utf8_decode(): no overlong forms, no surrogates, nothing past
     * U+10FFFF; spelled out on bytes since names are short and mostly ASCII. */
    const unsigned char *p = (const unsigned char *)s, *end = p + len;
    while (p < end) {
        unsigned c = *p;
        if (c < 0x80) {
            p++;
            continue;
        }
        size_t left = (size_t)(end - p);
        if (c >= 0xC2 && c <= 0xDF) {
            if (left < 2 || (p[1] & 0xC0) != 0x80) {
                return false;
            }
            p += 2;
        } else if (c >= 0xE0 && c <= 0xEF) {
            if (left < 3 || (p[1] & 0xC0) != 0x80 || (p[2] & 0xC0) != 0x80 ||
                (c == 0xE0 && p[1] < 0xA0) || (c == 0xED && p[1] >= 0xA0)) {
                return false;
            }
            p += 3;
        } else if (c >= 0xF0 && c <= 0xF4) {
            if (left < 4 || (p[1] & 0xC0) != 0x80 || (p[2] & 0xC0) != 0x80 ||
                (p[3] & 0xC0) != 0x80 || (c == 0xF0 && p[1] < 0x90) ||
                (c == 0xF4 && p[1] >= 0x90)) {
                return false;
            }
            p += 4;
        } else {
            return false;
        }
    }
    return true;
}

unsigned ent_char_class(uint32_t cp)
{
    if (cp < 0x80) {
        if (cp >= 'a' && cp <= 'z') {
            return ENT_CH_LETTER;
        }
        if (cp >= 'A' && cp <= 'Z') {
            return ENT_CH_LETTER | ENT_CH_UPPER;
        }
        if (cp >= '0' && cp <= '9') {
            return ENT_CH_DIGIT;
        }
        return 0;
    }
    unsigned code = vowel_code(cp);
    if (code != 0) {
        return ENT_CH_LETTER | ((code & 0x80) ? ENT_CH_UPPER : 0u);
    }
    if (cp == 0x0110 || cp == 0x00D0) {
        return ENT_CH_LETTER | ENT_CH_UPPER;
    }
    if (cp == 0x0111 || cp == 0x00F0) {
        return ENT_CH_LETTER;
    }
    switch (utf8proc_category((utf8proc_int32_t)cp)) {
    case UTF8PROC_CATEGORY_LU:
    case UTF8PROC_CATEGORY_LT:
        return ENT_CH_LETTER | ENT_CH_UPPER;
    case UTF8PROC_CATEGORY_LL:
    case UTF8PROC_CATEGORY_LM:
    case UTF8PROC_CATEGORY_LO:
        return ENT_CH_LETTER;
    case UTF8PROC_CATEGORY_MN:
    case UTF8PROC_CATEGORY_MC:
    case UTF8PROC_CATEGORY_ME:
        return ENT_CH_MARK;
    case UTF8PROC_CATEGORY_ND:
        return ENT_CH_DIGIT;
    default:
        return 0;
    }
}
