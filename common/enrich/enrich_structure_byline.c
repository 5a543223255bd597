/*
 * Bylines: who wrote the article and took its photos, as the last (sometimes the first) line
 * prints it. Labels name the roles ("Tin, ảnh:", "Bài và ảnh:", "Video:"), "Theo X" credits a
 * source, and a last line that is only names in capitals ("THANH THY") is the author.
 */
#include <string.h>

#include "enrich_internal.h"
#include "enrich_utf8.h"

#define BYLINE_MAX_BYTES 240
#define AUTHOR_MAX_BYTES 120

enum role {
    ROLE_NONE = 0,
    ROLE_TEXT,
    ROLE_PHOTO,
    ROLE_VIDEO,
    ROLE_GRAPHICS,
    ROLE_EDITING,
    ROLE_SOURCE
};
static const char *const role_names[] = {"",         "text",    "photo", "video",
                                         "graphics", "editing", "source"};

struct label_word {
    const char *phrase; /* lowercase, words separated by one space */
    enum role role;
};

/* Label phrases, longest first where one is a prefix of another. */
static const struct label_word label_words[] = {
    {"bài viết", ROLE_TEXT},     {"bài", ROLE_TEXT},
    {"tin", ROLE_TEXT},          {"hình ảnh", ROLE_PHOTO},
    {"ảnh", ROLE_PHOTO},         {"video", ROLE_VIDEO},
    {"clip", ROLE_VIDEO},        {"đồ họa", ROLE_GRAPHICS},
    {"đồ hoạ", ROLE_GRAPHICS},   {"infographic", ROLE_GRAPHICS},
    {"thiết kế", ROLE_GRAPHICS}, {"trình bày", ROLE_GRAPHICS},
    {"thực hiện", ROLE_TEXT},    {"nội dung", ROLE_TEXT},
    {"biên tập", ROLE_EDITING},  {"photos", ROLE_PHOTO},
    {"photo", ROLE_PHOTO},       {"text", ROLE_TEXT},
    {"words", ROLE_TEXT},        {"story", ROLE_TEXT},
    {"lược dịch", ROLE_TEXT},    {"biên dịch", ROLE_TEXT},
    {"dịch", ROLE_TEXT},         {"tổng hợp", ROLE_TEXT},
    {"phóng viên", ROLE_TEXT},   {"ghi", ROLE_TEXT},
    {"và", ROLE_NONE},           {"and", ROLE_NONE},
};

/* Roles of the "<label> by <names>" parts of English credits. */
static const struct label_word english_labels[] = {
    {"additional reporting", ROLE_TEXT},
    {"reporting", ROLE_TEXT},
    {"writing", ROLE_TEXT},
    {"written", ROLE_TEXT},
    {"compiled", ROLE_TEXT},
    {"editing", ROLE_EDITING},
    {"edited", ROLE_EDITING},
    {"photos", ROLE_PHOTO},
    {"photo", ROLE_PHOTO},
    {"photography", ROLE_PHOTO},
    {"video", ROLE_VIDEO},
    {"graphics", ROLE_GRAPHICS},
};

struct byline {
    bool strict; /* authors must look like names (not for "Theo X" credits) */
    json_t *authors;
    bool roles[sizeof role_names / sizeof role_names[0]];
};

static void trim(const char **s, size_t *n)
{
    while (*n > 0 && (**s == ' ' || **s == '-')) {
        (*s)++;
        (*n)--;
    }
    while (*n > 0 && ((*s)[*n - 1] == ' ' || (*s)[*n - 1] == '.' || (*s)[*n - 1] == ',' ||
                      (*s)[*n - 1] == ';')) {
        (*n)--;
    }
}

static bool has_vowel(const char *w, size_t n)
{
    size_t i = 0;
    while (i < n) {
        size_t adv;
        int32_t cp = enrich_utf8_decode((const unsigned char *)w + i, n - i, &adv);
        char b = cp < 0 ? 0 : enrich_utf8_base_letter(cp);
        if (b != 0 && strchr("aeiouy", b) != NULL) {
            return true;
        }
        i += adv;
    }
    return false;
}

/* Case shape of a word: letters only (plus . ' - inside names). */
struct shape {
    bool ok;      /* only letters and name punctuation */
    bool upper;   /* no lowercase letter */
    bool capital; /* starts with a capital */
    bool lower;   /* no uppercase letter */
};

static struct shape word_shape(const char *w, size_t n)
{
    struct shape sh = {.ok = n > 0, .upper = true, .capital = false, .lower = true};
    size_t i = 0;
    bool first = true;
    while (i < n) {
        size_t adv;
        int32_t cp = enrich_utf8_decode((const unsigned char *)w + i, n - i, &adv);
        if (cp < 0) {
            sh.ok = false;
            break;
        }
        if (enrich_utf8_is_letter(cp)) {
            if (enrich_utf8_is_upper(cp)) {
                sh.lower = false;
                if (first) {
                    sh.capital = true;
                }
            } else {
                sh.upper = false;
            }
        } else if (!(cp == '.' || cp == '\'' || cp == '-') || first) {
            sh.ok = false;
        }
        first = false;
        i += adv;
    }
    return sh;
}

