/* Source tags: the outlet's mark that opens a first paragraph ("(CT) - ", "TTXVN - ",
 * "HANOI (Reuters) - "). */
#include <pthread.h>
#include <string.h>

#include "enrich_dates_internal.h"
#include "enrich_entities_internal.h"
#include "enrich_internal.h"
#include "enrich_utf8.h"

static bool starts_with(const char *s, size_t len, const char *prefix)
{
    size_t n = strlen(prefix);
    return len >= n && memcmp(s, prefix, n) == 0;
}

/* Bytes of a dash (-, – or —) at s[i], or 0. */
static size_t dash_at(const char *s, size_t len, size_t i)
{
    if (i < len && s[i] == '-') {
        return 1;
    }
    if (i + 2 < len && (unsigned char)s[i] == 0xE2 && (unsigned char)s[i + 1] == 0x80 &&
        ((unsigned char)s[i + 2] == 0x93 || (unsigned char)s[i + 2] == 0x94)) {
        return 3;
    }
    return 0;
}

/* After the tag: spaces, a dash, spaces, then the paragraph goes on. Returns where it goes on,
 * or 0 when the shape does not match. With need_space, "TAG-x" (no space) does not count. */
static size_t after_dash(const char *s, size_t len, size_t i, bool need_space)
{
    size_t k = i;
    while (k < len && s[k] == ' ') {
        k++;
    }
    bool space_before = k > i;
    size_t d = dash_at(s, len, k);
    if (d == 0) {
        return 0;
    }
    k += d;
    size_t body = k;
    while (body < len && s[body] == ' ') {
        body++;
    }
    if (body >= len) {
        return 0;
    }
    if (need_space && !space_before && body == k) {
        return 0; /* "VN-Index", "F-16": a hyphen inside a word joins it, it sets no tag apart */
    }
    return body;
}

/* "(TTXVN) Sáng 5/11, …": an outlet's code in brackets needs no dash when a sentence follows
 * after a space. Returns where the sentence starts, or 0. */
static size_t after_space(const char *s, size_t len, size_t i)
{
    if (i + 1 >= len || s[i] != ' ' || s[i + 1] == ' ') {
        return 0;
    }
    size_t adv;
    int32_t cp = enrich_utf8_decode((const unsigned char *)s + i + 1, len - i - 1, &adv);
    return cp > 0 && (enrich_utf8_is_upper(cp) || (cp >= '0' && cp <= '9')) ? i + 1 : 0;
}

static bool bare_tag_ok(const char *s, size_t n);

/* A bracketed tag: "CT", "TTXVN", "Chinhphu.vn", "Reuters", "Dân trí": 1-3 words that start
 * with a capital or digit, letters, digits and . & - only. */
static bool bracket_tag_ok(const char *s, size_t n)
{
    if (n < 2 || (n > 32 && !(n <= 48 && enrich_structure_is_outlet(s, n)))) {
        return false;
    }
    /* "(Ảnh minh họa) - …" opens a caption, not a source. */
    static const char *const not_tags[] = {"Ảnh", "Photo", "Video", "Clip", "Xem", "Theo"};
    for (size_t k = 0; k < sizeof not_tags / sizeof not_tags[0]; k++) {
        if (starts_with(s, n, not_tags[k])) {
            return false;
        }
    }
    size_t i = 0;
    int letters = 0, words = 1;
    bool word_start = true;
    while (i < n) {
        size_t adv;
        int32_t cp = enrich_utf8_decode((const unsigned char *)s + i, n - i, &adv);
        if (cp == ' ') {
            words++;
            word_start = true;
            i += adv;
            continue;
        }
        bool letter = cp > 0 && enrich_utf8_is_letter(cp);
        bool digit = cp >= '0' && cp <= '9';
        if (!letter && !digit && cp != '.' && cp != '&' && cp != '-') {
            return false;
        }
        if (word_start && words == 1 && !digit && !enrich_utf8_is_upper(cp)) {
            return false;
        }
        letters += letter;
        word_start = false;
        i += adv;
    }
    /* "(Thời báo Ngân hàng) - ": a longer name only when it is a known outlet's. */
    return letters >= 2 && (words <= 3 || (words <= 6 && enrich_structure_is_outlet(s, n)));
}

