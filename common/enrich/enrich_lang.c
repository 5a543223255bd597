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

static bool english_function_word(const char *w, size_t n)
{
    static const char *const words[] = {
        "the",  "of",   "and",  "to",   "in",   "is",   "that",  "for",   "on",    "with",
        "as",   "was",  "by",   "at",   "from", "it",   "its",   "has",   "have",  "will",
        "are",  "be",   "said", "were", "been", "this", "which", "their", "after", "would",
        "also", "than", "more", "but",  "not",  "an",   "they",  "had",   "who",   "over"};
    if (n < 1 || n > 5 || (n == 1 && (w[0] | 0x20) != 'a')) {
        return false;
    }
    char low[8];
    for (size_t i = 0; i < n; i++) {
        char c = w[i];
        low[i] = (c >= 'A' && c <= 'Z') ? (char)(c + 32) : c;
    }
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++) {
        if (strlen(words[i]) == n && memcmp(words[i], low, n) == 0) {
            return true;
        }
    }
    return false;
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
    size_t i = 0, words = 0, vi_words = 0, en_words = 0;
    while (i < len) {
        while (i < len && (p[i] == ' ' || p[i] == '\n')) {
            i++;
        }
        if (i >= len) {
            break;
        }
        size_t start = i;
        bool letters = false, vi = false, ascii = true;
        while (i < len && p[i] != ' ' && p[i] != '\n') {
            if (p[i] < 0x80) {
                letters |= (p[i] | 0x20) >= 'a' && (p[i] | 0x20) <= 'z';
                i++;
                continue;
            }
            size_t adv;
            int32_t cp = enrich_utf8_decode(p + i, len - i, &adv);
            ascii = false;
            if (cp > 0 && enrich_utf8_is_vi_letter(cp)) {
                vi = true;
                letters = true;
            }
            i += adv;
        }
        if (!letters) {
            continue;
        }
        words++;
        vi_words += vi;
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
    /* Vietnamese prose has diacritics on about half its syllables; English copy keeps them in
     * Vietnamese names only. English prose has function words in a quarter or more of its
     * words; Vietnamese typed without marks shares only "to", "an", "in" with that list. */
    if (vi_words * 100 >= words * 35) {
        return ENRICH_LANG_VI;
    }
    if (en_words * 100 >= words * 15) {
        return ENRICH_LANG_EN;
    }
    return ENRICH_LANG_VI;
}
