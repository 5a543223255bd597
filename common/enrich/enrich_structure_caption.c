/* Photo captions: lines that open like one ("Ảnh minh họa", "Ảnh:") or end with a credit
 * ("… Ảnh: THANH THY", "(Ảnh: Minh Anh)", "REUTERS/Kham"). */
#include <string.h>

#include "enrich_internal.h"
#include "enrich_simd.h"
#include "enrich_utf8.h"

#define CAPTION_MAX_BYTES 900
#define CREDIT_MAX_BYTES  90

static bool starts_with(const char *s, size_t len, const char *prefix)
{
    size_t n = strlen(prefix);
    return len >= n && memcmp(s, prefix, n) == 0;
}

/* Lines that are a caption from their first words. */
static const char *const caption_openers[] = {
    "Ảnh minh họa",  "Ảnh minh hoạ", "Ảnh tư liệu", "Ảnh chụp màn hình",
    "Ảnh:",          "Ảnh :",        "(Ảnh:",       "ẢNH:",
    "Nguồn ảnh:",    "Hình:",        "Hình ảnh:",   "(Ảnh minh họa",
    "(Ảnh minh hoạ", "Ảnh trên:",    "Ảnh dưới:",   "Ảnh trái:",
    "Ảnh phải:",     "Đồ họa:",      "Đồ hoạ:",     "Infographic:",
    "Clip:",         "Video:",       "Photo:",      "Photos:",
    "(Photo:",       "File photo",   "FILE PHOTO",  "Illustration photo",
};

/* Markers that introduce a credit at the end of a caption, after the caption's own text. */
static const char *const credit_markers[] = {
    "Ảnh:",          "Ảnh :",        "ảnh:",        "Photo:",        "Photo by",
    "REUTERS/",      "AFP/",         "AP Photo/",   "AFP Photo/",    "EPA/",
    "Ảnh minh họa",  "Ảnh minh hoạ", "Ảnh tư liệu", "VNA/VNS Photo", "VNS/VNA Photo",
    "VNS Photo",     "VNA Photo",    "ẢNH:",        "ẢNH :",         "Photo courtesy of",
    "Photo courtesy"};

/* A credit is a short name or outlet, not a sentence. */
static bool credit_ok(const char *s, size_t n)
{
    if (n == 0 || n > CREDIT_MAX_BYTES) {
        return false;
    }
    int words = 1;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == ' ') {
            words++;
        }
        if (s[i] == '.' && i + 1 < n && s[i + 1] == ' ') {
            return false;
        }
    }
    return words <= 10;
}

static void trim_credit(const char *s, size_t *b, size_t *e)
{
    while (*b < *e && (s[*b] == ' ' || s[*b] == ':')) {
        (*b)++;
    }
    while (*e > *b && (s[*e - 1] == ' ' || s[*e - 1] == ')' || s[*e - 1] == '.')) {
        (*e)--;
    }
}

static int make_caption(const char *line, size_t len, const char *credit, size_t credit_len,
                        json_t **out)
{
    json_t *o = json_object();
    json_t *t = json_stringn_nocheck(line, len);
    json_t *c = credit ? json_stringn_nocheck(credit, credit_len) : json_null();
    if (o == NULL || t == NULL || c == NULL || json_object_set_new(o, "text", t) != 0 ||
        json_object_set_new(o, "credit", c) != 0) {
        json_decref(o);
        return ENRICH_ERR_NOMEM;
    }
    *out = o;
    return 1;
}

/* Is the marker at i preceded by a break that ends the caption's own text? */
static bool marker_boundary(const char *line, size_t i)
{
    if (i == 0) {
        return true;
    }
    /* "… nghi thức khởi công ẢNH: HOÀNG TRỌNG": the label in capitals sets itself apart. */
    if (i >= 2 && line[i - 1] == ' ' && memcmp(line + i, "\xE1\xBA\xA2NH", 5) == 0) {
        return true;
    }
    if (line[i - 1] == '(') {
        return true;
    }
    if (i >= 2 && line[i - 1] == ' ' &&
        (line[i - 2] == '.' || line[i - 2] == '-' || line[i - 2] == ';' || line[i - 2] == '(')) {
        return true;
    }
    if (i >= 4 && line[i - 1] == ' ' &&
        ((unsigned char)line[i - 2] == 0x93 || (unsigned char)line[i - 2] == 0x94) &&
        memcmp(line + i - 4, "\xE2\x80", 2) == 0) {
        return true; /* – or — */
    }
    return false;
}

