/*
 * Short names to full names, when merging: "ông Hiểu" takes the key of the nearest "Phạm Văn
 * Hiểu" before it (else the first after it); without a full name, that of a longer short name
 * ("anh Sang" -> "anh Tư Sang"); a birth-order name alone ("ông Hai") that of the one nickname
 * it opens ("Hai Lúa").
 *
 * A short name must find its candidates without looking at every other mention, or a long
 * article that names many people by their short names would cost the square of its mentions.
 * So every person's key is indexed by each of its endings after a space ("phạm văn hiểu" under
 * "văn hiểu" and "hiểu"): a short name's candidates are the mentions under its own key. The
 * full names under each ending are sorted by reading order, so that the nearest one before a
 * mention is a binary search; short names are linked lists, since their keys change as they
 * are linked (a later short name sees an earlier one under its new key, as the rule always
 * did).
 */
#include <stdlib.h>
#include <string.h>

#include "enrich_entities_internal.h"

/* A string of the index: a person's key, or one of its endings after a space. */
struct sn_group {
    const char *s;
    size_t len;
    size_t off, cnt; /* full names ending so: sn.full[off, off + cnt) */
    size_t first;    /* the lowest of their mention indexes */
    size_t head;     /* short names ending so: sn.pool index + 1, 0 for none */
    size_t live;     /* short names whose key is this string (for nicknames) */
    int birth;       /* the birth-order name of a two-word key "hai lúa", else -1 */
    uint64_t hash;
};

/* A full name under one of its endings. */
struct sn_full {
    size_t group, rank, start, m;
};

/* A short name under one of its endings, made from its key group kg. */
struct sn_entry {
    size_t m, kg, next;
};

#define BIRTH_NAMES 10
/* Southern birth-order names ("Hai", "Tư", "Út") that, with a given name after them, make a
 * nickname ("Hai Lúa", "Tư Sang", "Sáu Dân") by which a person is then called alone ("ông
 * Hai"). Fold keys. */
static const char *const birth_order_names[BIRTH_NAMES] = {"hai", "ba",  "tư",   "năm",  "sáu",
                                                           "bảy", "tám", "chín", "mười", "út"};

struct sn {
    const struct ent_ctx *c;
    const char **key;
    struct sn_group *groups;
    size_t n_groups;
    size_t *slots; /* group index + 1 */
    size_t mask;
    struct sn_full *full;
    size_t n_full;
    struct sn_entry *pool;
    size_t n_pool, cap_pool;
    size_t *kg; /* per mention: group of its current key + 1, 0 when not indexed */
    /* Per birth-order name: how many two-word keys opening with it have short names now, and
     * the sum of their groups (the group itself when there is one). */
    size_t birth_live[BIRTH_NAMES], birth_sum[BIRTH_NAMES];
};

static size_t rank_of(const struct ent_mention *m)
{
    return m->seg == ENRICH_SEG_KICKER ? 0 : m->seg == ENRICH_SEG_TITLE ? 1 : 2;
}

/* Reading order, as merging uses it: segment rank, then start. */
static bool before(const struct ent_mention *a, const struct ent_mention *b)
{
    size_t ra = rank_of(a), rb = rank_of(b);
    return ra != rb ? ra < rb : a->start < b->start;
}

static size_t group_find(const struct sn *sn, const char *s, size_t len, uint64_t h)
{
    for (size_t at = (size_t)h & sn->mask;; at = (at + 1) & sn->mask) {
        size_t g = sn->slots[at];
        if (g == 0) {
            return SIZE_MAX;
        }
        const struct sn_group *grp = &sn->groups[g - 1];
        if (grp->hash == h && grp->len == len && memcmp(grp->s, s, len) == 0) {
            return g - 1;
        }
    }
}

/* The group of s[0, len), added when new (the table has room for every string). */
static size_t group_of(struct sn *sn, const char *s, size_t len)
{
    uint64_t h = ent_hash_key(s, len);
    size_t g = group_find(sn, s, len, h);
    if (g != SIZE_MAX) {
        return g;
    }
    size_t at = (size_t)h & sn->mask;
    while (sn->slots[at] != 0) {
        at = (at + 1) & sn->mask;
    }
    g = sn->n_groups++;
    sn->slots[at] = g + 1;
    struct sn_group *grp = &sn->groups[g];
    memset(grp, 0, sizeof(*grp));
    grp->s = s;
    grp->len = len;
    grp->hash = h;
    grp->first = SIZE_MAX;
    grp->birth = -1;
    /* A two-word key opening with a birth-order name is a nickname. */
    const char *space = memchr(s, ' ', len);
    if (space != NULL && space > s &&
        memchr(space + 1, ' ', len - (size_t)(space + 1 - s)) == NULL) {
        size_t first = (size_t)(space - s);
        for (int b = 0; b < BIRTH_NAMES; b++) {
            if (strlen(birth_order_names[b]) == first &&
                memcmp(birth_order_names[b], s, first) == 0) {
                grp->birth = b;
            }
        }
    }
    return g;
}

