/*
 * Units, currencies and qualifiers of figures. Units are written in their canonical Vietnamese
 * form in both languages ("tons" -> "tấn", "dong" -> "đồng", "people" -> "người") so that
 * analytics can sum Vietnamese and English copy without a second table.
 */
#include <pthread.h>
#include <string.h>

#include "enrich_dates_internal.h"
#include "enrich_figures_internal.h"

enum {
    U_CASE = 1,   /* match the case as written: "MW", "USD", "m" */
    U_ATTACH = 2, /* may follow the digits without a space: "5km", "30%" */
    U_COUNT = 4,  /* a counted noun: the context starts with it */
    U_VI = 8,
    U_EN = 16,
    U_BOTH = U_VI | U_EN,
    U_SECOND = 32, /* may come after "/" in a compound unit: "đồng/kg" */
    U_NOFIRST = 64 /* only after "/": "đồng/tháng", "km/h" (alone it is a date or time) */
};

struct unit_entry {
    const char *text;
    const char *name;
    int flags;
};

/* Longer forms first where one is a prefix of another ("km2" before "km"). Matching also
 * requires a word boundary after the form, so "m" never matches the start of "mét". */
static const struct unit_entry units[] = {{"%", "%", U_ATTACH | U_BOTH},
                                          {"‰", "‰", U_ATTACH | U_BOTH},
                                          {"điểm phần trăm", "điểm phần trăm", U_VI},
                                          {"phần trăm", "%", U_VI},
                                          {"percentage points", "điểm phần trăm", U_EN},
                                          {"percentage point", "điểm phần trăm", U_EN},
                                          {"per cent", "%", U_EN},
                                          {"percent", "%", U_EN},
                                          {"đồng", "đồng", U_VI | U_SECOND},
                                          {"vnđ", "đồng", U_BOTH | U_ATTACH},
                                          {"đ", "đồng", U_VI | U_ATTACH | U_CASE},
                                          {"vnd", "đồng", U_BOTH | U_ATTACH},
                                          {"dong", "đồng", U_EN},
                                          {"usd", "USD", U_BOTH | U_ATTACH | U_SECOND},
                                          {"đô la mỹ", "USD", U_VI},
                                          {"đô la", "USD", U_VI},
                                          {"đôla", "USD", U_VI},
                                          {"us dollars", "USD", U_EN},
                                          {"dollars", "USD", U_EN},
                                          {"dollar", "USD", U_EN | U_SECOND},
                                          {"euro", "EUR", U_BOTH},
                                          {"eur", "EUR", U_BOTH | U_CASE},
                                          {"EUR", "EUR", U_BOTH | U_CASE | U_SECOND},
                                          {"yên nhật", "JPY", U_VI},
                                          {"nhân dân tệ", "CNY", U_VI},
                                          {"yuan", "CNY", U_EN},
                                          {"tấn", "tấn", U_VI | U_SECOND},
                                          {"tonnes", "tấn", U_EN},
                                          {"tonne", "tấn", U_EN},
                                          {"tons", "tấn", U_EN},
                                          {"ton", "tấn", U_EN},
                                          {"tạ", "tạ", U_VI},
                                          {"kg", "kg", U_BOTH | U_ATTACH | U_SECOND | U_CASE},
                                          {"kilogram", "kg", U_BOTH},
                                          {"kilograms", "kg", U_EN},
                                          {"kilogrammes", "kg", U_EN},
                                          {"kilogramme", "kg", U_EN},
                                          {"ki-lô-gam", "kg", U_VI},
                                          {"thùng", "thùng", U_VI | U_SECOND},
                                          {"barrels", "thùng", U_EN},
                                          {"barrel", "thùng", U_EN | U_SECOND},
                                          {"TEU", "TEU", U_BOTH | U_CASE | U_SECOND},
                                          {"mph", "mph", U_EN | U_CASE},
                                          {"lít", "lít", U_VI | U_SECOND},
                                          {"litres", "lít", U_EN},
                                          {"liters", "lít", U_EN},
                                          {"ha", "ha", U_BOTH | U_ATTACH | U_SECOND | U_CASE},
                                          {"héc-ta", "ha", U_VI},
                                          {"hécta", "ha", U_VI},
                                          {"hecta", "ha", U_VI},
                                          {"hectares", "ha", U_EN},
                                          {"hectare", "ha", U_EN},
                                          {"km²", "km2", U_BOTH | U_ATTACH | U_CASE},
                                          {"km2", "km2", U_BOTH | U_ATTACH | U_CASE},
                                          {"km", "km", U_BOTH | U_ATTACH | U_SECOND | U_CASE},
                                          {"ki-lô-mét", "km", U_VI},
                                          {"cây số", "km", U_VI},
                                          {"kilometres", "km", U_EN},
                                          {"kilometers", "km", U_EN},
                                          {"m²", "m2", U_BOTH | U_ATTACH | U_SECOND | U_CASE},
                                          {"m2", "m2", U_BOTH | U_ATTACH | U_SECOND | U_CASE},
                                          {"mét vuông", "m2", U_VI},
                                          {"square metres", "m2", U_EN},
                                          {"square meters", "m2", U_EN},
                                          {"m³", "m3", U_BOTH | U_ATTACH | U_SECOND | U_CASE},
                                          {"m3", "m3", U_BOTH | U_ATTACH | U_SECOND | U_CASE},
                                          {"mét khối", "m3", U_VI},
                                          {"cubic metres", "m3", U_EN},
                                          {"cubic meters", "m3", U_EN},
                                          {"cm", "cm", U_BOTH | U_ATTACH | U_CASE},
                                          {"mm", "mm", U_BOTH | U_ATTACH | U_CASE},
                                          {"millimetres", "mm", U_EN},
                                          {"millimeters", "mm", U_EN},
                                          {"centimetres", "cm", U_EN},
                                          {"centimeters", "cm", U_EN},
                                          {"kph", "km/h", U_EN | U_CASE},
                                          {"mg", "mg", U_BOTH | U_ATTACH | U_SECOND | U_CASE},
                                          {"miligam", "mg", U_VI},
                                          {"milligrams", "mg", U_EN},
                                          {"gam", "g", U_VI | U_SECOND},
                                          {"grams", "g", U_EN},
                                          /* Lab values and salinity: "3.250 U/L", "12,5 g/l",
                                           * "250 mg/l", "khoảng 50 g nấm". */
                                          {"U/L", "U/L", U_BOTH | U_CASE},
                                          {"g", "g", U_BOTH | U_ATTACH | U_SECOND | U_CASE},
                                          {"l", "l", U_BOTH | U_SECOND | U_CASE | U_NOFIRST},
                                          {"ml", "ml", U_BOTH | U_ATTACH | U_SECOND | U_CASE},
                                          {"m", "m", U_BOTH | U_ATTACH | U_CASE},
                                          {"mét", "m", U_VI},
                                          {"metres", "m", U_EN},
                                          {"meters", "m", U_EN},
                                          {"kilowatt-hours", "kWh", U_EN},
                                          {"kilowatt hours", "kWh", U_EN},
                                          {"megawatt-hours", "MWh", U_EN},
                                          {"megawatts", "MW", U_EN},
                                          {"megawatt", "MW", U_EN},
                                          {"gigawatts", "GW", U_EN},
                                          {"kilowatts", "kW", U_EN},
                                          {"MWh", "MWh", U_BOTH | U_ATTACH | U_CASE},
                                          {"kWh", "kWh", U_BOTH | U_ATTACH | U_CASE},
                                          {"MW", "MW", U_BOTH | U_ATTACH | U_CASE},
                                          {"kW", "kW", U_BOTH | U_ATTACH | U_CASE},
                                          {"GW", "GW", U_BOTH | U_ATTACH | U_CASE},
                                          {"°C", "°C", U_BOTH | U_ATTACH | U_CASE},
                                          {"độ C", "°C", U_VI | U_CASE},
                                          {"degrees Celsius", "°C", U_EN | U_CASE},
                                          {"degrees C", "°C", U_EN | U_CASE},
                                          {"điểm", "điểm", U_VI},
                                          {"points", "điểm", U_EN},
                                          {"bậc", "bậc", U_VI},
                                          {"điểm cơ bản", "điểm cơ bản", U_VI},
                                          {"basis points", "điểm cơ bản", U_EN},
                                          {"basis point", "điểm cơ bản", U_EN},
                                          {"-fold", "lần", U_EN | U_ATTACH | U_CASE},
                                          /* "a 4,000-metre runway", "the 53.7-kilometre road" */
                                          {"-kilometre", "km", U_EN | U_ATTACH | U_CASE},
                                          {"-kilometer", "km", U_EN | U_ATTACH | U_CASE},
                                          {"-km", "km", U_EN | U_ATTACH | U_CASE},
                                          {"-metre", "m", U_EN | U_ATTACH | U_CASE},
                                          {"-meter", "m", U_EN | U_ATTACH | U_CASE},
                                          {"-hectare", "ha", U_EN | U_ATTACH | U_CASE},
                                          {"lượng", "lượng", U_VI | U_SECOND},
                                          /* Gold: a tael is a lượng, ten chỉ make one, and
                                           * world prices are quoted per troy ounce ("USD/ounce",
                                           * "$2,658 an ounce", "2.658 USD/oz"). */
                                          {"taels", "lượng", U_EN},
                                          {"tael", "lượng", U_EN | U_SECOND},
                                          {"chỉ", "chỉ", U_VI | U_SECOND | U_NOFIRST},
                                          {"ounces", "ounce", U_EN},
                                          {"ounce", "ounce", U_BOTH | U_SECOND},
                                          {"oz", "ounce", U_BOTH | U_SECOND | U_CASE},
                                          {"cổ phiếu", "cổ phiếu", U_VI | U_SECOND | U_COUNT},
                                          {"người", "người", U_VI | U_COUNT | U_SECOND},
                                          {"people", "người", U_EN | U_COUNT},
                                          {"persons", "người", U_EN | U_COUNT},
                                          {"hộ", "hộ", U_VI | U_COUNT | U_SECOND},
                                          {"households", "hộ", U_EN | U_COUNT},
                                          {"lượt", "lượt", U_VI | U_COUNT | U_SECOND},
                                          {"vụ", "vụ", U_VI | U_COUNT | U_SECOND},
                                          {"căn", "căn", U_VI | U_COUNT},
                                          {"ca", "ca", U_VI | U_COUNT},
                                          {"cases", "ca", U_EN | U_COUNT},
                                          {"con", "con", U_VI | U_COUNT | U_SECOND},
                                          {"chiếc", "chiếc", U_VI | U_COUNT | U_SECOND},
                                          {"tuổi", "tuổi", U_VI},
                                          {"năm tuổi đảng", "năm tuổi Đảng", U_VI},
                                          {"năm tuổi", "tuổi", U_VI},
                                          {"-year-old", "tuổi", U_EN | U_ATTACH | U_CASE},
                                          {"years old", "tuổi", U_EN},
                                          {"lần", "lần", U_VI},
                                          {"times", "lần", U_EN},
                                          {"ngày", "ngày", U_SECOND | U_VI | U_NOFIRST},
                                          {"tháng", "tháng", U_SECOND | U_VI | U_NOFIRST},
                                          {"năm", "năm", U_SECOND | U_VI | U_NOFIRST},
                                          {"giờ", "giờ", U_SECOND | U_VI | U_NOFIRST},
                                          {"h", "h", U_SECOND | U_BOTH | U_CASE | U_NOFIRST},
                                          {"suất", "suất", U_SECOND | U_VI | U_NOFIRST},
                                          {"sào", "sào", U_VI | U_SECOND},
                                          {"hải lý", "hải lý", U_VI},
                                          {"huy chương", "huy chương", U_VI | U_COUNT},
                                          {"HCV", "HCV", U_VI | U_CASE | U_COUNT},
                                          {"HCB", "HCB", U_VI | U_CASE | U_COUNT},
                                          {"HCĐ", "HCĐ", U_VI | U_CASE | U_COUNT},
                                          {"gold medals", "HCV", U_EN | U_COUNT},
                                          {"nautical miles", "hải lý", U_EN},
                                          {"mũi", "mũi", U_VI | U_COUNT},
                                          {"liều", "liều", U_VI | U_COUNT},
                                          {"doses", "liều", U_EN | U_COUNT},
                                          {NULL, NULL, 0}};