/* A bare tag: "TTXVN", "TTO", "ĐNO", "GD&TĐ", "VOV.VN", "Baonghean.vn". Capitals that do not
 * spell a Vietnamese syllable ("HUẾ -" opens with a place, not a source), or a domain name. */
static bool bare_tag_ok(const char *s, size_t n)
{
    if (n < 2 || n > 24) {
        return false;
    }
    const char *dot = memchr(s, '.', n);
    if (dot != NULL) {
        const char *tld = s + n;
        while (tld > s && tld[-1] != '.') {
            tld--;
        }
        size_t tl = (size_t)(s + n - tld);
        char low[8];
        if (tl < 2 || tl > 3 || enrich_utf8_lower(tld, tl, low, sizeof low) < 0) {
            return false;
        }
        if (strcmp(low, "vn") != 0 && strcmp(low, "com") != 0 && strcmp(low, "net") != 0) {
            return false;
        }
        return enrich_utf8_is_upper((unsigned char)s[0]);
    }
    size_t i = 0;
    int upper = 0;
    while (i < n) {
        size_t adv;
        int32_t cp = enrich_utf8_decode((const unsigned char *)s + i, n - i, &adv);
        if (cp == '&' || (cp >= '0' && cp <= '9')) {
            i += adv;
            continue;
        }
        if (cp < 0 || !enrich_utf8_is_upper(cp)) {
            return false;
        }
        upper++;
        i += adv;
    }
    return upper >= 2 && !enrich_utf8_is_vi_syllable(s, n);
}

/* "HANOI", "HÀ NỘI", "HANOI, July 15", "WASHINGTON, D.C.": the first word in capitals. */
static bool place_prefix_ok(const char *s, size_t n)
{
    if (n < 2 || n > 80) {
        return false;
    }
    size_t i = 0, caps = 0;
    while (i < n && s[i] != ' ' && s[i] != ',') {
        size_t adv;
        int32_t cp = enrich_utf8_decode((const unsigned char *)s + i, n - i, &adv);
        if (cp < 0 || !enrich_utf8_is_upper(cp)) {
            if (cp != '.') {
                return false;
            }
        } else {
            caps++;
        }
        i += adv;
    }
    if (caps < 2) {
        return false;
    }
    for (size_t k = 0; k < n; k++) {
        if (s[k] == '(' || s[k] == ')' || s[k] == ':' || s[k] == '"') {
            return false;
        }
    }
    return true;
}

/* A news agency's name or mark, from a closed list: before a place in title case only an
 * agency's mark is a source ("Hanoi (VNA) - "), where "Ông A (CEO) - " is a person and his post;
 * bylines use it for the agencies that write their names in mixed case ("Reuters"). */
bool enrich_structure_is_wire(const char *s, size_t n)
{
    static const char *const wires[] = {
        "VNA",   "TTXVN",  "VNS",     "AP",      "AFP",      "VOV",     "VTV",      "UPI",
        "DPA",   "EFE",    "ANSA",    "TASS",    "PTI",      "Reuters", "Xinhua",   "Bloomberg",
        "Kyodo", "Yonhap", "Bernama", "Sputnik", "Interfax", "Antara",  "Vietnam+", "VietnamPlus"};
    /* The first byte rules out most entries before their length is taken. */
    for (size_t k = 0; n > 0 && k < sizeof wires / sizeof wires[0]; k++) {
        if (wires[k][0] == s[0] && strlen(wires[k]) == n && memcmp(wires[k], s, n) == 0) {
            return true;
        }
    }
    return false;
}

/* The names of data/outlets.tsv (embedded with the gazetteers) in lowercase, read once per
 * process: the rows are few and short, so they live in static storage. */
enum { OUTLETS_MAX = 96, OUTLET_BYTES = 4096 };
static char outlet_text[OUTLET_BYTES];
static const char *outlet_names[OUTLETS_MAX];
static size_t outlet_lens[OUTLETS_MAX];
static size_t outlet_count;
static pthread_once_t outlets_once = PTHREAD_ONCE_INIT;

