/*
 * People in Vietnamese text.
 *
 * A person is named after a form of address or a title ("đồng chí Phạm Văn Hiểu", "Chủ tịch
 * UBND tỉnh An Giang Nguyễn Văn A", "PGS.TS Trần B"), or bare when the name starts with a
 * family name and is long enough or followed by an apposition ("Phạm Văn Hiểu, Phó Bí thư
 * Thường trực Thành ủy, Chủ tịch HĐND thành phố"). A title is [prefix] title [suffix] [the body
 * it belongs to]; the body is also an organization mention. A name after a cue that does not
 * start with a family name ("ông Hiểu") is a short mention, linked to a full name when merging.
 */
#include <string.h>

#include "enrich_entities_internal.h"

#define TITLES_MAX 6

/* The rest of a hyphenated syllable of a foreign name at k: "-sik" in "Sang-sik", written
 * with no space on either side of the hyphen. */
static bool hyphen_part_at(const struct ent_ctx *c, size_t k)
{
    return k + 1 < c->t.n && (c->t.v[k].flags & ENT_TOK_DASH) &&
           !(c->t.v[k].flags & ENT_TOK_SPACE_BEFORE) && c->t.v[k].end - c->t.v[k].start == 1 &&
           (c->t.v[k + 1].flags & ENT_TOK_LETTERS) && !(c->t.v[k + 1].flags & ENT_TOK_SPACE_BEFORE);
}

/*
 * A country after a title, with the portfolio in between if any: "Tổng thống Pháp", "Bộ
 * trưởng Ngoại giao Nhật Bản", "Ngoại trưởng Mỹ". Adds the country's mention; returns the
 * tokens used, 0 if no country follows.
 */
static size_t country_after(struct ent_ctx *c, size_t k)
{
    size_t end = k, len;
    while (end < k + 3 && ent_is_name_syllable(c, end) &&
           gz_longest(c->g, &c->t, end, GZ_LOCATION, false, &len) == NULL &&
           gz_longest(c->g, &c->t, end, GZ_NAME_WORD, true, &len) != NULL && len <= 2) {
        end += len; /* "Ngoại giao", "Quốc phòng" */
    }
    const struct gz_entry *e = gz_longest(c->g, &c->t, end, GZ_LOCATION, false, &len);
    if (e == NULL || e->loc_kind != GZ_LOC_COUNTRY || e->name == NULL) {
        return 0;
    }
    ent_add(c, ENT_LOCATION, end, end + len,
            (c->english && e->name_en != NULL) ? e->name_en : e->name, NULL, 0);
    return end + len - k;
}

/* Whether a title starts at j (its prefixes included). */
static bool title_at(const struct ent_ctx *c, size_t j, bool any_case)
{
    size_t len;
    while (gz_longest(c->g, &c->t, j, GZ_TITLE_PREFIX, true, &len) != NULL) {
        j += len;
    }
    return gz_longest(c->g, &c->t, j, GZ_TITLE, any_case, &len) != NULL;
}

/* The full stop of an abbreviated title at k ("TS.", "BS.", "ThS."): written right after a
 * short capitalized word and followed by a full name (else it ends the sentence). */
static bool abbreviation_stop(const struct ent_ctx *c, size_t k)
{
    if (k == 0 || k + 1 >= c->t.n) {
        return false;
    }
    const struct ent_token *prev = &c->t.v[k - 1], *dot = &c->t.v[k];
    return (dot->flags & ENT_TOK_STOP) && dot->end - dot->start == 1 && dot->start == prev->end &&
           (prev->flags & ENT_TOK_CAP) && prev->end - prev->start <= 4 &&
           (c->t.v[k + 1].flags & ENT_TOK_SPACE_BEFORE) && ent_full_name_at(c, k + 1) > 0;
}

/*
 * Parses titles at j, each [prefix] title [suffix] [organization], joined by "," or "kiêm".
 * Records each as a title span; *count receives how many. Returns the end.
 */
