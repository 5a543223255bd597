/*
 * Merging mentions into entities, and writing them as JSON.
 *
 * Before grouping mentions by (type, fold key of the normalized name):
 *   - a short name ("ông Hiểu") takes the key of the nearest full name ending with it;
 *   - a body without its place ("Thành ủy", "HĐND thành phố") takes the key of the one body
 *     of the same kind that has a place, when there is exactly one;
 *   - a quoted span counts only when an event of that name was found;
 *   - a span already taken by another mention is not counted twice.
 * An entity is then reported at its first mention in the text (else its first anywhere), with
 * the number of mentions, a person's titles from all mentions, and any expansion.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "enrich_entities_internal.h"

static const char *const type_names[] = {"person", "organization", "location", "document", "event"};

struct merge_entity {
    size_t head, tail; /* the entity's mentions, linked through merge.next */
    size_t first;      /* mention that comes first in reading order */
    size_t rep;        /* mention reported: first in the text segment if any */
    size_t canon;      /* mention whose normalized name is the entity's */
    size_t count;
    const char *expansion;
};

struct merge {
    struct ent_ctx *c;
    const char **key; /* per mention: fold key, or NULL when the mention is dropped */
    size_t *entity;   /* per mention: entity index */
    size_t *next;     /* per mention: the entity's next mention, SIZE_MAX at the end */
    struct merge_entity *ents;
    size_t n_ents;
    size_t *table; /* hash table of entity indexes + 1 */
    size_t mask;
    json_t *type_json[5]; /* the "type" strings, made once and shared by the entities */
    /* Also made once per article and shared, since each JSON value costs allocations: the
     * counts most entities have, and the empty "titles" of every entity that has none (no one
     * appends to a record's titles; the record is written out as it is). */
    json_t *count_json[8];
    json_t *no_titles;
};

/* A JSON string of s[0, len), checked for UTF-8 here, faster than jansson does (the segments
 * are normalized text, but a caller may hand over raw bytes); NULL if it is not UTF-8 (or on
 * allocation failure). Checking the strings costs less than checking whole segments. */
static json_t *string_n(const char *s, size_t len)
{
    return ent_utf8_valid(s, len) ? json_stringn_nocheck(s, len) : NULL;
}

static json_t *type_string(struct merge *mg, uint8_t type)
{
    if (mg->type_json[type] == NULL) {
        mg->type_json[type] = json_string_nocheck(type_names[type]);
    }
    return json_incref(mg->type_json[type]);
}

/* json_object_set_new_nocheck() with the key's length known: the keys are literals. */
#define SET_NEW(o, key, value) json_object_setn_new_nocheck(o, key, sizeof(key) - 1, value)

static json_t *count_value(struct merge *mg, size_t count)
{
    if (count >= sizeof(mg->count_json) / sizeof(mg->count_json[0])) {
        return json_integer((json_int_t)count);
    }
    if (mg->count_json[count] == NULL) {
        mg->count_json[count] = json_integer((json_int_t)count);
    }
    return json_incref(mg->count_json[count]);
}

/* Reading order of a segment: kicker, title, text. */
static int seg_rank(uint8_t seg)
{
    return seg == ENRICH_SEG_KICKER ? 0 : seg == ENRICH_SEG_TITLE ? 1 : 2;
}

static bool before(const struct ent_mention *a, const struct ent_mention *b)
{
    int ra = seg_rank(a->seg), rb = seg_rank(b->seg);
    return ra != rb ? ra < rb : a->start < b->start;
}

static bool same_or_null(const char *a, const char *b)
{
    return a == NULL || b == NULL ? a == b : strcmp(a, b) == 0;
}

/* The key of the one body of kind head (at level, when both name one; owned by a body of kind
 * owner, when owner is given) that has a place, or NULL when there is none or more than one
 * key. */
static const char *body_with_place(const struct merge *mg, const char *head, const char *level,
                                   const char *owner)
{
    const struct ent_ctx *c = mg->c;
    const char *found = NULL;
    for (size_t j = 0; j < c->n; j++) {
        const struct ent_mention *f = &c->m[j];
        if (f->type != ENT_ORGANIZATION || (f->flags & ENT_M_PARTIAL) || f->head == NULL ||
            strcmp(f->head, head) != 0 || mg->key[j] == NULL) {
            continue;
        }
        if (level != NULL && f->level != NULL && strcmp(level, f->level) != 0) {
            continue;
        }
        if (owner != NULL && (f->owner_head == NULL || strcmp(owner, f->owner_head) != 0)) {
            continue;
        }
        if (found != NULL && strcmp(found, mg->key[j]) != 0) {
            return NULL;
        }
        found = mg->key[j];
    }
    return found;
}

