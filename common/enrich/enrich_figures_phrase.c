/*
 * What a figure counts: the words after it ("2.000 ha lúa", "1,5 triệu người tham gia"), or,
 * when none say it, the subject of the clause before it. Reading backwards skips what an editor
 * skips between the subject and the figure: the verb and the qualifier ("ước đạt hơn"), dates and
 * time words ("cả năm", "năm nay", "đến ngày 31/10", "in October"), hedges ("có nơi"), a short
 * name in brackets ("(GRDP)"), and a place or an owner after the subject ("trên địa bàn", "của
 * tỉnh", "at securities firms"): "sản lượng lúa cả năm của tỉnh đạt hơn 2,1 triệu tấn" counts
 * "sản lượng lúa". The word lists are matched on lowercased words.
 */
#include <stdint.h>
#include <string.h>

#include "enrich_dates_internal.h"
#include "enrich_figures_internal.h"

static const char *const vi_after_stop[] = {
    "và", "với", "so", "trong", "tại", "của", "là", "được", "đã", "để", "cho", "từ", "đến", "tới",
    "vào", "khi", "thì", "nhưng", "mà", "hay", "hoặc", "cùng", "theo", "như", "này", "đó", "do",
    "bởi", "nên", "sẽ", "đang", "vẫn", "cũng", "đều", "chỉ", "còn", "ở", "trên", "dưới", "sau",
    "trước", "năm", "tháng", "ngày", "nay", "qua", "tăng", "giảm", "đạt", "thuộc", "gồm", "bao",
    "về", "bị", "có", "phải", "không", "chưa", "mỗi", "một", "trị", "trở", "tùy", "tuỳ",
    /* Where a change went and when it happened are no noun: "tăng 2,1% lên 92.300 đồng",
     * "tăng 500.000 đồng sáng nay", "8% cả năm". */
    "lên", "xuống", "sáng", "chiều", "tối", "trưa", "hôm", "cả",
    /* "3,6% GDP" is a share of GDP: the base, not what is counted */
    "gdp", "grdp", NULL};
/* Nouns that begin with a stop word: "4.200 chỉ tiêu", "3 chỉ số", "BHXH một lần". And the
 * injured, whom crash and disaster reports count apart from the dead: "11 người bị thương"
 * (what befell houses or fields stays out: "21.000 ngôi nhà bị tốc mái" counts houses). */
static const char *const vi_after_compounds[] = {"chỉ tiêu", "chỉ số",    "tăng trưởng", "một lần",
                                                 "một cửa",  "bị thương", "bị nạn",      NULL};
static const char *const en_after_stop[] = {
    "and", "with", "in", "at", "to", "for", "from", "by", "on", "was", "were", "is", "are", "the",
    "a", "an", "that", "which", "who", "as", "than", "this", "last", "compared", "while", "but",
    "or", "since", "during", "per", "of", "have", "has", "had", "will", "would", "each", "year",
    "years",
    /* Prepositions and comparatives say where or how much, never what is counted: "$520 per
     * tonne until the end of the year", "15 per cent more than". */
    "until", "till", "before", "after", "into", "over", "under", "about", "around", "through",
    "between", "among", "against", "above", "below", "toward", "towards", "across", "within",
    "more", "less", "fewer", "higher", "lower", "up", "down", "ago", "earlier", "later",
    "year-on-year", "on-year", "worth", "next", "along", "near", "via", NULL};
static const char *const vi_before_trim[] = {
    "đạt",  "tăng", "giảm", "còn",   "là",    "chiếm", "lên",    "xuống", "được",  "có",     "gồm",
    "bằng", "ở",    "mức",  "thêm",  "về",    "hết",   "mất",    "tốn",   "với",   "khoảng", "hơn",
    "trên", "gần",  "tới",  "đến",   "từ",    "dưới",  "chừng",  "ngót",  "hiện",  "hàng",   "như",
    "cho",  "của",  "mới",  "chỉ",   "tương", "đương", "tổng",   "cộng",  "vào",   "ra",     "đã",
    "sẽ",   "đang", "khi",  "nhưng", "ước",   "tính",  "dao",    "động",  "quanh", "chừng",  "xấp",
    "xỉ",   "gấp",  "vẫn",  "cũng",  "áp",    "vượt",  "ngưỡng", NULL};
static const char *const en_before_trim[] = {
    "reached",  "rose",     "fell",         "increased", "decreased",
    "was",      "were",     "is",           "are",       "of",
    "at",       "to",       "by",           "totaling",  "totalling",
    "worth",    "hit",      "up",           "down",      "about",
    "over",     "nearly",   "some",         "than",      "more",
    "less",     "a",        "an",           "the",       "with",
    "has",      "have",     "had",          "stood",     "grew",
    "dropped",  "reaching", "around",       "almost",    "approximately",
    "at",       "least",    "most",         "just",      "only",
    "roughly",  "under",    "below",        "above",     "as",
    "many",     "much",     "from",         "in",        "on",
    "for",      "and",      "or",           "estimated", "expected",
    "raise",    "raised",   "cost",         "costs",     "be",
    "compared", "against",  "been",         "total",     "faster",
    "costing",  "slower",   "higher",       "lower",     "surge",
    "surged",   "surges",   "jump",         "jumped",    "jumps",
    "soar",     "soared",   "soars",        "climb",     "climbed",
    "climbs",   "slump",    "slumped",      "plunge",    "plunged",
    "rise",     "rises",    "fall",         "falls",     "grow",
    "grows",    "reach",    "reaches",      "hits",      "lose",
    "loses",    "lost",     "gain",         "gains",     "gained",
    "drop",     "drops",    "increase",     "increases", "decline",
    "declined", "declines", "could",        "would",     "may",
    "might",    "will",     "should",       "can",       "shed",
    "sheds",    "edged",    "eased",        "slid",      "tumbled",
    "rallied",  "added",    "year-on-year", "on-year",   "alone",
    "record",   "sell",     "sells",        NULL};

/* Words that end a noun phrase when reading backwards from a figure. */
static const char *const barriers[] = {"và", "hoặc", "hay", "nhưng", "and", "or", "but", NULL};

/* Words that begin the clause, not the noun phrase, when reading backwards: the phrase stops
 * after them ("... có tổng mức đầu tư hơn 34.800 tỷ đồng" -> "tổng mức đầu tư"). */
static const char *const vi_head_stop[] = {
    "có",  "là",   "được", "đã",    "sẽ",  "đang", "với",  "cho",   "tại",  "ở",    "trong",
    "khi", "thì",  "mà",   "nên",   "vì",  "do",   "để",   "nếu",   "rằng", "theo", "từ",
    "đến", "tới",  "trên", "về",    "bị",  "còn",  "nay",  "này",   "đó",   "hơn",  "kém",
    "của", "giúp", "nhằm", "thuộc", "đưa", "nâng", "phải", "riêng", "gây",  "đạt",  NULL};
static const char *const en_head_stop[] = {
    "with", "for", "from", "to", "by", "in", "on", "at", "that", "which", "said", "says", "is",
    "was", "are", "were", "has", "have", "had", "as", "than", "while", "when", "its", "their",
    "his", "her", "this", "these", "those", "it", "they", "he", "she", "we", "i", "you", "bringing",
    "taking", "pushing", "lifting",
    /* Verbs whose object is the figure's subject: "An Giang saw hotel occupancy of 75 per
     * cent", "the firm posted revenue of $5 million". */
    "saw", "sees", "recorded", "records", "reported", "posted", "logged", "registered", "achieved",
    "showed", "shows", "set", "sets", NULL};

/* A noun phrase begins with these plural markers: they are its first word ("các môn thi"). */
static const char *const vi_phrase_first[] = {"các", "những", NULL};

/* A place or an owner after the subject: the phrase that follows them is not what is counted
 * when a subject stands before them ("thu ngân sách trên địa bàn", "giá lúa của tỉnh"). */
static const char *const vi_attached[] = {"trên", "tại", "ở", "của", "thuộc", NULL};
static const char *const en_attached[] = {"at", "in", "on", "to", "from", NULL};

/* Time words between a subject and its verb. A run of them is skipped only when it holds a
 * word of the first list: "cả năm", "năm nay", "6 tháng đầu năm", "a year earlier". */
static const char *const vi_time_core[] = {"năm",  "nay",   "tháng", "tuần",  "quý", "ngày",
                                           "hôm",  "ngoái", "sáng",  "chiều", "tối", "đêm",
                                           "trưa", "lúc",   "khuya", "rạng",  "kỳ",  NULL};
static const char *const vi_time_other[] = {"cả",   "đầu",  "cuối", "giữa",  "qua", "này", "trước",
                                            "hiện", "đến",  "từ",   "trong", "vào", "tới", "sau",
                                            "đó",   "vừa",  "hết",  "cùng",  "mới", "đây", "gần",
                                            "tính", "suốt", "i",    "ii",    "iii", "iv",  NULL};
static const char *const en_time_core[] = {
    "year",      "years",   "month",     "months",   "quarter", "week",     "day",    "today",
    "yesterday", "january", "february",  "march",    "april",   "june",     "july",   "august",
    "september", "october", "november",  "december", "jan",     "feb",      "mar",    "apr",
    "jun",       "jul",     "aug",       "sep",      "sept",    "oct",      "nov",    "dec",
    "monday",    "tuesday", "wednesday", "thursday", "friday",  "saturday", "sunday", NULL};
static const char *const en_time_other[] = {
    "in",    "on",      "during", "since",    "from",   "a",     "the",    "this", "last",
    "next",  "earlier", "ago",    "previous", "same",   "first", "half",   "of",   "late",
    "early", "mid",     "end",    "period",   "second", "third", "fourth", NULL};

/* Verbs that link a subject to its figure ("sản lượng ... đạt", "exports rose"): only after one
 * does a subject stand before a place or owner ("thu ngân sách trên địa bàn ước đạt"); without
 * one, "trên diện tích hơn 15.000 ha" is the figure's own phrase. */
static const char *const vi_link_verbs[] = {
    "đạt", "tăng", "giảm", "là", "chiếm", "còn",  "lên",  "xuống", "bằng", "ước",   "tốn",
    "mất", "có",   "gồm",  "đã", "sẽ",    "đang", "vượt", "được",  "áp",   "quanh", NULL};
static const char *const en_link_verbs[] = {
    "reached",   "rose",   "fell",  "increased", "decreased", "was",     "were",     "is",
    "are",       "hit",    "stood", "grew",      "dropped",   "totaled", "totalled", "totaling",
    "totalling", "gained", "lost",  "climbed",   "surge",     "surged",  "jumped",   "soared",
    "rise",      "rises",  "fall",  "falls",     "grow",      "hits",    "reach",    "reaches",
    "could",     "would",  "will",  "shed",      "edged",     "eased",   "slid",     "tumbled",
    "rallied",   "added",  NULL};

/* Modal verbs of two words between a subject and its figure ("xuất khẩu gạo có thể đạt",
 * "học phí dự kiến từ", "kế hoạch đề ra là"), by their second word and the first. */
static const char *const vi_modal_second[] = {"kiến", "thể", "đấu",  "báo",
                                              "lục",  "ra",  "phép", NULL};
static const char *const vi_modal_first[] = {"dự", "có", "phấn", "dự", "kỷ", "đề", "cho", NULL};

/* Nouns whose first word is a clause word elsewhere: "dư nợ cho vay", "giá cho thuê". */
static bool head_compound(const char *first, const char *second)
{
    static const char *const pairs[][2] = {{"cho", "vay"},    {"cho", "thuê"}, {"có", "thu"},
                                           {"có", "hiệu"},    {"bị", "can"},   {"bị", "cáo"},
                                           {"trong", "nước"}, {"về", "nước"}};
    for (size_t i = 0; i < sizeof(pairs) / sizeof(pairs[0]); i++) {
        if (first[0] == pairs[i][0][0] && strcmp(first, pairs[i][0]) == 0 &&
            strcmp(second, pairs[i][1]) == 0) {
            return true;
        }
    }
    return false;
}

static bool is_modal_second(const char *second)
{
    return enrich_lex_in(second, vi_modal_second);
}

static bool modal_pair(const char *second, const char *first)
{
    for (int i = 0; vi_modal_second[i] != NULL; i++) {
        if (second[0] == vi_modal_second[i][0] && strcmp(second, vi_modal_second[i]) == 0 &&
            strcmp(first, vi_modal_first[i]) == 0) {
            return true;
        }
    }
    return false;
}

/* Compounds whose second word is an adverb skipped before a figure elsewhere ("hiện" = now,
 * "mới" = just): "vốn thực hiện ước đạt 18,8 tỷ USD", "vốn đăng ký cấp mới đạt" keep the whole
 * noun. */
static bool trim_compound(const char *first, const char *second)
{
    static const char *const pairs[][2] = {{"thực", "hiện"}, {"phát", "hiện"}, {"xuất", "hiện"},
                                           {"biểu", "hiện"}, {"cấp", "mới"},   {"đổi", "mới"},
                                           {"làm", "mới"},   {"giữa", "chừng"}};
    for (size_t i = 0; i < sizeof(pairs) / sizeof(pairs[0]); i++) {
        if (first[0] == pairs[i][0][0] && strcmp(first, pairs[i][0]) == 0 &&
            strcmp(second, pairs[i][1]) == 0) {
            return true;
        }
    }
    return false;
}