/* The forms by their first byte, in table order, so that a look-up reads only the forms that
 * can start where it looks. Built once, on first use. */
#define UNITS_PER_BYTE 32
static unsigned char by_first[256][UNITS_PER_BYTE];
static unsigned char by_first_n[256];
static bool by_first_unusable; /* the table outgrew the index: every form is read */
static pthread_once_t by_first_once = PTHREAD_ONCE_INIT;

static void build_by_first(void)
{
    for (int i = 0; units[i].text != NULL; i++) {
        unsigned char f = (unsigned char)units[i].text[0];
        if (i > 255 || by_first_n[f] == UNITS_PER_BYTE) {
            by_first_unusable = true; /* at most a dozen per byte today */
            return;
        }
        by_first[f][by_first_n[f]++] = (unsigned char)i;
    }
}

/* Matches one unit form at p; honours case, attachment and language. Returns the end or 0. */
static size_t match_unit(const char *s, size_t len, size_t p, bool attached, bool second,
                         enum enrich_lang lang, const struct unit_entry **hit)
{
    int lang_flag = lang == ENRICH_LANG_EN ? U_EN : U_VI;
    size_t best = 0;
    if (p >= len) {
        return 0;
    }
    unsigned char tc = (unsigned char)s[p];
    unsigned char lc = (tc >= 'A' && tc <= 'Z') ? (unsigned char)(tc + 32) : tc;
    pthread_once(&by_first_once, build_by_first);
    /* The forms that start with tc or with lc, merged back into table order (the first of two
     * equally long matches wins). */
    const unsigned char *ta = by_first[tc], *tb = by_first[lc];
    size_t na = by_first_n[tc], nb = lc != tc ? by_first_n[lc] : 0, ia = 0, ib = 0;
    int all = 0; /* with an unusable index: the next form of the table */
    while (by_first_unusable ? units[all].text != NULL : (ia < na || ib < nb)) {
        int i = by_first_unusable                          ? all++
                : ib >= nb || (ia < na && ta[ia] < tb[ib]) ? ta[ia++]
                                                           : tb[ib++];
        const struct unit_entry *u = &units[i];
        /* First byte first: exact for case-sensitive forms, lowercase for ASCII, and the lead
         * byte (shared by a Vietnamese capital and its small letter) otherwise. */
        unsigned char f = (unsigned char)u->text[0];
        if (f != ((u->flags & U_CASE) || f >= 0x80 ? tc : lc)) {
            continue;
        }
        if (!(u->flags & lang_flag) || (attached && !(u->flags & U_ATTACH)) ||
            (second && !(u->flags & U_SECOND)) || (!second && (u->flags & U_NOFIRST))) {
            continue;
        }
        size_t e;
        if (u->flags & U_CASE) {
            size_t n = strlen(u->text);
            e = (p + n <= len && memcmp(s + p, u->text, n) == 0 &&
                 !enrich_lex_word_at(s, len, p + n))
                    ? p + n
                    : 0;
        } else if (u->text[0] == '%') {
            e = (p < len && s[p] == '%') ? p + 1 : 0;
        } else {
            e = enrich_lex_match(s, len, p, u->text);
        }
        if (e > best) {
            best = e;
            *hit = u;
        }
    }
    return best;
}