/* "Công an đã bắt giữ ...", "Đảng bộ đã lãnh đạo ...": a kind of body that every place has,
 * named with neither level nor place and linked to none the article names, is no entity. */
static bool generic_body(const char *norm)
{
    static const char *const kinds[] = {"Công an",
                                        "Đảng bộ",
                                        "Đảng ủy",
                                        "Mặt trận Tổ quốc",
                                        "Tòa án nhân dân",
                                        "Viện kiểm sát nhân dân",
                                        "Viện Kiểm sát nhân dân",
                                        NULL};
    for (size_t k = 0; kinds[k] != NULL; k++) {
        if (strcmp(norm, kinds[k]) == 0) {
            return true;
        }
    }
    return false;
}

static int link_partial_bodies(struct merge *mg)
{
    struct ent_ctx *c = mg->c;
    /* The answer depends only on the kind and level asked for, and the bodies that have a
     * place keep their keys here: each (kind, level) is looked for once, however many times
     * the article names it without a place. There are as many as the gazetteer has kinds of
     * bodies and levels, at most. */
    struct memo {
        const char *head, *level, *owner, *found;
    } *memo = NULL;
    size_t n_memo = 0, cap_memo = 0;
    for (size_t i = 0; i < c->n; i++) {
        const struct ent_mention *m = &c->m[i];
        if (m->type != ENT_ORGANIZATION || !(m->flags & ENT_M_PARTIAL) || m->head == NULL) {
            continue;
        }
        size_t k = 0;
        while (k < n_memo &&
               !(strcmp(memo[k].head, m->head) == 0 && same_or_null(memo[k].level, m->level) &&
                 same_or_null(memo[k].owner, m->owner_head))) {
            k++;
        }
        if (k == n_memo) {
            if (n_memo == cap_memo) {
                size_t cap = cap_memo ? cap_memo * 2 : 16;
                struct memo *v = realloc(memo, cap * sizeof(*v));
                if (v == NULL) {
                    free(memo);
                    return ENRICH_ERR_NOMEM;
                }
                memo = v;
                cap_memo = cap;
            }
            memo[n_memo++] = (struct memo){m->head, m->level, m->owner_head,
                                           body_with_place(mg, m->head, m->level, m->owner_head)};
        }
        if (memo[k].found != NULL) {
            mg->key[i] = memo[k].found;
        } else if (m->level == NULL && m->owner_head == NULL && generic_body(m->norm)) {
            mg->key[i] = NULL;
        }
    }
    free(memo);
    return 0;
}

static uint64_t entity_hash(uint8_t type, const char *key)
{
    return ent_hash_key(key, strlen(key)) ^ ((uint64_t)type * 0x9E3779B97F4A7C15ull);
}

static void group(struct merge *mg)
{
    struct ent_ctx *c = mg->c;
    for (size_t i = 0; i < c->n; i++) {
        if (mg->key[i] == NULL) {
            continue;
        }
        const struct ent_mention *m = &c->m[i];
        size_t at = (size_t)entity_hash(m->type, mg->key[i]) & mg->mask;
        for (;;) {
            size_t e = mg->table[at];
            if (e == 0) {
                struct merge_entity *ne = &mg->ents[mg->n_ents];
                ne->first = ne->rep = ne->canon = i;
                ne->head = ne->tail = i;
                ne->count = 0;
                mg->table[at] = ++mg->n_ents;
                mg->entity[i] = mg->n_ents - 1;
                break;
            }
            size_t r = mg->ents[e - 1].first;
            if (c->m[r].type == m->type && strcmp(mg->key[r], mg->key[i]) == 0) {
                mg->entity[i] = e - 1;
                break;
            }
            at = (at + 1) & mg->mask;
        }
        struct merge_entity *ent = &mg->ents[mg->entity[i]];
        mg->next[i] = SIZE_MAX;
        if (ent->count > 0) {
            mg->next[ent->tail] = i;
            ent->tail = i;
        }
        ent->count++;
        const struct ent_mention *first = &c->m[ent->first], *rep = &c->m[ent->rep];
        if (before(m, first)) {
            ent->first = i;
        }
        bool rep_in_text = rep->seg == ENRICH_SEG_TEXT;
        if ((m->seg == ENRICH_SEG_TEXT && (!rep_in_text || m->start < rep->start)) ||
            (!rep_in_text && m->seg != ENRICH_SEG_TEXT && before(m, rep))) {
            ent->rep = i;
        }
        /* The normalized name comes from a full mention (not "ông Hiểu", not "Thành ủy"). */
        const struct ent_mention *canon = &c->m[ent->canon];
        bool m_full = !(m->flags & (ENT_M_SHORT | ENT_M_PARTIAL | ENT_M_QUOTE));
        bool canon_full = !(canon->flags & (ENT_M_SHORT | ENT_M_PARTIAL | ENT_M_QUOTE));
        if ((m_full && !canon_full) || (m_full == canon_full && before(m, canon))) {
            ent->canon = i;
        }
        if (ent->expansion == NULL && m->expansion != NULL) {
            ent->expansion = m->expansion;
        }
    }
}

