/* UTF-8 counting and validation, Latin letter folding and the Vietnamese syllable test. */
#include "enrich_utf8.h"

#include <string.h>
#include <utf8proc.h>

size_t enrich_utf8_count(const char *s, size_t len)
{
    size_t n = 0, i = 0;
    /* Eight bytes at a time: a continuation byte has its top bit set and the next one clear;
     * the multiplication sums the eight flags into the top byte. */
    for (; i + 8 <= len; i += 8) {
        uint64_t x;
        memcpy(&x, s + i, 8);
        uint64_t cont = (x & ~(x << 1) & 0x8080808080808080ull) >> 7;
        n += 8 - (size_t)((cont * 0x0101010101010101ull) >> 56);
    }
    for (; i < len; i++) {
        n += ((unsigned char)s[i] & 0xC0) != 0x80;
    }
    return n;
}

bool enrich_utf8_valid(const char *s, size_t len)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    while (i < len) {
        if (p[i] < 0x80) {
            i++;
            continue;
        }
        size_t adv;
        if (enrich_utf8_decode(p + i, len - i, &adv) < 0) {
            return false;
        }
        i += adv;
    }
    return true;
}

bool enrich_utf8_is_vi_letter(int32_t cp)
{
    if (cp >= 0x1EA0 && cp <= 0x1EF9) {
        return true;
    }
    switch (cp) {
    case 0xC0:
    case 0xC1:
    case 0xC2:
    case 0xC3:
    case 0xC8:
    case 0xC9:
    case 0xCA:
    case 0xCC:
    case 0xCD:
    case 0xD2:
    case 0xD3:
    case 0xD4:
    case 0xD5:
    case 0xD9:
    case 0xDA:
    case 0xDD:
    case 0xE0:
    case 0xE1:
    case 0xE2:
    case 0xE3:
    case 0xE8:
    case 0xE9:
    case 0xEA:
    case 0xEC:
    case 0xED:
    case 0xF2:
    case 0xF3:
    case 0xF4:
    case 0xF5:
    case 0xF9:
    case 0xFA:
    case 0xFD:
    case 0x102:
    case 0x103:
    case 0x110:
    case 0x111:
    case 0x128:
    case 0x129:
    case 0x168:
    case 0x169:
    case 0x1A0:
    case 0x1A1:
    case 0x1AF:
    case 0x1B0:
        return true;
    default:
        return false;
    }
}

char enrich_utf8_base_letter(int32_t cp)
{
    if (cp < 0x80) {
        if (cp >= 'A' && cp <= 'Z') {
            return (char)(cp - 'A' + 'a');
        }
        return (cp >= 'a' && cp <= 'z') ? (char)cp : 0;
    }
    if (cp == 0x110 || cp == 0x111) {
        return 'd';
    }
    utf8proc_int32_t dst[4];
    utf8proc_ssize_t n = utf8proc_decompose_char(cp, dst, 4, UTF8PROC_DECOMPOSE, NULL);
    if (n < 1 || n > 4 || dst[0] >= 0x80) {
        return 0;
    }
    return enrich_utf8_base_letter(dst[0]);
}

bool enrich_utf8_is_letter(int32_t cp)
{
    if (cp < 0x80) {
        return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z');
    }
    utf8proc_category_t c = utf8proc_category(cp);
    return c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_LO;
}

bool enrich_utf8_is_upper(int32_t cp)
{
    if (cp < 0x80) {
        return cp >= 'A' && cp <= 'Z';
    }
    utf8proc_category_t c = utf8proc_category(cp);
    return c == UTF8PROC_CATEGORY_LU || c == UTF8PROC_CATEGORY_LT;
}

bool enrich_utf8_is_lower(int32_t cp)
{
    if (cp < 0x80) {
        return cp >= 'a' && cp <= 'z';
    }
    return utf8proc_category(cp) == UTF8PROC_CATEGORY_LL;
}

static bool is_vowel(char c)
{
    return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' || c == 'y';
}

/* Matches vowels (1 to 3) and an optional final consonant against the whole of s. */
static bool rhyme_ok(const char *s, size_t n)
{
    size_t v = 0;
    while (v < n && is_vowel(s[v])) {
        v++;
    }
    if (v == 0 || v > 3) {
        return false;
    }
    const char *fin = s + v;
    size_t fl = n - v;
    static const char *const finals[] = {"", "c", "ch", "m", "n", "ng", "nh", "p", "t"};
    for (size_t i = 0; i < sizeof finals / sizeof finals[0]; i++) {
        if (strlen(finals[i]) == fl && memcmp(finals[i], fin, fl) == 0) {
            return true;
        }
    }
    return false;
}

bool enrich_utf8_is_vi_syllable(const char *word, size_t len)
{
    char base[16];
    size_t n = 0;
    const unsigned char *p = (const unsigned char *)word;
    size_t i = 0;
    while (i < len) {
        size_t adv;
        int32_t cp = enrich_utf8_decode(p + i, len - i, &adv);
        i += adv;
        char b = cp < 0 ? 0 : enrich_utf8_base_letter(cp);
        if (b == 0 || n == sizeof base) {
            return false;
        }
        base[n++] = b;
    }
    static const char *const initials[] = {"ngh", "ng", "nh", "ch", "gh", "gi", "kh", "ph", "qu",
                                           "th",  "tr", "b",  "c",  "d",  "g",  "h",  "k",  "l",
                                           "m",   "n",  "p",  "r",  "s",  "t",  "v",  "x",  ""};
    for (size_t k = 0; k < sizeof initials / sizeof initials[0]; k++) {
        size_t il = strlen(initials[k]);
        if (il <= n && memcmp(initials[k], base, il) == 0 && rhyme_ok(base + il, n - il)) {
            return true;
        }
    }
    return false;
}

size_t enrich_utf8_title_case(const char *word, size_t len, char *out)
{
    const unsigned char *p = (const unsigned char *)word;
    size_t i = 0, o = 0;
    bool first = true;
    while (i < len) {
        size_t adv;
        int32_t cp = enrich_utf8_decode(p + i, len - i, &adv);
        if (cp >= 0) {
            int32_t mapped = first ? utf8proc_toupper(cp) : utf8proc_tolower(cp);
            char tmp[4];
            size_t n = enrich_utf8_encode(mapped, tmp);
            if (n == adv) {
                memcpy(out + o, tmp, n);
                o += n;
                i += adv;
                first = false;
                continue;
            }
            first = false;
        }
        memcpy(out + o, word + i, adv);
        o += adv;
        i += adv;
    }
    return o;
}

long enrich_utf8_lower(const char *s, size_t len, char *out, size_t cap)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0, o = 0;
    while (i < len) {
        if (p[i] < 0x80) {
            if (o + 5 > cap) {
                return -1;
            }
            out[o++] = (char)((p[i] >= 'A' && p[i] <= 'Z') ? p[i] + 32 : p[i]);
            i++;
            continue;
        }
        size_t adv;
        int32_t cp = enrich_utf8_decode(p + i, len - i, &adv);
        if (cp < 0) {
            return -1;
        }
        cp = enrich_utf8_tolower(cp);
        if (o + 5 > cap) {
            return -1;
        }
        o += enrich_utf8_encode(cp, out + o);
        i += adv;
    }
    if (o + 1 > cap) {
        return -1;
    }
    out[o] = '\0';
    return (long)o;
}