/* Nouns of income before "từ" and its source: "thu từ dầu thô", "lãi thuần từ hoạt động dịch
 * vụ", "thu nhập từ lãi" name one income, "từ" does not open a clause there. */
static const char *const vi_income_heads[] = {"thu", "lãi", "thuần", "nhập", "nhuận", NULL};

/* Compounds whose second word is a verb elsewhere: "mặt bằng 23,8 ha" is a site, not "equal to". */
static const char *const vi_bang_compounds[] = {"mặt", "đồng", "công", "cân", "san", "văn", NULL};

/* Hedges before a figure: "có nơi trên 400 mm", "có lúc lên tới 38 độ C". */
static const char *const vi_hedge[] = {"nơi", "lúc", "chỗ", "thời điểm", NULL};

/* Comparative adjectives before "hơn": "cao hơn cùng kỳ khoảng 1.200 đồng/kg" compares the
 * subject of the clause; the adjective is never what is counted. */
static const char *const vi_comparatives[] = {"cao",   "thấp", "nhiều", "ít",   "lớn", "nhỏ",
                                              "nhanh", "chậm", "sớm",   "muộn", "rẻ",  "đắt",
                                              "mạnh",  "yếu",  "kém",   NULL};

/* Adjectives of a measure right before it: "cao 0,5-1 m", "sâu 1,5 m", "dài 33 km". */
static const char *const vi_measures[] = {"cao", "sâu", "dài", "rộng", NULL};

/* Verbs of instruction or aim before the subject of what they ask for: "bảo đảm giải ngân vốn
 * đầu tư công đạt trên 95%" counts the disbursement, not the guarantee. By first and second
 * word. */
static bool directive_pair(const char *first, const char *second)
{
    static const char *const pairs[][2] = {{"bảo", "đảm"}, {"đảm", "bảo"},   {"phấn", "đấu"},
                                           {"đề", "nghị"}, {"yêu", "cầu"},   {"kiến", "nghị"},
                                           {"chỉ", "đạo"}, {"quyết", "tâm"}, {"cố", "gắng"}};
    for (size_t i = 0; i < sizeof(pairs) / sizeof(pairs[0]); i++) {
        if (first[0] == pairs[i][0][0] && strcmp(first, pairs[i][0]) == 0 &&
            strcmp(second, pairs[i][1]) == 0) {
            return true;
        }
    }
    return false;
}

static bool digit(const char *s, size_t len, size_t p)
{
    return p < len && s[p] >= '0' && s[p] <= '9';
}

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

/* The word at p, with "port's" and a hyphenated compound ("high-quality", "low-emission")
 * kept whole in English. */
static size_t context_word_end(const char *s, size_t len, size_t p, enum enrich_lang lang)
{
    size_t e = enrich_lex_word_end(s, len, p);
    size_t a;
    while (lang == ENRICH_LANG_EN && e + 1 < len && s[e] == '-' && !digit(s, len, e + 1) &&
           enrich_lex_word_at(s, len, e + 1)) {
        e = enrich_lex_word_end(s, len, e + 1);
    }
    /* Vietnamese: "H'Mông", "Đắk R'lấp", an apostrophe after one or two letters. */
    if ((lang == ENRICH_LANG_EN || e - p <= 2) && (a = apostrophe(s, len, e)) &&
        enrich_lex_word_at(s, len, e + a)) {
        e = enrich_lex_word_end(s, len, e + a);
    }
    return e;
}

/* The word before at, separated by one space at most; "port's" and "HNX-Index" stay whole. */
static bool context_prev_word(const char *s, size_t len, size_t at, enum enrich_lang lang,
                              size_t *ws, size_t *we)
{
    if (!enrich_lex_prev_word(s, at, ws, we) || at - *we > 1) {
        return false;
    }
    size_t a0, b0;
    if (*ws >= 2 && enrich_lex_prev_word(s, *ws - 1, &a0, &b0) && b0 < *ws &&
        apostrophe(s, len, b0) == *ws - b0 && (lang == ENRICH_LANG_EN || b0 - a0 <= 2)) {
        *ws = a0; /* "port's", "H'Mông" */
    }
    if (*ws >= 2 && s[*ws - 1] == '-' && enrich_lex_word_before(s, *ws - 1) &&
        !digit(s, len, *ws - 2)) {
        size_t a1, b1;
        if (enrich_lex_prev_word(s, *ws - 1, &a1, &b1) && b1 == *ws - 1) {
            *ws = a1; /* "VN-Index" */
        }
    }
    return true;
}

/* Start of a date span that ends at p, or p when none. Spans are in text order. */
static size_t date_ending_at(const struct enrich_fig_context_in *in, size_t p)
{
    size_t lo = 0, hi = in->date_n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (in->date_end[mid] < p) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    return lo < in->date_n && in->date_end[lo] == p ? in->date_start[lo] : p;
}

static size_t back_spaces(const char *s, size_t at)
{
    while (at > 0 && s[at - 1] == ' ') {
        at--;
    }
    return at;
}

/* The words word_before read for one figure, by position (direct-mapped): the rules walk back
 * over the same few words again and again (time words, verbs, the subject), and each read finds,
 * checks and folds the word. */
#define WORDS_SEEN 16
struct words_seen {
    struct {
        size_t at; /* SIZE_MAX when the slot is empty */
        size_t ws, we;
        bool found;
        size_t n; /* folded length, 0 when the fold did not fit in folded */
        char folded[48];
    } v[WORDS_SEEN];
};

struct backward {
    const char *s;
    size_t len;
    enum enrich_lang lang;
    const struct enrich_fig_context_in *in;
    struct words_seen *seen;
};

/* The folded word before at, or false at a boundary (punctuation, a digit, the previous
 * figure). */
static bool word_before(const struct backward *b, size_t at, size_t *ws, size_t *we, char *w,
                        size_t cap)
{
    struct words_seen *m = b->seen;
    size_t k = at % WORDS_SEEN;
    if (m->v[k].at != at) {
        /* The bounds are kept as the search left them (SIZE_MAX when it wrote none), so that a
         * repeated call leaves the caller's variables as the first one did. */
        size_t s0 = SIZE_MAX, e0 = SIZE_MAX;
        m->v[k].at = at;
        m->v[k].found = context_prev_word(b->s, b->len, at, b->lang, &s0, &e0) &&
                        s0 >= b->in->floor && !digit(b->s, b->len, s0);
        m->v[k].ws = s0;
        m->v[k].we = e0;
        m->v[k].n = m->v[k].found
                        ? enrich_lex_fold(b->s, s0, e0, m->v[k].folded, sizeof(m->v[k].folded))
                        : 0;
    }
    if (m->v[k].ws != SIZE_MAX) {
        *ws = m->v[k].ws;
    }
    if (m->v[k].we != SIZE_MAX) {
        *we = m->v[k].we;
    }
    /* The fold fits in cap exactly when its length and the terminator do. */
    if (!m->v[k].found || m->v[k].n == 0 || m->v[k].n + 1 > cap) {
        return false;
    }
    memcpy(w, m->v[k].folded, m->v[k].n + 1);
    return true;
}

/* Skips one run of time words ending at at, if it holds a core time word. Returns its start or
 * at. */
static size_t skip_time_words(const struct backward *b, size_t at)
{
    const char *const *core = b->lang == ENRICH_LANG_EN ? en_time_core : vi_time_core;
    const char *const *other = b->lang == ENRICH_LANG_EN ? en_time_other : vi_time_other;
    size_t p = at, ws, we, skip_to = at;
    char w[48];
    for (int n = 0; n < 8 && word_before(b, p, &ws, &we, w, sizeof(w)); n++) {
        size_t de = back_spaces(b->s, p), ds = date_ending_at(b->in, de);
        if (b->lang == ENRICH_LANG_EN && ds < de) {
            /* "in the January-November period": a date the scanner read counts as one core
             * word, whatever joins its parts */
            p = skip_to = ds;
            continue;
        }
        bool is_core = enrich_lex_in(w, core);
        if (!is_core && !enrich_lex_in(w, other)) {
            break;
        }
        if (b->lang != ENRICH_LANG_EN && strcmp(w, "chiều") == 0) {
            /* "thương mại hai chiều", "đa chiều": a count of ways, not the afternoon. */
            static const char *const ways[] = {"một", "hai", "ba", "nhiều", "đa", NULL};
            size_t ws2, we2;
            char w2[48];
            if (word_before(b, ws, &ws2, &we2, w2, sizeof(w2)) && enrich_lex_in(w2, ways)) {
                break;
            }
        }
        p = ws;
        if (is_core) {
            skip_to = ws; /* the run ends with its last core word: "sáu tháng đầu năm" */
        }
    }
    /* Function words before the core word belong to the time phrase too ("in October"). */
    if (skip_to < at) {
        while (word_before(b, skip_to, &ws, &we, w, sizeof(w)) && enrich_lex_in(w, other) &&
               !enrich_lex_in(w, core)) {
            skip_to = ws;
        }
    }
    return skip_to;
}

/* True when s[from, to) has two capitals or more and no lowercase ASCII letter: a dateline's
 * place ("HANOI - Vietnam's exports") rather than a name's syllable. */
static bool all_caps(const char *s, size_t from, size_t to)
{
    int caps = 0;
    for (size_t k = from; k < to; k++) {
        if (s[k] >= 'a' && s[k] <= 'z') {
            return false;
        }
        caps += s[k] >= 'A' && s[k] <= 'Z';
    }
    return caps >= 2;
}

/* Start of "mạnh cấp 16", "giật cấp 12-13", "cấp 8" (a level of the Beaufort scale, with the
 * verb of wind before it) ending at at, or SIZE_MAX. */
static size_t wind_level_before(const struct backward *b, size_t at)
{
    size_t p = at, ws, we;
    char w[16];
    while (p > 0 && ((b->s[p - 1] >= '0' && b->s[p - 1] <= '9') || b->s[p - 1] == '-')) {
        p--;
    }
    if (p == at || p == 0 || b->s[p - 1] != ' ' || !enrich_lex_prev_word(b->s, p - 1, &ws, &we) ||
        we != p - 1 || !enrich_lex_fold(b->s, ws, we, w, sizeof(w)) || strcmp(w, "cấp") != 0) {
        return SIZE_MAX;
    }
    size_t vs, ve;
    char v[16];
    if (word_before(b, ws, &vs, &ve, v, sizeof(v)) &&
        (strcmp(v, "mạnh") == 0 || strcmp(v, "giật") == 0)) {
        return vs;
    }
    return ws;
}

/* True when a date, or a date and its tail word ("24 giờ qua"), ends right before at. */
static bool after_period(const struct backward *b, size_t at)
{
    size_t p = back_spaces(b->s, at), ws, we;
    char w[16];
    if (date_ending_at(b->in, p) < p) {
        return true;
    }
    return word_before(b, at, &ws, &we, w, sizeof(w)) &&
           (strcmp(w, "qua") == 0 || strcmp(w, "tới") == 0) &&
           date_ending_at(b->in, back_spaces(b->s, ws)) < back_spaces(b->s, ws);
}

/* "lãi trước thuế 9 tháng 24.100 tỷ đồng": the count of a time unit that a skipped run of time
 * words begins with ("9 tháng", "6 tháng đầu năm", "2 quý") goes with it. Returns the new start
 * (the number's) or t. */
static size_t counted_time(const struct backward *b, size_t t)
{
    static const char *const counted[] = {"tháng", "năm", "quý", "tuần", "ngày", NULL};
    char w[16];
    size_t we = enrich_lex_word_end(b->s, b->len, t);
    size_t p = back_spaces(b->s, t);
    if (b->lang != ENRICH_LANG_VI || p == t || !digit(b->s, b->len, p - 1) ||
        !enrich_lex_fold(b->s, t, we, w, sizeof(w)) || !enrich_lex_in(w, counted)) {
        return t;
    }
    size_t q = p;
    while (q > b->in->floor && digit(b->s, b->len, q - 1)) {
        q--;
    }
    if (q == b->in->floor || p - q > 2 || b->s[q - 1] != ' ') {
        return t;
    }
    return q;
}

/* English words before a bare verb: "to stay", "will remain". */
static const char *const en_verb_openers[] = {"to",    "will",   "would", "could", "may",
                                              "might", "should", "can",   "must",  NULL};
/* English verbs that set a level with "at": "stood at", "to stay at", "sold at". */
static const char *const en_level_verbs[] = {
    "stay",  "stays",  "stand",  "stands", "remain", "remains", "trade",   "trades", "sell",
    "sells", "close",  "closes", "hover",  "hovers", "settle",  "settles", "peak",   "peaks",
    "sold",  "stood",  "be",     "is",     "are",    "was",     "were",    "sit",    "sits",
    "level", "levels", "hold",   "holds",  "held",   "set",     "kept",    "keep",   NULL};

/* Words in "-ing" that say the state of what is counted ("49 others missing"). */
static const char *const en_ing_adjectives[] = {"missing", "remaining", "outstanding",
                                                "pending", "existing",  NULL};