/* "điểm" after a number is a score ("9,5 điểm") unless it names places: "81 điểm thi", "3 điểm
 * cầu", "9 điểm sạt lở". */
static bool point_is_place(const char *s, size_t len, size_t after)
{
    static const char *const places[] = {
        "thi",  "cầu",   "trường", "bán",  "giao dịch", "du lịch", "đến",  "sạt",
        "ngập", "nóng",  "đen",    "tiêm", "chốt",      "dân cư",  "khám", "xét nghiệm",
        "kiểm", "cách",  "bỏ",     "di",   "trông",     "giữ",     "tập",  "vui",
        "tham", "check", "phát",   "cung", "thu",       "dừng",    "đỗ",   "đón",
        "trả",  "sơ",    "ùn",     "tắc",  "tiếp",      "lễ",      "sáng", "nghẽn",
        "xả",   "ô",     "phun",   "lấy",  "đặt",       "đo",      "quan", "cứu",
        "sửa",  "trạm",  "nút",    "danh", "nhấn",      "cháy",    "bắn",  "hẹn",
        "nghỉ", "xung",  "giải",   "phân", "tái",       "trưng",   "tổ",   NULL};
    size_t q = enrich_lex_spaces(s, len, after);
    return q > after && enrich_lex_match_any(s, len, q, places, NULL) != 0;
}

