/* Boilerplate lines: share buttons, related links, tags and the other widgets feeds leave in the
 * text. Matched whole, lowercased, so that a sentence that opens with "Chia sẻ" stays. */
#include <string.h>

#include "enrich_internal.h"
#include "enrich_utf8.h"

#define BOILERPLATE_MAX_BYTES 240

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
    "đọc tiếp",
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
    "đọc bài gốc",
    "đọc bài gốc tại đây",
    "xem bài gốc",
    "link bài gốc",
    "xem toàn bộ bài viết tại đây",
    "xem chi tiết tại đây",
    "bấm vào đây để xem",
    "xem video",
    "in trang",
    "gửi email",
    "tải ứng dụng",
    "đăng nhập để bình luận",
    "bài viết cùng chủ đề",
    "tin cùng chủ đề",
    "đang được quan tâm",
    "chia sẻ qua facebook",
    "chia sẻ qua zalo",
    "chia sẻ lên facebook",
    "lượt xem",
    "lượt thích",
    "share this story",
    "share this post",
    "comments",
    "comment",
    "leave a comment",
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
    "mời quý độc giả",
    "mời độc giả",
    "mời bạn đọc theo dõi",
    "mời bạn đọc xem",
    "mời bạn đọc đón đọc",
    "bạn đang đọc bài viết",
    "lượt xem:",
    "follow us on",
    ">> xem thêm",
};

/* Headings over a list of links to other articles: the lines under them are headlines. */
static const char *const list_headings[] = {
    "xem thêm",
    "xem tiếp",
    "đọc thêm",
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
    "tin bài liên quan",
    "có thể bạn quan tâm",
    "bạn có thể quan tâm",
    "you may also like",
    "see also",
    "related",
    "related articles",
    "related news",
    "read more",
    "see more",
    "more stories",
};

static bool in_list(const char *s, size_t n, const char *const *list, size_t count)
{
    /* The first byte settles most entries before their length is counted. */
    for (size_t i = 0; n > 0 && i < count; i++) {
        if (list[i][0] == s[0] && strlen(list[i]) == n && memcmp(list[i], s, n) == 0) {
            return true;
        }
    }
    return false;
}

/* Trims spaces and widget punctuation from both ends of s[*b..*e). */
/* A widget's whole line: one of boiler_lines, or a heading over a list of links. */
static bool is_widget_name(const char *s, size_t n)
{
    return in_list(s, n, boiler_lines, sizeof boiler_lines / sizeof boiler_lines[0]) ||
           in_list(s, n, list_headings, sizeof list_headings / sizeof list_headings[0]);
}

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

/* "Theo dõi <outlet> trên Google News / YouTube / Zalo / TikTok / fanpage". */
static bool follow_channel(const char *low, size_t n)
{
    static const char *const channels[] = {"google news", "youtube", "fanpage",
                                           "tiktok",      "zalo",    "facebook"};
    for (size_t k = 0; k < sizeof channels / sizeof channels[0]; k++) {
        if (memmem(low, n, channels[k], strlen(channels[k])) != NULL) {
            return true;
        }
    }
    return false;
}

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* Removes a number (digits, '.' and ',') that opens or closes s[*b..*e) with a space between
 * it and the rest. Returns whether one was removed. */
static bool strip_counter(const char *s, size_t *b, size_t *e)
{
    size_t k = *b;
    while (k < *e && (is_digit(s[k]) || s[k] == '.' || s[k] == ',')) {
        k++;
    }
    if (k > *b && is_digit(s[*b]) && k < *e && s[k] == ' ') {
        *b = k + 1;
        return true;
    }
    k = *e;
    while (k > *b && (is_digit(s[k - 1]) || s[k - 1] == '.' || s[k - 1] == ',')) {
        k--;
    }
    if (k < *e && is_digit(s[*e - 1]) && k > *b && s[k - 1] == ' ') {
        *e = k - 1;
        return true;
    }
    return false;
}

