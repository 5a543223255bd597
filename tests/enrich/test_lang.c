/*
 * Language detection (enrich_lang.c) against its reference: the detector as it read every word
 * a character at a time and scanned the lists of initials and finals (kept below, unchanged but
 * for its name; the function-word lists, which did not change, are the library's), on random texts
 * of words that exercise every rule: English and Vietnamese function words, Vietnamese with and
 * without marks, English words shaped or not like a syllable, capitals, acronyms, punctuation,
 * digits, other scripts, combining marks, broken UTF-8, spaces and line breaks. The two must answer
 * the same for every text.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "enrich_internal.h"
#include "enrich_utf8.h"

#define LANG_SAMPLE_BYTES (16 * 1024)
#define LANG_SAMPLE_WORDS 400

/* ---- The reference ---- */

static bool vowel(char c)
{
    return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' || c == 'y';
}

/* The length of the first entry of list that w[0..n) starts with, or 0. Compared a byte at a
 * time: most entries differ at their first byte. */
static size_t prefix_in(const char *w, size_t n, const char *const *list, size_t count)
{
    for (size_t i = 0; i < count; i++) {
        const char *m = list[i];
        size_t k = 0;
        while (m[k] != '\0' && k < n && m[k] == w[k]) {
            k++;
        }
        if (m[k] == '\0') {
            return k;
        }
    }
    return 0;
}

/*
 * Whether an ASCII word of letters could be one Vietnamese syllable written without marks:
 * initial consonant, one to three vowels, final consonant from the closed set. Lists are in
 * longest-first order so that "ngh" wins over "ng" and "n".
 */
static bool vietnamese_syllable_shape(const char *w, size_t n)
{
    static const char *const initials[] = {"ngh", "ng", "nh", "ch", "gh", "gi", "kh", "ph", "qu",
                                           "th",  "tr", "b",  "c",  "d",  "g",  "h",  "k",  "l",
                                           "m",   "n",  "p",  "r",  "s",  "t",  "v",  "x"};
    static const char *const finals[] = {"ch", "ng", "nh", "c", "m", "n", "p", "t"};
    char low[8];
    if (n == 0 || n > 7) {
        return false;
    }
    for (size_t i = 0; i < n; i++) {
        low[i] = (char)(w[i] | 0x20);
    }
    size_t i = prefix_in(low, n, initials, sizeof initials / sizeof initials[0]);
    size_t vowels = 0;
    while (i < n && vowel(low[i])) {
        if (vowels > 0 && low[i] == low[i - 1] && low[i] != 'o') {
            return false; /* "ee", "aa": only "oo" (xoong, boong) doubles */
        }
        vowels++;
        i++;
    }
    if (vowels == 0 || vowels > 3) {
        return false;
    }
    if (i == n) {
        return true;
    }
    size_t k = prefix_in(low + i, n - i, finals, sizeof finals / sizeof finals[0]);
    return k > 0 && i + k == n;
}

static enum enrich_lang reference_detect(const char *text, size_t len)
{
    if (len > LANG_SAMPLE_BYTES) {
        len = LANG_SAMPLE_BYTES;
        while (len > 0 && ((unsigned char)text[len] & 0xC0) == 0x80) {
            len--; /* stop at a character boundary */
        }
    }
    const unsigned char *p = (const unsigned char *)text;
    size_t i = 0, words = 0, vi_lower = 0, vi_capital = 0;
    /* Evidence in half units: capitalized words count one, lowercase and function words two. */
    size_t en_half = 0, vi_half = 0;
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
        vi_capital += vi && !lower;
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
            bool plain = e > b;
            for (size_t k = b; k < e && plain; k++) {
                plain = (p[k] | 0x20) >= 'a' && (p[k] | 0x20) <= 'z';
            }
            bool has_lower = false;
            for (size_t k = b; k < e && !has_lower; k++) {
                has_lower = p[k] >= 'a';
            }
            if (enrich_lang_function_word(ENRICH_LANG_EN, text + b, e - b)) {
                en_half += 2;
            } else if (enrich_lang_function_word(ENRICH_LANG_VI, text + b, e - b)) {
                vi_half += 2;
            } else if (plain && has_lower) {
                /* All-capital words are acronyms (GDP, USD), shared by both languages. */
                bool shape = vietnamese_syllable_shape(text + b, e - b);
                size_t weight = lower ? 2 : 1;
                if (shape) {
                    vi_half += lower ? 1 : 0; /* "met", "can" are English too */
                } else {
                    en_half += weight;
                }
            }
        }
    }
    if (words == 0) {
        return ENRICH_LANG_VI;
    }
    /* Vietnamese prose has diacritics on about half its syllables, most of them in lowercase
     * words ("của", "được"); English copy keeps them in capitalized Vietnamese names only
     * ("Nguyễn Phú Trọng", "Hà Nội"), which may be many in a short story. Below that share,
     * English must outweigh the Vietnamese evidence (a lowercase word with diacritics weighs
     * twice a function word) and make up a sixth of the words: one English word among
     * Vietnamese typed without marks ("to", "an") is not enough. */
    if (vi_lower * 100 >= words * 25) {
        return ENRICH_LANG_VI;
    }
    /* A capitalized word with diacritics is mostly a name, which English copy prints too: it
     * weighs a quarter, enough to keep a Vietnamese headline in title case ("Apple Ra Mắt
     * iPhone 15 Pro Max Tại Việt Nam") from reading as English. */
    vi_half += vi_lower * 4 + vi_capital / 2;
    if (en_half >= 4 && en_half > vi_half && en_half * 100 >= words * 2 * 15) {
        return ENRICH_LANG_EN;
    }
    return ENRICH_LANG_VI;
}