/* English participles that do not end in "-ed". */
static const char *const en_participles[] = {
    "built", "made", "sold",   "held",  "spent",  "paid",   "bought", "given", "taken",
    "known", "seen", "hidden", "found", "stolen", "caught", "grown",  NULL};

/* An English past tense or participle of five letters or more ("earned", "shipped"). */
static bool en_past_verb(const char *w)
{
    size_t n = strlen(w);
    return n > 4 && strcmp(w + n - 2, "ed") == 0;
}

/* Whether the participle w starting at ws describes the noun after it rather than taking it
 * as its object: "Total registered FDI", "the reported figure", "newly registered capital". */
static bool en_adjective_participle(const struct backward *b, size_t ws, const char *w)
{
    static const char *const before[] = {"total", "the", "a", "an", "newly", NULL};
    size_t ps, pe;
    char p[8];
    return en_past_verb(w) && word_before(b, ws, &ps, &pe, p, sizeof(p)) &&
           enrich_lex_in(p, before);
}

/* Whether w, read before "at" and a figure, is a verb setting a level: a known one, a past
 * participle ("priced", "valued", "traded"), or any word after "to" or a modal. */
static bool en_level_verb(const char *w, const char *prev)
{
    return enrich_lex_in(w, en_level_verbs) || en_past_verb(w) ||
           (prev != NULL && enrich_lex_in(prev, en_verb_openers));
}

/* Whether a noun stands before at in English, past two auxiliaries at most ("has been"): a
 * verb is skipped for the subject only when there is one ("Samsung, which ..., has invested"
 * keeps the verb). */
static bool en_noun_before(const struct backward *b, size_t at)
{
    size_t ws = 0, we = 0; /* set by word_before; zeroed for GCC's -O2 flow analysis */
    char w[48];
    for (int n = 0; n < 3; n++) {
        /* w is only filled when a word was found. */
        if (!word_before(b, at, &ws, &we, w, sizeof(w))) {
            return false;
        }
        if (enrich_lex_in(w, barriers) || enrich_lex_in(w, en_head_stop)) {
            if (n < 2 &&
                (strcmp(w, "has") == 0 || strcmp(w, "have") == 0 || strcmp(w, "had") == 0 ||
                 strcmp(w, "was") == 0 || strcmp(w, "were") == 0 || strcmp(w, "is") == 0 ||
                 strcmp(w, "are") == 0)) {
                at = ws;
                continue;
            }
            return false;
        }
        if (!enrich_lex_in(w, en_verb_openers) && strcmp(w, "been") != 0) {
            return true;
        }
        at = ws;
    }
    return false;
}

/* True when the words right before at (three at most) open a sector's name: "khu vực",
 * "lĩnh vực", "ngành" ("khu vực nông, lâm nghiệp và thủy sản", "ngành công nghiệp và xây
 * dựng"), whose "và" joins the sector's own words. */
static bool sector_before(const struct backward *b, size_t at)
{
    size_t ws, we;
    char w[16], prev[16];
    for (int n = 0; n < 3 && word_before(b, at, &ws, &we, w, sizeof(w)); n++) {
        if (strcmp(w, "ngành") == 0) {
            return true;
        }
        size_t ps, pe;
        if (strcmp(w, "vực") == 0 && word_before(b, ws, &ps, &pe, prev, sizeof(prev)) &&
            (strcmp(prev, "khu") == 0 || strcmp(prev, "lĩnh") == 0)) {
            return true;
        }
        at = ws;
    }
    return false;
}

/* True when the word ending at pe names a sector or an industry ("manufacturing sector"). */
static bool en_sector_head(const struct backward *b, size_t pe)
{
    static const char *const heads[] = {"sector", "sectors", "industry", "industries", NULL};
    size_t ws, we;
    char w[16];
    return word_before(b, pe, &ws, &we, w, sizeof(w)) && we == pe && enrich_lex_in(w, heads);
}

/* True when the words at p are an adjective and "nhất": "mạnh nhất", "cao nhất". */
static bool superlative_at(const struct backward *b, size_t p)
{
    size_t e = enrich_lex_word_end(b->s, b->len, p);
    size_t q = enrich_lex_spaces(b->s, b->len, e);
    return e > p && q > e && enrich_lex_match(b->s, b->len, q, "nhất") > 0;
}

/* True when "tại" stands among the eight words before at, in the same clause: "lãi suất huy
 * động tại nhóm ngân hàng cổ phần phổ biến 4,7-5,2%/năm" places its subject, and "phổ biến"
 * (commonly) links the figure to the subject before the place ("lượng mưa phổ biến 200 mm"
 * keeps its words). */
static bool place_before(const struct backward *b, size_t at)
{
    size_t ws, we;
    char w[16];
    for (int n = 0; n < 8 && word_before(b, at, &ws, &we, w, sizeof(w)); n++) {
        if (strcmp(w, "tại") == 0) {
            return true;
        }
        at = ws;
    }
    return false;
}

/* Where a date that ends right before at begins ("Bội chi ngân sách năm 2024 được ..."), or
 * at when none does. */
static size_t before_date(const struct backward *b, size_t at)
{
    size_t p = back_spaces(b->s, at), d = date_ending_at(b->in, p);
    return d < p ? d : at;
}

/* A stock ticker or an acronym: two to five capital letters or digits, a letter first
 * ("FPT", "HPG", "GDP", "VN30"). */
static bool ticker(const char *s, size_t ws, size_t we)
{
    if (we - ws < 2 || we - ws > 5 || !(s[ws] >= 'A' && s[ws] <= 'Z')) {
        return false;
    }
    for (size_t i = ws; i < we; i++) {
        if (!((s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= '0' && s[i] <= '9'))) {
            return false;
        }
    }
    return true;
}

/* Skips what stands between a subject and its figure, repeatedly: verbs and qualifiers, dates,
 * time words, hedges, a bracketed short name. Returns the new position; *linked is set when a
 * linking verb or a hedge was skipped. */
static size_t skip_between(const struct backward *b, size_t at, bool *linked)
{
    const char *const *trims = b->lang == ENRICH_LANG_EN ? en_before_trim : vi_before_trim;
    const char *const *links = b->lang == ENRICH_LANG_EN ? en_link_verbs : vi_link_verbs;
    bool after_hon = false; /* the word skipped last was "hơn" */
    bool after_at = false;  /* the word skipped last was "at" (English) */
    int skipped = 0;        /* only verbs and qualifiers were skipped in the rounds before it */
    for (int guard = 0; guard < 16; guard++) {
        size_t p = back_spaces(b->s, at);
        if (p < b->in->floor) {
            return at;
        }
        size_t d = date_ending_at(b->in, p);
        if (d < p) {
            /* "cuối quý II", "từ ngày 5/9": the words that place the date go with it */
            const char *const *other = b->lang == ENRICH_LANG_EN ? en_time_other : vi_time_other;
            size_t ws, we;
            char w[48];
            at = d;
            after_at = false;
            while (word_before(b, at, &ws, &we, w, sizeof(w)) && enrich_lex_in(w, other)) {
                at = ws;
            }
            continue;
        }
        size_t lv = guard == 0 && p > b->in->floor && b->s[p - 1] == '('
                        ? wind_level_before(b, back_spaces(b->s, p - 1))
                        : SIZE_MAX;
        if (lv != SIZE_MAX) {
            /* "gió mạnh cấp 16 (184-201 km/h)": the speed of a level on the wind scale, which
             * is no figure; the subject stands before "mạnh cấp 16" */
            *linked = true;
            at = lv;
            continue;
        }
        if (guard == 0 && p > b->in->floor && b->s[p - 1] == '(') {
            /* "mức lương tối thiểu vùng III (3.860.000 đồng/tháng)": a figure opening a
             * bracket gives the value of what stands before the bracket; after a name
             * ("Hà Thị Duyên (28 tuổi") it is an aside about the person. */
            size_t ws, we, q = back_spaces(b->s, p - 1);
            if (!enrich_lex_prev_word(b->s, q, &ws, &we) || we != q ||
                (enrich_lex_upper_at(b->s, b->len, ws) && strspn(b->s + ws, "IVX") != we - ws &&
                 !ticker(b->s, ws, we))) {
                /* a roman numeral ends a phrase ("vùng III"), and so does a ticker or an
                 * acronym ("tập trung vào FPT (125 tỷ đồng)"); a name does not */
                return at;
            }
            at = p - 1;
            continue;
        }
        size_t nines = p;
        while (nines > b->in->floor &&
               (b->s[nines - 1] == '9' || b->s[nines - 1] == ',' || b->s[nines - 1] == '.')) {
            nines--;
        }
        if (p - nines >= 3 && p - nines <= 5 && b->s[nines] == '9' && b->s[p - 1] == '9' &&
            nines > b->in->floor && b->s[nines - 1] == ' ') {
            /* "vàng nhẫn 9999 ở mức": the fineness names the gold (it is no figure) */
            at = nines;
            continue;
        }
        if (p > 0 && b->s[p - 1] == ')') {
            /* "(GRDP)", "(PCI)": a short name in brackets right before */
            const char *open = memrchr(b->s + (p > 24 ? p - 24 : 0), '(', p > 24 ? 24 : p);
            size_t o = open != NULL ? (size_t)(open - b->s) : p;
            bool name = o + 2 < p && o >= b->in->floor;
            for (size_t i = o + 1; name && i + 1 < p; i++) {
                name = b->s[i] != ',' && b->s[i] != '.' && b->s[i] != ';' && b->s[i] != '\n';
            }
            if (name) {
                at = o;
                continue;
            }
            return at;
        }
        size_t ns = p;
        while (ns > b->in->floor &&
               (digit(b->s, b->len, ns - 1) || b->s[ns - 1] == ',' || b->s[ns - 1] == '.')) {
            ns--;
        }
        if (b->lang == ENRICH_LANG_VI && ns < p && digit(b->s, b->len, ns)) {
            struct enrich_fig_words gw;
            enrich_figures_words_before(b->s, ns, &gw);
            if (enrich_figures_gold_purity(b->s, &gw, ns, p)) {
                at = ns; /* "Giá vàng nhẫn 9999 giảm": the kind of gold is part of its name */
                continue;
            }
        }
        size_t ws, we;
        char w[48];
        if (!word_before(b, at, &ws, &we, w, sizeof(w))) {
            return at;
        }
        size_t hs, he;
        char h[16];
        bool have_prev = word_before(b, ws, &hs, &he, h, sizeof(h));
        if (b->lang == ENRICH_LANG_VI && have_prev && strcmp(w, "bằng") == 0 &&
            enrich_lex_in(h, vi_bang_compounds)) {
            return at;
        }
        if (b->lang == ENRICH_LANG_VI && have_prev && enrich_figures_hang_compound(w, h)) {
            return at;
        }
        if (b->lang == ENRICH_LANG_VI && after_hon && enrich_lex_in(w, vi_comparatives)) {
            *linked = true;
            after_hon = false;
            at = ws;
            continue;
        }
        after_hon = b->lang == ENRICH_LANG_VI && strcmp(w, "hơn") == 0;
        if (b->lang == ENRICH_LANG_VI && have_prev && modal_pair(w, h)) {
            *linked = true;
            at = hs;
            continue;
        }
        size_t as0, ae0;
        char a0w[8];
        if (b->lang == ENRICH_LANG_VI && have_prev && strcmp(w, "ròng") == 0 &&
            (strcmp(h, "bán") == 0 || strcmp(h, "mua") == 0) &&
            word_before(b, hs, &as0, &ae0, a0w, sizeof(a0w)) &&
            (strcmp(a0w, "đã") == 0 || strcmp(a0w, "đang") == 0 || strcmp(a0w, "vẫn") == 0)) {
            /* "nhà đầu tư nước ngoài đã bán ròng hơn 47.000 tỷ đồng": net selling after its
             * auxiliary links the figure to the investors before them ("Khối ngoại bán ròng
             * 1.200 tỷ đồng" reads the verb with its subject) */
            *linked = true;
            at = as0;
            continue;
        }
        size_t cs0, ce0;
        char c0[8];
        if (b->lang == ENRICH_LANG_VI && have_prev && strcmp(h, "khả") == 0 &&
            strcmp(w, "năng") == 0 && word_before(b, hs, &cs0, &ce0, c0, sizeof(c0)) &&
            strcmp(c0, "có") == 0) {
            *linked = true; /* "đỉnh lũ có khả năng đạt 8,2 m": a modal of three words */
            at = cs0;
            continue;
        }
        if (b->lang == ENRICH_LANG_VI && have_prev && strcmp(h, "phổ") == 0 &&
            strcmp(w, "biến") == 0 &&
            (after_period(b, hs) || (guard == 0 && place_before(b, hs)))) {
            /* "lượng mưa trong 24 giờ qua phổ biến 100-200 mm": after the period, "generally"
             * links the bulletin's figure to its subject ("lượng mưa phổ biến" stays whole) */
            *linked = true;
            at = hs;
            continue;
        }
        if (b->lang == ENRICH_LANG_VI && (strcmp(w, "qua") == 0 || strcmp(w, "tới") == 0) &&
            date_ending_at(b->in, back_spaces(b->s, ws)) < back_spaces(b->s, ws)) {
            at = back_spaces(b->s, ws); /* "trong 48 giờ qua": the date's own tail */
            continue;
        }
        if (b->lang == ENRICH_LANG_EN && after_at && en_level_verb(w, have_prev ? h : NULL) &&
            en_noun_before(b, have_prev && enrich_lex_in(h, en_verb_openers) ? hs : ws)) {
            /* "prices ... to stay at around $520": the verb that puts its subject at the level
             * is no subject; the subject stands before it (and before "to" or a modal). */
            *linked = true;
            after_at = false;
            at = have_prev && enrich_lex_in(h, en_verb_openers) ? hs : ws;
            continue;
        }
        if (b->lang == ENRICH_LANG_EN && guard == skipped && en_past_verb(w) &&
            en_noun_before(b, ws)) {
            /* "Farmers in the programme earned about 15 per cent": the verb right before the
             * figure and its qualifiers links it to the subject before it. */
            *linked = true;
            at = ws;
            skipped = guard + 1;
            continue;
        }
        if (b->lang == ENRICH_LANG_EN && guard == skipped && have_prev && strcmp(h, "to") != 0 &&
            enrich_lex_in(h, en_verb_openers) && en_noun_before(b, hs)) {
            /* "the city would invest VND1.3 trillion": a modal and its verb link the figure to
             * the subject before them. */
            *linked = true;
            at = hs;
            skipped = guard + 1;
            continue;
        }
        after_at = b->lang == ENRICH_LANG_EN && strcmp(w, "at") == 0;
        if (b->lang == ENRICH_LANG_VI && have_prev && trim_compound(h, w)) {
            return at;
        }
        if (enrich_lex_in(w, trims)) {
            skipped = guard + 1;
            *linked |= enrich_lex_in(w, links);
            at = ws;
            continue;
        }
        if (b->lang == ENRICH_LANG_VI && enrich_lex_in(w, vi_hedge) && have_prev &&
            strcmp(h, "có") == 0) {
            *linked = true;
            at = hs;
            continue;
        }
        size_t t = skip_time_words(b, at);
        if (t < at) {
            at = counted_time(b, t);
            continue;
        }
        return at;
    }
    return at;
}