/* Abbreviations and words newsrooms sign with instead of a name. */
static bool desk_name(const char *s, size_t n)
{
    size_t words = 0;
    bool all_capital = true;
    for (size_t i = 0; i < n;) {
        size_t j = i;
        while (j < n && s[j] != ' ') {
            j++;
        }
        size_t adv;
        int32_t cp = j > i ? enrich_utf8_decode((const unsigned char *)s + i, j - i, &adv) : -1;
        if (cp < 0 || ++words > 4 || (words == 1 && !enrich_utf8_is_upper(cp))) {
            return false;
        }
        all_capital &= enrich_utf8_is_upper(cp);
        for (size_t k = i; k < j; k += adv) {
            cp = enrich_utf8_decode((const unsigned char *)s + k, j - k, &adv);
            if (cp < 0 || !enrich_utf8_is_letter(cp)) {
                return false;
            }
        }
        i = j + 1;
    }
    /* "Thời sự", "Kinh tế" are written in sentence case; longer names in title case. */
    return words > 0 && (all_capital || words <= 2);
}

static bool staff_name(const char *s, size_t n)
{
    static const char *const staff[] = {"PV",
                                        "CTV",
                                        "BTV",
                                        "NHÓM PV",
                                        "Nhóm PV",
                                        "PV-CTV",
                                        "Nhóm phóng viên",
                                        "NHÓM PHÓNG VIÊN",
                                        "Nhóm Phóng viên"};
    for (size_t k = 0; k < sizeof staff / sizeof staff[0]; k++) {
        size_t l = strlen(staff[k]);
        if (l == n && memcmp(staff[k], s, n) == 0) {
            return true;
        }
        /* "Nhóm phóng viên Thời sự", "NHÓM PV KINH TẾ": a team named for its desk. */
        if (k >= 3 && n > l + 1 && memcmp(staff[k], s, l) == 0 && s[l] == ' ') {
            return desk_name(s + l + 1, n - l - 1);
        }
    }
    return false;
}

/* Appends one author, title-casing words written in capitals or in lowercase ("THANH THY" ->
 * "Thanh Thy") but keeping acronyms ("TTXVN", "PV") and mixed-case names ("VnExpress"). */
static bool name_like(const char *s, size_t n)
{
    size_t i = 0, words = 0, lower_words = 0;
    while (i < n) {
        size_t j = i;
        while (j < n && s[j] != ' ') {
            j++;
        }
        struct shape sh = word_shape(s + i, j - i);
        if (!sh.ok) {
            return false;
        }
        words++;
        lower_words += !sh.capital;
        if (words == 1 && !sh.capital) {
            return false;
        }
        i = j;
        while (i < n && s[i] == ' ') {
            i++;
        }
    }
    return words >= 1 && words <= 6 && lower_words <= 1;
}

static int add_author(struct byline *bl, const char *s, size_t n)
{
    trim(&s, &n);
    /* "Hoàng Hà/TTXVN", "LÊ HOÀNG (TTXVN)": the agency after the name is not an author. */
    const char *slash = memchr(s, '/', n);
    if (slash != NULL && slash > s) {
        n = (size_t)(slash - s);
    }
    if (n > 0 && s[n - 1] == ')') {
        const char *open = memchr(s, '(', n);
        if (open != NULL && open > s) {
            n = (size_t)(open - s);
        }
    }
    trim(&s, &n);
    if (n == 0 || n > AUTHOR_MAX_BYTES || (bl->strict && !name_like(s, n) && !staff_name(s, n))) {
        return 0;
    }
    char out[AUTHOR_MAX_BYTES];
    size_t o = 0, i = 0, words = 0;
    bool all_upper = true, all_lower = true;
    while (i < n) {
        size_t j = i;
        while (j < n && s[j] != ' ') {
            j++;
        }
        struct shape sh = word_shape(s + i, j - i);
        all_upper &= sh.upper;
        all_lower &= sh.lower;
        words++;
        i = j + 1;
    }
    /* Only a name written all in capitals or all in lowercase is recased; "Báo Tin tức",
     * "VnExpress" and "baochinhphu.vn" are written the way their owners write them. */
    bool recase =
        (all_upper || all_lower) &&
        !(words == 1 && (memmem(s, n, ".vn", 3) != NULL || memmem(s, n, ".com", 4) != NULL));
    i = 0;
    while (i < n) {
        size_t j = i;
        while (j < n && s[j] != ' ') {
            j++;
        }
        bool acronym = all_upper && (!has_vowel(s + i, j - i) ||
                                     (words == 1 && !enrich_utf8_is_vi_syllable(s + i, j - i)));
        if (o > 0) {
            out[o++] = ' ';
        }
        if (recase && !acronym) {
            o += enrich_utf8_title_case(s + i, j - i, out + o);
        } else {
            memcpy(out + o, s + i, j - i);
            o += j - i;
        }
        i = j;
        while (i < n && s[i] == ' ') {
            i++;
        }
    }
    json_t *a = json_stringn_nocheck(out, o);
    if (a == NULL || json_array_append_new(bl->authors, a) != 0) {
        return ENRICH_ERR_NOMEM;
    }
    return 1;
}