size_t enrich_figures_unit(const char *s, size_t len, size_t pos, enum enrich_lang lang, char *buf,
                           size_t cap, bool *counts)
{
    size_t q = enrich_lex_spaces(s, len, pos);
    bool attached = q == pos;
    const struct unit_entry *u = NULL;
    size_t e = match_unit(s, len, q, attached, false, lang, &u);
    if (!e) {
        return 0;
    }
    if (strcmp(u->name, "đồng") == 0 && u->text[0] != 'v') {
        /* "Đồng Nai", "Đồng Tháp": a capitalized place name, not the currency. */
        size_t n = enrich_lex_spaces(s, len, e);
        if (enrich_lex_upper_at(s, len, q) && n > e && enrich_lex_upper_at(s, len, n)) {
            return 0;
        }
        /* "53 đồng chí", "2 triệu đồng bào": people counted by a word that begins with "đồng". */
        static const char *const people[] = {"chí", "bào", "nghiệp", "đội", "hương", NULL};
        if (n > e && enrich_lex_match_any(s, len, n, people, NULL) != 0) {
            return 0;
        }
    }
    if (strcmp(u->name, "ca") == 0 || strcmp(u->name, "con") == 0 || strcmp(u->name, "căn") == 0 ||
        strcmp(u->name, "vụ") == 0) {
        /* "ca" is also a shift or a song, "con" a child, "Vụ" a ministry department: only as
         * counted nouns in lowercase. */
        if (enrich_lex_upper_at(s, len, q)) {
            return 0;
        }
    }
    if (strcmp(u->text, "điểm") == 0 && point_is_place(s, len, e)) {
        return 0; /* "81 điểm thi": places, counted like any noun */
    }
    *counts = (u->flags & U_COUNT) != 0;
    size_t n = strlen(u->name);
    if (n + 1 > cap) {
        return 0;
    }
    memcpy(buf, u->name, n + 1);
    /* A yield names its crop between the two units: "4 tấn nhân/ha", "7 tấn lúa/ha". */
    size_t crop = enrich_lex_spaces(s, len, e), crop_end = crop;
    if (lang == ENRICH_LANG_VI && (strcmp(u->name, "tấn") == 0 || strcmp(u->name, "kg") == 0) &&
        crop == e + 1 && enrich_lex_word_at(s, len, crop) && !enrich_lex_upper_at(s, len, crop) &&
        (crop_end = enrich_lex_word_end(s, len, crop)) < len && s[crop_end] == '/' &&
        crop_end - crop <= 12) {
        const struct unit_entry *area = NULL;
        size_t ae = match_unit(s, len, crop_end + 1, true, true, lang, &area);
        if (ae && (strcmp(area->name, "ha") == 0 || strcmp(area->name, "sào") == 0)) {
            e = crop_end;
        }
    }
    /* Compound units: "đồng/kg", "đồng/người/tháng", "km/h". */
    for (int parts = 0; parts < 2 && e < len && s[e] == '/'; parts++) {
        const struct unit_entry *u2 = NULL;
        size_t e2 = match_unit(s, len, e + 1, true, true, lang, &u2);
        if (!e2) {
            size_t q2 = enrich_lex_spaces(s, len, e + 1);
            e2 = match_unit(s, len, q2, false, true, lang, &u2);
            if (!e2 || q2 - e > 2) {
                break;
            }
        }
        size_t w = strlen(u2->name);
        if (n + 1 + w + 1 > cap) {
            break;
        }
        buf[n] = '/';
        memcpy(buf + n + 1, u2->name, w + 1);
        n += 1 + w;
        e = e2;
        *counts = false;
    }
    return e;
}