/* "đặt mục tiêu", "đặt chỉ tiêu" ending at the "tiêu" that starts at ts: setting a target,
 * whose content (what the figure measures) follows it. */
static bool set_target(const struct backward *b, size_t ts)
{
    size_t ms = 0, me = 0, vs = 0, ve = 0; /* set by word_before; zeroed for -O2 flow analysis */
    char m[16], v[16];
    return word_before(b, ts, &ms, &me, m, sizeof(m)) &&
           (strcmp(m, "mục") == 0 || strcmp(m, "chỉ") == 0) &&
           word_before(b, ms, &vs, &ve, v, sizeof(v)) && strcmp(v, "đặt") == 0;
}

/* "Công ty cổ phần Thủy điện Sông Miện với 3,2 tỷ đồng": a phrase cut by the word limit in the
 * middle of a name (it starts in lowercase and holds a capital) is read back to the name's first
 * capital, three words at most. Returns the phrase's new start. */
static size_t name_start(const struct backward *b, size_t ps, size_t pe)
{
    if (enrich_lex_upper_at(b->s, b->len, ps)) {
        return ps;
    }
    bool capital = false;
    for (size_t q = ps; q < pe && !capital; q++) {
        capital = b->s[q - 1] == ' ' && enrich_lex_upper_at(b->s, b->len, q);
    }
    size_t at = ps, ws, we;
    char w[48];
    for (int extra = 0; capital && extra < 3; extra++) {
        if (!word_before(b, at, &ws, &we, w, sizeof(w)) || enrich_lex_in(w, barriers)) {
            break;
        }
        at = ws;
        if (enrich_lex_upper_at(b->s, b->len, ws)) {
            return ws;
        }
    }
    return ps;
}

/* Whether the word w at ws ends a verb of saying ("cho biết", "phản ánh", "nói", "rằng"):
 * what is said follows it, so a subject read backwards stops there ("Ông Lộc cho biết giá thức
 * ăn chăn nuôi tăng 12%" is about the price, not about "biết"). */
static bool reporting_verb(const struct backward *b, size_t ws, const char *w)
{
    if (strcmp(w, "nói") == 0 || strcmp(w, "rằng") == 0) {
        return true;
    }
    if (strcmp(w, "biết") != 0 && strcmp(w, "ánh") != 0) {
        return false;
    }
    size_t a0, b0;
    char prev[16];
    return word_before(b, ws, &a0, &b0, prev, sizeof(prev)) &&
           (strcmp(prev, w[0] == 'b' ? "cho" : "phản") == 0);
}

/* "sầu riêng" (durian) is a noun; "riêng" alone opens a clause ("Riêng tháng 10, ..."). */
static bool durian(const struct backward *b, size_t ws, const char *w)
{
    size_t ts, te;
    char t[8];
    return b->lang == ENRICH_LANG_VI && strcmp(w, "riêng") == 0 &&
           word_before(b, ws, &ts, &te, t, sizeof(t)) && strcmp(t, "sầu") == 0;
}

/* Reads the noun phrase that ends at at, backwards, up to six words. Returns true with its
 * bounds; *stop receives the start of the word that ended it when that word attaches a place
 * or an owner ("trên", "của"), else SIZE_MAX; *open is set when the cap or a plural marker, not
 * a clause word, ended it (the subject may stand further back). */
static bool noun_phrase(const struct backward *b, size_t at, size_t *pstart, size_t *pend,
                        size_t *stop, bool *open)
{
    *open = false;
    const char *const *heads = b->lang == ENRICH_LANG_EN ? en_head_stop : vi_head_stop;
    const char *const *attached = b->lang == ENRICH_LANG_EN ? en_attached : vi_attached;
    *stop = (size_t)-1;
    size_t ws, we;
    char w[48];
    if (!word_before(b, at, &ws, &we, w, sizeof(w)) || enrich_lex_in(w, barriers) ||
        (enrich_lex_in(w, heads) && !durian(b, ws, w))) {
        return false; /* "It costs VND 200,000": no noun phrase */
    }
    if (ws > 0 && (b->s[ws - 1] == '/' || b->s[ws - 1] == '-')) {
        return false; /* "Nghị định 74/2024/NĐ-CP chưa tới 10%": the end of a number */
    }
    *pend = we;
    *pstart = ws;
    at = ws;
    if (b->lang == ENRICH_LANG_VI && enrich_lex_in(w, vi_phrase_first)) {
        return true;
    }
    char after[48]; /* the word after the one read: "cho" + "vay" */
    memcpy(after, w, sizeof(after));
    for (int n = 1;; n++, memcpy(after, w, sizeof(after))) {
        if (n == 6) {
            /* "đặt mục tiêu tốc độ tăng trưởng kinh tế bình quân đạt 10%": a long target's
             * content, closed by the target set before it, is the whole phrase. */
            size_t ts = at, tws, twe;
            char tw[16];
            bool target = false;
            for (int extra = 0; b->lang == ENRICH_LANG_VI && extra < 4 &&
                                word_before(b, ts, &tws, &twe, tw, sizeof(tw));
                 extra++) {
                if (strcmp(tw, "tiêu") == 0 && set_target(b, tws)) {
                    target = true;
                    break;
                }
                if (enrich_lex_in(tw, barriers)) {
                    break;
                }
                ts = tws;
            }
            if (target) {
                *pstart = ts;
                break;
            }
            *open = true;
            if (b->lang == ENRICH_LANG_VI) {
                *pstart = name_start(b, *pstart, *pend);
            }
            break;
        }
        size_t p = back_spaces(b->s, at);
        if (date_ending_at(b->in, p) < p) {
            *open = true; /* "Lượng mưa tại Móng Cái từ 19 giờ ngày 6/9 ... đo được" */
            break;
        }
        size_t ds, de;
        char dw[8];
        if (p >= 2 && p < at && b->s[p - 1] == '-' && b->s[p - 2] == ' ' &&
            enrich_lex_upper_at(b->s, b->len, at) &&
            word_before(b, p - 1, &ds, &de, dw, sizeof(dw)) &&
            enrich_lex_upper_at(b->s, b->len, ds) && !all_caps(b->s, ds, de)) {
            /* "Cao tốc Cam Lộ - La Sơn dài 98,35 km": a road between two places; the dash
             * counts as no word */
            at = p - 1;
            n--;
            continue;
        }
        if (word_before(b, at, &ws, &we, w, sizeof(w)) && b->lang == ENRICH_LANG_EN && n <= 2 &&
            strcmp(w, "and") == 0 && en_sector_head(b, *pend)) {
            *pstart = ws; /* "the processing and manufacturing sector": one sector */
            at = ws;
            n--;
            continue;
        }
        if (word_before(b, at, &ws, &we, w, sizeof(w)) && b->lang == ENRICH_LANG_VI &&
            strcmp(w, "và") == 0 && sector_before(b, ws)) {
            *pstart = ws; /* "Khu vực công nghiệp và xây dựng": one sector of the statistics */
            at = ws;
            n--;
            continue;
        }
        if (!word_before(b, at, &ws, &we, w, sizeof(w)) || enrich_lex_in(w, barriers) ||
            (b->lang == ENRICH_LANG_VI && reporting_verb(b, ws, w))) {
            break;
        }
        size_t is0, ie0;
        char iw[16];
        if (b->lang == ENRICH_LANG_VI && strcmp(w, "từ") == 0 &&
            !enrich_lex_in(after, vi_time_core) && !enrich_lex_in(after, vi_time_other) &&
            word_before(b, ws, &is0, &ie0, iw, sizeof(iw)) && enrich_lex_in(iw, vi_income_heads)) {
            *pstart = ws; /* "thu từ dầu thô": the source belongs to the income, and "từ"
                           * counts as no word of the phrase */
            at = ws;
            n--;
            continue;
        }
        if (enrich_lex_in(w, heads) && !(b->lang == ENRICH_LANG_VI && head_compound(w, after)) &&
            !durian(b, ws, w) &&
            !(b->lang == ENRICH_LANG_EN && en_adjective_participle(b, ws, w))) {
            if (enrich_lex_in(w, attached)) {
                *stop = ws;
            }
            break;
        }
        if (b->lang == ENRICH_LANG_VI) {
            /* "bảo đảm giải ngân ...": the directive verb is not in the phrase */
            size_t a0, b0;
            char prev[16];
            if (word_before(b, ws, &a0, &b0, prev, sizeof(prev)) && directive_pair(prev, w)) {
                break;
            }
        }
        if (b->lang == ENRICH_LANG_VI && strcmp(w, "tiêu") == 0 && set_target(b, ws)) {
            break; /* "đặt mục tiêu lợi nhuận trước thuế tăng 5%": the target is the profit */
        }
        if (b->lang == ENRICH_LANG_VI && (strcmp(w, "thời") == 0 || is_modal_second(w))) {
            /* "đồng thời" (meanwhile) opens a clause; "dự kiến xuống giống" a modal */
            size_t a0, b0;
            char prev[16];
            if (word_before(b, ws, &a0, &b0, prev, sizeof(prev)) &&
                (strcmp(prev, "đồng") == 0 || modal_pair(w, prev))) {
                break;
            }
        }
        *pstart = ws;
        at = ws;
        if (b->lang == ENRICH_LANG_VI && enrich_lex_in(w, vi_phrase_first)) {
            /* "Dư nợ ... tại các công ty": the place may follow the subject */
            size_t a0, b0;
            char prev[16];
            if (word_before(b, ws, &a0, &b0, prev, sizeof(prev)) && enrich_lex_in(prev, attached)) {
                *stop = a0;
            }
            *open = true;
            break;
        }
    }
    return true;
}

/* The subject of the clause before the figure. */
/* Words that open a clause, reporting verbs among them ("dự báo", "khẳng định"): reading back
 * for the subject stops after them. */
static const char *const vi_clause_openers[] = {
    "là", "được", "thì",   "mà",   "khi", "nếu",  "rằng", "để",    "nên", "vì",
    "và", "hoặc", "nhưng", "biết", "báo", "định", "nói",  "khiến", "gây", NULL};
/* Words that end the subject when reading it forwards from the clause start. */
static const char *const vi_subject_end[] = {"do", "thông", "cả", "đối", "theo", NULL};

/* Verbs of measuring and recording that, with "được", make a clause placing the subject's
 * reading ("độ mặn đo được tại cửa sông ...", "mực nước được ghi nhận ở trạm ..."): by the word
 * right before "được" or right after it. */
static const char *const vi_measure_before_duoc[] = {"đo", "nhận", "trắc", "đếm", NULL};
static const char *const vi_measure_after_duoc[] = {"đo", "ghi", "quan", "thu", "đếm", NULL};

/* True when the "được" spanning [ds, de) belongs to a measuring clause after the subject; sets
 * *clause to where that clause begins (the verb before "được", or "được" itself). */