/* Length of the separator between two authors at s[i] (" - ", ", ", " và ", " & ", "; "). */
static size_t author_separator(const char *s, size_t n, size_t i)
{
    static const char *const seps[] = {" - ",  " – ", " — ",   ", ",    "; ", " và ",
                                       " VÀ ", " & ", " and ", " AND ", ","};
    if (i >= n) {
        return 0;
    }
    /* Called at every byte of a byline: the first byte rules out most separators. */
    for (size_t k = 0; k < sizeof seps / sizeof seps[0]; k++) {
        if (seps[k][0] != s[i]) {
            continue;
        }
        size_t l = strlen(seps[k]);
        if (i + l <= n && memcmp(s + i, seps[k], l) == 0) {
            return l;
        }
    }
    return 0;
}

/* Splits names into authors, each cut before " in " when drop_place ("X in Hanoi"). Returns
 * the number added, 0 when a part is empty, or an error. */
static int split_authors(struct byline *bl, const char *s, size_t n, bool drop_place)
{
    int added = 0;
    size_t start = 0, i = 0;
    int depth = 0;
    while (i <= n) {
        size_t sep = 0;
        if (i < n) {
            depth += s[i] == '(';
            depth -= s[i] == ')' && depth > 0;
            sep = depth == 0 ? author_separator(s, n, i) : 0;
        }
        if (i == n || sep > 0) {
            size_t part = i - start;
            const char *in = drop_place ? memmem(s + start, part, " in ", 4) : NULL;
            if (in != NULL) {
                part = (size_t)(in - (s + start));
            }
            /* "Thu Trang - Báo Sơn La": the paper the author writes for is not an author. */
            bool outlet = (part > 4 && memcmp(s + start, "Báo ", 4) == 0) ||
                          (part > 9 && memcmp(s + start, "Tạp chí ", 9) == 0);
            int rc = outlet && added > 0 ? 1 : add_author(bl, s + start, part);
            if (rc <= 0) {
                return rc;
            }
            added += !outlet;
            if (i == n) {
                break;
            }
            i += sep;
            start = i;
            continue;
        }
        i++;
    }
    return added;
}

static int add_authors(struct byline *bl, const char *s, size_t n)
{
    return split_authors(bl, s, n, false);
}

/* Reads role phrases from a lowercased label; false when a word is not a role. */
static bool parse_label(const char *low, size_t n, const struct label_word *table, size_t count,
                        struct byline *bl)
{
    size_t i = 0;
    bool any = false;
    while (i < n) {
        if (strchr(" ,&/+-", low[i]) != NULL) {
            i++;
            continue;
        }
        bool matched = false;
        for (size_t k = 0; k < count; k++) {
            size_t l = strlen(table[k].phrase);
            if (i + l <= n && memcmp(low + i, table[k].phrase, l) == 0 &&
                (i + l == n || strchr(" ,&/+-", low[i + l]) != NULL)) {
                if (table[k].role != ROLE_NONE) {
                    bl->roles[table[k].role] = true;
                    any = true;
                }
                i += l;
                matched = true;
                break;
            }
        }
        if (!matched) {
            return false;
        }
    }
    return any;
}

/* Provinces, large cities and the country: a last line that names one of these is a place
 * (a signature, a heading), not an author. Both tone placements where they differ. */
