/*
 * Places: gazetteer names ("Cần Thơ", "TP.HCM", "ĐBSCL", "Nhật Bản"), any capitalized name or
 * number after a level word ("xã Tân Phú", "phường 5", "bản Huồi Cáng 2"), the later names of a
 * list after a plural level word ("các huyện Mỹ Xuyên, Trần Đề"), and names after "tại"/"ở".
 */
#include <string.h>

#include "enrich_entities_internal.h"

#define PLACE_MAX_TOKENS 4

/* The place's name in this document's language. */

/* A name spelled as no Vietnamese syllable can be ("Singapore", "Brazil", "Canada"): plain
 * letters with two vowel groups or more. Only a syllable ("Nhật", "Mỹ", "Pháp") makes an
 * ordinary word with the word after it. */
static bool foreign_spelling(const char *w, size_t n)
{
    int groups = 0;
    bool in_vowel = false;
    for (size_t k = 0; k < n; k++) {
        unsigned char c = (unsigned char)w[k] | 0x20;
        if ((unsigned char)w[k] >= 0x80) {
            return false;
        }
        bool vowel = c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' || c == 'y';
        groups += vowel && !in_vowel;
        in_vowel = vowel;
    }
    return groups >= 2;
}

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
static bool known_fits(const struct ent_ctx *c, const struct gz_entry *e, size_t i,
                       const struct gz_entry *level)
{
    if (ent_country_in_name(c, i)) {
        return false;
    }
    if (level == NULL) {
        return true;
    }
    /* "xã Trùng Khánh", "huyện Bắc Hà": after the level of a Vietnamese commune, district or
     * ward, a foreign city's name is a namesake; a city or a province abroad takes "thành phố"
     * or "tỉnh" ("thành phố Bắc Kinh"). */
    if (e->loc_kind == GZ_LOC_CITY && strcmp(level->level, "thành phố") != 0 &&
        strcmp(level->level, "tỉnh") != 0 && strcmp(level->level, "Thủ đô") != 0) {
        return false;
    }
    if (e->level == NULL) {
        return true;
    }
    /* "các tỉnh Cần Thơ, Sóc Trăng": a centrally-run city among provinces (and "tỉnh Cần Thơ"
     * before 2004) is that city. */
    if (e->loc_kind == GZ_LOC_PROVINCE && strcmp(level->level, "tỉnh") == 0) {
        return true;
    }
    /* "đặc khu Côn Đảo", "đặc khu Phú Quốc": the special zones of the 2025 reform are the
     * island districts they replaced (Luật Tổ chức chính quyền địa phương 2025, Điều 2). */
    if (strcmp(level->level, "đặc khu") == 0 && strcmp(e->level, "huyện") == 0) {
        return true;
    }
    return strcmp(e->level, level->level) == 0;
}

/* Words that end a place's name after its level word. A form of address is not among them:
 * capitalized inside a sentence it is a syllable of the name ("xã Bà Điểm", "huyện đảo Cô
 * Tô"). */
#define PLACE_BLOCKERS ((ENT_NAME_BLOCKERS & ~GZ_HONORIFIC) | GZ_ORG_HEAD | GZ_LOC_LEVEL)

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
    if (!ent_is_name_syllable(c, k + 1) || !(c->t.v[k + 1].flags & ENT_TOK_SPACE_BEFORE)) {
        /* The name's last syllable ("xã Tân Hội"), but never its only one. */
        return after_name && !(k + 1 < c->t.n && (c->t.v[k + 1].flags & ENT_TOK_WORD) &&
                               (c->t.v[k + 1].flags & ENT_TOK_CAP));
    }
    if (ent_has_role(c, k + 1, ENT_RULE_ROLES | GZ_LOCATION, &len) ||
        ent_full_name_at(c, k + 1) > 0) {
        return false;
    }
    return !(ent_is_lower_word(c, k + 2) &&
             gz_longest(c->g, &c->t, k + 1, GZ_NAME_WORD, true, &len) != NULL && len > 1);
}

/* "thôn Làng Nủ", "xã Bản Lầu": after a level word written in lowercase, a capitalized
 * one-word level ("Làng", "Bản") before more name is the name's first syllable; a level is
 * never capitalized inside a sentence ("làng Nủ"), the first word of one aside. */