static int write_titles(struct merge *mg, size_t e, const struct enrich_doc *doc, json_t *arr)
{
    struct ent_ctx *c = mg->c;
    char seen[1024];
    size_t seen_len = 0;
    seen[0] = '\0';
    for (size_t i = mg->ents[e].head; i != SIZE_MAX; i = mg->next[i]) {
        const struct ent_mention *m = &c->m[i];
        for (uint32_t t = 0; t < m->title_count; t++) {
            const struct ent_span *sp = &c->titles[m->title_first + t];
            const char *s = doc->seg[sp->seg].s + sp->start;
            size_t len = sp->end - sp->start;
            char key[512];
            long kl = enrich_fold(s, len, key, sizeof(key) - 1);
            if (kl <= 0) {
                continue;
            }
            key[kl] = '\n';
            key[kl + 1] = '\0';
            /* seen holds "key\n" lines: a title said twice is listed once. */
            bool dup = false;
            for (const char *p = seen; *p != '\0';) {
                const char *nl = strchr(p, '\n');
                if ((size_t)(nl - p) == (size_t)kl && memcmp(p, key, (size_t)kl) == 0) {
                    dup = true;
                    break;
                }
                p = nl + 1;
            }
            if (dup) {
                continue;
            }
            if (seen_len + (size_t)kl + 2 < sizeof(seen)) {
                memcpy(seen + seen_len, key, (size_t)kl + 2);
                seen_len += (size_t)kl + 1;
            }
            if (json_array_append_new(arr, string_n(s, len)) != 0) {
                return ENRICH_ERR_NOMEM;
            }
        }
    }
    return 0;
}

static int cmp_first(const void *a, const void *b, void *arg)
{
    const struct merge *mg = arg;
    const struct ent_mention *ma = &mg->c->m[mg->ents[*(const size_t *)a].first];
    const struct ent_mention *mb = &mg->c->m[mg->ents[*(const size_t *)b].first];
    if (before(ma, mb)) {
        return -1;
    }
    return before(mb, ma) ? 1 : 0;
}

/* A span's offset as written: null at once for a mention outside the text when the core reads
 * the notes, since it would only replace the integer with null (and jansson grows a full
 * object's table to set a key again). */
static json_t *offset_value(const struct enrich_doc *doc, const struct ent_mention *rep, size_t off)
{
    if (doc->notes != NULL && rep->seg != ENRICH_SEG_TEXT) {
        return json_null();
    }
    return json_integer((json_int_t)off);
}