static const char *const places[] = {"an giang",       "bà rịa - vũng tàu",
                                     "bà rịa",         "vũng tàu",
                                     "bạc liêu",       "bắc giang",
                                     "bắc kạn",        "bắc ninh",
                                     "bến tre",        "bình dương",
                                     "bình định",      "bình phước",
                                     "bình thuận",     "cà mau",
                                     "cao bằng",       "cần thơ",
                                     "đà nẵng",        "đắk lắk",
                                     "đắk nông",       "điện biên",
                                     "đồng nai",       "đồng tháp",
                                     "gia lai",        "hà giang",
                                     "hà nam",         "hà nội",
                                     "hà tĩnh",        "hải dương",
                                     "hải phòng",      "hậu giang",
                                     "hòa bình",       "hoà bình",
                                     "hưng yên",       "khánh hòa",
                                     "khánh hoà",      "kiên giang",
                                     "kon tum",        "lai châu",
                                     "lâm đồng",       "lạng sơn",
                                     "lào cai",        "long an",
                                     "nam định",       "nghệ an",
                                     "ninh bình",      "ninh thuận",
                                     "phú thọ",        "phú yên",
                                     "quảng bình",     "quảng nam",
                                     "quảng ngãi",     "quảng ninh",
                                     "quảng trị",      "sóc trăng",
                                     "sơn la",         "tây ninh",
                                     "thái bình",      "thái nguyên",
                                     "thanh hóa",      "thanh hoá",
                                     "thừa thiên huế", "thừa thiên - huế",
                                     "tiền giang",     "hồ chí minh",
                                     "trà vinh",       "tuyên quang",
                                     "vĩnh long",      "vĩnh phúc",
                                     "yên bái",        "sài gòn",
                                     "việt nam",       "hội an",
                                     "nha trang",      "đà lạt",
                                     "hạ long",        "phú quốc",
                                     "buôn ma thuột",  "quy nhơn",
                                     "biên hòa",       "biên hoà",
                                     "thủ đức",        "móng cái",
                                     "sa pa",          "châu đốc",
                                     "long xuyên",     "rạch giá",
                                     "mỹ tho",         "tây nguyên",
                                     "miền tây",       "miền trung",
                                     "miền bắc",       "miền nam",
                                     "đông nam bộ"};

static bool is_place(const char *s, size_t n)
{
    char low[96];
    long l = enrich_utf8_lower(s, n, low, sizeof low);
    if (l <= 0) {
        return false;
    }
    for (size_t k = 0; k < sizeof places / sizeof places[0]; k++) {
        if (places[k][0] == low[0] && strlen(places[k]) == (size_t)l &&
            memcmp(places[k], low, (size_t)l) == 0) {
            return true;
        }
    }
    return false;
}

/* Names only: every word a Vietnamese syllable, in capitals ("THANH THY - MINH ANH") or
 * capitalized ("Thanh Thy"); two to five words per author, or a known staff abbreviation. */
/* Initials that sign a story: "T.L", "N.T.H", "H.A." (one to four capitals joined by dots). */
static bool initials(const char *s, size_t n)
{
    size_t i = 0, letters = 0;
    while (i < n) {
        size_t adv;
        int32_t cp = enrich_utf8_decode((const unsigned char *)s + i, n - i, &adv);
        if (cp < 0 || !enrich_utf8_is_upper(cp)) {
            return false;
        }
        letters++;
        i += adv;
        if (i < n && s[i] != '.') {
            return false;
        }
        i += i < n;
    }
    return letters >= 2 && letters <= 4;
}

static bool names_only(const char *s, size_t n)
{
    if (staff_name(s, n) || initials(s, n)) {
        return true;
    }
    size_t i = 0, words = 0, total = 0;
    bool all_upper = true;
    while (i <= n) {
        size_t sep = i < n ? author_separator(s, n, i) : 0;
        if (i == n || sep > 0) {
            if (words < 2 || words > 5) {
                return false;
            }
            words = 0;
            if (i == n) {
                break;
            }
            i += sep;
            continue;
        }
        if (s[i] == ' ') {
            i++;
            continue;
        }
        size_t j = i;
        while (j < n && s[j] != ' ' && author_separator(s, n, j) == 0) {
            j++;
        }
        /* "H.Nguyên", "N.Thanh Hải": the initial of a name glued to the next syllable. */
        size_t initial = j - i > 3 && s[i] >= 'A' && s[i] <= 'Z' && s[i + 1] == '.' ? 2 : 0;
        struct shape sh = word_shape(s + i + initial, j - i - initial);
        if (!sh.ok || !sh.capital ||
            !enrich_utf8_is_vi_syllable(s + i + initial, j - i - initial)) {
            return false;
        }
        all_upper &= sh.upper;
        words += 1 + (initial > 0);
        total += 1 + (initial > 0);
        i = j;
    }
    (void)all_upper;
    return total >= 2 && total <= 12;
}

static int finish(struct byline *bl, const char *raw, size_t raw_len, json_t **out)
{
    json_t *roles = json_array();
    json_t *o = json_object();
    json_t *r = json_stringn_nocheck(raw, raw_len);
    int rc = ENRICH_ERR_NOMEM;
    if (roles == NULL || o == NULL || r == NULL) {
        goto fail;
    }
    for (size_t k = 1; k < sizeof role_names / sizeof role_names[0]; k++) {
        if (bl->roles[k] && json_array_append_new(roles, json_string(role_names[k])) != 0) {
            goto fail;
        }
    }
    if (json_object_set_new(o, "raw", r) != 0) {
        r = NULL;
        goto fail;
    }
    r = NULL;
    if (json_object_set(o, "authors", bl->authors) != 0 ||
        json_object_set_new(o, "roles", roles) != 0) {
        roles = NULL;
        goto fail;
    }
    *out = o;
    return 1;
fail:
    json_decref(r);
    json_decref(roles);
    json_decref(o);
    return rc;
}