/* Two or more words, each the name of a sharing service. */
static bool widget_words(const char *s, size_t n)
{
    static const char *const services[] = {"facebook",  "zalo",      "twitter",  "linkedin",
                                           "messenger", "email",     "tweet",    "share",
                                           "print",     "pinterest", "telegram", "x"};
    size_t i = 0, words = 0;
    while (i < n) {
        size_t j = i;
        while (j < n && s[j] != ' ') {
            j++;
        }
        if (!in_list(s + i, j - i, services, sizeof services / sizeof services[0])) {
            return false;
        }
        words++;
        i = j + 1;
    }
    return words >= 2;
}

/* One part of a row: a widget's name, alone or with its counter ("bình luận: 5",
 * "lượt xem: 1.234", "12 bình luận"). */
static bool widget_part(const char *low, size_t b, size_t e)
{
    trim_widget(low, &b, &e);
    if (is_widget_name(low + b, e - b)) {
        return true;
    }
    if (!strip_counter(low, &b, &e)) {
        return false;
    }
    trim_widget(low, &b, &e);
    return is_widget_name(low + b, e - b);
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
        if (boiler_prefixes[i][0] != low[0]) {
            continue;
        }
        size_t pl = strlen(boiler_prefixes[i]);
        if (nb >= pl && memcmp(low, boiler_prefixes[i], pl) == 0) {
            return true;
        }
    }
    /* Short and not a sentence: "Theo dõi trên Facebook, nhiều người dân phản ánh …." stays. */
    if (nb > 12 && nb <= 100 && low[nb - 1] != '.' &&
        memcmp(low, "theo dõi", strlen("theo dõi")) == 0 && follow_channel(low, nb)) {
        return true;
    }
    size_t b = 0, e = nb;
    trim_widget(low, &b, &e);
    if (is_widget_name(low + b, e - b)) {
        return true;
    }
    /* A counter before or after the widget's name: "12 bình luận", "Thích 12". */
    if (widget_part(low, b, e)) {
        return true;
    }
    /* Widget names in a row with only spaces between them: "Facebook Twitter Zalo". */
    if (widget_words(low + b, e - b)) {
        return true;
    }
    /* A row of widget names: "Facebook | Zalo | Email". Every part must be one, and there are
     * two at least: a line without a separator byte is not a row (most are not). */
    if (memchr(low + b, '|', e - b) == NULL && memchr(low + b, '/', e - b) == NULL &&
        memchr(low + b, 0xC2, e - b) == NULL && memchr(low + b, 0xE2, e - b) == NULL) {
        return false;
    }
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
            if (pe == pb || !widget_part(low, pb, pe)) {
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

bool enrich_structure_is_list_heading(const char *line, size_t len)
{
    if (len == 0 || len > 80) {
        return false;
    }
    char low[200];
    long n = enrich_utf8_lower(line, len, low, sizeof low);
    if (n <= 0) {
        return false;
    }
    size_t b = 0, e = (size_t)n;
    trim_widget(low, &b, &e);
    return in_list(low + b, e - b, list_headings, sizeof list_headings / sizeof list_headings[0]);
}

size_t enrich_structure_widget_tail(const char *line, size_t len)
{
    if (len > BOILERPLATE_MAX_BYTES) {
        return len;
    }
    /* Left to right, so that the longest widget tail is cut: "X | Lượt xem: 1 | Bình luận: 2". */
    for (size_t i = 1; i + 1 < len; i++) {
        size_t adv = 0;
        if (line[i - 1] != ' ' || !separator_at(line, i, len, &adv) || line[i] == '/') {
            continue;
        }
        size_t tb = i + adv;
        if (tb >= len || line[tb] != ' ') {
            continue;
        }
        while (tb < len && line[tb] == ' ') {
            tb++;
        }
        /* Five bytes at least: a lone "In" or "Top" after a bar may be the line's own words. */
        if (len - tb < 5 || !enrich_structure_is_boilerplate(line + tb, len - tb)) {
            continue;
        }
        size_t e = i;
        while (e > 0 && line[e - 1] == ' ') {
            e--;
        }
        /* A bar of widgets only stays whole: it is dropped as one line. */
        return enrich_structure_is_boilerplate(line, len) ? len : e;
    }
    return len;
}
