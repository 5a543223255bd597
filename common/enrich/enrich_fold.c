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
const uint8_t ent_fold_latin[256] = {
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
const uint8_t ent_fold_viet[96] = {
    134, 6,  132, 4,  143, 15, 142, 14, 144, 16, 145, 17, 146, 18, 137, 9,  /* U+1EA0 */
    136, 8,  138, 10, 139, 11, 140, 12, 152, 24, 150, 22, 151, 23, 155, 27, /* U+1EB0 */
    154, 26, 156, 28, 157, 29, 158, 30, 162, 34, 164, 36, 170, 42, 168, 40, /* U+1EC0 */
    173, 45, 172, 44, 174, 46, 175, 47, 176, 48, 179, 51, 178, 50, 180, 52, /* U+1ED0 */
    181, 53, 182, 54, 188, 60, 186, 58, 191, 63, 190, 62, 192, 64, 193, 65, /* U+1EE0 */
    194, 66, 196, 68, 200, 72, 198, 70, 199, 71, 0,   0,  0,   0,  0,   0,  /* U+1EF0 */
};

/* UTF-8 of each lowercase vowel form: length, then bytes. */
const unsigned char ent_fold_vowel_utf8[12][6][4] = {
    {{1, 0x61, 0, 0},
     {2, 0xC3, 0xA0, 0},
     {2, 0xC3, 0xA1, 0},
     {3, 0xE1, 0xBA, 0xA3},
     {2, 0xC3, 0xA3, 0},
     {3, 0xE1, 0xBA, 0xA1}},
    {{2, 0xC4, 0x83, 0},
     {3, 0xE1, 0xBA, 0xB1},
     {3, 0xE1, 0xBA, 0xAF},
     {3, 0xE1, 0xBA, 0xB3},
     {3, 0xE1, 0xBA, 0xB5},
     {3, 0xE1, 0xBA, 0xB7}},
    {{2, 0xC3, 0xA2, 0},
     {3, 0xE1, 0xBA, 0xA7},
     {3, 0xE1, 0xBA, 0xA5},
     {3, 0xE1, 0xBA, 0xA9},
     {3, 0xE1, 0xBA, 0xAB},
     {3, 0xE1, 0xBA, 0xAD}},
    {{1, 0x65, 0, 0},
     {2, 0xC3, 0xA8, 0},
     {2, 0xC3, 0xA9, 0},
     {3, 0xE1, 0xBA, 0xBB},
     {3, 0xE1, 0xBA, 0xBD},
     {3, 0xE1, 0xBA, 0xB9}},
    {{2, 0xC3, 0xAA, 0},
     {3, 0xE1, 0xBB, 0x81},
     {3, 0xE1, 0xBA, 0xBF},
     {3, 0xE1, 0xBB, 0x83},
     {3, 0xE1, 0xBB, 0x85},
     {3, 0xE1, 0xBB, 0x87}},
    {{1, 0x69, 0, 0},
     {2, 0xC3, 0xAC, 0},
     {2, 0xC3, 0xAD, 0},
     {3, 0xE1, 0xBB, 0x89},
     {2, 0xC4, 0xA9, 0},
     {3, 0xE1, 0xBB, 0x8B}},
    {{1, 0x6F, 0, 0},
     {2, 0xC3, 0xB2, 0},
     {2, 0xC3, 0xB3, 0},
     {3, 0xE1, 0xBB, 0x8F},
     {2, 0xC3, 0xB5, 0},
     {3, 0xE1, 0xBB, 0x8D}},
    {{2, 0xC3, 0xB4, 0},
     {3, 0xE1, 0xBB, 0x93},
     {3, 0xE1, 0xBB, 0x91},
     {3, 0xE1, 0xBB, 0x95},
     {3, 0xE1, 0xBB, 0x97},
     {3, 0xE1, 0xBB, 0x99}},
    {{2, 0xC6, 0xA1, 0},
     {3, 0xE1, 0xBB, 0x9D},
     {3, 0xE1, 0xBB, 0x9B},
     {3, 0xE1, 0xBB, 0x9F},
     {3, 0xE1, 0xBB, 0xA1},
     {3, 0xE1, 0xBB, 0xA3}},
    {{1, 0x75, 0, 0},
     {2, 0xC3, 0xB9, 0},
     {2, 0xC3, 0xBA, 0},
     {3, 0xE1, 0xBB, 0xA7},
     {2, 0xC5, 0xA9, 0},
     {3, 0xE1, 0xBB, 0xA5}},
    {{2, 0xC6, 0xB0, 0},
     {3, 0xE1, 0xBB, 0xAB},
     {3, 0xE1, 0xBB, 0xA9},
     {3, 0xE1, 0xBB, 0xAD},
     {3, 0xE1, 0xBB, 0xAF},
     {3, 0xE1, 0xBB, 0xB1}},
    {{1, 0x79, 0, 0},
     {3, 0xE1, 0xBB, 0xB3},
     {2, 0xC3, 0xBD, 0},
     {3, 0xE1, 0xBB, 0xB7},
     {3, 0xE1, 0xBB, 0xB9},
     {3, 0xE1, 0xBB, 0xB5}},
};

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
        return ent_fold_latin[cp - 0xC0];
    }
    if (cp >= 0x1EA0 && cp < 0x1F00) {
        return ent_fold_viet[cp - 0x1EA0];
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

#define FOLD_SYLLABLE_MAX 12

/* Where the tone of a syllable goes, by the traditional rule that most Vietnamese newspapers
 * still print ("hòa", "thủy"): after skipping the consonant u of "qu" and the i of "gi"+vowel,
 * a vowel carrying a modifier (ă â ê ô ơ ư) takes it (the last such: "ươ" -> ơ); else the last
 * vowel when a consonant follows ("hoàn"); else the middle of three vowels ("ngoài"), the first
 * of two ("hòa", "thủy", "mùa") or the only one. Returns -1 when the syllable is not one. */
int ent_fold_tone_position(const struct ent_fold_letter *l, int n)
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

/* Applies a combining mark to the syllable's last letter; returns 0 if it is not one of ours. */
int ent_fold_apply_mark(struct ent_fold_letter *l, int n, uint32_t cp)
{
    if (n == 0 || l[n - 1].vowel < 0) {
        return 0;
    }
    struct ent_fold_letter *v = &l[n - 1];
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

/* The syllable being folded. Its letters are written to the output as they come (lowercase);
 * only when its tone sits elsewhere than the rule says is it written again. */
struct fold_syllable {
    struct ent_fold_letter l[FOLD_SYLLABLE_MAX];
    int n;
    int vowels, toned;
    bool overflow;   /* longer than any syllable: left as written */
    size_t start;    /* where its bytes start in the output */
    size_t last_pos; /* where its last letter's bytes start */
};

static int put_letter(const struct ent_fold_letter *l, char *out, size_t pos, size_t cap)
{
    if (l->vowel < 0) {
        return utf8_put(l->cp, out, pos, cap);
    }
    const unsigned char *u = ent_fold_vowel_utf8[l->vowel][l->tone];
    if (pos + u[0] >= cap) {
        return -1;
    }
    memcpy(out + pos, u + 1, u[0]);
    return u[0];
}

/* Ends the syllable: moves its tone where the rule puts it. Returns the new output length. */
static long end_syllable(struct fold_syllable *syl, char *out, size_t pos, size_t cap)
{
    if (syl->n >= 2 && syl->toned == 1 && syl->vowels >= 2 && !syl->overflow) {
        int at = ent_fold_tone_position(syl->l, syl->n);
        if (at >= 0 && syl->l[at].tone == 0) {
            int tone = 0;
            for (int i = 0; i < syl->n; i++) {
                if (syl->l[i].vowel >= 0 && syl->l[i].tone != 0) {
                    tone = syl->l[i].tone;
                    syl->l[i].tone = 0;
                }
            }
            syl->l[at].tone = (uint8_t)tone;
            pos = syl->start;
            for (int i = 0; i < syl->n; i++) {
                int w = put_letter(&syl->l[i], out, pos, cap);
                if (w < 0) {
                    return -1;
                }
                pos += (size_t)w;
            }
        }
    }
    syl->n = syl->vowels = syl->toned = 0;
    syl->overflow = false;
    return (long)pos;
}

static int add_letter(struct fold_syllable *syl, const struct ent_fold_letter *l, char *out,
                      size_t pos, size_t cap)
{
    if (syl->n == 0) {
        syl->start = pos;
    }
    if (syl->n < FOLD_SYLLABLE_MAX) {
        syl->l[syl->n].vowel = l->vowel;
        syl->l[syl->n].tone = l->tone;
        syl->l[syl->n].cp = l->cp;
    } else {
        syl->overflow = true;
    }
    syl->n++;
    if (l->vowel >= 0) {
        syl->vowels++;
        syl->toned += l->tone != 0;
    }
    syl->last_pos = pos;
    return put_letter(l, out, pos, cap);
}

/* ASCII letters: lowercase form and vowel index (-1: consonant; -2: not a letter). */
const signed char ent_fold_ascii_vowel[128] = {
    ['a'] = V_A + 1, ['e'] = V_E + 1, ['i'] = V_I + 1, ['o'] = V_O + 1,
    ['u'] = V_U + 1, ['y'] = V_Y + 1, ['A'] = V_A + 1, ['E'] = V_E + 1,
    ['I'] = V_I + 1, ['O'] = V_O + 1, ['U'] = V_U + 1, ['Y'] = V_Y + 1,
};

long enrich_fold(const char *in, size_t len, char *out, size_t cap)
{
    if ((in == NULL && len > 0) || out == NULL || cap == 0) {
        return ENRICH_ERR_INVALID;
    }
    struct fold_syllable syl;
    syl.n = syl.vowels = syl.toned = 0;
    syl.overflow = false;
    syl.start = syl.last_pos = 0;
    size_t pos = 0, i = 0;
    while (i < len) {
        unsigned char c = (unsigned char)in[i];
        struct ent_fold_letter letter = {-1, 0, 0};
        if (c < 0x80) {
            unsigned char lower = (c >= 'A' && c <= 'Z') ? (unsigned char)(c | 0x20) : c;
            if (lower >= 'a' && lower <= 'z') {
                /* The common case: one byte in, one byte out. */
                if (pos + 1 >= cap) {
                    return ENRICH_ERR_NOMEM;
                }
                int8_t vowel = (int8_t)(ent_fold_ascii_vowel[c] - 1);
                if (syl.n == 0) {
                    syl.start = pos;
                }
                /* Fields are stored one by one: building the letter on the stack and copying
                 * it stalls store forwarding in this, the hottest loop. */
                if (syl.n < FOLD_SYLLABLE_MAX) {
                    syl.l[syl.n].vowel = vowel;
                    syl.l[syl.n].tone = 0;
                    syl.l[syl.n].cp = lower;
                } else {
                    syl.overflow = true;
                }
                syl.n++;
                syl.vowels += vowel >= 0;
                syl.last_pos = pos;
                out[pos++] = (char)lower;
                i++;
                continue;
            }
            if (syl.n > 0) {
                long p = end_syllable(&syl, out, pos, cap);
                if (p < 0) {
                    return ENRICH_ERR_NOMEM;
                }
                pos = (size_t)p;
            }
            if (pos + 1 >= cap) {
                return ENRICH_ERR_NOMEM;
            }
            out[pos++] = (char)c;
            i++;
            continue;
        }
        uint32_t cp;
        size_t step = ent_utf8_decode(in + i, len - i, &cp);
        i += step;
        unsigned code = vowel_code(cp);
        if (code != 0) {
            code = (code & 0x7F) - 1;
            letter.vowel = (int8_t)(code / 6);
            letter.tone = (uint8_t)(code % 6);
        } else if (cp == 0x0110 || cp == 0x0111 || cp == 0x00D0 || cp == 0x00F0) {
            letter.cp = 0x0111;
        } else if (cp >= 0x0300 && cp < 0x0370 && syl.n > 0 && syl.n <= FOLD_SYLLABLE_MAX &&
                   syl.l[syl.n - 1].vowel >= 0) {
            /* A decomposed tone or modifier: rewrite the vowel it belongs to. */
            struct ent_fold_letter *v = &syl.l[syl.n - 1];
            bool had_tone = v->tone != 0;
            if (ent_fold_apply_mark(syl.l, syl.n, cp)) {
                syl.toned += (v->tone != 0) - had_tone;
                int w = put_letter(v, out, syl.last_pos, cap);
                if (w < 0) {
                    return ENRICH_ERR_NOMEM;
                }
                pos = syl.last_pos + (size_t)w;
                continue;
            }
            letter.cp = cp;
        } else if (ent_char_class(cp) & (ENT_CH_LETTER | ENT_CH_MARK)) {
            letter.cp = (uint32_t)utf8proc_tolower((utf8proc_int32_t)cp);
        } else {
            if (syl.n > 0) {
                long p = end_syllable(&syl, out, pos, cap);
                if (p < 0) {
                    return ENRICH_ERR_NOMEM;
                }
                pos = (size_t)p;
            }
            int w = utf8_put(cp, out, pos, cap);
            if (w < 0) {
                return ENRICH_ERR_NOMEM;
            }
            pos += (size_t)w;
            continue;
        }
        int w = add_letter(&syl, &letter, out, pos, cap);
        if (w < 0) {
            return ENRICH_ERR_NOMEM;
        }
        pos += (size_t)w;
    }
    if (syl.n > 0) {
        long p = end_syllable(&syl, out, pos, cap);
        if (p < 0) {
            return ENRICH_ERR_NOMEM;
        }
        pos = (size_t)p;
    }
    if (pos >= cap) {
        return ENRICH_ERR_NOMEM;
    }
    out[pos] = '\0';
    return (long)pos;
}
