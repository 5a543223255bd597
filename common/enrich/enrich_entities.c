/*
 * Entities: people, organizations, places, documents and events named in an article.
 *
 * Each segment (kicker, title, text: reading order) is cut into tokens once; then one pass
 * over the tokens tries the rules at each word, the first that applies consumes its tokens, and
 * mentions pile up in the context. Afterwards mentions are merged into entities (short names
 * to full names, bodies without place to the one with it, defined acronyms) and written out
 * (enrich_entities_merge.c). Strings live in a per-call arena: a handful of allocations per
 * article, none per token.
 */
#include <stdlib.h>
#include <string.h>

#include "enrich_entities_internal.h"

#define ARENA_CHUNK 16384

struct ent_arena_chunk {
    struct ent_arena_chunk *next;
    size_t used, size;
    char data[];
};

/* What enrich_entities_find() keeps from one article to the next when the core asks it to
 * (enrich_doc.entities_keep): its arrays at their capacity, and one chunk of the arena. Beyond
 * ENRICH_SCRATCH_KEEP_MAX, an array is freed rather than kept. */
struct enrich_entities_scratch {
    struct ent_tokens t;
    struct ent_mention *m;
    size_t cap;
    struct ent_span *titles;
    size_t cap_titles;
    struct ent_arena_chunk *arena; /* one chunk of ARENA_CHUNK bytes, or NULL */
};

static void arena_free(struct ent_arena_chunk *a)
{
    while (a != NULL) {
        struct ent_arena_chunk *next = a->next;
        free(a);
        a = next;
    }
}

void enrich_entities_scratch_free(struct enrich_entities_scratch *s)
{
    if (s == NULL) {
        return;
    }
    ent_tokens_free(&s->t);
    free(s->m);
    free(s->titles);
    arena_free(s->arena);
    free(s);
}

/* Starts c with the memory kept in *keep, if any. */
static void scratch_lend(struct ent_ctx *c, struct enrich_entities_scratch *keep)
{
    if (keep == NULL) {
        return;
    }
    c->t = keep->t;
    c->m = keep->m;
    c->cap = keep->cap;
    c->titles = keep->titles;
    c->cap_titles = keep->cap_titles;
    c->arena = keep->arena;
    memset(keep, 0, sizeof(*keep));
}

/* Moves c's memory into *keep (made when NULL) for the next call, or frees it when there is no
 * keep or no memory for one. */
static void scratch_return(struct ent_ctx *c, struct enrich_entities_scratch **keep)
{
    struct enrich_entities_scratch *s = keep != NULL ? *keep : NULL;
    if (keep != NULL && s == NULL) {
        s = *keep = calloc(1, sizeof(*s));
    }
    if (s == NULL) {
        ent_tokens_free(&c->t);
        free(c->m);
        free(c->titles);
        arena_free(c->arena);
        return;
    }
    if (c->t.cap * sizeof(*c->t.v) + c->t.keys_cap > ENRICH_SCRATCH_KEEP_MAX) {
        ent_tokens_free(&c->t);
    }
    s->t = c->t;
    if (c->cap * sizeof(*c->m) > ENRICH_SCRATCH_KEEP_MAX) {
        free(c->m);
        c->m = NULL;
        c->cap = 0;
    }
    s->m = c->m;
    s->cap = c->cap;
    if (c->cap_titles * sizeof(*c->titles) > ENRICH_SCRATCH_KEEP_MAX) {
        free(c->titles);
        c->titles = NULL;
        c->cap_titles = 0;
    }
    s->titles = c->titles;
    s->cap_titles = c->cap_titles;
    /* One chunk of the common size is kept, emptied; larger ones served one long string. */
    struct ent_arena_chunk *kept = NULL;
    while (c->arena != NULL) {
        struct ent_arena_chunk *next = c->arena->next;
        if (kept == NULL && c->arena->size == ARENA_CHUNK) {
            kept = c->arena;
            kept->next = NULL;
            kept->used = 0;
        } else {
            free(c->arena);
        }
        c->arena = next;
    }
    s->arena = kept;
}

char *ent_alloc(struct ent_ctx *c, size_t len)
{
    struct ent_arena_chunk *a = c->arena;
    if (a == NULL || a->size - a->used < len) {
        size_t size = len > ARENA_CHUNK ? len : ARENA_CHUNK;
        a = malloc(sizeof(*a) + size);
        if (a == NULL) {
            c->err = ENRICH_ERR_NOMEM;
            return NULL;
        }
        a->next = c->arena;
        a->used = 0;
        a->size = size;
        c->arena = a;
    }
    char *p = a->data + a->used;
    a->used += len;
    return p;
}

const char *ent_strndup(struct ent_ctx *c, const char *s, size_t len)
{
    char *p = ent_alloc(c, len + 1);
    if (p == NULL) {
        return NULL;
    }
    memcpy(p, s, len);
    p[len] = '\0';
    return p;
}