/* First bytes of the openers and markers: most lines are rejected on one byte per position. */
static bool opener_byte(unsigned char c)
{
    return c == 0xE1 || c == '(' || c == 0xC4 || c == 'I' || c == 'C' || c == 'V' || c == 'P' ||
           c == 'F' || c == 'N' || c == 'H';
}

/* Could a credit marker start at line[i]? "Ả"/"ả" are E1 BA A2/A3; the others are ASCII. */
static bool marker_start(const char *line, size_t len, size_t i)
{
    unsigned char c = (unsigned char)line[i];
    if (c == 0xE1) {
        return i + 2 < len && (unsigned char)line[i + 1] == 0xBA &&
               ((unsigned char)line[i + 2] == 0xA2 || (unsigned char)line[i + 2] == 0xA3);
    }
    if (c == 'V') { /* VNA, VNS */
        return i + 1 < len && line[i + 1] == 'N';
    }
    return c == 'P' || c == 'R' || c == 'A' || c == 'E';
}

/* A credit marker at line[i] that ends the caption: returns 1 with *out set, 0 when there is
 * none at i, or ENRICH_ERR_NOMEM. */
static int credit_at(const char *line, size_t len, size_t i, json_t **out)
{
    if (!marker_start(line, len, i)) {
        return 0;
    }
    for (size_t k = 0; k < sizeof credit_markers / sizeof credit_markers[0]; k++) {
        const char *m = credit_markers[k];
        if (i + 3 >= len || m[0] != line[i] || m[1] != line[i + 1] || m[2] != line[i + 2] ||
            m[3] != line[i + 3]) {
            continue; /* every marker is longer than three bytes; "ả" alone starts eight */
        }
        size_t ml = strlen(m);
        if (i + ml > len || memcmp(line + i, m, ml) != 0 || !marker_boundary(line, i)) {
            continue;
        }
        /* REUTERS/Name, AFP/Name, VNA/VNS Photo Name: the credit is all of it. */
        if (m[0] == 'R' || m[0] == 'A' || m[0] == 'V' || m[0] == 'E') {
            size_t b = i, e = len;
            trim_credit(line, &b, &e);
            if (i > 0 && credit_ok(line + b, e - b)) {
                return make_caption(line, len, line + b, e - b, out);
            }
            continue;
        }
        bool bare = strchr(m, ':') == NULL && strncmp(m, "Photo ", 6) != 0;
        size_t b = i + ml, e = len;
        trim_credit(line, &b, &e);
        if (bare) { /* "(Ảnh minh họa)" at the end: a caption without a credit */
            if (b == e && i > 0 && line[i - 1] == '(') {
                return make_caption(line, len, NULL, 0, out);
            }
            continue;
        }
        if (i > 0 && credit_ok(line + b, e - b)) {
            return make_caption(line, len, line + b, e - b, out);
        }
    }
    return 0;
}

/* Bit k set when a credit marker may start at s[k] (k < n <= 16), as marker_start() would
 * answer where the bytes it reads lie in s[0..16): "Ả"/"ả" (E1 BA A2/A3), "VN", or one of P R
 * A E. A marker whose bytes run past s[16) is left to marker_start(). */