static size_t parse_titles(struct ent_ctx *c, size_t j, bool any_case, size_t *count)
{
    size_t n = 0, len, first_mention = c->n;
    while (n < TITLES_MAX && j < c->t.n) {
        size_t start = j, k = j, after_alias = 0;
        while (gz_longest(c->g, &c->t, k, GZ_TITLE_PREFIX, true, &len) != NULL) {
            k += len;
        }
        const struct gz_entry *t = gz_longest(c->g, &c->t, k, GZ_TITLE, any_case, &len);
        if (t == NULL) {
            break;
        }
        k += len;
        if (abbreviation_stop(c, k)) {
            k++; /* "TS. Nguyễn Văn Bình", "ThS. Lê Thị Hoa" */
        }
        while (gz_longest(c->g, &c->t, k, GZ_TITLE_SUFFIX, true, &len) != NULL) {
            k += len;
        }
        struct ent_org o;
        size_t hl, country;
        if (ent_parse_org(c, k, true, false, &o)) {
            k = o.end;
            /* "Chủ tịch Ngân hàng Thế giới (WB) Ajay Banga": the acronym is the body's, and
             * not part of the title as written. */
            if (o.mention >= 0) {
                after_alias =
                    k + ent_define_alias(c, k, ENT_ORGANIZATION, c->m[o.mention].norm, o.mention);
                size_t placed;
                if (after_alias > k && (c->m[o.mention].flags & ENT_M_PARTIAL) &&
                    (placed = ent_attach_place(c, o.mention, after_alias, true, false)) >
                        after_alias) {
                    /* "Giám đốc Trung tâm Kiểm soát bệnh tật (CDC) Khánh Hòa": the place after
                     * the acronym is the body's, and the title names it */
                    c->aliases[c->n_aliases - 1].norm = c->m[o.mention].norm;
                    k = placed;
                    after_alias = 0;
                }
            }
        } else if ((country = country_after(c, k)) > 0) {
            /* "Tổng thống Pháp", "Bộ trưởng Ngoại giao Nhật Bản": a foreign office. */
            k += country;
        } else if (((gz_longest(c->g, &c->t, k - 1, GZ_ORG_HEAD, true, &hl) != NULL && hl == 1) ||
                    gz_longest(c->g, &c->t, k - 1, GZ_ORG_ADMIN, true, &hl) != NULL) &&
                   ent_parse_org(c, k - 1, true, true, &o)) {
            /* "Trưởng Ban Tuyên giáo Thành ủy": the title's last word starts the body, which
             * is named with a capital ("Trưởng khoa Nhi": "Khoa Nhi"). */
            if (o.end > k) {
                k = o.end;
            }
            if (o.mention >= 0) {
                c->m[o.mention].norm = ent_capitalize(c, c->m[o.mention].norm);
            }
        } else if (any_case && k < c->t.n && (c->t.v[k].flags & ENT_TOK_CAP) &&
                   gz_longest(c->g, &c->t, k, GZ_ORG_HEAD, false, &hl) != NULL &&
                   (k + hl >= c->t.n || !(c->t.v[k + hl].flags & ENT_TOK_WORD))) {
            /* "..., Giám đốc Trung tâm, cho biết": the body named by its kind alone, as the
             * article named it in full before; the kind is still part of the title. */
            k += hl;
        } else if (k < c->t.n && (c->t.v[k].flags & ENT_TOK_CAP) && ent_full_name_at(c, k) == 0) {
            /* A body the gazetteer does not know: "Tổng Giám đốc Hanoi Metro Vũ Hồng Trường",
             * "..., Tổng Giám đốc Hanoi Metro, cho biết". Before a short name it is the name
             * ("Bác sĩ Lan"), so the body must be followed by a full name or, in apposition,
             * by punctuation. */
            size_t end = k;
            while (end < c->t.n && end - k < 6 && (c->t.v[end].flags & ENT_TOK_CAP) &&
                   (c->t.v[end].flags & ENT_TOK_WORD) && ent_full_name_at(c, end) == 0 &&
                   !ent_has_role(c, end, GZ_TITLE | GZ_HONORIFIC | GZ_TITLE_PREFIX, &hl)) {
                size_t next = ent_name_words(c, end, true);
                end = next > end ? next : end + 1;
            }
            if (end > k && (ent_full_name_at(c, end) > 0 ||
                            (any_case && (end >= c->t.n || !(c->t.v[end].flags & ENT_TOK_WORD))))) {
                /* Places named in it are places all the same ("Hanoi"). */
                for (size_t q = k; q < end; q++) {
                    const char *norm;
                    const struct gz_entry *known;
                    size_t used = ent_parse_place(c, q, NULL, true, &norm, &known);
                    q += used > 0 ? used - 1 : 0;
                }
                k = end;
            }
        }
        ent_add_title(c, start, k);
        n++;
        j = after_alias > k ? after_alias : k;
        if (j + 1 < c->t.n && ((c->t.v[j].flags & ENT_TOK_COMMA) || ent_is_word(c, j, "kiêm")) &&
            title_at(c, j + 1, any_case)) {
            j++;
            continue;
        }
        break;
    }
    if (n > 1) {
        ent_share_place(c, first_mention);
    }
    *count = n;
    return j;
}

