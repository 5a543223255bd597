/*
 * Organizations.
 *
 * Organizations come in three shapes: a fixed name from the gazetteer ("Bộ Chính trị"), a body
 * of a level of government followed by a level word and a place ("UBND tỉnh An Giang",
 * "Thành ủy Cần Thơ", "HĐND thành phố"), and a kind of organization followed by its name
 * ("Sở Giáo dục và Đào tạo", "Công ty TNHH MTV Xổ số kiến thiết Cần Thơ";
 * enrich_entities_names.c reads the name). What follows the name may belong to the body: its
 * place, the body it is part of ("Phòng Cảnh sát hình sự Công an TP Cần Thơ"), its acronym in
 * brackets, a branch ("Chi nhánh tỉnh Sóc Trăng").
 */
#include <string.h>
#include <strings.h>

#include "enrich_entities_internal.h"

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
    long owner_mention;        /* the mention of the owning body, or -1 */
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
    w->owner_mention = -1;
    const struct gz_entry *lv = gz_longest(c->g, &c->t, j, GZ_LOC_LEVEL, false, &len);
    const struct gz_entry *loc = gz_longest(c->g, &c->t, j, GZ_LOCATION, false, &loc_len);
    /* "Ban Thường vụ Tỉnh ủy": a body whose name starts with a level word is the owner. */
    size_t admin_len = 0;
    if (lv != NULL && ent_is_cap_word(c, j) &&
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
    if (ent_is_cap_word(c, j) && ent_has_role(c, j, GZ_ORG_ADMIN | GZ_ORG_OWNER, &len) &&
        ent_parse_org(c, j, in_title, false, &owner) && owner.mention >= 0) {
        w->owner = c->m[owner.mention].norm;
        w->owner_mention = owner.mention;
        w->end = owner.end;
    }
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

/*
 * The place written right after a party committee without level word, unknown to the
 * gazetteer: "Huyện ủy Trần Đề tổ chức...", "Bí thư Huyện ủy Trần Đề Lâm Hoàng Nghiệp". The
 * committee names the level; the capitalized run after it is the place, except, before a
 * person's name, the full name that ends the run. Fills w when it finds one.
 */
static void committee_place(struct ent_ctx *c, const char *head_key, size_t j, bool in_title,
                            struct ent_where *w)
{
    const char *level = committee_level(head_key);
    size_t run = 0, place = 0;
    if (level == NULL) {
        return;
    }
    while (run < 7 && ent_is_name_syllable(c, j + run) &&
           (c->t.v[j + run].flags & ENT_TOK_SPACE_BEFORE)) {
        run++;
    }
    if (in_title && !c->apposition) {
        for (size_t p = 2; p <= 4 && p + 2 <= run; p++) {
            if (ent_full_name_at(c, j + p) == run - p) {
                place = p;
                break;
            }
        }
    } else if (run >= 1 && run <= 4) {
        size_t len;
        place = ent_has_role(c, j, ENT_RULE_ROLES | GZ_LOCATION, &len) ? 0 : run;
    }
    if (place == 0) {
        return;
    }
    /* The committee says the level ("Huyện ủy Trần Đề"); the place's own name carries it
     * ("huyện Trần Đề"). */
    w->place = ent_span_text(c, j, j + place);
    w->written = NULL;
    w->level = NULL;
    w->end = j + place;
    ent_add(c, ENT_LOCATION, j, j + place, ent_join(c, level, w->place, NULL), NULL, 0);
}

/* "Ban Thường vụ Tỉnh ủy" after "Ban Thường vụ Tỉnh ủy Bạc Liêu": a body that belongs to one
 * named without its place is as partial as its owner, and links only to a body of the same kind
 * of owner (never the Huyện ủy's). */
static void take_owner(const struct ent_ctx *c, struct ent_mention *m, const struct ent_where *w)
{
    if (w->owner_mention < 0) {
        return;
    }
    const struct ent_mention *owner = &c->m[w->owner_mention];
    m->owner_head = owner->head;
    if (owner->flags & ENT_M_PARTIAL) {
        m->flags |= ENT_M_PARTIAL;
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
    if (w.place == NULL && w.owner == NULL && w.written == NULL) {
        committee_place(c, head_key, i + len, in_title, &w);
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
    take_owner(c, m, &w);
    out->end = w.end;
    out->mention = idx;
    return true;
}

/* "Vụ Hè Thu", "vụ Đông Xuân": a crop season, not a department; its name is made of seasons. */
static bool crop_season(const struct ent_ctx *c, size_t i, size_t j)
{
    static const char *const seasons[] = {"xuân", "hè", "thu", "đông", "mùa"};
    if (j != i + 1 || !ent_is_word(c, i, "vụ")) {
        return false;
    }
    for (size_t k = 0; k < sizeof(seasons) / sizeof(seasons[0]); k++) {
        if (ent_is_word(c, j, seasons[k])) {
            return true;
        }
    }
    return false;
}

/* Whether the kind at [i, i + len) names bodies of the state, which are never named after a
 * person: "Phó Giám đốc Sở Lê Văn Thắng" is the office of Sở and then a person, while a school,
 * a hospital or a company may well bear a name ("Trường THPT Lê Quý Đôn"). */
static bool kind_never_a_persons_name(const struct ent_ctx *c, size_t i, size_t len)
{
    static const char *const one[] = {"sở", "bộ", "cục", "vụ", "ban", "phòng", NULL};
    static const char *const two[][2] = {{"chi", "cục"}, {"tổng", "cục"},  {"văn", "phòng"},
                                         {"ủy", "ban"},  {"thanh", "tra"}, {NULL, NULL}};
    if (len == 1) {
        for (size_t k = 0; one[k] != NULL; k++) {
            if (ent_is_word(c, i, one[k])) {
                return true;
            }
        }
    } else if (len == 2) {
        for (size_t k = 0; two[k][0] != NULL; k++) {
            if (ent_is_word(c, i, two[k][0]) && ent_is_word(c, i + 1, two[k][1])) {
                return true;
            }
        }
    }
    return false;
}

/* Whether the level word at j ends the phrase: punctuation, the text's end or a lowercase word
 * follows ("Bệnh viện Đa khoa tỉnh, ...", "Trung tâm Y tế huyện đã ..."), not a name. */
static bool level_closes(const struct ent_ctx *c, size_t j)
{
    size_t len;
    if (gz_longest(c->g, &c->t, j, GZ_LOC_LEVEL, false, &len) == NULL || ent_is_cap_word(c, j)) {
        return false;
    }
    size_t k = j + len;
    return k >= c->t.n || !(c->t.v[k].flags & ENT_TOK_WORD) || !(c->t.v[k].flags & ENT_TOK_CAP);
}

static bool parse_named(struct ent_ctx *c, size_t i, size_t len, bool in_title, struct ent_org *out)
{
    size_t j = i + len, flen;
    if (crop_season(c, i, j)) {
        return false;
    }
    while (gz_longest(c->g, &c->t, j, GZ_ORG_FORM, true, &flen) != NULL) {
        j += flen;
    }
    size_t name_end = ent_name_words(c, j, in_title);
    if (name_end > j && ent_full_name_at(c, j) >= name_end - j &&
        kind_never_a_persons_name(c, i, len)) {
        name_end = j; /* "Sở Lê Văn Thắng": the name is the person's after the office */
    }
    long idx = ent_add(c, ENT_ORGANIZATION, i, i + len, "", NULL, 0);
    if (idx < 0) {
        return false;
    }
    struct ent_where w;
    bool bare_level = false;
    if (name_end > j) {
        /* In a title the level alone is part of the body: "Trưởng phòng Kinh tế huyện". */
        parse_where(c, name_end, in_title, in_title, &w);
    } else {
        /* "Đại học Cần Thơ": the place is the name; a kind of two words or more names a body
         * with any place after its level word ("Trung tâm Y tế huyện Trần Đề"). */
        parse_where(c, j, in_title, false, &w);
        if (w.place == NULL && len >= 2 && w.written == NULL && level_closes(c, j)) {
            /* "Bệnh viện Đa khoa tỉnh", "Trung tâm Y tế huyện": the body of the level the
             * article is about, linked below to the one it names with its place. */
            parse_where(c, j, in_title, true, &w);
            bare_level = w.level != NULL && w.place == NULL;
        }
        if (!bare_level && (w.place == NULL || (!w.known && (len < 2 || w.written == NULL)))) {
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
    if (where != NULL && w.owner == NULL) {
        m->level = w.written; /* "..., Trưởng Ban Chỉ đạo ... tỉnh Sóc Trăng" shares it */
    }
    if (where == NULL && w.level == NULL) {
        m->flags |= ENT_M_PARTIAL;
    }
    if (bare_level) {
        m->flags |= ENT_M_PARTIAL;
        m->level = w.level;
    }
    take_owner(c, m, &w);
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
size_t ent_attach_place(struct ent_ctx *c, long idx, size_t j, bool in_title, bool extend)
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
            if (m->type != ENT_ORGANIZATION || !(m->flags & ENT_M_PARTIAL) || m->head == NULL ||
                m->owner_head != NULL) {
                continue; /* a body that belongs to another takes that one's place */
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

#define ORG_ROLES (GZ_ORG | GZ_ORG_ADMIN | GZ_ORG_HEAD | GZ_ACRONYM)

/*
 * The kind of a body written with lowercase inner words where the gazetteer has the official
 * capitals: regional papers write "Tổng lãnh sự quán", "Hội Liên hiệp phụ nữ", "Ban Chỉ huy
 * quân sự" as often as not. Such a spelling reads as the body only when it opens with a
 * capital and what follows says it is one: a level and a place ("Ban chỉ huy quân sự huyện
 * Phong Điền"), a known place, or a capitalized name after a kind ("Tổng lãnh sự quán Việt
 * Nam"); "Ban tổ chức cho biết" stays the organizers. Returns the entry, or NULL.
 */
static const struct gz_entry *loose_kind(struct ent_ctx *c, size_t i, size_t strict_len,
                                         size_t *len)
{
    if (!ent_is_cap_word(c, i)) {
        return NULL;
    }
    const struct gz_entry *e = gz_longest(c->g, &c->t, i, GZ_ORG_ADMIN | GZ_ORG_HEAD, true, len);
    if (e == NULL || *len <= strict_len || *len < 2 || (e->roles & (GZ_ORG | GZ_ACRONYM))) {
        return NULL;
    }
    size_t l2;
    if (ent_has_role(c, i + *len, GZ_LOC_LEVEL | GZ_LOCATION, &l2)) {
        return e;
    }
    if ((e->roles & GZ_ORG_HEAD) && ent_is_name_syllable(c, i + *len) &&
        !(c->t.v[i + *len].flags & ENT_TOK_SENT_START)) {
        return e;
    }
    return NULL;
}

bool ent_parse_org(struct ent_ctx *c, size_t i, bool in_title, bool any_case, struct ent_org *out)
{
    size_t len = 0;
    out->end = i;
    out->mention = -1;
    const struct gz_entry *e = gz_longest(c->g, &c->t, i, ORG_ROLES, any_case, &len);
    if (!any_case && (e == NULL || (e->roles & ORG_ROLES) == 0 || !(e->roles & GZ_ORG))) {
        size_t loose_len;
        const struct gz_entry *loose = loose_kind(c, i, e != NULL ? len : 0, &loose_len);
        if (loose != NULL) {
            e = loose;
            len = loose_len;
        }
    }
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
            out->end = ent_attach_place(c, out->mention, out->end, in_title, true);
        }
        return out->mention >= 0;
    }
    if ((e->roles & GZ_ACRONYM) && e->acr_kind == GZ_ACR_ORG) {
        out->mention = ent_add(c, ENT_ORGANIZATION, i, i + len, e->name, e->expansion, 0);
        if (out->mention < 0) {
            return false;
        }
        /* "Sở GD&ĐT" alone is the "Sở GD&ĐT Quảng Ninh" the article names, like "Sở Y tế". */
        struct ent_mention *m = &c->m[out->mention];
        m->head = ent_fold_dup(c, e->name, strlen(e->name));
        m->flags |= ENT_M_PARTIAL;
        out->end = ent_attach_place(c, out->mention, i + len, in_title, true);
        /* "Cơ quan CSĐT Công an tỉnh Yên Bái", "Phòng CSGT Công an tỉnh": a unit named by its
         * acronym, then the body it belongs to, as when it is written out. */
        struct ent_org owner;
        size_t ol;
        long unit = out->mention;
        if (out->end == i + len && ent_is_cap_word(c, out->end) &&
            ent_has_role(c, out->end, GZ_ORG_ADMIN | GZ_ORG_OWNER, &ol) &&
            ent_parse_org(c, out->end, in_title, false, &owner) && owner.mention >= 0) {
            m = &c->m[unit];
            m->norm = ent_join(c, m->norm, c->m[owner.mention].norm, NULL);
            m->expansion = m->norm;
            m->flags &= (uint8_t)~ENT_M_PARTIAL;
            m->end = c->t.v[owner.end - 1].end;
            out->end = owner.end;
        }
        return true;
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
            o.end = ent_attach_place(c, o.mention, o.end + used, false, false);
            c->aliases[c->n_aliases - 1].norm = c->m[o.mention].norm;
        } else {
            o.end += used;
        }
    }
    return o.end - i;
}