static unsigned marker_candidates(const char *s, size_t n)
{
#if defined(__SSE2__)
    if (n == 16) {
        __m128i c = _mm_loadu_si128((const __m128i *)(const void *)s);
        unsigned e1 = enrich_simd_eq(c, 0xE1), ba = enrich_simd_eq(c, 0xBA),
                 a23 = enrich_simd_eq(c, 0xA2) | enrich_simd_eq(c, 0xA3);
        unsigned v = enrich_simd_eq(c, 'V'), nn = enrich_simd_eq(c, 'N');
        unsigned ascii = enrich_simd_eq(c, 'P') | enrich_simd_eq(c, 'R') | enrich_simd_eq(c, 'A') |
                         enrich_simd_eq(c, 'E');
        return (e1 & ((ba >> 1) & (a23 >> 2))) | (e1 & 0xC000u) | (v & (nn >> 1)) | (v & 0x8000u) |
               ascii;
    }
#endif
    unsigned bits = 0;
    for (size_t k = 0; k < n; k++) {
        unsigned char c = (unsigned char)s[k];
        bits |= (unsigned)(c == 0xE1 || c == 'V' || c == 'P' || c == 'R' || c == 'A' || c == 'E')
                << k;
    }
    return bits;
}

/* A credit in the last part of the line. With opened, the line already opened like a caption
 * and is one even without a credit. The positions are tried from the end backwards (the last
 * marker wins), sixteen bytes at a time: most bytes start no marker, and this runs over the end
 * of every paragraph. */
static int end_credit(const char *line, size_t len, bool opened, json_t **out)
{
    size_t from = len > 160 ? len - 160 : 0;
    for (size_t hi = len; hi > from;) {
        size_t lo = hi - from >= 16 ? hi - 16 : from;
        unsigned bits = marker_candidates(line + lo, hi - lo);
        while (bits != 0) {
            unsigned k = 31u - (unsigned)__builtin_clz(bits);
            bits &= ~(1u << k);
            int rc = credit_at(line, len, lo + k, out);
            if (rc != 0) {
                return rc;
            }
        }
        hi = lo;
    }
    return opened ? make_caption(line, len, NULL, 0, out) : 0;
}

int enrich_structure_caption(const char *line, size_t len, json_t **out)
{
    *out = NULL;
    if (len == 0 || len > CAPTION_MAX_BYTES) {
        return 0;
    }
    for (size_t i = 0; opener_byte((unsigned char)line[0]) &&
                       i < sizeof caption_openers / sizeof caption_openers[0];
         i++) {
        if (caption_openers[i][0] != line[0] || !starts_with(line, len, caption_openers[i])) {
            continue;
        }
        /* "Ảnh: TTXVN" credits; "Ảnh minh họa: Internet" too; "Ảnh minh họa" alone has none. */
        const char *colon = memchr(line, ':', len);
        if (colon != NULL) {
            size_t b = (size_t)(colon - line) + 1, e = len;
            trim_credit(line, &b, &e);
            if (credit_ok(line + b, e - b)) {
                return make_caption(line, len, line + b, e - b, out);
            }
        }
        /* "FILE PHOTO: A worker … REUTERS/Thanh Hue/File Photo": the credit is at the end. */
        return end_credit(line, len, true, out);
    }
    /* "Ảnh 1: Quang cảnh hội nghị", "Hình 2: Sơ đồ tuyến": a numbered picture. */
    static const char *const numbered[] = {"Ảnh ", "Hình "};
    for (size_t k = 0; k < 2; k++) {
        size_t l = strlen(numbered[k]), d = l;
        while (d < len && d < l + 2 && line[d] >= '0' && line[d] <= '9') {
            d++;
        }
        if (starts_with(line, len, numbered[k]) && d > l && d < len && line[d] == ':') {
            return end_credit(line, len, true, out);
        }
    }
    /* "Ảnh do nhân vật cung cấp", "(Ảnh do Sở Y tế cung cấp)": a short line that opens and
     * closes that way; a sentence about a photo ("Ảnh do ông A chụp cho thấy …") is not one. */
    size_t open = line[0] == '(' ? 1 : 0, close = len;
    while (close > open && (line[close - 1] == ')' || line[close - 1] == '.')) {
        close--;
    }
    if (len <= 90 && starts_with(line + open, len - open, "Ảnh do ") &&
        close - open > strlen("Ảnh do  cung cấp") &&
        memcmp(line + close - strlen("cung cấp"), "cung cấp", strlen("cung cấp")) == 0) {
        return make_caption(line, len, NULL, 0, out);
    }
    return end_credit(line, len, false, out);
}