/* A cue word may be capitalized only where a sentence or a quotation starts. */
static bool honorific_at(const struct ent_ctx *c, size_t i, size_t *len)
{
    if (gz_longest(c->g, &c->t, i, GZ_HONORIFIC, true, len) == NULL) {
        return false;
    }
    uint32_t f = c->t.v[i].flags;
    if (!(f & ENT_TOK_CAP) || (f & ENT_TOK_SENT_START)) {
        return true;
    }
    return i > 0 && (c->t.v[i - 1].flags &
                     (ENT_TOK_QUOTE_OPEN | ENT_TOK_QUOTE | ENT_TOK_OPEN_PAREN | ENT_TOK_DASH));
}

/* "Y Thiên", "A Phúc", "H'Luyến Knul": Ê Đê, Ba Na and Xơ Đăng names open with a word for the
 * person's gender (Y, A; H' is written joined to the name), and the name that follows is whole: the
 * family name, if any, comes last, and a short mention keeps the gender word. */
static bool gender_word_at(const struct ent_ctx *c, size_t j)
{
    const char *w = c->s + c->t.v[j].start;
    size_t len = c->t.v[j].end - c->t.v[j].start;
    return (len == 1 && (w[0] == 'Y' || w[0] == 'A')) ||
           (len > 2 && w[0] == 'H' && (w[1] == '\'' || memcmp(w + 1, "\xE2\x80\x99", 3) == 0));
}

static bool gender_word_name(const struct ent_ctx *c, size_t j, size_t n)
{
    return n >= 2 && gender_word_at(c, j);
}

/* "ông Y Bhim" after "Y Bhim Niê", "bà H'Yơn" after "H'Yơn Mlô": a later mention of such a name
 * drops its last words, not its first ones as a Kinh name does; it is the earlier person whose
 * name it opens. Returns that person's name, or NULL. */
static const char *gender_word_full(const struct ent_ctx *c, size_t j, size_t n)
{
    const char *own = c->s + c->t.v[j].start;
    size_t len = c->t.v[j + n - 1].end - c->t.v[j].start;
    for (size_t k = c->n; k > 0; k--) {
        const struct ent_mention *m = &c->m[k - 1];
        if (m->type == ENT_PERSON && !(m->flags & ENT_M_SHORT) && m->norm != NULL &&
            strncmp(m->norm, own, len) == 0 && m->norm[len] == ' ') {
            return m->norm;
        }
    }
    return NULL;
}

/* The person's age or year of birth written right after the name, ", 49 tuổi" or "(SN 1979,
 * trú ...)": its tokens from k (the bracket's end included), 0 if there is none. */