/* Does s[0..n) read as a role label ("Tin, ảnh", "Bài và ảnh")? Adds its roles when it does. */
static bool label_at(struct byline *bl, const char *s, size_t n)
{
    char low[96];
    long l = n < sizeof low / 2 ? enrich_utf8_lower(s, n, low, sizeof low) : -1;
    return l > 0 &&
           parse_label(low, (size_t)l, label_words, sizeof label_words / sizeof label_words[0], bl);
}

/*
 * "Tin, ảnh: X", and several credits on one line: "Bài: Minh Anh - Ảnh: Quốc Tuấn". The names
 * of one label run up to the separator before the next "<label>:".
 */
static int parse_labelled(struct byline *bl, const char *s, size_t n)
{
    const char *colon = memchr(s, ':', n);
    if (colon == NULL || !label_at(bl, s, (size_t)(colon - s))) {
        return 0;
    }
    int found = 0;
    size_t names = (size_t)(colon - s) + 1;
    for (;;) {
        /* The next colon whose words since the last separator form a label ends these names. */
        size_t end = n, next = n;
        for (size_t c = names; c < n; c++) {
            if (s[c] != ':') {
                continue;
            }
            size_t sep_start = 0, label_start = 0;
            bool have = false;
            for (size_t j = names; j < c; j++) {
                size_t l = author_separator(s, n, j);
                if (l > 0) {
                    sep_start = j;
                    label_start = j + l;
                    have = true;
                    j += l - 1;
                }
            }
            struct byline probe = {0};
            if (have && label_start < c && label_at(&probe, s + label_start, c - label_start)) {
                end = sep_start;
                next = c + 1;
                for (size_t r = 0; r < sizeof probe.roles / sizeof probe.roles[0]; r++) {
                    bl->roles[r] |= probe.roles[r];
                }
                break;
            }
        }
        int rc = add_authors(bl, s + names, end - names);
        if (rc <= 0) {
            return rc;
        }
        found += rc;
        if (next >= n) {
            return found;
        }
        names = next;
    }
}

/* Parts separated by ", " or " và ", each opening with a capital or a digit and of four words
 * at most. */
static bool source_list(const char *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        size_t j = i, words = 1;
        while (j < n && author_separator(s, n, j) == 0) {
            words += s[j] == ' ';
            j++;
        }
        size_t adv;
        int32_t cp = j > i ? enrich_utf8_decode((const unsigned char *)s + i, j - i, &adv) : -1;
        if (cp < 0 || words > 4 || !(enrich_utf8_is_upper(cp) || (cp >= '0' && cp <= '9'))) {
            return false;
        }
        i = j < n ? j + author_separator(s, n, j) : n;
    }
    return true;
}

/* An agency credit in brackets at the end of a story: "(TTXVN/Vietnam+)", "(TTXVN)",
 * "(Vietnam+)", "(VOV)": words in capitals that spell no Vietnamese syllable, or a name with a
 * "+" or a domain ("Vietnam+", "VietnamPlus.vn"), separated by "/". */
static bool agency_word(const char *s, size_t n)
{
    if (n < 2 || n > 24) {
        return false;
    }
    if (s[n - 1] == '+' || memmem(s, n, ".vn", 3) != NULL || memmem(s, n, ".com", 4) != NULL) {
        return enrich_utf8_is_upper((unsigned char)s[0]);
    }
    /* Wire services, some of which write their names in mixed case ("Reuters"). */
    if (enrich_structure_is_wire(s, n)) {
        return true;
    }
    struct shape sh = word_shape(s, n);
    return sh.ok && sh.upper && !enrich_utf8_is_vi_syllable(s, n) && !staff_name(s, n);
}

static int parse_agencies(struct byline *bl, const char *s, size_t n)
{
    size_t i = 0, parts = 0;
    while (i <= n) {
        size_t j = i;
        while (j < n && s[j] != '/') {
            j++;
        }
        if (!agency_word(s + i, j - i)) {
            return 0;
        }
        parts++;
        i = j + 1;
    }
    if (parts == 0) {
        return 0;
    }
    bl->strict = false;
    bl->roles[ROLE_SOURCE] = true;
    int found = 0;
    for (i = 0; i <= n;) {
        size_t j = i;
        while (j < n && s[j] != '/') {
            j++;
        }
        json_t *a = json_stringn_nocheck(s + i, j - i);
        if (a == NULL || json_array_append_new(bl->authors, a) != 0) {
            return ENRICH_ERR_NOMEM;
        }
        found++;
        i = j + 1;
    }
    return found;
}

/* "Như Tâm (theo Reuters)", "Vũ Hoàng (Theo Bloomberg, CNBC)": the writer, then the sources
 * the story was written from. Returns the byte where the note opens, or n when there is none;
 * the sources are added after the writer by the caller. */