const char *ent_fold_dup(struct ent_ctx *c, const char *s, size_t len)
{
    /* Room for 3 bytes per input byte and the NUL, and one more so that enrich_fold() sees
     * len < cap / 3 and takes its fast path. */
    size_t cap = len * 3 + 4;
    char *p = ent_alloc(c, cap);
    if (p == NULL) {
        return NULL;
    }
    if (enrich_fold(s, len, p, cap) < 0) {
        p[0] = '\0';
    }
    return p;
}

const char *ent_span_text(struct ent_ctx *c, size_t i, size_t j)
{
    if (j <= i) {
        return ent_strndup(c, "", 0);
    }
    size_t start = c->t.v[i].start, end = c->t.v[j - 1].end;
    char *p = (char *)ent_strndup(c, c->s + start, end - start);
    if (p == NULL) {
        return NULL;
    }
    /* The core already writes Đ for Ð (U+00D0, same UTF-8 length); do it again for callers
     * that hand over raw text, so normalized names never carry it. */
    for (char *q = p; q[0] != '\0' && q[1] != '\0'; q++) {
        if ((unsigned char)q[0] == 0xC3 && (unsigned char)q[1] == 0x90) {
            q[0] = (char)0xC4;
            q[1] = (char)0x90;
        } else if ((unsigned char)q[0] == 0xC3 && (unsigned char)q[1] == 0xB0) {
            q[0] = (char)0xC4;
            q[1] = (char)0x91;
        }
    }
    return p;
}

const char *ent_capitalize(struct ent_ctx *c, const char *s)
{
    unsigned char b0 = s != NULL ? (unsigned char)s[0] : 0;
    bool ascii = b0 >= 'a' && b0 <= 'z';
    bool dd = b0 == 0xC4 && (unsigned char)s[1] == 0x91; /* đ */
    if (!ascii && !dd) {
        return s;
    }
    char *p = (char *)ent_strndup(c, s, strlen(s));
    if (p == NULL) {
        return NULL;
    }
    if (ascii) {
        p[0] = (char)(b0 - 'a' + 'A');
    } else {
        p[1] = (char)0x90;
    }
    return p;
}

const char *ent_join(struct ent_ctx *c, const char *a, const char *b, const char *d)
{
    const char *parts[3] = {a, b, d};
    size_t len = 0;
    for (int k = 0; k < 3; k++) {
        if (parts[k] != NULL && parts[k][0] != '\0') {
            len += strlen(parts[k]) + 1;
        }
    }
    char *p = ent_alloc(c, len + 1);
    if (p == NULL) {
        return NULL;
    }
    size_t at = 0;
    for (int k = 0; k < 3; k++) {
        if (parts[k] != NULL && parts[k][0] != '\0') {
            if (at > 0) {
                p[at++] = ' ';
            }
            size_t n = strlen(parts[k]);
            memcpy(p + at, parts[k], n);
            at += n;
        }
    }
    p[at] = '\0';
    return p;
}

long ent_add(struct ent_ctx *c, enum ent_type type, size_t i, size_t j, const char *norm,
             const char *expansion, unsigned flags)
{
    if (c->err != 0 || norm == NULL || j <= i) {
        return -1;
    }
    if (c->n == c->cap) {
        size_t cap = c->cap ? c->cap * 2 : 64;
        struct ent_mention *m = realloc(c->m, cap * sizeof(*m));
        if (m == NULL) {
            c->err = ENRICH_ERR_NOMEM;
            return -1;
        }
        c->m = m;
        c->cap = cap;
    }
    struct ent_mention *m = &c->m[c->n];
    memset(m, 0, sizeof(*m));
    m->type = (uint8_t)type;
    m->seg = c->seg;
    m->flags = (uint8_t)flags;
    m->start = c->t.v[i].start;
    m->end = c->t.v[j - 1].end;
    m->norm = norm;
    m->expansion = expansion;
    return (long)c->n++;
}

int ent_add_title(struct ent_ctx *c, size_t i, size_t j)
{
    if (c->err != 0 || j <= i) {
        return -1;
    }
    if (c->n_titles == c->cap_titles) {
        size_t cap = c->cap_titles ? c->cap_titles * 2 : 32;
        struct ent_span *v = realloc(c->titles, cap * sizeof(*v));
        if (v == NULL) {
            c->err = ENRICH_ERR_NOMEM;
            return -1;
        }
        c->titles = v;
        c->cap_titles = cap;
    }
    c->titles[c->n_titles].seg = c->seg;
    c->titles[c->n_titles].start = c->t.v[i].start;
    c->titles[c->n_titles].end = c->t.v[j - 1].end;
    c->n_titles++;
    return 0;
}