static size_t age_aside(const struct ent_ctx *c, size_t k)
{
    const struct ent_token *v = c->t.v;
    if (k + 2 >= c->t.n) {
        return 0;
    }
    if ((v[k].flags & ENT_TOK_COMMA) && (v[k + 1].flags & ENT_TOK_NUMBER) &&
        v[k + 1].end - v[k + 1].start <= 3 && ent_is_word(c, k + 2, "tuổi")) {
        return 3;
    }
    if (!(v[k].flags & ENT_TOK_OPEN_PAREN) ||
        !(ent_is_word(c, k + 1, "sn") || ent_is_word(c, k + 1, "ns") ||
          ent_is_word(c, k + 1, "sinh") ||
          ((v[k + 1].flags & ENT_TOK_NUMBER) && ent_is_word(c, k + 2, "tuổi")))) {
        return 0;
    }
    for (size_t q = k + 1; q < c->t.n && q < k + 24; q++) {
        if (v[q].flags & ENT_TOK_CLOSE_PAREN) {
            return q + 1 - k;
        }
        if (v[q].flags & (ENT_TOK_OPEN_PAREN | ENT_TOK_BREAK)) {
            break;
        }
    }
    return 0;
}

/* "A được chỉ định giữ chức Bí thư Đảng ủy xã ...", "B tiếp tục giữ chức vụ Chủ tịch UBND
 * ...": news of appointments give the office after the name. Returns where the title starts,
 * 0 if no such phrase follows at k. */
static size_t appointed_to(const struct ent_ctx *c, size_t k)
{
    static const char *const how[] = {"được",  "bầu",  "chỉ", "định", "bổ",
                                      "nhiệm", "tiếp", "tục", "tái",  "cử"};
    for (size_t words = 0; words < 5 && ent_is_lower_word(c, k); words++) {
        if (ent_is_word(c, k, "giữ") && ent_is_word(c, k + 1, "chức")) {
            k += ent_is_word(c, k + 2, "vụ") ? 3 : 2;
            return title_at(c, k, true) ? k : 0;
        }
        bool known = false;
        for (size_t q = 0; q < sizeof(how) / sizeof(how[0]) && !known; q++) {
            known = ent_is_word(c, k, how[q]);
        }
        if (!known) {
            return 0;
        }
        k++;
    }
    return 0;
}

/* Adds the person at [j, j + n) with the titles recorded since titles_before and any titles in
 * apposition after it; returns the end. */
static size_t add_person(struct ent_ctx *c, size_t j, size_t n, bool full, size_t titles_before)
{
    while (hyphen_part_at(c, j + n)) {
        n += 2; /* "Kim Sang-sik": a family name shared with Vietnamese, a Korean given name */
    }
    const char *norm = gender_word_at(c, j) ? gender_word_full(c, j, n) : NULL;
    if (norm != NULL) {
        full = true;
    } else {
        norm = ent_span_text(c, j, j + n);
    }
    long idx = ent_add(c, ENT_PERSON, j, j + n, norm, NULL, full ? 0 : ENT_M_SHORT);
    size_t k = j + n;
    /* Titles in apposition: after a comma, between dashes ("A - Chủ tịch UBND xã - cho biết")
     * or in brackets ("A (Giám đốc Sở Y tế)"), also after the person's age or year of birth
     * ("A, 49 tuổi, nguyên Trưởng phòng ...", "B (SN 1979), nguyên Phó Giám đốc ..."). */
    uint32_t opens = ENT_TOK_COMMA | ENT_TOK_DASH | ENT_TOK_OPEN_PAREN;
    size_t aside = age_aside(c, k);
    if (aside > 0 && k + aside + 1 < c->t.n && (c->t.v[k + aside].flags & ENT_TOK_COMMA) &&
        title_at(c, k + aside + 1, true)) {
        k += aside;
    }
    size_t office = appointed_to(c, k);
    if (office > 0) {
        size_t more;
        c->apposition = true;
        k = parse_titles(c, office, true, &more);
        c->apposition = false;
    } else if (k + 1 < c->t.n && (c->t.v[k].flags & opens) && title_at(c, k + 1, true)) {
        size_t more;
        c->apposition = true;
        k = parse_titles(c, k + 1, true, &more);
        c->apposition = false;
    }
    if (idx >= 0) {
        c->m[idx].title_first = (uint32_t)titles_before;
        c->m[idx].title_count = (uint32_t)(c->n_titles - titles_before);
    }
    return k;
}

