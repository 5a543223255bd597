/*
 * enrich_fold: the matching key of a piece of text. Lowercase, đ kept apart from d, and every
 * Vietnamese syllable's tone mark moved to one position chosen from the syllable's letters
 * alone, so that the old ("hòa", "thủy", "khỏe") and new ("hoà", "thuỷ", "khoẻ") placements
 * and slips such as "qúy" for "quý" give the same key. Decomposed tone marks and vowel
 * modifiers (combining U+0300..U+031B) are folded too, so NFD input matches NFC input.
 *
 * Table-driven and allocation-free: Vietnamese vowels are looked up in two small tables that
 * give (vowel, tone, uppercase); everything else goes through utf8proc's simple lowercase.
 */
#include <stdint.h>
#include <string.h>

#include <utf8proc.h>

#include "enrich_entities_internal.h"

/* Generated once from Unicode data: the 12 Vietnamese vowels (a ă â e ê i o ô ơ u ư y) times
 * the 6 tones (none, grave, acute, hook, tilde, dot below), lowercase, NFC. */
static const uint16_t fold_vowel_cp[12][6] = {
    {0x0061, 0x00E0, 0x00E1, 0x1EA3, 0x00E3, 0x1EA1}, /* aàáảãạ */
    {0x0103, 0x1EB1, 0x1EAF, 0x1EB3, 0x1EB5, 0x1EB7}, /* ăằắẳẵặ */
    {0x00E2, 0x1EA7, 0x1EA5, 0x1EA9, 0x1EAB, 0x1EAD}, /* âầấẩẫậ */
    {0x0065, 0x00E8, 0x00E9, 0x1EBB, 0x1EBD, 0x1EB9}, /* eèéẻẽẹ */
    {0x00EA, 0x1EC1, 0x1EBF, 0x1EC3, 0x1EC5, 0x1EC7}, /* êềếểễệ */
    {0x0069, 0x00EC, 0x00ED, 0x1EC9, 0x0129, 0x1ECB}, /* iìíỉĩị */
    {0x006F, 0x00F2, 0x00F3, 0x1ECF, 0x00F5, 0x1ECD}, /* oòóỏõọ */
    {0x00F4, 0x1ED3, 0x1ED1, 0x1ED5, 0x1ED7, 0x1ED9}, /* ôồốổỗộ */
    {0x01A1, 0x1EDD, 0x1EDB, 0x1EDF, 0x1EE1, 0x1EE3}, /* ơờớởỡợ */
    {0x0075, 0x00F9, 0x00FA, 0x1EE7, 0x0169, 0x1EE5}, /* uùúủũụ */
    {0x01B0, 0x1EEB, 0x1EE9, 0x1EED, 0x1EEF, 0x1EF1}, /* ưừứửữự */
    {0x0079, 0x1EF3, 0x00FD, 0x1EF7, 0x1EF9, 0x1EF5}, /* yỳýỷỹỵ */
};
static const uint8_t fold_latin[256] = {
    130, 131, 141, 133, 0,   0,   0, 0, 148, 149, 153, 0, 160, 161, 0, 0,   /* U+00C0 */
    0,   0,   166, 167, 171, 169, 0, 0, 0,   184, 185, 0, 0,   197, 0, 0,   /* U+00D0 */
    2,   3,   13,  5,   0,   0,   0, 0, 20,  21,  25,  0, 32,  33,  0, 0,   /* U+00E0 */
    0,   0,   38,  39,  43,  41,  0, 0, 0,   56,  57,  0, 0,   69,  0, 0,   /* U+00F0 */
    0,   0,   135, 7,   0,   0,   0, 0, 0,   0,   0,   0, 0,   0,   0, 0,   /* U+0100 */
    0,   0,   0,   0,   0,   0,   0, 0, 0,   0,   0,   0, 0,   0,   0, 0,   /* U+0110 */
    0,   0,   0,   0,   0,   0,   0, 0, 163, 35,  0,   0, 0,   0,   0, 0,   /* U+0120 */
    0,   0,   0,   0,   0,   0,   0, 0, 0,   0,   0,   0, 0,   0,   0, 0,   /* U+0130 */
    0,   0,   0,   0,   0,   0,   0, 0, 0,   0,   0,   0, 0,   0,   0, 0,   /* U+0140 */
    0,   0,   0,   0,   0,   0,   0, 0, 0,   0,   0,   0, 0,   0,   0, 0,   /* U+0150 */
    0,   0,   0,   0,   0,   0,   0, 0, 187, 59,  0,   0, 0,   0,   0, 0,   /* U+0160 */
    0,   0,   0,   0,   0,   0,   0, 0, 0,   0,   0,   0, 0,   0,   0, 0,   /* U+0170 */
    0,   0,   0,   0,   0,   0,   0, 0, 0,   0,   0,   0, 0,   0,   0, 0,   /* U+0180 */
    0,   0,   0,   0,   0,   0,   0, 0, 0,   0,   0,   0, 0,   0,   0, 0,   /* U+0190 */
    177, 49,  0,   0,   0,   0,   0, 0, 0,   0,   0,   0, 0,   0,   0, 189, /* U+01A0 */
    61,  0,   0,   0,   0,   0,   0, 0, 0,   0,   0,   0, 0,   0,   0, 0,   /* U+01B0 */
};
static const uint8_t fold_viet[96] = {
    134, 6,  132, 4,  143, 15, 142, 14, 144, 16, 145, 17, 146, 18, 137, 9,  /* U+1EA0 */
    136, 8,  138, 10, 139, 11, 140, 12, 152, 24, 150, 22, 151, 23, 155, 27, /* U+1EB0 */
    154, 26, 156, 28, 157, 29, 158, 30, 162, 34, 164, 36, 170, 42, 168, 40, /* U+1EC0 */
    173, 45, 172, 44, 174, 46, 175, 47, 176, 48, 179, 51, 178, 50, 180, 52, /* U+1ED0 */
    181, 53, 182, 54, 188, 60, 186, 58, 191, 63, 190, 62, 192, 64, 193, 65, /* U+1EE0 */
    194, 66, 196, 68, 200, 72, 198, 70, 199, 71, 0,   0,  0,   0,  0,   0,  /* U+1EF0 */
};

