/*
 * Line classifiers: boilerplate, photo captions and the source tag of the first paragraph.
 * Each looks at one normalized paragraph and is cheap enough to run on every line.
 */
#include <string.h>

#include "enrich_internal.h"
#include "enrich_utf8.h"

#define BOILERPLATE_MAX_BYTES 240
#define CAPTION_MAX_BYTES     900
#define CREDIT_MAX_BYTES      90

/* Whole lines (lowercased, without trailing punctuation) that only widgets print. */
static const char *const boiler_lines[] = {
    "chia sẻ bài viết",
    "chia sẻ",
    "chia sẻ bài",
    "chia sẻ facebook",
    "bình luận",
    "bình luận của bạn",
    "gửi bình luận",
    "viết bình luận",
    "ý kiến bạn đọc",
    "ý kiến của bạn",
    "gửi ý kiến",
    "in bài viết",
    "in bài",
    "in",
    "bản in",
    "gửi bài viết",
    "gửi bài",
    "gửi cho bạn bè",
    "lưu",
    "lưu bài viết",
    "lưu bài",
    "xem thêm",
    "xem tiếp",
    "đọc thêm",
    "đọc tiếp",
    "tin liên quan",
    "bài liên quan",
    "bài viết liên quan",
    "tin cùng chuyên mục",
    "tin khác",
    "các tin khác",
    "tin mới",
    "tin mới nhất",
    "tin đọc nhiều",
    "đọc nhiều nhất",
    "quay lại",
    "về đầu trang",
    "trở lại đầu trang",
    "lên đầu trang",
    "sao chép liên kết",
    "copy link",
    "lấy link",
    "nghe bài viết",
    "nghe đọc bài viết",
    "theo dõi chúng tôi trên google news",
    "share",
    "share this",
    "share this article",
    "share on facebook",
    "share on twitter",
    "tweet",
    "like",
    "email",
    "print",
    "facebook",
    "zalo",
    "twitter",
    "linkedin",
    "messenger",
    "related",
    "related articles",
    "related news",
    "read more",
    "see more",
    "more stories",
    "advertisement",
    "quảng cáo",
    "từ khóa",
    "từ khoá",
    "tags",
    "tag",
    "top",
    "đánh giá bài viết",
    "bạn thấy bài viết thế nào",
    "bài viết hữu ích",
    "mới nhất",
    "cũ nhất",
    "thích",
    "trả lời",
};

/* Prefixes (lowercased) of lines that list links or tags. */
static const char *const boiler_prefixes[] = {
    "trang chủ >",
    "trang chủ »",
    "trang chủ /",
    "home >",
    "home »",
    "cỡ chữ",
    "xem thêm:",
    "xem thêm >>",
    "xem thêm>>",
    "tin liên quan:",
    "bài liên quan:",
    "đọc thêm:",
    "đọc thêm >>",
    "từ khóa:",
    "từ khoá:",
    "tags:",
    "tag:",
    "related:",
    "read more:",
    "see also:",
    "mời quý độc giả theo dõi",
    "mời bạn đọc theo dõi",
    ">> xem thêm",
};

static bool in_list(const char *s, size_t n, const char *const *list, size_t count)
{
    for (size_t i = 0; i < count; i++) {
        if (strlen(list[i]) == n && memcmp(list[i], s, n) == 0) {
            return true;
        }
    }
    return false;
}

/* Trims spaces and widget punctuation from both ends of s[*b..*e). */
static void trim_widget(const char *s, size_t *b, size_t *e)
{
    for (;;) {
        if (*e > *b && strchr(" :.>|", s[*e - 1]) != NULL) {
            (*e)--;
        } else if (*e >= *b + 2 && (unsigned char)s[*e - 2] == 0xC2 &&
                   (unsigned char)s[*e - 1] == 0xBB) {
            *e -= 2; /* » */
        } else if (*e >= *b + 3 && memcmp(s + *e - 3, "\xE2\x80\xA6", 3) == 0) {
            *e -= 3; /* … */
        } else {
            break;
        }
    }
    while (*b < *e && strchr(" :<|", s[*b]) != NULL) {
        (*b)++;
    }
    /* A counter such as "Bình luận (12)". */
    if (*e > *b && s[*e - 1] == ')') {
        size_t k = *e - 1;
        while (k > *b && s[k - 1] >= '0' && s[k - 1] <= '9') {
            k--;
        }
        if (k < *e - 1 && k > *b && s[k - 1] == '(') {
            *e = k - 1;
            while (*e > *b && s[*e - 1] == ' ') {
                (*e)--;
            }
        }
    }
}

static bool separator_at(const char *s, size_t i, size_t n, size_t *adv)
{
    if (s[i] == '|' || s[i] == '/') {
        *adv = 1;
        return true;
    }
    if (i + 1 < n && (unsigned char)s[i] == 0xC2 && (unsigned char)s[i + 1] == 0xB7) {
        *adv = 2;
        return true;
    }
    if (i + 2 < n && memcmp(s + i, "\xE2\x80\xA2", 3) == 0) {
        *adv = 3;
        return true;
    }
    return false;
}

