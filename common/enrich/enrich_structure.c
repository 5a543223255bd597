/*
 * The structure pass: which lines of the normalized text are the header (dateline, kicker,
 * title), which are the byline, captions and boilerplate, and what remains as the body. Lines
 * are classified in place (nothing is copied until the body is assembled), so the pass is
 * linear in the text.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "enrich_dates_internal.h"
#include "enrich_internal.h"
#include "enrich_utf8.h"

#define TITLE_MAX_CODEPOINTS 250

enum line_kind { LINE_BODY = 0, LINE_HEADER, LINE_DROPPED, LINE_BYLINE, LINE_CAPTION };

struct line {
    const char *s;
    size_t len;
    enum line_kind kind;
};

struct split {
    struct line *lines;
    size_t n;
    const struct enrich_structure_hints *hints;
    struct enrich_structure *out;
};

static char *dup_n(const char *s, size_t n)
{
    char *d = malloc(n + 1);
    if (d != NULL) {
        memcpy(d, s, n);
        d[n] = '\0';
    }
    return d;
}

static int warn(struct enrich_structure *out, const char *code)
{
    return json_array_append_new(out->warnings, json_string(code)) == 0 ? 0 : ENRICH_ERR_NOMEM;
}

static int32_t first_cp(const char *s, size_t len)
{
    size_t adv;
    return len == 0 ? -1 : enrich_utf8_decode((const unsigned char *)s, len, &adv);
}

static bool ends_with(const char *s, size_t len, const char *suffix)
{
    size_t n = strlen(suffix);
    return len >= n && memcmp(s + len - n, suffix, n) == 0;
}

/* Case-insensitive equality of two normalized strings, ignoring a final period. */
static bool same_text(const char *a, size_t al, const char *b)
{
    if (b == NULL) {
        return false;
    }
    size_t bl = strlen(b);
    while (al > 0 && a[al - 1] == '.') {
        al--;
    }
    while (bl > 0 && b[bl - 1] == '.') {
        bl--;
    }
    if (al == 0 || al > 1024 || bl > 1024) {
        return false;
    }
    /* The matching key, so that "Khánh Hoà" in the text equals a submitted "Khánh Hòa". a is
     * often a whole paragraph and b a title: a's key gets room for b's and no more, so that
     * enrich_fold() gives up (a negative code) as soon as a's key is longer. */
    char la[4200], lb[4200];
    long y = enrich_fold(b, bl, lb, sizeof lb);
    if (y < 0) {
        return false;
    }
    long x = enrich_fold(a, al, la, (size_t)y + 1);
    return x == y && memcmp(la, lb, (size_t)x) == 0;
}

static size_t word_count(const char *s, size_t len)
{
    size_t words = 0;
    bool in_word = false;
    for (size_t i = 0; i < len; i++) {
        bool space = s[i] == ' ';
        words += !space && !in_word;
        in_word = !space;
    }
    return words;
}

/* Does the paragraph end like a sentence (a period, a question, a closing quote)? */
static bool ends_sentence(const char *s, size_t len)
{
    while (len > 0 && (s[len - 1] == '"' || s[len - 1] == ')' || s[len - 1] == '\'')) {
        len--;
    }
    if (len >= 3 && (ends_with(s, len, "\xE2\x80\x9D") || ends_with(s, len, "\xE2\x80\x99"))) {
        len -= 3; /* " ' */
    }
    return len > 0 && (s[len - 1] == '.' || s[len - 1] == '!' || s[len - 1] == '?' ||
                       ends_with(s, len, "\xE2\x80\xA6"));
}

/* A headline over its lead paragraph, as sites without a dateline print them (VnExpress, wire
 * copy): a title of five words or more above a paragraph of twelve or more that ends like a
 * sentence and is longer than the title. A short first line ("Mưa lớn kéo dài") is not enough
 * to call a headline. Only asked when the submission gave no title: a first line that differs
 * from a submitted title stays in the text, since the record would keep only the submitted one. */
static bool lead_follows(const struct line *title, const struct line *lead)
{
    return word_count(title->s, title->len) >= 5 && lead->len > title->len &&
           word_count(lead->s, lead->len) >= 12 && ends_sentence(lead->s, lead->len);
}

/* A line shaped like a headline: short, several words, opening with a capital, a digit or a
 * quote, and not ending like a sentence or a lead-in. */
static bool title_like(const struct line *l)
{
    if (l->len < 4 || l->len > 4 * TITLE_MAX_CODEPOINTS ||
        enrich_utf8_count(l->s, l->len) > TITLE_MAX_CODEPOINTS ||
        memchr(l->s, ' ', l->len) == NULL) {
        return false;
    }
    char last = l->s[l->len - 1];
    if (last == '.' || last == ',' || last == ';' || last == ':') {
        return false;
    }
    int32_t cp = first_cp(l->s, l->len);
    bool opens = cp == '"' || cp == 0x201C || cp == '\'' || (cp >= '0' && cp <= '9') ||
                 (cp > 0 && enrich_utf8_is_upper(cp));
    if (!opens) {
        return false;
    }
    struct enrich_timestamp ts;
    struct enrich_source_tag tag;
    json_t *cap = NULL;
    int is_caption = enrich_structure_caption(l->s, l->len, &cap);
    json_decref(cap);
    return is_caption == 0 && enrich_dateline_parse(l->s, l->len, &ts) == 0 &&
           !enrich_structure_source_tag(l->s, l->len, &tag);
}

