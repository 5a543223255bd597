/*
 * Tables of the fold key (enrich_fold.c) and the tokenizer (enrich_entities_tokens.c),
 * generated once from Unicode data: the 12 Vietnamese vowels (a ă â e ê i o ô ơ u ư y) times
 * the 6 tones (none, grave, acute, hook, tilde, dot below), and đ.
 */
#include <stdint.h>

#include "enrich_entities_internal.h"

/* Code 1 + vowel * 6 + tone (| 0x80 if uppercase) of U+00C0..U+01BF, ENT_FOLD_D for đ/Đ/Ð/ð;
 * laid out so that the second byte of a two-byte UTF-8 sequence with lead C3..C6 indexes it:
 * (lead - 0xC3) * 64 + (byte & 0x3F). */
const uint8_t ent_fold_latin[256] = {
    130, 131, 141, 133, 0,   0,   0, 0, 148, 149, 153, 0, 160, 161, 0, 0,   /* U+00C0 */
    255, 0,   166, 167, 171, 169, 0, 0, 0,   184, 185, 0, 0,   197, 0, 0,   /* U+00D0 */
    2,   3,   13,  5,   0,   0,   0, 0, 20,  21,  25,  0, 32,  33,  0, 0,   /* U+00E0 */
    127, 0,   38,  39,  43,  41,  0, 0, 0,   56,  57,  0, 0,   69,  0, 0,   /* U+00F0 */
    0,   0,   135, 7,   0,   0,   0, 0, 0,   0,   0,   0, 0,   0,   0, 0,   /* U+0100 */
    255, 127, 0,   0,   0,   0,   0, 0, 0,   0,   0,   0, 0,   0,   0, 0,   /* U+0110 */
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

/* The same for U+1EA0..U+1EFF (three-byte sequences E1 BA A0 .. E1 BB BF). */
const uint8_t ent_fold_viet[96] = {
    134, 6,  132, 4,  143, 15, 142, 14, 144, 16, 145, 17, 146, 18, 137, 9,  /* U+1EA0 */
    136, 8,  138, 10, 139, 11, 140, 12, 152, 24, 150, 22, 151, 23, 155, 27, /* U+1EB0 */
    154, 26, 156, 28, 157, 29, 158, 30, 162, 34, 164, 36, 170, 42, 168, 40, /* U+1EC0 */
    173, 45, 172, 44, 174, 46, 175, 47, 176, 48, 179, 51, 178, 50, 180, 52, /* U+1ED0 */
    181, 53, 182, 54, 188, 60, 186, 58, 191, 63, 190, 62, 192, 64, 193, 65, /* U+1EE0 */
    194, 66, 196, 68, 200, 72, 198, 70, 199, 71, 0,   0,  0,   0,  0,   0,  /* U+1EF0 */
};

/* UTF-8 of each lowercase form by code: the first byte holds the length and the
 * ENT_FOLD_VOWEL/ENT_FOLD_TONED/ENT_FOLD_MODIFIED bits, then up to three bytes. */
const unsigned char ent_fold_code_utf8[128][4] = {
    {0, 0, 0, 0},
    {0x21, 0x61, 0x00, 0x00}, /* 1: a */
    {0x32, 0xC3, 0xA0, 0x00}, /* 2: a grave */
    {0x32, 0xC3, 0xA1, 0x00}, /* 3: a acute */
    {0x33, 0xE1, 0xBA, 0xA3}, /* 4: a hook */
    {0x32, 0xC3, 0xA3, 0x00}, /* 5: a tilde */
    {0x33, 0xE1, 0xBA, 0xA1}, /* 6: a dot */
    {0x62, 0xC4, 0x83, 0x00}, /* 7: ă */
    {0x73, 0xE1, 0xBA, 0xB1}, /* 8: ă grave */
    {0x73, 0xE1, 0xBA, 0xAF}, /* 9: ă acute */
    {0x73, 0xE1, 0xBA, 0xB3}, /* 10: ă hook */
    {0x73, 0xE1, 0xBA, 0xB5}, /* 11: ă tilde */
    {0x73, 0xE1, 0xBA, 0xB7}, /* 12: ă dot */
    {0x62, 0xC3, 0xA2, 0x00}, /* 13: â */
    {0x73, 0xE1, 0xBA, 0xA7}, /* 14: â grave */
    {0x73, 0xE1, 0xBA, 0xA5}, /* 15: â acute */
    {0x73, 0xE1, 0xBA, 0xA9}, /* 16: â hook */
    {0x73, 0xE1, 0xBA, 0xAB}, /* 17: â tilde */
    {0x73, 0xE1, 0xBA, 0xAD}, /* 18: â dot */
    {0x21, 0x65, 0x00, 0x00}, /* 19: e */
    {0x32, 0xC3, 0xA8, 0x00}, /* 20: e grave */
    {0x32, 0xC3, 0xA9, 0x00}, /* 21: e acute */
    {0x33, 0xE1, 0xBA, 0xBB}, /* 22: e hook */
    {0x33, 0xE1, 0xBA, 0xBD}, /* 23: e tilde */
    {0x33, 0xE1, 0xBA, 0xB9}, /* 24: e dot */
    {0x62, 0xC3, 0xAA, 0x00}, /* 25: ê */
    {0x73, 0xE1, 0xBB, 0x81}, /* 26: ê grave */
    {0x73, 0xE1, 0xBA, 0xBF}, /* 27: ê acute */
    {0x73, 0xE1, 0xBB, 0x83}, /* 28: ê hook */
    {0x73, 0xE1, 0xBB, 0x85}, /* 29: ê tilde */
    {0x73, 0xE1, 0xBB, 0x87}, /* 30: ê dot */
    {0x21, 0x69, 0x00, 0x00}, /* 31: i */
    {0x32, 0xC3, 0xAC, 0x00}, /* 32: i grave */
    {0x32, 0xC3, 0xAD, 0x00}, /* 33: i acute */
    {0x33, 0xE1, 0xBB, 0x89}, /* 34: i hook */
    {0x32, 0xC4, 0xA9, 0x00}, /* 35: i tilde */
    {0x33, 0xE1, 0xBB, 0x8B}, /* 36: i dot */
    {0x21, 0x6F, 0x00, 0x00}, /* 37: o */
    {0x32, 0xC3, 0xB2, 0x00}, /* 38: o grave */
    {0x32, 0xC3, 0xB3, 0x00}, /* 39: o acute */
    {0x33, 0xE1, 0xBB, 0x8F}, /* 40: o hook */
    {0x32, 0xC3, 0xB5, 0x00}, /* 41: o tilde */
    {0x33, 0xE1, 0xBB, 0x8D}, /* 42: o dot */
    {0x62, 0xC3, 0xB4, 0x00}, /* 43: ô */
    {0x73, 0xE1, 0xBB, 0x93}, /* 44: ô grave */
    {0x73, 0xE1, 0xBB, 0x91}, /* 45: ô acute */
    {0x73, 0xE1, 0xBB, 0x95}, /* 46: ô hook */
    {0x73, 0xE1, 0xBB, 0x97}, /* 47: ô tilde */
    {0x73, 0xE1, 0xBB, 0x99}, /* 48: ô dot */
    {0x62, 0xC6, 0xA1, 0x00}, /* 49: ơ */
    {0x73, 0xE1, 0xBB, 0x9D}, /* 50: ơ grave */
    {0x73, 0xE1, 0xBB, 0x9B}, /* 51: ơ acute */
    {0x73, 0xE1, 0xBB, 0x9F}, /* 52: ơ hook */
    {0x73, 0xE1, 0xBB, 0xA1}, /* 53: ơ tilde */
    {0x73, 0xE1, 0xBB, 0xA3}, /* 54: ơ dot */
    {0x21, 0x75, 0x00, 0x00}, /* 55: u */
    {0x32, 0xC3, 0xB9, 0x00}, /* 56: u grave */
    {0x32, 0xC3, 0xBA, 0x00}, /* 57: u acute */
    {0x33, 0xE1, 0xBB, 0xA7}, /* 58: u hook */
    {0x32, 0xC5, 0xA9, 0x00}, /* 59: u tilde */
    {0x33, 0xE1, 0xBB, 0xA5}, /* 60: u dot */
    {0x62, 0xC6, 0xB0, 0x00}, /* 61: ư */
    {0x73, 0xE1, 0xBB, 0xAB}, /* 62: ư grave */
    {0x73, 0xE1, 0xBB, 0xA9}, /* 63: ư acute */
    {0x73, 0xE1, 0xBB, 0xAD}, /* 64: ư hook */
    {0x73, 0xE1, 0xBB, 0xAF}, /* 65: ư tilde */
    {0x73, 0xE1, 0xBB, 0xB1}, /* 66: ư dot */
    {0x21, 0x79, 0x00, 0x00}, /* 67: y */
    {0x33, 0xE1, 0xBB, 0xB3}, /* 68: y grave */
    {0x32, 0xC3, 0xBD, 0x00}, /* 69: y acute */
    {0x33, 0xE1, 0xBB, 0xB7}, /* 70: y hook */
    {0x33, 0xE1, 0xBB, 0xB9}, /* 71: y tilde */
    {0x33, 0xE1, 0xBB, 0xB5}, /* 72: y dot */
    {0, 0, 0, 0},
    {0, 0, 0, 0},
    {0, 0, 0, 0},
    {0, 0, 0, 0},
    {0, 0, 0, 0},
    {0, 0, 0, 0},
    {0, 0, 0, 0},
    {0, 0, 0, 0},
    {0, 0, 0, 0},
    {0, 0, 0, 0},
    {0, 0, 0, 0},
    {0, 0, 0, 0},
    {0, 0, 0, 0},
    {0, 0, 0, 0},
    {0, 0, 0, 0},
    {0, 0, 0, 0},
    {0, 0, 0, 0},
    {0, 0, 0, 0},
    {0, 0, 0, 0},
    {0, 0, 0, 0},
    {0, 0, 0, 0},
    {0, 0, 0, 0},
    {0, 0, 0, 0},
    {0, 0, 0, 0},
    {0, 0, 0, 0},
    {0, 0, 0, 0},
    {0, 0, 0, 0},
    {0, 0, 0, 0},
    {0, 0, 0, 0},
    {0, 0, 0, 0},
    {0, 0, 0, 0},
    {0, 0, 0, 0},
    {0, 0, 0, 0},
    {0, 0, 0, 0},
    {0, 0, 0, 0},
    {0, 0, 0, 0},
    {0, 0, 0, 0},
    {0, 0, 0, 0},
    {0, 0, 0, 0},
    {0, 0, 0, 0},
    {0, 0, 0, 0},
    {0, 0, 0, 0},
    {0, 0, 0, 0},
    {0, 0, 0, 0},
    {0, 0, 0, 0},
    {0, 0, 0, 0},
    {0, 0, 0, 0},
    {0, 0, 0, 0},
    {0, 0, 0, 0},
    {0, 0, 0, 0},
    {0, 0, 0, 0},
    {0, 0, 0, 0},
    {0, 0, 0, 0},
    {0, 0, 0, 0},
    {0x02, 0xC4, 0x91, 0x00}, /* ENT_FOLD_D: đ */
};

/* ASCII: 1 + vowel index of a, e, i, o, u, y (either case); 0 otherwise. */
const signed char ent_fold_ascii_vowel[128] = {
    ['a'] = V_A + 1, ['e'] = V_E + 1, ['i'] = V_I + 1, ['o'] = V_O + 1,
    ['u'] = V_U + 1, ['y'] = V_Y + 1, ['A'] = V_A + 1, ['E'] = V_E + 1,
    ['I'] = V_I + 1, ['O'] = V_O + 1, ['U'] = V_U + 1, ['Y'] = V_Y + 1,
};