bool enrich_structure_is_boilerplate(const char *line, size_t len)
{
    if (len == 0 || len > BOILERPLATE_MAX_BYTES) {
        return false;
    }
    char low[BOILERPLATE_MAX_BYTES * 2 + 8];
    long n = enrich_utf8_lower(line, len, low, sizeof low);
    if (n <= 0) {
        return false;
    }
    size_t nb = (size_t)n;
    for (size_t i = 0; i < sizeof boiler_prefixes / sizeof boiler_prefixes[0]; i++) {
        size_t pl = strlen(boiler_prefixes[i]);
        if (nb >= pl && memcmp(low, boiler_prefixes[i], pl) == 0) {
            return true;
        }
    }
    if (nb > 12 && memcmp(low, "theo dõi", strlen("theo dõi")) == 0 &&
        memmem(low, nb, "google news", 11) != NULL) {
        return true;
    }
    size_t b = 0, e = nb;
    trim_widget(low, &b, &e);
    const size_t count = sizeof boiler_lines / sizeof boiler_lines[0];
    if (in_list(low + b, e - b, boiler_lines, count)) {
        return true;
    }
    /* A row of widget names: "Facebook | Zalo | Email". Every part must be one. */
    size_t parts = 0, start = b;
    for (size_t i = b; i <= e; i++) {
        size_t adv = 0;
        if (i == e || separator_at(low, i, e, &adv)) {
            size_t pb = start, pe = i;
            while (pb < pe && low[pb] == ' ') {
                pb++;
            }
            while (pe > pb && low[pe - 1] == ' ') {
                pe--;
            }
            if (pe == pb || !in_list(low + pb, pe - pb, boiler_lines, count)) {
                return false;
            }
            parts++;
            if (i == e) {
                break;
            }
            i += adv - 1;
            start = i + 1;
        }
    }
    return parts >= 2;
}

/* ---- captions ---- */

static bool starts_with(const char *s, size_t len, const char *prefix)
{
    size_t n = strlen(prefix);
    return len >= n && memcmp(s, prefix, n) == 0;
}

/* Lines that are a caption from their first words. */
static const char *const caption_openers[] = {
    "Ảnh minh họa",  "Ảnh minh hoạ", "Ảnh tư liệu", "Ảnh chụp màn hình",
    "Ảnh:",          "Ảnh :",        "(Ảnh:",       "(Ảnh minh họa",
    "(Ảnh minh hoạ", "Ảnh trên:",    "Ảnh dưới:",   "Ảnh trái:",
    "Ảnh phải:",     "Đồ họa:",      "Đồ hoạ:",     "Infographic:",
    "Clip:",         "Video:",       "Photo:",      "Photos:",
    "(Photo:",       "File photo",   "FILE PHOTO",  "Illustration photo",
};

/* Markers that introduce a credit at the end of a caption, after the caption's own text. */
static const char *const credit_markers[] = {
    "Ảnh:",     "Ảnh :", "ảnh:",         "Photo:",       "Photo by",
    "REUTERS/", "AFP/",  "Ảnh minh họa", "Ảnh minh hoạ", "Ảnh tư liệu"};

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
           c == 'F';
}

/* Could a credit marker start at line[i]? "Ả"/"ả" are E1 BA A2/A3; the others are ASCII. */
static bool marker_start(const char *line, size_t len, size_t i)
{
    unsigned char c = (unsigned char)line[i];
    if (c == 0xE1) {
        return i + 2 < len && (unsigned char)line[i + 1] == 0xBA &&
               ((unsigned char)line[i + 2] == 0xA2 || (unsigned char)line[i + 2] == 0xA3);
    }
    return c == 'P' || c == 'R' || c == 'A';
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
        if (!starts_with(line, len, caption_openers[i])) {
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
        return make_caption(line, len, NULL, 0, out);
    }
    /* A credit in the last part of the line. */
    size_t from = len > 160 ? len - 160 : 0;
    for (size_t i = len; i-- > from;) {
        if (!marker_start(line, len, i)) {
            continue;
        }
        for (size_t k = 0; k < sizeof credit_markers / sizeof credit_markers[0]; k++) {
            const char *m = credit_markers[k];
            size_t ml = strlen(m);
            if (i + ml > len || memcmp(line + i, m, ml) != 0 || !marker_boundary(line, i)) {
                continue;
            }
            if (m[0] == 'R' || m[0] == 'A') { /* REUTERS/Name, AFP/Name: the credit is all */
                size_t b = i, e = len;
                trim_credit(line, &b, &e);
                if (i > 0 && credit_ok(line + b, e - b)) {
                    return make_caption(line, len, line + b, e - b, out);
                }
                continue;
            }
            bool bare = strchr(m, ':') == NULL && strncmp(m, "Photo by", 8) != 0;
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
    }
    return 0;
}

/* ---- source tags ---- */

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
        size_t adv;
        int32_t cp = enrich_utf8_decode((const unsigned char *)s + body, len - body, &adv);
        if (!enrich_utf8_is_upper(cp)) {
            return 0;
        }
    }
    return body;
}

/* A bracketed tag: "CT", "TTXVN", "Chinhphu.vn", "Reuters", "Dân trí": 1-3 words that start
 * with a capital or digit, letters, digits and . & - only. */
static bool bracket_tag_ok(const char *s, size_t n)
{
    if (n < 2 || n > 32) {
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
    return letters >= 2 && words <= 3;
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

bool enrich_structure_source_tag(const char *line, size_t len, struct enrich_source_tag *out)
{
    if (len < 4) {
        return false;
    }
    if (line[0] == '(') {
        const char *close = memchr(line, ')', len < 40 ? len : 40);
        if (close == NULL) {
            return false;
        }
        size_t tl = (size_t)(close - line) - 1;
        size_t body = after_dash(line, len, (size_t)(close - line) + 1, false);
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
    if (!place_prefix_ok(line, po - 1) || !bracket_tag_ok(open + 1, tl) ||
        after_dash(line, len, after, false) == 0) {
        return false;
    }
    *out = (struct enrich_source_tag){
        .tag_off = po + 1, .tag_len = tl, .cut_off = po - 1, .cut_len = after - (po - 1)};
    return true;
}
