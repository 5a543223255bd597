/*
 * Organizations and places.
 *
 * Organizations come in three shapes: a fixed name from the gazetteer ("Bộ Chính trị"), a body
 * of a level of government followed by a level word and a place ("UBND tỉnh An Giang",
 * "Thành ủy Cần Thơ", "HĐND thành phố"), and a kind of organization followed by its name
 * ("Sở Giáo dục và Đào tạo", "Công ty TNHH MTV Xổ số kiến thiết Cần Thơ"). Vietnamese writes
 * only the first syllable of each word of such a name in capitals, so a lowercase syllable
 * belongs to the name only when it completes a word from the name-word list.
 *
 * Places are gazetteer names ("Cần Thơ", "TP.HCM", "ĐBSCL", "Nhật Bản") or any capitalized
 * name, or number, after a level word ("xã Tân Phú", "phường 5") or after "tại"/"ở".
 */
#include <string.h>
#include <strings.h>

#include "enrich_entities_internal.h"

#define NAME_MAX_TOKENS  12
#define PLACE_MAX_TOKENS 4

/* Words that end a name: they start something else. */
#define NAME_BLOCKERS (GZ_TITLE | GZ_ORG_ADMIN | GZ_DOC_TYPE | GZ_HONORIFIC | GZ_EVENT_NAMED)

static bool is_cap_word(const struct ent_ctx *c, size_t i)
{
    return i < c->t.n && (c->t.v[i].flags & ENT_TOK_CAP) && (c->t.v[i].flags & ENT_TOK_WORD);
}

static bool is_lower_word(const struct ent_ctx *c, size_t i)
{
    uint32_t f = i < c->t.n ? c->t.v[i].flags : 0;
    return (f & ENT_TOK_LETTERS) && !(f & ENT_TOK_CAP);
}

/* A capitalized, letters-only word that can be part of a person's or a place's name. */
static bool is_name_syllable(const struct ent_ctx *c, size_t i)
{
    uint32_t f = i < c->t.n ? c->t.v[i].flags : 0;
    return (f & ENT_TOK_CAP) && (f & ENT_TOK_LETTERS) && !(f & ENT_TOK_ALLCAPS);
}

size_t ent_full_name_at(const struct ent_ctx *c, size_t i)
{
    size_t sl = 0;
    if (!is_name_syllable(c, i) || !ent_has_role(c, i, GZ_SURNAME, &sl)) {
        return 0;
    }
    size_t n = sl;
    while (n < 4 && is_name_syllable(c, i + n) && (c->t.v[i + n].flags & ENT_TOK_SPACE_BEFORE)) {
        /* A form of address capitalized inside a name is one of its syllables: "Trần Tuấn
         * Anh", "Nguyễn Văn Bé". */
        size_t bl;
        if (ent_has_role(c, i + n, (NAME_BLOCKERS & ~GZ_HONORIFIC) | GZ_TITLE_PREFIX, &bl)) {
            break;
        }
        n++;
    }
    return n > sl ? n : 0;
}

/* Roles that start another rule: a capitalized word with one of them does not continue a name
 * through a lowercase gap. */
#define RULE_ROLES                                                                                 \
    (NAME_BLOCKERS | GZ_ORG_HEAD | GZ_ORG | GZ_LOC_LEVEL | GZ_LOC_PREP | GZ_EVENT_QUOTED |         \
     GZ_NOT_PERSON)

/* A level word inside a name is a place's level only when a name or a number follows it
 * ("xã Tân Phú"); otherwise it is a syllable of the name ("Xã hội"). */
static bool level_with_place(const struct ent_ctx *c, size_t k)
{
    size_t len;
    if (!ent_has_role(c, k, GZ_LOC_LEVEL, &len)) {
        return false;
    }
    return k + len < c->t.n &&
           (is_name_syllable(c, k + len) || (c->t.v[k + len].flags & ENT_TOK_NUMBER));
}

/* Whether the capitalized word at k starts something other than a name's next word. */
static bool starts_other(const struct ent_ctx *c, size_t k)
{
    size_t len;
    return ent_has_role(c, k, (RULE_ROLES & ~GZ_LOC_LEVEL) | GZ_LOCATION, &len) ||
           level_with_place(c, k);
}

/* A year of four digits, 19xx or 20xx. */
static bool year_at(const struct ent_ctx *c, size_t j)
{
    if (j >= c->t.n || !(c->t.v[j].flags & ENT_TOK_NUMBER) ||
        c->t.v[j].end - c->t.v[j].start != 4) {
        return false;
    }
    const char *s = c->s + c->t.v[j].start;
    return (s[0] == '1' && s[1] == '9') || (s[0] == '2' && s[1] == '0');
}

/* I to XXXIX, as units are numbered ("Quân đoàn IV", "Viện ... II"). */
static bool roman_numeral(const struct ent_ctx *c, size_t k)
{
    const struct ent_token *tok = &c->t.v[k];
    size_t n = tok->end - tok->start;
    if (n == 0 || n > 6) {
        return false;
    }
    for (size_t q = 0; q < n; q++) {
        char ch = c->s[tok->start + q];
        if (ch != 'I' && ch != 'V' && ch != 'X') {
            return false;
        }
    }
    return true;
}

/* Whether what starts at j carries on the name of a body whose last word was lowercase: the
 * acronym in brackets, the place, the body it belongs to, or (noun: after a noun of the
 * kind's name, not a verb that starts the predicate) more capitalized name. */
