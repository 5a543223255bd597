/*
 * What makes a number not a figure (a name, a reference, a phone number) and what a figure
 * counts. The word lists are the vocabulary of Vietnamese and English news; they are matched
 * on lowercased words, so "Quận 1" and "quận 1" behave alike.
 */
#include <string.h>

#include "enrich_dates_internal.h"
#include "enrich_figures_internal.h"

/* A number right after one of these words names or numbers something. */
static const char *const vi_block_one[] = {
    "số",    "thứ",  "khóa",   "khoá", "kỳ",    "kì",     "đợt",    "vòng",  "hạng",
    "top",   "quận", "phường", "khu",  "ấp",    "khóm",   "xóm",    "thôn",  "tổ",
    "lô",    "tầng", "phòng",  "hẻm",  "ngõ",   "ngách",  "kiệt",   "phố",   "km",
    "ql",    "đt",   "tl",     "điều", "khoản", "chương", "mục",    "trang", "tập",
    "câu",   "cấp",  "lớp",    "khối", "phiên", "kênh",   "tuyến",  "cổng",  "bến",
    "ga",    "bảng", "mã",     "mẫu",  "biểu",  "lần",    "loại",   "bậc",   "vùng",
    "đường", "luật", "bài",    "phần", "tờ",    "thửa",   "block",  "mùng",  "mồng",
    "phút",  "bản",  "điểm",   "ô",    "model", "iphone", "galaxy", "covid", NULL};

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
    "lô đất",       NULL};

/* "tổng số 1.200 người", "dân số 1,2 triệu": "số" that counts rather than numbers. */
static const char *const vi_counting_so[] = {"tổng", "dân", "con", NULL};

static const char *const en_block_one[] = {
    "no",       "number",   "article",   "clause",     "chapter",  "decree",   "resolution",
    "circular", "decision", "directive", "conclusion", "law",      "district", "ward",
    "route",    "highway",  "road",      "street",     "division", "regiment", "brigade",
    "zone",     "region",   "level",     "grade",      "phase",    "round",    "stage",
    "top",      "vol",      "volume",    "page",       "section",  "item",     "session",
    "congress", "plenum",   "class",     "room",       "floor",    "gate",     "platform",
    "channel",  "line",     "flight",    "model",      "version",  "type",     "group",
    "team",     "hamlet",   "lot",       "block",      "km",       "covid",    "iphone",
    "galaxy",   "apollo",   "unit",      "terminal",   "category", "tier",     "plan",
    NULL};

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
    }
    return enrich_lex_in(one, vi_block_one);
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

static const char *const vi_after_stop[] = {
    "và",   "với",   "so",   "trong", "tại",  "của",   "là",    "được",  "đã",   "để",    "cho",
    "từ",   "đến",   "tới",  "vào",   "khi",  "thì",   "nhưng", "mà",    "hay",  "hoặc",  "cùng",
    "theo", "như",   "này",  "đó",    "do",   "bởi",   "nên",   "sẽ",    "đang", "vẫn",   "cũng",
    "đều",  "chỉ",   "còn",  "ở",     "trên", "dưới",  "sau",   "trước", "năm",  "tháng", "ngày",
    "nay",  "qua",   "tăng", "giảm",  "đạt",  "thuộc", "gồm",   "bao",   "về",   "bị",    "có",
    "phải", "không", "chưa", "mỗi",   "trị",  NULL};
static const char *const en_after_stop[] = {
    "and",  "with", "in",   "at",       "to",    "for",   "from", "by",    "on",     "was",
    "were", "is",   "are",  "the",      "a",     "an",    "that", "which", "who",    "as",
    "than", "this", "last", "compared", "while", "but",   "or",   "since", "during", "per",
    "of",   "have", "has",  "had",      "will",  "would", "each", "year",  "years",  NULL};
static const char *const vi_before_trim[] = {
    "đạt",    "tăng", "giảm",  "còn",   "là",   "chiếm", "lên", "xuống", "được",  "có",
    "gồm",    "bằng", "ở",     "mức",   "thêm", "về",    "hết", "mất",   "tốn",   "với",
    "khoảng", "hơn",  "trên",  "gần",   "tới",  "đến",   "từ",  "dưới",  "chừng", "ngót",
    "hiện",   "hàng", "như",   "cho",   "của",  "mới",   "chỉ", "tương", "đương", "tổng",
    "cộng",   "vào",  "ra",    "đã",    "sẽ",   "đang",  "khi", "nhưng", "ước",   "tính",
    "dao",    "động", "quanh", "chừng", "xấp",  "xỉ",    NULL};
static const char *const en_before_trim[] = {
    "reached",  "rose",     "fell",   "increased", "decreased",
    "was",      "were",     "is",     "are",       "of",
    "at",       "to",       "by",     "totaling",  "totalling",
    "worth",    "hit",      "up",     "down",      "about",
    "over",     "nearly",   "some",   "than",      "more",
    "less",     "a",        "an",     "the",       "with",
    "has",      "have",     "had",    "stood",     "grew",
    "dropped",  "reaching", "around", "almost",    "approximately",
    "at",       "least",    "most",   "just",      "only",
    "roughly",  "under",    "below",  "above",     "as",
    "many",     "much",     "from",   "in",        "on",
    "for",      "and",      "or",     "estimated", "expected",
    "raise",    "raised",   "cost",   "costs",     "be",
    "compared", "against",  "been",   "total",     NULL};

