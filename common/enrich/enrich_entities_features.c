/*
 * Streets, roads, rivers and other named features of the land as places: "đường Nguyễn Văn
 * Cừ", "Quốc lộ 1A", "cầu Cần Thơ", "sông Hậu", "vịnh Hạ Long", "cao tốc Trung Lương - Mỹ
 * Thuận". The cue word (location_cues.tsv, role "feature") is part of the place's name, in its
 * canonical form; a person's name after a street cue is the street's ("đường Nguyễn Văn Cừ").
 * A cue is a common noun, written in lowercase; capitalized inside a sentence it belongs to a
 * name ("Công ty Đường Quảng Ngãi"), except a road's cue before its number ("Quốc lộ 91").
 */
#include <string.h>

#include "enrich_entities_internal.h"

#define FEATURE_MAX_TOKENS 6

/* A unit or a counted noun after a number: "sông Hậu 2 lần", "đường Lê Lợi 3 km" count
 * something; the number is no part of the name. */
static bool counted_after(const struct ent_ctx *c, size_t i)
{
    static const char *const units[] = {"km",   "m",     "ha",    "lần",   "người", "chiều", "làn",
                                        "tầng", "tỷ",    "triệu", "nghìn", "ngàn",  "tấn",   "giờ",
                                        "ngày", "tháng", "năm",   "phút",  "xe",    "hộ",    "căn"};
    if (i < c->t.n && (c->t.v[i].flags & ENT_TOK_OTHER) && !(c->t.v[i].flags & ENT_TOK_WORD)) {
        return c->s[c->t.v[i].start] == '%';
    }
    for (size_t k = 0; k < sizeof(units) / sizeof(units[0]); k++) {
        if (ent_is_word(c, i, units[k])) {
            return true;
        }
    }
    return false;
}

/* A capitalized point of the compass: "phía Tây". */
static bool is_direction(const struct ent_ctx *c, size_t i)
{
    return ent_is_name_syllable(c, i) && (ent_is_word(c, i, "đông") || ent_is_word(c, i, "tây") ||
                                          ent_is_word(c, i, "nam") || ent_is_word(c, i, "bắc"));
}

/* A road's number: digits, then at most two letters ("91", "1A", "14C"). */
static bool road_number(const struct ent_ctx *c, size_t i)
{
    if (i >= c->t.n || !(c->t.v[i].flags & ENT_TOK_DIGIT)) {
        return false;
    }
    const char *s = c->s + c->t.v[i].start;
    size_t len = c->t.v[i].end - c->t.v[i].start, k = 0;
    while (k < len && s[k] >= '0' && s[k] <= '9') {
        k++;
    }
    if (k == 0 || k > 4 || len - k > 2) {
        return false;
    }
    for (; k < len; k++) {
        if (!(s[k] >= 'A' && s[k] <= 'Z')) {
            return false;
        }
    }
    return true;
}

/* A street named after a date: a day, "Tháng" capitalized, a month. */
static bool date_name(const struct ent_ctx *c, size_t j)
{
    if (j + 2 >= c->t.n || !ent_is_word(c, j + 1, "tháng") ||
        !(c->t.v[j + 1].flags & ENT_TOK_CAP)) {
        return false;
    }
    for (size_t k = j; k <= j + 2; k += 2) {
        const struct ent_token *tok = &c->t.v[k];
        if (!(tok->flags & ENT_TOK_NUMBER) || tok->end - tok->start > 2) {
            return false;
        }
    }
    return true;
}