static bool is_short_person(const struct ent_mention *m)
{
    return m->type == ENT_PERSON && (m->flags & ENT_M_SHORT);
}

/* Files short name m under each ending of its key, whose group is kg. */
static void add_short(struct sn *sn, size_t m, size_t kg)
{
    const struct sn_group *k = &sn->groups[kg];
    for (size_t q = 0; q + 1 < k->len; q++) {
        if (k->s[q] != ' ') {
            continue;
        }
        size_t g = group_find(sn, k->s + q + 1, k->len - q - 1,
                              ent_hash_key(k->s + q + 1, k->len - q - 1));
        struct sn_entry *e = &sn->pool[sn->n_pool];
        e->m = m;
        e->kg = kg;
        e->next = sn->groups[g].head;
        sn->groups[g].head = ++sn->n_pool;
    }
}

/* Counts (or uncounts, by -1) a short name under the key of group kg, for nicknames. */
static void count_live(struct sn *sn, size_t kg, int by)
{
    struct sn_group *g = &sn->groups[kg];
    if (g->birth < 0) {
        return;
    }
    size_t before_live = g->live;
    g->live = by > 0 ? g->live + 1 : g->live - 1;
    if (before_live == 0 && g->live == 1) {
        sn->birth_live[g->birth]++;
        sn->birth_sum[g->birth] += kg;
    } else if (before_live == 1 && g->live == 0) {
        sn->birth_live[g->birth]--;
        sn->birth_sum[g->birth] -= kg;
    }
}

static int cmp_full(const void *a, const void *b)
{
    const struct sn_full *x = a, *y = b;
    if (x->group != y->group) {
        return x->group < y->group ? -1 : 1;
    }
    if (x->rank != y->rank) {
        return x->rank < y->rank ? -1 : 1;
    }
    if (x->start != y->start) {
        return x->start < y->start ? -1 : 1;
    }
    return x->m < y->m ? -1 : x->m > y->m;
}

/* Counts what the index will hold; returns false when nothing is to be linked. */
static bool size_index(const struct ent_ctx *c, const char **key, size_t *strings, size_t *fulls,
                       size_t *shorts)
{
    size_t max_spaces = 0, n_short = 0;
    bool any_short = false;
    *strings = *fulls = *shorts = 0;
    for (size_t i = 0; i < c->n; i++) {
        if (c->m[i].type != ENT_PERSON || key[i] == NULL) {
            continue;
        }
        size_t spaces = 0;
        for (const char *p = key[i]; *p != '\0'; p++) {
            spaces += *p == ' ';
        }
        max_spaces = spaces > max_spaces ? spaces : max_spaces;
        *strings += 1 + spaces;
        if (c->m[i].flags & ENT_M_SHORT) {
            any_short = true;
            n_short++;
            *shorts += spaces;
        } else {
            *fulls += spaces;
        }
    }
    /* A short name linked takes a new key, filed again under its endings. */
    *shorts += n_short * max_spaces;
    return any_short;
}

static int build(struct sn *sn)
{
    const struct ent_ctx *c = sn->c;
    size_t strings, fulls, shorts;
    if (!size_index(c, sn->key, &strings, &fulls, &shorts)) {
        return 1;
    }
    size_t size = 16;
    while (size < strings * 2) {
        size *= 2;
    }
    sn->mask = size - 1;
    sn->slots = calloc(size, sizeof(*sn->slots));
    sn->groups = malloc(strings * sizeof(*sn->groups));
    sn->full = malloc((fulls ? fulls : 1) * sizeof(*sn->full));
    sn->pool = malloc((shorts ? shorts : 1) * sizeof(*sn->pool));
    sn->kg = calloc(c->n, sizeof(*sn->kg));
    if (sn->slots == NULL || sn->groups == NULL || sn->full == NULL || sn->pool == NULL ||
        sn->kg == NULL) {
        return ENRICH_ERR_NOMEM;
    }
    sn->cap_pool = shorts;
    /* Every person's key and its endings get a group first, so that filing never adds one. */
    for (size_t i = 0; i < c->n; i++) {
        if (c->m[i].type != ENT_PERSON || sn->key[i] == NULL) {
            continue;
        }
        const char *k = sn->key[i];
        size_t len = strlen(k);
        sn->kg[i] = group_of(sn, k, len) + 1;
        for (size_t q = 0; q + 1 < len; q++) {
            if (k[q] == ' ') {
                size_t g = group_of(sn, k + q + 1, len - q - 1);
                if (!(c->m[i].flags & ENT_M_SHORT)) {
                    sn->full[sn->n_full++] =
                        (struct sn_full){g, rank_of(&c->m[i]), c->m[i].start, i};
                }
            }
        }
    }
    qsort(sn->full, sn->n_full, sizeof(*sn->full), cmp_full);
    for (size_t k = 0; k < sn->n_full; k++) {
        struct sn_group *g = &sn->groups[sn->full[k].group];
        if (g->cnt++ == 0) {
            g->off = k;
        }
        if (sn->full[k].m < g->first) {
            g->first = sn->full[k].m;
        }
    }
    for (size_t i = 0; i < c->n; i++) {
        if (is_short_person(&c->m[i]) && sn->kg[i] != 0) {
            add_short(sn, i, sn->kg[i] - 1);
            count_live(sn, sn->kg[i] - 1, 1);
        }
    }
    return 0;
}