static uint32_t next_random(uint32_t *s)
{
    *s ^= *s << 13;
    *s ^= *s >> 17;
    *s ^= *s << 5;
    return *s;
}

static const char *const words[] = {
    "the",
    "The",
    "of",
    "and",
    "which",
    "said",
    "a",
    "A",
    "it's",
    "(the",
    "that,",
    "va",
    "cua",
    "duoc",
    "nguoi",
    "khong",
    "Nguoi",
    "trong",
    "nhieu",
    "ngh",
    "nghieng",
    "nghe",
    "quy",
    "q",
    "qua",
    "gia",
    "gi",
    "ghe",
    "khach",
    "phuong",
    "thuong",
    "truong",
    "xoong",
    "boong",
    "see",
    "aa",
    "ee",
    "oo",
    "chairman",
    "strength",
    "Monday",
    "queue",
    "met",
    "can",
    "an",
    "to",
    "in",
    "Hanoi",
    "GDP",
    "USD",
    "iPhone",
    "Lee",
    "Jae-yong",
    "x",
    "y",
    "u",
    "ach",
    "oanh",
    "uyen",
    "nhung",
    "fjord",
    "zebra",
    "wine",
    "của",
    "được",
    "người",
    "Việt",
    "Nam",
    "Hà",
    "Nội",
    "Thành",
    "ủy",
    "Đồng",
    "Ông",
    "ấy",
    "\xc3\x89l\xc3\xa8ve",
    "Москва",
    "北京",
    "e\xcc\x81",
    "\xcc\x81"
    "a",
    "\xff",
    "\xe1\xbb",
    "2020",
    "9.720",
    "COVID-19",
    "-",
    "\xe2\x80\x9c"
    "Qu\xe1\xbb\x91"
    "c",
    "\n",
    "\n\n",
    "  ",
};

static void test_matches_reference(void **state)
{
    (void)state;
    uint32_t seed = 0x6b43a9b5u;
    static char text[20000];
    int english = 0, vietnamese = 0;
    for (int round = 0; round < 6000; round++) {
        size_t len = 0;
        /* Mostly short texts, where the evidence of every word counts; some past the sample's
         * words and bytes. */
        uint32_t r = next_random(&seed) % 16;
        int n = (int)(r < 12 ? next_random(&seed) % 40 : next_random(&seed) % 3000);
        /* Texts lean to one language or another, so that both answers come up. */
        uint32_t lean = next_random(&seed) % 3;
        for (int k = 0; k < n; k++) {
            size_t pick = next_random(&seed) % (sizeof words / sizeof words[0]);
            if (lean == 0 && pick >= 70 && next_random(&seed) % 4 != 0) {
                pick = next_random(&seed) % 50; /* mostly ASCII words */
            }
            const char *w = words[pick];
            size_t wl = strlen(w);
            if (len + wl + 1 >= sizeof text) {
                break;
            }
            memcpy(text + len, w, wl);
            len += wl;
            text[len++] = ' ';
        }
        enum enrich_lang want = reference_detect(text, len);
        enum enrich_lang got = enrich_lang_detect(text, len);
        if (got != want) {
            fail_msg("round %d: language %d, the reference says %d", round, (int)got, (int)want);
        }
        english += want == ENRICH_LANG_EN;
        vietnamese += want == ENRICH_LANG_VI;
    }
    /* Both answers were put to the test. */
    assert_true(english > 300);
    assert_true(vietnamese > 300);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_matches_reference),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