/* The kind of an official document printed alone above its subject, as press releases and
 * letters from ministries, provinces and companies lay out their first lines: "THÔNG CÁO BÁO
 * CHÍ" over "Về kết quả phiên họp …". The subject is the title; the kind is its kicker. */
static bool document_kind(const struct line *l)
{
    static const char *const kinds[] = {
        "thông cáo báo chí", "thông cáo",   "thông báo",     "thông tin báo chí", "công điện",
        "quyết định",        "chỉ thị",     "kế hoạch",      "nghị quyết",        "thư ngỏ",
        "thư cảm ơn",        "thư mời",     "giấy mời",      "tờ trình",          "báo cáo",
        "công văn",          "lời kêu gọi", "press release", "media release",     "announcement",
    };
    char low[96];
    if (l->len < 5 || l->len > 48) {
        return false;
    }
    long n = enrich_utf8_lower(l->s, l->len, low, sizeof low);
    if (n <= 0) {
        return false;
    }
    for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++) {
        if (strlen(kinds[k]) == (size_t)n && memcmp(kinds[k], low, (size_t)n) == 0) {
            return true;
        }
    }
    return false;
}

/* "Đồng chí Phạm Văn Hiểu, Phó Bí thư …:" above a title. */
static bool kicker_like(const struct line *l)
{
    if (l->len < 6 || l->s[l->len - 1] != ':' ||
        enrich_utf8_count(l->s, l->len) > TITLE_MAX_CODEPOINTS ||
        memchr(l->s, ' ', l->len) == NULL) {
        return false;
    }
    int32_t cp = first_cp(l->s, l->len);
    return cp > 0 && (enrich_utf8_is_upper(cp) || cp == '"' || cp == 0x201C);
}

static int set_dateline(struct split *sp, const struct line *l, int parsed,
                        const struct enrich_timestamp *ts)
{
    free(sp->out->dateline);
    sp->out->dateline = dup_n(l->s, l->len);
    if (sp->out->dateline == NULL) {
        return ENRICH_ERR_NOMEM;
    }
    if (parsed > 0) {
        sp->out->published = *ts;
        return 0;
    }
    return warn(sp->out, "dateline_invalid");
}

static int set_field(char **field, const struct line *l, size_t trim_end)
{
    size_t n = l->len - trim_end;
    while (n > 0 && l->s[n - 1] == ' ') {
        n--;
    }
    *field = dup_n(l->s, n);
    return *field ? 0 : ENRICH_ERR_NOMEM;
}

/* "Theo TTXVN", "(Theo Báo Tin tức)": a credit for the source the story was taken from. */
static bool theo_credit(const char *s, size_t len)
{
    if (len > 0 && s[0] == '(') {
        s++;
        len--;
    }
    return len > 5 && (memcmp(s, "Theo ", 5) == 0 || memcmp(s, "theo ", 5) == 0);
}

/* A byline in the header or at the top of the body. A "Theo X" credit is printed under the
 * story: at the top the same words open a sentence ("Theo Sở Y tế Hà Nội, …"), so only the
 * footer reads them as a byline. */
static int top_byline(const struct split *sp, const char *s, size_t len, bool labelled_only,
                      json_t **out)
{
    *out = NULL;
    if (theo_credit(s, len)) {
        return 0;
    }
    return enrich_byline_parse(s, len, sp->hints->lang, labelled_only, out);
}

/* A labelled byline at line j becomes the article's byline; returns 1 when it was one. */
static int header_byline(struct split *sp, size_t j)
{
    json_t *bl = NULL;
    struct line *l = &sp->lines[j];
    int rc = top_byline(sp, l->s, l->len, true, &bl);
    if (rc > 0) {
        l->kind = LINE_BYLINE;
        json_decref(sp->out->byline);
        sp->out->byline = bl;
    }
    return rc;
}

/* A paragraph long enough to be an article's lead. */
static bool lead_like(const struct line *l)
{
    return word_count(l->s, l->len) >= 12;
}

/* The outlet's own name printed under the title ("Thanh Niên", "Báo Cần Thơ"): page furniture,
 * dropped from the text. Returns whether line j was one. */
static bool drop_outlet(struct split *sp, size_t j)
{
    struct line *l = &sp->lines[j];
    if (l->kind != LINE_BODY || !enrich_structure_is_outlet(l->s, l->len)) {
        return false;
    }
    l->kind = LINE_DROPPED;
    sp->out->boilerplate++;
    return true;
}

/* The byline printed under the header at line j: a labelled one ("Bài, ảnh: X"), or a bare name
 * ("Hoàng Mạnh", as Dân trí and Thanh Niên print the author under the title) when the lead
 * follows it. Returns 1 when line j was taken. */