static bool measuring_duoc(const struct backward *b, size_t ds, size_t de, size_t *clause)
{
    size_t ws, we, q = enrich_lex_spaces(b->s, b->len, de);
    char w[16];
    if (word_before(b, ds, &ws, &we, w, sizeof(w)) && enrich_lex_in(w, vi_measure_before_duoc)) {
        size_t vs, ve;
        char v[16];
        /* "ghi nhận được", "quan trắc được": the clause begins with the verb's first word */
        *clause = word_before(b, ws, &vs, &ve, v, sizeof(v)) &&
                          (strcmp(v, "ghi") == 0 || strcmp(v, "quan") == 0)
                      ? vs
                      : ws;
        return true;
    }
    if (q > de && q < b->len && enrich_lex_word_at(b->s, b->len, q) &&
        enrich_lex_fold(b->s, q, enrich_lex_word_end(b->s, b->len, q), w, sizeof(w)) &&
        enrich_lex_in(w, vi_measure_after_duoc)) {
        *clause = ds;
        return true;
    }
    return false;
}

/* The noun phrase that opens the clause which ends at from, read forwards: "sản lượng hàng hóa
 * thông qua các cảng biển trên địa bàn thành phố Hải Phòng đạt" opens with "sản lượng hàng
 * hóa". False when the clause starts at from. */
static bool clause_subject(const struct backward *b, size_t from, size_t *ss, size_t *se,
                           bool *reached)
{
    *reached = false; /* the words read forwards ran on up to from */
    size_t at = from, ws, we;
    char w[48];
    int n = 0;
    for (; n < 16; n++) {
        size_t p = back_spaces(b->s, at), d = date_ending_at(b->in, p);
        if (d < p) {
            at = d; /* a date inside the clause */
            continue;
        }
        if (!word_before(b, at, &ws, &we, w, sizeof(w))) {
            break;
        }
        size_t clause;
        if (strcmp(w, "được") == 0 && measuring_duoc(b, ws, we, &clause)) {
            /* "độ mặn đo được tại ...": the subject stands before the measuring clause */
            from = clause;
            at = clause;
            continue;
        }
        if (enrich_lex_in(w, vi_clause_openers)) {
            break;
        }
        size_t a0, b0;
        char prev[16];
        if (word_before(b, ws, &a0, &b0, prev, sizeof(prev)) && directive_pair(prev, w)) {
            break; /* "yêu cầu bảo đảm giải ngân ...": the subject follows the directive */
        }
        at = ws;
    }
    if (n == 0) {
        return false;
    }
    size_t p = at, end = at;
    char last[16] = "";  /* the word read before w */
    bool sector = false; /* the words read open a sector's name */
    for (int words = 0; words < 6 && p < from && enrich_lex_word_at(b->s, b->len, p);) {
        size_t e = context_word_end(b->s, b->len, p, b->lang);
        if (e < b->len && b->s[e] == '-' && enrich_lex_word_at(b->s, b->len, e + 1) &&
            !digit(b->s, b->len, e + 1)) {
            e = enrich_lex_word_end(b->s, b->len, e + 1); /* "VN-Index" */
        }
        if (digit(b->s, b->len, p) || !enrich_lex_fold(b->s, p, e, w, sizeof(w))) {
            break;
        }
        size_t q = enrich_lex_spaces(b->s, b->len, e);
        char next[48] = "";
        if (q > e && q < b->len && enrich_lex_word_at(b->s, b->len, q)) {
            enrich_lex_fold(b->s, q, enrich_lex_word_end(b->s, b->len, q), next, sizeof(next));
        }
        /* A capitalized word inside the phrase is part of a name ("sông Cả"). */
        bool name = words > 0 && enrich_lex_upper_at(b->s, b->len, p);
        bool ends = enrich_lex_in(w, vi_attached) || enrich_lex_in(w, vi_subject_end) ||
                    enrich_lex_in(w, vi_time_core) || enrich_lex_in(w, vi_link_verbs) ||
                    strcmp(w, "ước") == 0 || enrich_lex_in(w, vi_head_stop) ||
                    enrich_lex_in(w, barriers);
        sector = sector || strcmp(w, "ngành") == 0 ||
                 (strcmp(w, "vực") == 0 && (strcmp(last, "khu") == 0 || strcmp(last, "lĩnh") == 0));
        if (sector && strcmp(w, "và") == 0 && words < 4) {
            ends = false; /* "Khu vực công nghiệp và xây dựng tăng 8,19%" */
        }
        bool income_source = strcmp(w, "từ") == 0 && enrich_lex_in(last, vi_income_heads) &&
                             !enrich_lex_in(next, vi_time_core) &&
                             !enrich_lex_in(next, vi_time_other);
        if (ends && strcmp(w, "riêng") == 0 && strcmp(last, "sầu") == 0) {
            ends = false; /* "Giá sầu riêng": the durian */
        }
        if (ends && !name && !head_compound(w, next) && !income_source) {
            break;
        }
        size_t wl = strlen(w);
        if (wl < sizeof(last)) {
            memcpy(last, w, wl + 1);
        } else {
            last[0] = '\0';
        }
        end = e;
        words++;
        if (q == e || q >= from) {
            *reached = q >= from;
            break;
        }
        p = q;
    }
    if (end == at) {
        return false;
    }
    *ss = at;
    *se = end;
    return true;
}

/* "NHNN giữ nguyên lãi suất tái cấp vốn ở mức 4,5%/năm", "niêm yết tỷ giá trung tâm ở mức
 * 24.250 đồng": a verb that sets or keeps a level; its object, not its subject, stands at the
 * level. Moves *cs past the last such verb in [*cs, ce) when words follow it. */
static void level_object(const struct backward *b, size_t *cs, size_t ce)
{
    static const char *const verbs[] = {"giữ nguyên", "duy trì", "niêm yết", "ấn định",
                                        "điều chỉnh", "neo",     "giữ",      NULL};
    size_t obj = SIZE_MAX;
    for (size_t p = *cs; p < ce;) {
        size_t e = enrich_lex_match_any(b->s, ce, p, verbs, NULL);
        if (e > 0 && enrich_lex_spaces(b->s, ce, e) > e && enrich_lex_spaces(b->s, ce, e) < ce) {
            obj = enrich_lex_spaces(b->s, ce, e);
            p = obj;
            continue;
        }
        e = enrich_lex_word_end(b->s, ce, p);
        if (e == p) {
            break;
        }
        p = enrich_lex_spaces(b->s, ce, e);
    }
    if (obj != SIZE_MAX) {
        *cs = obj;
    }
}

/* True when the words in [from, to) include "mức": "được thu mua ở mức 7.800 đồng". */
static bool level_between(const struct backward *b, size_t from, size_t to)
{
    for (size_t p = enrich_lex_spaces(b->s, to, from); p < to;) {
        size_t e = enrich_lex_word_end(b->s, to, p);
        char w[16];
        if (e == p) {
            return false;
        }
        if (enrich_lex_fold(b->s, p, e, w, sizeof(w)) && strcmp(w, "mức") == 0) {
            return true;
        }
        p = enrich_lex_spaces(b->s, to, e);
    }
    return false;
}

/* The number of words in [from, to). */
static int words_in(const struct backward *b, size_t from, size_t to)
{
    int n = 0;
    for (size_t p = enrich_lex_spaces(b->s, to, from); p < to; n++) {
        size_t e = enrich_lex_word_end(b->s, to, p);
        if (e == p) {
            break;
        }
        p = enrich_lex_spaces(b->s, to, e);
    }
    return n;
}

/* "Total registered FDI, including new projects, capital adjustments and share purchases,
 * reached $24.78 bn": when a comma ends an aside that opens with "including" (or "excluding",
 * "such as") after a comma, the subject stands before the aside. Returns where the aside's
 * comma is, or SIZE_MAX. */
static size_t en_aside_start(const struct backward *b, size_t at)
{
    static const char *const opens[] = {", including ", ", excluding ", ", such as ", NULL};
    size_t p = back_spaces(b->s, at);
    if (p == 0 || p <= b->in->floor || b->s[p - 1] != ',') {
        return SIZE_MAX;
    }
    size_t from = p > b->in->floor + 160 ? p - 160 : b->in->floor;
    for (size_t k = p - 1; k > from; k--) {
        char c = b->s[k - 1];
        if (c == '.' || c == ';' || c == '\n') {
            return SIZE_MAX;
        }
        if (c != ',') {
            continue;
        }
        for (int i = 0; opens[i] != NULL; i++) {
            size_t n = strlen(opens[i]);
            if (k - 1 + n <= p && memcmp(b->s + k - 1, opens[i], n) == 0) {
                return k - 1;
            }
        }
    }
    return SIZE_MAX;
}

/* English subjects the phrase read back stands after:
 *  - a participle after its noun ("Foreign direct investment (FDI) disbursed in Vietnam in the
 *    first nine months reached"): the noun, over an acronym in brackets;
 *  - the examples after "such as" ("deposit rates at State-owned banks such as Vietcombank and
 *    BIDV stayed at"): the noun before them, and before its place.
 * Moves [*ps, *pe) to the subject when one is found. */
static void en_subject_before(const struct backward *b, size_t *ps, size_t *pe)
{
    size_t ws, we, ns, ne, stop;
    char w[48];
    bool open;
    if (word_before(b, *pe, &ws, &we, w, sizeof(w)) && ws == *ps && en_past_verb(w)) {
        size_t at = *ps, p = back_spaces(b->s, at);
        if (p > b->in->floor && b->s[p - 1] == ')') {
            const char *o = memrchr(b->s + (p > 16 ? p - 16 : 0), '(', p > 16 ? 16 : p);
            at = o != NULL && (size_t)(o - b->s) >= b->in->floor ? (size_t)(o - b->s) : at;
        }
        if (at < *ps && noun_phrase(b, at, &ns, &ne, &stop, &open)) {
            *ps = ns;
            *pe = ne;
        }
        return;
    }
    /* "such as" in the same clause before the phrase, with only names, "and" and commas
     * between them */
    size_t from = *ps > b->in->floor + 80 ? *ps - 80 : b->in->floor;
    for (size_t k = *ps; k > from + 7; k--) {
        if (memcmp(b->s + k - 8, "such as ", 8) != 0) {
            continue;
        }
        for (size_t i = k; i < *ps; i++) {
            if (b->s[i] == '.' || b->s[i] == ';' || b->s[i] == '\n' || b->s[i] == '(') {
                return;
            }
        }
        if (!noun_phrase(b, k - 8, &ns, &ne, &stop, &open)) {
            return;
        }
        size_t ns2, ne2, stop2;
        bool linked = false;
        if (stop != (size_t)-1 &&
            noun_phrase(b, skip_between(b, stop, &linked), &ns2, &ne2, &stop2, &open)) {
            ns = ns2; /* "deposit rates at State-owned banks": the rates, not the banks */
            ne = ne2;
        }
        *ps = ns;
        *pe = ne;
        return;
    }
}

/* "giá hồ tiêu cũng duy trì ở mức cao, dao động 145.000-148.000 đồng/kg": a range after a comma
 * and "dao động" (ranging) at at is the subject's of the clause before the comma, up to its first
 * verb. Writes [*cstart, *cend) when there is one. */
static void range_after_clause(const struct backward *b, size_t at, size_t *cstart, size_t *cend)
{
    static const char *const verbs[] = {"cũng", "vẫn", "đều", "tiếp", "duy", "giữ", NULL};
    size_t cp = back_spaces(b->s, at), ss, se;
    bool reached;
    if (cp <= b->in->floor + 1 || b->s[cp - 1] != ',' ||
        enrich_lex_match(b->s, b->len, at, "dao động") == 0 ||
        !clause_subject(b, back_spaces(b->s, cp - 1), &ss, &se, &reached)) {
        return;
    }
    size_t end = se;
    for (size_t p = ss, e; p < se; p = enrich_lex_spaces(b->s, se, e)) {
        if ((e = enrich_lex_word_end(b->s, se, p)) == p) {
            break;
        }
        char w[16];
        if (p > ss && enrich_lex_fold(b->s, p, e, w, sizeof(w)) && enrich_lex_in(w, verbs)) {
            end = back_spaces(b->s, p); /* "giá hồ tiêu cũng duy trì": the noun */
            break;
        }
    }
    *cstart = ss;
    *cend = end;
}

/* "sầu riêng được thương lái thu mua với giá 72.000 đồng/kg", "mua nước ngọt với giá 150.000
 * đồng/m3": when the phrase [ps, pe) read before the figure is a bare "giá" after "với", the
 * level is that of what was bought or sold before it. Writes that phrase as noun_phrase does
 * and returns true, or returns false. */
