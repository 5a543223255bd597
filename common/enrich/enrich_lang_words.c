/*
 * The function words language detection weighs: English ones, and Vietnamese ones as typed
 * without diacritics. Kept apart from the detector so that its test can hold the detector as it
 * was and still read the same lists.
 */
#include <string.h>

#include "enrich_internal.h"

/* Function words of one language, by length in bytes (1 to 5), lowercase ASCII. */
struct lang_words {
    const char *const *by_len[6];
    size_t count[6];
};

static const char *const en1[] = {"a"};
static const char *const en2[] = {"of", "to", "in", "is", "on", "as", "by", "at", "it", "be", "an"};
static const char *const en3[] = {"the", "and", "for", "was", "its", "has",
                                  "are", "but", "not", "had", "who"};
static const char *const en4[] = {"that", "with", "from", "have", "will", "said", "were",
                                  "been", "this", "also", "than", "more", "they", "over"};
static const char *const en5[] = {"which", "their", "after", "would"};

/* English function words. */
static const struct lang_words english_words = {
    {NULL, en1, en2, en3, en4, en5},
    {0, sizeof en1 / sizeof en1[0], sizeof en2 / sizeof en2[0], sizeof en3 / sizeof en3[0],
     sizeof en4 / sizeof en4[0], sizeof en5 / sizeof en5[0]}};

static const char *const vi2[] = {"va", "la", "da", "se", "ve", "co", "ra", "di", "ba"};
static const char *const vi3[] = {"cua", "cac", "cho", "voi", "nay", "mot", "thi", "tai", "khi",
                                  "nam", "den", "nhu", "sau", "hon", "rat", "lam", "ong", "vao"};
static const char *const vi4[] = {"theo", "cung", "ngay", "tren", "duoi", "dang", "nhan", "duoc"};
static const char *const vi5[] = {"nhung", "trong", "khong", "nguoi", "truoc", "nhieu"};

/* Vietnamese function words as typed without diacritics; none is an English word. */
static const struct lang_words vietnamese_words = {
    {NULL, NULL, vi2, vi3, vi4, vi5},
    {0, 0, sizeof vi2 / sizeof vi2[0], sizeof vi3 / sizeof vi3[0], sizeof vi4 / sizeof vi4[0],
     sizeof vi5 / sizeof vi5[0]}};

/* Whether the word w of n bytes, in any case, is one of words. */
static bool listed(const struct lang_words *words, const char *w, size_t n)
{
    char low[8];
    if (n == 0 || n > 5) {
        return false;
    }
    for (size_t i = 0; i < n; i++) {
        low[i] = (char)(w[i] | 0x20);
    }
    for (size_t i = 0; i < words->count[n]; i++) {
        const char *f = words->by_len[n][i];
        if (f[0] == low[0] && memcmp(low + 1, f + 1, n - 1) == 0) {
            return true;
        }
    }
    return false;
}

bool enrich_lang_function_word(enum enrich_lang lang, const char *w, size_t n)
{
    return listed(lang == ENRICH_LANG_EN ? &english_words : &vietnamese_words, w, n);
}