static size_t theo_note(const char *s, size_t n)
{
    if (n < 8 || s[n - 1] != ')') {
        return n;
    }
    const char *open = memchr(s, '(', n);
    if (open == NULL || open == s || (size_t)(s + n - open) < 8 ||
        (memcmp(open + 1, "theo ", 5) != 0 && memcmp(open + 1, "Theo ", 5) != 0)) {
        return n;
    }
    return (size_t)(open - s);
}

/* A word that makes "Theo X …" a sentence ("Theo Sở Y tế Hà Nội có 120 ca"): a verb, an
 * auxiliary, a quantifier or a number. An outlet's or an agency's name holds none of them. */
static bool clause_word(const char *w, size_t n)
{
    static const char *const words[] = {
        "có",   "là",    "đã",  "đang", "sẽ",    "được", "bị",   "cho",  "vừa",   "không", "chưa",
        "các",  "những", "này", "khi",  "nhiều", "ghi",  "nhận", "tính", "biết",  "với",   "từ",
        "tại",  "trong", "đến", "ca",   "người", "thì",  "mà",   "nên",  "phải",  "cần",   "tăng",
        "giảm", "đạt",   "gồm", "hiện", "nay",   "vào",  "ra",   "sau",  "trước", "để"};
    bool number = n > 0;
    for (size_t i = 0; i < n; i++) {
        number &= (w[i] >= '0' && w[i] <= '9') || w[i] == '.' || w[i] == ',';
    }
    if (number) {
        return true;
    }
    for (size_t k = 0; k < sizeof words / sizeof words[0]; k++) {
        if (strlen(words[k]) == n && memcmp(words[k], w, n) == 0) {
            return true;
        }
    }
    return false;
}

static bool has_clause_word(const char *s, size_t n)
{
    for (size_t i = 0; i < n;) {
        size_t j = i;
        while (j < n && s[j] != ' ' && s[j] != ',') {
            j++;
        }
        if (clause_word(s + i, j - i)) {
            return true;
        }
        i = j + 1;
    }
    return false;
}

/* "Theo TTXVN", "(Theo Báo Tin tức)": a credited source, named with a capital; not "Theo kế
 * hoạch, …" nor a sentence ("Theo Sở Y tế, Hà Nội có 120 ca mắc mới"). */
static int parse_theo(struct byline *bl, const char *s, size_t n)
{
    if (n > 90 || s[n - 1] == ':' || memchr(s, ':', n) != NULL || has_clause_word(s, n)) {
        return 0;
    }
    size_t adv;
    int32_t cp = enrich_utf8_decode((const unsigned char *)s, n, &adv);
    /* "Theo báo Thanh Niên", "Theo baochinhphu.vn": an outlet named after a lowercase word
     * for what it is, or by its domain. */
    static const char *const outlets[] = {"báo ", "tạp chí ", "đài ", "trang ", "kênh "};
    bool named = false;
    for (size_t k = 0; k < sizeof outlets / sizeof outlets[0] && !named; k++) {
        size_t l = strlen(outlets[k]);
        size_t a2;
        named = n > l && memcmp(s, outlets[k], l) == 0 &&
                enrich_utf8_is_upper(enrich_utf8_decode((const unsigned char *)s + l, n - l, &a2));
    }
    named |= memchr(s, ' ', n) == NULL &&
             (memmem(s, n, ".vn", 3) != NULL || memmem(s, n, ".com", 4) != NULL);
    if (cp < 0 || !(named || enrich_utf8_is_upper(cp) || (cp >= '0' && cp <= '9'))) {
        return 0;
    }
    int words = 1, commas = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == ' ') {
            words++;
        }
        commas += s[i] == ',';
        if (s[i] == '.' && i + 1 < n && s[i + 1] == ' ') {
            return 0;
        }
    }
    if (words > 10) {
        return 0;
    }
    /* "Theo Reuters, AFP": a list of sources, each a capitalized name of four words at most;
     * "Theo kế hoạch, …" opens a sentence and fails here. */
    if (commas > 0 && !source_list(s, n)) {
        return 0;
    }
    bl->roles[ROLE_SOURCE] = true;
    bl->strict = false;
    if (commas == 0 && memchr(s, ' ', n) == NULL && memchr(s, '/', n) != NULL) {
        int rc = parse_agencies(bl, s, n); /* "Theo Reuters/AFP" */
        if (rc != 0) {
            return rc;
        }
    }
    return commas > 0 ? add_authors(bl, s, n) : add_author(bl, s, n);
}

/* An outlet's name after a writer's: an agency ("Reuters", "AP", "TTXVN"), a name written
 * in camel case ("VnExpress", "VietNamNet"), or words ending in what a publication calls
 * itself ("Tuoi Tre News", "Saigon Times", "VnExpress International"). */