static bool name_goes_on(const struct ent_ctx *c, size_t j, bool noun, int depth)
{
    size_t len;
    if (j >= c->t.n) {
        return false;
    }
    /* "Nghiên cứu nuôi trồng thủy sản II": nouns in a row, the unit's number. */
    if (roman_numeral(c, j) && (c->t.v[j].flags & ENT_TOK_SPACE_BEFORE)) {
        return true;
    }
    const struct gz_entry *next = gz_longest(c->g, &c->t, j, GZ_NAME_WORD, true, &len);
    if (depth < 3 && next != NULL && len > 1 && is_lower_word(c, j) &&
        (next->roles & (GZ_NAME_NOUN | GZ_NAME_TAIL))) {
        size_t q = 0;
        while (q < len && is_lower_word(c, j + q)) {
            q++;
        }
        if (q == len && name_goes_on(c, j + len, true, depth + 1)) {
            return true;
        }
    }
    uint32_t f = c->t.v[j].flags;
    if (f & ENT_TOK_OPEN_PAREN) {
        /* "(CDC)", "(Becamex IDC)": the body's short name. */
        size_t k = j + 1;
        while (k < c->t.n && k <= j + 3 && is_cap_word(c, k)) {
            k++;
        }
        return k > j + 1 && k < c->t.n && (c->t.v[k].flags & ENT_TOK_CLOSE_PAREN);
    }
    if (level_with_place(c, j)) {
        return true;
    }
    const struct gz_entry *e = gz_longest(c->g, &c->t, j, GZ_LOCATION, false, &len);
    if (e != NULL) {
        /* "Cơ quan Hợp tác quốc tế Nhật Bản", "Lễ hội Bánh dân gian Nam Bộ": after a noun, a
         * country or a region is the name's too. */
        return e->loc_kind == GZ_LOC_PROVINCE || e->loc_kind == GZ_LOC_DISTRICT ||
               (noun && (e->loc_kind == GZ_LOC_COUNTRY || e->loc_kind == GZ_LOC_REGION));
    }
    if (!noun) {
        return false;
    }
    /* "Luật Di sản văn hóa năm 2024", "Luật Đất đai 2024": the year of a law's name. */
    if (year_at(c, j) || (ent_is_word(c, j, "năm") && year_at(c, j + 1))) {
        return true;
    }
    if ((f & ENT_TOK_DASH) && (f & ENT_TOK_SPACE_BEFORE)) {
        return is_cap_word(c, j + 1) && !starts_other(c, j + 1);
    }
    if (!is_cap_word(c, j)) {
        return false;
    }
    if (ent_has_role(c, j, GZ_ORG_ADMIN, &len)) {
        return true;
    }
    return !starts_other(c, j) && ent_full_name_at(c, j) == 0;
}

/* A lowercase word of the name's vocabulary right after its capitalized words ("Kiểm soát
 * bệnh tật", "Dịch vụ nông nghiệp Hòa Lợi") when the name goes on after it; returns its
 * token count or 0. */
static size_t lower_name_word(const struct ent_ctx *c, size_t k)
{
    size_t len, q;
    const struct gz_entry *e = gz_longest(c->g, &c->t, k, GZ_NAME_WORD, true, &len);
    if (e == NULL || len < 2) {
        return 0;
    }
    q = 0;
    while (q < len && is_lower_word(c, k + q)) {
        q++;
    }
    if (q < len) {
        return 0;
    }
    return name_goes_on(c, k + len, (e->roles & GZ_NAME_NOUN) != 0, 0) ? len : 0;
}

/* Whether the capitalized syllable at k and the lowercase ones after it make a word of a
 * body's name ("Pháp chế", "Nhật ngữ"): then it is no place, whatever the syllable alone is. */
static bool completed_word(const struct ent_ctx *c, size_t k)
{
    size_t len, q = 1;
    if (gz_longest(c->g, &c->t, k, GZ_NAME_WORD, true, &len) == NULL || len < 2) {
        return false;
    }
    while (q < len && is_lower_word(c, k + q)) {
        q++;
    }
    return q == len;
}

/* Whether the one-word country at k is a syllable of a longer name rather than the country:
 * with Việt before it ("Bệnh viện Việt Đức", "Trường Việt Úc"), or with more name after it
 * ("huyện Mỹ Tú", "Đồn Biên phòng Mỹ Lý", "ấp Mỹ Phú"). */
static bool country_in_name(const struct ent_ctx *c, size_t k)
{
    size_t len;
    const struct gz_entry *e = gz_longest(c->g, &c->t, k, GZ_LOCATION, false, &len);
    if (e == NULL || e->loc_kind != GZ_LOC_COUNTRY || len != 1) {
        return false;
    }
    if (is_name_syllable(c, k + 1) && (c->t.v[k + 1].flags & ENT_TOK_SPACE_BEFORE)) {
        return true;
    }
    return k > 0 && ent_is_word(c, k - 1, "việt") && (c->t.v[k - 1].flags & ENT_TOK_CAP) &&
           (c->t.v[k].flags & ENT_TOK_SPACE_BEFORE);
}

/* A unit's number after its name ("Bệnh viện Quân y 121", "Trường THCS Thị trấn 2"): two or
 * three digits, not a count of something ("Sở Y tế 3 tháng qua"). */
static bool unit_number(const struct ent_ctx *c, size_t k)
{
    static const char *const counted[] = {"tháng", "năm",  "ngày", "tuần",  "giờ",   "người",
                                          "hộ",    "ha",   "tấn",  "triệu", "tỷ",    "tỉ",
                                          "nghìn", "ngàn", "km",   "lần",   "ca",    "đơn",
                                          "xã",    "điểm", "học",  "bệnh",  "trường"};
    const struct ent_token *tok = &c->t.v[k];
    size_t digits = tok->end - tok->start;
    if (roman_numeral(c, k) && (tok->flags & ENT_TOK_SPACE_BEFORE) &&
        (c->t.v[k - 1].flags & ENT_TOK_WORD) &&
        (k + 1 >= c->t.n || !(c->t.v[k + 1].flags & ENT_TOK_CAP))) {
        return true; /* "Viện Nghiên cứu nuôi trồng thủy sản II" */
    }
    if (!(tok->flags & ENT_TOK_NUMBER) || digits < 1 || digits > 3 ||
        !(tok->flags & ENT_TOK_SPACE_BEFORE) || !(c->t.v[k - 1].flags & ENT_TOK_WORD)) {
        return false;
    }
    for (size_t q = 0; q < sizeof(counted) / sizeof(counted[0]); q++) {
        if (ent_is_word(c, k + 1, counted[q])) {
            return false;
        }
    }
    return k + 1 >= c->t.n || !(c->t.v[k + 1].flags & (ENT_TOK_NUMBER | ENT_TOK_OTHER)) ||
           (c->t.v[k + 1].flags & ENT_TOK_COMMA);
}

