/*
 * Quoted spans, when merging: a quotation counts as a mention of an event only when an event
 * of that name was found ("Dân vận khéo" after the campaign's name), and not when another
 * mention already holds its span (a quoted name that a rule read, the same quotation noted
 * twice).
 *
 * Quotations are checked in mention order, and one dropped no longer holds its span for those
 * after it. Each check must not look at every other mention, or an article full of quotations
 * would cost the square of its mentions: the mentions sit in a tree by (segment, start) that
 * gives the furthest end among those starting at or before a point, and the events' names in a
 * hash set.
 */
#include <stdlib.h>
#include <string.h>

#include "enrich_entities_internal.h"

struct qt_item {
    uint32_t seg, start;
    size_t m;
};

struct qt {
    const struct ent_ctx *c;
    const char **key;
    struct qt_item *items; /* the mentions with a key, by (segment, start) */
    size_t n;
    size_t *leaf;   /* per mention: its place in items, SIZE_MAX without a key */
    uint64_t *tree; /* max over a range of items of end + 1 (0: no longer holds its span) */
    size_t size;
    const char **events; /* hash set of the events' keys */
    size_t events_mask;
};

static int cmp_item(const void *a, const void *b)
{
    const struct qt_item *x = a, *y = b;
    if (x->seg != y->seg) {
        return x->seg < y->seg ? -1 : 1;
    }
    if (x->start != y->start) {
        return x->start < y->start ? -1 : 1;
    }
    return x->m < y->m ? -1 : x->m > y->m;
}

static void tree_set(struct qt *q, size_t at, uint64_t value)
{
    size_t p = at + q->size;
    q->tree[p] = value;
    for (p >>= 1; p > 0; p >>= 1) {
        uint64_t l = q->tree[2 * p], r = q->tree[2 * p + 1];
        q->tree[p] = l > r ? l : r;
    }
}

static uint64_t tree_max(const struct qt *q, size_t lo, size_t hi)
{
    uint64_t best = 0;
    for (lo += q->size, hi += q->size; lo < hi; lo >>= 1, hi >>= 1) {
        if (lo & 1) {
            best = q->tree[lo] > best ? q->tree[lo] : best;
            lo++;
        }
        if (hi & 1) {
            hi--;
            best = q->tree[hi] > best ? q->tree[hi] : best;
        }
    }
    return best;
}

/* The first item at or after (seg, start). */
static size_t lower_bound(const struct qt *q, uint32_t seg, uint32_t start)
{
    size_t lo = 0, hi = q->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const struct qt_item *it = &q->items[mid];
        if (it->seg < seg || (it->seg == seg && it->start < start)) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    return lo;
}

/* Whether a mention other than m that still holds its span covers m's. */
static bool covered(struct qt *q, size_t m)
{
    const struct ent_mention *men = &q->c->m[m];
    size_t from = lower_bound(q, men->seg, 0);
    size_t to = men->start == UINT32_MAX ? q->n : lower_bound(q, men->seg, men->start + 1);
    return tree_max(q, from, to) >= (uint64_t)men->end + 1;
}

static bool is_event(const struct ent_mention *m)
{
    return m->type == ENT_EVENT && !(m->flags & ENT_M_QUOTE);
}

static bool event_named(const struct qt *q, const char *key)
{
    size_t len = strlen(key);
    for (size_t at = (size_t)ent_hash_key(key, len) & q->events_mask;;
         at = (at + 1) & q->events_mask) {
        if (q->events[at] == NULL) {
            return false;
        }
        if (strcmp(q->events[at], key) == 0) {
            return true;
        }
    }
}

/* The hash set of the events' keys. */
static int build_events(struct qt *q)
{
    const struct ent_ctx *c = q->c;
    size_t n_events = 0, slots = 16;
    for (size_t i = 0; i < c->n; i++) {
        n_events += q->key[i] != NULL && is_event(&c->m[i]);
    }
    while (slots < n_events * 2) {
        slots *= 2;
    }
    q->events_mask = slots - 1;
    q->events = calloc(slots, sizeof(*q->events));
    if (q->events == NULL) {
        return ENRICH_ERR_NOMEM;
    }
    for (size_t i = 0; i < c->n; i++) {
        const char *key = q->key[i];
        if (key != NULL && is_event(&c->m[i]) && !event_named(q, key)) {
            size_t at = (size_t)ent_hash_key(key, strlen(key)) & q->events_mask;
            while (q->events[at] != NULL) {
                at = (at + 1) & q->events_mask;
            }
            q->events[at] = key;
        }
    }
    return 0;
}

