/*
 * Language detection between the two languages the feeds carry. Vietnamese is written with
 * letters no English word uses, so the share of lowercase words holding one decides long text.
 * Short text and text without diacritics are weighed on evidence from both languages: English
 * function words and ASCII words that cannot be one Vietnamese syllable ("chairman", "Monday")
 * against Vietnamese function words typed without marks ("cua", "duoc") and lowercase words
 * shaped like a Vietnamese syllable. Capitalized words weigh half: names and brands travel
 * between the two languages.
 */
#include <string.h>

#include "enrich_internal.h"
#include "enrich_utf8.h"

#define LANG_SAMPLE_BYTES (16 * 1024)
#define LANG_SAMPLE_WORDS 400 /* enough to tell the two apart; keeps the cost constant */

static bool vowel(char c)
{
    return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' || c == 'y';
}

/* The length of the initial consonant w starts with (w: n lowercase ASCII letters), 0 when it
 * starts with none; the longest wins ("ngh" over "ng" and "n"). The initials are ngh ng nh ch gh
 * gi kh ph qu th tr and b c d g h k l m n p r s t v x; a lone "q" is none. */
static size_t initial_len(const char *w, size_t n)
{
    char c1 = n > 1 ? w[1] : '\0', c2 = n > 2 ? w[2] : '\0';
    switch (w[0]) {
    case 'n':
        if (c1 == 'g') {
            return c2 == 'h' ? 3 : 2;
        }
        return c1 == 'h' ? 2 : 1;
    case 'c':
    case 'k':
    case 'p':
        return c1 == 'h' ? 2 : 1;
    case 'g':
        return c1 == 'h' || c1 == 'i' ? 2 : 1;
    case 'q':
        return c1 == 'u' ? 2 : 0;
    case 't':
        return c1 == 'h' || c1 == 'r' ? 2 : 1;
    case 'b':
    case 'd':
    case 'h':
    case 'l':
    case 'm':
    case 'r':
    case 's':
    case 'v':
    case 'x':
        return 1;
    default:
        return 0;
    }
}

/* Whether w (n lowercase ASCII letters, n >= 1) is a final consonant: ch ng nh c m n p t. */
static bool final_consonant(const char *w, size_t n)
{
    if (n == 1) {
        return w[0] == 'c' || w[0] == 'm' || w[0] == 'n' || w[0] == 'p' || w[0] == 't';
    }
    return n == 2 &&
           ((w[0] == 'c' && w[1] == 'h') || (w[0] == 'n' && (w[1] == 'g' || w[1] == 'h')));
}

/*
 * Whether an ASCII word of letters could be one Vietnamese syllable written without marks:
 * initial consonant, one to three vowels, final consonant from the closed set.
 */
static bool vietnamese_syllable_shape(const char *w, size_t n)
{
    char low[8];
    if (n == 0 || n > 7) {
        return false;
    }
    for (size_t i = 0; i < n; i++) {
        low[i] = (char)(w[i] | 0x20);
    }
    size_t i = initial_len(low, n);
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
    return i == n || final_consonant(low + i, n - i);
}

/* A word of the sample: its bytes, and what its characters say. */
struct lang_word {
    size_t start, end;
    bool letters; /* holds a letter */
    bool vi;      /* holds a letter only Vietnamese uses */
    bool ascii;   /* only ASCII bytes */
    bool lower;   /* its first letter is lowercase */
};

/* What an ASCII byte is to the word reader. */
enum { C_LETTER = 1, C_LOWER = 2, C_SEPARATOR = 4 };
static const unsigned char ascii_class[128] = {
    ['\n'] = C_SEPARATOR,       [' '] = C_SEPARATOR,        ['A'] = C_LETTER,
    ['B'] = C_LETTER,           ['C'] = C_LETTER,           ['D'] = C_LETTER,
    ['E'] = C_LETTER,           ['F'] = C_LETTER,           ['G'] = C_LETTER,
    ['H'] = C_LETTER,           ['I'] = C_LETTER,           ['J'] = C_LETTER,
    ['K'] = C_LETTER,           ['L'] = C_LETTER,           ['M'] = C_LETTER,
    ['N'] = C_LETTER,           ['O'] = C_LETTER,           ['P'] = C_LETTER,
    ['Q'] = C_LETTER,           ['R'] = C_LETTER,           ['S'] = C_LETTER,
    ['T'] = C_LETTER,           ['U'] = C_LETTER,           ['V'] = C_LETTER,
    ['W'] = C_LETTER,           ['X'] = C_LETTER,           ['Y'] = C_LETTER,
    ['Z'] = C_LETTER,           ['a'] = C_LETTER | C_LOWER, ['b'] = C_LETTER | C_LOWER,
    ['c'] = C_LETTER | C_LOWER, ['d'] = C_LETTER | C_LOWER, ['e'] = C_LETTER | C_LOWER,
    ['f'] = C_LETTER | C_LOWER, ['g'] = C_LETTER | C_LOWER, ['h'] = C_LETTER | C_LOWER,
    ['i'] = C_LETTER | C_LOWER, ['j'] = C_LETTER | C_LOWER, ['k'] = C_LETTER | C_LOWER,
    ['l'] = C_LETTER | C_LOWER, ['m'] = C_LETTER | C_LOWER, ['n'] = C_LETTER | C_LOWER,
    ['o'] = C_LETTER | C_LOWER, ['p'] = C_LETTER | C_LOWER, ['q'] = C_LETTER | C_LOWER,
    ['r'] = C_LETTER | C_LOWER, ['s'] = C_LETTER | C_LOWER, ['t'] = C_LETTER | C_LOWER,
    ['u'] = C_LETTER | C_LOWER, ['v'] = C_LETTER | C_LOWER, ['w'] = C_LETTER | C_LOWER,
    ['x'] = C_LETTER | C_LOWER, ['y'] = C_LETTER | C_LOWER, ['z'] = C_LETTER | C_LOWER,
};