static int write_entity(struct merge *mg, size_t e, const struct enrich_doc *doc, json_t *entities)
{
    const struct merge_entity *ent = &mg->ents[e];
    const struct ent_mention *rep = &mg->c->m[ent->rep];
    const struct ent_mention *canon = &mg->c->m[ent->canon];
    const char *seg = doc->seg[rep->seg].s;
    json_t *o = json_object();
    json_t *titles = NULL;
    if (o != NULL && rep->type == ENT_PERSON) {
        titles = json_array();
    } else if (o != NULL) {
        if (mg->no_titles == NULL) {
            mg->no_titles = json_array();
        }
        titles = json_incref(mg->no_titles);
    }
    if (o == NULL || titles == NULL) {
        json_decref(o);
        json_decref(titles);
        return ENRICH_ERR_NOMEM;
    }
    int rc = 0;
    if (rep->type == ENT_PERSON) {
        rc = write_titles(mg, e, doc, titles);
    }
    /* The keys are ours and plain ASCII: no need for jansson to check them. With notes, the
     * segment goes to the note instead of a key the core would only delete. A name written as
     * it is normalized shares the text's string. */
    json_t *text = NULL, *start = NULL, *end = NULL;
    const char *span = seg + rep->start;
    size_t span_len = rep->end - rep->start, norm_len = strlen(canon->norm);
    if (rc != 0 || SET_NEW(o, "type", type_string(mg, rep->type)) != 0 ||
        SET_NEW(o, "text", text = string_n(span, span_len)) != 0 ||
        SET_NEW(o, "normalized",
                norm_len == span_len && memcmp(canon->norm, span, span_len) == 0
                    ? json_incref(text)
                    : string_n(canon->norm, norm_len)) != 0 ||
        SET_NEW(o, "start", start = offset_value(doc, rep, rep->start)) != 0 ||
        SET_NEW(o, "end", end = offset_value(doc, rep, rep->end)) != 0 ||
        (doc->notes == NULL && SET_NEW(o, "segment", json_integer(rep->seg)) != 0) ||
        SET_NEW(o, "count", count_value(mg, ent->count)) != 0 ||
        SET_NEW(o, "titles", titles) != 0 ||
        SET_NEW(o, "expansion",
                ent->expansion ? string_n(ent->expansion, strlen(ent->expansion)) : json_null()) !=
            0 ||
        json_array_append_new(entities, o) != 0) {
        if (rc == 0) {
            rc = ENRICH_ERR_NOMEM;
        }
        json_decref(o);
        return rc;
    }
    if (doc->notes != NULL) {
        return enrich_span_notes_add(doc->notes, o, start, end, text, rep->seg);
    }
    return 0;
}

int ent_merge_write(struct ent_ctx *c, const struct enrich_doc *doc, json_t *entities)
{
    if (c->n == 0) {
        return 0;
    }
    struct merge mg = {.c = c};
    int rc = ENRICH_ERR_NOMEM;
    /* One block for the per-mention arrays, the entities and their hash table (at most half
     * full); only the entities and the table start zeroed. Everything in it is 8-byte aligned,
     * the entities first. */
    size_t n = c->n, size = 16;
    while (size < n * 2) {
        size *= 2;
    }
    /* In the core's scratch block when there is one (kept from one article to the next). */
    struct enrich_block own = {0};
    char *block = enrich_block_reserve(
        doc->scratch != NULL ? doc->scratch : &own,
        n * (sizeof(*mg.ents) + sizeof(*mg.key) + 3 * sizeof(size_t)) + size * sizeof(*mg.table));
    if (block == NULL) {
        goto done;
    }
    mg.ents = (struct merge_entity *)block;
    mg.key = (const char **)(mg.ents + n);
    mg.entity = (size_t *)(mg.key + n);
    mg.next = mg.entity + n;
    size_t *order = mg.next + n;
    mg.table = order + n;
    memset(mg.ents, 0, n * sizeof(*mg.ents));
    memset(mg.table, 0, size * sizeof(*mg.table));
    mg.mask = size - 1;
    for (size_t i = 0; i < c->n; i++) {
        const char *norm = c->m[i].norm;
        mg.key[i] = c->m[i].key ? c->m[i].key : ent_fold_dup(c, norm, strlen(norm));
        if (mg.key[i] == NULL) {
            goto done;
        }
        if (mg.key[i][0] == '\0') {
            mg.key[i] = NULL;
        }
    }
    if ((rc = ent_link_short_names(c, mg.key)) != 0) {
        goto done;
    }
    if ((rc = link_partial_bodies(&mg)) != 0 || (rc = ent_drop_quotes(c, mg.key)) != 0) {
        goto done;
    }
    group(&mg);
    for (size_t e = 0; e < mg.n_ents; e++) {
        order[e] = e;
    }
    /* Entities are created in nearly reading order (only quotations and a body's place come
     * out of turn), so an insertion sort is close to linear and needs no shared state. */
    for (size_t a = 1; a < mg.n_ents; a++) {
        size_t v = order[a], b = a;
        while (b > 0 && cmp_first(&v, &order[b - 1], &mg) < 0) {
            order[b] = order[b - 1];
            b--;
        }
        order[b] = v;
    }
    for (size_t e = 0; e < mg.n_ents && rc == 0; e++) {
        rc = write_entity(&mg, order[e], doc, entities);
    }
done:
    for (size_t k = 0; k < sizeof(mg.type_json) / sizeof(mg.type_json[0]); k++) {
        json_decref(mg.type_json[k]);
    }
    for (size_t k = 0; k < sizeof(mg.count_json) / sizeof(mg.count_json[0]); k++) {
        json_decref(mg.count_json[k]);
    }
    json_decref(mg.no_titles);
    enrich_block_release(&own);
    return rc;
}