static bool traded_at_price(const struct backward *b, size_t ps, size_t pe, size_t *tps,
                            size_t *tpe, size_t *tstop, bool *topen)
{
    size_t gs, ge, vs, ve, ps6, pe6, stop6;
    char g[8], v[8];
    bool open6;
    if (!word_before(b, pe, &gs, &ge, g, sizeof(g)) || gs != ps || strcmp(g, "giá") != 0 ||
        !word_before(b, gs, &vs, &ve, v, sizeof(v)) || strcmp(v, "với") != 0 ||
        !noun_phrase(b, vs, &ps6, &pe6, &stop6, &open6)) {
        return false;
    }
    static const char *const trade[] = {"thu mua", "mua", "bán", NULL};
    bool trade_last = false; /* "thương lái thu mua": the buying, its object before it */
    for (size_t p6 = ps6, te; p6 < pe6; p6 = enrich_lex_spaces(b->s, pe6, te)) {
        te = enrich_lex_match_any(b->s, pe6, p6, trade, NULL);
        size_t obj = te > 0 ? enrich_lex_spaces(b->s, pe6, te) : 0;
        trade_last = te > 0 && te >= pe6;
        if (obj > te && obj < pe6) {
            ps6 = obj; /* what was bought or sold, not who did it */
        }
        if (te == 0 && (te = enrich_lex_word_end(b->s, pe6, p6)) == p6) {
            break;
        }
    }
    size_t ds6, de6, ps7, pe7, stop7;
    char d6[16];
    bool open7;
    /* "bán cho một xưởng gỗ ở TP.Lai Châu với giá": a place is not what was sold; a buyer
     * whose object stands before "được" only with a phrase there ("tôm sú loại 30 con/kg
     * được thương lái thu mua" has a figure in it): "giá" stays */
    bool name6 = true; /* every word capitalized, the sentence not starting there */
    for (size_t p6 = ps6, e6; name6 && p6 < pe6; p6 = enrich_lex_spaces(b->s, pe6, e6)) {
        name6 = enrich_lex_upper_at(b->s, b->len, p6);
        if ((e6 = enrich_lex_word_end(b->s, pe6, p6)) == p6) {
            break;
        }
    }
    size_t sp6 = back_spaces(b->s, ps6);
    name6 = name6 && sp6 > 0 && !(sp6 < ps6 && strchr(".!?\n", b->s[sp6 - 1]) != NULL);
    if (stop6 == (size_t)-1 && !name6 &&
        (!trade_last ||
         (word_before(b, ps6, &ds6, &de6, d6, sizeof(d6)) && strcmp(d6, "được") == 0 &&
          noun_phrase(b, before_date(b, ds6), &ps7, &pe7, &stop7, &open7)))) {
        *tps = ps6;
        *tpe = pe6;
        *tstop = stop6;
        *topen = open6;
        return true;
    }
    return false;
}

static void context_before(const struct backward *b, size_t *cstart, size_t *cend)
{
    const char *const *links = b->lang == ENRICH_LANG_EN ? en_link_verbs : vi_link_verbs;
    char q[16];
    size_t qe = enrich_lex_word_end(b->s, b->len, b->in->before);
    /* A qualifier that holds a linking verb ("lên tới 4,5‰") links the figure to its subject. */
    bool linked = qe > b->in->before && enrich_lex_fold(b->s, b->in->before, qe, q, sizeof(q)) &&
                  enrich_lex_in(q, links);
    size_t at = skip_between(b, b->in->before, &linked);
    size_t ps, pe, stop;
    bool open;
    size_t at0 = at;
    if (!noun_phrase(b, at, &ps, &pe, &stop, &open) &&
        !(b->lang == ENRICH_LANG_EN && (at = en_aside_start(b, at)) != SIZE_MAX &&
          noun_phrase(b, at, &ps, &pe, &stop, &open))) {
        if (b->lang == ENRICH_LANG_VI) {
            range_after_clause(b, at0, cstart, cend);
        }
        return;
    }
    /* "nước dâng do bão cao 0,5-1 m", "ngập do mưa sâu 1 m": a cause between the subject and
     * the adjective of its measure; the subject stands before "do". */
    size_t cs1, ce1, ms, me, ps1, pe1, stop1;
    char c1[8], m1[8];
    bool open1;
    if (b->lang == ENRICH_LANG_VI && word_before(b, ps, &cs1, &ce1, c1, sizeof(c1)) &&
        strcmp(c1, "do") == 0 && words_in(b, ps, pe) <= 3 &&
        word_before(b, pe, &ms, &me, m1, sizeof(m1)) && me == pe &&
        enrich_lex_in(m1, vi_measures) && noun_phrase(b, cs1, &ps1, &pe1, &stop1, &open1)) {
        ps = ps1;
        pe = pe1;
        stop = stop1;
        open = open1;
    }
    /* "ở mức 3,2 m" links the figure to the subject as "đạt" does */
    bool level = b->lang == ENRICH_LANG_VI && level_between(b, pe, b->in->before);
    if (b->lang == ENRICH_LANG_VI && !level && traded_at_price(b, ps, pe, &ps, &pe, &stop, &open)) {
        level = true;
    }
    size_t ds, de, ps0, pe0, stop0;
    char d[16];
    bool open0;
    if (b->lang == ENRICH_LANG_VI && word_before(b, ps, &ds, &de, d, sizeof(d)) &&
        strcmp(d, "được") == 0 && noun_phrase(b, before_date(b, ds), &ps0, &pe0, &stop0, &open0)) {
        if (linked && !level && words_in(b, ps, pe) <= 4) {
            /* "tỷ lệ trẻ em được tiêm chủng đạt 95%": a short passive clause inside the
             * subject, before its linking verb (a longer one carries its own object: "công ty
             * được giao kế hoạch doanh thu đạt") */
            ps = ps0;
            stop = stop0;
            open = open0;
        } else if (level) {
            /* "giá lúa được thương lái thu mua ở mức 7.800": the passive verb takes the
             * figure as its level; its subject stands before "được" */
            ps = ps0;
            pe = pe0;
            stop = stop0;
            open = open0;
        }
    }
    size_t rs0, re0, rps, rpe, rstop;
    char rel0[8];
    bool ropen;
    if (b->lang == ENRICH_LANG_VI && word_before(b, ps, &rs0, &re0, rel0, sizeof(rel0)) &&
        strcmp(rel0, "mà") == 0 && noun_phrase(b, rs0, &rps, &rpe, &rstop, &ropen)) {
        /* "tỷ giá trần mà các ngân hàng được phép áp dụng là 25.462 đồng": the relative
         * clause describes the noun before "mà", which is what the figure gives */
        *cstart = rps;
        *cend = rpe;
        return;
    }
    linked |= level;
    size_t hs, he, cs2, ce2;
    char h[16], c[16];
    static const char *const targets[] = {"mục tiêu", "kế hoạch", "ngưỡng", "mức trần", NULL};
    if (b->lang == ENRICH_LANG_VI && word_before(b, ps, &hs, &he, h, sizeof(h)) &&
        strcmp(h, "hơn") == 0 && word_before(b, hs, &cs2, &ce2, c, sizeof(c)) &&
        enrich_lex_in(c, vi_comparatives) &&
        /* "thấp hơn mục tiêu 4-4,5%": a target or a threshold right before the figure is what
         * it gives, not the baseline of a difference */
        !(enrich_lex_match_any(b->s, b->len, ps, targets, NULL) > 0 && words_in(b, ps, pe) <= 3)) {
        /* "Lượng mưa nhiều hơn trung bình 50 mm": what follows "hơn" is the baseline of the
         * comparison; the subject stands before it. */
        bool linked2 = true;
        size_t ps2, pe2, stop2;
        bool open2;
        if (noun_phrase(b, skip_between(b, cs2, &linked2), &ps2, &pe2, &stop2, &open2)) {
            ps = ps2;
            pe = pe2;
            stop = stop2;
            open = open2;
            linked = linked2;
        } /* else the baseline is all the sentence says ("Thấp hơn mức bình quân 4,5 điểm") */
    }
    if (!linked && !(b->lang == ENRICH_LANG_VI && stop != (size_t)-1 &&
                     enrich_lex_match(b->s, b->len, stop, "của") > 0)) {
        /* Without a linking verb a place is the figure's own ("trên diện tích hơn 15.000
         * ha"); an owner never is: "Tổng mức đầu tư của dự án khoảng 43.734 tỷ đồng" counts
         * the investment. */
        stop = (size_t)-1;
    }
    size_t ss, se;
    bool reached;
    if (b->lang == ENRICH_LANG_VI && linked && (open || stop != (size_t)-1) &&
        clause_subject(b, ps, &ss, &se, &reached)) {
        /* The subject opens the clause; what follows it places or qualifies it. When it runs
         * on into the phrase read back (which the word limit cut: "Kim ngạch xuất nhập khẩu
         * hàng hóa 9 tháng đạt"), the phrase is the rest of it, unless that opens with a
         * superlative, which describes the subject ("Sức gió mạnh nhất vùng gần tâm bão"). */
        *cstart = ss;
        *cend = open && stop == (size_t)-1 && reached && !superlative_at(b, ps) ? pe : se;
        if (level) {
            level_object(b, cstart, *cend);
        }
        return;
    }
    /* "tổng thu ngân sách nhà nước trên địa bàn": the subject stands before the place. Two
     * places at most ("lượng mưa tại trạm X của huyện Y"). */
    for (int i = 0; i < 2 && stop != (size_t)-1; i++) {
        size_t ps2, pe2, stop2;
        bool linked2 = false;
        bool open2;
        if (!noun_phrase(b, skip_between(b, stop, &linked2), &ps2, &pe2, &stop2, &open2)) {
            break;
        }
        ps = ps2;
        pe = pe2;
        stop = stop2;
    }
    /* "The stadium, upgraded at a cost of VND150 billion": a participle opening a clause after
     * a comma describes the noun before the comma, which is what the figure is about. */
    size_t cs3, ce3, stop3;
    char p3[48];
    bool open3;
    if (b->lang == ENRICH_LANG_EN && ps >= 2 && b->s[ps - 1] == ' ' && b->s[ps - 2] == ',' &&
        word_before(b, pe, &cs3, &ce3, p3, sizeof(p3)) && cs3 == ps &&
        (en_past_verb(p3) || enrich_lex_in(p3, en_participles)) &&
        noun_phrase(b, ps - 2, &cs3, &ce3, &stop3, &open3)) {
        ps = cs3;
        pe = ce3;
        /* "to open the Lao Bao Bridge, built at": the noun phrase begins at its article. */
        for (size_t k = ps + 1; k + 5 < pe; k++) {
            if (b->s[k - 1] == ' ' &&
                (memcmp(b->s + k, "the ", 4) == 0 || memcmp(b->s + k, "a ", 2) == 0 ||
                 memcmp(b->s + k, "an ", 3) == 0)) {
                ps = k;
                break;
            }
        }
    }
    /* "export prices of 5 per cent broken rice to stay at around $520": a phrase that starts
     * right after the previous figure, itself after "of", is the end of a longer noun phrase
     * that holds that figure; it is read whole. */
    size_t os, oe, hs2 = 0, he2 = 0;
    char of[8];
    if (b->lang == ENRICH_LANG_EN && linked && b->in->floor_start > 0 &&
        back_spaces(b->s, ps) == b->in->floor &&
        enrich_lex_prev_word(b->s, b->in->floor_start, &os, &oe) && b->in->floor_start - oe == 1 &&
        enrich_lex_fold(b->s, os, oe, of, sizeof(of)) && strcmp(of, "of") == 0) {
        struct enrich_fig_context_in wider = *b->in;
        struct words_seen seen;
        for (int i = 0; i < WORDS_SEEN; i++) {
            seen.v[i].at = SIZE_MAX;
        }
        wider.floor = 0;
        struct backward b2 = {b->s, b->len, b->lang, &wider, &seen};
        /* Two words at most: the head noun and one modifier or article ("export prices",
         * "the price"); further back a verb cannot be told from a plural noun. */
        char w2[48];
        size_t at2 = os, first = SIZE_MAX;
        for (int n = 0; n < 2 && word_before(&b2, at2, &hs2, &he2, w2, sizeof(w2)) &&
                        !enrich_lex_in(w2, barriers) && !enrich_lex_in(w2, en_head_stop);
             n++) {
            first = hs2;
            at2 = hs2;
        }
        if (first != SIZE_MAX) {
            ps = first;
        }
    }
    /* "the blackouts that cost the economy an estimated $1.4 billion": a relative clause whose
     * verb opens the phrase is about the noun before "that". */
    size_t rs, re2, fe2, ps4, pe4, stop4;
    char rel[8], verb[16];
    bool open4;
    static const char *const rel_verbs[] = {"cost",    "costs",  "caused", "causes",
                                            "brought", "brings", "left",   "leaves",
                                            "took",    "takes",  NULL};
    if (b->lang == ENRICH_LANG_EN && word_before(b, ps, &rs, &re2, rel, sizeof(rel)) &&
        (strcmp(rel, "that") == 0 || strcmp(rel, "which") == 0) &&
        enrich_lex_word_at(b->s, b->len, ps) && (fe2 = enrich_lex_word_end(b->s, pe, ps)) > ps &&
        enrich_lex_fold(b->s, ps, fe2, verb, sizeof(verb)) &&
        (en_past_verb(verb) || enrich_lex_in(verb, rel_verbs)) &&
        noun_phrase(b, rs, &ps4, &pe4, &stop4, &open4)) {
        ps = ps4;
        pe = pe4;
        /* "Officials fear the blackouts that ...": the noun phrase begins at its article. */
        for (size_t k = pe; k > ps + 1; k--) {
            if (b->s[k - 2] == ' ' && ((k + 3 <= pe && memcmp(b->s + k - 1, "the ", 4) == 0) ||
                                       (k + 1 <= pe && memcmp(b->s + k - 1, "a ", 2) == 0))) {
                ps = k - 1;
                break;
            }
        }
    }
    /* "tỷ giá trần mà các ngân hàng được áp dụng là 25.462 đồng/USD": the clause after "mà"
     * describes the noun before it, which is what the figure gives. */
    size_t mas, mae, ps5, pe5, stop5;
    char m4[8];
    bool open5;
    if (b->lang == ENRICH_LANG_VI && word_before(b, ps, &mas, &mae, m4, sizeof(m4)) &&
        strcmp(m4, "mà") == 0 && noun_phrase(b, mas, &ps5, &pe5, &stop5, &open5)) {
        ps = ps5;
        pe = pe5;
    }
    /* "tonnes of rice worth $4.6 billion": read from the last figure, "of" opens no phrase. */
    if (b->lang == ENRICH_LANG_EN && pe > ps + 3 && memcmp(b->s + ps, "of ", 3) == 0) {
        ps += 3;
    }
    if (b->lang == ENRICH_LANG_EN) {
        en_subject_before(b, &ps, &pe);
    }
    *cstart = ps;
    *cend = pe;
}