/* A middle initial of a foreign name: one capital letter, a full stop right after it, and
 * the name going on ("Niels B. Christiansen"). */
static bool initial_at(const struct ent_ctx *c, size_t k)
{
    return k + 2 < c->t.n && (c->t.v[k].flags & ENT_TOK_CAP) && (c->t.v[k].flags & ENT_TOK_WORD) &&
           c->t.v[k].end - c->t.v[k].start == 1 && (c->t.v[k].flags & ENT_TOK_SPACE_BEFORE) &&
           (c->t.v[k + 1].flags & ENT_TOK_STOP) && c->t.v[k + 1].start == c->t.v[k].end &&
           c->t.v[k + 1].end - c->t.v[k + 1].start == 1 && ent_is_name_syllable(c, k + 2) &&
           (c->t.v[k + 2].flags & ENT_TOK_SPACE_BEFORE);
}

/* "bị cáo", "bị can", "đối tượng", "nạn nhân", "nghi phạm", "nghi can", "phạm nhân": forms of
 * address that are also common nouns of police and court news. */
static bool case_party_cue(const struct ent_ctx *c, size_t i)
{
    static const char *const pairs[][2] = {{"bị", "cáo"},   {"bị", "can"},    {"đối", "tượng"},
                                           {"nạn", "nhân"}, {"nghi", "phạm"}, {"nghi", "can"},
                                           {"phạm", "nhân"}};
    for (size_t k = 0; k < sizeof(pairs) / sizeof(pairs[0]); k++) {
        if (ent_is_word(c, i, pairs[k][0]) && ent_is_word(c, i + 1, pairs[k][1])) {
            return true;
        }
    }
    return false;
}

/* Whether a person named in full before ends with the n words at j ("Trương Mỹ Lan" for
 * "Lan"). */
static bool named_before(const struct ent_ctx *c, size_t j, size_t n)
{
    const char *own = c->s + c->t.v[j].start;
    size_t len = c->t.v[j + n - 1].end - c->t.v[j].start;
    for (size_t k = c->n; k > 0; k--) {
        const struct ent_mention *m = &c->m[k - 1];
        size_t nl = m->norm != NULL ? strlen(m->norm) : 0;
        if (m->type == ENT_PERSON && !(m->flags & ENT_M_SHORT) && nl > len &&
            m->norm[nl - len - 1] == ' ' && memcmp(m->norm + nl - len, own, len) == 0) {
            return true;
        }
    }
    return false;
}

/* "các đồng chí", "hai ông": the cue stands before a list of names. */
static bool plural_cue(const struct ent_ctx *c, size_t i)
{
    static const char *const words[] = {"các", "những", "hai", "ba", "bốn", "cùng"};
    for (size_t k = 0; i > 0 && k < sizeof(words) / sizeof(words[0]); k++) {
        if (ent_is_word(c, i - 1, words[k])) {
            return true;
        }
    }
    return false;
}

/*
 * The later people of a list after a plural cue: "các đồng chí Nguyễn Văn A, Trần Văn B và Lê
 * Thị C", each with the titles in apposition after it ("..., Phó Chủ tịch UBND tỉnh; ..."). Only
 * full names count: a family name and at least one more syllable. Returns the end.
 */
static size_t add_person_list(struct ent_ctx *c, size_t k)
{
    while (k + 1 < c->t.n &&
           (c->t.v[k].flags & (ENT_TOK_COMMA | ENT_TOK_SEMI) || ent_is_word(c, k, "và"))) {
        size_t n = ent_full_name_at(c, k + 1);
        if (n == 0) {
            break;
        }
        k = add_person(c, k + 1, n, true, c->n_titles);
    }
    return k;
}