static void outlets_build(void)
{
    size_t used = 0;
    for (size_t f = 0; f < enrich_gazetteer_file_count; f++) {
        const struct gz_file *gf = &enrich_gazetteer_files[f];
        if (strcmp(gf->name, "outlets.tsv") != 0) {
            continue;
        }
        const char *p = (const char *)gf->data, *end = p + gf->len;
        while (p < end && outlet_count < OUTLETS_MAX) {
            const char *nl = memchr(p, '\n', (size_t)(end - p));
            size_t len = (size_t)((nl != NULL ? nl : end) - p);
            /* Comments and the header row "name" are no outlets; a row that does not fit is
             * left out (test_structure's outlet cases would show it). */
            long low = len > 0 && p[0] != '#' && !(len == 4 && memcmp(p, "name", 4) == 0)
                           ? enrich_utf8_lower(p, len, outlet_text + used, OUTLET_BYTES - used)
                           : -1;
            if (low > 0) { /* written with its NUL */
                outlet_names[outlet_count] = outlet_text + used;
                outlet_lens[outlet_count++] = (size_t)low;
                used += (size_t)low + 1;
            }
            p += len + 1;
        }
    }
}

/* Whether s[0..n) is, ignoring case, a name listed in data/outlets.tsv. Case mapping keeps a
 * Vietnamese letter's UTF-8 length, so only names of n bytes are compared. */
static bool listed_outlet(const char *s, size_t n)
{
    pthread_once(&outlets_once, outlets_build);
    for (size_t k = 0; k < outlet_count; k++) {
        if (outlet_lens[k] == n && enrich_lex_match(s, n, 0, outlet_names[k]) == n) {
            return true;
        }
    }
    return false;
}

bool enrich_structure_is_outlet(const char *s, size_t n)
{
    if (n == 0 || n > 48) {
        return false;
    }
    if (listed_outlet(s, n)) {
        return true;
    }
    /* "Báo Cần Thơ", "Báo Hà Giang điện tử": "Báo" and a capitalized name of four words at most,
     * nothing else on the line. */
    static const char bao[] = "Báo ";
    size_t bl = sizeof bao - 1, adv = 0;
    if (n <= bl || memcmp(s, bao, bl) != 0 || enrich_lex_match(s, n, bl, "cáo") > 0 ||
        enrich_lex_match(s, n, bl, "chí") > 0 ||
        !enrich_utf8_is_upper(enrich_utf8_decode((const unsigned char *)s + bl, n - bl, &adv))) {
        return false;
    }
    size_t words = 1;
    for (size_t i = bl; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x80 && c != ' ' && c != '.' && !((c | 0x20) >= 'a' && (c | 0x20) <= 'z')) {
            return false;
        }
        words += c == ' ';
    }
    return words <= 4;
}

/* A place written in title case before a wire's tag: "Hanoi (VNA) - ", "Hà Nội (TTXVN) - ",
 * "Ho Chi Minh City, Nov 6 (VNA) - ": one to four capitalized words, then at most a date
 * after a comma. */
static bool place_title_ok(const char *s, size_t n)
{
    const char *comma = memchr(s, ',', n);
    size_t head = comma ? (size_t)(comma - s) : n;
    size_t i = 0, words = 0;
    while (i < head) {
        while (i < head && s[i] == ' ') {
            i++;
        }
        if (i == head) {
            break;
        }
        size_t adv;
        int32_t cp = enrich_utf8_decode((const unsigned char *)s + i, head - i, &adv);
        if (cp < 0 || !enrich_utf8_is_upper(cp)) {
            return false;
        }
        while (i < head && s[i] != ' ') {
            cp = enrich_utf8_decode((const unsigned char *)s + i, head - i, &adv);
            if (cp < 0 || !enrich_utf8_is_letter(cp)) {
                return false;
            }
            i += adv;
        }
        words++;
    }
    if (words == 0 || words > 4) {
        return false;
    }
    /* ", Nov 6", ", 6/11": short, with a digit. */
    bool digit = comma == NULL;
    for (size_t k = head + (comma != NULL); k < n; k++) {
        char c = s[k];
        digit |= c >= '0' && c <= '9';
        if (!(c == ' ' || c == '/' || c == '.' || c == '-' || (c >= '0' && c <= '9') ||
              ((c | 0x20) >= 'a' && (c | 0x20) <= 'z'))) {
            return false;
        }
    }
    return digit && n - head <= 16;
}

