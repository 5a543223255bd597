/*
 * What makes a number not a figure: a name, a reference, a phone number. What a figure counts is
 * read in enrich_figures_phrase.c. The word lists are the vocabulary of Vietnamese and English
 * news; they are matched on lowercased words, so "Quận 1" and "quận 1" behave alike.
 */
#include <stdint.h>
#include <string.h>

#include "enrich_dates_internal.h"
#include "enrich_figures_internal.h"

/* A number right after one of these words names or numbers something. */
static const char *const vi_block_one[] = {
    "số",    "thứ",    "khóa",   "khoá",  "kỳ",    "kì",   "đợt",  "vòng",  "hạng",   "top",
    "quận",  "phường", "khu",    "ấp",    "khóm",  "xóm",  "thôn", "tổ",    "lô",     "tầng",
    "phòng", "hẻm",    "ngõ",    "ngách", "kiệt",  "phố",  "km",   "ql",    "đt",     "tl",
    "điều",  "khoản",  "chương", "mục",   "trang", "tập",  "câu",  "cấp",   "lớp",    "khối",
    "phiên", "kênh",   "tuyến",  "cổng",  "bến",   "ga",   "bảng", "mã",    "mẫu",    "biểu",
    "lần",   "loại",   "bậc",    "vùng",  "đường", "luật", "bài",  "phần",  "tờ",     "thửa",
    "block", "mùng",   "mồng",   "phút",  "bản",   "điểm", "ô",    "model", "iphone", "galaxy",
    "covid", "hiệp",   NULL};

/* Two-word names and document types ("Quyết định 290", "Quốc lộ 1", "Trung ương 4"). */
static const char *const vi_block_two[] = {
    "quyết định",   "nghị định", "nghị quyết", "chỉ thị",    "kết luận",  "thông tư",
    "công văn",     "thông báo", "công điện",  "kế hoạch",   "pháp lệnh", "tờ trình",
    "chương trình", "đề án",     "hướng dẫn",  "quy chế",    "quy định",  "văn bản",
    "trung ương",   "đại hội",   "quốc lộ",    "tỉnh lộ",    "hương lộ",  "đường tỉnh",
    "đường huyện",  "cao tốc",   "sư đoàn",    "trung đoàn", "lữ đoàn",   "tiểu đoàn",
    "đại đội",      "quân đoàn", "quân khu",   "hạm đội",    "binh đoàn", "khu phố",
    "dân phố",      "tòa nhà",   "phụ lục",    "bản đồ",     "phiên bản", "giai đoạn",
    "tiêu chuẩn",   "quy chuẩn", "căn hộ",     "hội nghị",   "nhà máy",   "tổ máy",
    "lô đất",       "báo động",  "bệnh viện",  "công viên",  "xí nghiệp", "xe buýt",
    "vành đai",     "mức độ",    "cấp độ",     "sát biển",   "hải đội",   "nhi đồng",
    "quân y",       "dự án",     "vĩ độ",      "kinh độ",    NULL};

/* "tổng số 1.200 người", "dân số 1,2 triệu": "số" that counts rather than numbers. */
static const char *const vi_counting_so[] = {"tổng", "dân", "con", "trong", NULL};

static const char *const en_block_one[] = {
    "no",       "number",    "article",   "clause",     "chapter",  "decree",   "resolution",
    "circular", "decision",  "directive", "conclusion", "law",      "district", "ward",
    "route",    "highway",   "road",      "street",     "division", "regiment", "brigade",
    "zone",     "region",    "level",     "grade",      "phase",    "round",    "stage",
    "top",      "vol",       "volume",    "page",       "section",  "item",     "session",
    "congress", "plenum",    "class",     "room",       "floor",    "gate",     "platform",
    "channel",  "line",      "flight",    "model",      "version",  "type",     "group",
    "team",     "hamlet",    "lot",       "block",      "km",       "covid",    "iphone",
    "galaxy",   "apollo",    "unit",      "terminal",   "category", "tier",     "plan",
    "latitude", "longitude", NULL};

bool enrich_figures_glued_before(const char *s, size_t pos)
{
    if (pos == 0) {
        return false;
    }
    char c = s[pos - 1];
    /* Glued to a word: "COVID-19", "QĐ/15", "#3", "No.5". */
    if ((c == '-' || c == '/' || c == '.' || c == '_') && pos >= 2 &&
        enrich_lex_word_before(s, pos - 1)) {
        return true;
    }
    return c == '#' || c == '+' || c == '@' || c == '&';
}