static bool outlet_name(const char *s, size_t n)
{
    if (n == 0 || n > 40) {
        return false;
    }
    if (memchr(s, ' ', n) == NULL) {
        if (agency_word(s, n)) {
            return true;
        }
        struct shape sh = word_shape(s, n);
        bool inner_capital = false;
        for (size_t i = 1; i < n; i++) {
            inner_capital |= s[i] >= 'A' && s[i] <= 'Z' && s[i - 1] >= 'a' && s[i - 1] <= 'z';
        }
        return sh.ok && sh.capital && inner_capital;
    }
    static const char *const nouns[] = {" News",   " Times",   " Post",   " Press",
                                        " Online", " Express", " Daily",  " International",
                                        " Herald", " Tribune", " Journal"};
    for (size_t k = 0; k < sizeof nouns / sizeof nouns[0]; k++) {
        size_t l = strlen(nouns[k]);
        if (n > l && memcmp(s + n - l, nouns[k], l) == 0) {
            return true;
        }
    }
    return false;
}

/* "Associated Press writer Hau Dinh in Hanoi contributed to this report.": the wire's note
 * that names who else reported. Returns the length of the part before the verb, or 0. */
static size_t contributed_note(const char *s, size_t n)
{
    static const char *const ends[] = {" contributed to this report", " contributed to this story",
                                       " contributed reporting", " contributed to this article"};
    if (n > 0 && s[n - 1] == '.') {
        n--;
    }
    for (size_t k = 0; k < sizeof ends / sizeof ends[0]; k++) {
        size_t l = strlen(ends[k]);
        if (n > l && memcmp(s + n - l, ends[k], l) == 0) {
            return n - l;
        }
    }
    return 0;
}

/* The writers of a contributed note: after "writer(s)"/"reporter(s)"/"correspondent(s)" when
 * the note names the wire, each name without the " in <place>" that follows it. */
static int parse_contributed(struct byline *bl, const char *s, size_t n)
{
    static const char *const staff[] = {" writers ",     " writer ",         " reporters ",
                                        " reporter ",    " correspondents ", " correspondent ",
                                        " journalists ", " journalist "};
    for (size_t k = 0; k < sizeof staff / sizeof staff[0]; k++) {
        const char *w = memmem(s, n, staff[k], strlen(staff[k]));
        if (w != NULL) {
            size_t skip = (size_t)(w - s) + strlen(staff[k]);
            s += skip;
            n -= skip;
            break;
        }
    }
    if (n == 0 || n > 200) {
        return 0;
    }
    bl->roles[ROLE_TEXT] = true;
    return split_authors(bl, s, n, true);
}

/* English credits: "By John Smith", "Reporting by A and B; Editing by C". */
static int parse_english(struct byline *bl, const char *s, size_t n)
{
    if (n > 3 && memcmp(s, "By ", 3) == 0) {
        for (size_t i = 3; i < n; i++) {
            if (s[i] == ';' || s[i] == ':' || (s[i] == '.' && i + 1 < n && s[i + 1] == ' ')) {
                return 0;
            }
        }
        const char *names = s + 3;
        size_t nl = n - 3;
        struct shape sh = word_shape(names, nl < 2 ? nl : 1);
        if (!sh.capital) {
            return 0;
        }
        bl->roles[ROLE_TEXT] = true;
        /* "By Dat Nguyen, VnExpress", "By Khanh Vu, Reuters": the outlet after the last comma
         * published the story; it is not one of its writers, and stays only in the raw byline. */
        const char *comma = NULL;
        for (const char *c = names; (c = memchr(c, ',', (size_t)(names + nl - c))) != NULL; c++) {
            comma = c;
        }
        if (comma != NULL && comma > names) {
            const char *outlet = comma + 1;
            size_t ol = (size_t)(names + nl - outlet);
            trim(&outlet, &ol);
            if (outlet_name(outlet, ol)) {
                return add_authors(bl, names, (size_t)(comma - names));
            }
        }
        return add_authors(bl, names, nl);
    }
    int found = 0;
    size_t start = 0;
    for (size_t i = 0; i <= n; i++) {
        if (i < n && s[i] != ';') {
            continue;
        }
        const char *part = s + start;
        size_t pl = i - start;
        trim(&part, &pl);
        start = i + 1;
        const char *by = pl > 4 ? memmem(part, pl, " by ", 4) : NULL;
        char low[64];
        if (by == NULL || (size_t)(by - part) >= sizeof low / 2 ||
            enrich_utf8_lower(part, (size_t)(by - part), low, sizeof low) < 0 ||
            !parse_label(low, strlen(low), english_labels,
                         sizeof english_labels / sizeof english_labels[0], bl)) {
            return 0;
        }
        size_t off = (size_t)(by - part) + 4;
        int rc = add_authors(bl, part + off, pl - off);
        if (rc <= 0) {
            return rc;
        }
        found += rc;
    }
    return found;
}