/* The full name ending with the key of group g for mention m: the nearest before m in reading
 * order (the first of those at the same place), else the first of all; SIZE_MAX for none. */
static size_t nearest_full(const struct sn *sn, size_t g, const struct ent_mention *m)
{
    const struct sn_group *grp = &sn->groups[g];
    if (grp->cnt == 0) {
        return SIZE_MAX;
    }
    const struct sn_full *v = sn->full + grp->off;
    size_t rank = rank_of(m), lo = 0, hi = grp->cnt;
    while (lo < hi) { /* first entry not before m */
        size_t mid = lo + (hi - lo) / 2;
        if (v[mid].rank < rank || (v[mid].rank == rank && v[mid].start < m->start)) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    if (lo == 0) {
        return grp->first;
    }
    size_t k = lo - 1;
    while (k > 0 && v[k - 1].rank == v[k].rank && v[k - 1].start == v[k].start) {
        k--;
    }
    return v[k].m;
}

/* The same among the short names filed under group g now. */
static size_t nearest_short(const struct sn *sn, size_t g, const struct ent_mention *m)
{
    const struct ent_mention *mentions = sn->c->m;
    size_t best_before = SIZE_MAX, first = SIZE_MAX;
    for (size_t e = sn->groups[g].head; e != 0; e = sn->pool[e - 1].next) {
        const struct sn_entry *en = &sn->pool[e - 1];
        if (sn->kg[en->m] != en->kg + 1) {
            continue; /* filed under a key it no longer has */
        }
        const struct ent_mention *f = &mentions[en->m];
        if (before(f, m)) {
            const struct ent_mention *b = best_before != SIZE_MAX ? &mentions[best_before] : NULL;
            if (b == NULL || before(b, f) || (!before(f, b) && en->m < best_before)) {
                best_before = en->m;
            }
        } else if (en->m < first) {
            first = en->m;
        }
    }
    return best_before != SIZE_MAX ? best_before : first;
}

/* The one nickname that opens with the birth-order name of group g's key, or SIZE_MAX. */
static size_t nickname(const struct sn *sn, size_t g)
{
    const struct sn_group *grp = &sn->groups[g];
    for (int b = 0; b < BIRTH_NAMES; b++) {
        if (strlen(birth_order_names[b]) == grp->len &&
            memcmp(birth_order_names[b], grp->s, grp->len) == 0) {
            return sn->birth_live[b] == 1 ? sn->birth_sum[b] : SIZE_MAX;
        }
    }
    return SIZE_MAX;
}

int ent_link_short_names(const struct ent_ctx *c, const char **key)
{
    struct sn sn = {.c = c, .key = key};
    int rc = build(&sn);
    if (rc != 0) {
        rc = rc > 0 ? 0 : rc;
        goto done;
    }
    for (size_t i = 0; i < c->n; i++) {
        const struct ent_mention *m = &c->m[i];
        if (!is_short_person(m) || sn.kg[i] == 0) {
            continue;
        }
        size_t g = sn.kg[i] - 1, best = nearest_full(&sn, g, m), to = SIZE_MAX;
        if (best == SIZE_MAX) {
            best = nearest_short(&sn, g, m);
        }
        if (best != SIZE_MAX) {
            key[i] = key[best];
            to = sn.kg[best] - 1;
        } else if ((to = nickname(&sn, g)) != SIZE_MAX) {
            key[i] = sn.groups[to].s;
        }
        if (to != SIZE_MAX && to != g) {
            count_live(&sn, g, -1);
            count_live(&sn, to, 1);
            sn.kg[i] = to + 1;
            add_short(&sn, i, to);
        }
    }
done:
    free(sn.slots);
    free(sn.groups);
    free(sn.full);
    free(sn.pool);
    free(sn.kg);
    return rc;
}