size_t ent_name_words(struct ent_ctx *c, size_t i, bool in_title)
{
    size_t k = i, words = 0, len;
    while (k < c->t.n && k - i < NAME_MAX_TOKENS) {
        const struct ent_token *tok = &c->t.v[k];
        if (tok->flags & ENT_TOK_CAP) {
            if (words > 0 && roman_numeral(c, k) && unit_number(c, k)) {
                k++;
                break;
            }
            /* A place, a level with its place, or what starts another rule ends the name; the
             * first word only yields to a place or a person ("Sở Kế hoạch và Đầu tư": "Kế
             * hoạch" is also a kind of document). */
            uint32_t stop = words == 0 ? (GZ_LOCATION | GZ_TITLE | GZ_HONORIFIC)
                                       : (GZ_LOCATION | NAME_BLOCKERS | GZ_ORG_OWNER);
            if (ent_has_role(c, k, stop & ~GZ_LOCATION, &len) ||
                (ent_has_role(c, k, GZ_LOCATION, &len) && !country_in_name(c, k) &&
                 !completed_word(c, k)) ||
                level_with_place(c, k)) {
                break;
            }
            if (words > 0 && ent_full_name_at(c, k) > 0) {
                size_t after = k + ent_full_name_at(c, k);
                if ((in_title && !c->apposition) || after >= c->t.n || !is_cap_word(c, after)) {
                    break; /* "Giám đốc Sở Y tế Nguyễn Văn A": the person's name */
                }
            }
            k++;
            words++;
            /* "Y" + "tế", "Đào" + "tạo": lowercase syllables completing the word. */
            if (gz_longest(c->g, &c->t, k - 1, GZ_NAME_WORD, true, &len) != NULL && len > 1) {
                size_t ok = 1;
                for (size_t q = 1; q < len && is_lower_word(c, k - 1 + q); q++) {
                    ok++;
                }
                if (ok == len) {
                    k += len - 1;
                    continue;
                }
            }
            /* An unknown two-syllable word ("Lương thực") when the name goes on after it:
             * "Hiệp hội Lương thực Việt Nam". */
            if (is_lower_word(c, k) && is_cap_word(c, k + 1) &&
                !ent_has_role(c, k + 1, RULE_ROLES & ~GZ_LOC_LEVEL, &len) &&
                !level_with_place(c, k + 1) &&
                !ent_has_role(c, k, GZ_NAME_WORD | RULE_ROLES, &len)) {
                k++;
            }
            continue;
        }
        if (words == 0) {
            if ((tok->flags & ENT_TOK_NUMBER) && tok->end - tok->start <= 4) {
                return k + 1; /* "Bệnh viện 115", "Sư đoàn 330" */
            }
            break;
        }
        if (unit_number(c, k)) {
            k++; /* "Bệnh viện Quân y 121": the number ends the name */
            break;
        }
        if (is_lower_word(c, k)) {
            if (gz_longest(c->g, &c->t, k, GZ_NAME_TAIL, true, &len) != NULL && len > 1) {
                k += len;
                continue;
            }
            len = lower_name_word(c, k);
            if (len > 0) {
                k += len;
                continue;
            }
            /* "Ban Quản lý vịnh Hạ Long", "Ban Quản lý chợ Cái Răng": the place a body is in
             * charge of ends its name. */
            const struct gz_entry *cue;
            size_t feature_name_len;
            len = ent_feature_at(c, k, &cue, &feature_name_len);
            if (len > 0) {
                k += len;
                break;
            }
            if (ent_is_word(c, k, "và") && is_cap_word(c, k + 1) && !starts_other(c, k + 1) &&
                ent_full_name_at(c, k + 1) == 0) {
                k++;
                continue;
            }
            break;
        }
        if ((tok->flags & ENT_TOK_DASH) && (tok->flags & ENT_TOK_SPACE_BEFORE) &&
            is_cap_word(c, k + 1) && !starts_other(c, k + 1)) {
            k++; /* "Lao động - Thương binh và Xã hội" */
            continue;
        }
        break;
    }
    /* Never end on a joiner. */
    while (k > i && (!(c->t.v[k - 1].flags & ENT_TOK_WORD) || ent_is_word(c, k - 1, "và"))) {
        k--;
    }
    return k;
}

/* The place's name in this document's language. */
static const char *place_name(const struct ent_ctx *c, const struct gz_entry *e)
{
    return (c->english && e->name_en != NULL) ? e->name_en : e->name;
}

static bool numbered_level(const char *level)
{
    return strcmp(level, "phường") == 0 || strcmp(level, "quận") == 0 || strcmp(level, "ấp") == 0 ||
           strcmp(level, "khóm") == 0 || strcmp(level, "tổ dân phố") == 0 ||
           strcmp(level, "thôn") == 0 || strcmp(level, "khu phố") == 0;
}

/* Whether a gazetteer place can be the one meant after the level word written before it: a
 * unit of another level is a namesake ("xã Tân Phú" is not "quận Tân Phú"), and a one-word
 * country followed by more name is part of a longer name ("ấp Mỹ Phú"). */
static bool known_fits(const struct ent_ctx *c, const struct gz_entry *e, size_t i, size_t len,
                       const struct gz_entry *level)
{
    if (country_in_name(c, i)) {
        return false;
    }
    if (level == NULL || e->level == NULL) {
        return true;
    }
    /* "các tỉnh Cần Thơ, Sóc Trăng": a centrally-run city among provinces (and "tỉnh Cần Thơ"
     * before 2004) is that city. */
    if (e->loc_kind == GZ_LOC_PROVINCE && strcmp(level->level, "tỉnh") == 0) {
        return true;
    }
    return strcmp(e->level, level->level) == 0;
}

/* Words that end a place's name after its level word. A form of address is not among them:
 * capitalized inside a sentence it is a syllable of the name ("xã Bà Điểm", "huyện đảo Cô
 * Tô"). */