bool ent_has_role(const struct ent_ctx *c, size_t i, uint32_t roles, size_t *len)
{
    size_t n = 0;
    if (i >= c->t.n) {
        return false;
    }
    const struct gz_entry *e = gz_longest(c->g, &c->t, i, roles, false, &n);
    if (e != NULL && len != NULL) {
        *len = n;
    }
    return e != NULL;
}

bool ent_preceded_by(const struct ent_ctx *c, size_t i, uint32_t roles)
{
    size_t len;
    for (size_t back = 1; back <= 2 && back <= i; back++) {
        if (gz_longest(c->g, &c->t, i - back, roles, true, &len) != NULL && i - back + len == i) {
            return true;
        }
    }
    return false;
}

typedef size_t (*ent_rule_fn)(struct ent_ctx *c, size_t i);

/* A rule, and what a token must have for it to apply: one of the gazetteer roles of the phrases
 * starting there, or one of the token flags. Order is priority: a document number or a quoted
 * campaign name is never a name; a person's cue word decides before an organization (whose
 * parts the person rule parses itself). */
struct ent_rule {
    ent_rule_fn fn;
    uint32_t roles;
    uint32_t flags;
};

static const struct ent_rule rules_vi[] = {
    {ent_rule_document, GZ_DOC_TYPE, ENT_TOK_DIGIT},
    {ent_rule_person_aged, 0, ENT_TOK_DIGIT},
    {ent_rule_event, GZ_EVENT_QUOTED | GZ_EVENT_NAMED | GZ_EVENT_FIXED | GZ_EVENT_SESSION, 0},
    {ent_rule_person, GZ_HONORIFIC | GZ_TITLE | GZ_TITLE_PREFIX, 0},
    {ent_rule_organization, GZ_ORG | GZ_ORG_ADMIN | GZ_ORG_HEAD | GZ_ACRONYM, 0},
    {ent_rule_location, GZ_LOCATION | GZ_LOC_LEVEL | GZ_LOC_PREP | GZ_ACRONYM, 0},
    {ent_rule_feature, GZ_LOC_FEATURE, 0},
    {ent_rule_not_person, GZ_NOT_PERSON, 0},
    {ent_rule_alias, 0, ENT_TOK_ALLCAPS},
    {ent_rule_person_bare, GZ_SURNAME, 0},
};

static void scan_segment(struct ent_ctx *c)
{
    /* A word starts a rule through a role of the phrases starting with it; beyond those, only
     * numbers and acronyms (Vietnamese) or any capitalized word (English) do: gz_annotate()
     * marked those tokens. The rules never change the tokens, so the loop keeps them local. */
    const struct ent_token *v = c->t.v;
    size_t n = c->t.n, i = 0;
    uint32_t candidate = c->english ? ENT_TOK_RULE_EN : ENT_TOK_RULE_VI;
    while (i < n && c->err == 0) {
        /* Most tokens start no rule: passed over in a loop of their own. */
        while (i < n && !(v[i].flags & candidate)) {
            i++;
        }
        if (i == n) {
            break;
        }
        const struct ent_token *tok = &v[i];
        size_t used = 0;
        if (c->english) {
            used = ent_rule_english(c, i);
        } else {
            /* The table spelled out, so that each test is against constants and each rule is
             * called directly. */
            uint32_t roles = tok->first_roles, flags = tok->flags;
#define TRY(r)                                                                                     \
    do {                                                                                           \
        if (used == 0 && ((roles & rules_vi[r].roles) || (flags & rules_vi[r].flags))) {           \
            used = rules_vi[r].fn(c, i);                                                           \
        }                                                                                          \
    } while (0)
            _Static_assert(sizeof(rules_vi) / sizeof(rules_vi[0]) == 10, "one TRY per rule");
            TRY(0);
            TRY(1);
            TRY(2);
            TRY(3);
            TRY(4);
            TRY(5);
            TRY(6);
            TRY(7);
            TRY(8);
            TRY(9);
#undef TRY
        }
        i += used > 0 ? used : 1;
    }
    ent_rule_quotes(c);
}

/* A headline in Title Case ("Mùa Xuân Trên Cao Nguyên Đá"): four words or more, every one
 * opening with a capital. Such a headline capitalizes every word, so capitals there say nothing
 * of a name. */
static bool title_case_headline(const struct ent_ctx *c)
{
    size_t words = 0;
    for (size_t i = 0; i < c->t.n; i++) {
        if (ent_is_lower_word(c, i)) {
            return false;
        }
        words += ent_is_cap_word(c, i);
    }
    return words >= 4;
}

/* Whether a person's title or an honorific ends right before token k ("Ông", "Bí Thư"). */
static bool cue_before(const struct ent_ctx *c, size_t k)
{
    for (size_t back = 1; back <= 4 && back <= k; back++) {
        size_t len = 0;
        if (gz_longest(c->g, &c->t, k - back, GZ_TITLE | GZ_TITLE_PREFIX | GZ_HONORIFIC, true,
                       &len) != NULL &&
            len == back) {
            return true;
        }
    }
    return false;
}