static int byline_below(struct split *sp, size_t j)
{
    struct line *L = sp->lines;
    struct enrich_source_tag tag;
    if (j + 1 >= sp->n || L[j].kind != LINE_BODY ||
        enrich_structure_source_tag_alone(L[j].s, L[j].len, &tag)) {
        return 0; /* "(CT)" over the lead is its source tag */
    }
    if (drop_outlet(sp, j)) {
        return 0;
    }
    int rc = header_byline(sp, j);
    if (rc != 0 || !lead_like(&L[j + 1])) {
        return rc;
    }
    json_t *bl = NULL;
    rc = top_byline(sp, L[j].s, L[j].len, false, &bl);
    if (rc > 0) {
        L[j].kind = LINE_BYLINE;
        json_decref(sp->out->byline);
        sp->out->byline = bl;
    }
    return rc;
}

/* A section name above the header ("KINH TẾ", "Thời sự"): four words at most, letters only;
 * two names may be joined by a spaced dash or "&" ("An ninh - Trật tự", "Văn hóa & Thể thao"),
 * which count as no word. */
static bool section_label(const struct line *l)
{
    size_t joins = 0;
    for (size_t i = 0; i < l->len; i++) {
        unsigned char c = (unsigned char)l->s[i];
        bool spaced = i > 0 && i + 1 < l->len && l->s[i - 1] == ' ' && l->s[i + 1] == ' ';
        if ((c == '-' || c == '&') && spaced && joins == 0) {
            joins++;
            continue;
        }
        if (c < 0x80 && c != ' ' && !((c | 0x20) >= 'a' && (c | 0x20) <= 'z')) {
            return false;
        }
    }
    return l->len <= 40 && word_count(l->s, l->len) <= 4 + joins * 2;
}

/* A breadcrumb over the header ("Kinh doanh › Hàng hóa", "Thời sự » Chính trị"): section
 * names joined by an arrow, no digit and no sentence mark. It names the page's place on the site,
 * never the article. */
static bool breadcrumb(const struct line *l)
{
    static const char *const arrows[] = {"\xE2\x80\xBA", "\xC2\xBB", ">", NULL};
    if (l->len > 80) {
        return false;
    }
    int parts = 0;
    size_t start = 0;
    for (size_t i = 0; i <= l->len;) {
        size_t alen = 0;
        for (int a = 0; i < l->len && arrows[a] != NULL; a++) {
            size_t n = strlen(arrows[a]);
            if (i + n <= l->len && memcmp(l->s + i, arrows[a], n) == 0) {
                alen = n;
                break;
            }
        }
        if (i < l->len && alen == 0) {
            unsigned char c = (unsigned char)l->s[i];
            if ((c >= '0' && c <= '9') || strchr(".,:;!?|\"", c) != NULL) {
                return false;
            }
            i++;
            continue;
        }
        size_t a = start, b = i;
        while (a < b && l->s[a] == ' ') {
            a++;
        }
        while (b > a && l->s[b - 1] == ' ') {
            b--;
        }
        if (b == a || word_count(l->s + a, b - a) > 4) {
            return false;
        }
        parts++;
        i += alen > 0 ? alen : 1;
        start = i;
    }
    return parts >= 2;
}

/* A section name in capitals ("Y TẾ", "GIÁO DỤC"): a section label without a lowercase letter. */
static bool section_in_caps(const struct line *l)
{
    if (!section_label(l)) {
        return false;
    }
    for (size_t i = 0; i < l->len;) {
        size_t adv = 1;
        int32_t cp = enrich_utf8_decode((const unsigned char *)l->s + i, l->len - i, &adv);
        if (cp < 0 || enrich_utf8_is_lower(cp)) {
            return false;
        }
        i += adv > 0 ? adv : 1;
    }
    return true;
}

/* A section name papers print in mixed case ("Pháp luật", "Thời sự"): only the known ones,
 * since a short title in mixed case looks the same. */
static bool section_named(const struct line *l)
{
    static const char *const names[] = {"thời sự",        "chính trị",      "kinh tế",
                                        "xã hội",         "pháp luật",      "văn hóa",
                                        "văn hoá",        "thể thao",       "giáo dục",
                                        "sức khỏe",       "sức khoẻ",       "y tế",
                                        "thế giới",       "quốc tế",        "đời sống",
                                        "du lịch",        "công nghệ",      "khoa học",
                                        "nông nghiệp",    "bạn đọc",        "địa phương",
                                        "quốc phòng",     "an ninh",        "an ninh trật tự",
                                        "giải trí",       "bất động sản",   "môi trường",
                                        "giao thông",     "tin tức",        "kinh doanh",
                                        "tài chính",      "chứng khoán",    "xây dựng đảng",
                                        "nông thôn mới",  "văn nghệ",       "phóng sự",
                                        "điều tra",       "trong nước",     "tiêu điểm",
                                        "sự kiện",        "đô thị",         "nhịp sống",
                                        "góc nhìn",       "việc làm",       "lao động",
                                        "thị trường",     "chuyển đổi số",  "khoa giáo",
                                        "tin trong nước", "tin địa phương", "kinh tế vĩ mô",
                                        "vĩ mô",          "ngân hàng",      "tiền tệ",
                                        "doanh nghiệp",   "đầu tư",         "tài chính ngân hàng",
                                        "tiền của tôi",   "hàng hóa",       "business",
                                        "economy",        "markets",        NULL};
    return section_label(l) && enrich_lex_match_any(l->s, l->len, 0, names, NULL) == l->len;
}