#define PLACE_BLOCKERS ((NAME_BLOCKERS & ~GZ_HONORIFIC) | GZ_ORG_HEAD | GZ_LOC_LEVEL)

/*
 * Whether the capitalized word at k, which starts an organization or another rule, is a
 * syllable of the place being read all the same: place names are made of ordinary syllables
 * ("xã Lịch Hội Thượng", "xã Hội Hoan", "phường Tân Hội"), so a one-word cue is one when the
 * next word is a name syllable that no lowercase word completes into a word of a body's name
 * ("Hội Nông dân" is the body) and that starts nothing itself, or when it ends a name that
 * has begun before it ("xã Tân Hội").
 */
static bool place_syllable(const struct ent_ctx *c, size_t k, bool after_name)
{
    size_t len;
    if (!ent_has_role(c, k, GZ_ORG_HEAD | GZ_ORG_ADMIN, &len) || len != 1 ||
        ent_has_role(c, k, GZ_LOC_LEVEL | GZ_TITLE | GZ_DOC_TYPE | GZ_EVENT_NAMED, &len)) {
        return false;
    }
    if (!is_name_syllable(c, k + 1) || !(c->t.v[k + 1].flags & ENT_TOK_SPACE_BEFORE)) {
        /* The name's last syllable ("xã Tân Hội"), but never its only one. */
        return after_name && !(k + 1 < c->t.n && (c->t.v[k + 1].flags & ENT_TOK_WORD) &&
                               (c->t.v[k + 1].flags & ENT_TOK_CAP));
    }
    if (ent_has_role(c, k + 1, RULE_ROLES | GZ_LOCATION, &len) || ent_full_name_at(c, k + 1) > 0) {
        return false;
    }
    return !(is_lower_word(c, k + 2) &&
             gz_longest(c->g, &c->t, k + 1, GZ_NAME_WORD, true, &len) != NULL && len > 1);
}

/* ent_parse_place() with the start of an unnamed place's mention given: its level word, or the
 * name itself for the later names of a list ("các huyện Mỹ Xuyên, Trần Đề"). */
static size_t parse_place_from(struct ent_ctx *c, size_t i, const struct gz_entry *level,
                               bool in_title, size_t from, const char **norm,
                               const struct gz_entry **known)
{
    size_t len;
    *norm = NULL;
    *known = NULL;
    if (i >= c->t.n) {
        return 0;
    }
    const struct gz_entry *e = gz_longest(c->g, &c->t, i, GZ_LOCATION, false, &len);
    if (e != NULL && e->name != NULL && known_fits(c, e, i, len, level)) {
        *norm = place_name(c, e);
        *known = e;
        ent_add(c, ENT_LOCATION, i, i + len, *norm, e->acr_kind ? e->expansion : NULL, 0);
        return len;
    }
    if (level == NULL) {
        return 0;
    }
    const struct ent_token *tok = &c->t.v[i];
    if ((tok->flags & ENT_TOK_NUMBER) && tok->end - tok->start <= 3 &&
        numbered_level(level->level)) {
        *norm = ent_join(c, level->level, ent_span_text(c, i, i + 1), NULL);
        ent_add(c, ENT_LOCATION, from, i + 1, *norm, NULL, 0);
        return 1;
    }
    size_t n = 0;
    while (n < PLACE_MAX_TOKENS && is_name_syllable(c, i + n) &&
           (!ent_has_role(c, i + n, PLACE_BLOCKERS, &len) || place_syllable(c, i + n, n > 0))) {
        if (in_title && !c->apposition && ent_full_name_at(c, i + n) > 0) {
            break; /* "Chủ tịch UBND xã Tân Phú Nguyễn Văn A": the name is the person's */
        }
        n++;
    }
    if (n == 0) {
        return 0;
    }
    /* "bản Huồi Cáng 2", "ấp Tân Long 1": a number after the name, ending the phrase. */
    if (i + n + 1 < c->t.n && (c->t.v[i + n].flags & ENT_TOK_NUMBER) &&
        c->t.v[i + n].end - c->t.v[i + n].start <= 2 &&
        (c->t.v[i + n].flags & ENT_TOK_SPACE_BEFORE) &&
        (c->t.v[i + n + 1].flags &
         (ENT_TOK_COMMA | ENT_TOK_STOP | ENT_TOK_CLOSE_PAREN | ENT_TOK_SEMI | ENT_TOK_BREAK))) {
        n++;
    }
    *norm = ent_join(c, level->level, ent_span_text(c, i, i + n), NULL);
    ent_add(c, ENT_LOCATION, from, i + n, *norm, NULL, 0);
    return n;
}

size_t ent_parse_place(struct ent_ctx *c, size_t i, const struct gz_entry *level, bool in_title,
                       const char **norm, const struct gz_entry **known)
{
    size_t level_len = level ? level->ntok : 0;
    return parse_place_from(c, i, level, in_title, i - level_len, norm, known);
}

/* Words before a level word that make it plural: "các huyện", "những xã", "hai tỉnh", "3 xã". */
static bool plural_before(const struct ent_ctx *c, size_t i)
{
    static const char *const words[] = {"các", "những", "hai",  "ba",   "bốn",   "năm", "sáu",
                                        "bảy", "tám",   "chín", "mười", "nhiều", "mấy"};
    if (i == 0) {
        return false;
    }
    if ((c->t.v[i - 1].flags & ENT_TOK_NUMBER) && c->t.v[i - 1].end - c->t.v[i - 1].start <= 2) {
        return true;
    }
    for (size_t k = 0; k < sizeof(words) / sizeof(words[0]); k++) {
        if (ent_is_word(c, i - 1, words[k])) {
            return true;
        }
    }
    return false;
}

/*
 * The later names of a list after a plural level word: "các huyện Mỹ Xuyên, Trần Đề, Long Phú
 * và thị xã Vĩnh Châu" names three districts. Each name after "," or "và" is a place of that
 * level, until a word that is no such name (a level word of its own, a person, anything
 * lowercase). Returns the tokens used from k.
 */