int enrich_byline_parse(const char *s, size_t len, enum enrich_lang lang, bool labelled_only,
                        json_t **out)
{
    *out = NULL;
    const char *raw = s;
    size_t raw_len = len;
    trim(&raw, &raw_len);
    /* "— VNS", "- Reuters": a dash before the agency that signs a wire story. */
    bool dashed = false;
    while (len > 0 && *s == ' ') {
        s++;
        len--;
    }
    if ((len > 2 && s[0] == '-' && s[1] == ' ') ||
        (len > 4 && memcmp(s, "\xE2\x80", 2) == 0 &&
         ((unsigned char)s[2] == 0x93 || (unsigned char)s[2] == 0x94) && s[3] == ' ')) {
        dashed = true;
    }
    if (raw_len == 0 || raw_len > BYLINE_MAX_BYTES || !enrich_utf8_valid(raw, raw_len)) {
        return 0;
    }
    const char *b = raw;
    size_t n = raw_len;
    if (dashed && (unsigned char)b[0] == 0xE2) {
        b += 3; /* the raw byline keeps its dash */
        n -= 3;
        trim(&b, &n);
        if (n == 0) {
            return 0;
        }
    }
    if (b[0] == '(' && b[n - 1] == ')') {
        b++;
        n -= 2;
        trim(&b, &n);
        if (n == 0) {
            return 0;
        }
    }
    struct byline bl = {.strict = true, .authors = json_array()};
    if (bl.authors == NULL) {
        return ENRICH_ERR_NOMEM;
    }
    int rc = 0;
    if (n > 5 && (memcmp(b, "Theo ", 5) == 0 || memcmp(b, "theo ", 5) == 0) &&
        (b[0] == 'T' || b != raw)) {
        rc = parse_theo(&bl, b + 5, n - 5);
    } else if (n > 3 && (memcmp(b, "By ", 3) == 0 || memmem(b, n, " by ", 4) != NULL)) {
        rc = parse_english(&bl, b, n);
    } else if (contributed_note(b, n) > 0) {
        rc = parse_contributed(&bl, b, contributed_note(b, n));
    } else {
        const char *colon = memchr(b, ':', n < 40 ? n : 40);
        if (colon != NULL) {
            rc = parse_labelled(&bl, b, n);
        } else if ((b != raw || dashed) && memchr(b, ' ', n) == NULL &&
                   (rc = parse_agencies(&bl, b, n)) != 0) {
            /* "(TTXVN/Vietnam+)", "— VNS" */
        } else if (!labelled_only && lang == ENRICH_LANG_VI) {
            /* A trailing note such as "(tổng hợp)" may follow the names; "(theo Reuters)"
             * names the sources. */
            size_t nn = theo_note(b, n);
            size_t note = nn;
            while (nn > 0 && b[nn - 1] == ' ') {
                nn--;
            }
            if (b[nn - 1] == ')') {
                const char *open = memchr(b, '(', nn);
                if (open != NULL && open > b) {
                    nn = (size_t)(open - b);
                    while (nn > 0 && b[nn - 1] == ' ') {
                        nn--;
                    }
                }
            }
            /* "Minh Châu/VOV-Miền Tây", "Lê Anh Dũng/Báo Tin tức": the names before the
             * slash; the outlet after it is not an author. */
            size_t names = nn;
            const char *slash = memchr(b, '/', nn);
            size_t adv;
            if (slash != NULL && slash > b && slash + 1 < b + nn &&
                enrich_utf8_is_upper(enrich_utf8_decode((const unsigned char *)slash + 1,
                                                        (size_t)(b + nn - slash - 1), &adv))) {
                names = (size_t)(slash - b);
            } else if (slash != NULL) {
                names = 0;
            }
            /* "Thanh Niên", "Tuổi Trẻ" alone: the outlet's name printed by its page, not a
             * writer's ("Theo Thanh Niên" is read above as the source). */
            if (names > 0 && names_only(b, names) && !is_place(b, names) &&
                !enrich_structure_is_outlet(b, nn)) {
                bl.roles[ROLE_TEXT] = true;
                rc = add_authors(&bl, b, nn);
                if (rc > 0 && note < n) {
                    /* "(theo Reuters)": the sources join as authors with the source role. */
                    const char *src = b + note + 6;
                    size_t sl = n - note - 7;
                    trim(&src, &sl);
                    if (sl > 0 && source_list(src, sl)) {
                        bl.strict = false;
                        bl.roles[ROLE_SOURCE] = true;
                        int added = add_authors(&bl, src, sl);
                        rc = added < 0 ? added : rc;
                    }
                }
            }
        }
    }
    if (rc > 0) {
        rc = finish(&bl, raw, raw_len, out);
    }
    json_decref(bl.authors);
    return rc;
}