/* Marks the people of a Title Case headline found from capitals alone, mentions [from, c->n):
 * no title and no honorific before them. */
static void mark_caps_title_people(struct ent_ctx *c, size_t from)
{
    if (c->seg != ENRICH_SEG_TITLE || from == c->n || !title_case_headline(c)) {
        return;
    }
    size_t k = 0;
    for (size_t i = from; i < c->n; i++) {
        struct ent_mention *m = &c->m[i];
        if (m->type != ENT_PERSON || m->title_count > 0 || (m->flags & ENT_M_SHORT)) {
            continue;
        }
        while (k < c->t.n && c->t.v[k].start < m->start) {
            k++;
        }
        m->flags |= cue_before(c, k) ? ENT_M_CAPS_CUED : ENT_M_CAPS_TITLE;
    }
}

/* Whether the text names the person of headline mention m: by the same name (exact), or by a
 * name the headline's runs on from ("Lò Văn Hùng" for "Lò Văn Hùng Nhận", !exact). */
static bool named_in_text(const struct ent_ctx *c, const struct ent_mention *m, bool exact)
{
    size_t ml = m->norm != NULL ? strlen(m->norm) : 0;
    for (size_t j = 0; ml > 0 && j < c->n; j++) {
        const struct ent_mention *o = &c->m[j];
        if (o->seg != ENRICH_SEG_TEXT || o->type != ENT_PERSON || o->norm == NULL ||
            (o->flags & ENT_M_SHORT)) {
            continue;
        }
        size_t ol = strlen(o->norm);
        if (exact ? ol == ml && memcmp(o->norm, m->norm, ml) == 0
                  : ol < ml && m->norm[ol] == ' ' && memcmp(o->norm, m->norm, ol) == 0) {
            return true;
        }
    }
    return false;
}

/* Drops the people marked by mark_caps_title_people(): one read from capitals alone unless the
 * text names it, and one after a cue whose name the text shows ends sooner (a Title Case
 * headline capitalizes the verb after the name too). */
static void drop_caps_title_people(struct ent_ctx *c)
{
    size_t kept = 0;
    for (size_t i = 0; i < c->n; i++) {
        const struct ent_mention *m = &c->m[i];
        bool drop = ((m->flags & ENT_M_CAPS_TITLE) && !named_in_text(c, m, true)) ||
                    ((m->flags & ENT_M_CAPS_CUED) && named_in_text(c, m, false));
        if (!drop) {
            c->m[kept++] = *m;
        }
    }
    c->n = kept;
}

int enrich_entities_find(const struct enrich_gazetteer *g, const struct enrich_doc *doc,
                         json_t *entities)
{
    if (g == NULL || doc == NULL || !json_is_array(entities)) {
        return ENRICH_ERR_INVALID;
    }
    struct ent_ctx c;
    memset(&c, 0, sizeof(c));
    scratch_lend(&c, doc->entities_keep != NULL ? *doc->entities_keep : NULL);
    c.g = g;
    c.english = doc->lang == ENRICH_LANG_EN;
    /* Reading order: the kicker stands above the title, the title above the text. */
    static const uint8_t order[] = {ENRICH_SEG_KICKER, ENRICH_SEG_TITLE, ENRICH_SEG_TEXT};
    size_t longest = 0;
    for (size_t k = 0; k < sizeof(order); k++) {
        const struct enrich_segment *seg = &doc->seg[order[k]];
        if (seg->s != NULL && seg->len <= UINT32_MAX / 4 && seg->len > longest) {
            longest = seg->len;
        }
    }
    if (ent_tokens_reserve(&c.t, longest) != 0) {
        c.err = ENRICH_ERR_NOMEM;
    }

    for (size_t k = 0; k < sizeof(order) && c.err == 0; k++) {
        const struct enrich_segment *seg = &doc->seg[order[k]];
        if (seg->s == NULL || seg->len == 0 || seg->len > UINT32_MAX / 4) {
            continue;
        }
        c.seg = order[k];
        c.s = seg->s;
        c.len = seg->len;
        if (gz_tokenize(g, seg->s, seg->len, &c.t) != 0) {
            c.err = ENRICH_ERR_NOMEM;
            break;
        }
        size_t first_mention = c.n;
        scan_segment(&c);
        mark_caps_title_people(&c, first_mention);
        ent_keys_from_tokens(&c, first_mention);
    }
    int rc = c.err;
    if (rc == 0) {
        drop_caps_title_people(&c);
        ent_link_document_numbers(&c);
        rc = ent_merge_write(&c, doc, entities);
    }
    scratch_return(&c, doc->entities_keep);
    return rc;
}