/* The tree of the mentions that hold their spans. */
static int build_tree(struct qt *q)
{
    const struct ent_ctx *c = q->c;
    for (size_t i = 0; i < c->n; i++) {
        q->n += q->key[i] != NULL;
    }
    q->size = 1;
    while (q->size < q->n) {
        q->size *= 2;
    }
    q->items = malloc((q->n ? q->n : 1) * sizeof(*q->items));
    q->leaf = malloc(c->n * sizeof(*q->leaf));
    q->tree = calloc(2 * q->size, sizeof(*q->tree));
    if (q->items == NULL || q->leaf == NULL || q->tree == NULL) {
        return ENRICH_ERR_NOMEM;
    }
    size_t k = 0;
    for (size_t i = 0; i < c->n; i++) {
        q->leaf[i] = SIZE_MAX;
        if (q->key[i] != NULL) {
            q->items[k++] = (struct qt_item){c->m[i].seg, c->m[i].start, i};
        }
    }
    qsort(q->items, q->n, sizeof(*q->items), cmp_item);
    for (k = 0; k < q->n; k++) {
        q->leaf[q->items[k].m] = k;
        q->tree[q->size + k] = (uint64_t)c->m[q->items[k].m].end + 1;
    }
    for (size_t p = q->size - 1; p > 0; p--) {
        uint64_t l = q->tree[2 * p], r = q->tree[2 * p + 1];
        q->tree[p] = l > r ? l : r;
    }
    return 0;
}

/* The same decisions by comparing each quotation with every mention: what a short article
 * (most of them) costs least, since nothing is built. */
static void drop_by_scan(const struct ent_ctx *c, const char **key)
{
    for (size_t i = 0; i < c->n; i++) {
        const struct ent_mention *m = &c->m[i];
        if (!(m->flags & ENT_M_QUOTE)) {
            continue;
        }
        bool named = false;
        for (size_t j = 0; j < c->n && key[i] != NULL; j++) {
            const struct ent_mention *o = &c->m[j];
            if (j == i || key[j] == NULL) {
                continue;
            }
            if (o->seg == m->seg && o->start <= m->start && o->end >= m->end) {
                named = false; /* inside another mention: already counted */
                break;
            }
            if (is_event(o) && strcmp(key[j], key[i]) == 0) {
                named = true;
            }
        }
        if (!named) {
            key[i] = NULL;
        }
    }
}

/* Below this many (quotation, mention) pairs, drop_by_scan() is cheaper than the tree. */
#define SCAN_PAIRS 4096

int ent_drop_quotes(const struct ent_ctx *c, const char **key)
{
    size_t quotes = 0;
    for (size_t i = 0; i < c->n; i++) {
        quotes += (c->m[i].flags & ENT_M_QUOTE) != 0;
    }
    if (quotes == 0) {
        return 0;
    }
    if (quotes * c->n <= SCAN_PAIRS) {
        drop_by_scan(c, key);
        return 0;
    }
    struct qt q = {.c = c, .key = key};
    int rc = build_events(&q);
    /* Only a quotation that names an event may stay; when none does, all go, whatever holds
     * their spans, and no tree is needed. */
    bool naming = false;
    for (size_t i = 0; rc == 0 && i < c->n && !naming; i++) {
        naming = (c->m[i].flags & ENT_M_QUOTE) && key[i] != NULL && event_named(&q, key[i]);
    }
    if (rc == 0 && naming) {
        rc = build_tree(&q);
    }
    for (size_t i = 0; rc == 0 && i < c->n; i++) {
        if (!(c->m[i].flags & ENT_M_QUOTE)) {
            continue;
        }
        if (!naming) {
            key[i] = NULL;
            continue;
        }
        /* Its own span does not count: out of the tree while it is checked. */
        size_t at = q.leaf[i];
        if (at != SIZE_MAX) {
            tree_set(&q, at, 0);
        }
        if (key[i] != NULL && !covered(&q, i) && event_named(&q, key[i])) {
            tree_set(&q, at, (uint64_t)c->m[i].end + 1);
        } else {
            key[i] = NULL;
        }
    }
    free(q.items);
    free(q.leaf);
    free(q.tree);
    free(q.events);
    return rc;
}