size_t ent_rule_person(struct ent_ctx *c, size_t i)
{
    size_t len, j = i;
    bool cue = false;
    /* "Bà Rịa - Vũng Tàu", "Ông Ích Khiêm" street names: a longer known name wins. */
    if (gz_longest(c->g, &c->t, i, GZ_LOCATION | GZ_ORG, false, &len) != NULL && len >= 2) {
        return 0;
    }
    /* "Đại sứ quán" is a body, not the title "Đại sứ": the longer phrase wins. */
    size_t cue_len = 0, body_len = 0;
    if (gz_longest(c->g, &c->t, i, GZ_ORG_HEAD | GZ_ORG_ADMIN, false, &body_len) != NULL &&
        gz_longest(c->g, &c->t, i, GZ_TITLE | GZ_TITLE_PREFIX | GZ_HONORIFIC, true, &cue_len) !=
            NULL &&
        body_len > cue_len) {
        return 0;
    }
    bool list = false;
    if (honorific_at(c, i, &len)) {
        j += len;
        cue = true;
        list = plural_cue(c, i);
        if (list && j < c->t.n && (c->t.v[j].flags & ENT_TOK_COLON)) {
            j++; /* "các đồng chí: Nguyễn Đức Trung, ..." */
        }
    }
    size_t titles_before = c->n_titles, mentions_before = c->n, n_titles;
    j = parse_titles(c, j, false, &n_titles);
    if (!cue && n_titles == 0) {
        return 0;
    }
    size_t n = ent_full_name_at(c, j);
    /* "Đoàn Luật sư TP Hà Nội": a known place shaped like a name ("Hà Nội") is the place. */
    if (n > 0 && gz_longest(c->g, &c->t, j, GZ_LOCATION, false, &len) != NULL && len >= n) {
        n = 0;
    }
    bool full = n > 0;
    if (!full) {
        size_t initials = 0;
        /* Four syllables after a form of address: a Khmer name ("chị Sơn Thị Sa Rết"); five
         * after a gender word ("Y Khanh Hà Niê Kđăm"). */
        size_t most = 4 + (j < c->t.n && gender_word_at(c, j) ? 1 : 0);
        while (
            n < most + initials && ent_is_name_syllable(c, j + n) &&
            !ent_has_role(c, j + n, GZ_TITLE | GZ_ORG_ADMIN | GZ_DOC_TYPE | GZ_LOC_LEVEL, &len) &&
            (n == 0 || (c->t.v[j + n].flags & ENT_TOK_SPACE_BEFORE))) {
            n++;
            if (initial_at(c, j + n)) {
                n += 2; /* "Niels B. Christiansen" */
                initials += 2;
            } else if (hyphen_part_at(c, j + n)) {
                n += 2; /* "Kim Sang-sik", "Park Hang-seo" */
                initials += 2;
            }
        }
        /* A place or a country right after "ông"/"anh" is one ("anh Nga" aside, rare). */
        if (n > 0 && gz_longest(c->g, &c->t, j, GZ_LOCATION, false, &len) != NULL && len >= n &&
            len > 1) {
            n = 0;
        }
        /* "nguyên Bí thư Huyện ủy Mường Chà": a name after a body of local government that
         * names no place yet is its place; only a full name (or an Ê Đê name) is a person's. */
        if (n > 0 && n_titles > 0 && !gender_word_name(c, j, n) &&
            ent_preceded_by(c, j, GZ_ORG_ADMIN)) {
            n = 0;
        }
        /* "nguyên Phó Giám đốc Phòng giao dịch": after a title alone, a kind of body is the
         * body the title belongs to, written in lowercase, not a given name. */
        if (n == 1 && !cue && n_titles > 0 && ent_has_role(c, j, GZ_ORG_HEAD, &len)) {
            n = 0;
        }
        full = n - initials >= 3 || (initials > 0 && n > initials + 1) || gender_word_name(c, j, n);
        /* "nạn nhân Chất độc da cam", "đối tượng Bảo trợ xã hội": after a word for a party to a
         * case, a short name is one only when it names someone already named in full ("bị
         * cáo Lan" after "Trương Mỹ Lan"). */
        if (!full && n > 0 && n_titles == 0 && case_party_cue(c, i) && !named_before(c, j, n)) {
            n = 0;
        }
    }
    if (n == 0) {
        c->n_titles = titles_before;
        /* "Thường trực HĐND và UBND tỉnh": no one holds the title here, and the bodies are
         * listed; the organization rule reads them together. */
        if (n_titles > 0 && j + 1 < c->t.n &&
            ((c->t.v[j].flags & ENT_TOK_COMMA) || ent_is_word(c, j, "và")) &&
            (c->t.v[j + 1].flags & ENT_TOK_CAP) && ent_has_role(c, j + 1, GZ_ORG_ADMIN, &len)) {
            c->n = mentions_before;
            return 0;
        }
        return n_titles > 0 ? j - i : 0;
    }
    size_t end = add_person(c, j, n, full, titles_before);
    if (list && full) {
        end = add_person_list(c, end);
    }
    return end - i;
}