static size_t parse_place_list(struct ent_ctx *c, size_t k, const struct gz_entry *level)
{
    size_t start = k, len;
    while (k + 1 < c->t.n && ((c->t.v[k].flags & ENT_TOK_COMMA) || ent_is_word(c, k, "và"))) {
        size_t j = k + 1;
        /* A family name starts many places ("Trần Đề", "Lê Lợi"): only a name of three
         * syllables or more is taken for a person's. */
        if (!is_name_syllable(c, j) || ent_full_name_at(c, j) > 2) {
            break;
        }
        const struct gz_entry *e = gz_longest(c->g, &c->t, j, GZ_LOCATION, false, &len);
        if (e != NULL && !known_fits(c, e, j, len, level) && !country_in_name(c, j)) {
            break;
        }
        const char *norm;
        const struct gz_entry *known;
        size_t n = parse_place_from(c, j, level, false, j, &norm, &known);
        if (n == 0) {
            break;
        }
        k = j + n;
    }
    return k - start;
}

/* "(NHNN)" right after a name defines an acronym for it; returns the tokens it used. */
size_t ent_define_alias(struct ent_ctx *c, size_t j, enum ent_type type, const char *norm,
                        long mention)
{
    if (j + 2 >= c->t.n || !(c->t.v[j].flags & ENT_TOK_OPEN_PAREN) ||
        !(c->t.v[j + 2].flags & ENT_TOK_CLOSE_PAREN)) {
        return 0;
    }
    const struct ent_token *a = &c->t.v[j + 1];
    size_t len;
    /* An acronym, or a one-word brand ("(Agribank)") that is no place. */
    bool brand = (a->flags & ENT_TOK_CAP) && (a->flags & ENT_TOK_LETTERS) &&
                 a->end - a->start >= 4 &&
                 gz_longest(c->g, &c->t, j + 1, GZ_LOCATION | GZ_SURNAME, false, &len) == NULL;
    if (!((a->flags & ENT_TOK_ALLCAPS) || brand) || (a->flags & ENT_TOK_NUMBER) ||
        c->n_aliases == sizeof(c->aliases) / sizeof(c->aliases[0])) {
        return 0;
    }
    struct ent_alias *al = &c->aliases[c->n_aliases++];
    al->key = ent_strndup(c, ent_tok_key(&c->t, j + 1), a->key_len);
    al->norm = norm;
    al->type = (uint8_t)type;
    if (mention >= 0) {
        c->m[mention].expansion = norm;
    }
    return 3;
}

size_t ent_rule_alias(struct ent_ctx *c, size_t i)
{
    const struct ent_token *tok = &c->t.v[i];
    if (!(tok->flags & ENT_TOK_ALLCAPS)) {
        return 0;
    }
    for (size_t k = 0; k < c->n_aliases; k++) {
        const struct ent_alias *al = &c->aliases[k];
        if (al->key != NULL && strlen(al->key) == tok->key_len &&
            memcmp(al->key, ent_tok_key(&c->t, i), tok->key_len) == 0) {
            ent_add(c, (enum ent_type)al->type, i, i + 1, al->norm, al->norm, 0);
            return 1;
        }
    }
    return 0;
}

/* Party committees ("Thành ủy", "Tỉnh đoàn") name their level themselves. */
static bool ends_with(const char *s, const char *tail)
{
    size_t n = strlen(s), k = strlen(tail);
    return n >= k && strcmp(s + n - k, tail) == 0;
}

/* Party committees ("Thành ủy", "Tỉnh đoàn") name their level themselves. */
static bool head_names_level(const char *head_key)
{
    return ends_with(head_key, "ủy") || ends_with(head_key, " đoàn");
}

/* What follows a body's name: a level word, a place, or the body it belongs to. */
struct ent_where {
    const char *level;         /* level for the normalized name, or NULL */
    const char *written;       /* canonical form of the level word as written, or NULL */
    const char *place;         /* normalized place (an unnamed one includes its level), or NULL */
    const char *owner;         /* normalized name of the body it belongs to, or NULL */
    const char *written_place; /* a known place written without level word and not as an
                                  acronym, as written ("Sài Gòn"): a body's name keeps it */
    long place_mention;        /* the mention of a known place without level word, or -1 */
    uint8_t place_kind;        /* its ent_loc_kind */
    bool known;                /* the place is in the gazetteer */
    size_t end;
};

/*
 * Parses level and place at j: "tỉnh An Giang", "TP.HCM", "xã Tân Phú", "thành phố" (a bare
 * level is kept only when keep_bare_level), or the body owning this one ("Ban Dân vận" +
 * "Thành ủy Cần Thơ"). A gazetteer name at least as long as a level word there wins over it
 * ("Sóc Trăng", "Thành phố Hồ Chí Minh").
 */
static void parse_where(struct ent_ctx *c, size_t j, bool in_title, bool keep_bare_level,
                        struct ent_where *w)
{
    size_t len, loc_len = 0;
    const struct gz_entry *known = NULL;
    const char *place = NULL;
    memset(w, 0, sizeof(*w));
    w->end = j;
    w->place_mention = -1;
    const struct gz_entry *lv = gz_longest(c->g, &c->t, j, GZ_LOC_LEVEL, false, &len);
    const struct gz_entry *loc = gz_longest(c->g, &c->t, j, GZ_LOCATION, false, &loc_len);
    /* "Ban Thường vụ Tỉnh ủy": a body whose name starts with a level word is the owner. */
    size_t admin_len = 0;
    if (lv != NULL && is_cap_word(c, j) &&
        gz_longest(c->g, &c->t, j, GZ_ORG_ADMIN, false, &admin_len) != NULL && admin_len > len) {
        lv = NULL;
    }
    if (lv != NULL && !(loc != NULL && loc_len >= len)) {
        size_t n = ent_parse_place(c, j + len, lv, in_title, &place, &known);
        w->written = lv->level;
        if (n > 0) {
            w->place = place;
            w->known = known != NULL;
            /* A known place carries its own level ("tỉnh An Giang" whether written "tỉnh"
             * or not); an unnamed one has it inside its name already ("xã Tân Phú"). */
            w->level = known ? (known->level ? known->level : lv->level) : NULL;
            w->end = j + len + n;
        } else if (keep_bare_level) {
            w->level = lv->level;
            w->end = j + len;
        } else {
            w->written = NULL;
        }
        return;
    }
    size_t n = ent_parse_place(c, j, NULL, in_title, &place, &known);
    if (n > 0) {
        w->place = place;
        w->known = true;
        w->written_place = known->acr_kind ? NULL : ent_span_text(c, j, j + n);
        w->place_mention = (long)c->n - 1;
        w->place_kind = known->loc_kind;
        w->level = known->level;
        w->end = j + n;
        return;
    }
    struct ent_org owner;
    if (is_cap_word(c, j) && ent_has_role(c, j, GZ_ORG_ADMIN | GZ_ORG_OWNER, &len) &&
        ent_parse_org(c, j, in_title, false, &owner) && owner.mention >= 0) {
        w->owner = c->m[owner.mention].norm;
        w->end = owner.end;
    }
}

