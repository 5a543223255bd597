/*
 * Language detection between the two languages the feeds carry. Vietnamese is written with
 * letters no English word uses, so the share of words holding one decides; English function
 * words settle text without diacritics (English wire copy, or Vietnamese typed without marks,
 * which keeps "vi").
 */
#include <string.h>

#include "enrich_internal.h"
#include "enrich_utf8.h"

#define LANG_SAMPLE_BYTES (16 * 1024)
#define LANG_SAMPLE_WORDS 400 /* enough to tell the two apart; keeps the cost constant */

static bool in_words(const char *low, size_t n, const char *const *list, size_t count)
{
    for (size_t i = 0; i < count; i++) {
        if (memcmp(low, list[i], n) == 0) {
            return true;
        }
    }
    return false;
}

#define IN(list) in_words(low, n, list, sizeof list / sizeof list[0])

/* English function words, by length. */
static bool english_function_word(const char *w, size_t n)
{
    static const char *const w2[] = {"of", "to", "in", "is", "on", "as",
                                     "by", "at", "it", "be", "an"};
    static const char *const w3[] = {"the", "and", "for", "was", "its", "has",
                                     "are", "but", "not", "had", "who"};
    static const char *const w4[] = {"that", "with", "from", "have", "will", "said", "were",
                                     "been", "this", "also", "than", "more", "they", "over"};
    static const char *const w5[] = {"which", "their", "after", "would"};
    char low[8];
    if (n == 0 || n > 5) {
        return false;
    }
    for (size_t i = 0; i < n; i++) {
        low[i] = (char)(w[i] | 0x20);
    }
    switch (n) {
    case 1:
        return low[0] == 'a';
    case 2:
        return IN(w2);
    case 3:
        return IN(w3);
    case 4:
        return IN(w4);
    default:
        return IN(w5);
    }
}

enum enrich_lang enrich_lang_detect(const char *text, size_t len)
{
    if (len > LANG_SAMPLE_BYTES) {
        len = LANG_SAMPLE_BYTES;
        while (len > 0 && ((unsigned char)text[len] & 0xC0) == 0x80) {
            len--; /* stop at a character boundary */
        }
    }
    const unsigned char *p = (const unsigned char *)text;
    size_t i = 0, words = 0, vi_lower = 0, en_words = 0;
    while (i < len) {
        while (i < len && (p[i] == ' ' || p[i] == '\n')) {
            i++;
        }
        if (i >= len) {
            break;
        }
        size_t start = i;
        bool letters = false, vi = false, ascii = true, lower = false, first = true;
        while (i < len && p[i] != ' ' && p[i] != '\n') {
            if (p[i] < 0x80) {
                bool letter = (p[i] | 0x20) >= 'a' && (p[i] | 0x20) <= 'z';
                lower |= first && letter && p[i] >= 'a';
                first &= !letter;
                letters |= letter;
                i++;
                continue;
            }
            size_t adv;
            ascii = false;
            if (!vi || first) {
                int32_t cp = enrich_utf8_decode(p + i, len - i, &adv);
                if (cp > 0 && enrich_utf8_is_vi_letter(cp)) {
                    vi = true;
                    letters = true;
                }
                if (first && cp > 0 && enrich_utf8_is_letter(cp)) {
                    lower = enrich_utf8_is_lower(cp);
                    first = false;
                }
            } else {
                adv = 1; /* the word is decided; skip its bytes */
            }
            i += adv;
        }
        if (!letters) {
            continue;
        }
        if (++words > LANG_SAMPLE_WORDS) {
            words--;
            break;
        }
        vi_lower += vi && lower;
        if (vi_lower * 100 >= LANG_SAMPLE_WORDS * 25) {
            /* The test below holds for any number of words up to the sample's: no need to read
             * on. Vietnamese prose gets here after about 250 words. */
            return ENRICH_LANG_VI;
        }
        if (ascii) {
            size_t b = start, e = i;
            while (b < e && !((p[b] | 0x20) >= 'a' && (p[b] | 0x20) <= 'z')) {
                b++;
            }
            while (e > b && !((p[e - 1] | 0x20) >= 'a' && (p[e - 1] | 0x20) <= 'z')) {
                e--;
            }
            en_words += english_function_word(text + b, e - b);
        }
    }
    if (words == 0) {
        return ENRICH_LANG_VI;
    }
    /* Vietnamese prose has diacritics on about half its syllables, most of them in lowercase
     * words ("của", "được"); English copy keeps them in capitalized Vietnamese names only
     * ("Nguyễn Phú Trọng", "Hà Nội"), which may be many in a short story. English prose has
     * function words in a quarter or more of its words, and more of them than lowercase words
     * with Vietnamese letters; Vietnamese typed without marks shares only "to", "an", "in"
     * with that list. */
    if (vi_lower * 100 >= words * 25) {
        return ENRICH_LANG_VI;
    }
    if (en_words * 100 >= words * 15 && en_words > vi_lower) {
        return ENRICH_LANG_EN;
    }
    return ENRICH_LANG_VI;
}