/* A verb of two words right before a count of people that says what happened to them: "làm
 * chết 1.031 người", "bị thương 12 người", "cứu sống 5 người". Sets its bounds. */
static bool casualty_before(const char *s, size_t at, size_t floor, size_t *vs, size_t *ve)
{
    static const char *const pairs[][2] = {{"làm", "chết"}, {"bị", "thương"},  {"mất", "tích"},
                                           {"tử", "vong"},  {"thiệt", "mạng"}, {"cứu", "sống"},
                                           {"cứu", "hộ"},   {"bị", "nạn"}};
    size_t a0, a1, b0, b1;
    char first[16], second[16];
    if (!enrich_lex_prev_word(s, at, &b0, &b1) || at - b1 > 1 || b0 < floor ||
        !enrich_lex_fold(s, b0, b1, second, sizeof(second)) ||
        !enrich_lex_prev_word(s, b0, &a0, &a1) || b0 - a1 > 1 || a0 < floor ||
        !enrich_lex_fold(s, a0, a1, first, sizeof(first))) {
        return false;
    }
    for (size_t i = 0; i < sizeof(pairs) / sizeof(pairs[0]); i++) {
        if (first[0] == pairs[i][0][0] && strcmp(first, pairs[i][0]) == 0 &&
            strcmp(second, pairs[i][1]) == 0) {
            *vs = a0;
            *ve = b1;
            return true;
        }
    }
    return false;
}

/* Four digits from 1900 to 2099 that are no part of a longer number ("2023", "2023-2024";
 * not "2.000" or "2023,5"). */
static bool year_at(const char *s, size_t len, size_t q)
{
    int y = 0;
    for (size_t i = q; i < q + 4; i++) {
        if (i >= len || s[i] < '0' || s[i] > '9') {
            return false;
        }
        y = y * 10 + (s[i] - '0');
    }
    size_t e = q + 4;
    bool longer =
        e < len && ((s[e] >= '0' && s[e] <= '9') || ((s[e] == '.' || s[e] == ',') && e + 1 < len &&
                                                     s[e + 1] >= '0' && s[e + 1] <= '9'));
    return y >= 1900 && y <= 2099 && !longer;
}

/* The words read after a figure stop at a count; when they stop inside a capitalized name
 * ("12 hợp tác xã tham gia Đề án 1 triệu ha"), the name is left out whole rather than cut:
 * the trailing capitalized words go when the text goes on with a word that is no stop word or
 * with a number. Returns the new end, never before the first word. */
static size_t trim_cut_name(const char *s, size_t len, size_t cs, size_t ce,
                            const char *const *stops)
{
    size_t q = enrich_lex_spaces(s, len, ce);
    if (q == ce || q >= len || !enrich_lex_word_at(s, len, q)) {
        return ce; /* punctuation or the end: nothing was cut */
    }
    char w[48];
    if (!digit(s, len, q) &&
        (!enrich_lex_fold(s, q, enrich_lex_word_end(s, len, q), w, sizeof(w)) ||
         enrich_lex_in(w, stops))) {
        return ce;
    }
    if (year_at(s, len, q)) {
        return ce; /* "lúa vụ Đông Xuân 2023-2024": a name dated by its year is whole */
    }
    size_t end = ce, ws, we;
    while (enrich_lex_prev_word(s, end, &ws, &we) && we == end && ws > cs &&
           enrich_lex_upper_at(s, len, ws)) {
        end = back_spaces(s, ws);
    }
    return end > cs ? end : ce;
}

/* A digit and capitals that name a technology, not a quantity: "5G", "4G", "3D". */
static bool tech_name(const char *s, size_t len, size_t q)
{
    size_t e = q + 1;
    while (e < len && s[e] >= 'A' && s[e] <= 'Z') {
        e++;
    }
    return e > q + 1 && e - q <= 3 && (e == len || s[e] == ' ');
}

/* After "in", a noun in lowercase that is no time word: what an amount of money is made of
 * ("in loans", "in foreign direct investment pledges"), not where or when ("in Vietnam", "in
 * the first half", "in October"). */
static bool money_in_noun(const char *s, size_t len, size_t before, size_t p)
{
    /* "in total" says how it adds up; after "invest" or "spend", "in buses" says where the money
     * goes, and the subject of the verb is what the figure is about. */
    static const char *const adverbs[] = {"total", "all", NULL};
    static const char *const placing[] = {"invest", "invests", "invested", "investing", "spend",
                                          "spends", "spent",   "spending", "pour",      "poured",
                                          "pours",  "put",     "allocate", "allocated", NULL};
    char v[16];
    if (enrich_lex_prev_folded(s, before, v, sizeof(v), NULL) && enrich_lex_in(v, placing)) {
        return false;
    }
    size_t q = enrich_lex_spaces(s, len, p);
    char w[24];
    if (q == p || q >= len || !enrich_lex_word_at(s, len, q) || digit(s, len, q) ||
        enrich_lex_upper_at(s, len, q) ||
        !enrich_lex_fold(s, q, enrich_lex_word_end(s, len, q), w, sizeof(w))) {
        return false;
    }
    return !enrich_lex_in(w, en_after_stop) && !enrich_lex_in(w, en_time_core) &&
           !enrich_lex_in(w, en_time_other) && !enrich_lex_in(w, adverbs);
}

void enrich_figures_context(const char *s, size_t len, enum enrich_lang lang,
                            const struct enrich_fig_context_in *in, size_t *cstart, size_t *cend)
{
    const char *const *stops = lang == ENRICH_LANG_EN ? en_after_stop : vi_after_stop;
    size_t after = in->after;
    size_t cs = in->counts ? in->unit_start : after;
    size_t ce = after;
    int words = in->counts ? 1 : 0;
    size_t p = after;
    bool skipped_of = false;
    /* Only hyphenated modifiers read so far ("high-quality"): a comma after them joins the
     * next modifier of the same noun ("of high-quality, low-emission rice"). */
    bool modifiers = true;
    char w[48];
    while (in->look_after && words < (in->counts ? 5 : 6)) {
        size_t q = enrich_lex_spaces(s, len, p);
        if (lang == ENRICH_LANG_EN && skipped_of && modifiers && words > 0 && q == p &&
            p + 2 < len && s[p] == ',' && s[p + 1] == ' ') {
            p++;
            continue;
        }
        if (q == p || q >= len || !enrich_lex_word_at(s, len, q) ||
            (digit(s, len, q) && !(lang == ENRICH_LANG_EN && tech_name(s, len, q)))) {
            break;
        }
        size_t e = context_word_end(s, len, q, lang);
        if (!enrich_lex_fold(s, q, e, w, sizeof(w))) {
            break;
        }
        if (lang == ENRICH_LANG_EN && words == 0 && !skipped_of &&
            (strcmp(w, "more") == 0 || strcmp(w, "additional") == 0 || strcmp(w, "extra") == 0)) {
            /* "60 more officers": the context is "officers"; "15 per cent more than" has none */
            skipped_of = true;
            p = e;
            continue;
        }
        if (lang == ENRICH_LANG_EN && words == 0 && !skipped_of && in->money &&
            strcmp(w, "in") == 0 && money_in_noun(s, len, in->before, e)) {
            /* "$28.5 billion in foreign direct investment", "VND5 trillion in loans" */
            skipped_of = true;
            p = e;
            continue;
        }
        if (lang == ENRICH_LANG_EN && words == 0 && !skipped_of && strcmp(w, "of") == 0) {
            /* "1,000 tons of rice": the context is "rice" */
            skipped_of = true;
            p = e;
            size_t t = enrich_lex_spaces(s, len, e);
            size_t te = t > e ? enrich_lex_match(s, len, t, "the") : 0;
            if (te > 0 && in->after > in->before && s[in->after - 1] == ')') {
                p = te; /* "($413 million) of the bills": the bills */
            }
            continue;
        }
        size_t wl = strlen(w);
        if (lang == ENRICH_LANG_EN && words > 0 &&
            (en_past_verb(w) || enrich_lex_in(w, en_participles) ||
             (wl > 5 && strcmp(w + wl - 3, "ing") == 0 && !enrich_lex_in(w, en_ing_adjectives)))) {
            /* "4,500 people crossed the border", "100 startups working in AI": the verb or
             * participle after the noun */
            break;
        }
        if (enrich_lex_in(w, stops) &&
            (lang == ENRICH_LANG_EN ||
             !enrich_lex_match_any(s, len, q, vi_after_compounds, NULL))) {
            break;
        }
        modifiers = modifiers && memchr(s + q, '-', e - q) != NULL;
        if (words == 0 && !in->counts) {
            cs = q;
        }
        ce = e;
        words++;
        p = e;
    }
    if (ce > cs && words > 1) {
        ce = trim_cut_name(s, len, cs, ce, stops);
    }
    if (lang == ENRICH_LANG_VI && ce > cs) {
        /* "4,25 tỷ USD vốn đầu tư trực tiếp nước ngoài": the word limit never splits "nước
         * ngoài" (foreign) into "nước" (country, water). */
        size_t ws, we, q = enrich_lex_spaces(s, len, ce);
        char last[16];
        size_t ne = q > ce ? enrich_lex_match(s, len, q, "ngoài") : 0;
        if (ne && enrich_lex_prev_word(s, ce, &ws, &we) && we == ce &&
            enrich_lex_fold(s, ws, we, last, sizeof(last)) && strcmp(last, "nước") == 0) {
            ce = ne;
        }
    }
    if (in->counts && words == 1 && lang == ENRICH_LANG_VI) {
        size_t vs, ve;
        if (casualty_before(s, in->before, in->floor, &vs, &ve)) {
            /* "làm chết 1.031 người": what happened to them says what is counted */
            *cstart = vs;
            *cend = ve;
            return;
        }
    }
    if (ce > cs) {
        *cstart = cs;
        *cend = ce;
        return;
    }
    *cstart = *cend = after;
    struct words_seen seen;
    for (int i = 0; i < WORDS_SEEN; i++) {
        seen.v[i].at = SIZE_MAX;
    }
    struct backward b = {s, len, lang, in, &seen};
    context_before(&b, cstart, cend);
}

/* English: "rose 23.6% in the first two months of 2024 from a year earlier to $61.26 billion".
 * Between the two figures only time words, a year and the prepositions of a change, ending with
 * "to" or "from": the second figure is where the same subject arrived or started. */
static bool continues_en(const char *s, size_t from, size_t to)
{
    static const char *const joins[] = {"from", "to", "year-on-year", "on-year", "y/y", NULL};
    size_t p = enrich_lex_spaces(s, to, from);
    for (size_t q = p, n = 0; q < to && n < 6; n++) {
        /* "grew 5.05% in 2023, down from 8.02%": time words before the comma */
        size_t e = q;
        char w[16];
        while (e < to && digit(s, to, e)) {
            e++;
        }
        if (e - q != 4) {
            e = enrich_lex_word_end(s, to, q);
            if (e == q || !enrich_lex_fold(s, q, e, w, sizeof(w)) ||
                !(enrich_lex_in(w, en_time_core) || enrich_lex_in(w, en_time_other))) {
                break;
            }
        }
        q = enrich_lex_spaces(s, to, e);
        if (q < to && s[q] == ',') {
            p = q;
            break;
        }
    }
    if (p < to && s[p] == ',') {
        /* ", up 3% from 2023": a change of the same subject */
        size_t q = enrich_lex_spaces(s, to, p + 1);
        size_t e = enrich_lex_word_end(s, to, q);
        char w[8], w2[8];
        if (e == q || !enrich_lex_fold(s, q, e, w, sizeof(w)) ||
            (strcmp(w, "up") != 0 && strcmp(w, "down") != 0)) {
            return false;
        }
        size_t r = enrich_lex_spaces(s, to, e);
        if (r == to) {
            return true;
        }
        size_t f = enrich_lex_word_end(s, to, r); /* ", down from 8.02%", ", up by 3%" */
        return f > r && enrich_lex_spaces(s, to, f) == to &&
               enrich_lex_fold(s, r, f, w2, sizeof(w2)) &&
               (strcmp(w2, "from") == 0 || strcmp(w2, "by") == 0);
    }
    bool last_to = false;
    for (int words = 0; p < to; words++) {
        if (words == 14 || s[p] == ',' || s[p] == '.' || s[p] == ';') {
            return false;
        }
        size_t e;
        if (digit(s, to, p)) {
            e = p;
            while (e < to && digit(s, to, e)) {
                e++;
            }
            if (e - p != 4) {
                return false; /* only a year */
            }
            last_to = false;
        } else {
            e = enrich_lex_word_end(s, to, p);
            while (e > p && e + 1 < to && s[e] == '-' && enrich_lex_word_at(s, to, e + 1) &&
                   !digit(s, to, e + 1)) {
                e = enrich_lex_word_end(s, to, e + 1); /* "year-on-year" */
            }
            char w[48];
            if (e == p || !enrich_lex_fold(s, p, e, w, sizeof(w))) {
                return false;
            }
            if (!enrich_lex_in(w, en_time_core) && !enrich_lex_in(w, en_time_other) &&
                !enrich_lex_in(w, joins) && strcmp(w, "two") != 0 && strcmp(w, "three") != 0 &&
                strcmp(w, "six") != 0 && strcmp(w, "nine") != 0) {
                return false;
            }
            last_to = strcmp(w, "to") == 0 || strcmp(w, "from") == 0;
        }
        p = enrich_lex_spaces(s, to, e);
    }
    return last_to;
}