static bool parse_admin(struct ent_ctx *c, size_t i, size_t len, const struct gz_entry *e,
                        bool in_title, struct ent_org *out)
{
    /* "UBND các huyện, thị xã": bodies of every unit, no one body. */
    if (ent_is_word(c, i + len, "các") || ent_is_word(c, i + len, "những")) {
        return false;
    }
    long idx = ent_add(c, ENT_ORGANIZATION, i, i + len, "", NULL, 0);
    if (idx < 0) {
        return false;
    }
    bool acronym = e->acr_kind == GZ_ACR_ADMIN && e->expansion != NULL;
    const char *head = acronym ? e->expansion : ent_span_text(c, i, i + len);
    const char *head_key =
        acronym ? ent_fold_dup(c, head, strlen(head)) : ent_span_key(c, i, i + len);
    struct ent_where w;
    parse_where(c, i + len, in_title, true, &w);
    if (c->err != 0 || head_key == NULL) {
        return false;
    }
    const char *level = w.level;
    if (w.place != NULL && head_names_level(head_key)) {
        level = NULL;
    }
    /* "Thành phố Hồ Chí Minh" names its level itself. */
    if (level != NULL && w.place != NULL && strncasecmp(w.place, level, strlen(level)) == 0) {
        level = NULL;
    }
    struct ent_mention *m = &c->m[idx];
    m->end = c->t.v[w.end - 1].end;
    m->norm = ent_join(c, head, level, w.owner ? w.owner : w.place);
    m->expansion = acronym ? m->norm : NULL;
    m->head = head_key;
    /* For linking a body written without its place: the level of the place as written, so that
     * "UBND tỉnh" never takes "UBND huyện Trần Đề". */
    m->level = level != NULL ? level : w.written;
    if (w.place == NULL && w.owner == NULL) {
        m->flags |= ENT_M_PARTIAL;
    }
    out->end = w.end;
    out->mention = idx;
    return true;
}

static bool parse_named(struct ent_ctx *c, size_t i, size_t len, bool in_title, struct ent_org *out)
{
    size_t j = i + len, flen;
    while (gz_longest(c->g, &c->t, j, GZ_ORG_FORM, true, &flen) != NULL) {
        j += flen;
    }
    size_t name_end = ent_name_words(c, j, in_title);
    long idx = ent_add(c, ENT_ORGANIZATION, i, i + len, "", NULL, 0);
    if (idx < 0) {
        return false;
    }
    struct ent_where w;
    if (name_end > j) {
        /* In a title the level alone is part of the body: "Trưởng phòng Kinh tế huyện". */
        parse_where(c, name_end, in_title, in_title, &w);
    } else {
        /* "Đại học Cần Thơ": the place is the name. */
        parse_where(c, j, in_title, false, &w);
        if (w.place == NULL || !w.known) {
            c->n = (size_t)idx; /* a kind of organization without a name is none */
            return false;
        }
    }
    /* "Hợp tác xã Tân Phú", "Trường THCS Châu Thành": a district's name right after a body's
     * kind, without level word, names the body; it is seldom that district (many share the
     * name), so it is no place of the article. */
    if (w.place_mention >= 0 && w.written == NULL && (size_t)w.place_mention == c->n - 1 &&
        ((name_end == j && w.place_kind == GZ_LOC_DISTRICT) || w.place_kind == GZ_LOC_REGION)) {
        c->n--; /* and "Công ty TNHH Thủy sản Biển Đông" is no sea */
    }
    struct ent_mention *m = &c->m[idx];
    m->end = c->t.v[w.end - 1].end;
    /* Written as the text names it: the level only where the text writes one, and a place's
     * name as written unless it is an acronym ("Ngân hàng TMCP Sài Gòn", not "... Thành phố Hồ
     * Chí Minh"; "Viện Lúa ĐBSCL" is the "Viện Lúa Đồng bằng sông Cửu Long"). */
    const char *where = w.owner ? w.owner : w.written_place ? w.written_place : w.place;
    const char *name = ent_span_text(c, i, name_end);
    m->norm = ent_join(c, name, w.known ? w.written : w.level, where);
    /* "Sở Du lịch" alone is the "Sở Du lịch thành phố Đà Nẵng" that the article names. */
    m->head = ent_span_key(c, i, name_end); /* name_end > i: the kind's words at least */
    if (where == NULL && w.level == NULL) {
        m->flags |= ENT_M_PARTIAL;
    }
    out->end = w.end;
    out->mention = idx;
    return true;
}

/*
 * The place written after an organization that the gazetteer names without one: "Sở NN&PTNT
 * tỉnh Sóc Trăng", "Sở Nông nghiệp và Phát triển nông thôn (NN&PTNT) tỉnh Sóc Trăng", "Trung
 * tâm Kiểm soát bệnh tật (CDC) Quảng Ninh". A level word with its place, or a province or a
 * district, belongs to the body; a country does not ("Bộ Y tế Nhật Bản" is another body).
 * Updates the mention's name (and expansion, when it has one); extend: whether its span grows
 * over the place. Returns the token after what it used (j when nothing).
 */