void enrich_figures_words_before(const char *s, size_t pos, struct enrich_fig_words *w)
{
    w->n = 0;
    w->two[0] = '\0';
    size_t at = pos;
    for (int i = 0; i < 2; i++) {
        if (!enrich_lex_prev_word(s, at, &w->start[i], &w->end[i]) ||
            !enrich_lex_fold(s, w->start[i], w->end[i], w->folded[i], sizeof(w->folded[i]))) {
            break;
        }
        w->n = i + 1;
        at = w->start[i];
    }
    if (w->n == 2) {
        size_t a = strlen(w->folded[1]), b = strlen(w->folded[0]);
        memcpy(w->two, w->folded[1], a);
        w->two[a] = ' ';
        memcpy(w->two + a + 1, w->folded[0], b + 1);
    }
}

bool enrich_figures_blocked_before(const char *s, size_t pos, const struct enrich_fig_words *w,
                                   enum enrich_lang lang)
{
    size_t p = pos;
    while (p > 0 && s[p - 1] == ' ') {
        p--;
    }
    if (p > 0 && s[p - 1] == '.') {
        /* "No. 5", "Số. 5" */
        char word[8];
        if (enrich_lex_prev_folded(s, p - 1, word, sizeof(word), NULL) &&
            (strcmp(word, "no") == 0 || strcmp(word, "số") == 0)) {
            return true;
        }
    }
    if (w->n == 0) {
        return false;
    }
    const char *one = w->folded[0];
    if (lang == ENRICH_LANG_EN) {
        return enrich_lex_in(one, en_block_one);
    }
    if (w->n == 2) {
        if (enrich_lex_in(w->two, vi_block_two)) {
            return true;
        }
        if (strcmp(one, "số") == 0 && enrich_lex_in(w->folded[1], vi_counting_so)) {
            return false;
        }
        if (strcmp(w->two, "biên bản") == 0) {
            return false; /* "lập biên bản 1.246 trường hợp": reports written, a count */
        }
    }
    return enrich_lex_in(one, vi_block_one);
}

/* A storm's or a quake's position ("19,6 độ Bắc; 110,6 độ Kinh Đông", "20.8 degrees north
 * latitude"): a place on the map, which news gives beside its figures, not one. */
bool enrich_figures_coordinate_after(const char *s, size_t len, size_t end, enum enrich_lang lang)
{
    static const char *const vi[] = {"độ bắc",      "độ nam",    "độ kinh đông",
                                     "độ kinh tây", "độ vĩ bắc", "độ vĩ nam",
                                     "độ kinh",     "độ vĩ",     NULL};
    static const char *const en[] = {"degrees north", "degrees south", "degrees east",
                                     "degrees west", NULL};
    size_t p = enrich_lex_spaces(s, len, end);
    if (lang == ENRICH_LANG_EN) {
        /* "19.6N" is glued to its letter and no figure already. */
        return enrich_lex_match_any(s, len, p, en, NULL) > 0;
    }
    return p > end && enrich_lex_match_any(s, len, p, vi, NULL) > 0;
}

size_t enrich_figures_per_hour_before(const char *s, size_t pos)
{
    char word[16], prev[16];
    size_t at = pos, start;
    for (int i = 0; i < 5; i++) {
        if (enrich_lex_prev_folded(s, at, word, sizeof(word), &start) == 0) {
            return false;
        }
        if (strcmp(word, "giờ") == 0) {
            size_t mo;
            return enrich_lex_prev_folded(s, start, prev, sizeof(prev), &mo) > 0 &&
                           strcmp(prev, "mỗi") == 0
                       ? mo + 1
                       : 0;
        }
        at = start;
    }
    return 0;
}

bool enrich_figures_vehicle_class(const char *s, size_t len, const struct enrich_fig_words *w,
                                  size_t end)
{
    static const char *const vehicles[] = {"xe", "khách", "buýt", "tô", "con", "limousine", NULL};
    size_t p = enrich_lex_spaces(s, len, end);
    return w->n > 0 && enrich_lex_in(w->folded[0], vehicles) && p > end &&
           enrich_lex_match(s, len, p, "chỗ") > 0;
}