/* "đạt 68 triệu đồng trong quý III, tăng 25%": a time phrase that opens with a preposition of
 * time and holds only time words and numbers ("trong quý III", "vào tháng 10/2024", "trong 9
 * tháng đầu năm") may close the first figure's clause. Returns where it ends, or p. */
static size_t skip_time_phrase(const char *s, size_t to, size_t p)
{
    static const char *const opens[] = {"trong", "vào", "tính đến", NULL};
    size_t q = enrich_lex_match_any(s, to, p, opens, NULL);
    if (q == 0) {
        return p;
    }
    for (int words = 0; words < 6; words++) {
        size_t w = enrich_lex_spaces(s, to, q);
        if (w >= to || s[w] == ',') {
            return words > 0 ? w : p;
        }
        size_t e = digit(s, to, w) ? w : enrich_lex_word_end(s, to, w);
        while (e < to && (digit(s, to, e) || s[e] == '/' || s[e] == '.') && digit(s, to, w)) {
            e++; /* "10/2024", "2.024" */
        }
        char f[48];
        if (e == w || (!digit(s, to, w) &&
                       (!enrich_lex_fold(s, w, e, f, sizeof(f)) ||
                        !(enrich_lex_in(f, vi_time_core) || enrich_lex_in(f, vi_time_other))))) {
            return p;
        }
        q = e;
    }
    return p;
}

/* After a comma, the same reading somewhere else: a hedge ("có nơi", "có lúc") or a place
 * ("tại xã Mường Hum", "riêng tại trạm Ba Tơ", "ở Hà Tĩnh"), then at most a verb of measuring
 * and a qualifier before the figure at to: "lượng mưa ... là 287 mm, tại xã Mường Hum hơn
 * 320 mm" gives both the rainfall. The place is a level word and capitalized names only, so
 * that a clause with its own subject ("tại đây giá lúa") is not read as one. Returns where the
 * words end (to) when they are so, else p. */
static size_t other_place(const char *s, size_t to, size_t p)
{
    static const char *const levels[] = {"xã",   "phường", "huyện", "tỉnh", "thị",  "trấn",
                                         "trạm", "thành",  "phố",   "quận", "thôn", "bản",
                                         "đèo",  "khu",    "vực",   "vùng", "đảo",  "đồng",
                                         "hồ",   "sông",   "thủy",  "điện", NULL};
    static const char *const measured[] = {"đo",  "được", "ghi", "nhận", "là",
                                           "đạt", "lên",  "tới", "có",   NULL};
    static const char *const hedges[] = {"có nơi", "có lúc", "có chỗ", "nhiều nơi", NULL};
    static const char *const places[] = {"tại", "ở", NULL};
    size_t q = p, e;
    char w[48];
    int words = 0;
    bool place = false, hedge = false;
    if ((e = enrich_lex_match(s, to, q, "riêng"))) {
        q = enrich_lex_spaces(s, to, e);
    }
    if ((e = enrich_lex_match_any(s, to, q, hedges, NULL))) {
        hedge = true;
        q = enrich_lex_spaces(s, to, e);
    } else if ((e = enrich_lex_match_any(s, to, q, places, NULL))) {
        q = enrich_lex_spaces(s, to, e);
        while (q < to && words < 6 && (e = enrich_lex_word_end(s, to, q)) > q &&
               enrich_lex_fold(s, q, e, w, sizeof(w)) &&
               (enrich_lex_upper_at(s, to, q) || enrich_lex_in(w, levels))) {
            place = true;
            words++;
            q = enrich_lex_spaces(s, to, e);
        }
    }
    if (!hedge && !place) {
        return p;
    }
    for (words = 0; q < to && words < 4; words++) {
        e = enrich_lex_word_end(s, to, q);
        if (e == q || !enrich_lex_fold(s, q, e, w, sizeof(w)) ||
            !(enrich_lex_in(w, measured) || enrich_lex_in(w, vi_before_trim))) {
            break;
        }
        q = enrich_lex_spaces(s, to, e);
    }
    return q >= to ? to : p;
}

static const char *const vi_change_to[] = {"lên", "xuống", NULL};

/* What may follow a figure before a second change of the same subject: the baseline of its
 * comparison ("so với tháng trước", "so với cùng kỳ năm 2023"). Returns where it ends, or p. */
static size_t skip_baseline(const char *s, size_t to, size_t p)
{
    size_t e = enrich_lex_match(s, to, p, "so với");
    if (e == 0) {
        return p;
    }
    size_t q = enrich_lex_spaces(s, to, e);
    for (int words = 0; words < 6 && q < to; words++) {
        size_t w = q, d = q;
        while (d < to && digit(s, to, d)) {
            d++;
        }
        char f[16];
        if (d - w == 4) {
            w = d; /* a year */
        } else {
            w = enrich_lex_word_end(s, to, q);
            if (w == q || !enrich_lex_fold(s, q, w, f, sizeof(f)) ||
                !(enrich_lex_in(f, vi_time_core) || enrich_lex_in(f, vi_time_other))) {
                break;
            }
        }
        q = enrich_lex_spaces(s, to, w);
    }
    return q > enrich_lex_spaces(s, to, e) ? q : p;
}

/* "trên sông Hậu", "tại An Giang": a place after a figure, up to where it ends; 0 when none. */
static size_t place_after(const char *s, size_t to, size_t p)
{
    static const char *const preps[] = {"trên", "tại", "ở", NULL};
    static const char *const kinds[] = {"sông", "xã",   "phường", "tỉnh", "huyện", "thành", "phố",
                                        "cửa",  "kênh", "hồ",     "trạm", "thị",   "trấn",  NULL};
    size_t q = enrich_lex_match_any(s, to, p, preps, NULL), e, end = 0;
    char w[48];
    bool named = false;
    for (int words = 0; q > 0 && words < 6; words++) {
        q = enrich_lex_spaces(s, to, q);
        if (q >= to || (e = enrich_lex_word_end(s, to, q)) == q ||
            !enrich_lex_fold(s, q, e, w, sizeof(w))) {
            break;
        }
        bool upper = enrich_lex_upper_at(s, to, q);
        if (!upper && !enrich_lex_in(w, kinds)) {
            break;
        }
        named = named || upper;
        end = e;
        q = e;
    }
    return named ? end : 0;
}

bool enrich_figures_continues(const char *s, size_t from, size_t to, enum enrich_lang lang)
{
    /* Only a comma and a verb of change or share ("tăng 1,86 USD, lên 86,75 USD/thùng"):
     * "4,59 triệu lượt, 2,3 tỷ USD" lists two
     * quantities, "500 USD, tương đương 200 đô la" restates one. A comparison counts as a
     * change ("cao hơn cùng kỳ năm trước khoảng 1.200 đồng/kg"), time words may stand between
     * it and the figure. */
    static const char *const verbs[] = {"tăng", "giảm",  "bằng", "chiếm", "vượt",
                                        "lên",  "xuống", "gấp",  NULL};
    if (lang == ENRICH_LANG_EN) {
        return continues_en(s, from, to);
    }
    if (lang != ENRICH_LANG_VI) {
        return false;
    }
    /* "tăng 12,35 điểm (0,98%) lên 1.265,4 điểm", "giảm 37% xuống 1.050 tỷ đồng": where the
     * change took the same subject. */
    static const char *const arrivals[] = {"lên mức", "xuống mức", "lên", "xuống", NULL};
    size_t a = enrich_lex_spaces(s, to, from);
    if (a < to && s[a] == ')') {
        a = enrich_lex_spaces(s, to, a + 1);
    }
    /* "sâu 60 km trên sông Hậu và 55 km trên sông Cổ Chiên", "tăng 200 đồng/kg tại An Giang và
     * 300 đồng/kg tại Đồng Tháp": the same measure in another place */
    size_t pa = place_after(s, to, a);
    size_t pv = pa > 0 ? enrich_lex_match(s, to, enrich_lex_spaces(s, to, pa), "và") : 0;
    if (pv > 0 && enrich_lex_spaces(s, to, pv) == to) {
        return true;
    }
    size_t ae = enrich_lex_match_any(s, to, a, arrivals, NULL);
    if (ae && enrich_lex_spaces(s, to, ae) == to) {
        return true;
    }
    size_t p = skip_time_phrase(s, to, enrich_lex_spaces(s, to, from));
    p = skip_baseline(s, to, p);
    size_t lw = enrich_lex_match_any(s, to, p, vi_change_to, NULL);
    if (lw > 0 && enrich_lex_spaces(s, to, lw) == to) {
        return true; /* "tỷ lệ nợ xấu tăng từ 1,27% lên 1,6%": where the change arrived */
    }
    size_t va = enrich_lex_match(s, to, p, "và");
    if (p >= to || (s[p] != ',' && va == 0)) {
        return false;
    }
    /* "tăng 0,29% so với tháng trước và tăng 2,63% so với cùng kỳ": "và" and a verb of change
     * join a second change as a comma does */
    p = enrich_lex_spaces(s, to, va > 0 ? va : p + 1);
    size_t q = other_place(s, to, p);
    if (q > p) {
        return true; /* "lượng mưa phổ biến 150-300 mm, có nơi trên 400 mm" */
    }
    bool verb = false;
    bool comparative = false; /* the word before was a comparative adjective */
    bool baseline = false;    /* after "cao hơn": the baseline of the comparison follows */
    for (int words = 0; p < to; words++) {
        size_t e = enrich_lex_word_end(s, to, p);
        char w[48];
        if (words == 8 || e == p || !enrich_lex_fold(s, p, e, w, sizeof(w))) {
            return false;
        }
        if (words == 0 && enrich_lex_in(w, vi_comparatives)) {
            comparative = true;
        } else if (comparative && (strcmp(w, "hơn") == 0 || strcmp(w, "gấp") == 0)) {
            /* "cao hơn cùng kỳ ...", "cao gấp 2 lần trồng lúa" */
            static const char *const targets[] = {"mục tiêu", "kế hoạch", "ngưỡng", "mức trần",
                                                  NULL};
            if (enrich_lex_match_any(s, to, enrich_lex_spaces(s, to, e), targets, NULL) > 0) {
                return false; /* "thấp hơn mục tiêu 4-4,5%": the target's own figure */
            }
            verb = true;
            comparative = false;
            baseline = true;
        } else if (baseline || enrich_lex_in(w, verbs)) {
            verb = true;
        } else if (!enrich_lex_in(w, vi_before_trim) &&
                   !(verb && (enrich_lex_in(w, vi_time_core) || enrich_lex_in(w, vi_time_other)))) {
            return false;
        }
        if (!verb && words >= 2) {
            return false; /* the verb comes first: "đạt ..., tăng 5%" */
        }
        p = enrich_lex_spaces(s, to, e);
    }
    return verb;
}

size_t enrich_figures_subject_through(const char *s, size_t from, size_t at)
{
    static const char *const links[] = {"đạt",  "là",  "chiếm", "còn", "giảm",
                                        "tăng", "lên", "xuống", "ước", NULL};
    size_t ws, we, verb = at;
    char w[16];
    while (enrich_lex_prev_word(s, verb, &ws, &we) && ws > from &&
           enrich_lex_fold(s, ws, we, w, sizeof(w)) && enrich_lex_in(w, links)) {
        verb = ws; /* "giảm còn 12%", "ước đạt" */
    }
    if (verb == at) {
        return 0;
    }
    size_t end = back_spaces(s, verb);
    for (size_t p = from; p < end; p++) {
        if (s[p] == ',' || s[p] == ';' || s[p] == '.' || s[p] == '\n' || s[p] == '(' ||
            s[p] == ':') {
            return 0; /* another clause, not one subject */
        }
    }
    return end > from ? end : 0;
}