static size_t attach_place(struct ent_ctx *c, long idx, size_t j, bool in_title, bool extend)
{
    size_t len;
    /* "Agribank Chi nhánh tỉnh Sóc Trăng": the branch in that place. */
    const char *branch = NULL;
    if (idx >= 0 && ent_is_word(c, j, "chi") && ent_is_word(c, j + 1, "nhánh")) {
        branch = ent_capitalize(c, ent_span_text(c, j, j + 2));
        j += 2;
    }
    if (idx < 0 || j >= c->t.n ||
        (!ent_has_role(c, j, GZ_LOC_LEVEL, &len) &&
         (gz_longest(c->g, &c->t, j, GZ_LOCATION, false, &len) == NULL ||
          gz_longest(c->g, &c->t, j, GZ_LOCATION, false, &len)->loc_kind == GZ_LOC_COUNTRY))) {
        return branch != NULL ? j - 2 : j;
    }
    struct ent_where w;
    parse_where(c, j, in_title, in_title, &w);
    if (c->err != 0 || (w.place == NULL && w.level == NULL)) {
        return branch != NULL ? j - 2 : j;
    }
    struct ent_mention *m = &c->m[idx];
    bool had_expansion = m->expansion != NULL;
    const char *where = ent_join(c, w.known ? w.written : w.level, w.place, NULL);
    m->norm = ent_join(c, m->norm, branch, where);
    if (had_expansion) {
        m->expansion = m->norm;
    }
    if (w.place != NULL) {
        m->flags &= (uint8_t)~ENT_M_PARTIAL;
    }
    if (extend) {
        m->end = c->t.v[w.end - 1].end;
    }
    return w.end;
}

/* The level a party committee names itself: "Tỉnh ủy" is the province's, "Huyện ủy" the
 * district's; NULL for other bodies. */
static const char *committee_level(const char *head_key)
{
    static const char *const map[][2] = {
        {"tỉnh ", "tỉnh"}, {"thành ", "thành phố"}, {"huyện ", "huyện"},
        {"quận ", "quận"}, {"thị ", "thị xã"},
    };
    size_t n = strlen(head_key), tail = strlen("ủy");
    if (n < tail || strcmp(head_key + n - tail, "ủy") != 0) {
        return NULL;
    }
    for (size_t k = 0; k < sizeof(map) / sizeof(map[0]); k++) {
        if (strncmp(head_key, map[k][0], strlen(map[k][0])) == 0) {
            return map[k][1];
        }
    }
    return NULL;
}

void ent_share_place(struct ent_ctx *c, size_t from)
{
    for (size_t p = c->n; p-- > from + 1;) {
        const struct ent_mention *place = &c->m[p], *body = &c->m[p - 1];
        if (place->type != ENT_LOCATION || body->type != ENT_ORGANIZATION ||
            (body->flags & ENT_M_PARTIAL) || body->level == NULL || place->start < body->start ||
            place->end > body->end) {
            continue;
        }
        for (size_t q = from; q < p - 1; q++) {
            struct ent_mention *m = &c->m[q];
            if (m->type != ENT_ORGANIZATION || !(m->flags & ENT_M_PARTIAL) || m->head == NULL) {
                continue;
            }
            const char *level = m->level != NULL ? m->level : committee_level(m->head);
            if (level != NULL && strcmp(level, body->level) != 0) {
                continue;
            }
            /* An unnamed place carries its level ("huyện Trần Đề"), which the body may say
             * already ("HĐND huyện", "Huyện ủy"); a body that says none takes it ("Đảng ủy"
             * + "xã Lịch Hội Thượng", "Đảng ủy" + "tỉnh" "Sóc Trăng"). */
            const char *where = place->norm;
            size_t ll = strlen(body->level);
            bool has_level = strncmp(where, body->level, ll) == 0 && where[ll] == ' ';
            if (level != NULL && has_level) {
                where += ll + 1;
            } else if (level == NULL && !has_level) {
                where = ent_join(c, body->level, where, NULL);
            }
            const char *norm = ent_join(c, m->norm, where, NULL);
            if (norm != NULL) {
                if (m->expansion != NULL) {
                    m->expansion = norm; /* "HĐND" stands for the body with its place */
                }
                m->norm = norm;
                m->flags &= (uint8_t)~ENT_M_PARTIAL;
            }
        }
        return;
    }
}

bool ent_parse_org(struct ent_ctx *c, size_t i, bool in_title, bool any_case, struct ent_org *out)
{
    size_t len;
    out->end = i;
    out->mention = -1;
    const struct gz_entry *e = gz_longest(
        c->g, &c->t, i, GZ_ORG | GZ_ORG_ADMIN | GZ_ORG_HEAD | GZ_ACRONYM, any_case, &len);
    if (e == NULL || (e->roles & (GZ_ORG | GZ_ORG_ADMIN | GZ_ORG_HEAD | GZ_ACRONYM)) == 0) {
        return false;
    }
    if (e->acr_kind == GZ_ACR_LOCATION && !(e->roles & (GZ_ORG | GZ_ORG_ADMIN | GZ_ORG_HEAD))) {
        return false;
    }
    /* "Đài Loan", "Hội An", "Trường Sa": a known place longer than the kind's word is the
     * place. */
    size_t loc_len;
    if (!(e->roles & (GZ_ORG | GZ_ACRONYM)) &&
        gz_longest(c->g, &c->t, i, GZ_LOCATION, false, &loc_len) != NULL && loc_len > len) {
        return false;
    }
    if (e->roles & GZ_ORG_ADMIN) {
        size_t l2;
        bool followed = ent_has_role(c, i + len, GZ_LOC_LEVEL | GZ_LOCATION, &l2);
        if (followed || !(e->roles & (GZ_ORG | GZ_ACRONYM)) || e->acr_kind == GZ_ACR_ADMIN) {
            return parse_admin(c, i, len, e, in_title, out);
        }
    }
    if (e->roles & GZ_ORG) {
        out->mention = ent_add(c, ENT_ORGANIZATION, i, i + len,
                               c->english && e->name_en ? e->name_en : e->name, NULL, 0);
        out->end = i + len;
        /* "Ngân hàng Nhà nước chi nhánh Cần Thơ": the branch is a body of its own. */
        if (out->mention >= 0 && ent_is_word(c, out->end, "chi") &&
            ent_is_word(c, out->end + 1, "nhánh")) {
            c->m[out->mention].norm = ent_span_text(c, i, i + len); /* named as written */
            out->end = attach_place(c, out->mention, out->end, in_title, true);
        }
        return out->mention >= 0;
    }
    if ((e->roles & GZ_ACRONYM) && e->acr_kind == GZ_ACR_ORG) {
        out->mention = ent_add(c, ENT_ORGANIZATION, i, i + len, e->name, e->expansion, 0);
        out->end = attach_place(c, out->mention, i + len, in_title, true);
        return out->mention >= 0;
    }
    if (e->roles & GZ_ORG_HEAD) {
        return parse_named(c, i, len, in_title, out);
    }
    return false;
}