bool enrich_structure_source_tag(const char *line, size_t len, struct enrich_source_tag *out)
{
    if (len < 4) {
        return false;
    }
    if (line[0] == '(') {
        const char *close = memchr(line, ')', len < 50 ? len : 50); /* a tag's 48 bytes */
        if (close == NULL) {
            return false;
        }
        size_t tl = (size_t)(close - line) - 1;
        size_t body = after_dash(line, len, (size_t)(close - line) + 1, false);
        if (body == 0 && bare_tag_ok(line + 1, tl)) {
            /* Without a dash only an outlet's code ("TTXVN", "NLĐO", "Chinhphu.vn") counts:
             * "(Dân trí) Ngày …" could be any aside in brackets. */
            body = after_space(line, len, (size_t)(close - line) + 1);
        }
        if (!bracket_tag_ok(line + 1, tl) || body == 0) {
            return false;
        }
        *out =
            (struct enrich_source_tag){.tag_off = 1, .tag_len = tl, .cut_off = 0, .cut_len = body};
        return true;
    }
    /* Bare tag: up to the first space or dash. */
    size_t t = 0;
    while (t < len && t < 25 && line[t] != ' ' && dash_at(line, len, t) == 0) {
        t++;
    }
    if (bare_tag_ok(line, t)) {
        size_t body = after_dash(line, len, t, true);
        if (body > 0) {
            *out = (struct enrich_source_tag){
                .tag_off = 0, .tag_len = t, .cut_off = 0, .cut_len = body};
            return true;
        }
    }
    /* A wire dateline: "HANOI (Reuters) - ", "HÀ NỘI (TTXVN) - ": the tag goes, the place stays. */
    const char *open = memchr(line, '(', len < 90 ? len : 90);
    if (open == NULL || open == line || open[-1] != ' ') {
        return false;
    }
    size_t po = (size_t)(open - line);
    const char *close = memchr(open, ')', len - po < 40 ? len - po : 40);
    if (close == NULL) {
        return false;
    }
    size_t tl = (size_t)(close - open) - 1;
    size_t after = (size_t)(close - line) + 1;
    bool place = place_prefix_ok(line, po - 1) ||
                 (enrich_structure_is_wire(open + 1, tl) && place_title_ok(line, po - 1));
    if (!place || !bracket_tag_ok(open + 1, tl) || after_dash(line, len, after, false) == 0) {
        return false;
    }
    *out = (struct enrich_source_tag){
        .tag_off = po + 1, .tag_len = tl, .cut_off = po - 1, .cut_len = after - (po - 1)};
    return true;
}

bool enrich_structure_source_tag_alone(const char *line, size_t len, struct enrich_source_tag *out)
{
    /* The same shapes as a tag that opens a paragraph, read on a copy with a word after it. */
    char buf[64];
    if (len == 0 || len + 4 > sizeof buf) {
        return false;
    }
    /* "(CT)" alone: the brackets set the tag apart without a dash. */
    bool bare_brackets = line[0] == '(' && line[len - 1] == ')';
    const char *tail = bare_brackets ? " - X" : " X";
    size_t tl = strlen(tail);
    memcpy(buf, line, len);
    memcpy(buf + len, tail, tl);
    struct enrich_source_tag t;
    if (!enrich_structure_source_tag(buf, len + tl, &t) || t.cut_off != 0 ||
        t.cut_len != len + tl - 1) {
        return false;
    }
    t.cut_len = len;
    *out = t;
    return true;
}

bool enrich_structure_agency_line(const char *line, size_t len)
{
    size_t i = 0, parts = 0;
    while (i <= len) {
        size_t j = i;
        while (j < len && line[j] != '/') {
            j++;
        }
        if (!enrich_structure_is_wire(line + i, j - i)) {
            return false;
        }
        parts++;
        i = j + 1;
    }
    return parts > 0;
}