static bool level_in_name(const struct ent_ctx *c, size_t i, size_t from)
{
    size_t len;
    return from < i &&
           (!(c->t.v[from].flags & ENT_TOK_CAP) || (c->t.v[from].flags & ENT_TOK_SENT_START)) &&
           (c->t.v[i].flags & ENT_TOK_CAP) && ent_has_role(c, i, GZ_LOC_LEVEL, &len) && len == 1 &&
           ent_is_name_syllable(c, i + 1) && (c->t.v[i + 1].flags & ENT_TOK_SPACE_BEFORE) &&
           !ent_has_role(c, i + 1, ENT_RULE_ROLES | GZ_LOCATION, &len);
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
    if (e != NULL && e->name != NULL && known_fits(c, e, i, level)) {
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
    while (n < PLACE_MAX_TOKENS && ent_is_name_syllable(c, i + n) &&
           (!ent_has_role(c, i + n, PLACE_BLOCKERS, &len) || place_syllable(c, i + n, n > 0) ||
            (n == 0 && level_in_name(c, i, from)))) {
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
        if (!ent_is_name_syllable(c, j) || ent_full_name_at(c, j) > 2) {
            break;
        }
        const struct gz_entry *e = gz_longest(c->g, &c->t, j, GZ_LOCATION, false, &len);
        if (e != NULL && !known_fits(c, e, j, level) && !ent_country_in_name(c, j)) {
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

/* A level written as one capital and a full stop ("H.Phong Thổ", "Q.Bình Thạnh", "P.5"). */
static bool initial_level(const struct ent_ctx *c, size_t i, size_t len)
{
    return len == 2 && c->t.v[i].end - c->t.v[i].start == 1 && (c->t.v[i + 1].flags & ENT_TOK_STOP);
}

/* Whether the token at k is one of words (lowercase, NULL-terminated). */
static bool word_in(const struct ent_ctx *c, size_t k, const char *const *words)
{
    for (size_t w = 0; words[w] != NULL; w++) {
        if (ent_is_word(c, k, words[w])) {
            return true;
        }
    }
    return false;
}

/* A direction rather than a region: "hướng Tây Bắc", "theo hướng Tây Tây Bắc", "gió Đông
 * Bắc", "gió mùa Đông Bắc", where a region takes "vùng", "miền" or "khu vực". */
static bool compass_before(const struct ent_ctx *c, size_t i)
{
    static const char *const words[] = {"hướng", "gió", "tây", "đông", "nam", "bắc", NULL};
    if (i == 0 || !(c->t.v[i].flags & ENT_TOK_SPACE_BEFORE) ||
        !(c->t.v[i - 1].flags & ENT_TOK_WORD)) {
        return false;
    }
    if (word_in(c, i - 1, words)) {
        return true;
    }
    /* "gió mùa Đông Bắc": the monsoon is named by where it blows from */
    return i >= 2 && ent_is_word(c, i - 1, "mùa") && ent_is_word(c, i - 2, "gió");
}

/* "xoài Đài Loan", "ổi Đài Loan", "mít Thái", "lúa Nhật": a crop or fruit named by a country
 * is a variety grown here, not a place of the story. Fruit and crop nouns of the Mekong Delta
 * and Central Highlands press. */
static bool variety_before(const struct ent_ctx *c, size_t i)
{
    static const char *const crops[] = {"xoài", "ổi",  "mít", "bưởi", "nhãn", "vải",   "chuối",
                                        "dưa",  "táo", "lê",  "cam",  "quýt", "chanh", "bơ",
                                        "na",   "mận", "lúa", "long", "dừa",  "khoai", NULL};
    if (i == 0 || !(c->t.v[i - 1].flags & ENT_TOK_WORD) || (c->t.v[i - 1].flags & ENT_TOK_CAP)) {
        return false;
    }
    return word_in(c, i - 1, crops); /* "thanh long Đài Loan" by its last syllable */
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
        if (initial_level(c, i, len) &&
            !(i + len < c->t.n && (c->t.v[i + len].flags & ENT_TOK_NUMBER)) &&
            !(ent_is_name_syllable(c, i + len) && ent_is_name_syllable(c, i + len + 1) &&
              (c->t.v[i + len + 1].flags & ENT_TOK_SPACE_BEFORE))) {
            return 0; /* "H.Nguyên", "P.Anh": a writer's initial and name, no "huyện Nguyên" */
        }
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
    const struct gz_entry *e = loc; /* looked up above */
    if (e != NULL) {
        len = loc_len;
    }
    if (e != NULL && e->name != NULL) {
        const struct ent_token *tok = &c->t.v[i];
        if (e->loc_kind == GZ_LOC_REGION && compass_before(c, i)) {
            return len; /* "theo hướng Tây Tây Bắc": a direction, no region */
        }
        if (e->needs_cue && !ent_preceded_by(c, i, GZ_COUNTRY_CUE | GZ_LOC_PREP)) {
            return len;
        }
        /* "báo Washington Post": a foreign city before a capitalized word that is no place
         * opens the name of something else. */
        size_t next_len;
        if (e->loc_kind == GZ_LOC_CITY && ent_is_cap_word(c, i + len) &&
            !(c->t.v[i + len].flags & ENT_TOK_SENT_START) &&
            gz_longest(c->g, &c->t, i + len, GZ_LOCATION, false, &next_len) == NULL) {
            return len;
        }
        /* "Nhật ký", "Mỹ phẩm" open sentences: a one-word country there is an ordinary word
         * when a lowercase word follows; anywhere, when the two make a known word ("Pháp
         * chủ", "Pháp luật"). */
        if (len == 1 && e->loc_kind == GZ_LOC_COUNTRY && ent_is_lower_word(c, i + 1) &&
            !foreign_spelling(c->s + tok->start, tok->end - tok->start) &&
            ((tok->flags & ENT_TOK_SENT_START) || ent_completed_word(c, i))) {
            return 1;
        }
        if (e->loc_kind == GZ_LOC_COUNTRY && variety_before(c, i)) {
            return len;
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
        while (n < 3 && ent_is_name_syllable(c, j + n) &&
               !ent_has_role(c, j + n, GZ_NAME_ROLES, &bl)) {
            n++;
        }
        /* "tại Diễn đàn": a capitalized syllable that a lowercase one completes is a word,
         * not a name. */
        if (n == 0 || (ent_is_lower_word(c, j + n) &&
                       gz_longest(c->g, &c->t, j + n - 1, GZ_NAME_WORD, true, &bl) != NULL)) {
            return 0;
        }
        ent_add(c, ENT_LOCATION, j, j + n, ent_span_text(c, j, j + n), NULL, 0);
        return len + n;
    }
    return 0;
}