/* Whether a mention of this segment already covers a byte of [start, end). Mentions are added
 * in reading order, so only the last few can reach back that far. */
static bool mentioned(const struct ent_ctx *c, uint32_t start, uint32_t end)
{
    for (size_t k = c->n; k > 0 && c->n - k < 8; k--) {
        const struct ent_mention *m = &c->m[k - 1];
        if (m->seg == c->seg && m->start < end && m->end > start) {
            return true;
        }
    }
    return false;
}

/*
 * "Giàng A Páo (SN 1988)", "Chảo Láo Tả (29 tuổi)", "Rơ Châm Bloang, 49 tuổi, nguyên Trưởng
 * phòng ...", "A Phúc (sinh năm 1990, trú ...)": court and police news name the accused with
 * their year of birth or age right after the name, which makes the capitalized words before it
 * a person whatever their family name. The number at i is that year or age; the name before it
 * is read back from the bracket or comma. Returns the tokens used from i, 0 if not such.
 */
size_t ent_rule_person_aged(struct ent_ctx *c, size_t i)
{
    const struct ent_token *v = c->t.v;
    size_t digits = v[i].end - v[i].start, open, end, len;
    if (!(v[i].flags & ENT_TOK_NUMBER) || i < 3) {
        return 0;
    }
    if (digits == 4 && (ent_is_word(c, i - 1, "sn") || ent_is_word(c, i - 1, "ns"))) {
        open = i - 2; /* "(SN 1988" */
        end = i + 1;
    } else if (digits == 4 && ent_is_word(c, i - 1, "năm") && ent_is_word(c, i - 2, "sinh")) {
        open = i - 3; /* "(sinh năm 1990" */
        end = i + 1;
    } else if (digits <= 3 && ent_is_word(c, i + 1, "tuổi")) {
        open = i - 1; /* "(29 tuổi", ", 49 tuổi," */
        end = i + 2;
    } else {
        return 0;
    }
    if (open < 2 || !(v[open].flags & (ENT_TOK_OPEN_PAREN | ENT_TOK_COMMA))) {
        return 0;
    }
    /* The name: the whole run of capitalized syllables before the bracket, two to five. */
    size_t start = open;
    while (start > 0 && open - start < 5 && ent_is_name_syllable(c, start - 1) &&
           (start == open || (v[start].flags & ENT_TOK_SPACE_BEFORE))) {
        start--;
    }
    if (start > 0 && ent_is_name_syllable(c, start - 1) &&
        (v[start].flags & ENT_TOK_SPACE_BEFORE)) {
        return 0; /* a longer run of capitals is no name of this shape */
    }
    if ((v[start].flags & ENT_TOK_SENT_START) && open - start > 2 &&
        ent_full_name_at(c, start) == 0 && !gender_word_at(c, start)) {
        start++; /* "Theo Giàng A Páo (SN ...)": the word opening the sentence is no name's */
    }
    /* After a comma the age may follow anything ("Tại Mường Lát, 20 tuổi là ..."): only a name
     * that opens with a family name or a gender word is a person's there. */
    bool named = ent_full_name_at(c, start) > 0 || gender_word_at(c, start);
    if ((v[open].flags & ENT_TOK_COMMA) && !named) {
        return 0;
    }
    if (open - start < 2 || mentioned(c, v[start].start, v[open - 1].end) ||
        ent_has_role(c, start,
                     GZ_LOCATION | GZ_ORG | GZ_ORG_HEAD | GZ_ORG_ADMIN | GZ_ACRONYM | GZ_TITLE |
                         GZ_TITLE_PREFIX | GZ_HONORIFIC | GZ_LOC_LEVEL | GZ_DOC_TYPE |
                         GZ_EVENT_NAMED | GZ_NOT_PERSON,
                     &len)) {
        return 0;
    }
    size_t after = add_person(c, start, open - start, true, c->n_titles);
    return (after > end ? after : end) - i;
}