/*
 * A byline and a dateline on one line: "By Dat Nguyen October 6, 2023 | 05:00 pm GMT+7",
 * "Hoàng Mạnh | 06/11/2023 09:15". The longest tail that reads as a dateline decides; the part
 * before it must read as a byline. Returns 1 with both taken, 0 when the line is not so, or an
 * error.
 */
#define SPLIT_LINE_MAX 240
static int byline_and_dateline(struct split *sp, struct line *l)
{
    if (l->len > SPLIT_LINE_MAX) {
        return 0;
    }
    /* Tails that start past the line's last year cannot read as a dateline. */
    size_t limit = enrich_dateline_start_limit(l->s, l->len);
    for (size_t k = 1; k + 1 < limit; k++) {
        if (l->s[k] != ' ') {
            continue;
        }
        struct enrich_timestamp ts;
        int d = enrich_dateline_parse(l->s + k + 1, l->len - k - 1, &ts);
        if (d == 0) {
            continue;
        }
        size_t e = k, b = k + 1;
        while (e > 0 && strchr(" |-", l->s[e - 1]) != NULL) {
            e--;
        }
        while (b < l->len && strchr(" |-", l->s[b]) != NULL) {
            b++;
        }
        json_t *bl = NULL;
        int rc = e > 0 ? top_byline(sp, l->s, e, false, &bl) : 0;
        if (rc < 0) {
            return rc;
        }
        struct line label = {l->s, e, LINE_BODY};
        if (rc == 0 && memchr(l->s + e, '|', b - e) != NULL && section_label(&label)) {
            /* "Kinh tế | 06/11/2023 09:15": the section's name, then the dateline. */
            l->kind = LINE_HEADER;
            return (rc = set_dateline(sp, l, d, &ts)) == 0 ? 1 : rc;
        }
        if (rc == 0) {
            return 0;
        }
        json_decref(sp->out->byline);
        sp->out->byline = bl;
        struct line part = {l->s + b, l->len - b, LINE_HEADER};
        l->kind = LINE_HEADER;
        return (rc = set_dateline(sp, &part, d, &ts)) == 0 ? 1 : rc;
    }
    return 0;
}

/* "25-06-2024 - 15:32 PM | Thị trường chứng khoán" (CafeF): the dateline, then the section's
 * name after a bar. Returns what enrich_dateline_parse does for the part before the bar, or 0
 * when the part after it is no section name. */
static int dateline_then_section(const struct line *l, struct enrich_timestamp *ts)
{
    const char *bar = l->len > 3 ? memchr(l->s, '|', l->len) : NULL;
    if (bar == NULL || bar == l->s || bar[-1] != ' ') {
        return 0;
    }
    size_t b = (size_t)(bar - l->s), a = b + 1;
    while (a < l->len && l->s[a] == ' ') {
        a++;
    }
    struct line label = {l->s + a, l->len - a, LINE_BODY};
    if (a == l->len || !section_label(&label)) {
        return 0;
    }
    return enrich_dateline_parse(l->s, b - 1, ts);
}

/* The dateline at line j when there is one, alone, after the byline or after a place on the same
 * line. Returns 1 when line j was taken. */
static int dateline_at(struct split *sp, size_t j)
{
    struct line *L = sp->lines;
    if (j + 1 >= sp->n) {
        return 0;
    }
    struct enrich_timestamp ts;
    int d = enrich_dateline_parse(L[j].s, L[j].len, &ts);
    if (d == 0) {
        int rc = byline_and_dateline(sp, &L[j]);
        if (rc != 0) {
            return rc;
        }
        /* "Hà Nội - 06/11/2023 09:15": the place goes with the dateline. A name there was read
         * as the byline just above, so only a line that is no byline gets here. */
        d = enrich_dateline_parse_placed(L[j].s, L[j].len, &ts);
        if (d == 0) {
            d = dateline_then_section(&L[j], &ts);
        }
        if (d == 0) {
            return 0;
        }
    }
    int rc = set_dateline(sp, &L[j], d, &ts);
    L[j].kind = LINE_HEADER;
    return rc == 0 ? 1 : rc;
}

/* "Title / [byline] / dateline / [byline]" at line i. Nothing is marked unless the dateline is
 * there. */
static int title_first(struct split *sp, size_t i)
{
    struct line *L = sp->lines;
    size_t j = i + 1;
    /* "Title / Thanh Niên / dateline": the outlet's name is skipped, and dropped only when the
     * header is there. */
    bool outlet = j + 1 < sp->n && enrich_structure_is_outlet(L[j].s, L[j].len);
    if (outlet) {
        j++;
    }
    /* Between a title and a dateline even a bare name is the byline (Thanh Niên prints the
     * author there): labelled_only is off, and nothing is marked without the dateline. */
    json_t *bl = NULL;
    int rc = top_byline(sp, L[j].s, L[j].len, false, &bl);
    if (rc < 0) {
        return rc;
    }
    bool byline_above = rc > 0;
    if (byline_above) {
        j++;
    }
    rc = j < sp->n ? dateline_at(sp, j) : 0;
    if (rc <= 0) {
        json_decref(bl);
        return rc;
    }
    if ((rc = set_field(&sp->out->title, &L[i], 0)) != 0) {
        json_decref(bl);
        return rc;
    }
    L[i].kind = LINE_HEADER;
    if (outlet) {
        drop_outlet(sp, i + 1);
    }
    if (byline_above) {
        L[j - 1].kind = LINE_BYLINE;
        json_decref(sp->out->byline);
        sp->out->byline = bl;
        return 0;
    }
    return sp->out->byline == NULL && (rc = byline_below(sp, j + 1)) < 0 ? rc : 0;
}