bool ent_cue_ends_word(const struct ent_ctx *c, size_t i)
{
    /* The cue, and the words that make another word with it when written before it. */
    static const char *const pairs[][2] = {
        {"cầu", "yêu"},    {"cầu", "nhu"},     {"cầu", "toàn"},  {"cầu", "địa"},   {"cầu", "bán"},
        {"đường", "con"},  {"đường", "tuyến"}, {"núi", "miền"},  {"núi", "đồi"},   {"núi", "vùng"},
        {"núi", "rừng"},   {"hồ", "đồng"},     {"hồ", "ao"},     {"hồ", "sông"},   {"phố", "đường"},
        {"phố", "tuyến"},  {"phố", "dãy"},     {"sông", "dòng"}, {"đình", "cung"}, {"đình", "gia"},
        {"đình", "triều"}, {"chùa", "đền"},
    };
    if (i == 0) {
        return false;
    }
    for (size_t k = 0; k < sizeof(pairs) / sizeof(pairs[0]); k++) {
        if (ent_is_word(c, i, pairs[k][0]) && ent_is_word(c, i - 1, pairs[k][1])) {
            return true;
        }
    }
    return false;
}

/* "cầu Trường Tiền", "cầu Đồn": a one-word kind of body right after a feature's cue, followed by a
 * name, is the feature's own name; a longer kind ("sân Trường Tiểu học Tân Phú") is a body. */
static bool head_as_name(const struct ent_ctx *c, size_t j, uint32_t stop)
{
    size_t len, next;
    const struct gz_entry *e = gz_longest(c->g, &c->t, j, stop, false, &len);
    return e != NULL && len == 1 && (e->roles & stop) == GZ_ORG_HEAD &&
           ent_is_name_syllable(c, j + 1) && (c->t.v[j + 1].flags & ENT_TOK_SPACE_BEFORE) &&
           !ent_has_role(c, j + 1, stop | GZ_ORG_FORM | GZ_LOCATION, &next);
}

/* The name's syllables from j: capitalized words, through " - " between two names. */
static size_t feature_name(const struct ent_ctx *c, size_t j)
{
    size_t n = 0, len;
    /* A form of address capitalized after the cue is the name's ("cầu Ông Lớn"). */
    uint32_t stop =
        GZ_TITLE | GZ_ORG_ADMIN | GZ_ORG_HEAD | GZ_DOC_TYPE | GZ_LOC_LEVEL | GZ_EVENT_NAMED;
    /* "chợ Tết", "đường Tết": the festival, not a name; "chùa Khmer", "đình Kinh": the
     * people's, not a name either. */
    static const char *const not_names[] = {"tết", "khmer", "kinh",  "chăm", "hoa",
                                            "tày", "nùng",  "mường", "dao"};
    for (size_t k = 0; k < sizeof(not_names) / sizeof(not_names[0]); k++) {
        if (ent_is_word(c, j, not_names[k]) && !ent_is_name_syllable(c, j + 1)) {
            return 0;
        }
    }
    /* "nhà thờ Công giáo", "chùa Phật giáo Nam tông": the faith, not a name. */
    static const char *const faiths[][2] = {
        {"công", "giáo"}, {"phật", "giáo"}, {"tin", "lành"}, {"hồi", "giáo"}, {"thiên", "chúa"}};
    for (size_t k = 0; k < sizeof(faiths) / sizeof(faiths[0]); k++) {
        if (ent_is_word(c, j, faiths[k][0]) && ent_is_word(c, j + 1, faiths[k][1])) {
            return 0;
        }
    }
    while (n < FEATURE_MAX_TOKENS && j + n < c->t.n) {
        if (ent_is_name_syllable(c, j + n) && (c->t.v[j + n].flags & ENT_TOK_SPACE_BEFORE) &&
            !(n == 0 && ent_has_role(c, j, stop, &len) && !head_as_name(c, j, stop))) {
            n++;
            continue;
        }
        /* "đường Vành đai": lowercase syllables completing a capitalized word; "Vành đai
         * phía Tây": the side of the road. */
        size_t wl;
        if (n > 0 && ent_is_lower_word(c, j + n) &&
            gz_longest(c->g, &c->t, j + n - 1, GZ_NAME_WORD, true, &wl) != NULL && wl == 2) {
            n++;
            continue;
        }
        if (n > 0 && ent_is_word(c, j + n, "phía") && !(c->t.v[j + n].flags & ENT_TOK_CAP) &&
            is_direction(c, j + n + 1)) {
            n += 2;
            continue;
        }
        if (n > 0 && n < FEATURE_MAX_TOKENS && (c->t.v[j + n].flags & ENT_TOK_SPACE_BEFORE) &&
            road_number(c, j + n) && !(c->t.v[j + n - 1].flags & ENT_TOK_DIGIT) &&
            !counted_after(c, j + n + 1)) {
            n++; /* "đường Vành đai 3", "cầu Bạch Đằng 2" */
            break;
        }
        if (n > 0 && (c->t.v[j + n].flags & ENT_TOK_DASH) &&
            (c->t.v[j + n].flags & ENT_TOK_SPACE_BEFORE) && ent_is_name_syllable(c, j + n + 1)) {
            n++;
            continue;
        }
        break;
    }
    while (n > 0 && !(c->t.v[j + n - 1].flags & ENT_TOK_WORD)) {
        n--;
    }
    return n;
}