bool enrich_figures_unit_reads_after(const char *unit)
{
    static const char *const closed[] = {"°C", "tuổi", "lần", NULL};
    return !enrich_lex_in(unit, closed);
}

const char *enrich_figures_currency_before(const char *s, size_t pos, enum enrich_lang lang,
                                           size_t *start)
{
    if (pos >= 3 && memcmp(s + pos - 3, "US$", 3) == 0) {
        *start = pos - 3;
        return "USD";
    }
    if (pos >= 1 && s[pos - 1] == '$') {
        *start = pos - 1;
        return "USD";
    }
    if (pos >= 3 && memcmp(s + pos - 3, "\xE2\x82\xAC", 3) == 0) { /* € */
        *start = pos - 3;
        return "EUR";
    }
    /* "VND5 trillion", "VND 5 trillion", "USD 2 billion" */
    size_t p = pos;
    if (p > 0 && s[p - 1] == ' ') {
        p--;
    }
    if (lang != ENRICH_LANG_EN) {
        return NULL; /* Vietnamese writes the code after the number: "5 USD" */
    }
    static const char *const codes[] = {"VND", "USD", "VNĐ", NULL};
    static const char *const names[] = {"đồng", "USD", "đồng"};
    for (int i = 0; codes[i] != NULL; i++) {
        size_t n = strlen(codes[i]);
        if (p >= n && memcmp(s + p - n, codes[i], n) == 0 && !enrich_lex_word_before(s, p - n)) {
            *start = p - n;
            return names[i];
        }
    }
    return NULL;
}