/* A dateline printed under the title (and the kicker above it), as HTML pages lay out their
 * header: "Kicker: / Title / Thứ Ba, 07/11/2023 | 10:20 / [Bài, ảnh: X]", or the byline right
 * under the title. */
static int dateline_below(struct split *sp, size_t j)
{
    if (j + 1 < sp->n && drop_outlet(sp, j)) {
        j++;
    }
    int rc = sp->out->dateline == NULL ? dateline_at(sp, j) : 0;
    if (rc < 0) {
        return rc;
    }
    if (rc > 0) {
        j++;
    }
    return sp->out->byline == NULL && (rc = byline_below(sp, j)) < 0 ? rc : 0;
}

/* The first of lines j, j+1, j+2 that is not a photo caption (VnExpress prints the picture
 * and its caption between the title and the lead), or line j when all are. */
static const struct line *line_after_captions(const struct split *sp, size_t j)
{
    for (size_t k = j; k < sp->n && k < j + 3; k++) {
        json_t *cap = NULL;
        int is_caption = enrich_structure_caption(sp->lines[k].s, sp->lines[k].len, &cap);
        json_decref(cap);
        if (is_caption == 0 && !enrich_structure_is_outlet(sp->lines[k].s, sp->lines[k].len)) {
            return &sp->lines[k];
        }
    }
    return &sp->lines[j];
}

/* Dateline, kicker and title at the top; marks their lines LINE_HEADER. */
static int read_header(struct split *sp)
{
    struct line *L = sp->lines;
    size_t n = sp->n, i = 0;
    while (i < n && enrich_structure_is_boilerplate(L[i].s, L[i].len)) {
        L[i++].kind = LINE_DROPPED;
        sp->out->boilerplate++;
    }
    while (i < n && breadcrumb(&L[i])) {
        L[i++].kind = LINE_DROPPED;
        sp->out->boilerplate++;
    }
    bool had_dateline = false;
    int rc = 0;
    /* "THỜI SỰ" over the dateline and the kicker or title: the page's section, not a title. */
    struct enrich_timestamp probe;
    if (i + 3 < n && section_label(&L[i]) &&
        enrich_dateline_parse(L[i + 1].s, L[i + 1].len, &probe) != 0 &&
        (kicker_like(&L[i + 2]) || title_like(&L[i + 2]))) {
        L[i++].kind = LINE_DROPPED;
        sp->out->boilerplate++;
    }
    int d = i < n ? dateline_at(sp, i) : 0;
    if (d < 0) {
        return d;
    }
    if (d > 0) {
        i++;
        had_dateline = true;
        /* "Y TẾ", "Pháp luật" between the dateline and the title: the page's section, not the
         * title. */
        if (i + 2 < n && (section_in_caps(&L[i]) || section_named(&L[i])) &&
            !document_kind(&L[i]) && title_like(&L[i + 1]) && L[i + 1].len > L[i].len) {
            L[i++].kind = LINE_DROPPED;
            sp->out->boilerplate++;
        }
    } else if (i + 2 < n && title_like(&L[i])) {
        /* Title first, then the dateline, with the byline above or under it ("By X"). */
        rc = title_first(sp, i);
        if (rc != 0 || sp->out->title != NULL) {
            return rc;
        }
        /* A section name above such a header goes with the page around the article. */
        if (i + 3 < n && section_label(&L[i]) && title_like(&L[i + 1])) {
            rc = title_first(sp, i + 1);
            if (rc == 0 && sp->out->title != NULL) {
                L[i].kind = LINE_DROPPED;
                sp->out->boilerplate++;
            }
            if (rc != 0 || sp->out->title != NULL) {
                return rc;
            }
        }
    }
    if (rc != 0) {
        return rc;
    }
    /* "Thời sự", "Giao thông" over the title, no dateline anywhere (a page scraped from its
     * section's header down): the known names only, a short title in mixed case looks the
     * same. */
    if (!had_dateline && i + 2 < n && (section_in_caps(&L[i]) || section_named(&L[i])) &&
        !document_kind(&L[i]) && title_like(&L[i + 1]) && L[i + 1].len > L[i].len &&
        !same_text(L[i].s, L[i].len, sp->hints->title)) {
        L[i++].kind = LINE_DROPPED;
        sp->out->boilerplate++;
    }
    bool kind = i + 2 < n && document_kind(&L[i]) && title_like(&L[i + 1]);
    if (kind || (i + 2 < n && kicker_like(&L[i]) && title_like(&L[i + 1]))) {
        rc = set_field(&sp->out->kicker, &L[i], kind ? 0 : 1);
        L[i++].kind = LINE_HEADER;
        if (rc == 0) {
            rc = set_field(&sp->out->title, &L[i], 0);
        }
        L[i].kind = LINE_HEADER;
        return rc == 0 ? dateline_below(sp, i + 1) : rc;
    }
    if (i + 1 < n && title_like(&L[i])) {
        struct enrich_source_tag tag;
        bool header_block =
            had_dateline || same_text(L[i].s, L[i].len, sp->hints->title) ||
            same_text(L[i].s, L[i].len, sp->hints->heading) ||
            enrich_structure_source_tag(L[i + 1].s, L[i + 1].len, &tag) ||
            (sp->hints->title == NULL && lead_follows(&L[i], line_after_captions(sp, i + 1)));
        if (header_block) {
            rc = set_field(&sp->out->title, &L[i], 0);
            L[i].kind = LINE_HEADER;
            if (rc == 0) {
                rc = dateline_below(sp, i + 1);
            }
        }
    } else if (i < n && same_text(L[i].s, L[i].len, sp->hints->title)) {
        L[i].kind = LINE_HEADER; /* the submitted title repeated, whatever its shape */
    }
    return rc;
}