size_t ent_feature_at(const struct ent_ctx *c, size_t i, const struct gz_entry **cue,
                      size_t *name_len)
{
    size_t len;
    const struct gz_entry *e = gz_longest(c->g, &c->t, i, GZ_LOC_FEATURE, true, &len);
    if (e == NULL || ent_cue_ends_word(c, i)) {
        return 0;
    }
    size_t j = i + len, n = 0;
    /* A cue of two words or more written in capitals starts a proper name all the same
     * ("Quảng trường Bạch Đằng", "Sân vận động Mỹ Đình"). */
    bool cap =
        (c->t.v[i].flags & ENT_TOK_CAP) && !(c->t.v[i].flags & ENT_TOK_SENT_START) && len < 2;
    if (e->doc_named && road_number(c, j)) {
        n = 1; /* the kind's canonical form is capitalized: "Quốc lộ" */
    } else if (!cap) {
        n = feature_name(c, j);
        if (n == 0 && date_name(c, j)) {
            n = 3; /* "đường 3 Tháng 2", "đường 30 Tháng 4" */
        }
    }
    if (n == 0) {
        return 0;
    }
    /* "các khu công nghiệp Yên Bái", "những cửa khẩu Lạng Sơn": several features of a
     * province or district, which is the place named. */
    size_t pl;
    const struct gz_entry *place = gz_longest(c->g, &c->t, j, GZ_LOCATION, false, &pl);
    if (i > 0 && (ent_is_word(c, i - 1, "các") || ent_is_word(c, i - 1, "những")) &&
        place != NULL && pl == n &&
        (place->loc_kind == GZ_LOC_PROVINCE || place->loc_kind == GZ_LOC_DISTRICT)) {
        return 0;
    }
    *cue = e;
    *name_len = n;
    return len + n;
}

size_t ent_rule_feature(struct ent_ctx *c, size_t i)
{
    const struct gz_entry *e;
    size_t n, used = ent_feature_at(c, i, &e, &n);
    if (used == 0) {
        return 0;
    }
    size_t j = i + used - n;
    /* A capitalized cue is named as written ("Hồ Tây", "Đình Vũ": often the place's own
     * name); a lowercase one in its canonical form. */
    const char *norm = (c->t.v[i].flags & ENT_TOK_CAP) && !e->doc_named
                           ? ent_span_text(c, i, i + used)
                           : ent_join(c, e->level, ent_span_text(c, j, j + n), NULL);
    ent_add(c, ENT_LOCATION, i, i + used, norm, NULL, 0);
    /* A route between two places names both: "cao tốc Cần Thơ - Cà Mau". */
    bool route = false;
    for (size_t k = j; k < j + n; k++) {
        route = route || (c->t.v[k].flags & ENT_TOK_DASH) != 0;
    }
    for (size_t k = j; route && k < j + n;) {
        size_t len;
        const struct gz_entry *place = gz_longest(c->g, &c->t, k, GZ_LOCATION, false, &len);
        if (place != NULL && place->name != NULL && k + len <= j + n &&
            place->loc_kind == GZ_LOC_PROVINCE) {
            ent_add(c, ENT_LOCATION, k, k + len, place->name, NULL, 0);
            k += len;
        } else {
            k++;
        }
    }
    return used;
}