/* Words that end a noun phrase when reading backwards from a figure. */
static const char *const barriers[] = {"và", "hoặc", "hay", "nhưng", "and", "or", "but", NULL};

/* Words that begin the clause, not the noun phrase, when reading backwards: the phrase stops
 * after them ("... có tổng mức đầu tư hơn 34.800 tỷ đồng" -> "tổng mức đầu tư"). */
static const char *const vi_head_stop[] = {
    "có",   "là", "được", "đã",  "sẽ",  "đang", "với", "cho",  "tại",  "ở",     "trong", "khi",
    "thì",  "mà", "nên",  "vì",  "do",  "để",   "nếu", "rằng", "theo", "từ",    "đến",   "tới",
    "trên", "về", "bị",   "còn", "nay", "này",  "đó",  "cả",   "các",  "những", NULL};
static const char *const en_head_stop[] = {
    "with", "for",   "from", "to",  "by",    "in",   "on",  "at",   "that",  "which",
    "said", "says",  "is",   "was", "are",   "were", "has", "have", "had",   "as",
    "than", "while", "when", "its", "their", "his",  "her", "this", "these", "those",
    "it",   "they",  "he",   "she", "we",    "i",    "you", NULL};

/* An apostrophe (' or U+2019) of length returned, or 0. */
static size_t apostrophe(const char *s, size_t len, size_t p)
{
    if (p < len && s[p] == '\'') {
        return 1;
    }
    if (p + 2 < len && memcmp(s + p, "\xE2\x80\x99", 3) == 0) {
        return 3;
    }
    return 0;
}

/* The word at p, with "port's" kept whole in English. */
static size_t context_word_end(const char *s, size_t len, size_t p, enum enrich_lang lang)
{
    size_t e = enrich_lex_word_end(s, len, p);
    size_t a;
    if (lang == ENRICH_LANG_EN && (a = apostrophe(s, len, e)) &&
        enrich_lex_word_at(s, len, e + a)) {
        e = enrich_lex_word_end(s, len, e + a);
    }
    return e;
}

static bool context_prev_word(const char *s, size_t len, size_t at, enum enrich_lang lang,
                              size_t *ws, size_t *we)
{
    if (!enrich_lex_prev_word(s, at, ws, we) || at - *we > 1) {
        return false;
    }
    size_t a0, b0;
    if (lang == ENRICH_LANG_EN && *ws >= 2 && enrich_lex_prev_word(s, *ws - 1, &a0, &b0) &&
        b0 < *ws && apostrophe(s, len, b0) == *ws - b0) {
        *ws = a0; /* "port's" */
    }
    return true;
}

void enrich_figures_context(const char *s, size_t len, size_t before, size_t after,
                            size_t unit_start, bool counts, enum enrich_lang lang, size_t *cstart,
                            size_t *cend)
{
    const char *const *stops = lang == ENRICH_LANG_EN ? en_after_stop : vi_after_stop;
    const char *const *trims = lang == ENRICH_LANG_EN ? en_before_trim : vi_before_trim;
    const char *const *heads = lang == ENRICH_LANG_EN ? en_head_stop : vi_head_stop;
    size_t cs = counts ? unit_start : after;
    size_t ce = after;
    int words = counts ? 1 : 0;
    size_t p = after;
    bool skipped_of = false;
    char w[48];
    while (words < 5) {
        size_t q = enrich_lex_spaces(s, len, p);
        if (q == p || q >= len || !enrich_lex_word_at(s, len, q) || digit(s, len, q)) {
            break;
        }
        size_t e = context_word_end(s, len, q, lang);
        if (!enrich_lex_fold(s, q, e, w, sizeof(w))) {
            break;
        }
        if (lang == ENRICH_LANG_EN && words == 0 && !skipped_of && strcmp(w, "of") == 0) {
            /* "1,000 tons of rice": the context is "rice" */
            skipped_of = true;
            p = e;
            continue;
        }
        if (enrich_lex_in(w, stops)) {
            break;
        }
        if (words == 0 && !counts) {
            cs = q;
        }
        ce = e;
        words++;
        p = e;
    }
    if (ce > cs) {
        *cstart = cs;
        *cend = ce;
        return;
    }
    /* Nothing after the figure: the noun phrase before it ("tỷ lệ hộ nghèo giảm còn 2,5%"). */
    *cstart = *cend = after;
    size_t at = before, ws, we;
    /* Skip the verbs and prepositions right before the figure ("đạt", "tăng", "ước"). */
    for (;;) {
        if (!context_prev_word(s, len, at, lang, &ws, &we) || digit(s, len, ws) ||
            !enrich_lex_fold(s, ws, we, w, sizeof(w)) || enrich_lex_in(w, barriers)) {
            return;
        }
        if (!enrich_lex_in(w, trims)) {
            break;
        }
        at = ws;
    }
    if (enrich_lex_in(w, heads)) {
        return; /* "It costs VND 200,000": no noun phrase */
    }
    size_t phrase_end = we, phrase_start = ws;
    at = ws;
    for (int n = 1; n < 6; n++) {
        if (!context_prev_word(s, len, at, lang, &ws, &we) || digit(s, len, ws) ||
            !enrich_lex_fold(s, ws, we, w, sizeof(w)) || enrich_lex_in(w, barriers) ||
            enrich_lex_in(w, heads)) {
            break;
        }
        phrase_start = ws;
        at = ws;
    }
    *cstart = phrase_start;
    *cend = phrase_end;
}