/* Decodes the character at p[*k] (not ASCII) and moves *k past it; a letter of Vietnamese
 * sets *vi and *letters. Returns the code point, or a negative value for a broken sequence. */
static inline int32_t read_non_ascii(const unsigned char *p, size_t len, size_t *k, bool *vi,
                                     bool *letters)
{
    size_t adv;
    int32_t cp = enrich_utf8_decode(p + *k, len - *k, &adv);
    *k += adv;
    if (cp > 0 && enrich_utf8_is_vi_letter(cp)) {
        *vi = true;
        *letters = true;
    }
    return cp;
}

/*
 * Reads the word after p[*i] (words are cut at spaces and newlines) into w and moves *i past
 * it; false at the end of the text. Read in three steps, each doing only what is still open:
 * up to the first letter (which says the case), then while no letter of Vietnamese has shown,
 * then, once the word is decided, only to its end.
 */
static bool next_word(const unsigned char *p, size_t len, size_t *i, struct lang_word *w)
{
    size_t k = *i;
    while (k < len && (p[k] == ' ' || p[k] == '\n')) {
        k++;
    }
    if (k >= len) {
        *i = k;
        return false;
    }
    w->start = k;
    bool letters = false, vi = false, ascii = true, lower = false;
    /* Up to the first letter. */
    while (k < len) {
        unsigned char b = p[k];
        if (b < 0x80) {
            unsigned c = ascii_class[b];
            if (c & C_SEPARATOR) {
                goto done;
            }
            k++;
            if (c & C_LETTER) {
                letters = true;
                lower = (c & C_LOWER) != 0;
                goto after_first;
            }
            continue;
        }
        ascii = false;
        int32_t cp = read_non_ascii(p, len, &k, &vi, &letters);
        if (cp > 0 && enrich_utf8_is_letter(cp)) {
            lower = enrich_utf8_is_lower(cp);
            goto after_first;
        }
    }
    goto done;
after_first:
    /* Until a letter of Vietnamese. */
    while (!vi && k < len) {
        unsigned char b = p[k];
        if (b < 0x80) {
            unsigned c = ascii_class[b];
            if (c & C_SEPARATOR) {
                goto done;
            }
            letters |= (c & C_LETTER) != 0;
            k++;
            continue;
        }
        ascii = false;
        read_non_ascii(p, len, &k, &vi, &letters);
    }
    /* Decided: its other bytes change nothing. */
    while (k < len && p[k] != ' ' && p[k] != '\n') {
        k++;
    }
done:
    w->end = k;
    w->letters = letters;
    w->vi = vi;
    w->ascii = ascii;
    w->lower = lower;
    *i = k;
    return true;
}

/* The evidence of an ASCII word w, in half units, added to *en_half or *vi_half. */
static void ascii_evidence(const char *text, const struct lang_word *w, size_t *en_half,
                           size_t *vi_half)
{
    const unsigned char *p = (const unsigned char *)text;
    size_t b = w->start, e = w->end;
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
        *en_half += 2;
    } else if (enrich_lang_function_word(ENRICH_LANG_VI, text + b, e - b)) {
        *vi_half += 2;
    } else if (plain && has_lower) {
        /* All-capital words are acronyms (GDP, USD), shared by both languages. */
        bool shape = vietnamese_syllable_shape(text + b, e - b);
        size_t weight = w->lower ? 2 : 1;
        if (shape) {
            *vi_half += w->lower ? 1 : 0; /* "met", "can" are English too */
        } else {
            *en_half += weight;
        }
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
    size_t i = 0, words = 0, vi_lower = 0, vi_capital = 0;
    /* Evidence in half units: capitalized words count one, lowercase and function words two. */
    size_t en_half = 0, vi_half = 0;
    struct lang_word w;
    while (next_word(p, len, &i, &w)) {
        if (!w.letters) {
            continue;
        }
        if (++words > LANG_SAMPLE_WORDS) {
            words--;
            break;
        }
        vi_lower += w.vi && w.lower;
        vi_capital += w.vi && !w.lower;
        if (vi_lower * 100 >= LANG_SAMPLE_WORDS * 25) {
            /* The test below holds for any number of words up to the sample's: no need to read
             * on. Vietnamese prose gets here after about 250 words. */
            return ENRICH_LANG_VI;
        }
        if (w.ascii) {
            ascii_evidence(text, &w, &en_half, &vi_half);
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