/* A byline split over lines ("Bài: X" above "Ảnh: Y"): upper's authors and roles join lower's. */
static int merge_byline(json_t *lower, json_t *upper)
{
    static const char *const order[] = {"text", "photo", "video", "graphics", "editing", "source"};
    json_t *authors = json_array();
    json_t *roles = json_array();
    const char *ur = json_string_value(json_object_get(upper, "raw"));
    const char *lr = json_string_value(json_object_get(lower, "raw"));
    json_t *raw = json_sprintf("%s\n%s", ur, lr);
    if (authors == NULL || roles == NULL || raw == NULL) {
        goto fail;
    }
    json_t *src[2] = {upper, lower};
    for (int k = 0; k < 2; k++) {
        size_t i;
        json_t *a;
        json_array_foreach(json_object_get(src[k], "authors"), i, a)
        {
            bool dup = false;
            size_t j;
            json_t *b;
            json_array_foreach(authors, j, b)
            {
                dup |= json_equal(a, b);
            }
            if (!dup && json_array_append(authors, a) != 0) {
                goto fail;
            }
        }
    }
    for (size_t r = 0; r < sizeof order / sizeof order[0]; r++) {
        bool has = false;
        for (int k = 0; k < 2; k++) {
            size_t i;
            json_t *v;
            json_array_foreach(json_object_get(src[k], "roles"), i, v)
            {
                has |= strcmp(json_string_value(v), order[r]) == 0;
            }
        }
        if (has && json_array_append_new(roles, json_string(order[r])) != 0) {
            goto fail;
        }
    }
    if (json_object_set_new(lower, "raw", raw) != 0 ||
        json_object_set_new(lower, "authors", authors) != 0 ||
        json_object_set_new(lower, "roles", roles) != 0) {
        return ENRICH_ERR_NOMEM;
    }
    return 0;
fail:
    json_decref(authors);
    json_decref(roles);
    json_decref(raw);
    return ENRICH_ERR_NOMEM;
}

static bool source_note(const struct line *l)
{
    static const char *const notes[] = {
        "Nguồn:", "(Nguồn:", "Nguồn :", "(Nguồn :", "Source:", "(Source:"};
    for (size_t k = 0; k < sizeof notes / sizeof notes[0]; k++) {
        size_t n = strlen(notes[k]);
        if (l->len > n && memcmp(l->s, notes[k], n) == 0) {
            return true;
        }
    }
    return false;
}

/* The title printed again as the first body line (an HTML page's <h1> and then the same words
 * in the article's first paragraph) goes with the header. */
static void drop_repeated_title(struct split *sp)
{
    for (size_t i = 0; i < sp->n && sp->out->title != NULL; i++) {
        struct line *l = &sp->lines[i];
        if (l->kind == LINE_BODY) {
            if (same_text(l->s, l->len, sp->out->title)) {
                l->kind = LINE_HEADER;
            }
            return;
        }
    }
}

/* A link to another article in a list: a headline (no final period, one sentence at most, at
 * most 160 code points) that is not a byline. */
static int related_headline(struct split *sp, const struct line *l)
{
    if (!title_like(l) || enrich_utf8_count(l->s, l->len) > 160 ||
        memmem(l->s, l->len, ". ", 2) != NULL) {
        return 0;
    }
    json_t *bl = NULL;
    int rc = enrich_byline_parse(l->s, l->len, sp->hints->lang, false, &bl);
    json_decref(bl);
    return rc < 0 ? rc : rc == 0;
}

/* "Tin liên quan" / "Xem thêm:" and the headlines listed under it, anywhere in the body: the
 * list ends at the first line that is not a headline (a paragraph ends like a sentence; a
 * byline is a name). At most RELATED_MAX headlines go with one heading. */
#define RELATED_MAX 10
static int drop_related_lists(struct split *sp, size_t first)
{
    struct line *L = sp->lines;
    for (size_t i = first; i < sp->n; i++) {
        if (L[i].kind != LINE_BODY || !enrich_structure_is_list_heading(L[i].s, L[i].len)) {
            continue;
        }
        L[i].kind = LINE_DROPPED;
        sp->out->boilerplate++;
        size_t k = i + 1, taken = 0;
        while (k < sp->n && taken < RELATED_MAX && L[k].kind == LINE_BODY) {
            int rc = related_headline(sp, &L[k]);
            if (rc < 0) {
                return rc;
            }
            if (rc == 0) {
                break;
            }
            L[k++].kind = LINE_DROPPED;
            sp->out->boilerplate++;
            taken++;
        }
        i = k - 1;
    }
    return 0;
}