bool enrich_figures_gold_purity(const char *s, const struct enrich_fig_words *w, size_t pos,
                                size_t end)
{
    /* Purity in thousandths as the trade writes it; other numbers after "vàng" are prices. */
    static const char *const purities[] = {"9999", "999,9", "999.9", "99,99", "99.99", "999", NULL};
    static const char *const golds[] = {"vàng", "nhẫn", "miếng", "trơn", NULL};
    char num[8];
    size_t n = end - pos;
    if (n >= sizeof num) {
        return false;
    }
    memcpy(num, s + pos, n);
    num[n] = '\0';
    if (!enrich_lex_in(num, purities)) {
        return false;
    }
    if (w->n > 0 && enrich_lex_in(w->folded[0], golds)) {
        return true;
    }
    /* "vàng SJC 9999", "gold of 9999 fineness": the metal named a few words before, on the
     * same line. */
    size_t lo = pos > 32 ? pos - 32 : 0;
    for (size_t k = pos; k > lo + 3; k--) {
        if (s[k - 1] == '\n') {
            break;
        }
        if (((s[k - 4] | 0x20) == 'g' && memcmp(s + k - 3, "old", 3) == 0) ||
            (k >= lo + 5 && (s[k - 5] | 0x20) == 'v' && memcmp(s + k - 4, "\xC3\xA0ng", 4) == 0)) {
            return true;
        }
    }
    return false;
}

bool enrich_figures_mover_before(const char *s, size_t from, size_t *cs, size_t *ce)
{
    /* Back to "di chuyển" in the same sentence (commas allowed: "bão di chuyển theo hướng Tây
     * Tây Bắc, mỗi giờ đi được 15-20 km"). */
    size_t p = from;
    while (p > 0 && s[p - 1] != '.' && s[p - 1] != '\n' && s[p - 1] != ';') {
        p--;
    }
    size_t verb = SIZE_MAX;
    for (size_t q = p; q + 1 < from; q++) {
        if ((q == p || s[q - 1] == ' ') && enrich_lex_match(s, from, q, "di chuyển") > 0) {
            verb = q;
        }
    }
    if (verb == SIZE_MAX) {
        return false;
    }
    /* The words right before the verb, back to a comma or the sentence's start, four at most. */
    size_t at = verb, ws, we, first = SIZE_MAX, last = SIZE_MAX;
    char w[16];
    for (int n = 0, guard = 0;
         n < 4 && guard < 8 && enrich_lex_prev_word(s, at, &ws, &we) && ws >= p; guard++) {
        if (enrich_lex_fold(s, ws, we, w, sizeof(w)) > 0 && first == SIZE_MAX &&
            (strcmp(w, "sẽ") == 0 || strcmp(w, "đang") == 0 || strcmp(w, "tiếp") == 0 ||
             strcmp(w, "tục") == 0 || strcmp(w, "vẫn") == 0)) {
            at = ws; /* "bão tiếp tục di chuyển": the verb's adverbs are not the subject */
            continue;
        }
        n++;
        if (last == SIZE_MAX) {
            last = we;
        }
        first = ws;
        at = ws;
    }
    if (first == SIZE_MAX) {
        return false;
    }
    *cs = first;
    *ce = last;
    return true;
}

static const char *const phone_cues[] = {"thoại", "đt",    "sđt",  "hotline", "nóng", "fax",
                                         "tel",   "phone", "zalo", "đtdđ",    NULL};

static bool digit(const char *s, size_t len, size_t p)
{
    return p < len && s[p] >= '0' && s[p] <= '9';
}

/* Digits with single separators (space, dot, dash, parentheses) between groups. */
static size_t phone_run(const char *s, size_t len, size_t pos, int *ndigits)
{
    size_t p = pos;
    size_t end = pos;
    int n = 0;
    while (p < len) {
        if (digit(s, len, p)) {
            n++;
            p++;
            end = p;
            continue;
        }
        char c = s[p];
        if ((c == ' ' || c == '.' || c == '-' || c == ')') && digit(s, len, p + 1)) {
            p++;
            continue;
        }
        if (c == ')' && p + 2 < len && s[p + 1] == ' ' && digit(s, len, p + 2)) {
            p += 2;
            continue;
        }
        break;
    }
    *ndigits = n;
    return end;
}