size_t ent_rule_organization(struct ent_ctx *c, size_t i)
{
    struct ent_org o;
    size_t first = c->n;
    if (!ent_parse_org(c, i, false, false, &o)) {
        return 0;
    }
    /* "Đảng ủy, UBND xã Lịch Hội Thượng", "Thường trực HĐND và UBND tỉnh Sóc Trăng": bodies
     * listed before the one that names the place share it. */
    size_t more = o.end, len;
    bool listed = false;
    while (o.mention >= 0 && (c->m[c->n - 1].flags & ENT_M_PARTIAL) && more + 1 < c->t.n &&
           ((c->t.v[more].flags & ENT_TOK_COMMA) || ent_is_word(c, more, "và")) &&
           (c->t.v[more + 1].flags & ENT_TOK_CAP) &&
           ent_has_role(c, more + 1, GZ_ORG_ADMIN, &len)) {
        struct ent_org next;
        if (!ent_parse_org(c, more + 1, false, false, &next)) {
            break;
        }
        more = next.end;
        listed = true;
    }
    if (listed) {
        ent_share_place(c, first);
        return more - i;
    }
    if (o.mention >= 0) {
        size_t used = ent_define_alias(c, o.end, ENT_ORGANIZATION, c->m[o.mention].norm, o.mention);
        if (used > 0 && (c->m[o.mention].flags & ENT_M_PARTIAL)) {
            /* The place after the acronym is the body's: the acronym stands for the same. */
            o.end = attach_place(c, o.mention, o.end + used, false, false);
            c->aliases[c->n_aliases - 1].norm = c->m[o.mention].norm;
        } else {
            o.end += used;
        }
    }
    return o.end - i;
}

size_t ent_rule_location(struct ent_ctx *c, size_t i)
{
    size_t len;
    const char *norm;
    const struct gz_entry *known;
    size_t loc_len = 0;
    const struct gz_entry *lv = gz_longest(c->g, &c->t, i, GZ_LOC_LEVEL, false, &len);
    const struct gz_entry *loc = gz_longest(c->g, &c->t, i, GZ_LOCATION, false, &loc_len);
    if (lv != NULL && !(loc != NULL && loc_len >= len)) {
        size_t n = ent_parse_place(c, i + len, lv, false, &norm, &known);
        if (n == 0) {
            return 0;
        }
        long idx = (long)c->n - 1;
        n += ent_define_alias(c, i + len + n, ENT_LOCATION, norm, idx);
        if (plural_before(c, i)) {
            n += parse_place_list(c, i + len + n, lv);
        }
        return len + n;
    }
    const struct gz_entry *e = gz_longest(c->g, &c->t, i, GZ_LOCATION, false, &len);
    if (e != NULL && e->name != NULL) {
        const struct ent_token *tok = &c->t.v[i];
        if (e->needs_cue && !ent_preceded_by(c, i, GZ_COUNTRY_CUE | GZ_LOC_PREP)) {
            return len;
        }
        /* "Nhật ký", "Mỹ phẩm" open sentences: a one-word country there is an ordinary word
         * when a lowercase word follows; anywhere, when the two make a known word ("Pháp
         * chủ", "Pháp luật"). */
        if (len == 1 && e->loc_kind == GZ_LOC_COUNTRY && is_lower_word(c, i + 1) &&
            ((tok->flags & ENT_TOK_SENT_START) || completed_word(c, i))) {
            return 1;
        }
        size_t n = ent_parse_place(c, i, NULL, false, &norm, &known);
        if (n == 0) {
            return 0;
        }
        long idx = (long)c->n - 1;
        return n + ent_define_alias(c, i + n, ENT_LOCATION, norm, idx);
    }
    const struct gz_entry *prep = gz_longest(c->g, &c->t, i, GZ_LOC_PREP, true, &len);
    if (prep != NULL && !(c->t.v[i].flags & ENT_TOK_CAP)) {
        size_t j = i + len, n = 0, bl;
        /* "tại Hồ Nước Ngọt", "ở Lê Lợi": no one is "at" a person; a name shaped like a
         * person's of three syllables or more is the place's. */
        size_t full = ent_full_name_at(c, j);
        if (full >= 3 && !ent_has_role(c, j, GZ_LOCATION | GZ_ORG, &bl) &&
            !(j + full < c->t.n && (c->t.v[j + full].flags & ENT_TOK_COMMA))) {
            ent_add(c, ENT_LOCATION, j, j + full, ent_span_text(c, j, j + full), NULL, 0);
            return len + full;
        }
        if (full > 0 || ent_has_role(c, j, GZ_NAME_ROLES | GZ_LOC_LEVEL | GZ_NOT_PERSON, &bl)) {
            return 0;
        }
        while (n < 3 && is_name_syllable(c, j + n) && !ent_has_role(c, j + n, GZ_NAME_ROLES, &bl)) {
            n++;
        }
        /* "tại Diễn đàn": a capitalized syllable that a lowercase one completes is a word,
         * not a name. */
        if (n == 0 || (is_lower_word(c, j + n) &&
                       gz_longest(c->g, &c->t, j + n - 1, GZ_NAME_WORD, true, &bl) != NULL)) {
            return 0;
        }
        ent_add(c, ENT_LOCATION, j, j + n, ent_span_text(c, j, j + n), NULL, 0);
        return len + n;
    }
    return 0;
}