static const char *const vi_qualifiers[] = {
    "gần như",    "chưa đến",  "chưa tới", "không đến", "không tới",  "không quá", "ít nhất",
    "không dưới", "tối thiểu", "tối đa",   "lên đến",   "lên tới",    "xấp xỉ",    "khoảng chừng",
    "trên dưới",  "hơn",       "trên",     "gần",       "khoảng",     "hàng",      "tới",
    "đến",        "dưới",      "chừng",    "ngót",      "xung quanh", "quanh",     NULL};
static const char *const en_qualifiers[] = {
    "more than",  "less than",     "fewer than", "up to", "at least", "at most",
    "as many as", "as much as",    "nearly",     "over",  "about",    "almost",
    "around",     "approximately", "roughly",    "some",  "under",    "below",
    "above",      "just over",     "just under", NULL};

/* Verbs that govern "đến"/"tới" as a preposition: "ảnh hưởng đến 435 hộ" says no "up to". */
static const char *const vi_governing[] = {"hưởng", "quan", "động", "tâm",  "dẫn",  "cập",  "gửi",
                                           "đưa",   "nói",  "kể",   "nhắc", "tính", "trao", NULL};

/* Nouns ending in "hàng" ("goods", "shop", "row"): "ngân hàng 23,4 tỷ đồng" names the bank,
 * and "hàng" there is no "some" as in "hàng trăm". */
static const char *const vi_hang_compounds[] = {
    "ngân", "cửa",  "mặt", "khách", "đơn",   "nhà", "lô",  "giao",   "bán", "mua",  "chở", "kho",
    "gian", "quầy", "món", "kiện",  "thùng", "xe",  "tàu", "chuyến", "đặt", "hãng", NULL};

bool enrich_figures_hang_compound(const char *word, const char *prev)
{
    return strcmp(word, "hàng") == 0 && prev != NULL && enrich_lex_in(prev, vi_hang_compounds);
}

const char *enrich_figures_qualifier(const struct enrich_fig_words *w, enum enrich_lang lang,
                                     size_t *start)
{
    if (lang == ENRICH_LANG_VI && w->n == 2 &&
        enrich_figures_hang_compound(w->folded[0], w->folded[1])) {
        return NULL;
    }
    if (lang == ENRICH_LANG_VI && w->n == 2 &&
        (strcmp(w->folded[0], "đến") == 0 || strcmp(w->folded[0], "tới") == 0) &&
        enrich_lex_in(w->folded[1], vi_governing)) {
        return NULL;
    }
    const char *const *list = lang == ENRICH_LANG_EN ? en_qualifiers : vi_qualifiers;
    /* Two words first: "more than" must not be read as "than". */
    for (int i = 0; w->n == 2 && list[i] != NULL; i++) {
        if (list[i][0] == w->two[0] && strcmp(w->two, list[i]) == 0) {
            *start = w->start[1];
            return list[i];
        }
    }
    for (int i = 0; w->n >= 1 && list[i] != NULL; i++) {
        if (list[i][0] == w->folded[0][0] && strcmp(w->folded[0], list[i]) == 0) {
            *start = w->start[0];
            return list[i];
        }
    }
    return NULL;
}

const char *enrich_figures_negated_bound(const char *s, const struct enrich_fig_words *w,
                                         size_t *start)
{
    /* "giá không thấp hơn 28.000 đồng/kg" is a floor, not "more than" as "hơn" alone says:
     * the comparison and its negation are the qualifier. */
    static const char *const bounds[] = {"không thấp hơn",  "không ít hơn",   "không cao hơn",
                                         "không nhiều hơn", "không vượt quá", NULL};
    if (w->n < 2) {
        return NULL;
    }
    for (int i = 0; bounds[i] != NULL; i++) {
        size_t ws, we;
        char no[16];
        if (strcmp(bounds[i] + sizeof "không", w->two) == 0) {
            if (!enrich_lex_prev_word(s, w->start[1], &ws, &we) ||
                !enrich_lex_fold(s, ws, we, no, sizeof no) || strcmp(no, "không") != 0) {
                return NULL;
            }
            *start = ws;
            return bounds[i];
        }
    }
    return NULL;
}