/* The Vietnamese emergency numbers 111 to 116 (113 police, 114 fire, 115 ambulance), standing
 * alone. */
static bool emergency_number(const char *s, size_t len, size_t pos)
{
    return pos + 3 <= len && s[pos] == '1' && s[pos + 1] == '1' && s[pos + 2] >= '1' &&
           s[pos + 2] <= '6' && !digit(s, len, pos + 3) &&
           !(pos + 4 < len && (s[pos + 3] == '.' || s[pos + 3] == ',') && digit(s, len, pos + 4));
}

size_t enrich_figures_phone(const char *s, size_t len, size_t pos, const struct enrich_fig_words *w)
{
    int n;
    if (pos > 0 && (s[pos - 1] == '+' || s[pos - 1] == '(')) {
        size_t e = phone_run(s, len, pos, &n);
        return n >= 8 ? e : 0;
    }
    if (w->n > 0 && enrich_lex_in(w->folded[0], phone_cues)) {
        size_t e = phone_run(s, len, pos, &n);
        return n >= 3 ? e : 0; /* "đường dây nóng 113" */
    }
    if (w->n > 0 && emergency_number(s, len, pos)) {
        /* "gọi 115", "call 113", "0293.3870.115 hoặc 113": an emergency number after a call
         * or another phone number */
        static const char *const calls[] = {"gọi", "call", "dial", "bấm", NULL};
        static const char *const ors[] = {"hoặc", "or", "và", NULL};
        size_t p = w->start[0];
        while (p > 0 && s[p - 1] == ' ') {
            p--;
        }
        int before = 0; /* digits of the phone number before "hoặc" */
        for (size_t q = p; q > 0 && q + 24 > p; q--) {
            char c = s[q - 1];
            if (digit(s, len, q - 1)) {
                before++;
            } else if (c != '.' && c != ' ' && c != '-') {
                break;
            }
        }
        if (enrich_lex_in(w->folded[0], calls) ||
            (enrich_lex_in(w->folded[0], ors) && p > 0 && digit(s, len, p - 1) && before >= 8)) {
            return pos + 3;
        }
    }
    if (s[pos] == '0' && digit(s, len, pos + 1)) {
        size_t e = phone_run(s, len, pos, &n);
        return n >= 8 ? e : 0;
    }
    /* Hotlines "1900 1234", "1800.1234" */
    if (pos + 4 < len && (memcmp(s + pos, "1900", 4) == 0 || memcmp(s + pos, "1800", 4) == 0) &&
        (s[pos + 4] == ' ' || s[pos + 4] == '.') && digit(s, len, pos + 5)) {
        size_t e = phone_run(s, len, pos, &n);
        return n >= 8 ? e : 0;
    }
    return 0;
}

bool enrich_figures_after_name(const char *s, const struct enrich_fig_words *w)
{
    if (w->n == 0) {
        return false;
    }
    size_t ws = w->start[0], we = w->end[0];
    if (!enrich_lex_upper_at(s, we, ws)) {
        return false;
    }
    /* A code of capitals, wherever it stands: the rice varieties "OM 5451", "IR 50404", "ST 25"
     * open table rows and sentences too. */
    bool code = we - ws >= 2 && we - ws <= 4;
    for (size_t k = ws; code && k < we; k++) {
        code = s[k] >= 'A' && s[k] <= 'Z';
    }
    if (code && strcmp(w->folded[0], "usd") != 0 && strcmp(w->folded[0], "vnd") != 0) {
        return true;
    }
    /* The first word of a sentence is capitalized for another reason. */
    size_t p = ws;
    while (p > 0 && s[p - 1] == ' ') {
        p--;
    }
    if (p == 0) {
        return false;
    }
    char c = s[p - 1];
    if (c == '\n' || c == '.' || c == '!' || c == '?' || c == ':' || c == ';' || c == '(' ||
        c == '"' || c == '-') {
        return false;
    }
    if (p >= 3 && (unsigned char)s[p - 3] == 0xE2 && (unsigned char)s[p - 2] == 0x80) {
        return false; /* after a quotation mark, a dash or an ellipsis */
    }
    return true;
}