/* Boilerplate and the byline at the bottom, read upwards; a source note stays in the text but
 * does not hide the byline above it. */
/* "… Biên Hòa – Vũng Tàu Expressway. — VNS": Vietnam News signs the last paragraph itself with
 * its agency after a dash. The signature becomes the byline and leaves the paragraph. */
static int signed_paragraph(struct split *sp, struct line *l)
{
    size_t from = l->len > 40 ? l->len - 40 : 0;
    for (size_t k = l->len; k-- > from + 1;) {
        bool dash = k + 4 < l->len && memcmp(l->s + k, " \xE2\x80", 3) == 0 &&
                    ((unsigned char)l->s[k + 3] == 0x93 || (unsigned char)l->s[k + 3] == 0x94) &&
                    l->s[k + 4] == ' ';
        if (!dash) {
            continue;
        }
        json_t *bl = NULL;
        int rc = enrich_byline_parse(l->s + k + 1, l->len - k - 1, sp->hints->lang, true, &bl);
        if (rc <= 0) {
            return rc;
        }
        json_t *roles = json_object_get(bl, "roles");
        if (json_array_size(roles) != 1 ||
            strcmp(json_string_value(json_array_get(roles, 0)), "source") != 0) {
            json_decref(bl); /* only an agency signs this way; a name is the text's own */
            return 0;
        }
        sp->out->byline = bl;
        l->len = k;
        return 1;
    }
    return 0;
}

static int read_footer(struct split *sp, size_t first)
{
    struct line *L = sp->lines;
    bool skipped_note = false;
    json_t *header = sp->out->byline; /* "By X" under the title, read before the footer */
    size_t last = sp->n;
    while (last > first && L[last - 1].kind != LINE_BODY) {
        last--;
    }
    if (last > first) {
        int rc = signed_paragraph(sp, &L[last - 1]);
        if (rc < 0) {
            return rc;
        }
    }
    size_t top = first;
    while (top < sp->n && L[top].kind != LINE_BODY) {
        top++;
    }
    for (size_t i = sp->n; i-- > first;) {
        if (L[i].kind != LINE_BODY) {
            continue;
        }
        if (enrich_structure_is_boilerplate(L[i].s, L[i].len)) {
            L[i].kind = LINE_DROPPED;
            sp->out->boilerplate++;
            continue;
        }
        if (!skipped_note && sp->out->byline == NULL && source_note(&L[i])) {
            skipped_note = true;
            continue;
        }
        if (i == top) {
            break; /* the only paragraph left is the story itself, whatever it looks like */
        }
        json_t *bl = NULL;
        bool labelled_only = sp->out->byline != NULL;
        int rc;
        if (sp->out->byline == NULL && enrich_structure_agency_line(L[i].s, L[i].len)) {
            /* "VNA", "TTXVN/Vietnam+" alone on the last line: read as the bracketed credit. */
            char buf[64];
            int w = snprintf(buf, sizeof buf, "(%.*s)", (int)L[i].len, L[i].s);
            rc = w > 0 && (size_t)w < sizeof buf
                     ? enrich_byline_parse(buf, (size_t)w, sp->hints->lang, true, &bl)
                     : 0;
            if (rc > 0 && json_object_set_new(bl, "raw", json_stringn(L[i].s, L[i].len)) != 0) {
                json_decref(bl);
                return ENRICH_ERR_NOMEM;
            }
        } else {
            rc = enrich_byline_parse(L[i].s, L[i].len, sp->hints->lang, labelled_only, &bl);
        }
        if (rc < 0) {
            return rc;
        }
        if (rc == 0) {
            break;
        }
        L[i].kind = LINE_BYLINE;
        if (sp->out->byline == NULL) {
            sp->out->byline = bl;
        } else if (sp->out->byline == header) {
            /* "By X" at the top and "Y contributed to this report." at the end: the header's
             * writers come first. */
            rc = merge_byline(bl, header);
            json_decref(header);
            sp->out->byline = bl;
            header = NULL;
            if (rc != 0) {
                return rc;
            }
        } else {
            rc = merge_byline(sp->out->byline, bl);
            json_decref(bl);
            if (rc != 0) {
                return rc;
            }
        }
    }
    return 0;
}

/* Ends cut off: "...", "…", or the elision marks "[...]", "[…]", "(...)", "(…)". */
static bool cut_off(const char *s, size_t len)
{
    static const char *const marks[] = {"...",   "\xE2\x80\xA6",  "[...]", "[\xE2\x80\xA6]",
                                        "(...)", "(\xE2\x80\xA6)"};
    for (size_t k = 0; k < sizeof marks / sizeof marks[0]; k++) {
        if (ends_with(s, len, marks[k])) {
            return true;
        }
    }
    return false;
}

static int append_line(struct enrich_buf *b, const char *s, size_t n)
{
    if (b->len > 0 && enrich_buf_putc(b, '\n') != 0) {
        return ENRICH_ERR_NOMEM;
    }
    return enrich_buf_append(b, s, n);
}