enum { V_A = 0, V_AB, V_AC, V_E, V_EC, V_I, V_O, V_OC, V_OH, V_U, V_UH, V_Y };

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
    if (cp >= 0xC0 && cp < 0x1C0) {
        return fold_latin[cp - 0xC0];
    }
    if (cp >= 0x1EA0 && cp < 0x1F00) {
        return fold_viet[cp - 0x1EA0];
    }
    return 0;
}

static int utf8_put(uint32_t cp, char *out, size_t pos, size_t cap)
{
    if (cp < 0x80) {
        if (pos + 1 >= cap) {
            return -1;
        }
        out[pos] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        if (pos + 2 >= cap) {
            return -1;
        }
        out[pos] = (char)(0xC0 | (cp >> 6));
        out[pos + 1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        if (pos + 3 >= cap) {
            return -1;
        }
        out[pos] = (char)(0xE0 | (cp >> 12));
        out[pos + 1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[pos + 2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    if (pos + 4 >= cap) {
        return -1;
    }
    out[pos] = (char)(0xF0 | (cp >> 18));
    out[pos + 1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    out[pos + 2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[pos + 3] = (char)(0x80 | (cp & 0x3F));
    return 4;
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

/* One letter of the syllable being folded: a Vietnamese vowel (vowel >= 0, with its own tone)
 * or any other lowercase code point. */
struct fold_letter {
    int8_t vowel;
    uint8_t tone;
    uint32_t cp;
};

#define FOLD_SYLLABLE_MAX 12

/* Where the tone of a syllable goes, by the traditional rule that most Vietnamese newspapers
 * still print ("hòa", "thủy"): after skipping the consonant u of "qu" and the i of "gi"+vowel,
 * a vowel carrying a modifier (ă â ê ô ơ ư) takes it (the last such: "ươ" -> ơ); else the last
 * vowel when a consonant follows ("hoàn"); else the middle of three vowels ("ngoài"), the first
 * of two ("hòa", "thủy", "mùa") or the only one. Returns -1 when the syllable is not one. */
static int tone_position(const struct fold_letter *l, int n)
{
    int first = 0;
    while (first < n && l[first].vowel < 0) {
        first++;
    }
    if (first >= n) {
        return -1;
    }
    if (first == 1 && n > 2 && l[0].cp == 'q' && l[1].vowel == V_U) {
        first = 2;
    } else if (first == 1 && n > 2 && l[0].cp == 'g' && l[1].vowel == V_I && l[2].vowel >= 0) {
        first = 2;
    }
    int last = first;
    while (last + 1 < n && l[last + 1].vowel >= 0) {
        last++;
    }
    if (last - first > 2) {
        return -1;
    }
    for (int i = last; i >= first; i--) {
        int v = l[i].vowel;
        if (v == V_AB || v == V_AC || v == V_EC || v == V_OC || v == V_OH || v == V_UH) {
            return i;
        }
    }
    if (last + 1 < n) {
        return last;
    }
    if (last - first == 2) {
        return first + 1;
    }
    return first;
}

static long flush_syllable(struct fold_letter *l, int n, char *out, size_t pos, size_t cap)
{
    int toned = 0, tone = 0;
    for (int i = 0; i < n; i++) {
        if (l[i].vowel >= 0 && l[i].tone != 0) {
            toned++;
            tone = l[i].tone;
        }
    }
    if (toned == 1) {
        int at = tone_position(l, n);
        if (at >= 0) {
            for (int i = 0; i < n; i++) {
                if (l[i].vowel >= 0) {
                    l[i].tone = 0;
                }
            }
            l[at].tone = (uint8_t)tone;
        }
    }
    size_t start = pos;
    for (int i = 0; i < n; i++) {
        uint32_t cp = l[i].vowel >= 0 ? fold_vowel_cp[l[i].vowel][l[i].tone] : l[i].cp;
        int w = utf8_put(cp, out, pos, cap);
        if (w < 0) {
            return -1;
        }
        pos += (size_t)w;
    }
    return (long)(pos - start);
}

/* Applies a combining mark to the syllable's last letter; returns 0 if it is not one of ours. */
static int apply_mark(struct fold_letter *l, int n, uint32_t cp)
{
    if (n == 0 || l[n - 1].vowel < 0) {
        return 0;
    }
    struct fold_letter *v = &l[n - 1];
    switch (cp) {
    case 0x0300:
        v->tone = 1;
        return 1;
    case 0x0301:
        v->tone = 2;
        return 1;
    case 0x0309:
        v->tone = 3;
        return 1;
    case 0x0303:
        v->tone = 4;
        return 1;
    case 0x0323:
        v->tone = 5;
        return 1;
    case 0x0302:
        if (v->vowel == V_A || v->vowel == V_E || v->vowel == V_O) {
            v->vowel = v->vowel == V_A ? V_AC : (v->vowel == V_E ? V_EC : V_OC);
            return 1;
        }
        return 0;
    case 0x0306:
        if (v->vowel == V_A) {
            v->vowel = V_AB;
            return 1;
        }
        return 0;
    case 0x031B:
        if (v->vowel == V_O || v->vowel == V_U) {
            v->vowel = v->vowel == V_O ? V_OH : V_UH;
            return 1;
        }
        return 0;
    default:
        return 0;
    }
}

long enrich_fold(const char *in, size_t len, char *out, size_t cap)
{
    if ((in == NULL && len > 0) || out == NULL || cap == 0) {
        return ENRICH_ERR_INVALID;
    }
    struct fold_letter syl[FOLD_SYLLABLE_MAX];
    int n = 0;
    size_t pos = 0, i = 0;
    while (i < len) {
        unsigned char c = (unsigned char)in[i];
        uint32_t cp;
        size_t step;
        if (c < 0x80) {
            cp = c;
            step = 1;
        } else {
            step = ent_utf8_decode(in + i, len - i, &cp);
        }
        unsigned code = vowel_code(cp);
        struct fold_letter letter = {-1, 0, 0};
        int is_letter = 0;
        if (code != 0) {
            code = (code & 0x7F) - 1;
            letter.vowel = (int8_t)(code / 6);
            letter.tone = (uint8_t)(code % 6);
            is_letter = 1;
        } else if (c < 0x80) {
            if ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') {
                letter.cp = c | 0x20;
                is_letter = 1;
            }
        } else if (cp == 0x0110 || cp == 0x0111 || cp == 0x00D0 || cp == 0x00F0) {
            letter.cp = 0x0111;
            is_letter = 1;
        } else if (cp >= 0x0300 && cp < 0x0370 && apply_mark(syl, n, cp)) {
            i += step;
            continue;
        } else if (ent_char_class(cp) & (ENT_CH_LETTER | ENT_CH_MARK)) {
            letter.cp = (uint32_t)utf8proc_tolower((utf8proc_int32_t)cp);
            is_letter = 1;
        }
        if (is_letter) {
            if (n == FOLD_SYLLABLE_MAX) {
                /* Too long for a Vietnamese syllable: written out as it stands. */
                long w = flush_syllable(syl, n, out, pos, cap);
                if (w < 0) {
                    return ENRICH_ERR_NOMEM;
                }
                pos += (size_t)w;
                n = 0;
            }
            syl[n++] = letter;
        } else {
            if (n > 0) {
                long w = flush_syllable(syl, n, out, pos, cap);
                if (w < 0) {
                    return ENRICH_ERR_NOMEM;
                }
                pos += (size_t)w;
                n = 0;
            }
            int w = utf8_put(cp, out, pos, cap);
            if (w < 0) {
                return ENRICH_ERR_NOMEM;
            }
            pos += (size_t)w;
        }
        i += step;
    }
    if (n > 0) {
        long w = flush_syllable(syl, n, out, pos, cap);
        if (w < 0) {
            return ENRICH_ERR_NOMEM;
        }
        pos += (size_t)w;
    }
    out[pos] = '\0';
    return (long)pos;
}