/*
 * "các trường THPT Lý Tự Trọng, Châu Văn Liêm": a kind of school written in lowercase before
 * its name, and the later names of the list, are schools named after people. Returns the
 * tokens used, 0 if there is no such school at i.
 */
static size_t lowercase_schools(struct ent_ctx *c, size_t i)
{
    size_t hl;
    struct ent_org o;
    if (gz_longest(c->g, &c->t, i, GZ_ORG_HEAD, true, &hl) == NULL || hl < 2 ||
        !ent_parse_org(c, i, false, true, &o) || o.mention < 0) {
        return 0;
    }
    c->m[o.mention].norm = ent_capitalize(c, c->m[o.mention].norm);
    const char *head = ent_capitalize(c, ent_span_text(c, i, i + hl));
    size_t k = o.end;
    while (plural_cue(c, i) && k + 1 < c->t.n &&
           ((c->t.v[k].flags & ENT_TOK_COMMA) || ent_is_word(c, k, "và")) &&
           ent_is_name_syllable(c, k + 1)) {
        size_t end = ent_name_words(c, k + 1, false);
        if (end <= k + 1) {
            break;
        }
        ent_add(c, ENT_ORGANIZATION, k + 1, end,
                ent_join(c, head, ent_span_text(c, k + 1, end), NULL), NULL, 0);
        k = end;
    }
    return k - i;
}

size_t ent_rule_not_person(struct ent_ctx *c, size_t i)
{
    size_t len, n_other;
    if (gz_longest(c->g, &c->t, i, GZ_NOT_PERSON, true, &len) == NULL || ent_cue_ends_word(c, i)) {
        return 0;
    }
    size_t schools = lowercase_schools(c, i);
    if (schools > 0) {
        return schools;
    }
    /* "đường Nguyễn Văn Cừ", "phố Hai Bà Trưng": a street, not a person; the name goes with it.
     * What starts a body or a title is no such name: "yêu cầu Ngân hàng ...", "trường hợp". */
    if (ent_has_role(c, i + len,
                     GZ_ORG | GZ_ORG_HEAD | GZ_ORG_ADMIN | GZ_ACRONYM | GZ_TITLE | GZ_TITLE_PREFIX,
                     &n_other)) {
        return 0;
    }
    size_t n = 0;
    while (n < 5 && ent_is_name_syllable(c, i + len + n)) {
        n++;
    }
    return n > 0 ? len + n : 0;
}

size_t ent_rule_person_bare(struct ent_ctx *c, size_t i)
{
    size_t len;
    size_t n = ent_full_name_at(c, i);
    if (n == 0) {
        return 0;
    }
    bool apposition =
        i + n + 1 < c->t.n && (c->t.v[i + n].flags & ENT_TOK_COMMA) && title_at(c, i + n + 1, true);
    if (n < 3 && !apposition) {
        return 0; /* "Lê Lợi", "Hà Nam": two syllables alone are as often streets or places */
    }
    if (gz_longest(c->g, &c->t, i, GZ_LOCATION | GZ_ORG, false, &len) != NULL && len >= n) {
        return 0;
    }
    return add_person(c, i, n, true, c->n_titles) - i;
}