/* Captions and boilerplate anywhere; the source tag on the first body line; the body. */
static int assemble(struct split *sp, size_t first)
{
    struct enrich_structure *out = sp->out;
    bool first_body = true;
    const struct line *last_kept = NULL;
    if (enrich_buf_reserve(&out->text, 16) != 0) {
        return ENRICH_ERR_NOMEM;
    }
    for (size_t i = first; i < sp->n; i++) {
        struct line *l = &sp->lines[i];
        if (l->kind != LINE_BODY) {
            continue;
        }
        if (enrich_structure_is_boilerplate(l->s, l->len)) {
            l->kind = LINE_DROPPED;
            out->boilerplate++;
            continue;
        }
        json_t *cap = NULL;
        int rc = enrich_structure_caption(l->s, l->len, &cap);
        if (rc < 0) {
            return rc;
        }
        if (rc > 0) {
            l->kind = LINE_CAPTION;
            if (json_array_append_new(out->captions, cap) != 0) {
                return ENRICH_ERR_NOMEM;
            }
            continue;
        }
        struct enrich_source_tag alone;
        if (first_body && out->source_tag == NULL && i + 1 < sp->n &&
            enrich_structure_source_tag_alone(l->s, l->len, &alone)) {
            out->source_tag = dup_n(l->s + alone.tag_off, alone.tag_len);
            if (out->source_tag == NULL) {
                return ENRICH_ERR_NOMEM;
            }
            l->kind = LINE_HEADER;
            continue; /* the lead under it is still the first body line */
        }
        if (first_body && out->byline == NULL) {
            json_t *bl = NULL;
            rc = top_byline(sp, l->s, l->len, true, &bl);
            if (rc < 0) {
                return rc;
            }
            if (rc > 0) {
                l->kind = LINE_BYLINE;
                out->byline = bl;
                continue;
            }
        }
        struct enrich_source_tag tag;
        if (first_body && out->source_tag == NULL &&
            enrich_structure_source_tag(l->s, l->len, &tag)) {
            out->source_tag = dup_n(l->s + tag.tag_off, tag.tag_len);
            if (out->source_tag == NULL || append_line(&out->text, l->s, tag.cut_off) != 0 ||
                enrich_buf_append(&out->text, l->s + tag.cut_off + tag.cut_len,
                                  l->len - tag.cut_off - tag.cut_len) != 0) {
                return ENRICH_ERR_NOMEM;
            }
        } else if (append_line(&out->text, l->s, l->len) != 0) {
            return ENRICH_ERR_NOMEM;
        }
        first_body = false;
        last_kept = l;
    }
    if (last_kept != NULL) {
        out->truncated = cut_off(last_kept->s, last_kept->len);
    }
    return 0;
}

int enrich_structure_split(const char *text, size_t len, const struct enrich_structure_hints *hints,
                           struct enrich_structure *out)
{
    memset(out, 0, sizeof *out);
    if (hints->text_storage != NULL) {
        out->text = *hints->text_storage;
        out->text.len = 0;
        if (out->text.data != NULL) {
            out->text.data[0] = '\0';
        }
        *hints->text_storage = (struct enrich_buf){0};
    }
    out->captions = json_array();
    out->warnings = json_array();
    if (out->captions == NULL || out->warnings == NULL) {
        return ENRICH_ERR_NOMEM;
    }
    size_t count = 1;
    for (const char *p = text; (p = memchr(p, '\n', (size_t)(text + len - p))) != NULL; p++) {
        count++;
    }
    struct split sp = {.lines = calloc(count, sizeof(struct line)), .hints = hints, .out = out};
    if (sp.lines == NULL) {
        return ENRICH_ERR_NOMEM;
    }
    for (size_t start = 0; start <= len;) {
        const char *nl = memchr(text + start, '\n', len - start);
        size_t i = nl != NULL ? (size_t)(nl - text) : len;
        if (i > start) {
            /* A view counter or share bar after a bar leaves the line as boilerplate, so that
             * the byline or dateline before it is read. */
            size_t keep = enrich_structure_widget_tail(text + start, i - start);
            if (keep < i - start && keep > 0) {
                out->boilerplate++;
            } else {
                keep = i - start;
            }
            sp.lines[sp.n++] = (struct line){text + start, keep, LINE_BODY};
        }
        start = i + 1;
    }
    int rc = read_header(&sp);
    if (rc == 0) {
        drop_repeated_title(&sp);
    }
    size_t first = 0;
    while (first < sp.n && sp.lines[first].kind != LINE_BODY) {
        first++;
    }
    if (rc == 0) {
        rc = drop_related_lists(&sp, first);
    }
    if (rc == 0) {
        rc = read_footer(&sp, first);
    }
    if (rc == 0) {
        rc = assemble(&sp, first);
    }
    if (rc == 0 && out->text.len == 0) {
        rc = warn(out, "empty_text");
    }
    free(sp.lines);
    return rc;
}

void enrich_structure_free(struct enrich_structure *s)
{
    enrich_buf_free(&s->text);
    free(s->kicker);
    free(s->title);
    free(s->source_tag);
    free(s->dateline);
    json_decref(s->byline);
    json_decref(s->captions);
    json_decref(s->warnings);
    memset(s, 0, sizeof *s);
}
